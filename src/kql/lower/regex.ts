/**
 * Kusto regular expressions → DuckDB's RE2. Kusto documents its regex syntax (the "Regex syntax"
 * page of the KQL reference) as RE2-like with Unicode Perl classes: `\d` is `\p{Nd}`, `\s` Unicode
 * white space, `\w` Unicode word characters, while RE2's are ASCII only. Those classes are spelled
 * out for RE2 here; constructs RE2 would read differently (class set operations `&&` `--` `~~`,
 * nested classes, negated Perl classes inside a class) are refused rather than run with another
 * meaning. Only constant patterns can be translated: a computed pattern runs as RE2 reads it.
 */
import type { Expr } from '../ir/types.ts';
import type { SNode } from '../parse/index.ts';
import { unsupported } from './context.ts';

// Unicode White_Space (the property Kusto's `\s` uses).
const WS = '\\t-\\r \\x{85}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}';
// Unicode word characters: Alphabetic (letters, letter numbers, marks, the alphabetic symbols
// Ⓐ-ⓩ and 🄰-🆉), decimal digits, connector punctuation, joiners.
const WORD =
  '\\p{L}\\p{Nl}\\p{M}\\p{Nd}\\p{Pc}\\x{200C}\\x{200D}\\x{24B6}-\\x{24E9}\\x{1F130}-\\x{1F149}\\x{1F150}-\\x{1F169}\\x{1F170}-\\x{1F189}';

export interface KustoRegex {
  /** The pattern for RE2. */
  re: string;
  /** Number of capture groups (named ones included, numbered left to right). */
  groups: number;
  /** Whether any group is named. */
  named: boolean;
  /** Whether the pattern holds \\b or \\B (Unicode word boundaries in Kusto, ASCII ones in RE2). */
  wordBoundary: boolean;
  /** The name of each group (index 0 is group 1), undefined for an unnamed group. */
  names: (string | undefined)[];
}

/** Translates a constant Kusto regex for RE2, or refuses it (HB100) with the node's position. */
export function kustoRegex(p: string, n: SNode | null): KustoRegex {
  let out = '';
  let groups = 0;
  let named = false;
  let wordBoundary = false;
  const names: (string | undefined)[] = [];
  let i = 0;
  const refuse = (what: string): never => unsupported(n, `regex ${what} (RE2 would read it differently)`);
  while (i < p.length) {
    const c = p[i];
    if (c === '\\') {
      const e = p[i + 1];
      if (e === undefined) refuse('ending in a backslash');
      if (e === 'd') out += '\\p{Nd}';
      else if (e === 'D') out += '\\P{Nd}';
      else if (e === 's') out += `[${WS}]`;
      else if (e === 'S') out += `[^${WS}]`;
      else if (e === 'w') out += `[${WORD}]`;
      else if (e === 'W') out += `[^${WORD}]`;
      else {
        if (e === 'b' || e === 'B') wordBoundary = true;
        out += `\\${e}`;
      }
      i += 2;
      continue;
    }
    if (c === '[') {
      const end = readClass(p, i, refuse);
      out += end.text;
      i = end.next;
      continue;
    }
    if (c === '(') {
      const name = /^\(\?P?<([A-Za-z_]\w*)>/.exec(p.slice(i));
      if (p[i + 1] !== '?') {
        groups++;
        names.push(undefined);
      } else if (/^\(\?P?<[A-Za-z_]/.test(p.slice(i, i + 5))) {
        groups++;
        named = true;
        names.push(name?.[1]);
      }
    }
    out += c;
    i++;
  }
  return { re: out, groups, named, names, wordBoundary };
}

/** A bracketed class starting at p[i] === '['; returns its RE2 text and the index after it. */
function readClass(p: string, start: number, refuse: (what: string) => never): { text: string; next: number } {
  let i = start + 1;
  let text = '[';
  const negated = p[i] === '^';
  if (negated) {
    text += '^';
    i++;
  }
  // `\S` / `\W` inside a class: their Unicode complements cannot be written inside an RE2 class,
  // but a class is the union of its members, so `[x\S]` is `(?:[x]|[^WS])`; a negated class is
  // only translated when the negated Perl class is its only member (`[^\S]` is `[WS]`).
  const negatedPerl: string[] = [];
  if (p[i] === ']') {
    text += '\\]';
    i++;
  }
  while (i < p.length && p[i] !== ']') {
    const c = p[i];
    if (c === '\\') {
      const e = p[i + 1];
      if (e === 'd') text += '\\p{Nd}';
      else if (e === 'D') text += '\\P{Nd}';
      else if (e === 's') text += WS;
      else if (e === 'w') text += WORD;
      else if (e === 'S' || e === 'W') {
        // a range with a class at one end (`[\S-x]`) has no union form
        if ((p[i + 2] === '-' && p[i + 3] !== ']') || (text.endsWith('-') && text.length > (negated ? 3 : 2)))
          refuse(`class with \\${e} next to a range dash`);
        negatedPerl.push(e === 'S' ? WS : WORD);
      }
      else if (e === undefined) refuse('ending in a backslash');
      else text += `\\${e}`;
      i += 2;
      continue;
    }
    if (c === '[') {
      const posix = /^\[:\^?[a-z]+:\]/.exec(p.slice(i));
      // Kusto's regex page documents nested classes (`[x[^xyz]]`) and escapes `[` inside a class
      // (`[\[\]]`): `[[]` opens a nested class that is never closed, an invalid pattern there,
      // while RE2 would read it as a class holding `[`.
      if (!posix) refuse(`with a nested character class ('[' inside a class opens one in Kusto's syntax; escape it as \\[ to match a bracket)`);
      text += posix![0];
      i += posix![0].length;
      continue;
    }
    const two = p.slice(i, i + 2);
    if (two === '&&' || two === '--' || two === '~~') refuse(`character class set operation '${two}'`);
    text += c;
    i++;
  }
  if (i >= p.length) refuse('with an unterminated character class');
  if (negatedPerl.length === 0) return { text: `${text}]`, next: i + 1 };
  const rest = text.slice(negated ? 2 : 1);
  if (negated) {
    if (rest !== '' || negatedPerl.length !== 1) refuse('negated class holding a negated Perl class (\\S, \\W) and other members');
    return { text: `[${negatedPerl[0]}]`, next: i + 1 };
  }
  const parts = [...(rest === '' ? [] : [`[${rest}]`]), ...negatedPerl.map((c) => `[^${c}]`)];
  return { text: `(?:${parts.join('|')})`, next: i + 1 };
}

/**
 * The text a regex runs over, guarded where RE2 would read the pattern differently from Kusto's
 * regex syntax page: `\b`/`\B` are Unicode word boundaries there and ASCII ones in RE2 ("café"
 * matches regex @"caf\b" is false in Kusto, true in RE2), and a computed pattern reaches RE2
 * untranslated, so its `\d \s \w \b` (and negations) are ASCII classes. Both agree on ASCII text
 * (RE2's `\s` lacks only the vertical tab), so only a row whose text holds another character is
 * refused (HB162). `pattern` is the function's regex argument as written (read, not consumed).
 */
export function regexText(text: Expr, pattern: Expr, n: SNode | null): Expr {
  const s = pattern.k === 'lit' && /^'.*'$/s.test(pattern.sql) ? pattern.sql.slice(1, -1).replaceAll("''", "'") : undefined;
  if (s !== undefined) return kustoRegex(s, n).wordBoundary ? { k: 'fn', fn: 'regex_text_ascii', args: [text], ty: text.ty } : text;
  return { k: 'fn', fn: 'regex_text_guard', args: [text, pattern], ty: text.ty };
}
