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
    node: { s: number; e: number } | null,
  ) {
    super(
      'HB140',
      `externaldata needs a local copy of ${urls.map((u) => JSON.stringify(u)).join(', ')}: huntbench never fetches URLs. ` +
        'Supply the file with --externaldata URL=PATH (CLI) or pick it in the error panel (browser).',
      node,
    );
  }
}

/**
 * Every URL of every externaldata in the query (in query order, once each) that has no copy in
 * `copies`: the first externaldata lowered without a copy stops the compile, and the error then
 * names them all, so the user supplies every file in one go.
 */
export function missingExternalDataUrls(tree: SNode, copies: Readonly<Record<string, string>>): string[] {
  const out = new Set<string>();
  const visit = (n: SNode) => {
    if (n.k === 'ExternalDataExpression') for (const u of externalDataUrls(n)) if (copies[u] === undefined) out.add(u);
    for (const c of n.ch) visit(c);
  };
  visit(tree);
  return [...out];
}

const FORMATS: Record<string, { kind: 'delimited'; delimiter: string } | { kind: 'txt' } | { kind: 'raw' } | { kind: 'json' } | { kind: 'multijson' }> = {
  csv: { kind: 'delimited', delimiter: ',' },
  tsv: { kind: 'delimited', delimiter: '\t' },
  tsve: { kind: 'delimited', delimiter: '\t' },
  scsv: { kind: 'delimited', delimiter: ';' },
  psv: { kind: 'delimited', delimiter: '|' },
  sohsv: { kind: 'delimited', delimiter: '\u0001' },
  txt: { kind: 'txt' },
  raw: { kind: 'raw' },
  json: { kind: 'json' },
  multijson: { kind: 'multijson' },
};

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
    // an unquoted value (format=csv) is a name: its token's text
    const word = (x: SNode): string | undefined => (x.k === 'Tok' ? x.text : x.ch.length ? word(x.ch[0]) : undefined);
    out.set(name.toLowerCase(), String(v.value ?? literalText(v) ?? (v.k === 'NameDeclaration' || v.k === 'NameReference' ? word(v) : undefined) ?? '').replace(/^["']|["']$/g, ''));
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
      // (a decimal numeral only: JavaScript's Number() also reads 0x10, 0b1 and 0o7, which a
      // real column of Kusto's ingestion does not)
      const x = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(v) ? Number(v) : Number.NaN;
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

/**
 * multijson (Kusto's ingestion formats page): a JSON array of property bags, or any number of property
 * bags separated by whitespace, or a mixture; a bag may span lines. Each top-level value is cut out by
 * bracket depth (strings skipped) and parsed on its own.
 */
function multiJson(body: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const bag = (v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('a top-level value is not a property bag');
    out.push(v as Record<string, unknown>);
  };
  let i = 0;
  while (i < body.length) {
    while (i < body.length && /\s/.test(body[i])) i++;
    if (i >= body.length) break;
    const start = i;
    if (body[i] !== '{' && body[i] !== '[') throw new Error(`unexpected ${JSON.stringify(body[i])} at offset ${i}`);
    let depth = 0;
    for (; i < body.length; i++) {
      const c = body[i];
      if (c === '"') {
        for (i++; i < body.length && body[i] !== '"'; i++) if (body[i] === '\\') i++;
      } else if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        depth--;
        if (depth === 0) break;
      }
    }
    if (depth !== 0) throw new Error(`a value opened at offset ${start} is never closed`);
    i++;
    const v = JSON.parse(body.slice(start, i)) as unknown;
    if (Array.isArray(v)) v.forEach(bag);
    else bag(v);
  }
  return out;
}

function records(text: string, format: string, width: number, url: string, n: SNode): string[][] | Record<string, unknown>[] {
  const f = FORMATS[format];
  if (!f) throw new LowerError('HB100', `unsupported: externaldata format ${format} (huntbench reads ${Object.keys(FORMATS).join(', ')})`, n);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // Kusto decompresses a .zip or .gz blob; huntbench reads the local copy as text, so an archive must be
  // extracted first rather than parsed as garbage.
  if (body.startsWith('PK\u0003\u0004') || /^\u001f[\u008b\ufffd]/.test(body))
    throw new LowerError('HB140', `externaldata: the local copy of ${JSON.stringify(url)} is a zip or gzip archive; supply the extracted file instead`, n);
  try {
    if (f.kind === 'multijson') return multiJson(body);
    // The ingestion formats page: txt is one record per line, empty lines skipped; raw is the whole
    // content as one string value.
    if (f.kind === 'txt' || f.kind === 'raw') {
      if (width !== 1) throw new LowerError('HB150', `externaldata format ${format}: each ${f.kind === 'txt' ? 'line' : 'file'} is one value, but the schema has ${width} columns`, n);
      if (f.kind === 'raw') return [[body]];
      return body
        .split(/\r?\n/)
        .filter((l) => l !== '')
        .map((l) => [l]);
    }
    if (f.kind === 'delimited') {
      // parseCsv treats the first line as a header; externaldata has none (ignoreFirstRecord drops it).
      const { header, rows } = parseCsv(`${body}`, f.delimiter);
      return [header, ...rows.map((r) => r.fields)].filter((r) => r.length > 0);
    }
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

/**
 * `ingestionMapping` for json/multijson (Kusto's JSON mapping page): a list of
 * {"Column": name, "Properties": {"Path": "$.a.b"}}; each schema column takes the value at its path.
 * Read here: root-anchored paths of dotted names or ['quoted'] names. Refused (HB100): Transform,
 * ConstValue, a path that is a constant, other JSONPath forms, a schema column the mapping leaves out,
 * and a mapping on a delimited or txt format.
 */
function jsonMapping(raw: string, columns: string[], n: SNode): Map<string, string[]> {
  const refuse = (why: string) => new LowerError('HB100', `unsupported: externaldata ingestionMapping ${why}`, n);
  let list: unknown;
  try {
    list = JSON.parse(raw);
  } catch {
    throw refuse('that is not a JSON list');
  }
  if (!Array.isArray(list)) throw refuse('that is not a JSON list');
  const out = new Map<string, string[]>();
  for (const e of list as { Column?: unknown; Properties?: Record<string, unknown> }[]) {
    const col = e?.Column;
    const props = e?.Properties ?? {};
    if (typeof col !== 'string' || !columns.includes(col)) throw refuse(`for a column the schema does not declare (${JSON.stringify(col)})`);
    const extra = Object.keys(props).filter((k) => k !== 'Path');
    if (extra.length) throw refuse(`property ${extra.join(', ')} (huntbench reads Path only)`);
    const path = props.Path;
    if (typeof path !== 'string' || !path.startsWith('$')) throw refuse(`without a $-path for ${col}`);
    const segs: string[] = [];
    const re = /\.([A-Za-z_][A-Za-z0-9_]*)|\[\s*'([^']*)'\s*\]/y;
    let i = 1;
    while (i < path.length) {
      re.lastIndex = i;
      const m = re.exec(path);
      if (!m) throw refuse(`path ${path} (huntbench reads $.name and $['name'] steps)`);
      segs.push(m[1] ?? m[2]);
      i = re.lastIndex;
    }
    out.set(col, segs);
  }
  const missing = columns.filter((c) => !out.has(c));
  if (missing.length) throw refuse(`that leaves out ${missing.join(', ')}`);
  return out;
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
  const mappingText = props.get('ingestionmapping');
  let mapping: Map<string, string[]> | undefined;
  if (mappingText !== undefined) {
    const kind = FORMATS[format]?.kind;
    if (kind !== 'json' && kind !== 'multijson') throw new LowerError('HB100', `unsupported: externaldata ingestionMapping with format ${format} (huntbench reads it for json and multijson)`, n);
    mapping = jsonMapping(mappingText, schema.map((c) => c.name), n);
  }
  const at = (r: Record<string, unknown>, name: string): unknown => {
    if (!mapping) return r[name];
    let v: unknown = r;
    for (const k of mapping.get(name)!) v = v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[k] : undefined;
    return v;
  };
  const rows: Expr[][] = [];
  for (const url of urls) {
    let recs = records(copies[url], format, schema.length, url, n);
    if (skipFirst) recs = recs.slice(1);
    for (const r of recs) {
      if (Array.isArray(r)) rows.push(schema.map((_c, j) => cell(r[j], tys[j].kql, tys[j])));
      else {
        rows.push(
          schema.map((c, j) => {
            const v = at(r as Record<string, unknown>, c.name);
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
