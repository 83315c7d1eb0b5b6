import type { SqlShape } from '../../api.ts';
import type { Expr, NamedExpr, Rel } from '../../ir/types.ts';
import type { SNode } from '../../parse/index.ts';
import { str } from '../../sql/quote.ts';
import { type Ctx, LowerError, NeedsProbe, unsupported } from '../context.ts';
import { refuseSketchOperand } from '../families/sketches.ts';
import { lowerExpr, member_ } from '../expr.ts';
import { callArgs, callName } from '../functions.ts';
import { tyOfSCol } from '../tabular.ts';
import { dyn, lit, nullOf, scalar } from '../values.ts';
import { colRef } from '../scope.ts';
import { nameOf } from '../syntax.ts';
import { kids, type OperatorLowerer, passThrough, scopeOf } from './common.ts';
import { ipv4Lookup } from './ipv4-lookup.ts';
import { narrow } from './narrow.ts';
import { MAX_PIVOT_COLUMNS, pivot } from './pivot.ts';
import { slidingWindowCounts } from './sliding-window-counts.ts';
import { activityCountsMetrics } from './activity-counts-metrics.ts';
import { unserialized } from './serialize.ts';

/** Plugins whose pages do not define every output value, with the reason (HB132). */
const UNDOCUMENTED_PLUGINS: Record<string, string> = {
  activity_metrics:
    "its page's retention and churn definitions contradict its own 'retention = 100% - churn', and its examples run on random data, so no output is pinned",
  activity_engagement: 'its page shows its output only as charts of random data (how the outer window slides is not defined)',
  session_count: 'its page shows its output only as a chart (when a session is new or continues is not defined exactly)',
};

/**
 * `evaluate plugin(...)`. Only plugins whose output columns can be known when compiling are
 * supported: `bag_unpack(Col [, 'prefix'])` over a property bag whose keys the dataset declares
 * (a DuckDB STRUCT) or whose values all have one type (a MAP: a first pass reads its keys, below),
 * and `pivot` (pivot.ts: a first pass reads the values that name its columns). The output is
 * nonserialized: the serialize page lists evaluate among the operators that mark it so.
 */
export const evaluate: OperatorLowerer = (n, input, cx) => unserialized(evaluatePlugin(n, input, cx), cx);

