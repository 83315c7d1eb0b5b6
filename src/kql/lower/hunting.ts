/**
 * Functions that Defender XDR advanced hunting and Sentinel provide next to the Kusto language:
 * `ingestion_time()` and `invoke FileProfile(idColumn, limit)`. The parser learns their
 * signatures from `parse/hunting-symbols.ts`.
 */
import type { Col, Expr, Rel, Ty } from '../ir/types.ts';
import type { SNode } from '../parse/index.ts';
import { type Ctx, LowerError, MissingWatchlist } from './context.ts';
import { fn, lowerExpr } from './expr.ts';
import { callArgs } from './functions.ts';
import { colRef, emptyScope, findCol, type RowScope } from './scope.ts';
import { str } from '../sql/quote.ts';
import { lit, nullOf, scalar } from './values.ts';

/**
 * `ingestion_time()`: the lab records no arrival time apart from the event's own time, so the
 * ingestion time of a dataset table's row is its TimeGenerated (Timestamp). The function's page
 * says it must be used in the context of a table and gives null otherwise: over a datatable,
 * print or range, and after summarize, it is null. A union of tables keeps each row's own table
 * time. Where the row's table time cannot be followed (through a join, mv-expand, a union with a
 * datatable …, or once the time column is projected away or replaced),
 * which row's ingestion time Kusto gives is not documented here: HB100.
 */
export function ingestionTime(out: Ty, row: RowScope, node: SNode): Expr {
  if (!row.rel) return nullOf(out);
  const t = tableTime(row.rel);
  if (t === 'none') return nullOf(out);
  if (t === 'unknown' || !row.cols.some((c) => c.id === t.id))
    throw new LowerError('HB100', 'unsupported: ingestion_time() where the row no longer reads as one dataset table row with its TimeGenerated/Timestamp (after a join, union, mv-expand or similar, or with the time column projected away or replaced)', node);
  return colRef(t);
}

/** The column holding the table row time a relation's rows carry, 'none' where they come from no
 * table (datatable, print, range, summarize), 'unknown' where it cannot be followed. */
function tableTime(rel: Rel): Col | 'none' | 'unknown' {
  switch (rel.op) {
    case 'table': {
      const c = findCol(rel.cols, 'TimeGenerated') ?? findCol(rel.cols, 'Timestamp');
      return c && c.ty.kql === 'datetime' ? c : 'unknown';
    }
    case 'values':
    case 'range':
    case 'aggregate':
      return 'none';
    case 'where':
    case 'limit':
    case 'sort':
    case 'shared': {
      const t = tableTime(rel.input);
      return t === 'none' || (t !== 'unknown' && rel.cols.some((c) => c.id === t.id)) ? t : 'unknown';
    }
    case 'select': {
      const t = tableTime(rel.input);
      if (t === 'none' || t === 'unknown') return t;
      return rel.items.find((i) => i.e.k === 'col' && i.e.id === t.id)?.col ?? 'unknown';
    }
    case 'union': {
      // each row keeps its own table's time when every input is a table row whose time lands in
      // the same output column (`union T1, T2 | where ingestion_time() > ago(1d)`)
      let at = -1;
      for (const p of rel.inputs) {
        const t = tableTime(p.rel);
        if (t === 'none' || t === 'unknown') return 'unknown';
        const k = p.items.findIndex((i) => i.e.k === 'col' && i.e.id === t.id);
        if (k < 0 || (at >= 0 && k !== at)) return 'unknown';
        at = k;
      }
      return rel.cols[at] ?? 'unknown';
    }
    default:
      return 'unknown';
  }
}

/** The columns FileProfile() adds (Defender advanced-hunting reference), taken from FileProfiles. */
export const FILE_PROFILE_COLUMNS: [string, string][] = [
  ['SHA1', 'string'],
  ['SHA256', 'string'],
  ['MD5', 'string'],
  ['FileSize', 'long'],
  ['GlobalPrevalence', 'long'],
  ['GlobalFirstSeen', 'datetime'],
  ['GlobalLastSeen', 'datetime'],
  ['Signer', 'string'],
  ['Issuer', 'string'],
  ['SignerHash', 'string'],
  ['IsCertificateValid', 'bool'],
  ['IsRootSignerMicrosoft', 'bool'],
  ['SignatureState', 'string'],
  ['IsExecutable', 'bool'],
  ['ThreatName', 'string'],
  ['Publisher', 'string'],
  ['SoftwareName', 'string'],
  ['ProfileAvailability', 'string'],
];

/** The id columns FileProfile() accepts, and the FileProfiles column each one matches. */
const ID_COLUMNS: Record<string, string> = {
  SHA1: 'SHA1',
  SHA256: 'SHA256',
  InitiatingProcessSHA1: 'SHA1',
  InitiatingProcessSHA256: 'SHA256',
};

/**
 * `T | invoke FileProfile([idColumn [, limit]])`: T's rows with the file's global profile
 * looked up (left outer) in the dataset's FileProfiles table. `limit` (1-1000, default 100) caps
 * how many files Defender enriches; a larger limit counts as 1000 (see below). An input with more
 * rows than the limit is refused while it runs, so every row that answers is enriched.
 */
