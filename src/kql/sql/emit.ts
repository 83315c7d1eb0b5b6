/**
 * irToSql: IR relation → one DuckDB statement, one CTE per relation. Knows only kql/ir.
 */
import { type Col, type Expr, type NamedExpr, type Rel, isGroupedWindow } from '../ir/types.ts';
import { someExpr } from '../ir/walk.ts';
import { renderFn } from './functions.ts';
import { jsonTextSql } from './json.ts';
import { ident, str } from './quote.ts';
import { scanSql } from './scan.ts';
import { sqlType } from './types.ts';
import { AGG_SQL } from './families/aggregates.ts';
import { AGG_SQL as SKETCH_AGG_SQL } from './families/sketches.ts';

type Qual = (id: string) => string;
const plain: Qual = (id) => id;

export interface EmitResult {
  sql: string;
  /** SQL of each named relation (by CTE name), for stage-by-stage explain. */
  ctes: { name: string; sql: string }[];
}

export class SqlEmitter {
  private ctes: { name: string; sql: string }[] = [];
  private names = new Map<Rel, string>();
  /** The CTEs that scan a table (by name), whose columns `pruned` narrows. */
  private tables = new Map<string, Extract<Rel, { op: 'table' }>>();
  /** The CTEs that are unions (by name), narrowed the same way. */
  private unions = new Map<string, Extract<Rel, { op: 'union' }>>();

  /** `prefix` names the CTEs (a partition body is emitted by a nested emitter with its own). */
  constructor(private readonly prefix = 'q') {}

  /** Emits `rel` (and everything it depends on) and returns its CTE name. */
  rel(r: Rel): string {
    const known = this.names.get(r);
    if (known) return known;
    const body = this.body(r);
    const name = `${this.prefix}${this.ctes.length}`;
    this.ctes.push({ name, sql: body });
    if (r.op === 'table') this.tables.set(name, r);
    if (r.op === 'union') this.unions.set(name, r);
    this.names.set(r, name);
    return name;
  }

  /** The full statement selecting `cols` of `r` in order. */
  statement(r: Rel, limit?: number): EmitResult {
    const select = r.cols.map((c) => c.id).join(', ') || '1 AS __empty';
    // A final sort is a plain ORDER BY: numbering every row first (what a sort inside the pipeline
    // needs) would make the engine hold the whole input, where ORDER BY under a row limit is a top-N.
    const lastSort = r.op === 'sort' && !this.names.has(r);
    const top = lastSort ? this.rel(r.input) : this.rel(r);
    // (`serialize` of unordered rows is a sort without keys: no ORDER BY at all.)
    const lastKeys = lastSort ? this.sortKeys(r) : [];
    const order = lastKeys.length ? ` ORDER BY ${lastKeys.join(', ')}` : !lastSort && r.ord ? ` ORDER BY ${r.ord}` : '';
    const lim = limit !== undefined ? ` LIMIT ${limit}` : '';
    const last = `SELECT ${select} FROM ${top}${order}${lim}`;
    const w = this.pruned(last).map((c) => `${c.name} AS (${c.sql})`).join(',\n');
    return { sql: `WITH ${w}\nSELECT ${select} FROM ${top}${order}${lim}`, ctes: [...this.ctes] };
  }

  /**
   * The CTEs with each table scan reading only the columns the rest of the statement names. A
   * table's columns are given fresh ids (`c…`, `d…`) that nothing else defines, and every later
   * use of a column names its id (selects, sorts, joins, unions and the final SELECT list their
   * columns; `SELECT *` only passes on what a later relation names), so a column whose id appears
   * nowhere else is never read. Without this, DuckDB binds, projects and (for a CTE used twice)
   * may materialise every column of a wide table, a fixed cost that showed on small queries
   * (bench pairs: failed-logons-per-day 1.3-1.9x the hand-written SQL). Looking at the text can
   * only keep too much (an id inside a string literal), never too little.
   */
  private pruned(last: string): { name: string; sql: string }[] {
    // A union's columns are narrowed the same way (position by position in every branch, which
    // UNION ALL allows), last CTE first, so the tables under it see what it still names.
    // How many times each id occurs in each CTE and in all of the statement, kept up to date as CTEs
    // are narrowed: "named by the rest" is then a count, not a scan of the rest's text per CTE
    // (which took seconds over the ~100 tables of a search or `union *`).
    const out = [...this.ctes];
    const idsOf = (sql: string) => {
      const m = new Map<string, number>();
      for (const id of sql.match(/\b[cd]\d+\b/g) ?? []) m.set(id, (m.get(id) ?? 0) + 1);
      return m;
    };
    const own = out.map((c) => idsOf(c.sql));
    const total = idsOf(last);
    const add = (m: Map<string, number>, sign: number) => {
      for (const [id, k] of m) total.set(id, (total.get(id) ?? 0) + sign * k);
    };
    for (const m of own) add(m, 1);
    for (let i = out.length - 1; i >= 0; i--) {
      const c = out[i];
      const t = this.tables.get(c.name);
      const u = this.unions.get(c.name);
      if (!t && !u) continue;
      const mine = own[i];
      const keep = (id: string) => !/^[cd]\d+$/.test(id) || (total.get(id) ?? 0) - (mine.get(id) ?? 0) > 0;
      const sql = t ? this.tableSql(t, keep) : this.unionSql(u!, keep);
      if (sql === c.sql) continue;
      out[i] = { name: c.name, sql };
      add(mine, -1);
      own[i] = idsOf(sql);
      add(own[i], 1);
    }
    return out;
  }

