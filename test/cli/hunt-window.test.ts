/**
 * `--from ISO --to ISO`: the hunt's time range that Sentinel's {{StartTimeISO}} / {{EndTimeISO}}
 * stand for, on query, compile and conformance; without them the 30 days before now.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../../src/cli/args.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/huntbench.mjs');

function hb(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 60_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as any).code ?? -1) : 0, stdout, stderr });
    });
  });
}

const WINDOW = "print s = todatetime('{{StartTimeISO}}'), e = todatetime('{{EndTimeISO}}')";

describe('--from / --to', () => {
  it('are parsed together on query, compile and conformance, as UTC', () => {
    expect(parseArgs(['query', '--from', '2024-05-16T00:30:00Z', '--to=2024-05-17T00:30:00Z', 'print 1']).hunt).toEqual({ from: '2024-05-16T00:30:00Z', to: '2024-05-17T00:30:00Z' });
    // an offset is turned into UTC; a time without a zone is UTC, as --now's
    expect(parseArgs(['compile', '--from', '2024-05-16T02:30:00+02:00', '--to', '2024-05-17 00:30', 'print 1']).hunt).toEqual({ from: '2024-05-16T00:30:00Z', to: '2024-05-17T00:30:00Z' });
    expect(parseArgs(['conformance', '--from', '2024-05-16', '--to', '2024-05-17', 'dir']).hunt).toEqual({ from: '2024-05-16T00:00:00Z', to: '2024-05-17T00:00:00Z' });
    expect(parseArgs(['query', 'print 1']).hunt).toBeUndefined();
  });

  it.each([
    [['query', '--from', '2024-05-16T00:00:00Z', 'print 1'], /go together/],
    [['query', '--to', '2024-05-16T00:00:00Z', 'print 1'], /go together/],
    [['query', '--from', '2024-05-17T00:00:00Z', '--to', '2024-05-16T00:00:00Z', 'print 1'], /after --to/],
    [['query', '--from', 'yesterday', '--to', '2024-05-16T00:00:00Z', 'print 1'], /ISO-8601/],
    [['generate', '--dataset', 'lab', '--out', 'x', '--from', '2024-05-16', '--to', '2024-05-17'], /--from/],
  ])('usage error: %j', (argv, msg) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(msg);
  });

  it('query fills the placeholders from them, else from the 30 days before now', async () => {
    const given = await hb(['query', '--no-dataset', '--now', '2024-05-20T00:00:00Z', '--from', '2024-05-19T00:00:00Z', '--to', '2024-05-20T00:00:00Z', WINDOW]);
    expect(given.code).toBe(0);
    expect(JSON.parse(given.stdout).rows).toEqual([['2024-05-19T00:00:00Z', '2024-05-20T00:00:00Z']]);
    const dflt = await hb(['query', '--no-dataset', '--now', '2024-05-20T00:00:00Z', WINDOW]);
    expect(dflt.code).toBe(0);
    expect(JSON.parse(dflt.stdout).rows).toEqual([['2024-04-20T00:00:00Z', '2024-05-20T00:00:00Z']]);
  });

  it('compile: the SQL holds the window; an unknown placeholder is HB143 at its line and column', async () => {
    const ok = await hb(['compile', '--no-dataset', '--now', '2024-05-20T00:00:00Z', '--from', '2024-05-19T00:00:00Z', '--to', '2024-05-20T00:00:00Z', WINDOW]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("'2024-05-19T00:00:00Z'");
    expect(ok.stdout).not.toContain('{{');
    const bad = await hb(['compile', '--no-dataset', "print s = todatetime('{{StartTimeISO}}'),\n  t = '{{TimeRange}}'"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error HB143 at 2:8: unknown template placeholder \{\{TimeRange\}\}/);
  });
});
