import type { Expr, NamedExpr } from '../../ir/types.ts';
import { LowerError, unsupported } from '../context.ts';
import { refuseSketchOperand } from '../families/sketches.ts';
import { lowerExpr, member_ } from '../expr.ts';
import { callArgs, callName } from '../functions.ts';
import { tyOfSCol } from '../tabular.ts';
import { dyn, lit, nullOf, scalar } from '../values.ts';
import { kids, type OperatorLowerer, passThrough, scopeOf } from './common.ts';
import { narrow } from './narrow.ts';
import { pivot } from './pivot.ts';

/**
 * `evaluate plugin(...)`. Only plugins whose output columns can be known when compiling are
 * supported: `bag_unpack(Col [, 'prefix'])` over a property bag whose keys the dataset declares
 * (a DuckDB STRUCT), and `pivot` (pivot.ts: a first pass reads the values that name its columns).
 */
export const evaluate: OperatorLowerer = (n, input, cx) => {
  const consumedNamed = new Set<unknown>();
  const call = kids(n).find((c) => c.k === 'FunctionCallExpression');
  if (!call) return unsupported(n, 'evaluate without a plugin call');
  const name = callName(call);
  if (name === 'pivot') return pivot(n, call, input, cx);
  if (name === 'narrow') {
    if (callArgs(call).length || n.ch.some((c) => c.k === 'EvaluateSchemaClause')) return unsupported(call, 'evaluate narrow() with arguments or an output schema', 'HB132');
    return narrow(call, input, cx);
  }
  if (name !== 'bag_unpack') return unsupported(call, `evaluate ${name}`, 'HB132');
  const args = callArgs(call);
  const [colNode, prefixNode] = args;
  // columnsConflict / ignoredProperties (named or third and later arguments) are not implemented;
  // columnsConflict='error' is what happens anyway (HB151 below).
  for (const [i, a] of args.entries()) {
    if (a.k === 'SimpleNamedExpression') {
      const [decl, value] = kids(a);
      const isDefault = decl?.ch && JSON.stringify(decl).includes('"columnsConflict"') && String(value?.value ?? '') === 'error';
      if (!isDefault) return unsupported(a, 'bag_unpack named arguments (columnsConflict, ignoredProperties)', 'HB132');
      consumedNamed.add(a);
    } else if (i >= 2) return unsupported(a, 'bag_unpack arguments after the prefix (columnsConflict, ignoredProperties)', 'HB132');
  }
  const bag = lowerExpr(colNode, scopeOf(input), cx);
  refuseSketchOperand(bag, colNode, 'bag_unpack of a sketch');
  if (prefixNode && !consumedNamed.has(prefixNode) && typeof prefixNode.value !== 'string') return unsupported(prefixNode, 'bag_unpack with a computed prefix', 'HB132');
  const prefix = prefixNode && !consumedNamed.has(prefixNode) ? String(prefixNode.value ?? '') : '';
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
  const schema = n.ch.find((c) => c.k === 'EvaluateSchemaClause');
  if (!schema) return { op: 'select', input, items, cols: items.map((i) => i.col), ord: input.ord };
  // `: (col:type, …)` is the whole output: its columns in its order; a declared column the bag
  // lacks is empty (null; '' for a string), a bag key it does not declare is dropped. A declared
  // type other than the column's own would need a conversion Kusto does not document: refuse.
  const out: NamedExpr[] = (n.cols ?? []).map((c) => {
    const want = tyOfSCol(c, n);
    const have = items.find((it) => it.col.name === c.name);
    if (!have) {
      const e: Expr = want.kql === 'string' ? lit("''", want) : nullOf(want);
      return { col: cx.col(c.name, want), e };
    }
    if (have.col.ty.kql !== want.kql) return unsupported(schema, `bag_unpack output schema column ${c.name}:${want.kql} (the column is ${have.col.ty.kql})`, 'HB132');
    return { col: cx.col(c.name, have.col.ty), e: have.e };
  });
  return { op: 'select', input, items: out, cols: out.map((i) => i.col), ord: input.ord };
};
