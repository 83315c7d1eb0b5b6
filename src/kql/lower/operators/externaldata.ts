/**
 * `externaldata (schema) [urls] with (format=…, ignoreFirstRecord=…)`, offline: huntbench never
 * fetches anything. The user supplies a local copy of each URL (CLI `--externaldata URL=PATH`,
 * the browser's file picker); the copies arrive as text in `cx.externalData` and become rows here,
 * parsed as the query's format says and typed by the query's schema. Without a copy the query
 * is HB140 naming every missing URL.
 */
import { parseCsv } from '../../../catalog/user-files.ts';
import type { Expr } from '../../ir/types.ts';
import type { SNode } from '../../parse/index.ts';
import { str } from '../../sql/quote.ts';
import { LowerError } from '../context.ts';
import { tyOfSCol } from '../tabular.ts';
import { lit, normaliseDatetime, nullOf, numSql, parseTimespan, timestampSql } from '../values.ts';
import { kids, type OperatorLowerer } from './common.ts';

/** Rows one externaldata may bring (each becomes a SQL literal row). */
export const EXTERNALDATA_MAX_ROWS = 200_000;

export class MissingExternalData extends LowerError {
  constructor(
    readonly urls: string[],
    node: SNode,
  ) {
    super(
      'HB140',
      `externaldata needs a local copy of ${urls.map((u) => JSON.stringify(u)).join(', ')}: huntbench never fetches URLs. ` +
        'Supply the file with --externaldata URL=PATH (CLI) or pick it in the error panel (browser).',
      node,
    );
  }
}

const FORMATS: Record<string, { kind: 'delimited'; delimiter: string } | { kind: 'txt' } | { kind: 'json' } | { kind: 'multijson' }> = {
  csv: { kind: 'delimited', delimiter: ',' },
  tsv: { kind: 'delimited', delimiter: '\t' },
  tsve: { kind: 'delimited', delimiter: '\t' },
  scsv: { kind: 'delimited', delimiter: ';' },
  psv: { kind: 'delimited', delimiter: '|' },
  sohsv: { kind: 'delimited', delimiter: '\u0001' },
  txt: { kind: 'txt' },
  raw: { kind: 'txt' },
  json: { kind: 'json' },
  // multijson: line breaks carry no meaning; records are JSON objects (or arrays of them) one after
  // another, each read to the end of a valid JSON value (Azure Data Explorer's JSON-ingestion page),
  // so a pretty-printed object spanning many lines is one record.
  multijson: { kind: 'multijson' },
};

