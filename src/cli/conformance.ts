/**
 * `huntbench conformance`: runs KQL cases and compares the results with expected ones, with the
 * same rules as the project's Kusto oracle harness (shared/tools/oracle-run.mjs): names exactly,
 * types modulo Kusto's aliases and `a|b` alternatives, rows as a multiset unless `ordered` (ties on
 * `order_keys` as a multiset), cells by the expected type (longs exactly, reals within 1e-9
 * relative, datetimes/timespans to the microsecond, guids case-insensitively, dynamic by deep
 * equality).
 *
 * Input: a `.jsonl` file of `{id, kql, expect?, expect_error?, ordered?, order_keys?, approximate?,
 * unordered_arrays?, nondeterministic?, family?}`, or a directory of `NAME.kql` files, each with an
 * optional `NAME.json` holding either a result `{columns, rows}` (plus the same optional flags) or
 * `{"expect_error": true}`. A `.kql` file without expectations passes when it runs without error.
 */
import fs from 'node:fs';
import path from 'node:path';
import { stringifyExact } from '../kql/json-exact.ts';
import type { JsonValue, KustoResult } from '../engine/values.ts';
import type { Io } from './main.ts';
import type { QueryOutcome, QueryRunner } from './runner.ts';

export interface ConformanceCase {
  id: string;
  kql: string;
  expect?: KustoResult | { columns: { name: string; type: string }[]; rows: JsonValue[][] };
  expect_error?: boolean;
  ordered?: boolean;
  order_keys?: string[];
  approximate?: boolean;
  unordered_arrays?: boolean;
  nondeterministic?: boolean;
  family?: string;
}

export interface CaseResult {
  id: string;
  family: string;
  status: 'pass' | 'fail' | 'skip';
  reason: string | null;
  ms: number;
  /** Rows the query returned (when it ran). */
  rows?: number;
}

// ------------------------------------------------------------------------------ loading

export function loadCases(target: string): { cases: ConformanceCase[]; problems: string[] } {
  const problems: string[] = [];
  const cases: ConformanceCase[] = [];
  if (fs.statSync(target).isDirectory()) {
    for (const f of fs.readdirSync(target).filter((x) => x.endsWith('.kql')).sort()) {
      const base = f.slice(0, -4);
      const c: ConformanceCase = { id: base, kql: fs.readFileSync(path.join(target, f), 'utf8'), family: path.basename(target) };
      const side = path.join(target, `${base}.json`);
      if (fs.existsSync(side)) {
        try {
          const j = JSON.parse(fs.readFileSync(side, 'utf8'));
          if (j.expect_error) c.expect_error = true;
          else if (Array.isArray(j.columns) && Array.isArray(j.rows)) c.expect = { columns: j.columns, rows: j.rows };
          else if (j.expect) c.expect = j.expect;
          for (const k of ['ordered', 'order_keys', 'approximate', 'unordered_arrays', 'nondeterministic', 'family'] as const) {
            if (j[k] !== undefined) (c as any)[k] = j[k];
          }
        } catch (e) {
          problems.push(`${side}: ${(e as Error).message}`);
          continue;
        }
      }
      cases.push(c);
    }
    return { cases, problems };
  }
  fs.readFileSync(target, 'utf8')
    .split(/\r?\n/)
    .forEach((line, i) => {
      if (!line.trim()) return;
      try {
        const c = JSON.parse(line);
        if (!c || typeof c.kql !== 'string' || (typeof c.id !== 'string' && typeof c.id !== 'number')) throw new Error('needs id and kql');
        if (c.expect && !(Array.isArray(c.expect.columns) && Array.isArray(c.expect.rows))) throw new Error('expect needs columns and rows');
        cases.push({ ...c, id: String(c.id) });
      } catch (e) {
        problems.push(`${target}:${i + 1}: ${(e as Error).message}`);
      }
    });
  return { cases, problems };
}

// ------------------------------------------------------------------------------ comparison

const REL = 1e-9;
const ABS = 1e-12;
const ALIASES: Record<string, string> = {
  double: 'real', float: 'real', boolean: 'bool', date: 'datetime', time: 'timespan',
  uniqueid: 'guid', uuid: 'guid', int64: 'long', int32: 'int',
};
const normType = (t: unknown) => {
  const s = String(t ?? '').trim().toLowerCase();
  return ALIASES[s] ?? s;
};