  private unionSql(r: Extract<Rel, { op: 'union' }>, keep: (id: string) => boolean = () => true): string {
    const width = Math.max(0, ...r.inputs.map((inp) => inp.items.length));
    const kept = new Set<number>();
    for (let j = 0; j < width; j++) if (r.inputs.some((inp) => inp.items[j] && keep(inp.items[j].col.id))) kept.add(j);
    // A column an input lacks is a typed null (an empty string for text) in its branch. Where a
    // branch after the first has one, the branches are joined BY NAME and each names only the
    // columns it has (the first names every column, so each keeps its type), and text columns
    // left out somewhere are made '' again: a union of a hundred tables is otherwise a hundred
    // copies of every table's columns (search, `union *`: 1,700 columns, 8 MB of SQL that
    // DuckDB-WASM ran out of memory binding).
    const padded = (e: Expr) => e.k === 'lit' && (/^CAST\(NULL AS [^()]*\)$|^NULL$/.test(e.sql) || (e.sql === "''" && e.ty.kql === 'string'));
    const byName = r.inputs.length > 1 && r.inputs.slice(1).some((inp) => inp.items.some((it, j) => kept.has(j) && padded(it.e)));
    const parts = r.inputs.map((inp, k) => {
      const name = this.rel(inp.rel);
      const items = inp.items.flatMap((it, j) => (kept.has(j) && !(byName && k > 0 && padded(it.e)) ? [`CAST(${this.expr(it.e)} AS ${sqlType(it.col.ty.shape)}) AS ${it.col.id}`] : []));
      return `SELECT ${items.join(', ') || '1 AS __empty'} FROM ${name}`;
    });
    if (!byName) return parts.join(' UNION ALL ');
    const first = r.inputs[0];
    const cols = first.items.flatMap((it, j) => {
      if (!kept.has(j)) return [];
      const text = it.col.ty.kql === 'string' && r.inputs.slice(1).some((inp) => inp.items[j] && padded(inp.items[j].e));
      return [text ? `coalesce(${it.col.id}, '') AS ${it.col.id}` : it.col.id];
    });
    return `SELECT ${cols.join(', ') || '1 AS __empty'} FROM (${parts.join(' UNION ALL BY NAME ')}) AS hb_union`;
  }

  private tableSql(r: Extract<Rel, { op: 'table' }>, keep: (id: string) => boolean = () => true): string {
    const items = r.cols.flatMap((c, i) => {
      if (!keep(c.id)) return [];
      if (i < r.source.length) return [`${ident(r.source[i])} AS ${c.id}`];
      const d = r.computed![i - r.source.length];
      if ('copy' in d) return [`${ident(d.copy)} AS ${c.id}`];
      if ('value' in d) return [`${str(d.value)} AS ${c.id}`];
      // the term as a whole word of the column (ThreatTypes holds e.g. "Phish, Spam")
      const v = d.verdict;
      const word = str(`(^|[^0-9A-Za-z_])${v.term}($|[^0-9A-Za-z_])`);
      return [`CASE WHEN regexp_matches(coalesce(${ident(v.of)}, ''), ${word}) THEN ${str(v.yes)} ELSE ${str(v.no)} END AS ${c.id}`];
    });
    return `SELECT ${items.join(', ') || '1 AS __empty'} FROM ${ident(r.name)}`;
  }

  /** SQL that selects the rows of an already-emitted relation, for explain row counts. */
  cteSqlFor(r: Rel): string {
    const name = this.rel(r);
    const idx = this.ctes.findIndex((c) => c.name === name);
    const w = this.ctes
      .slice(0, idx + 1)
      .map((c) => `${c.name} AS (${c.sql})`)
      .join(',\n');
    return `WITH ${w}\nSELECT * FROM ${name}`;
  }

  expr(e: Expr, q: Qual = plain): string {
    switch (e.k) {
      case 'col':
        return q(e.id);
      case 'lit':
        return e.sql;
      case 'fn':
        if (e.fn === '$json_text') return jsonTextSql(this.expr(e.args[0], q), e.args[0].ty.shape);
        if (e.fn === '$json_text_shown') return jsonTextSql(this.expr(e.args[0], q), e.args[0].ty.shape, 0, false, true);
        if (e.fn === '$json_text_nulls') return jsonTextSql(this.expr(e.args[0], q), e.args[0].ty.shape, 0, true);
        return renderFn(
          e.fn,
          e.args.map((a) => this.expr(a, q)),
        );
      case 'case': {
        const w = e.whens.map(([c, v]) => `WHEN ${this.expr(c, q)} THEN ${this.expr(v, q)}`).join(' ');
        return `CASE ${w} ELSE ${this.expr(e.else, q)} END`;
      }
      case 'cast':
        return `${e.try ? 'TRY_CAST' : 'CAST'}(${this.expr(e.e, q)} AS ${e.to})`;
      case 'scalar': {
        const name = this.rel(e.rel);
        const c = e.rel.cols[0];
        const order = e.rel.ord ? ` ORDER BY ${e.rel.ord}` : '';
        return `(SELECT ${c ? c.id : 'NULL'} FROM ${name}${order} LIMIT 1)`;
      }
      case 'insub': {
        const name = this.rel(e.rel);
        const c = e.rel.cols[0];
        const lhs = this.expr(e.e, q);
        // A column of arrays (e.g. `summarize make_list(x)`) contributes its elements.
        const v = c.ty.shape.k === 'list' ? `unnest(${c.id})` : c.id;
        // Null values of the column are left out of the list (SQL's NOT IN would make every other
        // answer null); a null value on the left is in no list: `in` is false, `!in` true, as for a
        // list of constants (x !in (1, 2) keeps the rows where x is null in Kusto).
        const sub = e.ci
          ? `SELECT lower(v) FROM (SELECT ${v} AS v FROM ${name}) WHERE v IS NOT NULL`
          : `SELECT v FROM (SELECT ${v} AS v FROM ${name}) WHERE v IS NOT NULL`;
        const x = e.ci ? `lower(${lhs})` : lhs;
        return e.negate ? `(${x} IS NULL OR ${x} NOT IN (${sub}))` : `(${x} IN (${sub}) AND ${x} IS NOT NULL)`;
      }
      case 'lambda':
        return `${e.param} -> ${this.expr(e.body, q)}`;
      case 'param':
        return e.name;
      case 'agg':
        return this.agg(e, q);
      case 'win':
        throw new Error('window function outside a select');
    }
  }

