/**
 * The "every argument is consumed" guard, applied centrally to every built-in function call and
 * aggregate (functions.ts `lowerCall` / `aggregate`). A lowering either makes each argument part
 * of the IR it returns, through a SQL template position that really renders it, or reads the
 * argument at compile time (a constant unit, format or flag: `consume`/`constString`). Anything
 * else — an optional argument the table entry or template silently ignores, such as the `offset`
 * of `startofday(d, offset)` — is refused as `HB120 … argument N not supported` at the argument.
 */
import type { Expr } from '../ir/types.ts';
import type { SNode } from '../parse/index.ts';
import { FUNCTIONS } from '../sql/functions.ts';
import { LowerError } from './context.ts';

const CONSUMED = new WeakSet<object>();

/** Marks an argument as read at compile time (its value steers the lowering, it is not emitted). */
export function consume<T extends Expr | undefined>(x: T): T {
  if (x) CONSUMED.add(x);
  return x;
}

/** Which argument positions an IR function's SQL template renders (cached per name and arity). */
const usedCache = new Map<string, boolean[]>();

function usedPositions(name: string, arity: number): boolean[] {
  const key = `${name}/${arity}`;
  let used = usedCache.get(key);
  if (used) return used;
  const t = FUNCTIONS[name];
  if (t === undefined) used = new Array(arity).fill(true); // emitted specially (emit.ts), all read
  else {
    const marks = Array.from({ length: arity }, (_, i) => `\u0001${i}\u0002`);
    const sql = typeof t === 'function' ? t(marks) : t.replace(/\$(\*|\d+)/g, (_, i: string) => (i === '*' ? marks.join(', ') : (marks[Number(i)] ?? 'NULL')));
    used = marks.map((m) => sql.includes(m));
  }
  usedCache.set(key, used);
  return used;
}

/** Structural equality ignoring types (a lowering may re-type a copy of its argument). */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b) || (a as { k?: unknown }).k !== (b as { k?: unknown }).k) return false;
  const ka = Object.keys(a).filter((k) => k !== 'ty');
  const kb = Object.keys(b).filter((k) => k !== 'ty');
  if (ka.length !== kb.length) return false;
  return ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Whether `arg` is rendered somewhere in `e` (only through template positions that are used). */
export function reaches(e: Expr, arg: Expr): boolean {
  if (e === arg || CONSUMED.has(arg)) return true;
  const sub = (x: Expr | undefined): boolean => x !== undefined && reaches(x, arg);
  switch (e.k) {
    case 'fn': {
      const used = usedPositions(e.fn, e.args.length);
      return e.args.some((x, i) => used[i] && sub(x)) || same(e, arg);
    }
    case 'agg':
      // count takes no SQL argument; every other aggregate renders all of its arguments.
      return (e.fn !== 'count' && e.args.some(sub)) || sub(e.filter) || same(e, arg);
    case 'win':
      return e.args.some(sub) || sub(e.reset) || same(e, arg);
    case 'case':
      return e.whens.some(([c, v]) => sub(c) || sub(v)) || sub(e.else) || same(e, arg);
    case 'cast':
    case 'insub':
      return sub(e.e) || same(e, arg);
    case 'lambda':
      return sub(e.body) || same(e, arg);
    default:
      return same(e, arg);
  }
}

/**
 * Throws HB120 at the first argument that `result` neither renders nor read at compile time.
 * `args[i]` is the lowered argument of `nodes[i]` (undefined: not an expression, e.g. a table).
 */
export function requireConsumed(name: string, result: Expr, args: (Expr | undefined)[], nodes: SNode[], code = 'HB120'): void {
  args.forEach((a, i) => {
    if (a === undefined || reaches(result, a)) return;
    const at = nodes[i] ?? null;
    throw new LowerError(code, `unsupported: ${name}() argument ${i + 1} not supported (it would be ignored)`, at);
  });
}

/** A result decided by the arguments' types alone: the arguments still count as used. */
export function typeDecided(args: Expr[], result: Expr): Expr {
  for (const x of args) consume(x);
  return result;
}
