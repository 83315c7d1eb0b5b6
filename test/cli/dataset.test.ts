/** `--dataset PATH`: a directory with catalog.json and Arrow files is loaded and locked down. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { DatasetError, resolveDataset } from '../../src/cli/datasets.ts';
import { createLocalRunner } from '../../src/cli/runner.ts';
import { compilerIsStub } from './helpers.ts';

function makeDataset(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hb-ds-'));
  const t = tableFromArrays({ Name: ['a', 'b', 'c'], N: new Float64Array([1, 2, 3]) });
  fs.writeFileSync(path.join(dir, 'T.arrow'), tableToIPC(t, 'file'));
  fs.writeFileSync(
    path.join(dir, 'catalog.json'),
    JSON.stringify({
      dataset: 'tiny',
      now: '2024-05-20T00:00:00Z',
      tables: [{ name: 'T', kind: 'user', file: 'T.arrow', columns: [{ name: 'Name', type: 'string' }, { name: 'N', type: 'real' }] }],
    }),
  );
  return dir;
}

describe('datasets', () => {
  it('resolves names and paths; unknown names are "not found"', () => {
    expect(resolveDataset(undefined, true)).toEqual({ kind: 'none' });
    const dir = makeDataset();
    expect(resolveDataset(dir, false)).toMatchObject({ kind: 'dir', dir });
    try {
      resolveDataset('no-such-dataset-xyz', false);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DatasetError);
      expect((e as DatasetError).notFound).toBe(true);
    }
  });

  it('loads the tables, then no SQL can reach the file system', async () => {
    const dir = makeDataset();
    const runner = await createLocalRunner({ dataset: resolveDataset(dir, false) });
    try {
      expect(runner.catalog?.dataset).toBe('tiny');
      const t = await runner.engine.query('SELECT count(*)::INTEGER AS n FROM "T"');
      expect(t.getChildAt(0)?.get(0)).toBe(3);
      await expect(runner.engine.query(`SELECT * FROM read_csv('${path.join(dir, 'catalog.json')}')`)).rejects.toThrow(/disabled|Permission/i);
      if (!compilerIsStub) {
        const o = await runner.run('T | where N > 1 | project Name | order by Name asc');
        expect(o).toMatchObject({ ok: true, result: { columns: [{ name: 'Name', type: 'string' }], rows: [['b'], ['c']] } });
      }
    } finally {
      await runner.close();
    }
  });
});