type Kind = 'int' | 'num' | 'bool' | 'string' | 'guid' | 'datetime' | 'timespan' | 'dynamic' | 'other';
function kindOf(expected: string): Kind {
  const t = normType(expected.split('|')[0]);
  if (t === 'long' || t === 'int') return 'int';
  if (t === 'real' || t === 'decimal') return 'num';
  return (['bool', 'string', 'guid', 'datetime', 'timespan', 'dynamic'].includes(t) ? t : 'other') as Kind;
}

function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return undefined;
  const s = v.trim().toLowerCase();
  if (s === 'nan' || s === '-nan') return NaN;
  if (s === 'infinity' || s === '+infinity' || s === 'inf') return Infinity;
  if (s === '-infinity' || s === '-inf') return -Infinity;
  return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s) ? Number(s) : undefined;
}

function numClose(a: number, b: number, rel: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= Math.max(rel * Math.max(Math.abs(a), Math.abs(b)), ABS);
}

function toBig(v: unknown): bigint | undefined {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  if (typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v)) return BigInt(v.trim());
  return undefined;
}

const DT_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/;
/** Datetime text → 100 ns ticks since the epoch. */
export function dateTicks(v: unknown): bigint | undefined {
  if (typeof v !== 'string') return undefined;
  const m = DT_RE.exec(v.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s = '0', frac = '', tz] = m;
  const dt = new Date(0);
  dt.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  dt.setUTCHours(Number(h), Number(mi), Number(s), 0);
  let ms = dt.getTime();
  if (Number.isNaN(ms)) return undefined;
  if (tz && tz !== 'Z') {
    const sign = tz[0] === '-' ? -1 : 1;
    const digits = tz.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60000;
  }
  return BigInt(ms) * 10000n + BigInt(`${frac}0000000`.slice(0, 7));
}

const TS_RE = /^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?$/;
/** Kusto timespan text → 100 ns ticks. */
export function spanTicks(v: unknown): bigint | undefined {
  if (typeof v !== 'string') return undefined;
  const m = TS_RE.exec(v.trim());
  if (!m) return undefined;
  const [, neg, d = '0', h, mi, s, frac = ''] = m;
  const t = (((BigInt(d) * 24n + BigInt(h)) * 60n + BigInt(mi)) * 60n + BigInt(s)) * 10_000_000n + BigInt(`${frac}0000000`.slice(0, 7));
  return neg ? -t : t;
}

const absBig = (x: bigint) => (x < 0n ? -x : x);

export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return v === undefined ? 'undefined' : stringifyExact(v);
}

interface CmpOpts {
  rel: number;
  approx: boolean;
  approxRel: number;
  unorderedArrays: boolean;
}

function deepEqual(e: unknown, a: unknown, o: CmpOpts): boolean {
  if (e == null || a == null) return (e ?? null) === (a ?? null);
  if (typeof e === 'number' || typeof a === 'number') return typeof e === 'number' && typeof a === 'number' && numClose(e, a, o.approx ? o.approxRel : o.rel);
  if (typeof e !== typeof a) return false;
  if (typeof e !== 'object') return e === a;
  if (Array.isArray(e) !== Array.isArray(a)) return false;
  if (Array.isArray(e)) {
    const arr = a as unknown[];
    if (e.length !== arr.length) return false;
    if (!o.unorderedArrays) return e.every((x, i) => deepEqual(x, arr[i], o));
    return multisetMatch(e, arr, (x, y) => deepEqual(x, y, o), canonical).ok;
  }
  const eo = e as Record<string, unknown>;
  const ao = a as Record<string, unknown>;
  const ek = Object.keys(eo);
  if (ek.length !== Object.keys(ao).length) return false;
  return ek.every((k) => Object.hasOwn(ao, k) && deepEqual(eo[k], ao[k], o));
}

export function cellEqual(kind: Kind, e: unknown, a: unknown, o: CmpOpts): boolean {
  if (e == null || a == null) return (e ?? null) === (a ?? null);
  switch (kind) {
    case 'int': {
      if (o.approx) {
        const x = toNumber(e);
        const y = toNumber(a);
        return x !== undefined && y !== undefined && numClose(x, y, o.approxRel);
      }
      const x = toBig(e);
      const y = toBig(a);
      if (x !== undefined && y !== undefined) return x === y;
      const xn = toNumber(e);
      const yn = toNumber(a);
      return xn !== undefined && yn !== undefined && Number.isInteger(yn) && xn === yn;
    }
    case 'num': {
      const x = toNumber(e);
      const y = toNumber(a);
      return x !== undefined && y !== undefined && numClose(x, y, o.approx ? o.approxRel : o.rel);
    }
    case 'bool':
      return typeof a === 'boolean' && a === e;
    case 'string':
      return typeof a === 'string' && a === e;
    case 'guid':
      return typeof a === 'string' && a.toLowerCase() === String(e).toLowerCase();
    case 'datetime': {
      const x = dateTicks(e);
      const y = dateTicks(a);
      return x !== undefined && y !== undefined && absBig(x - y) < 10n;
    }
    case 'timespan': {
      const x = spanTicks(e);
      const y = spanTicks(a);
      return x !== undefined && y !== undefined && absBig(x - y) < 10n;
    }
    case 'dynamic':
      return deepEqual(e, a, o);
    default:
      return canonical(e) === canonical(a);
  }
}

