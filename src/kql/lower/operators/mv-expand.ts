import type { Col, Expr, Ty } from '../../ir/types.ts';
import type { SNode } from '../../parse/index.ts';
import { LowerError, unsupported } from '../context.ts';
import { refuseSketchOperand } from '../families/sketches.ts';
import { lowerExpr } from '../expr.ts';
import { colRef } from '../scope.ts';
import { namedParams, nameOf as nm, paramText } from '../syntax.ts';
import { conform } from '../tabular.ts';
import { dyn, nullOf, scalar } from '../values.ts';
import { analyzerOnlyNames, firstArgumentName, kids, type OperatorLowerer, scopeOf, splitNamed } from './common.ts';

/**
 * `mv-expand [kind=bag|array] [with_itemindex=i] a [to typeof(T)], b = expr … [limit N]`: one row
 * per array element, arrays zipped; `[]` drops the row, null keeps one row with null. A property
 * bag gives one row per property: a single-property bag (kind=bag, the default) or a
 * `[key, value]` array (kind=array), as JSON text.
 */
export const mvExpand: OperatorLowerer = (n, input, cx) => {
  const params = namedParams(n);
  for (const [k, v] of params) if (k !== 'with_itemindex' && k !== 'kind' && k !== 'bagexpansion') return unsupported(v, `mv-expand parameter ${k}`, 'HB131');
  const kindNode = params.get('kind') ?? params.get('bagexpansion');
  const kind = kindNode ? paramText(kindNode).toLowerCase() : 'bag';
  if (kind !== 'bag' && kind !== 'array') return unsupported(kindNode ?? n, `mv-expand kind=${kind}`, 'HB131');
  // Order is kept when the input has one; an unordered input needs no row numbering. The output is
  // not serialized even when the input was: the serialize page lists mv-expand among the operators
  // whose "output row set … is marked as nonserialized" (window functions then need `serialize`).
  const src = input;
  const phantom = analyzerOnlyNames(input, cx);
  const exprs = kids(n)
    .filter((c) => c.k === 'List')
    .flatMap((l) => kids(l))
    .filter((c) => c.k === 'MvExpandExpression');
  const expands: { col: Col; e: Expr }[] = [];
  const replaced = new Set<string>();
  for (const me of exprs) {
    const [first, toType] = kids(me);
    const { name, expr } = splitNamed(first);
    const e = lowerExpr(expr, scopeOf(src), cx);
    refuseSketchOperand(e, expr, 'mv-expand of a sketch');
    let colName = name ?? nm(expr);
    // An unnamed path or expression (`mv-expand A.b`, `mv-expand todynamic(A.b)`): Kusto names the
    // column (A_b); the analyzer's output schema has that name as the one new column.
    // An expression over one column (`mv-expand parse_json(S)` of a string S) replaces that column:
    // the analyzer's schema shows it turned dynamic.
    // A bare column name is that column. A column holding jaccard_index()'s engine real (typed
    // dynamic by the analyzer, lower/engine-types.ts) is not one the expansion turned dynamic.
    if (!name && expr.k !== 'NameReference' && exprs.length === 1 && !params.get('with_itemindex')) {
      const fresh = (n.cols ?? [])
        .filter((o) => {
          const before = src.cols.find((c) => c.name === o.name);
          return !before || (before.ty.kql !== 'dynamic' && o.type === 'dynamic' && !cx.engineReal.has(o.name));
        })
        .map((o) => o.name);
      if (fresh.length === 1) colName = fresh[0];
    }
    // A function Kusto names after its first argument (`mv-expand todynamic(S)`, `parse_json(S)`,
    // ResultNameKind.FirstArgument), that argument a column: the expansion is named S, so it
    // replaces S (the mv-expand page: the value goes to a new column or replaces the existing one),
    // typed dynamic or as its `to typeof(T)`. The analyzer's schema keeps S at that type.
    if (!name) colName = firstArgumentName(expr, new Set((n.cols ?? []).map((o) => o.name))) ?? colName;
    if (e.ty.kql !== 'dynamic') return unsupported(me, 'mv-expand of a non-dynamic value');
    // A bag whose keys are known (struct) or not (map) is read as its JSON text, as tostring() writes it.
    // A scalar (a dynamic number, string …) is read the same way: it gives one record, itself.
    const bag = e.ty.shape.k === 'struct' || e.ty.shape.k === 'map' || e.ty.shape.k === 'scalar';
    const json = dyn({ k: 'json' });
    const s = bag ? json.shape : e.ty.shape;
    const src1: Expr = bag ? { k: 'fn', fn: '$json_text', args: [e], ty: json } : e;
    const elem = s.k === 'list' ? s.of : s.k === 'json' ? ({ k: 'json' } as const) : ({ k: 'null' } as const);
    let ty = dyn(elem);
    if (toType) {
      const t = (n.cols ?? []).find((c) => c.name === colName)?.type;
      if (t && t !== 'dynamic') ty = scalar(t as never);
    }
    // JSON text: an array gives its elements, an object one single-property object per property.
    const listE =
      s.k === 'list'
        ? e
        : s.k === 'json'
          ? ({ k: 'fn', fn: kind === 'array' ? 'json_items_array' : 'json_items', args: [src1], ty: dyn({ k: 'list', of: { k: 'json' } }) } as Expr)
          : ({ k: 'lit', sql: 'NULL', ty: dyn({ k: 'list', of: { k: 'null' } }) } as Expr);
    expands.push({ col: cx.col(colName, ty), e: listE });
    if (!name) replaced.add(colName);
  }
  const idxName = params.get('with_itemindex');
  const index = idxName ? cx.col(nm(idxName), scalar('long')) : undefined;
  const limNode = n.ch.find((c) => c.k === 'MvExpandRowLimitClause');
  const limit = limNode ? Number(kids(limNode)[0]?.value ?? collectNum(limNode)) : undefined;
  const keep = src.cols.filter((c) => !replaced.has(c.name));
  // An expansion the analyzer's schema has no column for would vanish from the output, leaving the
  // rows multiplied but the values unexpanded: refuse rather than answer that.
  const outNames = new Set((n.cols ?? []).map((c) => c.name));
  if (n.cols) for (const x of expands) if (!outNames.has(x.col.name)) throw new LowerError('HB151', `mv-expand: cannot place the expanded value '${x.col.name}' (name it: mv-expand Name = expression)`, n);
  const raw = { op: 'mvexpand' as const, input: src, expands, index, limit, keep, cols: [] as Col[], ord: src.ord ? cx.ord() : undefined };
  // Element values of `to typeof(T)` expansions are cast after expansion.
  const all: Col[] = [...keep, ...expands.map((x) => ({ ...x.col, ty: dyn(x.e.ty.shape.k === 'list' ? x.e.ty.shape.of : { k: 'null' }) })), ...(index ? [index] : [])];
  raw.cols = all;
  const byName = new Map(all.map((c) => [c.name, c]));
  const order = (n.cols ?? []).map((c) => c.name).filter((x) => byName.has(x) || !phantom.has(x));
  const items = order.map((name) => {
    const c = byName.get(name);
    if (!c) throw new LowerError('HB151', `mv-expand: cannot place column ${name}`, n);
    const target = expands.find((x) => x.col.name === name)?.col.ty ?? c.ty;
    // a real element to typeof(long): a whole value conforms (oracle: series_iir's reals expand to
    // longs); whether a fraction is nulled or truncated is not documented (HB162 while it runs)
    return { col: cx.col(name, target), e: expandedAs(c, target, n) };
  });
  return { op: 'select', input: raw, items, cols: items.map((i) => i.col), ord: raw.ord };
};