  /**
   * The arg_max/arg_min aggregates of an aggregate, grouped by function and ranked expression: each
   * group is one `arg_max({'v0': …, 'v1': …}, by)` whose fields are the values. Map: aggregate →
   * its group's SQL, hidden column id and field number.
   */
  private argRows(aggs: NamedExpr[]): Map<NamedExpr, { sql: string; id: string; field: number }> {
    const groups = new Map<string, NamedExpr[]>();
    for (const a of aggs) {
      if (a.e.k !== 'agg' || a.e.filter || !['arg_max', 'arg_min', 'arg_min_real', 'any_row'].includes(a.e.fn)) continue;
      // take_any(e1, e2 …) / take_any(*): every any_row value of the aggregate from one row
      const key = a.e.fn === 'any_row' ? 'any_row' : `${a.e.fn}\u0000${this.expr(a.e.args[1])}`;
      groups.set(key, [...(groups.get(key) ?? []), a]);
    }
    const out = new Map<NamedExpr, { sql: string; id: string; field: number }>();
    for (const members of groups.values()) {
      const first = members[0].e as Extract<Expr, { k: 'agg' }>;
      const by = first.fn === 'any_row' ? '' : this.expr(first.args[1]);
      const struct = `{${members.map((m, j) => `'v${j}': ${this.expr((m.e as Extract<Expr, { k: 'agg' }>).args[0])}`).join(', ')}}`;
      // The row with the greatest (least) `by`, or when every `by` is null the group's first row,
      // as Kusto does. DuckDB's arg_max keeps the first of equal ranks and skips a row whose rank
      // is null (the struct of values is never null), so it is null only when every `by` is: then
      // the first of the rows, all of whose `by` is null. DuckDB builds the struct once for both
      // aggregates; `by` itself as the rank (a timestamp, a number, a string) takes arg_max's typed
      // path, where a struct rank `{'k': by IS NOT NULL, 'v': by}` was compared through sort keys
      // (latest process per device on 13.5M rows: 1.04 CPU s instead of 1.67, one thread; kept for
      // arg_min of a real, where NaN ranks first as in Kusto).
      // The earlier `CASE WHEN count(by) > 0 THEN arg_max(…) FILTER (…) ELSE first(…) END` built
      // the struct twice per row (2x on wide rows).
      const fn = first.fn === 'arg_max' ? 'arg_max' : 'arg_min';
      // take_any: the struct is never null, so first() gives one row's values even when all are
      // null (the page: "arbitrarily chooses one record"); it is null only for no rows
      const sql =
        first.fn === 'any_row'
          ? `first(${struct})`
          : first.fn === 'arg_min_real'
          ? `arg_min(${struct}, {'k': ${by} IS NULL, 'n': NOT isnan(${by}), 'v': ${by}})`
          : `coalesce(${fn}(${struct}, ${by}), first(${struct}) FILTER (WHERE ${by} IS NULL))`;
      const id = `${members[0].col.id}_row`;
      members.forEach((m, field) => {
        out.set(m, { sql, id, field });
      });
    }
    return out;
  }

