/**
 * The one place KQL text is quoted: every value or name that huntbench writes into a query it
 * builds (investigation views, pack parameters, result filters, editor completions) goes through
 * these, so user text can never end a literal early. Property-tested round trip through the
 * compiler and the engine (test/kql/quote.test.ts). The SQL counterpart is `sql/quote.ts`.
 */

/**
 * A KQL string literal: double quotes; backslash escapes for `\` and `"`, `\n`, `\r`, `\t`
 * (Kusto's documented escapes) and `\uXXXX` for any other control character.
 */
export function kqlString(s: string): string {
  return `"${s.replace(/[\\"\u0000-\u001f\u007f]/g, (ch) => ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

const IDENT_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A column or table name: bare when it is a plain identifier, else the bracketed `["name"]` form. */
export function kqlName(name: string): string {
  return IDENT_RE.test(name) ? name : `[${kqlString(name)}]`;
}