/** An expanded element column (dynamic) as the `to typeof(T)` type (mv-expand and mv-apply). */
export function expandedAs(c: Col, target: Ty, node: SNode): Expr {
  const sh = c.ty.shape;
  if (target.kql === 'long' && c.ty.kql === 'dynamic' && sh.k === 'scalar' && sh.t === 'real')
    return { k: 'fn' as const, fn: 'real_whole_to_long', args: [{ ...colRef(c), ty: scalar('real') }], ty: target };
  // a long element to typeof(int): kept when it fits an int. Evidence of Kusto's output: Microsoft's
  // "Just another Kusto hacker" contest (github.com/microsoft/just-another-kusto-hacker), whose
  // entries must print that text; one evaluates a polynomial at `mv-apply X=range(1, 5) to typeof(int)`
  // and prints it only when X is 1..5 (nulls would print nothing). Outside the int range: HB162.
  if (target.kql === 'int' && c.ty.kql === 'dynamic' && sh.k === 'scalar' && sh.t === 'long')
    return { k: 'fn' as const, fn: 'long_elem_to_int', args: [{ ...colRef(c), ty: scalar('long') }], ty: target };
  // a real element to typeof(int): not shown anywhere (nulled? truncated? kept when whole?): refused while running
  if (target.kql === 'int' && c.ty.kql === 'dynamic' && sh.k === 'scalar' && sh.t === 'real')
    return { k: 'fn' as const, fn: 'hb_refuse', args: [{ k: 'lit', sql: "'HB162: unsupported: mv-expand … to typeof(int) of real elements (the mv-expand page says non-conforming elements become null, but not which ones conform)'", ty: scalar('string') }], ty: target };
  if (c.ty.kql === 'dynamic' && target.kql !== 'dynamic') {
    const cast = castOnly(colRef(c), target, node);
    if (cast) return cast;
  }
  return conform(colRef(c), target);
}