/** The end (exclusive) of the JSON object or array starting at `at`, or -1 when it never closes. */
function jsonValueEnd(text: string, at: number): number {
  let depth = 0;
  let inString = false;
  for (let i = at; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** The records of a multijson text: objects and arrays of objects, separated by whitespace only. */
function multiJsonRecords(text: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const isBag = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  let i = 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (i >= text.length) return out;
    if (text[i] !== '{' && text[i] !== '[') throw new Error(`a record must start with { or [ (found ${JSON.stringify(text[i])} at offset ${i})`);
    const end = jsonValueEnd(text, i);
    if (end < 0) throw new Error(`the JSON value at offset ${i} never closes`);
    const v: unknown = JSON.parse(text.slice(i, end));
    for (const r of Array.isArray(v) ? v : [v]) {
      if (!isBag(r)) throw new Error('an array element is not a JSON object');
      out.push(r);
    }
    i = end;
  }
}

function literalText(n: SNode): string | undefined {
  if (typeof n.value === 'string') return n.value;
  const tok = n.ch.find((c) => c.k === 'Tok')?.text;
  return tok;
}

/** The URLs, in query order (string literals, `h@'…'` obfuscated ones included). */
export function externalDataUrls(n: SNode): string[] {
  const lists = kids(n).filter((c) => c.k === 'List');
  const urls = lists.flatMap((l) => kids(l).filter((c) => c.k === 'LiteralExpression'));
  return urls.map((u) => String(u.value ?? literalText(u) ?? ''));
}

function withProperties(n: SNode): Map<string, string> {
  const out = new Map<string, string>();
  const w = n.ch.find((c) => c.k === 'ExternalDataWithClause');
  if (!w) return out;
  for (const p of w.ch.find((c) => c.k === 'List')?.ch ?? []) {
    if (p.k !== 'NamedParameter') continue;
    const name = p.ch[0]?.ch[0]?.ch[0]?.text ?? '';
    const v = p.ch.at(-1)!;
    out.set(name.toLowerCase(), String(v.value ?? literalText(v) ?? '').replace(/^["']|["']$/g, ''));
  }
  return out;
}

/** One text field → a typed SQL literal (what Kusto's ingestion makes of it: unparsable → null). */
function cell(raw: string | undefined, kql: string, ty: ReturnType<typeof tyOfSCol>): Expr {
  if (raw === undefined) return kql === 'string' ? lit("''", ty) : nullOf(ty);
  const v = raw.trim();
  switch (kql) {
    case 'string':
      return lit(str(raw), ty);
    case 'guid':
      return v ? lit(str(v.toLowerCase()), ty) : nullOf(ty);
    case 'long':
    case 'int':
      return /^[+-]?\d{1,18}$/.test(v) ? lit(`CAST(${BigInt(v)} AS ${kql === 'int' ? 'INTEGER' : 'BIGINT'})`, ty) : nullOf(ty);
    case 'real':
    case 'decimal': {
      const x = v === '' ? Number.NaN : Number(v);
      return Number.isFinite(x) || /^[+-]?(inf|infinity|nan)$/i.test(v) ? lit(numSql(Number.isFinite(x) ? x : Number(v.replace(/inf$/i, 'Infinity'))), ty) : nullOf(ty);
    }
    case 'bool': {
      const b = v.toLowerCase();
      return b === 'true' || b === '1' ? lit('true', ty) : b === 'false' || b === '0' ? lit('false', ty) : nullOf(ty);
    }
    case 'datetime': {
      const d = v ? normaliseDatetime(v) : null;
      return d ? lit(timestampSql(d), ty) : nullOf(ty);
    }
    case 'timespan': {
      const t = v ? parseTimespan(v) : null;
      return typeof t === 'number' ? lit(`CAST(${Math.round(t)} AS BIGINT)`, ty) : nullOf(ty);
    }
    case 'dynamic': {
      let j: unknown = raw;
      try {
        j = JSON.parse(raw);
      } catch {
        // not JSON: the value is the string itself
      }
      return lit(str(JSON.stringify(j)), { kql: 'dynamic', shape: { k: 'json' } });
    }
  }
  return nullOf(ty);
}

function records(text: string, format: string, width: number, url: string, n: SNode): string[][] | Record<string, unknown>[] {
  const f = FORMATS[format];
  if (!f) throw new LowerError('HB100', `unsupported: externaldata format ${format} (huntbench reads ${Object.keys(FORMATS).join(', ')})`, n);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    if (f.kind === 'txt') {
      if (width !== 1) throw new LowerError('HB150', `externaldata format ${format}: each line is one value, but the schema has ${width} columns`, n);
      const lines = body.split(/\r?\n/);
      if (lines.at(-1) === '') lines.pop();
      return lines.map((l) => [l]);
    }
    if (f.kind === 'delimited') {
      // parseCsv treats the first line as a header; externaldata has none (ignoreFirstRecord drops it).
      const { header, rows } = parseCsv(`${body}`, f.delimiter);
      return [header, ...rows.map((r) => r.fields)].filter((r) => r.length > 0);
    }
    if (f.kind === 'multijson') return multiJsonRecords(body);
    const trimmed = body.trim();
    if (!trimmed) return [];
    if (trimmed.startsWith('[')) return JSON.parse(trimmed) as Record<string, unknown>[];
    return trimmed
      .split(/\r?\n/)
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  } catch (e) {
    if (e instanceof LowerError) throw e;
    throw new LowerError('HB140', `externaldata: the local copy of ${JSON.stringify(url)} is not valid ${format}: ${(e as Error).message}`, n);
  }
}

export const externaldata: OperatorLowerer = (n, _input, cx) => {
  const urls = externalDataUrls(n);
  const copies = cx.externalData;
  const missing = urls.filter((u) => copies[u] === undefined);
  if (missing.length) throw new MissingExternalData(missing, n);
  const props = withProperties(n);
  const format = (props.get('format') ?? 'csv').toLowerCase();
  const skipFirst = (props.get('ignorefirstrecord') ?? 'false').toLowerCase() === 'true';
  const schema = n.cols ?? [];
  const tys = schema.map((c) => tyOfSCol(c, n));
  const cols = schema.map((c, j) => cx.col(c.name, tys[j].kql === 'dynamic' ? { kql: 'dynamic', shape: { k: 'json' } } : tys[j]));
  const rows: Expr[][] = [];
  for (const url of urls) {
    let recs = records(copies[url], format, schema.length, url, n);
    if (skipFirst) recs = recs.slice(1);
    for (const r of recs) {
      if (Array.isArray(r)) rows.push(schema.map((_c, j) => cell(r[j], tys[j].kql, tys[j])));
      else {
        rows.push(
          schema.map((c, j) => {
            const v = (r as Record<string, unknown>)[c.name];
            if (v === undefined || v === null) return cell(undefined, tys[j].kql, tys[j]);
            return cell(typeof v === 'string' && tys[j].kql !== 'dynamic' ? v : JSON.stringify(v), tys[j].kql, tys[j]);
          }),
        );
      }
      if (rows.length > EXTERNALDATA_MAX_ROWS)
        throw new LowerError('HB140', `externaldata: the local copies hold more than ${EXTERNALDATA_MAX_ROWS} records; load a file that large as a table instead`, n);
    }
  }
  return { op: 'values', cols, rows };
};
