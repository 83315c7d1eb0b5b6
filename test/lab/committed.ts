/**
 * The committed datasets (datasets/<name>, Arrow IPC + catalog.json) read for tests that check the
 * generated rows themselves: each table decoded once per test file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import type { Catalog } from '../../src/catalog/types.ts';

export type Row = Record<string, unknown>;

const ROOT = path.resolve(import.meta.dirname, '../../datasets');
const catalogs = new Map<string, Catalog>();
const tables = new Map<string, Row[]>();

/** A committed dataset's catalog. */
export function committedCatalog(dataset: string): Catalog {
  let c = catalogs.get(dataset);
  if (!c) {
    c = JSON.parse(fs.readFileSync(path.join(ROOT, dataset, 'catalog.json'), 'utf8')) as Catalog;
    catalogs.set(dataset, c);
  }
  return c;
}

/** A committed dataset's table as plain rows (Arrow values: times as epoch numbers, longs as bigint). */
export function committedRows(dataset: string, table: string): Row[] {
  const key = `${dataset}/${table}`;
  let rows = tables.get(key);
  if (!rows) {
    const t = committedCatalog(dataset).tables.find((x) => x.name === table);
    if (!t?.file) throw new Error(`no table ${table} in ${dataset}`);
    rows = tableFromIPC(fs.readFileSync(path.join(ROOT, dataset, t.file)))
      .toArray()
      .map((r) => r.toJSON() as Row);
    tables.set(key, rows);
  }
  return rows;
}

/**
 * A table doc's "- Table: `Col` type, `Col` type …" lines (docs/tables/<doc>.md), table name to
 * its documented (column, type) pairs: the tests check the catalog against them.
 */
export function documentedColumns(doc: string): Map<string, [string, string][]> {
  const md = fs.readFileSync(path.resolve(import.meta.dirname, '../../docs/tables', `${doc}.md`), 'utf8');
  const out = new Map<string, [string, string][]>();
  for (const m of md.matchAll(/^- (\w+): (`[\s\S]*?)(?=\n- |\n\n)/gm)) {
    out.set(m[1], [...m[2].matchAll(/`(\w+)`\s+(\w+)/g)].map((x) => [x[1], x[2]]));
  }
  return out;
}
