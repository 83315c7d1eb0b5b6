/**
 * datetime functions: KQL → IR (SQL spellings in sql/families/datetime.ts).
 *
 * Time zones: DuckDB-WASM has no ICU offline, so the UTC offsets of every zone the KQL reference
 * lists come from a table generated with Node's ICU (bin/tz-table.mjs → tz-data.ts) for 1970..2040.
 * The zone must be a constant: its offsets are folded into the SQL as two list literals, per year
 * the offset at the year's start and the year's changes. Times outside the table are refused per row.
 */
import type { Expr } from '../../ir/types.ts';
import type { SNode } from '../../parse/index.ts';
import { LowerError, unsupported } from '../context.ts';
import { consume } from '../consume.ts';
import { convert } from '../convert.ts';
import { asScalar, fn } from '../expr.ts';
import { constString } from '../terms.ts';
import { TZ_FIRST_YEAR, TZ_LAST_YEAR, TZ_RULES, TZ_ZONES } from '../tz-data.ts';
import { lit, scalar } from '../values.ts';
import type { AggHandler, Handler } from './types.ts';

const DT = scalar('datetime');
const L = scalar('long');

interface ZoneSql {
  /** BIGINT[]: per year (1-based from TZ_FIRST_YEAR) the offset in µs at its first instant. */
  starts: string;
  /** BIGINT[][][]: per year its changes as [instant µs, offset µs]. */
  changes: string;
  /** BIGINT[]: every offset the zone uses in the table's years. */
  offsets: string;
}

const zoneCache = new Map<number, ZoneSql>();

function zoneSql(rule: number): ZoneSql {
  const hit = zoneCache.get(rule);
  if (hit) return hit;
  const [first, ...rest] = TZ_RULES[rule].split(',');
  const n36 = (s: string) => (s.startsWith('-') ? -parseInt(s.slice(1), 36) : parseInt(s, 36));
  const changes = rest.map((p) => p.split(':').map(n36) as [number, number]);
  const starts: number[] = [];
  const perYear: [number, number][][] = [];
  const used = new Set<number>();
  let off = n36(first);
  let k = 0;
  for (let y = TZ_FIRST_YEAR; y <= TZ_LAST_YEAR; y++) {
    const from = Date.UTC(y, 0, 1) / 1000;
    const to = Date.UTC(y + 1, 0, 1) / 1000;
    while (k < changes.length && changes[k][0] <= from) off = changes[k++][1];
    starts.push(off);
    used.add(off);
    const inYear: [number, number][] = [];
    for (let j = k; j < changes.length && changes[j][0] < to; j++) {
      inYear.push(changes[j]);
      used.add(changes[j][1]);
    }
    perYear.push(inYear);
  }
  const us = (s: number) => `${s * 1000000}`;
  const z: ZoneSql = {
    starts: `CAST([${starts.map(us).join(', ')}] AS BIGINT[])`,
    changes: `CAST([${perYear.map((ys) => `[${ys.map(([t, o]) => `[${us(t)}, ${us(o)}]`).join(', ')}]`).join(', ')}] AS BIGINT[][][])`,
    offsets: `CAST([${[...used].sort((a, b) => a - b).map(us).join(', ')}] AS BIGINT[])`,
  };
  zoneCache.set(rule, z);
  return z;
}

/** The zone argument: a constant name from the table (read at compile time). */
function zoneArgs(x: Expr, n: SNode, name: string): Expr[] {
  const tz = constString(x);
  if (tz === undefined) return unsupported(n, `${name}() with a computed time zone (only a constant zone name)`, 'HB120');
  const rule = TZ_ZONES[tz];
  if (rule === undefined) return unsupported(n, `${name}() time zone '${tz}' (not among the zones of the KQL reference known here; names are case-sensitive)`, 'HB120');
  consume(x);
  const z = zoneSql(rule);
  const list = (sql: string) => lit(sql, scalar('long'));
  return [list(z.starts), list(z.changes), list(z.offsets)];
}

const dt = (x: Expr): Expr => (x.ty.kql === 'dynamic' ? asScalar(x, DT) : x);

export const HANDLERS: Record<string, Handler> = {
  // row_window_session(t, maxFromFirst, maxBetweenNeighbors [, restart]) over the serialized
  // rows (sql/emit.ts session()); the two distances are documented as constants.
  row_window_session: (a, out, n, args, row) => {
    if (!row.win) throw new LowerError('HB105', 'row_window_session() needs a serialized input (add | serialize or | sort)', n);
    for (const i of [1, 2]) if (a[i].k !== 'lit') return unsupported(args[i] ?? n, 'row_window_session() with a computed distance', 'HB120');
    if (a[0].ty.kql !== 'datetime') return unsupported(args[0] ?? n, `row_window_session() of a ${a[0].ty.kql} value`, 'HB120');
    return { k: 'win', fn: 'session', args: a, ty: out };
  },
  datetime_utc_to_local: (a, out, n) => fn('tz_utc_to_local', [dt(a[0]), ...zoneArgs(a[1], n, 'datetime_utc_to_local')], out),
  datetime_local_to_utc: (a, out, n) => fn('tz_local_to_utc', [dt(a[0]), ...zoneArgs(a[1], n, 'datetime_local_to_utc')], out),
  // nanoseconds since 1970: kept to the microsecond (the engine's datetime precision); a value with
  // a finer part is refused per row rather than truncated
  unixtime_nanoseconds_todatetime: (a, out, n) => {
    const x = a[0].ty.kql === 'dynamic' ? asScalar(a[0], L) : a[0];
    if (x.ty.kql !== 'long' && x.ty.kql !== 'int') return unsupported(n, `unixtime_nanoseconds_todatetime() of a ${x.ty.kql} value`, 'HB120');
    return fn('unixtime_nanoseconds_todatetime', [convert(x, 'long')], out);
  },
};

export const AGGREGATES: Record<string, AggHandler> = {};
