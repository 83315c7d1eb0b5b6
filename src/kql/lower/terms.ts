/**
 * Kusto's term operators (`has`, `hasprefix`, `hassuffix`, `has_any`, `has_all` and their `_cs`
 * and `!` forms). Kusto indexes text as terms: runs of letters and digits. `has "x"` is true when
 * a term equals the needle — and a needle that starts (ends) with a separator, such as
 * `@"\CurrentVersion\Run"`, needs no term boundary on that side. A constant needle becomes a
 * compile-time RE2 pattern plus a cheap `contains` pre-filter that DuckDB evaluates first.
 */
import type { Expr, Ty } from '../ir/types.ts';
import { regexEscape, str } from '../sql/quote.ts';
import { FOLD_UNSURE } from '../sql/terms.ts';
import { consume } from './consume.ts';
import { lit, nullOf, scalar } from './values.ts';

export type TermKind = 'has' | 'hasprefix' | 'hassuffix';

const B = scalar('bool');
const fn = (name: string, args: Expr[], ty: Expr['ty']): Expr => ({ k: 'fn', fn: name, args, ty });
const S = scalar('string');
const SEP = '[^\\p{L}\\p{N}]';
/** The letters of sql/macros hb_fold_unsure. */
const FOLD_LETTERS = /\u0345|[\u00B5\u0130\u0131\u017F\u03C2\u03D0\u03D1\u03D5\u03D6\u03F0\u03F1\u03F4\u03F5\u1C80-\u1C88\u1E9B\u1E9E\u1F80-\u1FAF\u1FB3\u1FBC\u1FBE\u1FC3\u1FCC\u1FF3\u1FFC\u2126\u212A\u212B]/;
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
  // as for the text (sql term_ci): a needle holding a letter the two case foldings treat differently
  if (c !== undefined && !cs && FOLD_LETTERS.test(c)) return fn('hb_refuse', [lit(str(FOLD_UNSURE), S)], B);
  if (c !== undefined) {
    const pat = lit(str(termPattern(c, kind, cs)), S);
    // Pre-filter: a plain substring test (a case-insensitive literal regex is cheaper than lower()).
    const pre = cs ? c : `(?i)${regexEscape(c)}`;
    return fn(cs ? 'term_cs' : 'term_ci', [x, pat, lit(str(pre), S)], B);
  }
  return fn(`term_dyn_${kind}`, [x, needle, lit(cs ? "''" : "'(?i)'", S)], B);
}

/**
 * The column types whose text is joined by `termMatchAny`: their tostring() cannot raise an error
 * (a real's or a dynamic value's text can: HB108), so testing them together raises none that
 * testing them one by one, stopping at the first match, would not.
 */
const JOINABLE = new Set<Ty['kql']>(['string', 'guid', 'long', 'int', 'datetime', 'bool']);

/** Whether a column of type `ty` may go into `termMatchAny`'s joined text. */
export const joinableText = (ty: Ty): boolean => JOINABLE.has(ty.kql) && ty.shape.k === 'scalar';

/** The text conversions (lower/convert.ts) that give '' for null, never null. */
const NEVER_NULL = new Set(['to_string', 'bool_to_string', 'datetime_to_string']);

/**
 * `x1 <kind> needle or x2 <kind> needle or …` for a constant needle over several texts (`search
 * "x"`, `* has "x"` over a table's columns), exactly, with one regex for all of them: the texts are
 * joined with a control character the needle lacks, and the term's pattern runs once over the
 * joined text. Compiling a term's Unicode pattern costs DuckDB ~20 ms per occurrence in the SQL,
 * which made a whole-dataset search spend over a minute compiling patterns (docs/benchmarks.md).
 *
 * Why it is the same answer: a match of a needle without the separator lies inside one text; the
 * separator is neither a letter nor a digit, so next to it a term boundary holds exactly as it
 * does at that text's start or end (`^`/`$` of the one-text test); case folding never maps a
 * control character to a letter. concat_ws skips null texts, and where the separate tests would
 * give null (no text matched and one is null) the tail below gives null as well, so `not(…)` over
 * it is unchanged.
 */
export function termMatchAny(xs: Expr[], needle: string, kind: TermKind, cs: boolean): Expr {
  const or = (a: Expr, b: Expr): Expr => fn('$or', [a, b], B);
  const each = (x: Expr) => termMatch(x, lit(str(needle), S), kind, cs);
  const sep = [...Array(31).keys()].map((i) => i + 1).find((code) => !needle.includes(String.fromCharCode(code)));
  if (xs.length < 2 || sep === undefined) return xs.map(each).reduce(or, lit('false', B));
  const joined = fn('$texts_joined', [lit(`chr(${sep})`, S), ...xs], S);
  const nullable = xs.filter((x) => !(x.k === 'fn' && NEVER_NULL.has(x.fn)));
  if (nullable.length === 0) return each(joined);
  const anyNull = nullable.map((x) => fn('$isnull', [x], B)).reduce(or);
  return or(each(joined), { k: 'case', whens: [[anyNull, nullOf(B)]], else: lit('false', B), ty: B });
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