export function fileProfile(call: SNode, args: SNode[], op: SNode, input: Rel, cx: Ctx, tableRel: (name: string, n: SNode, cx: Ctx) => Rel): Rel {
  if (!cx.catalog?.tables.some((t) => t.name === 'FileProfiles'))
    throw new LowerError('HB141', 'FileProfile() needs the dataset table FileProfiles, which this dataset lacks', call);
  let idName = 'SHA1';
  const a0 = args[0];
  if (a0) {
    if (a0.k === 'NameReference') idName = a0.ch.map((c) => c.text ?? '').join('') || a0.ch[0]?.ch.map((c) => c.text ?? '').join('');
    else {
      const v = lowerExpr(a0, emptyScope, cx);
      const m = v.k === 'lit' ? /^'(.*)'$/.exec(v.sql) : null;
      if (!m) throw new LowerError('HB100', 'unsupported: FileProfile() with a computed id column', a0);
      idName = m[1];
    }
  }
  const keyIn = findCol(input.cols, idName);
  const keyProfile = ID_COLUMNS[idName];
  if (!keyProfile) throw new LowerError('HB100', `unsupported: FileProfile(${idName}): the id column is one of ${Object.keys(ID_COLUMNS).join(', ')}`, a0 ?? call);
  if (!keyIn) throw new LowerError('HB102', `FileProfile(): the input has no column '${idName}'`, a0 ?? call);
  const a1 = args[1];
  let limit = 100;
  if (a1) {
    const v = lowerExpr(a1, emptyScope, cx);
    const lim = v.k === 'lit' ? Number(/-?\d+(?:\.\d+)?(?:e[+-]?\d+)?/i.exec(v.sql)?.[0]) : Number.NaN;
    if (!(lim >= 1 && Number.isInteger(lim))) throw new LowerError('HB100', 'unsupported: FileProfile() limit must be a whole constant of at least 1', a1);
    // The page gives the limit's range as 1 to 1,000, yet published detections pass 10000 and run
    // in Defender. Whether Defender then clamps to 1,000 or takes the value as given is not
    // documented; both readings enrich every row of an input of at most 1,000 rows, so such a
    // limit is taken and the input is held to 1,000 rows (HB162 beyond, while it runs).
    limit = Math.min(lim, 1000);
  }
  // FileProfile() reports FileSize as long; the lab's FileProfiles stores int.
  const stored = tableRel('FileProfiles', call, cx);
  const rightItems = stored.cols.map((c) => {
    const want = c.name === 'FileSize' ? scalar('long') : c.ty;
    return { col: cx.col(c.name, want), e: want === c.ty ? colRef(c) : ({ k: 'cast', e: colRef(c), to: 'BIGINT', try: true, ty: want } as Expr) };
  });
  const profiles: Rel = { op: 'select', input: stored, items: rightItems, cols: rightItems.map((i) => i.col) };
  // The limit is "the number of records to enrich" (default 100): with more input rows than that,
  // which rows Defender leaves without a profile is not documented, so the query is refused while
  // it runs (HB162) rather than every row enriched.
  const L = scalar('long');
  const n = cx.col('FileProfile_rows', L);
  const inputRows: Expr = { k: 'scalar', rel: { op: 'aggregate', input, keys: [], aggs: [{ col: n, e: { k: 'agg', fn: 'count', args: [], ty: L } }], cols: [n] }, ty: L };
  const over = `HB162: unsupported: FileProfile() over more than ${limit} rows: only ${limit} records are enriched and which ones is not documented; reduce the rows first (distinct SHA1, summarize) or raise the limit (up to 1000)`;
  const B = scalar('bool');
  const guard: Expr = { k: 'case', whens: [[fn('$gt', [inputRows, lit(String(limit), L)], B), fn('hb_refuse', [lit(str(over), scalar('string'))], B)]], else: lit('true', B), ty: B };
  const right: Rel = { op: 'where', input: profiles, pred: guard, cols: profiles.cols };
  const rk = findCol(right.cols, keyProfile)!;
  const added = new Set(FILE_PROFILE_COLUMNS.map(([c]) => c));
  // The hashes come from the profile only where the input lacks them (keyed by SHA256, SHA1 is added).
  const hashes = new Set(['SHA1', 'SHA256', 'MD5', 'FileSize']);
  const items = (op.cols ?? []).map((c) => {
    if (added.has(c.name) && !(hashes.has(c.name) && findCol(input.cols, c.name))) {
      const r = findCol(right.cols, c.name);
      if (!r) throw new LowerError('HB102', `FileProfiles has no column ${c.name}`, call);
      return { col: cx.col(c.name, r.ty), side: 'right' as const, from: r.id };
    }
    const l = findCol(input.cols, c.name);
    if (!l) throw new LowerError('HB151', `FileProfile(): cannot place column ${c.name}`, call);
    return { col: cx.col(c.name, l.ty), side: 'left' as const, from: l.id };
  });
  return { op: 'join', kind: 'leftouter', left: input, right, on: [[colRef(keyIn), colRef(rk)]], items, cols: items.map((i) => i.col) };
}

/**
 * Sentinel's `_GetWatchlist('alias')`: the dataset table that holds that watchlist as the function
 * returns it (catalog `watchlist`). The alias must be a constant, as the analyzer needs it to know
 * the columns.
 */
export function getWatchlist(call: SNode, cx: Ctx, tableRel: (name: string, n: SNode, cx: Ctx) => Rel): Rel {
  const args = callArgs(call);
  const a0 = args[0];
  if (args.length !== 1 || a0?.k !== 'LiteralExpression' || typeof a0.value !== 'string')
    throw new LowerError('HB100', 'unsupported: _GetWatchlist() needs the watchlist alias as a string constant', a0 ?? call);
  const lists = (cx.catalog?.tables ?? []).filter((t) => t.watchlist);
  const t = lists.find((x) => x.watchlist!.alias === a0.value);
  if (!t) throw new MissingWatchlist(a0.value, lists.map((x) => x.watchlist!.alias), a0);
  return tableRel(t.name, call, cx);
}
