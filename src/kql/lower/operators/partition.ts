import type { Rel } from '../../ir/types.ts';
import { LowerError, unsupported } from '../context.ts';
import { lowerExpr } from '../expr.ts';
import { pipeOps } from '../syntax.ts';
import { constString } from '../terms.ts';
import { kids, nameOf, type OperatorLowerer, scopeOf } from './common.ts';
import { OPERATORS } from './index.ts';

/** The legacy strategy (Kusto's default) is for at most 64 key values (kusto/query/partition-operator). */
const LEGACY_MAX_KEYS = 64;

/** Hints that steer how Kusto runs the subqueries, never what they return (the page says so). */
const EXECUTION_HINTS = new Set(['hint.shufflekey', 'hint.materialized', 'hint.concurrency', 'hint.spread']);

/**
 * `T | partition [hint.strategy=…] by Column (subquery)`: the subquery runs on the rows of each
 * key value and the results are unioned. Emitted as a LATERAL subquery per distinct key
 * (sql/emit.ts). The `{ subquery with its own source }` form of the legacy strategy is refused.
 */
export const partition: OperatorLowerer = (n, input, cx) => {
  const [hints] = n.ch.filter((c) => c.k === 'List');
  let strategy = 'legacy';
  for (const h of hints ? kids(hints) : []) {
    const [decl, value] = kids(h).filter((c) => c.k !== 'Tok');
    const name = decl ? nameOf(decl).toLowerCase() : '';
    if (name === 'hint.strategy') {
      const v = value && value.k === 'LiteralExpression' ? (value.ch.find((c) => c.k === 'Tok')?.text ?? '') : constString(lowerExpr(value, scopeOf(input), cx));
      strategy = (v ?? '').toLowerCase();
      if (!['legacy', 'native', 'shuffle'].includes(strategy)) return unsupported(h, `partition strategy ${v}`, 'HB130');
    } else if (!EXECUTION_HINTS.has(name)) return unsupported(h, `partition hint ${name}`, 'HB130');
  }
  const byIdx = n.ch.findIndex((c) => c.k === 'Tok' && c.text === 'by');
  const keyNode = n.ch.slice(byIdx + 1).find((c) => c.k !== 'Tok');
  const sub = n.ch.find((c) => c.k === 'PartitionSubquery');
  if (!keyNode) throw new LowerError('HB102', 'partition: missing key', n);
  // `{ subquery with its own source }` (legacy strategy only) is another syntax class
  const body = sub ? kids(sub)[0] : undefined;
  if (!sub || !body) return unsupported(n, 'partition with a subquery that has its own source ({ … })', 'HB130');
  const key = lowerExpr(keyNode, scopeOf(input), cx);
  const slot: Rel = { op: 'shared', name: '__partition', input, cols: input.cols, ord: input.ord };
  cx.slots.set(slot, (b) => ({ op: 'partition', input, key, slot, body: b, cols: b.cols }));
  let rel: Rel = slot;
  for (const op of pipeOps(body)) {
    const lower = OPERATORS[op.k];
    if (!lower || op.k === 'DataTableExpression' || op.k === 'RangeOperator' || op.k === 'PrintOperator') return unsupported(op, `operator ${op.k} in a partition subquery`, 'HB130');
    rel = lower(op, rel, cx);
  }
  return { op: 'partition', input, key, slot, body: rel, maxKeys: strategy === 'legacy' ? LEGACY_MAX_KEYS : undefined, cols: rel.cols };
};
