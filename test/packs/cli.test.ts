/** `huntbench pack test|validate`: arguments, reports and exit codes. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/cli/args.ts';
import { run } from '../../src/cli/main.ts';
import { serializePack } from '../../src/packs/validate.ts';
import { minimalPack } from './helpers.ts';

async function cli(argv: string[]) {
  let out = '';
  let err = '';
  const code = await run(argv, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

describe('pack arguments', () => {
  it('parses subcommands and many paths, and keeps the other commands strict', () => {
    expect(parseArgs(['pack', 'test', 'a.json', 'b/', '--verbose'])).toMatchObject({ command: 'pack', packCommand: 'test', paths: ['a.json', 'b/'], verbose: true });
    expect(() => parseArgs(['pack'])).toThrow(/pack needs test or validate/);
    expect(() => parseArgs(['pack', 'run', 'x'])).toThrow(/unknown pack command 'run'/);
    expect(() => parseArgs(['pack', 'test'])).toThrow(/needs at least one PATH/);
    expect(() => parseArgs(['pack', 'test', 'x', '--format', 'csv'])).toThrow(/does not apply to 'pack'/);
    expect(() => parseArgs(['query', 'a', 'b'])).toThrow(/too many arguments/);
  });
});

describe('pack commands', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hb-pack-'));
  const good = minimalPack();
  const bad = minimalPack();
  bad.id = 'bad.pack';
  bad.queries[0].tests = [
    { name: 'wrong count', expect: { rowCount: 2 } },
    { name: 'other device is empty', parameters: { device: 'nope' }, expect: { empty: true } },
  ];
  fs.writeFileSync(path.join(dir, 'good.json'), serializePack(good));
  fs.writeFileSync(path.join(dir, 'bad.json'), serializePack(bad));
  fs.writeFileSync(path.join(dir, 'broken.yaml'), 'name: x\nquery: |\n  DeviceInfo | where NoSuchColumn == 1\n');

  it('test: exit 0 when every test passes', async () => {
    const r = await cli(['pack', 'test', path.join(dir, 'good.json')]);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/1 queries, 1 tests: 1 passed, 0 failed/);
    expect(r.code).toBe(0);
  });

  it('test: exit 1 and a per-query report on failure; --json writes the report', async () => {
    const json = path.join(dir, 'report.json');
    const r = await cli(['pack', 'test', path.join(dir, 'bad.json'), '--json', json]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/FAIL {2}q1 \(2 tests/);
    expect(r.out).toMatch(/✗ wrong count: expected 2 rows, got 1/);
    const rep = JSON.parse(fs.readFileSync(json, 'utf8'));
    expect(rep.ok).toBe(false);
    expect(rep.files[0].queries[0].tests.map((t: any) => t.status)).toEqual(['fail', 'pass']);
  });

  it('validate: compiles bodies against the catalog and checks tables', async () => {
    const r = await cli(['pack', 'validate', path.join(dir, 'broken.yaml'), path.join(dir, 'good.json')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/broken\.yaml:.*queries\[0\]\.body: x: KS\d+ at body 1:\d+: .*NoSuchColumn/);
    expect(r.err).toMatch(/good\.json:.*warning: queries\[0\]\.requiredTables: the body uses DeviceInfo but requiredTables does not list it/);
  });

  it('a missing path is a usage error', async () => {
    expect((await cli(['pack', 'test', path.join(dir, 'nope.json')])).code).toBe(2);
  });
});
