/**
 * User-loaded files → engine tables + catalog entries (`kind: 'user'`), so the compiler, the
 * completion and the schema browser know them like built-in tables.
 */
import type { CatalogColumn, CatalogTable, KqlType } from '../catalog/types.ts';

export type UploadFormat = 'csv' | 'arrow' | 'json';

export function formatOf(fileName: string): UploadFormat | null {
  const ext = fileName.toLowerCase().split('.').pop() ?? '';
  if (ext === 'csv' || ext === 'tsv' || ext === 'txt') return 'csv';
  if (['arrow', 'arrows', 'ipc', 'feather'].includes(ext)) return 'arrow';
  if (['json', 'jsonl', 'ndjson'].includes(ext)) return 'json';
  return null;
}

/** A table name derived from a file name: an identifier, not clashing with `taken` (case-insensitively, like DuckDB). */
export function tableNameFor(fileName: string, taken: Iterable<string>): string {
  let base = fileName.replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  if (!base) base = 'Upload';
  if (/^[0-9]/.test(base)) base = `T_${base}`;
  const used = new Set([...taken].map((t) => t.toLowerCase()));
  let name = base;
  for (let i = 1; used.has(name.toLowerCase()); i++) name = `${base}_${i}`;
  return name;
}

/**
 * JSON text → array of flat records: a JSON array of objects, or one object per line (JSON lines).
 * Throws with a readable message on anything else.
 */
export function parseJsonRecords(text: string): Record<string, unknown>[] {
  const trimmed = text.trim();
  if (!trimmed) throw new Error('the file is empty');
  let records: unknown[];
  if (trimmed.startsWith('[')) {
    try {
      records = JSON.parse(trimmed);
    } catch (e) {
      throw new Error(`not valid JSON (${(e as Error).message})`);
    }
  } else {
    records = [];
    const lines = trimmed.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      if (!lines[i].trim()) continue;
      try {
        records.push(JSON.parse(lines[i]));
      } catch (e) {
        throw new Error(`line ${i + 1} is not valid JSON (${(e as Error).message})`);
      }
    }
  }
  if (!records.length) throw new Error('no records found');
  records.forEach((r, i) => {
    if (!r || typeof r !== 'object' || Array.isArray(r)) throw new Error(`record ${i + 1} is not a JSON object`);
  });
  // nested values become JSON text: Arrow inference of nested mixed shapes is unreliable
  return (records as Record<string, unknown>[]).map((r) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) out[k] = v !== null && typeof v === 'object' ? JSON.stringify(v) : v;
    return out;
  });
}

export interface DuckColumnType {
  name: string;
  type: string;
}

/**
 * DuckDB column type → Kusto type, plus the SQL cast that normalises storage where the compiler's
 * conventions need it (plain TIMESTAMP, VARCHAR guids, BIGINT-free small ints are fine).
 */
export function kqlTypeOfDuck(duckType: string): { type: KqlType; cast?: string; duckType?: string } {
  const t = duckType.toUpperCase();
  if (t === 'VARCHAR' || t.startsWith('VARCHAR(')) return { type: 'string' };
  if (['BIGINT', 'HUGEINT', 'UBIGINT', 'UINTEGER'].includes(t)) return { type: 'long', cast: t === 'BIGINT' ? undefined : 'BIGINT' };
  if (['INTEGER', 'SMALLINT', 'TINYINT', 'USMALLINT', 'UTINYINT'].includes(t)) return { type: 'int', cast: t === 'INTEGER' ? undefined : 'INTEGER' };
  if (t === 'DOUBLE' || t === 'FLOAT' || t.startsWith('DECIMAL')) return { type: 'real', cast: t === 'DOUBLE' ? undefined : 'DOUBLE' };
  if (t === 'BOOLEAN') return { type: 'bool' };
  if (t === 'TIMESTAMP') return { type: 'datetime' };
  if (t.startsWith('TIMESTAMP') || t === 'DATE') return { type: 'datetime', cast: 'TIMESTAMP' };
  if (t === 'UUID') return { type: 'guid', cast: 'VARCHAR' };
  if (t.endsWith('[]') || t.startsWith('STRUCT') || t.startsWith('MAP')) return { type: 'dynamic', duckType };
  return { type: 'string', cast: 'VARCHAR' };
}

export function userCatalogTable(name: string, cols: DuckColumnType[], rowCount: number, fileName: string): CatalogTable {
  const columns: CatalogColumn[] = cols.map((c) => {
    const k = kqlTypeOfDuck(c.type);
    const col: CatalogColumn = { name: c.name, type: k.type };
    if (k.duckType) col.duckType = k.duckType;
    return col;
  });
  return {
    name,
    kind: 'user',
    description: `Loaded from ${fileName}`,
    columns,
    rowCount,
    sampleQuery: `${name}\n| take 100`,
  };
}
