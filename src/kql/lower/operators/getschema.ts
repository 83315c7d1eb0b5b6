import type { Expr } from '../../ir/types.ts';
import { str } from '../../sql/quote.ts';
import { unsupported } from '../context.ts';
import { lit, scalar } from '../values.ts';
import type { OperatorLowerer } from './common.ts';

/** The .NET type Kusto reports for each column type (getschema's DataType). */
const DOTNET: Record<string, string> = {
  bool: 'System.SByte',
  int: 'System.Int32',
  long: 'System.Int64',
  real: 'System.Double',
  string: 'System.String',
  datetime: 'System.DateTime',
  timespan: 'System.TimeSpan',
  guid: 'System.Guid',
  dynamic: 'System.Object',
};

/** `getschema`: one row per input column (name, ordinal, .NET type, Kusto type), known at compile time. */
export const getschema: OperatorLowerer = (n, input, cx) => {
  const S = scalar('string');
  const rows: Expr[][] = input.cols.map((c, i) => {
    const dotnet = DOTNET[c.ty.kql];
    if (!dotnet) return unsupported(n, `getschema of a ${c.ty.kql} column`, 'HB101');
    // the analyzer types ColumnOrdinal as long
    return [lit(str(c.name), S), lit(`CAST(${i} AS BIGINT)`, scalar('long')), lit(str(dotnet), S), lit(str(c.ty.kql), S)];
  });
  const names = ['ColumnName', 'ColumnOrdinal', 'DataType', 'ColumnType'];
  const cols = names.map((name, i) => cx.col((n.cols ?? [])[i]?.name ?? name, i === 1 ? scalar('long') : S));
  // serialized, as the serialize page lists getschema among the operators whose output is
  return { op: 'values', cols, rows, ord: cx.ord(true) };
};
