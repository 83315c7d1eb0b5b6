import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateLab, generateScenario, loadDatasetDir, writeDataset } from '../../src/lab/index.ts';
import { SCENARIOS } from '../../src/lab/scenarios/index.ts';

const COMMITTED = path.resolve(import.meta.dirname, '../../datasets/lab');

async function hashes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of (await readdir(dir)).sort()) {
    if (!f.endsWith('.arrow') && f !== 'catalog.json' && f !== 'questions.json') continue;
    out[f] = createHash('sha256').update(await readFile(path.join(dir, f))).digest('hex');
  }
  return out;
}

describe('lab determinism', () => {
  it('regenerating the default dataset gives byte-identical files to the committed datasets/lab', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'lab-'));
    try {
      await writeDataset(dir, generateLab({}));
      expect(await hashes(dir)).toEqual(await hashes(COMMITTED));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  for (const s of SCENARIOS.filter((x) => x.id !== 'lab')) {
    it(`regenerating ${s.id} gives byte-identical files to the committed datasets/${s.id}`, async () => {
      const dir = await mkdtemp(path.join(tmpdir(), `${s.id}-`));
      try {
        await writeDataset(dir, generateScenario(s, {}));
        expect(await hashes(dir)).toEqual(await hashes(path.resolve(COMMITTED, '..', s.id)));
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  }

  it('a different seed changes the background but not the scenario', () => {
    const a = generateLab({ seed: 1 });
    const b = generateLab({ seed: 2 });
    const rows = (r: ReturnType<typeof generateLab>, t: string) => r.tables.get(t)!.numRows;
    expect(rows(a, 'DeviceNetworkEvents')).not.toBe(rows(b, 'DeviceNetworkEvents'));
    const alerts = (r: ReturnType<typeof generateLab>) =>
      r.tables
        .get('AlertInfo')!
        .toArray()
        .map((x) => x.AlertId)
        .filter((id: string) => id.startsWith('da6385127'));
    expect(alerts(a)).toEqual(alerts(b));
  });

  it('loadDatasetDir validates and names the bad file', async () => {
    const { catalog, files } = await loadDatasetDir(COMMITTED);
    expect(files.size).toBe(catalog.tables.length);
    expect(catalog.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(catalog.now).toBe('2024-05-17T00:30:00Z');
    const dir = await mkdtemp(path.join(tmpdir(), 'lab-bad-'));
    try {
      const small = generateLab({ scale: 0.3 });
      await writeDataset(dir, small);
      const { writeFile } = await import('node:fs/promises');
      await writeFile(path.join(dir, 'AlertInfo.arrow'), new Uint8Array([1, 2, 3, 4]));
      await expect(loadDatasetDir(dir)).rejects.toThrow(/AlertInfo\.arrow/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