  private agg(e: Extract<Expr, { k: 'agg' }>, q: Qual): string {
    const a = e.args.map((x) => this.expr(x, q));
    const f = e.filter ? ` FILTER (WHERE ${this.expr(e.filter, q)})` : '';
    // make_set() of a dynamic column with a null row: refused (HB162). The null-values page says
    // make_set() ignores nulls, but make_list() of dynamic values keeps them (oracle
    // saoc-r2-aggregation-0005, saoc-r3-aggregation-0039), so the page does not settle it for
    // dynamic values and no oracle case shows make_set's answer (JSON text kept the null, typed
    // values dropped it).
    const dynNullSet = (isNull: string, set: string) =>
      `(CASE WHEN coalesce(bool_or(${isNull})${f}, false) THEN error('HB162: make_set() of a dynamic column holding a null value is not supported: the null-values page says make_set ignores nulls, but make_list of dynamic values keeps them, and which make_set does is not documented; leave the nulls out first (make_set_if(x, isnotnull(x))) or keep them (make_list)') ELSE ${set} END)`;
    const listF = (cond: string) =>
      ` FILTER (WHERE ${cond}${e.filter ? ` AND ${this.expr(e.filter, q)}` : ''})`;
    // stdev/variance: DuckDB fails on NaN or ±Infinity; with two values or more any of them makes
    // Kusto's answer NaN (every way of summing the squares gives inf - inf or NaN there); one
    // non-finite value alone is not documented
    const nonFinite = (finite: string) =>
      `CASE WHEN bool_or(NOT isfinite(${a[0]}))${f} THEN (CASE WHEN count(${a[0]})${f} >= 2 THEN 'NaN'::DOUBLE ELSE error('HB162: unsupported: stdev()/variance() of one non-finite value (Kusto''s answer is not documented)') END) ELSE ${finite} END`;
    // stdevp/variancep of a group without values: not documented (stdev/variance give 0 there,
    // checked on the oracle; the population forms divide by the count)
    const noValues = (sql: string, name: string) =>
      `CASE WHEN count(${a[0]})${f} = 0 THEN error('HB162: unsupported: ${name}() of a group without values (Kusto''s answer is not documented)') ELSE ${sql} END`;
    switch (e.fn) {
      case 'count':
        return `CAST(count(*)${f} AS BIGINT)`;
      case 'count_nonnull':
        return `CAST(count(${a[0]})${f} AS BIGINT)`;
      case 'dcount':
        return `CAST(count(DISTINCT ${a[0]})${f} AS BIGINT)`;
      case 'sum_long':
        // Kusto's long sum wraps around on overflow.
        return `hb_wrap64(coalesce(sum(CAST(${a[0]} AS HUGEINT))${f}, 0))`;
      case 'avg_long':
        // avg of longs divides the (wrapping) long sum by the count, as Kusto does.
        return `coalesce(CAST(hb_wrap64(sum(CAST(${a[0]} AS HUGEINT))${f}) AS DOUBLE) / nullif(count(${a[0]})${f}, 0), 'NaN'::DOUBLE)`;
      case 'avg_timespan': {
        // timespans are microseconds here. The mean is given when it is a whole microsecond (so a
        // whole number of Kusto's ticks, which every way of dividing gets exactly while the tick
        // sum stays within 2^53); other groups are refused (lower/functions.ts 'avg').
        const n = `count(${a[0]})${f}`;
        const s = `sum(CAST(${a[0]} AS HUGEINT))${f}`;
        return `CASE WHEN ${n} = 0 THEN error('HB162: unsupported: avg() of timespans in a group without values (Kusto''s answer is not documented)') WHEN ${s} % ${n} <> 0 OR abs(${s}) * 10 >= 9007199254740992 THEN error('HB162: unsupported: avg() of timespans whose mean is not a whole microsecond (how Kusto rounds it to its 100-ns ticks is not documented); use avg(x / 1s) for a real number of seconds') ELSE CAST(${s} // ${n} AS BIGINT) END`;
      }
      case 'min_real':
        // A NaN anywhere makes Kusto's min/max of reals NaN.
        return `CASE WHEN bool_or(isnan(${a[0]}))${f} THEN 'NaN'::DOUBLE ELSE min(${a[0]})${f} END`;
      case 'max_real':
        return `CASE WHEN bool_or(isnan(${a[0]}))${f} THEN 'NaN'::DOUBLE ELSE max(${a[0]})${f} END`;
      case 'sum':
        return `CAST(coalesce(sum(${a[0]})${f}, 0) AS DOUBLE)`;
      case 'avg':
        return `coalesce(avg(${a[0]})${f}, 'NaN'::DOUBLE)`;
      case 'min':
        return `min(${a[0]})${f}`;
      case 'max':
        return `max(${a[0]})${f}`;
      case 'any': {
        // take_any(x) returns a value that is not null (not empty, for a string) when the group
        // has one (take-any-aggregation-function); any record's value is a valid answer otherwise.
        const some = e.args[0].ty.kql === 'string' ? `${a[0]} IS NOT NULL AND ${a[0]} <> ''` : `${a[0]} IS NOT NULL`;
        return `coalesce(first(${a[0]})${listF(some)}, first(${a[0]})${f})`;
      }
      case 'make_list':
        return `coalesce(list(${a[0]})${listF(`${a[0]} IS NOT NULL`)}, [])`;
      case 'make_list_nulls':
        return `coalesce(list(${a[0]})${f}, [])`;
      case 'first_nonnull':
        return `first(${a[0]})${listF(`${a[0]} IS NOT NULL`)}`;
      case 'make_set': {
        const set = `coalesce(list(DISTINCT ${a[0]})${listF(`${a[0]} IS NOT NULL`)}, [])`;
        return e.args[0].ty.kql === 'dynamic' ? dynNullSet(`${a[0]} IS NULL`, set) : set;
      }
      case 'make_list_flat':
        // Arrays contribute their elements; a null row contributes a null element.
        return `coalesce(flatten(list(coalesce(${a[0]}, [NULL]))${f}), [])`;
      case 'make_list_json':
        // JSON text: an array contributes its elements, any other value itself.
        return `coalesce(flatten(list(coalesce(hb_json_list(${a[0]}), [${a[0]}]))${f}), [])`;
      case 'make_set_json':
        // JSON text: an array contributes its elements, any other value itself.
        return dynNullSet(`hb_json_type(${a[0]}) = 'null'`, `coalesce(hb_distinct_first(flatten(list(coalesce(hb_json_list(${a[0]}), [${a[0]}]))${listF(`${a[0]} IS NOT NULL`)})), [])`);
      case 'make_set_flat':
        // the arrays' distinct elements in order of first appearance, as make_set of values keeps them
        return dynNullSet(`${a[0]} IS NULL`, `coalesce(hb_distinct_first(flatten(list(${a[0]})${listF(`${a[0]} IS NOT NULL`)})), [])`);
      case 'stdev':
        return nonFinite(`coalesce(stddev_samp(${a[0]})${listF(`isfinite(${a[0]})`)}, 0)`);
      case 'stdevp':
        return noValues(nonFinite(`stddev_pop(${a[0]})${listF(`isfinite(${a[0]})`)}`), 'stdevp');
      case 'variance':
        return nonFinite(`coalesce(var_samp(${a[0]})${listF(`isfinite(${a[0]})`)}, 0)`);
      case 'variancep':
        return noValues(nonFinite(`var_pop(${a[0]})${listF(`isfinite(${a[0]})`)}`), 'variancep');
      case 'percentile':
        return `quantile_disc(${a[0]}, ${a[1]} / 100.0)${f}`;
      // arg_max/arg_min: when every value of the first argument is null, Kusto still returns a row
      // (the group's first); NaN ranks first for arg_min (DuckDB already ranks it last for arg_max).
      case 'arg_max':
        return `CASE WHEN count(${a[1]})${f} > 0 THEN arg_max(${a[0]}, ${a[1]})${listF(`${a[1]} IS NOT NULL`)} ELSE first(${a[0]})${f} END`;
      case 'arg_min':
        return `CASE WHEN count(${a[1]})${f} > 0 THEN arg_min(${a[0]}, ${a[1]})${listF(`${a[1]} IS NOT NULL`)} ELSE first(${a[0]})${f} END`;
      case 'arg_min_real':
        return `CASE WHEN count(${a[1]})${f} > 0 THEN arg_min(${a[0]}, {'n': NOT isnan(${a[1]}), 'v': ${a[1]}})${listF(`${a[1]} IS NOT NULL`)} ELSE first(${a[0]})${f} END`;
      case 'first_of_group':
        return `first(${a[0]})${f}`;
      default: {
        // the aggregates and sketches families (sql/families/aggregates.ts, sketches.ts)
        const t = AGG_SQL[e.fn] ?? SKETCH_AGG_SQL[e.fn];
        if (t) return t(a, (cond) => (cond ? listF(cond) : f));
        throw new Error(`no SQL for aggregate ${e.fn}`);
      }
    }
  }