const evaluatePlugin: OperatorLowerer = (n, input, cx) => {
  const consumedNamed = new Set<unknown>();
  const call = kids(n).find((c) => c.k === 'FunctionCallExpression');
  if (!call) return unsupported(n, 'evaluate without a plugin call');
  const name = callName(call);
  if (name === 'pivot') return pivot(n, call, input, cx);
  if (name === 'ipv4_lookup') return ipv4Lookup(n, call, input, cx);
  if (name === 'sliding_window_counts') return slidingWindowCounts(n, call, input, cx);
  if (name === 'activity_counts_metrics') return activityCountsMetrics(n, call, input, cx);
  if (name === 'narrow') {
    if (callArgs(call).length || n.ch.some((c) => c.k === 'EvaluateSchemaClause')) return unsupported(call, 'evaluate narrow() with arguments or an output schema', 'HB132');
    return narrow(call, input, cx);
  }
  const why = UNDOCUMENTED_PLUGINS[name];
  if (why) return unsupported(call, `evaluate ${name}: ${why}`, 'HB132');
  if (name !== 'bag_unpack') return unsupported(call, `evaluate ${name}`, 'HB132');
  const args = callArgs(call);
  const [colNode, prefixNode] = args;
  // columnsConflict (bag-unpack-plugin): 'error' is what happens anyway (HB151 below);
  // 'keep_source' ("source column is kept") and 'replace_source' ("source column is replaced")
  // decide which value a key named like an input column gives. Where that column goes: the page's
  // two examples unpack {"Name", "Age"} beside an input column Name to |Age|Name| with either
  // option, i.e. the column sits among the bag's (sorted) columns, not in the input column's place.
  // ignoredProperties is refused.
  let keepSource = false;
  let replaceSource = false;
  for (const [i, a] of args.entries()) {
    if (a.k === 'SimpleNamedExpression') {
      const [decl, value] = kids(a);
      const conflict = decl?.ch && JSON.stringify(decl).includes('"columnsConflict"') ? String(value?.value ?? '') : undefined;
      if (conflict !== 'error' && conflict !== 'keep_source' && conflict !== 'replace_source')
        return unsupported(a, 'bag_unpack named arguments (columnsConflict other than error/keep_source/replace_source, ignoredProperties)', 'HB132');
      keepSource = conflict === 'keep_source';
      replaceSource = conflict === 'replace_source';
      consumedNamed.add(a);
    } else if (i >= 2) return unsupported(a, 'bag_unpack arguments after the prefix (columnsConflict, ignoredProperties)', 'HB132');
  }
  const bag = lowerExpr(colNode, scopeOf(input), cx);
  refuseSketchOperand(bag, colNode, 'bag_unpack of a sketch');
  if (prefixNode && !consumedNamed.has(prefixNode) && typeof prefixNode.value !== 'string') return unsupported(prefixNode, 'bag_unpack with a computed prefix', 'HB132');
  const prefix = prefixNode && !consumedNamed.has(prefixNode) ? String(prefixNode.value ?? '') : '';
  const s0 = bag.ty.shape;
  if (keepSource && s0.k !== 'struct') return unsupported(colNode, "bag_unpack columnsConflict='keep_source' of a bag whose keys only the data knows", 'HB132');
  if (s0.k === 'map' && s0.value.k !== 'json' && s0.value.k !== 'null' && s0.value.k !== 'sketch' && !n.ch.some((c) => c.k === 'EvaluateSchemaClause'))
    return unpackMap(call, colNode, bag, s0.value, prefix, input, cx, replaceSource);
  const s = s0;
  if (s.k === 'json' && !n.ch.some((c) => c.k === 'EvaluateSchemaClause')) return unpackJson(call, colNode, bag, prefix, input, cx, replaceSource);
  if (s.k !== 'struct')
    return unsupported(colNode, 'bag_unpack of a column whose keys and value types are not known (JSON text, or values of mixed kinds)', 'HB132');
  const source = bag.k === 'col' ? bag.id : undefined;
  const slotNames = new Set(s.fields.map((f) => `${prefix}${f.name}`));
  // With keep_source / replace_source an input column named like a slot leaves the input's columns
  // and takes the slot's place among the unpacked ones (the page's examples, above).
  const others = input.cols.filter((c) => c.id !== source);
  const moved = keepSource || replaceSource ? others.filter((c) => slotNames.has(c.name)) : [];
  const kept: NamedExpr[] = others.filter((c) => !moved.includes(c)).map((c) => passThrough(c, cx));
  const taken = new Set(kept.map((k) => k.col.name));
  // The slots' columns are sorted, as the page's examples show (`{"Name", "Age"}` unpacks to Age,
  // Name; with Height, to Age, Height, Name), whatever the order of the bag's keys.
  let fields = [...s.fields].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  // A slot may be named like the unpacked column ("unless it's the column to unpack", the page's
  // Returns). Its column then comes first, before the other slots (oracle saoc-r2-dynamic-json-0026:
  // {"a", "b", "c", "d"} in column d unpacks to d, a, b, c): in the unpacked column's place, or first?
  // The two agree only when the input holds no other column; otherwise, and with keep_source, refused.
  // Its type is the slot's, or the unpacked column's (dynamic) if Kusto fills that column: they
  // agree only for a slot of arrays, bags or mixed kinds; a slot of scalars (or only nulls) is refused too.
  const sourceName = input.cols.find((c) => c.id === source)?.name;
  const clash = fields.find((f) => `${prefix}${f.name}` === sourceName);
  if (clash && (keepSource || replaceSource || input.cols.length !== 1 || !['list', 'struct', 'map', 'json'].includes(clash.shape.k)))
    return unsupported(
      call,
      'bag_unpack of a key named like the unpacked column, when the input has other columns, with keep_source/replace_source, or when the key holds scalars (where Kusto puts its column, and its type, are not documented)',
      'HB132',
    );
  if (clash) fields = [clash, ...fields.filter((f) => f !== clash)];
  const unpacked: NamedExpr[] = fields.map((f) => {
    const name = `${prefix}${f.name}`;
    if (taken.has(name)) throw new LowerError('HB151', `bag_unpack: column '${name}' already exists`, call);
    const kept = keepSource ? moved.find((c) => c.name === name) : undefined;
    if (kept) return passThrough(kept, cx);
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

/**
 * The first pass of a plugin whose output columns depend on the data: the distinct strings of
 * `list` (a list of strings per row) over `input`. Until that probe has run, the compile stops
 * with `NeedsProbe` (HB133, `why` says what only running the query can read, at most `limit`
 * values); once it has, the probe is recorded against `call` and its values are returned.
 */
function distinctStrings(call: SNode, input: Rel, name: string, list: Expr, cx: Ctx, what: { why: string; label: string; limit: number }): (string | null)[] {
  const S = scalar('string');
  const item = cx.col(name, dyn({ k: 'scalar', t: 'string' }));
  const expanded: Rel = { op: 'mvexpand', input, expands: [{ col: item, e: list }], keep: [], cols: [item] };
  const value = cx.col('value', S);
  const probe: Rel = { op: 'aggregate', input: expanded, keys: [{ col: value, e: { k: 'cast', e: colRef(item), to: 'VARCHAR', try: false, ty: S } }], aggs: [], cols: [value] };
  const key = cx.probeKey(probe);
  const got = cx.probeValues[key];
  if (!got) throw new NeedsProbe('HB133', what.why, call, probe, what.label, what.limit);
  cx.probesUsed.push({ key, label: `bag_unpack pass 1: ${what.label}`, start: call.s, end: call.e });
  return got;
}

/**
 * bag_unpack of a bag whose keys only the data knows and whose values all have one type (a MAP,
 * e.g. `make_bag(pack(Name, Value))`). As for pivot, a first pass reads the distinct keys over the
 * plugin's input (`NeedsProbe`); the second compile makes one column per key. Documented
 * (bag-unpack-plugin): one column per distinct top-level slot, named by the slot (with the
 * prefix), typed by the slot's values when they all have one type — here the map's value type —,
 * null where a row lacks the slot (oracle saoc-r2-dynamic-json-0025; '' for a string, which is
 * never null in Kusto). Refused (HB132/HB162): an empty key, a key named like the unpacked column
 * or an existing column, more than MAX_PIVOT_COLUMNS keys, and a slot present with a null value
 * (whether Kusto then types the column dynamic is not documented). The new columns are sorted
 * (ordinal), as the page's examples show for bags of known keys and as pivot's values are.
 */
function unpackMap(call: SNode, colNode: SNode, bag: Expr, value: SqlShape, prefix: string, input: Rel, cx: Ctx, replaceSource: boolean): Rel {
  const S = scalar('string');
  const name = nameOf(colNode);
  const got = distinctStrings(call, input, 'key', { k: 'fn', fn: 'map_keys', args: [bag], ty: dyn({ k: 'list', of: { k: 'scalar', t: 'string' } }) }, cx, {
    why: `evaluate bag_unpack: its output columns are the distinct keys of ${name}, which only running the query can read (huntbench runs a first pass for them when an engine is at hand; a pure compile cannot)`,
    label: `distinct keys of ${name}`,
    limit: MAX_PIVOT_COLUMNS,
  });
  const slots = got.filter((v): v is string => v !== null).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (slots.length > MAX_PIVOT_COLUMNS) return unsupported(call, `bag_unpack of more than ${MAX_PIVOT_COLUMNS} distinct keys`, 'HB132');
  if (slots.some((v) => v === '')) return unsupported(call, 'bag_unpack of an empty key (not a column name)', 'HB132');
  const source = bag.k === 'col' ? bag.id : undefined;
  const sourceName = input.cols.find((c) => c.id === source)?.name;
  if (slots.some((k) => `${prefix}${k}` === sourceName)) return unsupported(call, 'bag_unpack of a key named like the unpacked column', 'HB132');
  // replace_source: an input column named like a key is dropped; the key's column takes its
  // sorted place among the unpacked ones (the page's example, see evaluate above).
  const slotNames = new Set(slots.map((k) => `${prefix}${k}`));
  const kept: NamedExpr[] = input.cols.filter((c) => c.id !== source && !(replaceSource && slotNames.has(c.name))).map((c) => passThrough(c, cx));
  const taken = new Set(kept.map((k) => k.col.name));
  const ty = value.k === 'scalar' ? scalar(value.t) : dyn(value);
  const unpacked: NamedExpr[] = slots.map((k) => {
    const col = `${prefix}${k}`;
    if (taken.has(col)) throw new LowerError('HB151', `bag_unpack: column '${col}' already exists`, call);
    taken.add(col);
    const e: Expr = { k: 'fn', fn: 'map_slot_not_null', args: [bag, lit(str(k), S)], ty };
    return { col: cx.col(col, ty), e: ty.kql === 'string' ? { k: 'fn', fn: 'coalesce_str', args: [e], ty } : e };
  });
  const items = [...kept, ...unpacked];
  return { op: 'select', input, items, cols: items.map((i) => i.col), ord: input.ord };
}

/** hb_json_type's kinds → the column type of a slot whose values all have that kind. */
const JSON_KIND_TYPE: Record<string, 'long' | 'real' | 'string' | 'bool' | undefined> = { long: 'long', double: 'real', string: 'string', bool: 'bool' };

/**
 * bag_unpack of JSON text (`parse_json()` of a string column: its keys and the kinds of their
 * values are known only row by row). A first pass reads every (kind, key) pair of the rows'
 * top-level slots; the second compile makes one column per key, sorted (Kusto leaves the order
 * unspecified). Documented (bag-unpack-plugin, Returns): a column's type is the slot's type when
 * all its values have the same type, dynamic when they differ — here a JSON integer is long
 * (oracle saoc-r1-dynamic-json-0037), a number with a fraction or exponent real, a string string,
 * true/false bool, an array or a bag dynamic; null (or no slot) where a row lacks the key
 * (saoc-r2-dynamic-json-0025; '' for a string). A null row has no slots. Refused (HB132): a row
 * whose value is not a property bag (an array, a scalar), a slot present with a JSON null value
 * (the column type is then not documented), an empty key, a key named like the unpacked column or
 * an existing column, more than MAX_PIVOT_COLUMNS keys.
 */
function unpackJson(call: SNode, colNode: SNode, bag: Expr, prefix: string, input: Rel, cx: Ctx, replaceSource: boolean): Rel {
  const S = scalar('string');
  const name = nameOf(colNode);
  const got = distinctStrings(call, input, 'slot', { k: 'fn', fn: 'json_slot_kinds', args: [bag], ty: dyn({ k: 'list', of: { k: 'scalar', t: 'string' } }) }, cx, {
    why: `evaluate bag_unpack: its output columns are the distinct keys of ${name} (JSON text), which only running the query can read (huntbench runs a first pass for them when an engine is at hand; a pure compile cannot)`,
    label: `distinct keys of ${name}`,
    limit: MAX_PIVOT_COLUMNS * 4,
  });
  const kinds = new Map<string, Set<string>>();
  for (const v of got) {
    if (v === null) continue;
    const at = v.indexOf(':');
    const kind = v.slice(0, at);
    if (kind === 'notbag') return unsupported(call, `bag_unpack of ${name}: a row holds an array or a scalar, not a property bag (what Kusto makes of it is not documented)`, 'HB132');
    const k = v.slice(at + 1);
    if (!kinds.has(k)) kinds.set(k, new Set());
    kinds.get(k)!.add(kind);
  }
  const keys = [...kinds.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (keys.length > MAX_PIVOT_COLUMNS) return unsupported(call, `bag_unpack of more than ${MAX_PIVOT_COLUMNS} distinct keys`, 'HB132');
  if (keys.some((k) => k === '')) return unsupported(call, 'bag_unpack of an empty key (not a column name)', 'HB132');
  for (const k of keys)
    if (kinds.get(k)!.has('null')) return unsupported(call, `bag_unpack of ${name}: key '${k}' holds a null value in some row (Kusto does not document the column type then)`, 'HB132');
  const source = bag.k === 'col' ? bag.id : undefined;
  const sourceName = input.cols.find((c) => c.id === source)?.name;
  if (keys.some((k) => `${prefix}${k}` === sourceName)) return unsupported(call, 'bag_unpack of a key named like the unpacked column', 'HB132');
  // replace_source: as for a map (unpackMap), an input column named like a key is dropped.
  const keyNames = new Set(keys.map((k) => `${prefix}${k}`));
  const kept: NamedExpr[] = input.cols.filter((c) => c.id !== source && !(replaceSource && keyNames.has(c.name))).map((c) => passThrough(c, cx));
  const taken = new Set(kept.map((k) => k.col.name));
  const unpacked: NamedExpr[] = keys.map((k) => {
    const col = `${prefix}${k}`;
    if (taken.has(col)) throw new LowerError('HB151', `bag_unpack: column '${col}' already exists`, call);
    taken.add(col);
    const value: Expr = { k: 'fn', fn: 'json_get', args: [bag, lit(str(k), S)], ty: dyn({ k: 'json' }) };
    const ks = [...kinds.get(k)!];
    const t = ks.length === 1 ? JSON_KIND_TYPE[ks[0]] : undefined;
    if (!t) return { col: cx.col(col, dyn({ k: 'json' })), e: value };
    const ty = scalar(t);
    const conv = { long: 'json_to_long', real: 'json_to_real', string: 'json_to_string', bool: 'json_to_bool' }[t];
    return { col: cx.col(col, ty), e: { k: 'fn', fn: conv, args: [value], ty } };
  });
  const items = [...kept, ...unpacked];
  return { op: 'select', input, items, cols: items.map((i) => i.col), ord: input.ord };
}
