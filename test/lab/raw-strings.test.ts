import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataType } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { newActor, RAW_AFTER, TableSink } from '../../src/lab/builder.ts';
import { generateLab, writeDataset, writeLab } from '../../src/lab/index.ts';
import type { TableDef } from '../../src/lab/schema.ts';

const def: TableDef = {
  name: 'T',
  kind: 'advanced-hunting',
  description: '',
  ref: '',
  sampleQuery: '',
  columns: [
    { name: 'Timestamp', type: 'datetime', shape: 'datetime', description: '' },
    { name: 'Key', type: 'string', shape: 'string', description: '' },
    { name: 'Few', type: 'string', shape: 'string', description: '' },
  ],
};

describe('mostly-unique string columns (raw UTF-8 storage)', () => {
  it('switches to plain Utf8 past RAW_AFTER distinct values, keeping values, sort order, actor fallback and non-ASCII text', () => {
    const sink = new TableSink(def);
    const actor = newActor({ Key: 'from-actor-é' });
    const n = RAW_AFTER + 5000;
    for (let i = 0; i < n; i++) {
      const t = n - i; // reverse time order, so sorting moves every row
      if (i % 97 === 0) sink.add({ Timestamp: t, Few: 'x' }, actor);
      else if (i % 101 === 0) sink.add({ Timestamp: t, Key: null, Few: 'y' });
      else sink.add({ Timestamp: t, Key: `k-${i}-ü€`, Few: i % 2 ? 'a' : 'b' });
    }
    sink.sortBy('Timestamp');
    expect(sink.get(0, 'Key')).toBe(`k-${n - 1}-ü€`);
    const t = sink.toArrow();
    const key = t.getChild('Key')!;
    expect(DataType.isDictionary(key.type)).toBe(false);
    expect(DataType.isDictionary(t.getChild('Few')!.type)).toBe(true);
    for (const j of [0, 1, 500, n - 1]) {
      const i = n - 1 - j;
      const want = i % 97 === 0 ? 'from-actor-é' : i % 101 === 0 ? '' : `k-${i}-ü€`;
      expect(key.get(j)).toBe(want);
    }
    expect(sink.valueCounts('Few')).toMatchObject({ a: expect.any(Number), x: expect.any(Number) });
  });

  it('writeLab (table by table) writes the same bytes as writeDataset(generateLab())', async () => {
    const a = await mkdtemp(path.join(tmpdir(), 'lab-a-'));
    const b = await mkdtemp(path.join(tmpdir(), 'lab-b-'));
    try {
      await writeDataset(a, generateLab({ scale: 0.3, seed: 7 }));
      await writeLab(b, { scale: 0.3, seed: 7, format: 'arrow' });
      const files = (await readdir(a)).sort();
      expect((await readdir(b)).sort()).toEqual(files);
      for (const f of files) expect(Buffer.compare(await readFile(path.join(a, f)), await readFile(path.join(b, f))), f).toBe(0);
    } finally {
      await rm(a, { recursive: true, force: true });
      await rm(b, { recursive: true, force: true });
    }
  });
});