  private win(e: Extract<Expr, { k: 'win' }>, ord: string | undefined, q: Qual): string {
    const over = ord ? `OVER (ORDER BY ${ord})` : 'OVER ()';
    const a = e.args.map((x) => this.expr(x, q));
    switch (e.fn) {
      case 'row_number':
        return `CAST(row_number() ${over} + (${a[0] ?? '1'}) - 1 AS BIGINT)`;
      case 'lag':
        return `lag(${a[0]}, CAST(${a[1] ?? '1'} AS INTEGER), ${a[2] ?? 'NULL'}) ${over}`;
      case 'lead':
        return `lead(${a[0]}, CAST(${a[1] ?? '1'} AS INTEGER), ${a[2] ?? 'NULL'}) ${over}`;
      case 'session':
      case 'cumsum':
      case 'rank_dense':
      case 'rank_min':
        throw new Error(`${e.fn} is only supported as a whole extend/serialize item`);
    }
  }

  /**
   * row_window_session(t, maxFromFirst, maxBetweenNeighbors [, restart]): the rows so far, in
   * order, folded into {start, prev} by the documented model (a null value ends the session; a new
   * one starts when there is none, at restart, or when t reaches start + maxFromFirst or
   * prev + maxBetweenNeighbors); the row's value is its session's start. Each row folds all the
   * rows before it, so the input is limited (HB162 above 20,000 rows) rather than left to crawl.
   */
  private session(t: string, first: string, neighbours: string, restart: string, ord: string): string {
    const rows = `list({t: ${t}, r: ${restart}}) OVER (ORDER BY ${ord} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)`;
    const fold = `list_reduce(${rows}, (ws_s, ws_v) -> CASE WHEN ws_v.t IS NULL THEN {start: NULL, prev: NULL, t: NULL, r: false}
        WHEN ws_s.start IS NULL OR ws_v.r OR epoch_us(ws_v.t) >= epoch_us(ws_s.start) + (${first}) OR epoch_us(ws_v.t) >= epoch_us(ws_s.prev) + (${neighbours})
        THEN {start: ws_v.t, prev: ws_v.t, t: NULL, r: false} ELSE {start: ws_s.start, prev: ws_v.t, t: NULL, r: false} END,
      {start: NULL::TIMESTAMP, prev: NULL::TIMESTAMP, t: NULL::TIMESTAMP, r: false}).start`;
    return `(CASE WHEN count(*) OVER () > 20000 THEN error('HB162: unsupported: row_window_session() over more than 20,000 rows (each row folds the rows before it here)') ELSE ${fold} END)`;
  }

  /**
   * ORDER BY terms of a sort: Kusto's explicit null placement, ties kept in input order. A real
   * key's NaNs go with its nulls ("Null and NaN values are always grouped together", sort operator,
   * Using special floating-point values): nulls first is null, NaN, then the numbers (-inf … +inf
   * ascending); nulls last is the numbers, then NaN, then null.
   */
  private sortKeys(r: Extract<Rel, { op: 'sort' }>): string[] {
    const keys = r.keys.flatMap((k) => {
      const x = this.expr(k.e);
      const term = `${x} ${k.desc ? 'DESC' : 'ASC'} NULLS ${k.nullsFirst ? 'FIRST' : 'LAST'}`;
      if (k.e.ty.kql !== 'real' || k.e.k === 'lit') return [term];
      const group = k.nullsFirst ? `CASE WHEN ${x} IS NULL THEN 0 WHEN isnan(${x}) THEN 1 ELSE 2 END` : `CASE WHEN ${x} IS NULL THEN 2 WHEN isnan(${x}) THEN 1 ELSE 0 END`;
      return [group, term];
    });
    if (r.input.ord) keys.push(r.input.ord);
    return keys;
  }

