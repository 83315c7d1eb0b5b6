/**
 * Literal values and dynamic shapes: KQL literal text → SQL literal, JSON values → typed DuckDB
 * nested literals, DuckDB type strings → shapes, and shape-directed JSON serialisation.
 */
import type { KqlType, SqlShape } from '../api.ts';
import type { Expr, Ty } from '../ir/types.ts';
import { str } from '../sql/quote.ts';
import { sqlType } from '../sql/types.ts';
import { consume } from './consume.ts';

export const scalar = (t: Exclude<KqlType, 'dynamic'>): Ty => ({ kql: t, shape: { k: 'scalar', t } });
/**
 * True when a decimal scalar (not parse_version()'s exact value, guarded on its own) sits anywhere
 * inside the shape. Kusto holds a decimal inside a dynamic value as its text (oracle
 * saoc-r3-aggregation-0032: make_list of decimals is ["1.5", "2.5"]) with the decimal's own scale
 * ("1.50"), which a DOUBLE does not keep: lower/expr.ts refuses such a dynamic value.
 */
export const holdsDecimal = (s: SqlShape): boolean =>
  (s.k === 'scalar' && s.t === 'decimal' && !s.int128) ||
  (s.k === 'list' && holdsDecimal(s.of)) ||
  (s.k === 'map' && holdsDecimal(s.value)) ||
  (s.k === 'struct' && s.fields.some((f) => holdsDecimal(f.shape)));
export const dyn = (shape: SqlShape): Ty => ({ kql: 'dynamic', shape });
export const lit = (sql: string, ty: Ty): Expr => ({ k: 'lit', sql, ty });
/** A decimal carried exactly as a HUGEINT (SqlShape `int128`: parse_version()'s values). */
export const INT128_DECIMAL: Ty = { kql: 'decimal', shape: { k: 'scalar', t: 'decimal', int128: true } };
export const isInt128 = (e: Expr | undefined): boolean => e?.ty.shape.k === 'scalar' && e.ty.shape.int128 === true;
export const nullOf = (ty: Ty): Expr =>
  ty.kql === 'string' ? lit("''", ty) : lit(`CAST(NULL AS ${sqlType(ty.shape)})`, ty);

const US: Record<string, number> = {
  d: 86400e6,
  day: 86400e6,
  days: 86400e6,
  h: 3600e6,
  hr: 3600e6,
  hrs: 3600e6,
  hour: 3600e6,
  hours: 3600e6,
  m: 60e6,
  min: 60e6,
  minute: 60e6,
  minutes: 60e6,
  s: 1e6,
  sec: 1e6,
  second: 1e6,
  seconds: 1e6,
  ms: 1e3,
  milli: 1e3,
  millis: 1e3,
  millisecond: 1e3,
  milliseconds: 1e3,
  microsecond: 1,
  microseconds: 1,
  tick: 0.1,
  ticks: 0.1,
};

/** Parses a Kusto timespan literal (`1d`, `1.5h`, `time(1.02:03:04)`) to microseconds. */
export function parseTimespan(text: string): number | null | undefined {
  const t = parseTimespanTicks(text);
  return typeof t === 'number' ? Math.round(t / 10) : t;
}

/**
 * The text of a string literal written inside a timespan literal's parentheses (`time("00:30:00")`),
 * or undefined when the interior is not a plain quoted string. Microsoft's parser reads such a
 * literal's value from the string's content (Kusto.Language `SyntaxToken.LiteralToken.Destringify`,
 * used by `GetTimeSpanValue`, `GetDateTimeValue` and `GetGuidValue`), so `time("X")` is `time(X)`.
 * Only a string without escapes (`'…'`, `"…"`, `@'…'`, `@"…"` holding no quote or backslash) is
 * read; anything else stays unreadable (HB103).
 */
