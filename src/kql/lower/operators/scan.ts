import type { Col, Expr, ScanStep } from '../../ir/types.ts';
import { unsupported } from '../context.ts';
import { asScalar, lowerExpr } from '../expr.ts';
import { emptyScope } from '../scope.ts';
import { conform, tyOfSCol } from '../tabular.ts';
import { lit, nullOf, scalar } from '../values.ts';
import { kids, nameOf, type OperatorLowerer, scopeOf } from './common.ts';
import { serialized } from './serialize.ts';

/**
 * `scan [with_match_id=Id] [declare (v:T[=default], …)] with (step s [output=all|none]: condition
 * [=> v = expr, …]; …)` (kusto/query/scan-operator, "Scan logic"). The lowering only resolves
 * names; the state machine itself is the emitter's (`sql/emit.ts`, `scan`):
 *  - a bare declared variable reads its declared default (oracle: `cum = cum + v` restarts at
 *    every row), a bare column the current row;
 *  - `s.x` (x a column or a variable) reads step s's entry in the state the check runs against; a
 *    marker column `r<step>_<id>` stands for it and the emitter binds it per check;
 *  - a variable a step does not assign is the declared default in that step's output.
 * `output=last` (which row of a run of repeated matches is kept is not specified) is refused.
 */
export const scan: OperatorLowerer = (n, input, cx) => {
  const declare = n.ch.find((c) => c.k === 'ScanDeclareClause');
  const params = kids(n)
    .filter((c) => c.k === 'List')
    .flatMap((l) => kids(l))
    .filter((c) => c.k === 'NamedParameter');
  const stepNodes = kids(n)
    .filter((c) => c.k === 'List')
    .flatMap((l) => kids(l))
    .filter((c) => c.k === 'ScanStep');
  if (!stepNodes.length) return unsupported(n, 'scan without steps');
  const src = serialized(input, cx);
  const out = n.cols ?? [];
  let matchId: Col | undefined;
  for (const p of params) {
    const [decl, value] = kids(p);
    if (nameOf(decl) !== 'with_match_id') return unsupported(p, `scan parameter ${nameOf(decl)}`, 'HB130');
    matchId = cx.col(nameOf(value), scalar('long'));
  }
  const vars: { name: string; col: Col; init: Expr }[] = [];
  for (const p of declare ? kids(declare).flatMap((l) => (l.k === 'List' ? kids(l) : [])) : []) {
    const [decl, dflt] = kids(p);
    const name = nameOf(decl);
    const sc = out.find((c) => c.name === name);
    if (!sc) return unsupported(decl, `scan variable ${name} missing from the analyzer's output`);
    const ty = tyOfSCol(sc, n);
    const initNode = dflt ? kids(dflt)[0] : undefined;
    // No default: null (a string is never null in Kusto: '').
    const init = initNode ? conform(lowerExpr(initNode, emptyScope, cx), ty) : ty.kql === 'string' ? lit("''", ty) : nullOf(ty);
    vars.push({ name, col: cx.col(name, ty), init });
  }
  // `s.x` markers, one per step and name; the emitter keeps state only for those used.
  const names = stepNodes.map((s) => nameOf(kids(s)[0]));
  const refs: { id: string; step: number; from: string; dflt: Expr }[] = [];
  const stepScopes = new Map<string, Map<string, Expr>>();
  names.forEach((name, j) => {
    const m = new Map<string, Expr>();
    for (const c of src.cols) {
      const id = `r${j}_${c.id}`;
      refs.push({ id, step: j, from: c.id, dflt: nullOf(c.ty) });
      m.set(c.name, { k: 'col', id, ty: c.ty });
    }
    for (const v of vars) {
      const id = `r${j}_${v.col.id}`;
      refs.push({ id, step: j, from: v.col.id, dflt: v.init });
      m.set(v.name, { k: 'col', id, ty: v.col.ty });
    }
    stepScopes.set(name, m);
  });
  // prev()/next() inside scan are errors in Kusto (oracle): no window functions here.
  const row = { ...scopeOf(src), win: false, params: new Map(vars.map((v) => [v.name, v.init])), steps: stepScopes };
  const steps: ScanStep[] = stepNodes.map((s, j) => {
    const rest = kids(s).slice(1);
    const outNode = rest[0]?.k === 'ScanStepOutput' ? rest.shift() : undefined;
    const mode = outNode ? (outNode.ch.filter((t) => t.k === 'Tok').at(-1)?.text ?? 'all') : 'all';
    if (mode === 'last') return unsupported(outNode!, 'scan step output=last (which row of a run of repeated matches Kusto keeps is not documented exactly)', 'HB130');
    if (mode !== 'all' && mode !== 'none') return unsupported(outNode!, `scan step output=${mode}`, 'HB130');
    const [condNode, comp] = rest;
    const cond = asScalar(lowerExpr(condNode, row, cx), scalar('bool'));
    const assigned = new Map<string, Expr>();
    for (const a of comp ? kids(comp).flatMap((l) => (l.k === 'List' ? kids(l) : [])) : []) {
      const [target, expr] = kids(a);
      const v = vars.find((x) => x.name === nameOf(target));
      if (!v) return unsupported(a, 'scan assignment to an undeclared variable');
      assigned.set(v.name, conform(lowerExpr(expr, row, cx), v.col.ty));
    }
    return { name: names[j], cond, assign: vars.map((v) => assigned.get(v.name) ?? v.init), output: mode };
  });
  const cols = [...src.cols, ...vars.map((v) => v.col), ...(matchId ? [matchId] : [])];
  return {
    op: 'scan',
    input: src,
    steps,
    vars: vars.map((v) => ({ col: v.col, init: v.init })),
    refs,
    ...(matchId ? { matchId } : {}),
    cols,
    ord: cx.ord(true),
  };
};