  /** Renders an expression that may contain window functions at any depth. */
  private selectExpr(e: Expr, ord: string | undefined): string {
    if (!hasWindow(e)) return this.expr(e);
    const walk = (x: Expr): Expr => {
      if (x.k === 'win') return { k: 'lit', sql: this.win(x, ord, plain), ty: x.ty };
      if (x.k === 'fn') return { ...x, args: x.args.map(walk) };
      if (x.k === 'case') return { ...x, whens: x.whens.map(([c, v]) => [walk(c), walk(v)]), else: walk(x.else) };
      if (x.k === 'cast') return { ...x, e: walk(x.e) };
      return x;
    };
    return this.expr(walk(e));
  }

  private body(r: Rel): string {
    switch (r.op) {
      case 'table':
        return this.tableSql(r);
      case 'values': {
        const ids = [...r.cols.map((c) => c.id), ...(r.ord ? [r.ord] : [])];
        if (r.rows.length === 0) {
          const nulls = r.cols.map((c) => `CAST(NULL AS ${sqlType(c.ty.shape)}) AS ${c.id}`);
          if (r.ord) nulls.push(`CAST(NULL AS BIGINT) AS ${r.ord}`);
          return `SELECT ${nulls.join(', ') || '1 AS __empty'} WHERE false`;
        }
        if (ids.length === 0) return `SELECT 1 AS __empty`;
        const rows = r.rows.map(
          (row, i) =>
            `(${[...row.map((v, j) => `CAST(${this.expr(v)} AS ${sqlType(r.cols[j].ty.shape)})`), ...(r.ord ? [String(i)] : [])].join(', ')})`,
        );
        return `SELECT * FROM (VALUES ${rows.join(', ')}) AS t(${ids.join(', ')})`;
      }
      case 'range': {
        const c = r.cols[0];
        // The table function streams rows (no list is materialised); it yields them in series order.
        return `SELECT generate_series AS ${c.id}, row_number() OVER () AS ${r.ord} FROM generate_series(${this.expr(r.from)}, ${this.expr(r.to)}, ${this.expr(r.step)})`;
      }
      case 'where':
        return `SELECT * FROM ${this.rel(r.input)} WHERE ${this.expr(r.pred)}`;
      case 'select': {
        const input = this.rel(r.input);
        if (r.items.some((it) => isGroupedWindow(it.e))) return this.groupedWindows(r, input);
        const items = r.items.map((it) => `${this.selectExpr(it.e, r.input.ord)} AS ${it.col.id}`);
        if (r.ord) items.push(r.ord);
        return `SELECT ${items.join(', ') || '1 AS __empty'} FROM ${input}`;
      }
      case 'aggregate': {
        const input = this.rel(r.input);
        const keys = r.keys.map((k) => `${this.expr(k.e)} AS ${k.col.id}`);
        const group = r.keys.length ? ` GROUP BY ${r.keys.map((_, i) => i + 1).join(', ')}` : '';
        const rows = this.argRows(r.aggs);
        if (!rows.size) {
          const aggs = r.aggs.map((a) => `${this.expr(a.e)} AS ${a.col.id}`);
          return `SELECT ${[...keys, ...aggs].join(', ') || '1 AS __empty'} FROM ${input}${group}`;
        }
        // arg_max/arg_min values ranked by the same expression come from one aggregate over a
        // struct of them: one pass instead of one per value, and every value from the same row
        // (DuckDB's arg_max skips a row whose value is null, which would mix rows)
        const aggs: string[] = [];
        const outer: string[] = r.keys.map((k) => k.col.id);
        r.aggs.forEach((a) => {
          const row = rows.get(a);
          if (!row) {
            aggs.push(`${this.expr(a.e)} AS ${a.col.id}`);
            outer.push(a.col.id);
            return;
          }
          if (row.field === 0) aggs.push(`${row.sql} AS ${row.id}`);
          outer.push(`${row.id}.v${row.field} AS ${a.col.id}`);
        });
        return `SELECT ${outer.join(', ')} FROM (SELECT ${[...keys, ...aggs].join(', ')} FROM ${input}${group})`;
      }
      case 'sort': {
        const input = this.rel(r.input);
        const keys = this.sortKeys(r);
        const cols = r.cols.map((c) => c.id).join(', ');
        const over = keys.length ? `ORDER BY ${keys.join(', ')}` : '';
        return `SELECT ${cols ? `${cols}, ` : ''}row_number() OVER (${over}) AS ${r.ord} FROM ${input}`;
      }
      case 'limit': {
        if (r.input.op === 'sort') {
          // sort + take (and top): order and cut first, number only the rows kept.
          const s = r.input;
          const keys = this.sortKeys(s);
          const cols = s.cols.map((c) => c.id).join(', ');
          const by = keys.length ? ` ORDER BY ${keys.join(', ')}` : '';
          const cut = `SELECT * FROM ${this.rel(s.input)}${by} LIMIT greatest(${this.expr(r.n)}, 0)`;
          return `SELECT ${cols ? `${cols}, ` : ''}row_number() OVER (${by.trim()}) AS ${s.ord} FROM (${cut})`;
        }
        const input = this.rel(r.input);
        const order = r.input.ord ? ` ORDER BY ${r.input.ord}` : '';
        return `SELECT * FROM ${input}${order} LIMIT greatest(${this.expr(r.n)}, 0)`;
      }
      case 'join':
        return this.join(r);
      case 'union':
        return this.unionSql(r);
      case 'mvexpand':
        return this.mvexpand(r);
      case 'shared':
        return `SELECT * FROM ${this.rel(r.input)}`;
      case 'scan':
        return this.scan(r);
      case 'partition':
        return this.partition(r);
    }
  }

