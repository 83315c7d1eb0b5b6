/**
 * bin/oracle-metamorphic.mjs as a tool: the expected result is rewritten with the query, and its
 * output is itself a valid case file, so rewrites compose (a rewrite of a rewrite) except on cases
 * that already hold the `__mm` names of an earlier rewrite.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = path.resolve(import.meta.dirname, '../../bin/oracle-metamorphic.mjs');
const run = (cases: string, out: string, only: string) => execFileSync(process.execPath, [BIN, cases, '--out', out, '--only', only], { encoding: 'utf8' });
const read = (file: string) =>
  fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));

describe('oracle-metamorphic.mjs', () => {
  it('composes: a written case file rewritten again keeps the derived answer', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hb-mm-'));
    const base = {
      id: 'b1',
      kql: 'datatable(k:long, s:string)[ 1,"a", 2,"b", 2,"b" ]',
      expect: { columns: [{ name: 'k', type: 'long' }, { name: 's', type: 'string' }], rows: [[1, 'a'], [2, 'b'], [2, 'b']] },
      ordered: false,
    };
    fs.writeFileSync(path.join(dir, 'cases.jsonl'), `${JSON.stringify(base)}\n`);
    run(path.join(dir, 'cases.jsonl'), path.join(dir, 'one'), 'distinct-all,extend-away');
    run(path.join(dir, 'one', 'distinct-all.jsonl'), path.join(dir, 'two'), 'count');
    const [twice] = read(path.join(dir, 'two', 'count.jsonl'));
    expect(twice.id).toBe('b1~distinct-all~count');
    expect(twice.kql).toBe(`${base.kql}\n| distinct *\n| count`);
    // distinct leaves two rows, so the count of the rewrite of the rewrite is 2, not the base's 3
    expect(twice.expect.rows).toEqual([[2]]);
    // extend-away's output names __mm: rewriting it again is left out (no file lines)
    run(path.join(dir, 'one', 'extend-away.jsonl'), path.join(dir, 'three'), 'count');
    expect(read(path.join(dir, 'three', 'count.jsonl'))).toEqual([]);
    fs.rmSync(dir, { recursive: true });
  });
});
