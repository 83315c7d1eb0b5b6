import type { SqlShape } from '../api.ts';
import { str } from './quote.ts';

/**
 * SQL producing the JSON text of a value of the given shape (Kusto's tostring(dynamic)). A null
 * member of a property bag is left out, unless `nullMembers` (buildschema(), which must see it to
 * refuse it: a typed bag cannot tell a missing key from a null one). `shown`: the text is the
 * answer (tostring, strcat), not a value read back as JSON, so a real whose spelling in Kusto's
 * JSON is not known (NaN, ±Infinity, -0.0, an exponent, 17 significant digits: neither the pages
 * nor the oracle show them; Kusto's tostring(0.1 + 0.2) shows another last digit) is refused per
 * row (HB108).
 */
export function jsonTextSql(x: string, shape: SqlShape, depth = 0, nullMembers = false, shown = false): string {
  const v = `v${depth}`;
  const body = (): string => {
    switch (shape.k) {
      case 'null':
        return "'null'";
      case 'json':
        return x;
      case 'scalar':
        switch (shape.t) {
          case 'string':
          case 'guid':
            // JSON escapes: \\ \" \n \r \t \b \f; other control characters (\u00XX, whose case
            // Kusto's writer is not documented to use) are refused per row
            return `CASE WHEN regexp_matches(${x}, '[\\x00-\\x07\\x0B\\x0E-\\x1F]') THEN error('HB162: the JSON text of a string holding control characters is not supported')
              ELSE concat('"', replace(replace(replace(replace(replace(replace(replace(${x}, '\\', '\\\\'), '"', '\\"'), chr(10), '\\n'), chr(13), '\\r'), chr(9), '\\t'), chr(8), '\\b'), chr(12), '\\f'), '"') END`;
          case 'timespan':
            // a timespan in a bag is its text, as Kusto writes it ("00:01:00")
            return `concat('"', hb_timespan_text(${x}), '"')`;
          case 'bool':
            return `CASE WHEN ${x} THEN 'true' ELSE 'false' END`;
          case 'datetime':
            return `concat('"', strftime(${x}, '%Y-%m-%dT%H:%M:%S.%f0Z'), '"')`;
          case 'real':
            if (shown)
              return `CASE WHEN isnan(${x}) OR isinf(${x}) OR (${x} = 0 AND signbit(${x})) OR hb_real_text_unsure(${x})
                THEN error('HB108: the JSON text of a real that is NaN, infinite, -0.0, written with an exponent or needing 17 significant digits is not supported')
                ELSE ${jsonTextSql(x, shape, depth, nullMembers)} END`;
            return `CASE WHEN ${x} = trunc(${x}) AND abs(${x}) < 1e15 THEN concat(CAST(CAST(${x} AS BIGINT) AS VARCHAR), '.0') ELSE CAST(${x} AS VARCHAR) END`;
          default:
            return `CAST(${x} AS VARCHAR)`;
        }
      case 'list':
        return `concat('[', array_to_string(list_transform(${x}, ${v} -> ${jsonTextSql(v, shape.of, depth + 1, nullMembers, shown)}), ','), ']')`;
      case 'struct':
        return `concat('{', concat_ws(',', ${shape.fields
          .map((f) =>
            nullMembers
              ? `concat(${str(JSON.stringify(f.name) + ':')}, ${jsonTextSql(`${x}[${str(f.name)}]`, f.shape, depth + 1, nullMembers, shown)})`
              : `CASE WHEN ${x}[${str(f.name)}] IS NULL THEN NULL ELSE concat(${str(JSON.stringify(f.name) + ':')}, ${jsonTextSql(`${x}[${str(f.name)}]`, f.shape, depth + 1, false, shown)}) END`,
          )
          .join(', ')}), '}')`;
      case 'sketch':
        // lowering refuses every use of a sketch but storing and reading it (HB111)
        throw new Error('internal error: the JSON text of a sketch value');
      case 'map':
        return `concat('{', array_to_string(list_transform(map_entries(${x}), ${v} -> concat('"', ${v}.key, '":', ${jsonTextSql(`${v}.value`, shape.value, depth + 1, nullMembers, shown)})), ','), '}')`;
    }
  };
  return `CASE WHEN ${x} IS NULL THEN 'null' ELSE ${body()} END`;
}
