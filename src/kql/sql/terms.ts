/**
 * Term operators for needles computed per row (see lower/terms.ts): constant needles arrive as a
 * ready RE2 pattern; a computed needle builds its pattern here, with a boundary only on a side
 * where the needle starts/ends with a letter or digit. Shared by sql/functions.ts and the families.
 */
/** The refusal of a case-insensitive test of text holding a letter the two case foldings treat differently (hb_fold_unsure). */
export const FOLD_UNSURE =
  'HB162: a case-insensitive comparison of text holding a letter whose lower and upper case foldings disagree (İ ı ſ µ ς ẞ, the Kelvin sign …) is not supported: which one Kusto uses is not documented';

const SEP = '[^\\p{L}\\p{N}]';

/** `$0 has $1` with the case flag $2, boundaries on the left and/or right side. */
export const dynTerm = (left: boolean, right: boolean) => (a: string[]) =>
  a[2] === "''" ? dynTermMatch(left, right, a) : `(CASE WHEN hb_fold_unsure(concat(${a[0]}, ${a[1]})) THEN hb_fold_refuse() ELSE ${dynTermMatch(left, right, a)} END)`;

/** dynTerm's match, without the case-folding guard (case-insensitive texts: sql/macros hb_fold_unsure). */
const dynTermMatch = (left: boolean, right: boolean, a: string[]) =>
  `regexp_matches(${a[0]}, concat(${a[2]}, ${left ? `CASE WHEN regexp_matches(${a[1]}, '^[\\p{L}\\p{N}]') THEN '(?:^|${SEP})' ELSE '' END, ` : ''}regexp_escape(${a[1]})${right ? `, CASE WHEN regexp_matches(${a[1]}, '[\\p{L}\\p{N}]$') THEN '(?:$|${SEP})' ELSE '' END` : ''}))`;

/** Case-insensitive `has` of SQL texts [source, needle]. */
export const has = (a: string[]): string => dynTerm(true, true)([a[0], a[1], "'(?i)'"]);
