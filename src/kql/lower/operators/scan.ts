import type { Col, Expr } from '../../ir/types.ts';
import { unsupported } from '../context.ts';
import { asScalar, lowerExpr } from '../expr.ts';
import { emptyScope } from '../scope.ts';
import { conform, tyOfSCol } from '../tabular.ts';
import { scalar } from '../values.ts';
import { kids, nameOf, type OperatorLowerer, scopeOf } from './common.ts';
import { serialized } from './serialize.ts';

/**
 * `scan declare (v:T=default, …) with (step s: condition => v = expr, …;)` with one step: each row
 * that satisfies the condition is a match of its own, so a bare `v` is the declared default and
 * `s.v` is v's value at the previous matching row. Output: those rows plus the variables.
 * Several steps (a state machine over sequences of rows) are a coded gap.
 */
export const scan: OperatorLowerer = (n, input, cx) => {
  const declare = n.ch.find((c) => c.k === 'ScanDeclareClause');
  const steps = kids(n)
    .filter((c) => c.k === 'List')
    .flatMap((l) => kids(l))
    .filter((c) => c.k === 'ScanStep');
  if (steps.length !== 1) return unsupported(n, 'scan with more than one step (a sequence state machine)');
  const src = serialized(input, cx);
  const out = n.cols ?? [];
  const vars: { name: string; col: Col; init: Expr }[] = [];
  for (const p of declare ? kids(declare).flatMap((l) => (l.k === 'List' ? kids(l) : [])) : []) {
    const [decl, dflt] = kids(p);
    const name = nameOf(decl);
    const sc = out.find((c) => c.name === name);
    const ty = sc ? tyOfSCol(sc, n) : scalar('long');
    const initNode = dflt ? kids(dflt)[0] : undefined;
    const init = initNode ? conform(lowerExpr(initNode, emptyScope, cx), ty) : ({ k: 'lit', sql: `CAST(NULL AS ${ty.kql === 'string' ? 'VARCHAR' : 'BIGINT'})`, ty } as Expr);
    vars.push({ name, col: cx.col(name, ty), init });
  }
  const step = steps[0];
  const stepName = nameOf(kids(step)[0]);
  const [, condNode, comp] = kids(step);
  // Bare names read the defaults; `s.v` reads a marker column that the emitter binds to the
  // previous match's value.
  const params = new Map(vars.map((v) => [v.name, v.init]));
  const prev: Record<string, string> = {};
  const stepVars = new Map<string, Expr>();
  for (const v of vars) {
    const id = `p_${v.col.id}`;
    prev[id] = v.col.id;
    stepVars.set(v.name, { k: 'col', id, ty: v.col.ty });
  }
  const row = { ...scopeOf(src), params, steps: new Map([[stepName, stepVars]]) };
  const cond = asScalar(lowerExpr(condNode, row, cx), scalar('bool'));
  const assigned = new Map<string, Expr>();
  for (const a of comp ? kids(comp).flatMap((l) => (l.k === 'List' ? kids(l) : [])) : []) {
    const [target, expr] = kids(a);
    const v = vars.find((x) => x.name === nameOf(target));
    if (!v) return unsupported(a, 'scan assignment to an undeclared variable');
    assigned.set(v.name, conform(lowerExpr(expr, row, cx), v.col.ty));
  }
  return {
    op: 'scan',
    input: src,
    cond,
    vars: vars.map((v) => ({ col: v.col, init: v.init, e: assigned.get(v.name) ?? v.init })),
    prev,
    cols: [...src.cols, ...vars.map((v) => v.col)],
    ord: cx.ord(true),
  };
};
