/**
 * Storage names of a table's columns. DuckDB column names are case-insensitive, Kusto's are not
 * (DeviceProcessEvents has both `LogonId` and `LogonID`). A later column whose name clashes gets
 * `_1` (`_2` …) appended, as DuckDB's own Arrow import names it, so both storage formats expose the
 * same columns; the compiler reads each KQL column from its own storage column with the same map.
 */
export function storageNames(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.map((n) => {
    let out = n;
    for (let k = 1; seen.has(out.toLowerCase()); k++) out = `${n}_${k}`;
    seen.add(out.toLowerCase());
    return out;
  });
}
