/**
 * Kusto's term operators (`has`, `hasprefix`, `hassuffix`, `has_any`, `has_all` and their `_cs`
 * and `!` forms). Kusto indexes text as terms: runs of letters and digits. `has "x"` is true when
 * a term equals the needle — and a needle that starts (ends) with a separator, such as
 * `@"\CurrentVersion\Run"`, needs no term boundary on that side. A constant needle becomes a
 * compile-time RE2 pattern plus a cheap `contains` pre-filter that DuckDB evaluates first.
 */
import type { Expr, Ty } from '../ir/types.ts';
import { regexEscape, str } from '../sql/quote.ts';
import { consume } from './consume.ts';
import { lit, scalar } from './values.ts';

export type TermKind = 'has' | 'hasprefix' | 'hassuffix';

const B = scalar('bool');
const fn = (name: string, args: Expr[], ty: Expr['ty']): Expr => ({ k: 'fn', fn: name, args, ty });
const S = scalar('string');
const SEP = '[^\\p{L}\\p{N}]';
const ALNUM = /^[\p{L}\p{N}]/u;
const ALNUM_END = /[\p{L}\p{N}]$/u;

/** A string literal's value (read at compile time, so the argument counts as consumed). */
export function constString(e: Expr): string | undefined {
  return e.k === 'lit' && /^'.*'$/s.test(e.sql) ? consume(e).sql.slice(1, -1).replaceAll("''", "'") : undefined;
}

/** The RE2 pattern for a constant needle. */
export function termPattern(needle: string, kind: TermKind, cs: boolean): string {
  const left = kind !== 'hassuffix' && ALNUM.test(needle) ? `(?:^|${SEP})` : '';
  const right = kind !== 'hasprefix' && ALNUM_END.test(needle) ? `(?:$|${SEP})` : '';
  return `${cs ? '' : '(?i)'}${left}${regexEscape(needle)}${right}`;
}

/** `x <kind>[_cs] needle` as an IR boolean. */
export function termMatch(x: Expr, needle: Expr, kind: TermKind, cs: boolean): Expr {
  const c = constString(needle);
  if (c !== undefined) {
    const pat = lit(str(termPattern(c, kind, cs)), S);
    // Pre-filter: a plain substring test (a case-insensitive literal regex is cheaper than lower()).
    const pre = cs ? c : `(?i)${regexEscape(c)}`;
    return fn(cs ? 'term_cs' : 'term_ci', [x, pat, lit(str(pre), S)], B);
  }
  return fn(`term_dyn_${kind}`, [x, needle, lit(cs ? "''" : "'(?i)'", S)], B);
}

/**
 * The characters of each non-text type's text (what tostring() gives: `-12`, `1.5E+20`, `NaN`,
 * `2024-05-20T00:00:00.123Z`, `1.02:03:04`, `true`, a lower-case guid). A needle holding a
 * character outside its column type's set can be in none of its values' texts, so `has`,
 * `contains`, prefixes and suffixes over every column (`search "x"`, `* has "x"`) need not turn
 * that column into text at all. Strings and dynamic values can hold anything.
 */
const TEXT_CHARS: Partial<Record<Ty['kql'], string>> = {
  long: '-0123456789',
  int: '-0123456789',
  real: '-+.0123456789EeNaInfity',
  decimal: '-+.0123456789Ee',
  datetime: '-:.0123456789TZ',
  timespan: '-:.0123456789',
  bool: 'truefals',
  guid: '-0123456789abcdef',
};

/** Whether a value of type `ty`, as text, may hold `needle` (false only when it certainly cannot). */
export function textMayHold(ty: Ty, needle: string, cs: boolean): boolean {
  const chars = TEXT_CHARS[ty.kql];
  if (chars === undefined || ty.kql === 'dynamic') return true;
  // (case-insensitive: a non-ASCII letter may fold to an ASCII one, as the Kelvin sign to k)
  if (!cs && /[^\x00-\x7f]/.test(needle)) return true;
  const set = cs ? chars : chars.toLowerCase();
  return [...needle].every((ch) => set.includes(cs ? ch : ch.toLowerCase()));
}
