import type { NamedExpr } from '../../ir/types.ts';
import { LowerError, unsupported } from '../context.ts';
import { lowerExpr, member_ } from '../expr.ts';
import { callArgs, callName } from '../functions.ts';
import { dyn, scalar } from '../values.ts';
import { kids, type OperatorLowerer, passThrough, scopeOf } from './common.ts';

/**
 * `evaluate plugin(...)`. Only plugins whose output columns can be known when compiling are
 * supported: `bag_unpack(Col [, 'prefix'])` over a property bag whose keys the dataset declares
 * (a DuckDB STRUCT). Plugins whose columns depend on the data (pivot, …) are coded errors.
 */
export const evaluate: OperatorLowerer = (n, input, cx) => {
  const call = kids(n).find((c) => c.k === 'FunctionCallExpression');
  if (!call) return unsupported(n, 'evaluate without a plugin call');
  const name = callName(call);
  if (name === 'pivot')
    return unsupported(call, 'evaluate pivot: its output columns depend on the data, which huntbench must know before running; use summarize … by with one column per value instead', 'HB132');
  if (name !== 'bag_unpack') return unsupported(call, `evaluate ${name}`, 'HB132');
  const [colNode, prefixNode] = callArgs(call);
  const bag = lowerExpr(colNode, scopeOf(input), cx);
  const prefix = prefixNode ? String(prefixNode.value ?? '') : '';
  const s = bag.ty.shape;
  if (s.k !== 'struct')
    return unsupported(colNode, 'bag_unpack of a column whose keys are not declared (it must be a STRUCT in the catalog)', 'HB132');
  const source = bag.k === 'col' ? bag.id : undefined;
  const kept: NamedExpr[] = input.cols.filter((c) => c.id !== source).map((c) => passThrough(c, cx));
  const taken = new Set(kept.map((k) => k.col.name));
  // A key named like the bag column itself: Kusto's column order then differs; refuse.
  if (s.fields.some((f) => `${prefix}${f.name}` === (input.cols.find((c) => c.id === source)?.name ?? '')))
    return unsupported(call, 'bag_unpack of a key named like the unpacked column', 'HB132');
  const unpacked: NamedExpr[] = s.fields.map((f) => {
    const name = `${prefix}${f.name}`;
    if (taken.has(name)) throw new LowerError('HB151', `bag_unpack: column '${name}' already exists`, call);
    // A key whose values all have one scalar type becomes a column of that type.
    const e = member_(bag, f.name, call);
    if (f.shape.k === 'scalar') {
      const ty = scalar(f.shape.t);
      // A string column is never null in Kusto: a missing key reads ''.
      return { col: cx.col(name, ty), e: f.shape.t === 'string' ? { k: 'fn', fn: 'coalesce_str', args: [{ ...e, ty }], ty } : { ...e, ty } };
    }
    return { col: cx.col(name, dyn(f.shape)), e };
  });
  const items = [...kept, ...unpacked];
  return { op: 'select', input, items, cols: items.map((i) => i.col), ord: input.ord };
};
