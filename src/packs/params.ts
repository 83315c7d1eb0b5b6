/**
 * Parameters and fixtures become KQL text without any text substitution inside the body: each
 * parameter is a `let name = <literal>;` statement put before the body, each fixture a
 * `let Table = datatable(...)[...];` that shadows the dataset's table. Every value goes through
 * `kqlLiteral`, which checks it against its type first, so no value can escape its literal.
 */
import { kqlName as quoteName, kqlString as quoteKql } from '../kql/quote.ts';
import { type FixtureTable, type JsonValue, PARAM_TYPES, type PackParameter, type PackQuery, type ParamType } from './types.ts';

export class ParamError extends Error {}

export const IDENT_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ISO_RE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
/** `1d`, `2.5h`, `30m`, `10s`, `100ms`, or `[d.]hh:mm:ss[.fffffff]`, optionally negative. */
const TIMESPAN_RE = /^-?(\d{1,9}(\.\d{1,7})?(d|h|m|s|ms|microsecond|microseconds|tick|ticks)|(\d{1,9}\.)?\d{1,2}:\d{2}(:\d{2}(\.\d{1,7})?)?)$/;
const GUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export const isParamType = (t: unknown): t is ParamType => typeof t === 'string' && (PARAM_TYPES as readonly string[]).includes(t);

/** A parameter's string literal: control characters other than tab and newlines are refused, then quoted by the one quoter. */
export function kqlString(s: string): string {
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s)) throw new ParamError('string holds a control character');
  return quoteKql(s);
}

/** Checks `value` against `type`; returns a message, or null when it fits. */
export function checkValue(type: ParamType, value: JsonValue): string | null {
  if (value === null) return null; // typed null
  switch (type) {
    case 'string':
      return typeof value === 'string' ? null : `expected a string, got ${kindOf(value)}`;
    case 'long':
    case 'int':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) return `expected an integer, got ${kindOf(value)}`;
      if (type === 'int' && (value > 2147483647 || value < -2147483648)) return 'integer out of the int range';
      return null;
    case 'real':
      return typeof value === 'number' && Number.isFinite(value) ? null : `expected a number, got ${kindOf(value)}`;
    case 'bool':
      return typeof value === 'boolean' ? null : `expected true or false, got ${kindOf(value)}`;
    case 'datetime':
      return typeof value === 'string' && ISO_RE.test(value) && !Number.isNaN(Date.parse(value)) ? null : `expected an ISO-8601 time like 2024-05-14T09:00:00Z, got ${preview(value)}`;
    case 'timespan':
      return typeof value === 'string' && TIMESPAN_RE.test(value) ? null : `expected a timespan like 1d, 2h, 30m or 01:30:00, got ${preview(value)}`;
    case 'guid':
      return typeof value === 'string' && GUID_RE.test(value) ? null : `expected a GUID, got ${preview(value)}`;
    case 'dynamic':
      return null;
  }
}

export function kindOf(v: JsonValue | undefined): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `a string (${preview(v)})`;
  return `${typeof v} ${String(v).slice(0, 40)}`;
}

const preview = (v: JsonValue): string => {
  const s = typeof v === 'string' ? JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v) : JSON.stringify(v);
  return s ?? String(v);
};

/** The KQL literal for a value of a type (checked first). */
export function kqlLiteral(type: ParamType, value: JsonValue): string {
  const bad = checkValue(type, value);
  if (bad) throw new ParamError(bad);
  if (value === null) return type === 'string' ? '""' : `${type}(null)`;
  switch (type) {
    case 'string':
      return kqlString(value as string);
    case 'long':
    case 'int':
    case 'real':
      return `${type}(${String(value)})`;
    case 'bool':
      return value ? 'true' : 'false';
    case 'datetime':
      return `datetime(${new Date(Date.parse(String(value).replace(' ', 'T'))).toISOString()})`;
    case 'timespan':
    case 'guid':
      return `${type}(${value})`;
    case 'dynamic':
      // JSON is a dynamic literal; strings inside it keep their JSON escapes
      return `dynamic(${JSON.stringify(value)})`;
  }
}

export const kqlName = quoteName;

/** `let` statements binding every parameter (its test value, else its default). */
export function parameterLets(params: PackParameter[] | undefined, values: Record<string, JsonValue> = {}): string {
  let out = '';
  for (const p of params ?? []) {
    const v = Object.hasOwn(values, p.name) ? values[p.name] : p.default;
    try {
      out += `let ${p.name} = ${kqlLiteral(p.type, v)};\n`;
    } catch (e) {
      throw new ParamError(`parameter ${p.name}: ${(e as Error).message}`);
    }
  }
  for (const k of Object.keys(values)) {
    if (!(params ?? []).some((p) => p.name === k)) throw new ParamError(`unknown parameter ${k}`);
  }
  return out;
}

export function fixtureLet(f: FixtureTable): string {
  const cols = f.columns.map((c) => `${kqlName(c.name)}:${c.type}`).join(', ');
  const cells: string[] = [];
  f.rows.forEach((row, r) => {
    if (row.length !== f.columns.length) throw new ParamError(`fixture ${f.table} row ${r}: ${row.length} values for ${f.columns.length} columns`);
    row.forEach((v, c) => {
      try {
        cells.push(kqlLiteral(f.columns[c].type, v));
      } catch (e) {
        throw new ParamError(`fixture ${f.table} row ${r} column ${f.columns[c].name}: ${(e as Error).message}`);
      }
    });
  });
  return `let ${kqlName(f.table)} = datatable(${cols})[${cells.join(', ')}];\n`;
}

/** The KQL a query runs with: parameter lets, fixture lets, then the body. */
export function bindQuery(q: Pick<PackQuery, 'body' | 'parameters'>, values?: Record<string, JsonValue>, fixtures?: FixtureTable[]): string {
  return parameterLets(q.parameters, values) + (fixtures ?? []).map(fixtureLet).join('') + q.body;
}