  /**
   * partition: the distinct keys, and for each a LATERAL subquery running the body over the rows
   * holding that key (the body's relations are emitted inside it, correlated through the slot).
   */
  private partition(r: Extract<Rel, { op: 'partition' }>): string {
    const input = this.rel(r.input);
    const key = this.expr(r.key);
    const sub = new SqlEmitter(`${this.prefix}${this.ctes.length}_p`);
    sub.ctes.push({ name: `${sub.prefix}slot`, sql: `SELECT * FROM ${input} WHERE ${key} IS NOT DISTINCT FROM __part.__key` });
    sub.names.set(r.slot, `${sub.prefix}slot`);
    const top = sub.rel(r.body);
    const w = sub.ctes.map((c) => `${c.name} AS (${c.sql})`).join(',\n');
    const cols =
      [
        ...r.cols.filter((c) => c.id !== r.keyCol?.id && c.id !== r.ordCol?.id).map((c) => c.id),
        ...(r.ordCol && r.body.ord ? [`${r.body.ord} AS ${r.ordCol.id}`] : []),
      ].join(', ') || '1 AS __empty';
    const guard =
      r.maxKeys === undefined
        ? ''
        : ` WHERE (SELECT count(DISTINCT ${key}) <= ${r.maxKeys} AND count(*) FILTER (WHERE ${key} IS NULL) = 0 FROM ${input}) OR error('HB130: partition over more than ${r.maxKeys} key values or a null key (legacy strategy)')`;
    const keyOut = r.keyCol ? `, __part.__key AS ${r.keyCol.id}` : '';
    return `SELECT __body.*${keyOut} FROM (SELECT DISTINCT ${key} AS __key FROM ${input}${guard}) __part, LATERAL (WITH ${w}\nSELECT ${cols} FROM ${top}) __body`;
  }

  /**
   * Window functions that restart (row_number/row_cumsum with a restart predicate) or depend on
   * the previous row's value (row_rank_dense/row_rank_min) cannot be one SQL window: they are
   * computed in passes — (A) the restart flag and argument per row, (B) a running group number,
   * (C) position and "value changed" flag within the group, (D) the running results.
   */
  private groupedWindows(r: Extract<Rel, { op: 'select' }>, input: string): string {
    const ord = r.input.ord;
    if (!ord) throw new Error('grouped window functions need a serialized input');
    const a: string[] = [];
    const b: string[] = [];
    const c: string[] = [];
    const d: string[] = [];
    r.items.forEach((it, i) => {
      const e = it.e;
      if (!isGroupedWindow(e) || e.k !== 'win') {
        a.push(`${this.selectExpr(e, ord)} AS __v${i}`);
        d.push(`__v${i} AS ${it.col.id}`);
        return;
      }
      if (e.fn === 'session') {
        // (A) the value and the restart flag (which may hold prev() …), then the fold in (D)
        const restart = e.args[3] ? this.selectExpr(e.args[3], ord) : 'false';
        a.push(`${this.selectExpr(e.args[0], ord)} AS __x${i}`, `coalesce(${restart}, false) AS __r${i}`);
        d.push(`${this.session(`__x${i}`, this.expr(e.args[1]), this.expr(e.args[2]), `__r${i}`, ord)} AS ${it.col.id}`);
        return;
      }
      const reset = e.reset ? this.selectExpr(e.reset, ord) : 'false';
      const x = e.fn === 'row_number' ? (e.args[0] ? this.selectExpr(e.args[0], ord) : '1') : this.selectExpr(e.args[0], ord);
      a.push(`coalesce(${reset}, false) AS __r${i}`, `${x} AS __x${i}`);
      b.push(`sum(CASE WHEN __r${i} THEN 1 ELSE 0 END) OVER (ORDER BY ${ord} ROWS UNBOUNDED PRECEDING) AS __g${i}`);
      const part = `PARTITION BY __g${i} ORDER BY ${ord}`;
      c.push(
        `row_number() OVER (${part}) AS __n${i}`,
        `CASE WHEN row_number() OVER (${part}) > 1 AND lag(__x${i}) OVER (${part}) IS NOT DISTINCT FROM __x${i} THEN 0 ELSE 1 END AS __c${i}`,
      );
      const run = `OVER (${part} ROWS UNBOUNDED PRECEDING)`;
      const cast = e.ty.kql === 'real' ? 'DOUBLE' : 'BIGINT';
      const val = {
        row_number: `__n${i} + __x${i} - 1`,
        cumsum: `sum(__x${i}) ${run}`,
        rank_dense: `sum(__c${i}) ${run}`,
        rank_min: `max(CASE WHEN __c${i} = 1 THEN __n${i} END) ${run}`,
      }[e.fn as 'row_number' | 'cumsum' | 'rank_dense' | 'rank_min'];
      d.push(`CAST(${val} AS ${cast}) AS ${it.col.id}`);
    });
    if (r.ord) d.push(r.ord);
    const pa = `SELECT *, ${a.join(', ')} FROM ${input}`;
    const pb = b.length ? `SELECT *, ${b.join(', ')} FROM (${pa})` : pa;
    const pc = c.length ? `SELECT *, ${c.join(', ')} FROM (${pb})` : pb;
    return `SELECT ${d.join(', ')} FROM (${pc})`;
  }

