/**
 * Runs a pack's tests through an injected runner (the CLI's Node engine, the browser's worker
 * engine, or a fake in unit tests) and checks each expectation. Pure logic: no engine here.
 */
import { stringifyExact } from '../kql/json-exact.ts';
import { bindQuery, ParamError, parameterLets } from './params.ts';
import { rowsDigest } from './digest.ts';
import type { Expectation, JsonValue, Pack, PackQuery, PackTest } from './types.ts';

export interface RunResult {
  columns: { name: string; type: string }[];
  rows: JsonValue[][];
}

export type RunOutcome = { ok: true; result: RunResult } | { ok: false; error: { code: string; message: string; line?: number; column?: number } };

export interface PackRunner {
  /** Runs KQL on `dataset`; `now` pins now()/ago() (else the dataset's own time). */
  run(kql: string, opts: { dataset: string; now?: string; externalData?: Record<string, string> }): Promise<RunOutcome>;
  /** Datasets this runner can use (a test on another is skipped, not failed). */
  hasDataset?(name: string): boolean;
}

export type TestStatus = 'pass' | 'fail' | 'error' | 'skip';

export interface TestReport {
  queryId: string;
  test: string;
  status: TestStatus;
  /** Why it failed/erred/was skipped. */
  messages: string[];
  ms: number;
  rows?: number;
}

export interface QueryReport {
  queryId: string;
  displayName: string;
  status: TestStatus | 'untested';
  tests: TestReport[];
}

export const DEFAULT_DATASET = 'lab';

export const datasetOf = (pack: Pick<Pack, 'dataset'>, t: PackTest): string => t.dataset ?? pack.dataset ?? DEFAULT_DATASET;

/** The pack's copies a query text can use: those whose URL it names (URL → text), or undefined. */
export function attachmentsFor(pack: Pick<Pack, 'attachments'>, kql: string): Record<string, string> | undefined {
  const hit = (pack.attachments ?? []).filter((a) => kql.includes(a.url));
  return hit.length ? Object.fromEntries(hit.map((a) => [a.url, a.text])) : undefined;
}

/** The KQL a test runs: parameters (test values over defaults), fixtures, body. */
export const testKql = (q: PackQuery, t: PackTest): string => bindQuery(q, t.parameters, t.fixtures);

const show = (v: unknown): string => {
  const s = v === undefined ? undefined : stringifyExact(v);
  return s === undefined ? String(v) : s.length > 120 ? `${s.slice(0, 120)}…` : s;
};

/** Equality of an expected JSON value with a result value of a Kusto type. */
export function sameValue(expected: JsonValue, actual: JsonValue, type?: string): boolean {
  if (expected === actual) return true;
  if (expected === null || actual === null) return (type === 'string' || type === undefined) && (expected ?? '') === (actual ?? '');
  if (typeof expected === 'number' && typeof actual === 'number') return Math.abs(expected - actual) <= 1e-9 * Math.max(1, Math.abs(expected));
  // a long beyond 2^53 arrives as a string (a column) or a bigint (inside a dynamic value)
  if (typeof actual === 'bigint') return (typeof expected === 'string' || typeof expected === 'bigint') && String(expected) === actual.toString();
  if (typeof expected === 'number' && typeof actual === 'string') return String(expected) === actual;
  if (typeof expected === 'string' && typeof actual === 'string' && type === 'datetime') {
    const a = Date.parse(expected);
    return !Number.isNaN(a) && a === Date.parse(actual);
  }
  if (typeof expected === 'object' && typeof actual === 'object') {
    if (Array.isArray(expected) !== Array.isArray(actual)) return false;
    if (Array.isArray(expected)) {
      const b = actual as JsonValue[];
      return expected.length === b.length && expected.every((x, i) => sameValue(x, b[i]));
    }
    const b = actual as Record<string, JsonValue>;
    const ka = Object.keys(expected);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && sameValue(expected[k], b[k]));
  }
  return false;
}

const sameRow = (e: JsonValue[], a: JsonValue[], types: string[]) => e.length === a.length && e.every((v, i) => sameValue(v, a[i], types[i]));

