import { Field, makeData, RecordBatch, Schema, Struct, Table, tableToIPC, type Vector } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { dynamicVector, dynamicVectorViaBuilders, type Shape } from '../../src/lab/arrow.ts';
import { stableArgsort } from '../../src/lab/builder.ts';
import { lab } from '../../src/lab/scenarios/lab.ts';

function ipc(v: Vector): Uint8Array {
  const fields = [new Field('x', v.type, true)];
  const schema = new Schema(fields);
  const data = makeData({ type: new Struct(fields), length: v.length, nullCount: 0, children: [v.data[0]] });
  return tableToIPC(new Table(schema, [new RecordBatch(schema, data)]), 'stream');
}

describe('direct nested (dynamic) encoding', () => {
  it('writes the same IPC bytes as the Arrow builders for every dynamic column of the lab', () => {
    const g = lab.generate({ scale: 2 });
    let checked = 0;
    for (const d of g.defs) {
      for (const c of d.columns) {
        if (c.type !== 'dynamic') continue;
        const vals = g.sinks[d.name].column(c.name);
        expect(Buffer.from(ipc(dynamicVector(vals, c.shape))).equals(Buffer.from(ipc(dynamicVectorViaBuilders(vals, c.shape)))), `${d.name}.${c.name}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('matches the builders on nulls at every level, empty lists, datetimes, and 100+ rows', () => {
    const shape: Shape = { list: { struct: [['a', 'string'], ['b', 'bool'], ['t', 'datetime'], ['n', 'long'], ['r', 'real'], ['i', 'int'], ['s', { struct: [['x', 'string']] }], ['l', { list: 'string' }]] } };
    const vals: unknown[] = [];
    for (let k = 0; k < 150; k++) {
      if (k % 7 === 0) vals.push(null);
      else if (k % 11 === 0) vals.push([]);
      else vals.push([{ a: `v${k}`, b: k % 2 === 0, t: 1715644800123456 + k, n: k * 1e9, r: k / 3, i: k, s: k % 3 ? { x: 'é' } : null, l: k % 5 ? ['p', null] : null }, k % 4 ? null : { a: null }]);
    }
    expect(Buffer.from(ipc(dynamicVector(vals, shape))).equals(Buffer.from(ipc(dynamicVectorViaBuilders(vals, shape))))).toBe(true);
  });
});

describe('stableArgsort', () => {
  it('orders like a stable comparator sort, -Infinity first, ties by index', () => {
    for (const n of [0, 1, 7, 5000]) {
      const k = new Float64Array(n);
      for (let i = 0; i < n; i++) k[i] = i % 17 === 0 ? -Infinity : 1.7e15 + ((i * 7919) % 1000) / (i % 3 ? 1 : 7);
      const ref = Uint32Array.from({ length: n }, (_, i) => i).sort((x, y) => k[x] - k[y] || x - y);
      expect([...stableArgsort(k)]).toEqual([...ref]);
    }
  });
});
