/**
 * Term operators for needles computed per row (see lower/terms.ts): constant needles arrive as a
 * ready RE2 pattern; a computed needle builds its pattern here, with a boundary only on a side
 * where the needle starts/ends with a letter or digit. Shared by sql/functions.ts and the families.
 */
const SEP = '[^\\p{L}\\p{N}]';

/** `$0 has $1` with the case flag $2, boundaries on the left and/or right side. */
export const dynTerm = (left: boolean, right: boolean) => (a: string[]) =>
  `regexp_matches(${a[0]}, concat(${a[2]}, ${left ? `CASE WHEN regexp_matches(${a[1]}, '^[\\p{L}\\p{N}]') THEN '(?:^|${SEP})' ELSE '' END, ` : ''}regexp_escape(${a[1]})${right ? `, CASE WHEN regexp_matches(${a[1]}, '[\\p{L}\\p{N}]$') THEN '(?:$|${SEP})' ELSE '' END` : ''}))`;

/** Case-insensitive `has` of SQL texts [source, needle]. */
export const has = (a: string[]): string => dynTerm(true, true)([a[0], a[1], "'(?i)'"]);
