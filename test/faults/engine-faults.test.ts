/**
 * Reproductions from issue 15, on the real engine and the real command: a query that breaks the
 * WebAssembly engine, a runaway pack test and a pathological compile each cost that one query; the
 * next one is answered by a fresh engine. Slow (each starts engines): `npm run test:faults`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.ts';
import { serializePack } from '../../src/packs/validate.ts';
import { minimalPack } from '../packs/helpers.ts';

async function cli(argv: string[]) {
  let out = '';
  let err = '';
  const code = await run(argv, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hb-faults-'));
const jsonl = (name: string, lines: { id: string; kql: string }[]) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n'));
  return file;
};

describe('--batch survives a broken engine', () => {
  it('strrep of 50 MB per row breaks the engine ("memory access out of bounds" afterwards); the next line is answered', async () => {
    const file = jsonl('crash.jsonl', [
      { id: 'crash', kql: "range x from 1 to 30 step 1 | extend s = strrep(strrep(strrep('a', 1000), 1000), 50)" },
      { id: 'after', kql: 'print 1 + 1' },
      { id: 'again', kql: 'print x = "still here"' },
    ]);
    const r = await cli(['query', '--no-dataset', '--batch', file, '--timeout-ms', '120000']);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(['crash', 'after', 'again']);
    expect(lines[0].ok).toBe(false);
    expect(lines[1]).toEqual({ id: 'after', ok: true, result: { columns: [{ name: 'print_0', type: 'long' }], rows: [[2]] } });
    expect(lines[2]).toMatchObject({ ok: true, result: { rows: [['still here']] } });
    // the user is told once
    expect(r.err.match(/the engine failed/g)).toHaveLength(1);
  });

  it('a 600 MB strrep stops at the time limit and costs only its own line', async () => {
    const file = jsonl('huge.jsonl', [
      { id: 'huge', kql: "print s = strrep(strrep(strrep('a', 1000), 1000), 600) | project n = strlen(s), s" },
      { id: 'after', kql: 'print 1 + 1' },
    ]);
    const r = await cli(['query', '--no-dataset', '--batch', file, '--timeout-ms', '15000']);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(['huge', 'after']);
    expect(lines[0].ok).toBe(false);
    expect(lines[1]).toMatchObject({ ok: true, result: { rows: [[2]] } });
  });
});

describe('pack test', () => {
  it('a runaway query stops at --timeout-ms, and the next pack runs on a fresh engine', async () => {
    const runaway = minimalPack();
    runaway.id = 'runaway.pack';
    runaway.queries[0].body = 'range x from 1 to 1000000000000 step 1 | count';
    runaway.queries[0].parameters = [];
    fs.writeFileSync(path.join(dir, 'a-runaway.json'), serializePack(runaway));
    fs.writeFileSync(path.join(dir, 'b-good.json'), serializePack(minimalPack()));
    const t0 = Date.now();
    const r = await cli(['pack', 'test', path.join(dir, 'a-runaway.json'), path.join(dir, 'b-good.json'), '--timeout-ms', '3000']);
    // before: no time limit at all (the range runs for hours)
    expect(Date.now() - t0).toBeLessThan(180_000);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/ERROR q1 .*\n.*HB902.*timed out after 3000 ms/);
    expect(r.err).toMatch(/the engine failed \(query timed out after 3000 ms\); the next query runs on a fresh engine/);
    expect(r.out).toMatch(/total: 2 pack\(s\), 2 queries, 2 tests: 1 passed, 0 failed, 1 errors/);
  });
});

describe('compile', () => {
  it('a megabyte of nested expression stops at the time limit with HB902', async () => {
    const file = path.join(dir, 'big.kql');
    fs.writeFileSync(file, `print x = ${'1+'.repeat(500_000)}1`);
    const t0 = Date.now();
    const r = await cli(['compile', '--no-dataset', '--timeout-ms', '4000', '--file', file]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error HB902 at 1:1: compilation stopped after the 4000 ms time limit/);
    expect(Date.now() - t0).toBeLessThan(30_000);
    const ok = await cli(['compile', '--no-dataset', 'print 1 + 1']);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/SELECT/);
  });
});
