/**
 * scan → DuckDB SQL (kusto/query/scan-operator, "Scan logic"). Only the IR is known here.
 *
 * Simple case (one step that outputs every match, no match id, a condition that reads no state):
 * the matching rows are numbered in order; the variables are one SELECT when they read no
 * `step.x`, else a recursive CTE over the matching rows carries the previous match's values.
 *
 * General case: a recursive CTE walks every input row in order (one iteration per row) and carries
 * the whole state: for each step k, whether it holds an active sequence (`__a<k>`), its match id
 * (`__m<k>`), and the values of the `step.x` entries it holds that some expression reads
 * (`__v<k>_<i>`). Each iteration evaluates the steps from the last to the first, as Kusto does,
 * one nested SELECT per step (so step k sees what step k+1 just changed):
 *  - check 1 (k > 0): state k-1 is active and the condition holds against it → state k-1 is
 *    promoted to k (and cleared), the row's values become k's own entry;
 *  - check 2: otherwise, state k is active (or k is the first step) and the condition holds
 *    against state k → k's own entry is replaced; for the first step on an empty state, a new
 *    sequence (match id + 1) begins.
 * A match outputs the row extended with the step's assignments unless the step is `output=none`.
 * Rows no step can match (every step has a conjunct that reads no state and is not true) are
 * dropped before the walk: they change nothing.
 */
import type { Expr, Rel } from '../ir/types.ts';
import { someExpr } from '../ir/walk.ts';
import { sqlType } from './types.ts';

type Qual = (id: string) => string;

/** More rows a step may match than this is an error (HB130) while the query runs. */
export const MAX_ROWS = 50000;
type ScanRel = Extract<Rel, { op: 'scan' }>;
type ExprSql = (e: Expr, q?: Qual) => string;

export function mentions(e: Expr, ids: Record<string, unknown>): boolean {
  return someExpr(e, (x) => x.k === 'col' && x.id in ids);
}

function conjuncts(e: Expr): Expr[] {
  return e.k === 'fn' && e.fn === '$and' ? e.args.flatMap(conjuncts) : [e];
}

