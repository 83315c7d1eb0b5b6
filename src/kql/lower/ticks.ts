/**
 * Constant datetimes and timespans evaluated exactly in Kusto's own unit, 100 ns ticks (BigInt).
 *
 * Values are kept in microseconds here (ARCHITECTURE.md, "Ticks"), so an expression that would
 * show ticks a value lost is refused with HB107. When that expression is made only of constants
 * (literals such as `1tick` or `datetime(… .1234567)`, names `let`-bound to such constants, and
 * the arithmetic and functions below), its value is known at compile time: `foldTicks` computes it
 * exactly and hands back a literal — text, a number, a datetime/timespan (floored to the
 * microsecond and marked inexact when finer, as a literal is). Nothing finer than a microsecond
 * ever flows through a run-time column; anything not covered here stays refused.
 *
 * Each rule follows a page's example or the Kusto answers of the dev oracle corpus
 * (test/kql/ticks.test.ts names them).
 */
import type { Expr, Ty } from '../ir/types.ts';
import type { SNode } from '../parse/index.ts';
import { str } from '../sql/quote.ts';
import { type Ctx, LowerError } from './context.ts';
import type { RowScope } from './scope.ts';
import { kids, nameOf, toks } from './syntax.ts';
import { lit, normaliseDatetime, numSql, quotedInterior, scalar, timestampSql } from './values.ts';

/** A constant's exact value: datetimes as ticks since 0001-01-01, timespans as ticks. */
export type TickValue =
  | { t: 'datetime'; v: bigint }
  | { t: 'timespan'; v: bigint }
  | { t: 'long' | 'int'; v: bigint }
  | { t: 'real'; v: number }
  | { t: 'string'; v: string }
  | { t: 'bool'; v: boolean }
  /** a datetime out of Kusto's range (0001-01-01 .. 9999-12-31 23:59:59.9999999) */
  | { t: 'null-datetime' };

export const TICKS_PER_DAY = 864000000000n;
const TICKS_PER_US = 10n;
/** 9999-12-31 23:59:59.9999999 */
export const MAX_DATETIME_TICKS = 3155378975999999999n;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

const UNIT_TICKS: Record<string, bigint> = {
  d: 864000000000n,
  day: 864000000000n,
  days: 864000000000n,
  h: 36000000000n,
  hr: 36000000000n,
  hrs: 36000000000n,
  hour: 36000000000n,
  hours: 36000000000n,
  m: 600000000n,
  min: 600000000n,
  minute: 600000000n,
  minutes: 600000000n,
  s: 10000000n,
  sec: 10000000n,
  second: 10000000n,
  seconds: 10000000n,
  ms: 10000n,
  milli: 10000n,
  millis: 10000n,
  millisecond: 10000n,
  milliseconds: 10000n,
  microsecond: 10n,
  microseconds: 10n,
  tick: 1n,
  ticks: 1n,
};

// ---------------------------------------------------------------- calendar (proleptic Gregorian)

