/**
 * A KQL runner over the committed lab dataset: the compiler + the Node DuckDB-WASM engine, exactly
 * the path the browser takes (compile → SQL → engine → Kusto JSON values).
 */
import path from 'node:path';
import type { Catalog, CatalogTable } from '../../src/catalog/types.ts';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import { tableToKusto } from '../../src/engine/values.ts';
import type { DevicePage } from '../../src/investigate/device.ts';
import type { KqlRunner } from '../../src/investigate/kql.ts';
import { compile } from '../../src/kql/index.ts';
import { loadDatasetDir } from '../../src/lab/index.ts';

const DIR = path.resolve(import.meta.dirname, '../../datasets/lab');

export interface Lab {
  run: KqlRunner;
  engine: Engine;
  catalog: Catalog;
  /** Every query text run so far (to check the views really go through KQL). */
  log: string[];
}

export async function openLab(): Promise<Lab> {
  const ds = await loadDatasetDir(DIR);
  const engine = await createNodeEngine();
  for (const [name, bytes] of ds.files) await engine.loadArrow(name, bytes);
  await engine.lockDown();
  const log: string[] = [];
  return { run: runnerFor(engine, ds.catalog, log), engine, catalog: ds.catalog, log };
}

/**
 * A runner that compiles against `catalog` (the lab's, or the lab's plus a side table derived in
 * the engine) at the catalog's now, runs on `engine` and records each query text in `log`.
 */
export function runnerFor(engine: Engine, catalog: Catalog, log: string[]): KqlRunner {
  return async (kql) => {
    log.push(kql);
    const res = compile(kql, { catalog, now: catalog.now });
    if (!res.ok || !res.sql) {
      const d = res.diagnostics.find((x) => x.severity === 'error');
      throw new Error(`${d?.code}: ${d?.message}\n${kql}`);
    }
    return tableToKusto(await engine.query(res.sql), res.columns ?? []);
  };
}

/**
 * Derives a side table in the lab's engine, as the generator's writer does: the first SELECT
 * creates it, the others append in order (openLab's lock-down still allows this over loaded
 * tables). Returns the lab's catalog listing it (`entry` gets its row count) and a runner over it.
 */
export async function withSideTable(
  lab: Lab,
  name: string,
  selects: string[],
  entry: (rows: number) => CatalogTable,
  log: string[],
): Promise<{ catalog: Catalog; run: KqlRunner }> {
  const [first, ...more] = selects;
  await lab.engine.query(`CREATE TABLE "${name}" AS ${first}`);
  for (const part of more) await lab.engine.query(`INSERT INTO "${name}" ${part}`);
  const n = Number((await lab.engine.query(`SELECT count(*)::BIGINT AS n FROM "${name}"`)).get(0)!.n);
  const catalog = { ...lab.catalog, tables: [...lab.catalog.tables, entry(n)] };
  return { catalog, run: runnerFor(lab.engine, catalog, log) };
}

/** A device page's data and its cards' KQL (not the details function), to compare two pages. */
export function devicePageData(p: DevicePage) {
  const { details, ...rest } = p;
  return rest;
}