  /** scan: see sql/scan.ts. */
  private scan(r: Extract<Rel, { op: 'scan' }>): string {
    return scanSql(r, this.rel(r.input), (e, q) => this.expr(e, q));
  }

  private join(r: Extract<Rel, { op: 'join' }>): string {
    let left = this.rel(r.left);
    const right = this.rel(r.right);
    const ql: Qual = (id) => `l.${id}`;
    const qr: Qual = (id) => `r.${id}`;
    // Kusto joins match null keys with each other.
    const eq = r.on.map(([a, b]) => `${this.expr(a, ql)} IS NOT DISTINCT FROM ${this.expr(b, qr)}`);
    if (r.cond) {
      const leftIds = new Set(r.left.cols.map((c) => c.id));
      eq.push(`(${this.expr(r.cond, (id) => (leftIds.has(id) ? ql(id) : qr(id)))})`);
    }
    const on = eq.join(' AND ') || 'true';
    if (r.kind === 'innerunique') {
      const keys = r.on.map(([a]) => this.expr(a)).join(', ');
      left = `(SELECT * FROM ${left} QUALIFY row_number() OVER (PARTITION BY ${keys}${r.left.ord ? ` ORDER BY ${r.left.ord}` : ''}) = 1)`;
    }
    // Kusto strings are never null: a string column of the side without a match reads ''.
    const outer = (side: 'left' | 'right') =>
      r.kind === 'fullouter' || (side === 'right' ? r.kind === 'leftouter' : r.kind === 'rightouter');
    const items = r.items.map((it) => {
      const v = `${it.side === 'left' ? 'l' : 'r'}.${it.from}`;
      return `${it.col.ty.kql === 'string' && outer(it.side) ? `coalesce(${v}, '')` : v} AS ${it.col.id}`;
    });
    const sel = items.join(', ') || '1 AS __empty';
    switch (r.kind) {
      case 'leftsemi':
        return `SELECT ${sel} FROM ${left} l SEMI JOIN ${right} r ON ${on}`;
      case 'leftanti':
        return `SELECT ${sel} FROM ${left} l ANTI JOIN ${right} r ON ${on}`;
      case 'rightsemi':
        return `SELECT ${sel} FROM ${right} r SEMI JOIN ${left} l ON ${on}`;
      case 'rightanti':
        return `SELECT ${sel} FROM ${right} r ANTI JOIN ${left} l ON ${on}`;
      default: {
        const kw = { innerunique: 'INNER', inner: 'INNER', leftouter: 'LEFT', rightouter: 'RIGHT', fullouter: 'FULL' }[r.kind];
        return `SELECT ${sel} FROM ${left} l ${kw} JOIN ${right} r ON ${on}`;
      }
    }
  }

  private mvexpand(r: Extract<Rel, { op: 'mvexpand' }>): string {
    const input = this.rel(r.input);
    const keep = r.keep.map((c) => c.id);
    const ord = r.input.ord;
    // Each row becomes max(len) rows; a null or non-list value keeps one row, [] drops it.
    const lists = r.expands.map((x) => `(${this.expr(x.e)})`);
    if (lists.length === 1 && !r.index && r.limit === undefined && !r.ord) {
      // Unordered, one array, no index: DuckDB's own unnest (a null array becomes one null row).
      const x = r.expands[0];
      const t = sqlType(x.e.ty.shape);
      const items = [...keep, `unnest(CASE WHEN ${lists[0]} IS NULL THEN CAST([NULL] AS ${t}) ELSE ${lists[0]} END) AS ${x.col.id}`];
      return `SELECT ${items.join(', ')} FROM ${input}`;
    }
    // mv-expand page: a null value gives one record, [] none, an array one per element; the row
    // gives as many records as its longest value (so null next to [] still gives one).
    const one = (l: string) => `CASE WHEN ${l} IS NULL THEN 1 ELSE len(${l}) END`;
    const cnt = lists.length === 1 ? one(lists[0]) : `greatest(${lists.map(one).join(', ')})`;
    const lim = r.limit !== undefined ? `least(${cnt}, ${r.limit})` : cnt;
    const inner = `SELECT *, unnest(range(CAST(${lim} AS BIGINT))) AS __i FROM ${input}`;
    const items = [
      ...keep,
      ...r.expands.map((x, i) => `${lists[i]}[__i + 1] AS ${x.col.id}`),
      ...(r.index ? [`__i AS ${r.index.id}`] : []),
      ...(r.ord ? [`row_number() OVER (ORDER BY ${ord ? `${ord}, ` : ''}__i) AS ${r.ord}`] : []),
    ];
    return `SELECT ${items.join(', ')} FROM (${inner})`;
  }
}

const hasWindow = (e: Expr): boolean => someExpr(e, (x) => x.k === 'win');

export function irToSql(rel: Rel, limit?: number): EmitResult {
  return new SqlEmitter().statement(rel, limit);
}

export type { Col };