/** Days since 0001-01-01 of a civil date (Howard Hinnant's days_from_civil, shifted). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  // era*146097 + doe counts from 0000-03-01; 0001-01-01 is day 306 of that count
  return era * 146097 + doe - 306;
}

/** The civil date of a count of days since 0001-01-01. */
export function civilFromDays(days: number): { y: number; m: number; d: number } {
  const z = days + 306;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

const pad = (x: number | bigint, w: number) => String(x).padStart(w, '0');

/** A datetime's parts: the civil date, the time of day and the 7 fraction digits. */
function parts(v: bigint) {
  const days = Number(v / TICKS_PER_DAY);
  const inDay = v % TICKS_PER_DAY;
  const secs = Number(inDay / 10000000n);
  return { ...civilFromDays(days), hh: Math.floor(secs / 3600), mi: Math.floor(secs / 60) % 60, ss: secs % 60, frac7: pad(inDay % 10000000n, 7) };
}

/** `YYYY-MM-DD HH:MM:SS.ffffff`: the datetime floored to the microsecond, as a TIMESTAMP literal takes it. */
function timestampText(v: bigint): string {
  const p = parts(v);
  return `${pad(p.y, 4)}-${pad(p.m, 2)}-${pad(p.d, 2)} ${pad(p.hh, 2)}:${pad(p.mi, 2)}:${pad(p.ss, 2)}.${p.frac7.slice(0, 6)}`;
}

/** tostring(datetime): ISO 8601 with 7 fraction digits (`2020-06-15T13:45:30.7654321Z`). */
export function datetimeText(v: bigint): string {
  const p = parts(v);
  return `${pad(p.y, 4)}-${pad(p.m, 2)}-${pad(p.d, 2)}T${pad(p.hh, 2)}:${pad(p.mi, 2)}:${pad(p.ss, 2)}.${p.frac7}Z`;
}

/** tostring(timespan): `[-][d.]hh:mm:ss[.fffffff]`, the fraction only when not zero. */
export function timespanText(v: bigint): string {
  const a = v < 0n ? -v : v;
  const days = a / TICKS_PER_DAY;
  const secs = Number((a % TICKS_PER_DAY) / 10000000n);
  const frac = a % 10000000n;
  return `${v < 0n ? '-' : ''}${days > 0n ? `${days}.` : ''}${pad(Math.floor(secs / 3600), 2)}:${pad(Math.floor(secs / 60) % 60, 2)}:${pad(secs % 60, 2)}${frac > 0n ? `.${pad(frac, 7)}` : ''}`;
}

// ---------------------------------------------------------------- literals

/** A datetime literal's text in ticks; undefined when not read exactly (an offset, digits past the 7th). */
export function datetimeTicks(text: string): bigint | undefined {
  const norm = normaliseDatetime(text);
  if (!norm) return undefined;
  const m = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.\d+)?$/.exec(norm);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59 || y < 1) return undefined;
  const days = daysFromCivil(y, mo, d);
  const back = civilFromDays(days);
  if (back.m !== mo || back.d !== d) return undefined; // 2021-02-30
  const digits = /\d:\d{2}:\d{2}\.(\d+)/.exec(text)?.[1] ?? '';
  if (/[1-9]/.test(digits.slice(7))) return undefined;
  return BigInt(days) * TICKS_PER_DAY + BigInt(((h * 60 + mi) * 60 + s) * 1e7) + BigInt(digits.slice(0, 7).padEnd(7, '0'));
}

