/**
 * The only functions that put user text into SQL. Every identifier and string literal goes
 * through these, so no KQL text can escape a literal or an identifier (property-tested).
 */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function str(s: string): string {
  // NUL cannot travel inside a DuckDB string literal; chr(0) keeps the value intact.
  if (s.includes('\0')) return s.split('\0').map(str).join(' || chr(0) || ');
  return `'${s.replaceAll("'", "''")}'`;
}

/** Escape text for use as a literal inside an RE2 pattern. */
export function regexEscape(s: string): string {
  return s.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}
