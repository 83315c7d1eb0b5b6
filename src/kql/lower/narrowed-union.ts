/**
 * The `union kind=inner` that left out columns the analyzer still lists (see union.ts): kept apart
 * from union.ts so the lowering's entry point can check it without an import cycle.
 */
import type { Rel } from '../ir/types.ts';
import type { SNode } from '../parse/index.ts';
import { type Ctx, LowerError } from './context.ts';

/**
 * A `union kind=inner` whose result has fewer columns than the analyzer lists (it does not apply
 * kind=inner): operators after it would read the analyzer's columns, so such a union is answered
 * only as the query's result itself (`refuseNarrowedUnion`).
 */
export const NARROWED = new WeakMap<Ctx, { rel: Rel; node: SNode }>();

/** Throws when a narrowed `union kind=inner` (above) feeds anything but the query's result. */
export function refuseNarrowedUnion(cx: Ctx, result: Rel | undefined): void {
  const u = NARROWED.get(cx);
  if (u && u.rel !== result)
    throw new LowerError('HB100', 'unsupported: union kind=inner over inputs with different columns, followed by other operators (only the union itself is answered); use project on its inputs to keep the common columns', u.node);
}


/** Operators whose output columns come from their input's relation alone (never the analyzer's list). */
const PASS_THROUGH = new Set(['FilterOperator', 'SortOperator', 'TakeOperator', 'TopOperator', 'CountOperator']);

/** A narrowed union stays answerable through `where`, `sort`, `take`, `top` and `count`. */
export function passNarrowed(cx: Ctx, input: Rel, out: Rel, op: SNode): void {
  const u = NARROWED.get(cx);
  if (u && u.rel === input && PASS_THROUGH.has(op.k)) NARROWED.set(cx, { rel: out, node: u.node });
}