export function scanSql(r: ScanRel, input: string, expr: ExprSql): string {
  const ord = r.input.ord!;
  const inputCols = r.input.cols.map((c) => c.id);
  const refIds = Object.fromEntries(r.refs.map((f) => [f.id, f]));
  const n = r.steps.length;
  const s0 = r.steps[0];
  if (n === 1 && s0.output === 'all' && !r.matchId && !mentions(s0.cond, refIds)) return simple(r, input, expr);

  const typeOf = (e: Expr) => sqlType(e.ty.shape);
  const used = r.refs.filter((f) => r.steps.some((s) => [s.cond, ...s.assign].some((e) => mentions(e, { [f.id]: true }))));
  const idx = new Map(used.map((f, i) => [f.id, i]));
  const varIdx = new Map(r.vars.map((v, i) => [v.col.id, i]));
  // Reading state k: an entry of step j ≤ k is a state column; a later step's entry is its default.
  const reader =
    (k: number): Qual =>
    (id) => {
      const f = refIds[id];
      if (!f) return id;
      return f.step <= k ? `__v${k}_${idx.get(id)}` : `(${expr(f.dflt)})`;
    };
  const holds = (k: number) => used.filter((f) => f.step <= k);
  const outs = r.steps.map((s, k) => ({ s, k })).filter(({ s }) => s.output === 'all');

  // The recursive row: position, match-id counter, state, this row's outputs.
  const stateCols: { name: string; type: string; init: string }[] = [
    { name: '__rn', type: 'BIGINT', init: '0' },
    { name: '__mid', type: 'BIGINT', init: '-1' },
  ];
  for (let k = 0; k < n; k++) {
    stateCols.push({ name: `__a${k}`, type: 'BOOLEAN', init: 'false' }, { name: `__m${k}`, type: 'BIGINT', init: 'NULL' });
    for (const f of holds(k)) stateCols.push({ name: `__v${k}_${idx.get(f.id)}`, type: typeOf(f.dflt), init: expr(f.dflt) });
  }
  for (const { k } of outs) {
    stateCols.push({ name: `__o${k}`, type: 'BOOLEAN', init: 'false' }, { name: `__om${k}`, type: 'BIGINT', init: 'NULL' });
    for (const [i, v] of r.vars.entries()) stateCols.push({ name: `__x${k}_${i}`, type: sqlType(v.col.ty.shape), init: 'NULL' });
  }
  const base = `SELECT ${stateCols.map((c) => `CAST(${c.init} AS ${c.type}) AS ${c.name}`).join(', ')}`;

  const carried = stateCols.filter((c) => c.name !== '__rn' && !/^__(o|om|x)\d/.test(c.name)).map((c) => `rec.${c.name}`);
  let q = `SELECT b.__rn, ${[...carried, ...inputCols.map((c) => `b.${c}`)].join(', ')} FROM rec JOIN hb_scan_rows b ON b.__rn = rec.__rn + 1`;
  for (let k = n - 1; k >= 0; k--) {
    const s = r.steps[k];
    const cond = (at: number) => `coalesce(${expr(s.cond, reader(at))}, false)`;
    const c1 = k > 0 ? `__a${k - 1} AND ${cond(k - 1)}` : 'false';
    q = `SELECT *, (${c1}) AS __c1_${k} FROM (${q})`;
    q = `SELECT *, (NOT __c1_${k} AND ${k > 0 ? `__a${k}` : 'true'} AND ${cond(k)}) AS __c2_${k} FROM (${q})`;
    if (r.vars.length) {
      const xs = s.assign.map((e, i) => {
        const one = k > 0 ? `WHEN __c1_${k} THEN ${expr(e, reader(k - 1))} ` : '';
        return `CASE ${one}WHEN __c2_${k} THEN ${expr(e, reader(k))} END AS __x${k}_${i}`;
      });
      q = `SELECT *, ${xs.join(', ')} FROM (${q})`;
    }
    const matched = `(__c1_${k} OR __c2_${k})`;
    const newSeq = `(__c2_${k} AND NOT __a0)`;
    const mid = k > 0 ? `CASE WHEN __c1_${k} THEN __m${k - 1} ELSE __m${k} END` : `CASE WHEN ${newSeq} THEN __mid + 1 ELSE __m0 END`;
    const rep: string[] = [`(__a${k} OR ${matched}) AS __a${k}`, `${mid} AS __m${k}`];
    if (k === 0) rep.push(`CASE WHEN ${newSeq} THEN __mid + 1 ELSE __mid END AS __mid`);
    if (k > 0) rep.push(`(__a${k - 1} AND NOT __c1_${k}) AS __a${k - 1}`);
    for (const f of holds(k)) {
      const col = `__v${k}_${idx.get(f.id)}`;
      if (f.step < k) rep.push(`CASE WHEN __c1_${k} THEN __v${k - 1}_${idx.get(f.id)} ELSE ${col} END AS ${col}`);
      else {
        const vi = varIdx.get(f.from);
        rep.push(`CASE WHEN ${matched} THEN ${vi === undefined ? f.from : `__x${k}_${vi}`} ELSE ${col} END AS ${col}`);
      }
    }
    if (k > 0) for (const f of holds(k - 1)) rep.push(`CASE WHEN __c1_${k} THEN ${expr(f.dflt)} ELSE __v${k - 1}_${idx.get(f.id)} END AS __v${k - 1}_${idx.get(f.id)}`);
    const extra = s.output === 'all' ? `, ${matched} AS __o${k}, ${mid} AS __om${k}` : '';
    q = `SELECT * REPLACE (${rep.join(', ')})${extra} FROM (${q})`;
  }
  const step = `SELECT ${stateCols.map((c) => `CAST(${c.name} AS ${c.type})`).join(', ')} FROM (${q})`;

  const varCols = r.vars.map((v) => v.col.id);
  const branches = outs.map(
    ({ k }) =>
      `SELECT ${[...inputCols.map((c) => `b.${c}`), ...varCols.map((id, i) => `rec.__x${k}_${i} AS ${id}`), ...(r.matchId ? [`rec.__om${k} AS ${r.matchId.id}`] : []), 'rec.__rn', `${n - 1 - k} AS __k`].join(', ')} FROM rec JOIN hb_scan_rows b ON b.__rn = rec.__rn WHERE rec.__o${k}`,
  );
  if (!branches.length)
    branches.push(
      `SELECT ${[...inputCols.map((c) => `b.${c}`), ...r.vars.map((v) => `CAST(NULL AS ${sqlType(v.col.ty.shape)}) AS ${v.col.id}`), ...(r.matchId ? [`CAST(NULL AS BIGINT) AS ${r.matchId.id}`] : []), 'b.__rn', '0 AS __k'].join(', ')} FROM hb_scan_rows b WHERE false`,
    );
  const outCols = [...inputCols, ...varCols, ...(r.matchId ? [r.matchId.id] : [])];
  // Rows no step can match change nothing: keep only rows where some step's state-free conjuncts hold.
  const need = r.steps.map((s) => {
    const free = conjuncts(s.cond).filter((c) => !mentions(c, refIds));
    return free.length ? free.map((c) => `coalesce(${expr(c)}, false)`).join(' AND ') : 'true';
  });
  const where = need.includes('true') ? '' : ` WHERE ${need.map((x) => `(${x})`).join(' OR ')}`;
  // One iteration per row: a bound with a clear message instead of a crawl.
  const rn = `CASE WHEN count(*) OVER () > ${MAX_ROWS} THEN error('HB130: unsupported: a multi-step scan over more than ${MAX_ROWS.toLocaleString('en-US')} rows that a step may match (it walks them one by one here)') ELSE row_number() OVER (ORDER BY ${ord}) END`;
  return `WITH RECURSIVE hb_scan_rows AS (SELECT *, ${rn} AS __rn FROM ${input}${where}),
rec AS (${base} UNION ALL ${step})
SELECT ${outCols.join(', ')}, row_number() OVER (ORDER BY __rn, __k) AS ${r.ord} FROM (${branches.join(' UNION ALL ')})`;
}