export function quotedInterior(t: string): string | undefined {
  const q = /^@?(['"])([^'"\\]*)\1$/s.exec(t.trim());
  return q ? q[2].trim() : undefined;
}

/** The same in 100 ns ticks (Kusto's own unit; exact for literals such as `1tick`). */
export function parseTimespanTicks(text: string): number | null | undefined {
  let t = text.trim();
  const m = /^(?:time|timespan)\((.*)\)$/is.exec(t);
  if (m) {
    t = m[1].trim();
    if (t === 'null' || t === '') return null;
    const q = quotedInterior(t);
    if (q === '' || q === 'null') return undefined;
    if (q !== undefined) t = q;
  }
  const unit = /^([+-]?\d+(?:\.\d+)?)\s*([a-z]+)$/i.exec(t);
  if (unit) {
    const f = US[unit[2].toLowerCase()];
    if (f === undefined) return undefined;
    return Math.round(Number(unit[1]) * f * 10);
  }
  const clock = /^([+-])?(?:(\d+)\.)?(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?$/.exec(t);
  if (clock) {
    const [, sign, d, h, mi, s, frac] = clock;
    const ticks =
      Number(d ?? 0) * 864e9 +
      Number(h) * 36e9 +
      Number(mi) * 6e8 +
      Number(s ?? 0) * 1e7 +
      Number((frac ?? '').padEnd(7, '0'));
    return sign === '-' ? -ticks : ticks;
  }
  if (/^[+-]?\d+(\.\d+)?$/.test(t)) return Math.round(Number(t) * 864e9); // time(2) = 2 days
  return undefined;
}

/** Ticks → whole microseconds, rounded down (-15 ticks is -2 µs), as Math.floor(ticks / 10) did. */
export const floorDiv10 = (ticks: bigint): bigint => (ticks < 0n && ticks % 10n !== 0n ? ticks / 10n - 1n : ticks / 10n);

/**
 * parseTimespanTicks without the rounding of a double: past 2^53 ticks (about 104,249 days) a
 * double no longer holds every tick, and `104249.00:00:00.000001` came out as 2 µs. The clock form
 * and a whole count of a unit are computed exactly; other forms are exact wherever the double is.
 */
export function parseTimespanTicksExact(text: string): bigint | null | undefined {
  const approx = parseTimespanTicks(text);
  if (typeof approx !== 'number' || Number.isSafeInteger(approx)) return typeof approx === 'number' ? BigInt(approx) : approx;
  let t = text.trim();
  const m = /^(?:time|timespan)\((.*)\)$/is.exec(t);
  if (m) t = quotedInterior(m[1]) ?? m[1].trim();
  const clock = /^([+-])?(?:(\d+)\.)?(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?$/.exec(t);
  if (clock) {
    const [, sign, d, h, mi, s, frac] = clock;
    const ticks =
      BigInt(d ?? 0) * 864_000_000_000n + BigInt(h) * 36_000_000_000n + BigInt(mi) * 600_000_000n + BigInt(s ?? 0) * 10_000_000n + BigInt((frac ?? '').padEnd(7, '0'));
    return sign === '-' ? -ticks : ticks;
  }
  const unit = /^([+-]?\d+)\s*([a-z]+)$/i.exec(t);
  const f = unit ? US[unit[2].toLowerCase()] : undefined;
  if (unit && f !== undefined && Number.isInteger(f * 10)) return BigInt(unit[1]) * BigInt(f * 10);
  // a fraction of a unit this large: its last ticks are not known here
  return undefined;
}

const MONTHS: Record<string, string> = {
  jan: '01', feb: '02', mar: '03', apr: '04', may: '05', jun: '06',
  jul: '07', aug: '08', sep: '09', oct: '10', nov: '11', dec: '12',
};

/**
 * Why a datetime literal's text is not read although `normaliseDatetime` could read it, or
 * undefined: the same forms todatetime() refuses per row (sql/macros.ts hb_str_to_dt). Eight
 * digits (`20240520`) are not among the datetime page's formats; month/day/year text is shown
 * only where the day cannot be a month (the parse page's 02/17/2016), so `02/03/2016` is open.
 */
export function undocumentedDatetimeForm(text: string): string | undefined {
  const t = text.trim().replace(/^(['"])(.*)\1$/s, '$2').trim();
  if (/^\d{8}$/.test(t)) return 'eight digits without separators are not among the datetime page\'s formats';
  const md = /^(\d{1,2})\/(\d{1,2})\/\d{4}/.exec(t);
  if (md && Number(md[1]) <= 12 && Number(md[2]) <= 12 && Number(md[1]) !== Number(md[2]))
    return 'month/day/year text whose day could be a month: which one Kusto reads is not documented (the parse page shows 02/17/2016)';
  return undefined;
}

/** Normalises a Kusto datetime text to `YYYY-MM-DD HH:MM:SS[.ffffff]`, or undefined. */
export function normaliseDatetime(text: string): string | null | undefined {
  let t = text.trim().replace(/^(['"])(.*)\1$/s, '$2').trim();
  if (t === 'null' || t === '') return null;
  const rfc = /^(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})(?:\s+(\d{2}:\d{2}(?::\d{2})?))?(?:\s*(?:GMT|UTC|Z))?$/.exec(t);
  if (rfc && MONTHS[rfc[2].toLowerCase()]) {
    return `${rfc[3]}-${MONTHS[rfc[2].toLowerCase()]}-${rfc[1].padStart(2, '0')} ${rfc[4] ?? '00:00:00'}`;
  }
  t = t.replace(/Z$/i, '').replace(/\s*(UTC|GMT)$/i, '');
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?$/.exec(t);
  if (!m) {
    const d8 = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
    if (d8) return `${d8[1]}-${d8[2]}-${d8[3]} 00:00:00`;
    const slash = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(t);
    if (slash)
      return `${slash[3]}-${slash[1].padStart(2, '0')}-${slash[2].padStart(2, '0')} ${(slash[4] ?? '0').padStart(2, '0')}:${slash[5] ?? '00'}:${slash[6] ?? '00'}`;
    return undefined;
  }
  const [, y, mo, d, h, mi, s, f] = m;
  const frac = f ? `.${f.slice(0, 6)}` : '';
  return `${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')} ${(h ?? '0').padStart(2, '0')}:${mi ?? '00'}:${s ?? '00'}${frac}`;
}

/** Why a value finer than a microsecond is refused (HB107): values are kept in microseconds. */
export const TICKS_REFUSED =
  'needs 100-nanosecond precision (ticks); datetimes and timespans are kept in microseconds here, so the value would be rounded';

/** True when a datetime text has a fraction finer than a microsecond (a 7th digit that is not 0). */
export function needsTicks(text: string): boolean {
  const f = /\d:\d{2}:\d{2}\.(\d+)/.exec(text)?.[1];
  return f !== undefined && /[1-9]/.test(f.slice(6));
}

export function timestampSql(norm: string): string {
  return `TIMESTAMP '${norm}'`;
}

/**
 * JSON text of a dynamic literal's value: datetimes as ISO text, longs beyond 2^53 (held as bigint
 * so no digit is lost) as their exact digits, and a whole real (`KReal`, `1.0`, `-0.0`) with its
 * fraction, so the text read back holds a real as Kusto's value does, not a long (JSON.stringify
 * writes 1.0 as `1` and -0.0 as `0`).
 */
export function jsonText(v: unknown): string {
  const marked = JSON.stringify(v, function (this: Record<string, unknown>, k, x) {
    const own = this[k];
    if (own instanceof KReal && Number.isFinite(own.v)) return `\u0000num:${Object.is(own.v, -0) ? '-0' : String(own.v)}${Number.isInteger(own.v) && !/e/i.test(String(own.v)) ? '.0' : ''}`;
    return x instanceof KDate ? `${x.norm.replace(' ', 'T')}Z` : typeof x === 'bigint' ? `\u0000big:${x}` : x;
  });
  return marked.replace(/"\\u0000big:(-?\d+)"/g, '$1').replace(/"\\u0000num:([-+.\de]+)"/g, '$1');
}

/**
 * A constant array mixing whole numbers and reals (dynamic([50, 75, 99.9])) travels as JSON text;
 * where its numbers are all read as reals (series, percentiles) it is the list of reals. Undefined
 * for anything else.
 */
export function constNumbersAsReals(p: Expr): Expr | undefined {
  if (p.k !== 'lit' || p.ty.shape.k !== 'json' || !/^'.*'$/s.test(p.sql)) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(p.sql.slice(1, -1).replaceAll("''", "'"));
  } catch {
    return undefined;
  }
  if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) return undefined;
  consume(p);
  return lit(`CAST([${v.map((x) => numSql(x)).join(', ')}] AS DOUBLE[])`, dyn({ k: 'list', of: { k: 'scalar', t: 'real' } }));
}

/** Shape of a JSON value; undefined when an array mixes kinds DuckDB cannot hold in one list. */
export function shapeOfValue(v: unknown): SqlShape | undefined {
  if (v === null || v === undefined) return { k: 'null' };
  if (typeof v === 'boolean') return { k: 'scalar', t: 'bool' };
  if (typeof v === 'number') return { k: 'scalar', t: Number.isInteger(v) && Math.abs(v) < 2 ** 63 ? 'long' : 'real' };
  if (typeof v === 'bigint') return { k: 'scalar', t: 'long' };
  if (v instanceof KReal) return { k: 'scalar', t: 'real' };
  if (typeof v === 'string') return { k: 'scalar', t: 'string' };
  if (v instanceof KDate) return { k: 'scalar', t: 'datetime' };
  if (Array.isArray(v)) {
    let s: SqlShape | undefined = { k: 'null' };
    for (const x of v) {
      const xs = shapeOfValue(x);
      s = xs && s ? unify(s, xs) : undefined;
      if (!s) return undefined;
    }
    return { k: 'list', of: s };
  }
  if (typeof v === 'object') {
    const fields: { name: string; shape: SqlShape }[] = [];
    for (const [name, x] of Object.entries(v as Record<string, unknown>)) {
      const xs = shapeOfValue(x);
      // A struct field that is null reads as a missing key: a property holding null needs JSON text.
      if (!xs || xs.k === 'null') return undefined;
      fields.push({ name, shape: xs });
    }
    if (fields.length === 0) return { k: 'map', value: { k: 'null' } };
    return { k: 'struct', fields };
  }
  return undefined;
}

/** A real with an integral value inside a dynamic literal (`1.0`: a real in Kusto, not a long). */
export class KReal {
  constructor(readonly v: number) {}
  toJSON(): number {
    return this.v;
  }
}

/** A datetime inside a dynamic literal (datetime(...) in JSON). */
export class KDate {
  constructor(readonly norm: string) {}
}

export function unify(a: SqlShape, b: SqlShape): SqlShape | undefined {
  if (a.k === 'null') return b;
  if (b.k === 'null') return a;
  if (a.k === 'scalar' && b.k === 'scalar') {
    if (a.t === b.t) return a;
    const num = new Set(['int', 'long', 'real', 'decimal']);
    if (num.has(a.t) && num.has(b.t)) {
      // A dynamic value keeps whether each number is integral (1 is a long, 1.5 a real: gettype,
      // tostring and toint tell them apart), so whole numbers and reals never share one DOUBLE list.
      if (a.t === 'real' || b.t === 'real' || a.t === 'decimal' || b.t === 'decimal') return undefined;
      return { k: 'scalar', t: 'long' };
    }
    return undefined;
  }
  if (a.k === 'list' && b.k === 'list') {
    const of = unify(a.of, b.of);
    return of && { k: 'list', of };
  }
  if (a.k === 'map' && b.k === 'map') {
    const value = unify(a.value, b.value);
    return value && { k: 'map', value };
  }
  if (a.k === 'struct' && b.k === 'map' && b.value.k === 'null') return a;
  if (b.k === 'struct' && a.k === 'map' && a.value.k === 'null') return b;
  if (a.k === 'struct' && b.k === 'struct') {
    const fields = a.fields.map((f) => ({ ...f }));
    for (const g of b.fields) {
      const f = fields.find((x) => x.name === g.name);
      if (!f) fields.push(g);
      else {
        const u = unify(f.shape, g.shape);
        if (!u) return undefined;
        f.shape = u;
      }
    }
    // A property bag keeps its keys in the order written (oracle saoc-r1-dynamic-json-0018 shows
    // {"b":2,"a":1} as written); one struct type has one key order, so bags whose keys come in
    // another order than the merged struct's would show, print and expand in the wrong order.
    const at = b.fields.map((g) => fields.findIndex((x) => x.name === g.name));
    if (at.some((i, j) => j > 0 && i < at[j - 1])) return undefined;
    return { k: 'struct', fields };
  }
  if (a.k === 'json' && b.k === 'json') return a;
  // sketches (lower/families/sketches.ts) of the same kind, value type, accuracy and weighting
  if (a.k === 'sketch' && b.k === 'sketch') return JSON.stringify(a) === JSON.stringify(b) ? a : undefined;
  return undefined;
}

/**
 * Whether a default value (prev()/next(), make-series `default =`) stands for a value of type `want`
 * exactly, with no conversion rule to guess: the same type, a whole number for a long or real, or a
 * whole-number literal within int range for an int. Callers add their own cases (a typed null, a
 * dynamic column) and refuse the rest.
 */
export function exactDefault(d: Expr, want: string): boolean {
  const t = d.ty.kql;
  if (t === want) return true;
  if ((t === 'int' || t === 'long') && (want === 'long' || want === 'real')) return true;
  const whole = (x: Expr): number =>
    x.k === 'lit' ? Number(/^(?:CAST\()?(-?\d+)\D*$/.exec(x.sql)?.[1]) : x.k === 'fn' && x.fn === '$neg' ? -whole(x.args[0]) : Number.NaN;
  return t === 'long' && want === 'int' && Math.abs(whole(d)) <= 2147483647;
}

/** Whether DuckDB can cast a value of one shape to another (no MAP inside to be made a STRUCT). */
export function castable(from: SqlShape, to: SqlShape): boolean {
  if (from.k === 'map' && to.k === 'struct') return false;
  if (from.k === 'list' && to.k === 'list') return castable(from.of, to.of);
  if (from.k === 'struct' && to.k === 'struct')
    return from.fields.every((f) => {
      const g = to.fields.find((x) => x.name === f.name);
      return !g || castable(f.shape, g.shape);
    });
  if (from.k === 'map' && to.k === 'map') return castable(from.value, to.value);
  return true;
}

/** Renders a JSON value as a DuckDB literal of the given shape (shape from shapeOfValue/unify). */
export function valueSql(v: unknown, shape: SqlShape): string {
  if (v === null || v === undefined || shape.k === 'null') return `CAST(NULL AS ${sqlType(shape)})`;
  switch (shape.k) {
    case 'scalar':
      if (shape.t === 'string') return str(String(v));
      if (shape.t === 'bool') return v ? 'true' : 'false';
      if (shape.t === 'datetime') return v instanceof KDate ? timestampSql(v.norm) : 'CAST(NULL AS TIMESTAMP)';
      if (shape.t === 'real') return numSql(v instanceof KReal ? v.v : Number(v));
      return `CAST(${String(v)} AS ${sqlType(shape)})`;
    case 'list': {
      const items = (v as unknown[]).map((x) => valueSql(x, shape.of));
      return `CAST([${items.join(', ')}] AS ${sqlType(shape)})`;
    }
    case 'struct': {
      const o = v as Record<string, unknown>;
      const items = shape.fields.map((f) => `${str(f.name)}: ${valueSql(o[f.name], f.shape)}`);
      return `CAST({${items.join(', ')}} AS ${sqlType(shape)})`;
    }
    case 'map': {
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o);
      if (keys.length === 0) return `CAST(MAP() AS ${sqlType(shape)})`;
      return `CAST(MAP {${keys.map((k) => `${str(k)}: ${valueSql(o[k], shape.value)}`).join(', ')}} AS ${sqlType(shape)})`;
    }
    case 'json':
      return str(jsonText(v));
    case 'sketch':
      throw new Error('internal error: a sketch value has no literal');
  }
}

export function numSql(n: number): string {
  if (Number.isNaN(n)) return "'NaN'::DOUBLE";
  if (n === Number.POSITIVE_INFINITY) return "'Infinity'::DOUBLE";
  if (n === Number.NEGATIVE_INFINITY) return "'-Infinity'::DOUBLE";
  // String(-0) is "0": -0.0 keeps its sign (1.0 / it is -Infinity, its text "-0.0")
  if (Object.is(n, -0)) return "CAST('-0.0' AS DOUBLE)";
  return `CAST(${String(n)} AS DOUBLE)`;
}

/** Parses a DuckDB type string (as written in catalog.json `duckType`) into a shape. */
export function shapeOfDuckType(t: string): SqlShape {
  let i = 0;
  const s = t.trim();
  const ws = () => {
    while (s[i] === ' ') i++;
  };
  const name = (): string => {
    ws();
    if (s[i] === '"') {
      let out = '';
      i++;
      while (i < s.length) {
        if (s[i] === '"' && s[i + 1] === '"') {
          out += '"';
          i += 2;
        } else if (s[i] === '"') {
          i++;
          break;
        } else out += s[i++];
      }
      return out;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_ ]*?(?=[\s,()[\]]|$)/.exec(s.slice(i));
    const w = m ? m[0] : '';
    i += w.length;
    return w;
  };
  const type = (): SqlShape => {
    ws();
    const word = name().toUpperCase();
    let out: SqlShape;
    if (word === 'STRUCT') {
      ws();
      i++; // (
      const fields: { name: string; shape: SqlShape }[] = [];
      while (s[i] !== ')' && i < s.length) {
        const n = name();
        const sh = type();
        fields.push({ name: n, shape: sh });
        ws();
        if (s[i] === ',') i++;
        ws();
      }
      i++;
      out = { k: 'struct', fields };
    } else if (word === 'MAP') {
      ws();
      i++;
      type();
      ws();
      i++; // ,
      const v = type();
      ws();
      i++;
      out = { k: 'map', value: v };
    } else {
      const scalars: Record<string, Exclude<KqlType, 'dynamic'>> = {
        VARCHAR: 'string', TEXT: 'string', STRING: 'string', BIGINT: 'long', INTEGER: 'int', INT: 'int',
        DOUBLE: 'real', FLOAT: 'real', BOOLEAN: 'bool', BOOL: 'bool', TIMESTAMP: 'datetime', HUGEINT: 'long',
        SMALLINT: 'int', TINYINT: 'int', UBIGINT: 'long', UINTEGER: 'long',
      };
      const sc = scalars[word];
      out = sc ? { k: 'scalar', t: sc } : word === 'JSON' ? { k: 'json' } : { k: 'scalar', t: 'string' };
    }
    ws();
    while (s[i] === '[' && s[i + 1] === ']') {
      i += 2;
      out = { k: 'list', of: out };
      ws();
    }
    return out;
  };
  return type();
}

