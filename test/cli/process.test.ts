/** The command as a process: exit codes and the batch contract (a few spawns only). */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWorkerRunner } from '../../src/cli/pool.ts';
import { compilerIsStub } from './helpers.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/huntbench.mjs');

function hb(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 60_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as any).code ?? -1) : 0, stdout, stderr });
    });
  });
}

describe('huntbench process', () => {
  it('usage errors exit 2 with the usage text', async () => {
    const r = await hb(['query', '--format', 'xml', 'print 1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('usage:');
    expect(r.stdout).toBe('');
  });

  it('a query error exits 1 with "error CODE at LINE:COL: message"', async () => {
    const r = await hb(['query', '--no-dataset', 'print 1 +']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error (KS|HB)\d+ at \d+:\d+: \S/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('batch: one line per input, a failing line does not stop the batch', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hb-batch-'));
    const file = path.join(dir, 'in.jsonl');
    fs.writeFileSync(file, ['{"id":"good","kql":"print x = 1"}', '{"id":"bad","kql":"print 1 +"}', 'not json', '', '{"id":"good2","kql":"print y = \\"s\\""}'].join('\n'));
    const r = await hb(['query', '--no-dataset', '--now', '2024-05-20T00:00:00Z', '--format', 'json', '--batch', file]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(['good', 'bad', 'line-3', 'good2']);
    expect(lines[1]).toMatchObject({ ok: false, error: { code: expect.any(String), message: expect.any(String) } });
    expect(lines[2]).toMatchObject({ ok: false, error: { code: 'HB905' } });
    if (!compilerIsStub) {
      expect(lines[0]).toEqual({ id: 'good', ok: true, result: { columns: [{ name: 'x', type: 'long' }], rows: [[1]] } });
      expect(lines[3]).toMatchObject({ ok: true, result: { rows: [['s']] } });
    }
  });

  it('batch: a UTF-8 byte order mark before the first line is not part of it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hb-batch-'));
    const file = path.join(dir, 'bom.jsonl');
    fs.writeFileSync(file, `\uFEFF${['{"id":"first","kql":"print x = 1"}', '{"id":"second","kql":"print y = 2"}'].join('\r\n')}`);
    const r = await hb(['query', '--no-dataset', '--now', '2024-05-20T00:00:00Z', '--format', 'json', '--batch', file]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.id, l.ok])).toEqual([['first', true], ['second', true]]);
  });

  it.skipIf(compilerIsStub)('a good query exits 0 and prints the JSON result', async () => {
    const r = await hb(['query', '--no-dataset', '--format', 'csv', 'print x = 1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('x\r\n1\r\n');
  });
});

describe('worker runner', () => {
  it('a query over its time limit fails with HB902 and the next query gets a fresh engine', async () => {
    const runner = await createWorkerRunner({ dataset: { kind: 'none' } });
    try {
      const slow = await runner.run('print 1', undefined, 1);
      expect(slow).toMatchObject({ ok: false, error: { code: 'HB902' } });
      const next = await runner.run('print x = 1');
      if (!next.ok) expect(next.error.code).not.toBe('HB902');
    } finally {
      await runner.close();
    }
  });

  it.skipIf(compilerIsStub)('an ordinary SQL error keeps the engine; a too-deep value is an error of its query alone', async () => {
    const log: string[] = [];
    const runner = await createWorkerRunner({ dataset: { kind: 'none' }, log: (m) => log.push(m) });
    try {
      // an error raised by the SQL (a per-row refusal; range() with more than 2^20 values no longer
      // fails, it is truncated as documented)
      const sqlError = await runner.run('print range(1, 10, 0)');
      expect(sqlError).toMatchObject({ ok: false, error: { code: 'HB162' } });
      // parse_json of 3,000 nested brackets once overflowed the stack and stopped the batch
      const deep = await runner.run("range x from 1 to 1 step 1 | extend d = parse_json(strcat(strrep(strrep('[', 1000), 3), strrep(strrep(']', 1000), 3)))");
      expect(deep).toMatchObject({ ok: false, error: { code: 'HB906', message: expect.stringMatching(/nested deeper than/) } });
      const shallow = await runner.run("range x from 1 to 1 step 1 | extend d = parse_json(strcat(strrep('[', 100), strrep(']', 100)))");
      expect(shallow.ok).toBe(true);
      expect(await runner.run('print 1 + 1')).toMatchObject({ ok: true, result: { rows: [[2]] } });
      expect(runner.starts).toBe(1);
      expect(log.filter((l) => /engine failed/.test(l))).toEqual([]);
    } finally {
      await runner.close();
    }
  });
});
