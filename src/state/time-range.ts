/**
 * The header's time range (last 1h / 24h / 7d / 30d / custom), relative to the dataset's pinned
 * `now`, applied to a query as a visible `| where Timestamp between (…)` (or `TimeGenerated` for
 * Sentinel tables) right after the table the query starts from — the same line a hunter would
 * type, shown in the status line and in Explain. It is left off, with the reason, when the query
 * sets its own time filter or does not start from one table with a time column (let, union,
 * datatable, print …): a filter in the wrong place would give a wrong answer.
 */
import type { Catalog } from '../catalog/types.ts';
import { DEFAULT_HUNT_DAYS, defaultHuntWindow, mentionsPlaceholder } from '../kql/hunt-window.ts';

export type TimeRange = { kind: 'off' } | { kind: 'last'; span: '1h' | '24h' | '7d' | '30d' } | { kind: 'custom'; from: string; to: string };

export const LAST_SPANS = ['1h', '24h', '7d', '30d'] as const;
const SPAN_MS: Record<(typeof LAST_SPANS)[number], number> = { '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 };

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,7})?)?Z$/;

/** The window as ISO UTC times, or null when off (or a custom range is not valid). */
export function timeWindow(range: TimeRange, now: string): { from: string; to: string } | null {
  if (range.kind === 'off') return null;
  if (range.kind === 'custom') {
    if (!ISO.test(range.from) || !ISO.test(range.to) || Date.parse(range.from) > Date.parse(range.to)) return null;
    return { from: range.from, to: range.to };
  }
  const end = Date.parse(now);
  if (Number.isNaN(end)) return null;
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
  return { from: iso(end - SPAN_MS[range.span]), to: iso(end) };
}

export type TimeFilter = { applied: true; kql: string; at: number; inserted: string; where: string } | { applied: false; kql: string; reason: string };

/** Skips leading whitespace and `//` comments. */
function bodyStart(kql: string): number {
  let i = 0;
  for (;;) {
    while (i < kql.length && /\s/.test(kql[i])) i++;
    if (kql.startsWith('//', i)) {
      const nl = kql.indexOf('\n', i);
      i = nl < 0 ? kql.length : nl + 1;
    } else return i;
  }
}

/** A query that filters its own time column (or uses ago()/now()) keeps its own window. */
export function setsOwnTime(kql: string, column: string): boolean {
  const code = kql.replace(/\/\/[^\n]*/g, '');
  return new RegExp(`\\b${column}\\b\\s*(>|<|==|between|!between|in\\b)`).test(code) || /\bago\s*\(/.test(code) || /\bnow\s*\(/.test(code);
}

/** Adds the time range to a query block (see the file comment for when it does not). */
export function applyTimeRange(kql: string, range: TimeRange, now: string, catalog: Catalog | null): TimeFilter {
  const win = timeWindow(range, now);
  if (!win) return { applied: false, kql, reason: range.kind === 'off' ? 'off' : 'the custom range is not valid' };
  const start = bodyStart(kql);
  const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(kql.slice(start));
  const table = m ? catalog?.tables.find((t) => t.name === m[0]) : undefined;
  if (!m || !table) return { applied: false, kql, reason: 'the query does not start from a table' };
  const after = kql.slice(start + m[0].length);
  if (/^\s*(\(|\.|\[|=)/.test(after)) return { applied: false, kql, reason: 'the query does not start from a table' };
  const col = table.columns.find((c) => (c.name === 'Timestamp' || c.name === 'TimeGenerated') && c.type === 'datetime');
  if (!col) return { applied: false, kql, reason: `${table.name} has no Timestamp or TimeGenerated column` };
  if (setsOwnTime(kql, col.name)) return { applied: false, kql, reason: 'the query sets its own time filter' };
  const where = `where ${col.name} between (datetime(${win.from}) .. datetime(${win.to}))`;
  const inserted = `\n| ${where}`;
  const at = start + m[0].length;
  return { applied: true, kql: kql.slice(0, at) + inserted + kql.slice(at), at, inserted, where };
}

/** An offset in the query with the filter back to an offset in the user's text. */
export function originalOffset(f: TimeFilter, offset: number): number {
  if (!f.applied || offset <= f.at) return offset;
  return Math.max(f.at, offset - f.inserted.length);
}

/**
 * What Microsoft Sentinel's `{{StartTimeISO}}` / `{{EndTimeISO}}` stand for in a query that has
 * them (kql/lower/placeholders.ts), with a line for the run saying so: the header's time range
 * when it is set, else the 30 days before the dataset's pinned now (the compiler's default).
 * `key` goes into the compile cache's inputs; `label` is the short form for the status line.
 * Null for a query without placeholders.
 */
export function huntWindowFor(kql: string, range: TimeRange, now: string): { window: { from: string; to: string }; key: string; note: string; label: string } | null {
  if (!mentionsPlaceholder(kql)) return null;
  const win = timeWindow(range, now);
  const window = win ?? defaultHuntWindow(now);
  if (!window) return null;
  const why = win
    ? 'the time range in the header'
    : range.kind === 'off'
      ? `time range off: the ${DEFAULT_HUNT_DAYS} days before the dataset's now`
      : `the custom range is not valid: the ${DEFAULT_HUNT_DAYS} days before the dataset's now`;
  const label = `{{StartTimeISO}} … {{EndTimeISO}}: ${win ? 'the time range' : `the ${DEFAULT_HUNT_DAYS} days before now`}`;
  return { window, key: `${window.from}/${window.to}`, note: `{{StartTimeISO}} … {{EndTimeISO}} = ${window.from} … ${window.to} (${why})`, label };
}
