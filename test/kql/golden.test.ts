/**
 * Golden SQL: each representative hunting query in golden/*.kql compiles to exactly the SQL in
 * golden/<name>.sql. An intended change of the generated SQL is accepted with `vitest run -u`
 * (then review and commit the .sql diffs); in CI (CI=true) a missing or changed snapshot fails.
 * Each golden query also runs on DuckDB-WASM over an empty table of the catalog's types, so that
 * every result column's DuckDB type is checked against the analyzer's Kusto type.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import { tableToKusto } from '../../src/engine/values.ts';
import { type Catalog, compile } from '../../src/kql/index.ts';
import { NOW } from './helpers.ts';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'golden');

const CATALOG: Catalog = {
  dataset: 'golden',
  now: NOW,
  tables: [
    {
      name: 'DeviceProcessEvents',
      kind: 'advanced-hunting',
      columns: [
        { name: 'Timestamp', type: 'datetime' },
        { name: 'DeviceName', type: 'string' },
        { name: 'FileName', type: 'string' },
        { name: 'ProcessCommandLine', type: 'string' },
        { name: 'InitiatingProcessFileName', type: 'string' },
        { name: 'AdditionalFields', type: 'dynamic', duckType: 'STRUCT("Foo" VARCHAR)' },
      ],
    },
    {
      // the lab's geo-IP table, which geo_info_from_ip_address() reads (lab/geoip.ts)
      name: 'GeoIpLocations',
      kind: 'side',
      columns: [
        { name: 'Network', type: 'string' },
        { name: 'Country', type: 'string' },
        { name: 'State', type: 'string' },
        { name: 'City', type: 'string' },
        { name: 'Latitude', type: 'real' },
        { name: 'Longitude', type: 'real' },
      ],
    },
  ],
};

const queries = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith('.kql'))
  .sort()
  .map((f) => f.slice(0, -4));

const DUCK: Record<string, string> = { datetime: 'TIMESTAMP', string: 'VARCHAR', real: 'DOUBLE' };

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
  for (const t of CATALOG.tables) {
    const cols = t.columns.map((c) => `"${c.name}" ${c.duckType ?? DUCK[c.type]}`);
    await engine.query(`CREATE TABLE "${t.name}" (${cols.join(', ')})`);
  }
});
afterAll(async () => {
  await engine?.close();
});

describe('golden SQL', () => {
  it('has queries', () => {
    expect(queries.length).toBeGreaterThanOrEqual(15);
  });
  it.each(queries)('%s', async (name) => {
    const kql = fs.readFileSync(path.join(DIR, `${name}.kql`), 'utf8');
    const r = compile(kql, { catalog: CATALOG, now: NOW });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.ok).toBe(true);
    await expect(`${r.sql}\n`).toMatchFileSnapshot(`golden/${name}.sql`);
    // Runs, and every column comes back in the DuckDB type of its Kusto type (tableToKusto checks).
    const result = tableToKusto(await engine.query(r.sql!), r.columns!);
    expect(result.columns.map((c) => c.name)).toEqual(r.columns!.map((c) => c.name));
  });
});
