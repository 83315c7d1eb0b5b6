/**
 * Where Kusto's engine and its analyzer disagree on a type.
 *
 * `datetime_diff('week', …)`: the analyzer (and so the parser's column types) says long, while
 * Kusto's engine returns a real (oracle: `print dd = datetime_diff('week', …)` is `2.0`, typed
 * real). As a column of the result it is given the engine's type; used inside an expression or
 * by another operator (where the analyzer's long would type what is computed from it), it is
 * refused with HB100 rather than computed with one type and shown with the other.
 *
 * `jaccard_index(a, b)` likewise: the analyzer says dynamic, the engine returns a real (oracle case
 * saoc-r3-dynamic-json-0007).
 *
 * The handler lowers the call to the IR function `datetime_diff_week` (typed long, the analyzer's
 * type); `engineItem` turns it into a real when it is the whole value of an output column, and
 * remembers the column's name; a later bare reference to that column reads as `engine_real_ref`,
 * again only accepted as a whole output value, or as an operand of a comparison with a typed
 * number (`engineCompared`: a bool either way, computed on the engine's real).
 * `refuseEngineTyped` finds what is left over.
 */
import type { Expr, Rel } from '../ir/types.ts';
import type { SNode } from '../parse/index.ts';
import { type Ctx, LowerError } from './context.ts';
import { scalar } from './values.ts';

const MARKED = new Set(['datetime_diff_week', 'jaccard_index', 'engine_real_ref']);
const R = scalar('real');

/** The value of an output column named `name`, with the engine's type when they differ. */
export function engineItem(e: Expr, name: string, cx: Ctx): Expr | undefined {
  if (e.k !== 'fn' || !MARKED.has(e.fn)) return undefined;
  cx.engineReal.add(name);
  if (e.fn === 'engine_real_ref') return e.args[0];
  return { k: 'fn', fn: e.fn === 'jaccard_index' ? 'jaccard_index_real' : 'datetime_diff_week_real', args: e.args, ty: R };
}

/** A reference to a column that holds the engine's real where the analyzer says long. */
export function engineRef(ref: Expr, name: string, analyzerType: string | undefined, cx: Ctx): Expr {
  if (ref.ty.kql === 'real' && (analyzerType === 'long' || analyzerType === 'dynamic') && cx.engineReal.has(name)) return { k: 'fn', fn: 'engine_real_ref', args: [ref], ty: ref.ty };
  return ref;
}

/**
 * An operand of a comparison (==, !=, <, <=, >, >=, between) whose other operands are typed
 * numbers: the comparison is a bool whichever type the value has, and Kusto's engine compares the
 * real it holds, so the marked value is read as that real here. Anything else is left as it is
 * (and refused by `refuseEngineTyped` if it stays marked).
 */
export function engineCompared(x: Expr, others: Expr[]): Expr {
  if (x.k !== 'fn' || !MARKED.has(x.fn)) return x;
  if (!others.every((o) => ['int', 'long', 'real'].includes(o.ty.kql) && !(o.k === 'fn' && MARKED.has(o.fn)))) return x;
  if (x.fn === 'engine_real_ref') return x.args[0];
  return { k: 'fn', fn: x.fn === 'jaccard_index' ? 'jaccard_index_real' : 'datetime_diff_week_real', args: x.args, ty: R };
}

/** Refuses a marked value left inside the relation or expression (used in an expression or by an operator). */
export function refuseEngineTyped(rel: Rel | Expr, node: SNode): void {
  const seen = new Set<object>();
  const visit = (v: unknown): void => {
    if (!v || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    const o = v as { k?: string; fn?: string };
    if (o.k === 'fn' && o.fn && MARKED.has(o.fn))
      throw new LowerError(
        'HB100',
        o.fn === 'jaccard_index'
          ? "unsupported: jaccard_index() inside an expression or operator (Kusto's engine returns a real there while its analyzer types it dynamic); use it only as a column of the result"
          : o.fn === 'engine_real_ref'
            ? "unsupported: a column computed by jaccard_index() or datetime_diff('week') used inside an expression or operator (Kusto's engine holds a real there while its analyzer types it dynamic or long); use it only as a column of the result"
            : "unsupported: datetime_diff('week') inside an expression or operator (Kusto's engine returns a real there while its analyzer types it long); use it only as a column of the result",
        node,
      );
    for (const x of Array.isArray(v) ? v : Object.values(v)) visit(x);
  };
  visit(rel);
}
