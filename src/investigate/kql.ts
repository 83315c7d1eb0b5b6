/**
 * KQL text building for the investigation views. Every value that reaches a query passes through
 * one of these functions: identifiers come from a closed set (the catalog's column names), values
 * are validated (hashes, GUIDs, times) and then quoted, so a URL parameter can never change the
 * shape of a query.
 */
import { stringifyExact } from '../kql/json-exact.ts';
import type { JsonValue, KustoResult } from '../engine/values.ts';
import { kqlString } from '../kql/quote.ts';

/** Runs one KQL query through the compiler and the engine (the browser's worker, or Node in tests). */
export type KqlRunner = (kql: string) => Promise<KustoResult>;

/** A row of a result keyed by column name. */
export type Row = Record<string, JsonValue>;

export function rowsOf(r: KustoResult): Row[] {
  return r.rows.map((row) => Object.fromEntries(r.columns.map((c, i) => [c.name, row[i]])));
}

/** A KQL string literal (the one quoter, kql/quote.ts). */
export const str = kqlString;

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,7})?Z$/;

/** Normalises an ISO-8601 UTC time (as the engine prints it) or throws. */
export function isoTime(s: string): string {
  if (!ISO.test(s) || Number.isNaN(Date.parse(s))) throw new Error(`not an ISO-8601 UTC time: ${s}`);
  return s;
}

/** A `datetime(...)` literal from a validated ISO time. */
export function dt(iso: string): string {
  return `datetime(${isoTime(iso)})`;
}

/** A `long` literal from an integer. */
export function lng(n: number): string {
  if (!Number.isSafeInteger(n)) throw new Error(`not an integer: ${n}`);
  return String(n);
}

/** `(A or B or …)`; `false` for none (a query that matches nothing rather than everything). */
export function anyOf(preds: string[]): string {
  if (!preds.length) return 'false';
  return preds.length === 1 ? preds[0] : `(${preds.join(' or ')})`;
}

/** Parses a Kusto datetime value (ISO text) to epoch milliseconds; null when absent. */
export function ms(v: JsonValue | undefined): number | null {
  if (typeof v !== 'string' || !v) return null;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : t;
}

export function text(v: JsonValue | undefined): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? v : typeof v === 'object' ? stringifyExact(v) : String(v);
}

export function num(v: JsonValue | undefined): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  return null;
}

/** A query card: what the view shows, and the KQL that produced it ("open as query"). */
export interface Card<T = Row[]> {
  id: string;
  title: string;
  kql: string;
  data: T;
  /** A hint shown under the title (why a card is empty, what it means…). */
  note?: string;
}

/** Runs a query and keeps its text with the rows. */
export async function card(run: KqlRunner, id: string, title: string, kql: string, note?: string): Promise<Card> {
  return { id, title, kql, data: rowsOf(await run(kql)), note };
}
