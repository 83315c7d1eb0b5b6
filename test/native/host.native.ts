/**
 * Host functions (kql/host: inflate, H3) on both engines: the first pass (distinct argument keys,
 * their text made by the engine's own casts) and the per-row lookup must give the same rows on
 * DuckDB-WASM and on native DuckDB. The queries mix column and constant arguments, nulls, NaN and
 * nested host calls.
 *
 *   npm run test:native
 */
import { deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNativeEngine } from '../../src/engine/native.ts';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import { firstColumnText, type JsonValue, tableToKusto } from '../../src/engine/values.ts';
import { compileWithProbes } from '../../src/kql/index.ts';

const NOW = '2024-05-20T00:00:00Z';
let wasm: Engine;
let native: Engine;
beforeAll(async () => {
  [wasm, native] = await Promise.all([createNodeEngine(), createNativeEngine()]);
});
afterAll(async () => {
  await Promise.all([wasm?.close(), native?.close()]);
});

async function run(engine: Engine, kql: string): Promise<JsonValue[][]> {
  const r = await compileWithProbes(kql, { catalog: null, now: NOW }, async (sql) => firstColumnText(await engine.query(sql)));
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.message}`).join('; '));
  return tableToKusto(await engine.query(r.sql!), r.columns!).rows;
}

const texts = ['', 'Test string 123', 'ü€ multi-byte', 'x'.repeat(5000)];
const b64 = texts.flatMap((t) => [deflateSync(t).toString('base64'), gzipSync(t).toString('base64')]);

const QUERIES = [
  `datatable(i:long, b:string)[${b64.map((b, i) => `${i}, "${b}"`).join(', ')}, 99, "x0x0x0"]
   | extend z = zlib_decompress_from_base64_string(b), g = gzip_decompress_from_base64_string(b) | order by i asc`,
  `range i from 0 to 400 step 1
   | extend lng = -180.0 + i * 0.9, lat = -89.5 + i * 0.4475, r = i % 17
   | extend c = geo_point_to_h3cell(lng, lat, r), c6 = geo_point_to_h3cell(lng, lat)
   | extend p = geo_h3cell_to_central_point(c6), lvl = geo_h3cell_level(c6)
   | order by i asc`,
  `datatable(x:real, y:real)[real(null), 1.0, real(nan), 2.0, 1.5, 2.5, 179.0, 45.0, -10.0, -60.0]
   | extend c = geo_point_to_h3cell(x, y, 7) | extend n = geo_h3cell_neighbors(c), k = geo_h3cell_rings(c, 2), q = geo_h3cell_to_polygon(c)`,
];

describe('host functions give the same rows on DuckDB-WASM and native DuckDB', () => {
  it.each(QUERIES.map((q, i) => [i, q] as const))('query %i', async (_i, kql) => {
    const [a, b] = await Promise.all([run(wasm, kql), run(native, kql)]);
    expect(a.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
  });
});
