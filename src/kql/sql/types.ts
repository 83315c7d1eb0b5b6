import type { KqlType, SqlShape } from '../api.ts';

const scalarSql: Record<Exclude<KqlType, 'dynamic'>, string> = {
  bool: 'BOOLEAN',
  datetime: 'TIMESTAMP',
  decimal: 'DOUBLE',
  guid: 'VARCHAR',
  int: 'INTEGER',
  long: 'BIGINT',
  real: 'DOUBLE',
  string: 'VARCHAR',
  // Timespans are carried as BIGINT microseconds: arithmetic stays exact and `t / 1h` is a number.
  timespan: 'BIGINT',
};

/** DuckDB type of a value of the given shape. */
export function sqlType(shape: SqlShape): string {
  switch (shape.k) {
    case 'scalar':
      return shape.int128 ? 'HUGEINT' : scalarSql[shape.t];
    case 'json':
      return 'VARCHAR';
    case 'null':
      return 'INTEGER';
    case 'list':
      return `${sqlType(shape.of)}[]`;
    case 'map':
      return `MAP(VARCHAR, ${sqlType(shape.value)})`;
    case 'sketch':
      return shape.weighted ? `STRUCT(v ${sqlType(shape.of)}, w BIGINT)[]` : `${sqlType(shape.of)}[]`;
    case 'struct':
      return `STRUCT(${shape.fields.map((f) => `"${f.name.replaceAll('"', '""')}" ${sqlType(f.shape)}`).join(', ')})`;
  }
}