/** Failure messages of an expectation against a result (empty when it holds). */
export function checkExpectation(e: Expectation, r: RunResult): string[] {
  const out: string[] = [];
  const n = r.rows.length;
  const types = r.columns.map((c) => c.type);
  if (e.nonEmpty && n === 0) out.push('expected rows, got none');
  if (e.empty && n > 0) out.push(`expected no rows, got ${n}: first ${show(r.rows[0])}`);
  if (e.rowCount !== undefined && n !== e.rowCount) out.push(`expected ${e.rowCount} rows, got ${n}`);
  if (e.minRows !== undefined && n < e.minRows) out.push(`expected at least ${e.minRows} rows, got ${n}`);
  if (e.maxRows !== undefined && n > e.maxRows) out.push(`expected at most ${e.maxRows} rows, got ${n}`);
  if (e.columns) {
    const got = r.columns.map((c) => c.name);
    if (got.length !== e.columns.length || got.some((c, i) => c !== e.columns![i])) out.push(`expected columns ${show(e.columns)}, got ${show(got)}`);
  }
  if (e.rows) {
    if (e.ordered === false) {
      const left = [...r.rows];
      for (const row of e.rows) {
        const i = left.findIndex((a) => sameRow(row, a, types));
        if (i < 0) out.push(`expected row ${show(row)} is missing`);
        else left.splice(i, 1);
      }
      if (left.length) out.push(`${left.length} unexpected row(s), first ${show(left[0])}`);
    } else {
      if (e.rows.length !== n) out.push(`expected ${e.rows.length} rows, got ${n}`);
      const k = Math.min(e.rows.length, n);
      for (let i = 0; i < k; i++) {
        if (!sameRow(e.rows[i], r.rows[i], types)) {
          out.push(`row ${i + 1}: expected ${show(e.rows[i])}, got ${show(r.rows[i])}`);
          break;
        }
      }
    }
  }
  for (const row of e.contains ?? []) {
    if (!r.rows.some((a) => sameRow(row, a, types))) out.push(`expected the result to contain ${show(row)}`);
  }
  if (e.rowsDigest && rowsDigest(r.rows, e.ordered !== false, types) !== e.rowsDigest) out.push(`the rows do not match rowsDigest (${n} rows, first ${show(r.rows[0] ?? null)})`);
  return out;
}

/** Where an error in the bound KQL falls in the body (the parameter/fixture lets come first). */
function bodyPosition(q: PackQuery, t: PackTest, line?: number, column?: number): string {
  if (!line) return '';
  let prefix: string;
  try {
    prefix = testKql(q, t).slice(0, -q.body.length);
  } catch {
    return '';
  }
  const pre = prefix.split('\n').length - 1;
  return line > pre ? ` at body ${line - pre}:${column}` : ` at ${line}:${column} (in the parameters/fixtures)`;
}

export async function runTest(pack: Pick<Pack, 'dataset' | 'attachments'>, q: PackQuery, t: PackTest, runner: PackRunner): Promise<TestReport> {
  const dataset = datasetOf(pack, t);
  const base = { queryId: q.id, test: t.name };
  if (runner.hasDataset && !runner.hasDataset(dataset)) return { ...base, status: 'skip', messages: [`needs dataset ${dataset}`], ms: 0 };
  let kql: string;
  try {
    kql = testKql(q, t);
  } catch (e) {
    return { ...base, status: 'error', messages: [e instanceof ParamError ? e.message : String(e)], ms: 0 };
  }
  const t0 = performance.now();
  const externalData = attachmentsFor(pack, kql);
  const out = await runner.run(kql, { dataset, ...(t.now !== undefined && { now: t.now }), ...(externalData && { externalData }) });
  const ms = performance.now() - t0;
  if (!out.ok) {
    return { ...base, status: 'error', messages: [`${out.error.code}${bodyPosition(q, t, out.error.line, out.error.column)}: ${out.error.message}`], ms };
  }
  const fails = checkExpectation(t.expect, out.result);
  return { ...base, status: fails.length ? 'fail' : 'pass', messages: fails, ms, rows: out.result.rows.length };
}

const worst = (ss: TestStatus[]): TestStatus | 'untested' =>
  !ss.length ? 'untested' : ss.includes('error') ? 'error' : ss.includes('fail') ? 'fail' : ss.every((s) => s === 'skip') ? 'skip' : 'pass';

export async function runQueryTests(pack: Pick<Pack, 'dataset' | 'attachments'>, q: PackQuery, runner: PackRunner): Promise<QueryReport> {
  const tests: TestReport[] = [];
  for (const t of q.tests ?? []) tests.push(await runTest(pack, q, t, runner));
  return { queryId: q.id, displayName: q.displayName, status: worst(tests.map((t) => t.status)), tests };
}

export async function runPackTests(pack: Pack, runner: PackRunner, onQuery?: (r: QueryReport) => void): Promise<QueryReport[]> {
  const out: QueryReport[] = [];
  for (const q of pack.queries) {
    const r = await runQueryTests(pack, q, runner);
    out.push(r);
    onQuery?.(r);
  }
  return out;
}

export interface Summary {
  queries: number;
  tests: number;
  pass: number;
  fail: number;
  error: number;
  skip: number;
  untested: number;
}

export function summarize(reports: QueryReport[]): Summary {
  const s: Summary = { queries: reports.length, tests: 0, pass: 0, fail: 0, error: 0, skip: 0, untested: 0 };
  for (const r of reports) {
    if (r.status === 'untested') s.untested++;
    for (const t of r.tests) {
      s.tests++;
      s[t.status]++;
    }
  }
  return s;
}

/** The KQL to run a query with given parameter values (the library's "Run"). */
export const runnableKql = (q: PackQuery, values?: Record<string, JsonValue>): string => parameterLets(q.parameters, values) + q.body;