/** A timespan literal (`1tick`, `1.5h`, `time(1.02:03:04.0000001)`, `time(2)`) in ticks, exactly or not at all. */
export function timespanTicks(text: string): bigint | undefined {
  let t = text.trim();
  const m = /^(?:time|timespan)\((.*)\)$/is.exec(t);
  if (m) t = quotedInterior(m[1]) ?? m[1].trim();
  const scaled = (sign: string, int: string, frac: string | undefined, unit: bigint): bigint | undefined => {
    const f = frac ?? '';
    const scale = 10n ** BigInt(f.length);
    const num = (BigInt(int) * scale + BigInt(f || '0')) * unit;
    if (num % scale !== 0n) return undefined;
    return sign === '-' ? -(num / scale) : num / scale;
  };
  const unit = /^([+-]?)(\d+)(?:\.(\d+))?\s*([a-z]+)$/i.exec(t);
  if (unit) {
    const u = UNIT_TICKS[unit[4].toLowerCase()];
    return u === undefined ? undefined : scaled(unit[1], unit[2], unit[3], u);
  }
  const clock = /^([+-])?(?:(\d+)\.)?(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?$/.exec(t);
  if (clock) {
    const [, sign, d, h, mi, s, frac] = clock;
    const v = BigInt(d ?? 0) * TICKS_PER_DAY + ((BigInt(h) * 60n + BigInt(mi)) * 60n + BigInt(s ?? 0)) * 10000000n + BigInt((frac ?? '').padEnd(7, '0'));
    return sign === '-' ? -v : v;
  }
  const days = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(t); // time(2) is 2 days
  return days ? scaled(days[1], days[2], days[3], TICKS_PER_DAY) : undefined;
}

// ---------------------------------------------------------------- evaluation

type Val = TickValue | undefined;
const dt = (v: bigint): TickValue => (v < 0n || v > MAX_DATETIME_TICKS ? { t: 'null-datetime' } : { t: 'datetime', v });
const span = (v: bigint): Val => (v < LONG_MIN || v > LONG_MAX ? undefined : { t: 'timespan', v });
const isWhole = (x: Val): x is { t: 'long' | 'int'; v: bigint } => x?.t === 'long' || x?.t === 'int';
/** Floor division (BigInt `/` truncates toward zero). */
const floorDiv = (a: bigint, b: bigint) => (a % b !== 0n && a < 0n !== b < 0n ? a / b - 1n : a / b);

/** Start of the day/week (Sunday)/month/year holding a datetime, in ticks. */
function startOf(period: string, v: bigint): bigint | undefined {
  const days = Number(v / TICKS_PER_DAY);
  const { y, m } = civilFromDays(days);
  if (period === 'day') return BigInt(days) * TICKS_PER_DAY;
  // 0001-01-01 is a Monday: day 0 is weekday 1 counted from Sunday (its week starts before the range)
  if (period === 'week') return days - ((days + 1) % 7) < 0 ? undefined : BigInt(days - ((days + 1) % 7)) * TICKS_PER_DAY;
  if (period === 'month') return BigInt(daysFromCivil(y, m, 1)) * TICKS_PER_DAY;
  if (period === 'year') return BigInt(daysFromCivil(y, 1, 1)) * TICKS_PER_DAY;
  return undefined;
}

/** Start of the next day/week/month/year: the end of a period is one tick before it (….9999999). */
function startOfNext(period: string, v: bigint): bigint | undefined {
  const s = startOf(period, v);
  if (s === undefined) return undefined;
  const { y, m } = civilFromDays(Number(s / TICKS_PER_DAY));
  if (period === 'day') return s + TICKS_PER_DAY;
  if (period === 'week') return s + 7n * TICKS_PER_DAY;
  if (period === 'month') return BigInt(m === 12 ? daysFromCivil(y + 1, 1, 1) : daysFromCivil(y, m + 1, 1)) * TICKS_PER_DAY;
  return BigInt(daysFromCivil(y + 1, 1, 1)) * TICKS_PER_DAY;
}

/** datetime_diff/datetime_part units kept exactly here, in ticks. */
const DIFF_UNITS: Record<string, bigint> = { day: TICKS_PER_DAY, hour: 36000000000n, minute: 600000000n, second: 10000000n, millisecond: 10000n, microsecond: 10n };

/**
 * The exact value of a constant expression, or undefined when it is not one this module reads.
 * `names`: whether `let`-bound names may be read (not inside a bound value, whose names were
 * resolved where it was written).
 */
export function tickValue(n: SNode, row: RowScope, cx: Ctx, names = true): Val {
  const ev = (x: SNode | undefined): Val => (x ? tickValue(x, row, cx, names) : undefined);
  switch (n.k) {
    case 'ParenthesizedExpression':
      return ev(kids(n)[0]);
    case 'LiteralExpression':
      return literalValue(n);
    case 'NameReference': {
      if (!names || n.sym?.k === 'ColumnSymbol') return undefined;
      const name = nameOf(n);
      if (row.params?.has(name)) return undefined;
      const b = cx.lookup(name);
      return b?.k === 'scalar' && b.node ? tickValue(b.node, row, cx, false) : undefined;
    }
    case 'PrefixUnaryExpression':
    case 'UnaryExpression': {
      const x = ev(kids(n)[0]);
      const op = toks(n)[0];
      if (op === '+') return x?.t === 'timespan' || isWhole(x) || x?.t === 'real' ? x : undefined;
      if (op !== '-') return undefined;
      if (x?.t === 'timespan') return span(-x.v);
      if (x?.t === 'long') return -x.v <= LONG_MAX ? { t: 'long', v: -x.v } : undefined;
      if (x?.t === 'real') return { t: 'real', v: -x.v };
      return undefined;
    }
    case 'BinaryExpression': {
      const [ln, rn] = kids(n);
      return binaryValue(toks(n).join(' '), ev(ln), ev(rn));
    }
    case 'FunctionCallExpression':
      return n.expansion ? undefined : callValue(n, ev);
    default:
      return undefined;
  }
}

function literalValue(n: SNode): Val {
  const text = (n.ch.find((c) => c.k === 'Tok')?.text ?? '').trim();
  if (/^[a-z]+\(\s*null\s*\)$/i.test(text) || /^null$/i.test(text)) return undefined;
  const inner = /^[a-z]+\((.*)\)$/is.exec(text)?.[1]?.trim();
  switch (n.ty) {
    case 'datetime': {
      const v = datetimeTicks(inner ?? text);
      return v === undefined ? undefined : dt(v);
    }
    case 'timespan': {
      const v = timespanTicks(text);
      return v === undefined ? undefined : span(v);
    }
    case 'long':
    case 'int': {
      const v = inner ?? text;
      if (!/^[+-]?(\d+|0x[0-9a-f]+)$/i.test(v)) return undefined;
      return { t: n.ty, v: BigInt(v.replace(/^\+/, '')) };
    }
    case 'real': {
      const v = Number(inner ?? text);
      return Number.isFinite(v) ? { t: 'real', v } : undefined;
    }
    case 'string':
      return typeof n.value === 'string' ? { t: 'string', v: n.value } : undefined;
    default:
      return undefined;
  }
}

const CMP: Record<string, (a: bigint, b: bigint) => boolean> = {
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
  '<>': (a, b) => a !== b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

function binaryValue(op: string, l: Val, r: Val): Val {
  if (!l || !r || l.t === 'null-datetime' || r.t === 'null-datetime') return undefined;
  if (op === '+') {
    if (l.t === 'datetime' && r.t === 'timespan') return dt(l.v + r.v);
    if (l.t === 'timespan' && r.t === 'datetime') return dt(l.v + r.v);
    if (l.t === 'timespan' && r.t === 'timespan') return span(l.v + r.v);
  }
  if (op === '-') {
    if (l.t === 'datetime' && r.t === 'datetime') return span(l.v - r.v);
    if (l.t === 'datetime' && r.t === 'timespan') return dt(l.v - r.v);
    if (l.t === 'timespan' && r.t === 'timespan') return span(l.v - r.v);
  }
  if (op === '*') {
    if (l.t === 'timespan' && isWhole(r)) return span(l.v * r.v);
    if (isWhole(l) && r.t === 'timespan') return span(l.v * r.v);
  }
  const cmp = CMP[op];
  if (cmp && ((l.t === 'datetime' && r.t === 'datetime') || (l.t === 'timespan' && r.t === 'timespan'))) return { t: 'bool', v: cmp(l.v, r.v) };
  // timespan / timespan is a real: the two tick counts divided as doubles (as `$ts_div` does in µs)
  if (op === '/' && l.t === 'timespan' && r.t === 'timespan' && r.v !== 0n) return { t: 'real', v: Number(l.v) / Number(r.v) };
  return undefined;
}

function callValue(n: SNode, ev: (x: SNode | undefined) => Val): Val {
  const name = callNameOf(n);
  const args = callArgsOf(n);
  const a = (i: number) => ev(args[i]);
  const unitOf = (i: number) => {
    const u = a(i);
    return u?.t === 'string' ? u.v.toLowerCase() : undefined;
  };
  switch (name) {
    case 'tostring': {
      const text = args.length === 1 ? callValueText(a(0)) : undefined;
      return text === undefined ? undefined : { t: 'string', v: text };
    }
    case 'strcat': {
      const parts = args.map((x) => (x ? callValueText(ev(x)) : undefined));
      return args.length > 0 && parts.every((x) => x !== undefined) ? { t: 'string', v: parts.join('') } : undefined;
    }
    // a datetime's tick count is from 0001-01-01 (tolong(datetime(1970-01-01)) is 621355968000000000,
    // oracle saoc-r2-type-casts-coercion-0016); a timespan's is its ticks; toint keeps the low 32 bits
    case 'tolong':
    case 'toint':
    case 'todouble':
    case 'toreal': {
      const x = a(0);
      if (args.length !== 1 || (x?.t !== 'datetime' && x?.t !== 'timespan')) return undefined;
      if (name === 'tolong') return { t: 'long', v: x.v };
      if (name === 'toint') return { t: 'int', v: BigInt.asIntN(32, x.v) };
      return { t: 'real', v: Number(x.v) };
    }
    // todatetime(1.5) is 0001-01-01 00:00:00.0000001 (oracle saoc-r3-type-casts-coercion-0047): a
    // count of ticks, its fraction dropped
    case 'todatetime': {
      const x = a(0);
      if (args.length !== 1) return undefined;
      if (x?.t === 'real' && x.v >= 0 && x.v <= Number(MAX_DATETIME_TICKS) - 1024) return dt(BigInt(Math.trunc(x.v)));
      if (x?.t === 'datetime') return x;
      // ISO text, as tostring() writes it (the round trip of saoc-r2-datetime-timespan-0041)
      if (x?.t === 'string' && /^\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d{1,7})?Z?$/.test(x.v)) {
        const v = datetimeTicks(x.v);
        return v === undefined ? undefined : dt(v);
      }
      if (isWhole(x) && x.v >= 0n && x.v <= MAX_DATETIME_TICKS) return dt(x.v);
      return undefined;
    }
    case 'startofday':
    case 'startofweek':
    case 'startofmonth':
    case 'startofyear':
    case 'endofday':
    case 'endofweek':
    case 'endofmonth':
    case 'endofyear': {
      const x = a(0);
      if (args.length !== 1 || x?.t !== 'datetime') return undefined;
      const period = name.slice(name.startsWith('start') ? 7 : 5);
      const v = name.startsWith('start') ? startOf(period, x.v) : startOfNext(period, x.v);
      return v === undefined ? undefined : dt(name.startsWith('start') ? v : v - 1n);
    }
    // bin()/floor() by a size that divides a day: the same multiples from 0001-01-01 or from 1970-01-01
    case 'bin':
    case 'floor': {
      const x = a(0);
      const size = a(1);
      if (args.length !== 2 || size?.t !== 'timespan' || size.v <= 0n) return undefined;
      if (x?.t === 'datetime' && TICKS_PER_DAY % size.v === 0n) return dt((x.v / size.v) * size.v);
      if (x?.t === 'timespan' && x.v >= 0n) return span((x.v / size.v) * size.v);
      return undefined;
    }
    // periods crossed (the page's examples: second, millisecond; oracle saoc-r3-datetime-timespan-0004:
    // microsecond); nanosecond is the difference in ticks times 100 (the page's example)
    case 'datetime_diff': {
      const unit = unitOf(0);
      const x = a(1);
      const y = a(2);
      if (args.length !== 3 || !unit || x?.t !== 'datetime' || y?.t !== 'datetime') return undefined;
      if (unit === 'nanosecond') return { t: 'long', v: (x.v - y.v) * 100n };
      const u = DIFF_UNITS[unit];
      return u === undefined ? undefined : { t: 'long', v: floorDiv(x.v, u) - floorDiv(y.v, u) };
    }
    // the second's fraction in nanoseconds, microseconds or milliseconds (the page: ….7654321 gives 765432100)
    case 'datetime_part':
    case 'datepart': {
      const unit = unitOf(0);
      const x = a(1);
      if (args.length !== 2 || x?.t !== 'datetime') return undefined;
      const frac = x.v % 10000000n;
      const by: Record<string, bigint> = { nanosecond: frac * 100n, microsecond: frac / 10n, millisecond: frac / 10000n };
      return unit !== undefined && by[unit] !== undefined ? { t: 'int', v: by[unit] } : undefined;
    }
    default:
      return undefined;
  }
}

/** tostring() of a value this module reads (reals and bools are left to the usual conversion). */
function callValueText(x: Val): string | undefined {
  if (x?.t === 'datetime') return datetimeText(x.v);
  if (x?.t === 'timespan') return timespanText(x.v);
  if (x?.t === 'null-datetime') return '';
  if (x?.t === 'string') return x.v;
  if (isWhole(x)) return String(x.v);
  return undefined;
}

function callNameOf(n: SNode): string {
  if (n.sym?.name) return n.sym.name.toLowerCase();
  const ref = n.ch.find((c) => c.k === 'NameReference' || c.k === 'Tok');
  return (ref?.sym?.name ?? ref?.text ?? '').toLowerCase();
}

function callArgsOf(n: SNode): SNode[] {
  const list = n.ch.find((c) => c.k === 'ExpressionList');
  return list ? kids(list).flatMap((c) => (c.k === 'List' ? kids(c) : [c])) : [];
}

// ---------------------------------------------------------------- folding

/** How format_datetime/format_timespan lower with the exact 7 fraction digits (functions.ts). */
export type ExactFormat = (kind: 'datetime' | 'timespan', at: Expr, format: string, frac7: string, negative: boolean, n: SNode) => Expr | undefined;

/**
 * A constant expression whose lowering was refused with HB107, computed exactly: a literal of the
 * analyzer's type, or undefined (the refusal stands).
 */
export function foldTicks(n: SNode, row: RowScope, cx: Ctx, format: ExactFormat): Expr | undefined {
  try {
    return fold(n, row, cx, format);
  } catch (e) {
    if (e instanceof LowerError) return undefined;
    throw e;
  }
}

function fold(n: SNode, row: RowScope, cx: Ctx, format: ExactFormat): Expr | undefined {
  const name = n.k === 'FunctionCallExpression' && !n.expansion ? callNameOf(n) : '';
  if (name === 'format_datetime' || name === 'format_timespan') {
    const args = callArgsOf(n);
    const x = args.length === 2 ? tickValue(args[0], row, cx) : undefined;
    const f = args.length === 2 ? tickValue(args[1], row, cx) : undefined;
    if (f?.t !== 'string' || n.ty !== 'string') return undefined;
    if (name === 'format_datetime' && x?.t === 'datetime') {
      return format('datetime', lit(timestampSql(timestampText(x.v)), scalar('datetime')), f.v, pad(x.v % 10000000n, 7), false, n);
    }
    if (name === 'format_timespan' && x?.t === 'timespan') {
      const abs = x.v < 0n ? -x.v : x.v;
      return format('timespan', lit(`CAST(${abs / TICKS_PER_US} AS BIGINT)`, scalar('timespan')), f.v, pad(abs % 10000000n, 7), x.v < 0n, n);
    }
    return undefined;
  }
  const v = tickValue(n, row, cx);
  if (!v) return undefined;
  return literalOf(v, n, cx);
}

/** A datetime literal of a tick count in range: floored to the microsecond and marked inexact when finer. */
export function datetimeLiteral(v: bigint, cx: Ctx): Expr {
  const sql = timestampSql(timestampText(v));
  if (v % TICKS_PER_US === 0n) return lit(sql, scalar('datetime'));
  cx.noteFinerConstant();
  return { k: 'lit', sql, ty: scalar('datetime'), inexact: true };
}

/** The literal of an exact value, typed as the analyzer types the node. */
function literalOf(v: TickValue, n: SNode, cx: Ctx): Expr | undefined {
  const want = n.ty;
  const ty = (t: 'datetime' | 'timespan' | 'long' | 'int' | 'real' | 'string'): Ty => scalar(t);
  switch (v.t) {
    case 'null-datetime':
      return want === 'datetime' ? lit('CAST(NULL AS TIMESTAMP)', ty('datetime')) : undefined;
    case 'datetime':
      return want === 'datetime' ? datetimeLiteral(v.v, cx) : undefined;
    case 'timespan': {
      if (want !== 'timespan') return undefined;
      const sql = `CAST(${floorDiv(v.v, TICKS_PER_US)} AS BIGINT)`;
      if (v.v % TICKS_PER_US === 0n) return lit(sql, ty('timespan'));
      cx.noteFinerConstant();
      return { k: 'lit', sql, ty: ty('timespan'), ticks: String(v.v), inexact: true };
    }
    case 'long':
    case 'int': {
      if (want === 'long' && v.v >= LONG_MIN && v.v <= LONG_MAX) return lit(`CAST(${v.v} AS BIGINT)`, ty('long'));
      if (want === 'int' && v.v >= -(2n ** 31n) && v.v < 2n ** 31n) return lit(`CAST(${v.v} AS INTEGER)`, ty('int'));
      return undefined;
    }
    case 'real':
      return want === 'real' ? lit(numSql(v.v), ty('real')) : undefined;
    case 'string':
      return want === 'string' ? lit(str(v.v), ty('string')) : undefined;
    case 'bool':
      return want === 'bool' ? lit(String(v.v), scalar('bool')) : undefined;
  }
}