/** One step, every match output, a condition that reads no state. */
function simple(r: ScanRel, input: string, expr: ExprSql): string {
  const ord = r.input.ord!;
  const inputCols = r.input.cols.map((c) => c.id);
  const s = r.steps[0];
  const refIds = Object.fromEntries(r.refs.map((f) => [f.id, f]));
  const vars = r.vars.map((v, i) => ({ col: v.col, e: s.assign[i] }));
  if (!vars.some((v) => mentions(v.e, refIds))) {
    const items = vars.map((v) => `${expr(v.e)} AS ${v.col.id}`);
    return `SELECT ${[...inputCols, ...items, `row_number() OVER (ORDER BY ${ord}) AS ${r.ord}`].join(', ')} FROM ${input} WHERE ${expr(s.cond)}`;
  }
  // The first match reads the defaults; each later one the previous match's row.
  const first: Qual = (id) => (refIds[id] ? `(${expr(refIds[id].dflt)})` : `b.${id}`);
  const next: Qual = (id) => (refIds[id] ? `rec.${refIds[id].from}` : `b.${id}`);
  const cols = [...inputCols.map((c) => `b.${c}`), 'b.__rn'];
  const base = `SELECT ${[...cols, ...vars.map((v) => `${expr(v.e, first)} AS ${v.col.id}`)].join(', ')} FROM hb_scan_rows b WHERE b.__rn = 1`;
  const step = `SELECT ${[...cols, ...vars.map((v) => `${expr(v.e, next)} AS ${v.col.id}`)].join(', ')} FROM rec JOIN hb_scan_rows b ON b.__rn = rec.__rn + 1`;
  return `WITH RECURSIVE hb_scan_rows AS (SELECT *, row_number() OVER (ORDER BY ${ord}) AS __rn FROM ${input} WHERE ${expr(s.cond)}),
rec AS (${base} UNION ALL ${step})
SELECT ${[...inputCols, ...vars.map((v) => v.col.id), `__rn AS ${r.ord}`].join(', ')} FROM rec`;
}