/**
 * `to typeof(T)` of elements whose kind the data decides: "cast only … doesn't include parsing or
 * type conversion; array elements that don't conform with the declared type become null values"
 * (mv-expand page; the mv-apply page: "elements that don't conform to this type are replaced by a
 * null value"). A string, array or property bag is not a number or a bool: null (no parsing of
 * "1"). A number to long / real and a bool to bool are kept (a real to long when whole, as above);
 * a number to string, a bool to a number and the like are not documented: refused while running.
 * Datetime, timespan and guid targets keep the conversion (inside JSON text they are strings).
 */
function castOnly(e: Expr, target: Ty, node: SNode): Expr | undefined {
  const sh = e.ty.shape;
  const t = target.kql;
  const numeric = t === 'long' || t === 'int' || t === 'real' || t === 'decimal';
  const refuse = (what: string): Expr => ({ k: 'fn', fn: 'hb_refuse', args: [{ k: 'lit', sql: `'HB162: unsupported: mv-expand … to typeof(${t}) of ${what} (the mv-expand page says non-conforming elements become null, but not which ones conform)'`, ty: scalar('string') }], ty: target });
  const nul: Expr = nullOf(target);
  // a string to datetime / timespan / guid: "no parsing" would make it null, yet these values are
  // held as text inside dynamic, so whether Kusto's cast reads it is not clear: refused while running
  const textual = t === 'datetime' || t === 'timespan' || t === 'guid';
  if (sh.k === 'scalar') {
    // elements known to be strings (split(), bag_keys() …): never parsed
    if (sh.t === 'string' && (numeric || t === 'bool')) return nul;
    if (sh.t === 'string' && textual)
      return { k: 'case', whens: [[{ k: 'fn', fn: '$isnull', args: [e], ty: scalar('bool') }, nul]], else: refuse('string elements'), ty: target };
    if (t === 'string' && sh.t !== 'string') return refuse(`${sh.t} elements`);
    return undefined;
  }
  if (sh.k !== 'json' || !(numeric || t === 'bool' || t === 'string' || textual)) return undefined;
  const text: Expr = { ...e, ty: dyn({ k: 'json' }) };
  const type: Expr = { k: 'fn', fn: 'json_type', args: [text], ty: scalar('string') };
  const is = (...kinds: string[]): Expr => ({ k: 'fn', fn: '$in', args: [type, ...kinds.map((k) => ({ k: 'lit' as const, sql: `'${k}'`, ty: scalar('string') }))], ty: scalar('bool') });
  if (textual) return { k: 'case', whens: [[is('string'), refuse('string elements')]], else: nul, ty: target };
  const nonConforming = t === 'string' ? ['array', 'dictionary', 'null'] : ['string', 'array', 'dictionary', 'null'];
  // (an int target keeps a long element that fits, as above; a real element stays refused)
  const conforming = t === 'bool' ? ['bool'] : t === 'string' ? ['string'] : t === 'real' || t === 'decimal' ? ['long', 'double'] : t === 'long' ? ['long'] : [];
  const whens: [Expr, Expr][] = [[is(...nonConforming), t === 'string' ? { k: 'lit', sql: "''", ty: target } : nul]];
  if (conforming.length) whens.push([is(...conforming), conform(text, target, node)]);
  if (t === 'int') whens.push([is('long'), { k: 'fn', fn: 'long_elem_to_int', args: [conform(text, scalar('long'), node)], ty: target }]);
  if (t === 'long') whens.push([is('double'), { k: 'fn', fn: 'real_whole_to_long', args: [conform(text, scalar('real'), node)], ty: target }]);
  return { k: 'case', whens, else: refuse('an element of another kind'), ty: target };
}

function collectNum(n: { ch: { text?: string; ch: unknown[] }[] }): number {
  const t = JSON.stringify(n).match(/"text":"(\d+)"/);
  return t ? Number(t[1]) : Number.NaN;
}