/** Pairs expected with actual items: exact canonical hits first, then a tolerant search. */
function multisetMatch<T>(exp: T[], act: T[], eq: (x: T, y: T) => boolean, keyOf: (x: T) => string): { ok: boolean; missing?: number } {
  if (exp.length !== act.length) return { ok: false, missing: 0 };
  const used = new Uint8Array(act.length);
  const buckets = new Map<string, number[]>();
  act.forEach((r, i) => {
    const k = keyOf(r);
    const b = buckets.get(k);
    if (b) b.push(i);
    else buckets.set(k, [i]);
  });
  const left: number[] = [];
  exp.forEach((r, ei) => {
    const hit = (buckets.get(keyOf(r)) ?? []).find((i) => !used[i] && eq(r, act[i]));
    if (hit === undefined) left.push(ei);
    else used[hit] = 1;
  });
  for (const ei of left) {
    let hit = -1;
    for (let i = 0; i < act.length; i++) {
      if (!used[i] && eq(exp[ei], act[i])) {
        hit = i;
        break;
      }
    }
    if (hit < 0) return { ok: false, missing: ei };
    used[hit] = 1;
  }
  return { ok: true };
}

const short = (v: unknown, n = 100) => {
  const s = v === undefined ? String(v) : stringifyExact(v);
  return s.length > n ? `${s.slice(0, n - 3)}...` : s;
};

/** Why `actual` differs from the case's expectation; null when it matches. */
export function compareResult(c: ConformanceCase, actual: KustoResult, approxRel = 0.05): string | null {
  const exp = c.expect!;
  const eNames = exp.columns.map((x) => x.name);
  const aNames = actual.columns.map((x) => x.name);
  if (eNames.length !== aNames.length) return `column count: expected ${short(eNames)} got ${short(aNames)}`;
  if (eNames.some((n, i) => n !== aNames[i])) return `column names: expected ${short(eNames)} got ${short(aNames)}`;
  for (let i = 0; i < exp.columns.length; i++) {
    const allowed = String(exp.columns[i].type).split('|').map(normType);
    const got = normType(actual.columns[i].type);
    if (!allowed.includes(got)) return `column type ${eNames[i]}: expected ${exp.columns[i].type} got ${got}`;
  }
  if (exp.rows.length !== actual.rows.length) return `row count: expected ${exp.rows.length} got ${actual.rows.length}`;
  const kinds = exp.columns.map((x) => kindOf(String(x.type)));
  const o: CmpOpts = { rel: REL, approx: !!c.approximate, approxRel, unorderedArrays: !!c.unordered_arrays };
  const rowEq = (e: JsonValue[], a: JsonValue[]) => e.every((v, i) => cellEqual(kinds[i], v, a[i], o));
  const firstDiff = (e: JsonValue[], a: JsonValue[]) => {
    const i = e.findIndex((v, j) => !cellEqual(kinds[j], v, a[j], o));
    return i < 0 ? '' : `col ${eNames[i]}: expected ${short(e[i], 60)} got ${short(a[i], 60)}`;
  };
  const setCheck = (e: JsonValue[][], a: JsonValue[][], offset: number) => {
    const m = multisetMatch(e, a, rowEq, canonical);
    return m.ok ? null : `row ${offset + (m.missing ?? 0)} ${short(e[m.missing ?? 0], 80)} not found`;
  };
  if (!c.ordered) return setCheck(exp.rows, actual.rows, 0);
  const keyIdx = (c.order_keys ?? []).map((k) => eNames.indexOf(k)).filter((i) => i >= 0);
  for (let i = 0; i < exp.rows.length; ) {
    let j = i + 1;
    if (keyIdx.length) {
      while (j < exp.rows.length && keyIdx.every((k) => cellEqual(kinds[k], exp.rows[i][k], exp.rows[j][k], o))) j++;
    }
    if (j - i === 1) {
      if (!rowEq(exp.rows[i], actual.rows[i])) return `row ${i}: ${firstDiff(exp.rows[i], actual.rows[i])}`;
    } else {
      const r = setCheck(exp.rows.slice(i, j), actual.rows.slice(i, j), i);
      if (r) return `rows ${i}-${j - 1} (tied on order keys): ${r}`;
    }
    i = j;
  }
  return null;
}

/** Judges one outcome against its case. */
export function judge(c: ConformanceCase, outcome: QueryOutcome): string | null {
  if (c.expect_error) return outcome.ok ? `expected a query error, got ${outcome.result.rows.length} rows` : null;
  if (!outcome.ok) return `query error ${outcome.error.code}: ${outcome.error.message.slice(0, 160)}`;
  if (!c.expect) return null;
  return compareResult(c, outcome.result);
}

// ------------------------------------------------------------------------------ running

export async function runConformance(target: string, runner: QueryRunner, opts: { json?: string; verbose?: boolean; io: Io }): Promise<number> {
  const { io } = opts;
  const { cases, problems } = loadCases(target);
  for (const p of problems) io.err(`huntbench: skipping ${p}\n`);
  const results: CaseResult[] = [];
  const started = Date.now();
  for (const c of cases) {
    const family = c.family ?? 'default';
    if (c.nondeterministic) {
      results.push({ id: c.id, family, status: 'skip', reason: 'nondeterministic', ms: 0 });
      continue;
    }
    const t0 = Date.now();
    const outcome = await runner.run(c.kql);
    const reason = judge(c, outcome);
    results.push({ id: c.id, family, status: reason ? 'fail' : 'pass', reason, ms: Date.now() - t0, ...(outcome.ok ? { rows: outcome.result.rows.length } : {}) });
    if (reason && opts.verbose) io.out(`FAIL ${c.id} [${family}] ${reason.replace(/\s+/g, ' ').slice(0, 240)}\n`);
  }
  const fams = new Map<string, { pass: number; total: number; skipped: number }>();
  for (const r of results) {
    const f = fams.get(r.family) ?? { pass: 0, total: 0, skipped: 0 };
    fams.set(r.family, f);
    if (r.status === 'skip') f.skipped++;
    else {
      f.total++;
      if (r.status === 'pass') f.pass++;
    }
  }
  const pct = (p: number, n: number) => (n ? ((100 * p) / n).toFixed(1) : '0.0');
  const names = [...fams.keys()].sort();
  const w = Math.max(12, ...names.map((n) => n.length));
  let out = `${'family'.padEnd(w)}  ${'passed'.padStart(6)}  ${'scored'.padStart(6)}  ${'%'.padStart(6)}  ${'skipped'.padStart(7)}\n`;
  let P = 0;
  let N = 0;
  for (const n of names) {
    const f = fams.get(n)!;
    P += f.pass;
    N += f.total;
    out += `${n.padEnd(w)}  ${String(f.pass).padStart(6)}  ${String(f.total).padStart(6)}  ${pct(f.pass, f.total).padStart(6)}  ${String(f.skipped).padStart(7)}\n`;
  }
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  out += `conformance: ${P}/${N} passed (${pct(P, N)}%) in ${secs}s\n`;
  // Whether a hunt finds anything: of the queries that ran, how many returned at least one row.
  const ran = results.filter((r) => r.rows !== undefined);
  const found = ran.filter((r) => (r.rows ?? 0) > 0).length;
  out += `with rows: ${found}/${ran.length} queries that ran returned at least one row (${pct(found, ran.length)}%)\n`;
  // The failures by their coded reason (HB###/KS### of the query error; the first words otherwise).
  const codes = new Map<string, number>();
  for (const r of results) {
    if (r.status !== 'fail' || !r.reason) continue;
    const code = /^query error (\S+?):/.exec(r.reason)?.[1] ?? r.reason.split(':')[0].slice(0, 40);
    codes.set(code, (codes.get(code) ?? 0) + 1);
  }
  if (codes.size) out += `failures by code: ${[...codes.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([c, k]) => `${c} ${k}`).join(', ')}\n`;
  io.out(out);
  if (opts.json) {
    const summary = {
      passed: P,
      scored: N,
      percent: Number(pct(P, N)),
      ran: ran.length,
      withRows: found,
      withRowsPercent: Number(pct(found, ran.length)),
      failuresByCode: Object.fromEntries(codes),
      seconds: Number(secs),
      source: target,
      families: Object.fromEntries(fams),
    };
    fs.writeFileSync(opts.json, `${JSON.stringify({ summary, cases: results }, null, 1)}\n`);
  }
  return 0;
}
