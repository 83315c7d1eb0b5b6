#!/usr/bin/env node
// Metamorphic oracle cases: rewrites each case of a Kusto oracle file (the format of
// ../shared/corpus/kusto-oracle-dev/README.md) in ways that keep Kusto's answer, so the real
// engine's recorded result checks the same features through other lowering paths (let-bound
// tables, materialize, unions, extra pipeline stages, narrowing).
//
//   node bin/oracle-metamorphic.mjs CASES.jsonl --out DIR [--only r1,r2]
//
// Writes DIR/<rewrite>.jsonl (ids `<id>~<rewrite>`) for the harness:
//   node ../shared/tools/oracle-run.mjs --cases DIR/where-true.jsonl --json OUT.json --batch-cmd \
//     "npx huntbench query --no-dataset --now 2024-05-20T00:00:00Z --format json --batch"
// Only the last statement of a query is rewritten (lets and declarations before it are kept);
// nondeterministic cases and queries with several result tables (fork, facet) are skipped.
// Each rewrite says which cases it applies to and why Kusto's answer cannot change (Kusto docs,
// data-explorer/kusto/query/*.md): a rewrite whose effect on row order is undocumented is applied
// to unordered cases only; the appended stages keep a refused query refused.
// Rewrites compose: a file written here is itself a valid CASES file (the expected result and the
// ordered flag are already rewritten), so feeding it back gives `<id>~r1~r2` cases; a case that
// already holds the `__mm` names of a rewrite is left out, so only rewrites that add none compose.
import fs from 'node:fs';
import path from 'node:path';

// Bracket-quoted column name: ['...'] with the string literal's escapes.
const col = (name) => `['${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;

// The rewrites. `kql(q, c)` gets the last statement `q` and the case; `expect(e, c)` maps the
// expected result (default: unchanged); `when(c)` picks the cases (default: all scored ones).
const ordered = (c) => !!c.ordered;
const hasRows = (c) => !c.expect_error;
const REWRITES = {
  // where-operator.md: keeps the rows for which the predicate is true; order-preserving
  // (serialize-operator.md: operators not listed keep the serialization).
  'where-true': { kql: (q) => `${q}\n| where true` },
  // extend adds a column at the end, project-away removes it again.
  'extend-away': { kql: (q) => `${q}\n| extend __mm = 1\n| project-away __mm` },
  // project-operator.md: the listed columns, in the listed order.
  'project-all': { when: hasRows, kql: (q, c) => `${q}\n| project ${c.expect.columns.map((x) => col(x.name)).join(', ')}` },
  'project-reversed': {
    when: (c) => hasRows(c) && c.expect.columns.length > 1,
    kql: (q, c) => `${q}\n| project ${[...c.expect.columns].reverse().map((x) => col(x.name)).join(', ')}`,
    expect: (e) => ({ columns: [...e.columns].reverse(), rows: e.rows.map((r) => [...r].reverse()) }),
  },
  // project-away-operator.md: drops the named column, the others keep their order. Not for a
  // sort key of an ordered case (the comparer needs it to tell ties).
  'project-away-last': {
    when: (c) =>
      hasRows(c) && c.expect.columns.length > 1 && !(c.order_keys ?? []).includes(c.expect.columns.at(-1).name),
    kql: (q, c) => `${q}\n| project-away ${col(c.expect.columns.at(-1).name)}`,
    expect: (e) => ({ columns: e.columns.slice(0, -1), rows: e.rows.map((r) => r.slice(0, -1)) }),
  },
  // serialize-operator.md: marks the rows as serialized, changes nothing else.
  serialize: { kql: (q) => `${q}\n| serialize` },
  // serialize with a row number (row-number-function.md), dropped again: the rows and their order stay.
  'serialize-rn': { kql: (q) => `${q}\n| serialize __mm = row_number()\n| project-away __mm` },
  // take-operator.md: at most N rows; every row when there are fewer (results have at most 8).
  'take-big': { kql: (q) => `${q}\n| take 100000` },
  // let-statement.md: the name stands for the bound tabular expression.
  'let-bind': { kql: (q) => `let __mm = (${q});\n__mm` },
  // A let function without parameters returns its body's value.
  'let-function': { kql: (q) => `let __mm = () { ${q} };\n__mm()` },
  // as-operator.md: binds a name to its input and passes the input on.
  'as-name': { kql: (q) => `(${q})\n| as __mm` },
  // materialize-function.md: caches the expression's value; order is not documented.
  materialize: { when: (c) => !ordered(c), kql: (q) => `let __mm = materialize(${q});\n__mm` },
  // as-operator.md: hint.materialized=true is as if wrapped by materialize().
  'as-materialized': { when: (c) => !ordered(c), kql: (q) => `(${q})\n| as hint.materialized=true __mm` },
  // union-operator.md: one or more tables; all their rows; leg order not guaranteed.
  'union-one': { when: (c) => !ordered(c), kql: (q) => `union (${q})` },
  'union-self': {
    when: (c) => !ordered(c),
    kql: (q) => `let __mm = (${q});\nunion __mm, __mm`,
    expect: (e) => ({ columns: e.columns, rows: [...e.rows, ...e.rows] }),
  },
  // sort-operator.md / top-operator.md: reorders rows only; compared as a multiset (the case is
  // unordered). Not by a dynamic column.
  'sort-first': {
    when: (c) => !ordered(c) && hasRows(c) && c.expect.columns[0].type !== 'dynamic',
    kql: (q, c) => `${q}\n| sort by ${col(c.expect.columns[0].name)} asc`,
  },
  'sort-all': {
    when: (c) => !ordered(c) && hasRows(c) && c.expect.columns.some((x) => x.type !== 'dynamic'),
    kql: (q, c) => `${q}\n| sort by ${c.expect.columns.filter((x) => x.type !== 'dynamic').map((x) => `${col(x.name)} asc`).join(', ')}`,
  },
  'top-big': {
    when: (c) => !ordered(c) && hasRows(c) && c.expect.columns[0].type !== 'dynamic',
    kql: (q, c) => `${q}\n| top 100000 by ${col(c.expect.columns[0].name)} desc`,
  },
  // count-operator.md: one row, column Count (long), the number of input rows. The corpus keeps
  // only results whose every row was recorded (README: longer results were dropped).
  count: {
    kql: (q) => `${q}\n| count`,
    expect: (e) => ({ columns: [{ name: 'Count', type: 'long' }], rows: [[e.rows.length]] }),
    flags: { ordered: false },
  },
  // toscalar-function.md: the first column of the first row; print names the column.
  'count-toscalar': {
    kql: (q) => `print Count = toscalar(${q}\n| count)`,
    expect: (e) => ({ columns: [{ name: 'Count', type: 'long' }], rows: [[e.rows.length]] }),
    flags: { ordered: false },
  },
  // summarize-operator.md / count-aggregation-function.md: one row without `by`, column count_.
  'summarize-count': {
    kql: (q) => `${q}\n| summarize count()`,
    expect: (e) => ({ columns: [{ name: 'count_', type: 'long' }], rows: [[e.rows.length]] }),
    flags: { ordered: false },
  },
  // --- Scalar-expression paths: every column rewritten in one `project` (project keeps the listed
  // columns in the listed order, so ordered cases stay ordered). The wrapped value equals the column.
  // iff-function.md: the `then` value when the condition is true.
  'iff-cols': { when: hasRows, kql: (q, c) => projectEach(q, c, (x) => `iff(true, ${x}, ${x})`) },
  // case-function.md: the `else` value when no predicate is true.
  'case-cols': { when: hasRows, kql: (q, c) => projectEach(q, c, (x) => `case(false, ${x}, ${x})`) },
  // coalesce-function.md: the first non-null (non-empty string) argument; all arguments of one
  // type; with two equal arguments it is the value either way. Not for dynamic (not listed).
  'coalesce-cols': {
    when: (c) => hasRows(c) && c.expect.columns.some((x) => x.type !== 'dynamic'),
    kql: (q, c) => projectEach(q, c, (x, t) => (t === 'dynamic' ? x : `coalesce(${x}, ${x})`)),
  },
  // column-ifexists-function.md: the column when it exists (the default is not used).
  'ifexists-cols': {
    when: hasRows,
    kql: (q, c) => projectEach(q, c, (x, t, name) => `column_ifexists(${str(name)}, ${x})`),
  },
  // to*() of a value of that very type (tostring/tobool/todatetime/totimespan/tolong/toint/toreal
  // pages): the value unchanged. int|long through tolong stays in the class; real|decimal and
  // dynamic are left as they are (decimal -> real loses digits), and guid too (toguid() takes a
  // string or dynamic only: Kusto's analyzer refuses toguid(guid), KS141).
  'cast-cols': {
    when: (c) => hasRows(c) && c.expect.columns.some((x) => CASTS[x.type]),
    kql: (q, c) => projectEach(q, c, (x, t) => (CASTS[t] ? `${CASTS[t]}(${x})` : x)),
  },
  // --- Filter paths. isnull-function.md / isnotnull-function.md: one is the negation of the other
  // for every value (a string is never null: isnull("") is false, isnotnull("") true), so the
  // predicates below are true on every row; where keeps order.
  'where-null-or': {
    when: hasRows,
    kql: (q, c) => `${q}\n| where ${c.expect.columns.map((x) => `(isnull(${col(x.name)}) or isnotnull(${col(x.name)}))`).join(' and ')}`,
  },
  'where-not-and': {
    when: hasRows,
    kql: (q, c) => `${q}\n| where not(isnull(${col(c.expect.columns[0].name)}) and isnotnull(${col(c.expect.columns[0].name)}))`,
  },
  // let-statement.md: a scalar let binds the value; where keeps the rows where it is true.
  'let-scalar': { kql: (q) => `let __mm = true;\n${q}\n| where __mm` },
  // toscalar-function.md: the first column of the first row of the tabular expression.
  'toscalar-where': { kql: (q) => `${q}\n| where toscalar(print __mm = true)` },
  // toscalar of the case's own count, compared in a where: every row stays.
  'toscalar-count': {
    when: hasRows,
    kql: (q, c) => `let __mm = toscalar((${q})\n| count);\n${q}\n| where __mm == ${c.expect.rows.length}`,
  },
  // --- Summarize paths (results compared as a multiset).
  // countif-aggregation-function.md: counts the rows where the predicate is true.
  'countif-true': {
    kql: (q) => `${q}\n| summarize Count = countif(true)`,
    expect: (e) => ({ columns: [{ name: 'Count', type: 'long' }], rows: [[e.rows.length]] }),
    flags: { ordered: false },
  },
  // summarize-operator.md: one row per distinct value of the by expression. Only a key column of
  // an exactly compared type (no real, no dynamic) and without nulls (how nulls group is not said).
  'summarize-by-key': {
    when: (c) => hasRows(c) && groupKey(c) >= 0,
    kql: (q, c) => `${q}\n| summarize __mmn = count() by ${col(c.expect.columns[groupKey(c)].name)}`,
    expect: (e, c) => {
      const k = groupKey(c);
      const counts = new Map();
      for (const r of e.rows) {
        const key = canon(r[k], e.columns[k].type);
        const hit = counts.get(key);
        if (hit) hit[1]++;
        else counts.set(key, [r[k], 1]);
      }
      return { columns: [e.columns[k], { name: '__mmn', type: 'long' }], rows: [...counts.values()] };
    },
    flags: { ordered: false },
  },
  // distinct-operator.md: the distinct combinations of the columns. No dynamic column; reals only
  // when the recorded rows are already distinct (two reals printed alike may differ).
  'distinct-all': {
    when: (c) =>
      hasRows(c) &&
      c.expect.columns.every((x) => x.type !== 'dynamic') &&
      (c.expect.columns.every((x) => !/real|decimal/.test(x.type)) || dedupe(c.expect).rows.length === c.expect.rows.length),
    kql: (q) => `${q}\n| distinct *`,
    expect: (e) => dedupe(e),
    flags: { ordered: false },
  },
  // --- Join / lookup / union / mv-* paths with a constant key (unordered cases: these operators do
  // not document row order). join-operator.md kind=inner: every pair of matching rows, the left
  // columns first (the right key is renamed and dropped again with the pattern).
  'join-const': {
    when: (c) => !ordered(c),
    kql: (q) => `${q}\n| extend __mm = 1\n| join kind=inner (print __mm = 1) on __mm\n| project-away __mm*`,
  },
  // leftouter join with no matching right row: every left row once, right columns null (dropped).
  'leftouter-nomatch': {
    when: (c) => !ordered(c),
    kql: (q) => `${q}\n| extend __mm = 1\n| join kind=leftouter (print __mm = 2) on __mm\n| project-away __mm*`,
  },
  // lookup-operator.md: leftouter by default; one matching dimension row adds its columns.
  'lookup-const': {
    when: (c) => !ordered(c),
    kql: (q) => `${q}\n| extend __mm = 1\n| lookup (print __mm = 1, __mmv = 2) on __mm\n| project-away __mm*`,
  },
  // union-operator.md: all rows of all legs; an empty leg of the same schema adds none.
  'union-empty': {
    when: (c) => !ordered(c),
    kql: (q) => `let __mm = (${q});\nunion __mm, (__mm | where false)`,
  },
  // mv-expand-operator.md: one row per element of a one-element array; the other columns repeat.
  'mv-expand-const': {
    when: (c) => !ordered(c),
    kql: (q) => `${q}\n| extend __mm = dynamic([1])\n| mv-expand __mm\n| project-away __mm`,
  },
  // mv-apply-operator.md: the subquery runs on each row's expansion; here it keeps the one element.
  'mv-apply-const': {
    when: (c) => !ordered(c),
    kql: (q) => `${q}\n| mv-apply __mm = dynamic([1]) to typeof(long) on (where __mm == 1)\n| project-away __mm`,
  },
  // project-rename-operator.md: renames in place (order kept); renamed away and back.
  'rename-round': {
    when: hasRows,
    kql: (q, c) => {
      const cs = c.expect.columns;
      return `${q}\n| project-rename ${cs.map((x, i) => `__mm${i} = ${col(x.name)}`).join(', ')}\n| project-rename ${cs.map((x, i) => `${col(x.name)} = __mm${i}`).join(', ')}`;
    },
  },
  // parse-operator.md: adds the extracted columns at the end (a constant text here), dropped again;
  // parse keeps order (serialize-operator.md).
  'parse-const': { kql: (q) => `${q}\n| parse 'k=42' with * '=' __mm:long\n| project-away __mm` },
  // invoke-operator.md: the input is the function's first (tabular) argument.
  'invoke-identity': { kql: (q) => `let __mmf = (T:(*)) { T };\n${q}\n| invoke __mmf()` },
  // prev-function.md over serialized rows (serialize-operator.md), dropped again: rows and order stay.
  'serialize-prev': {
    when: (c) => hasRows(c) && c.expect.columns[0].type !== 'dynamic',
    kql: (q, c) => `${q}\n| serialize __mm = prev(${col(c.expect.columns[0].name)})\n| project-away __mm`,
  },
  // --- Round 3 (metamorph3): per-type scalar identities, literal filters built from the recorded
  // values, column reordering, and more join/union/partition/summarize shapes. A column whose
  // recorded values hold a null is left as it is where a doc does not say what the function does
  // with null.
  // strcat-function.md: the arguments joined; a string is never null (null-values.md), so
  // strcat(s, '') is s.
  'strcat-empty': {
    when: (c) => hasType(c, 'string'),
    kql: (q, c) => projectEach(q, c, (x, t) => (t === 'string' ? `strcat(${x}, '')` : x)),
  },
  // substring-function.md: from the start index to the end of the text when the length is left out.
  'substring-zero': {
    when: (c) => hasType(c, 'string'),
    kql: (q, c) => projectEach(q, c, (x, t) => (t === 'string' ? `substring(${x}, 0)` : x)),
  },
  // tostring-function.md then tolong/todatetime/totimespan/toguid: the text form parses back to
  // the same value (long digits; ISO-8601 datetime with 7 fraction digits; [-][d.]hh:mm:ss[.f];
  // a guid's text). Non-null columns only; bool, real, dynamic left as they are.
  'tostring-round': {
    when: (c) => hasRows(c) && c.expect.columns.some((x, i) => ROUND[x.type] && noNulls(c, i)),
    kql: (q, c) => projectEach(q, c, (x, t, _n, i) => (ROUND[t] && noNulls(c, i) ? `${ROUND[t]}(tostring(${x}))` : x)),
  },
  // numerical-operators.md / datetime-timespan-arithmetic.md: adding zero (0, 0s) to a long,
  // datetime or timespan gives the same value; null in, null out (null-values.md: arithmetic
  // on null is null). int + long is long (same int|long class).
  'add-zero': {
    when: (c) => hasRows(c) && c.expect.columns.some((x) => ZERO[x.type]),
    kql: (q, c) => projectEach(q, c, (x, t) => (ZERO[t] ? `${x} + ${ZERO[t]}` : x)),
  },
  // Multiplying a long by 1, a real by 1.0 (IEEE: exact, -0.0, NaN and ±Infinity stay), and
  // subtracting 0s from a datetime or timespan.
  'mul-one': {
    when: (c) => hasRows(c) && c.expect.columns.some((x) => ONE[x.type]),
    kql: (q, c) => projectEach(q, c, (x, t) => (ONE[t] ? ONE[t](x) : x)),
  },
  // bin-function.md: rounds down to a multiple of the bin size; every long is a multiple of 1 and
  // every datetime/timespan a whole number of ticks, so bin(c, 1) / bin(c, 1tick) is c.
  // Non-null columns only.
  'bin-unit': {
    when: (c) => hasRows(c) && c.expect.columns.some((x, i) => BIN1[x.type] && noNulls(c, i)),
    kql: (q, c) => projectEach(q, c, (x, t, _n, i) => (BIN1[t] && noNulls(c, i) ? `bin(${x}, ${BIN1[t]})` : x)),
  },
  // datetime-add-function.md: the datetime plus amount times the period; amount 0 adds nothing.
  'datetime-add-zero': {
    when: (c) => hasRows(c) && c.expect.columns.some((x, i) => x.type === 'datetime' && noNulls(c, i)),
    kql: (q, c) =>
      projectEach(q, c, (x, t, _n, i) => (t === 'datetime' && noNulls(c, i) ? `datetime_add('day', 0, ${x})` : x)),
  },
  // case-function.md: the value of the first true predicate, else the last argument; every branch
  // is the column, whichever is taken.
  'case-branches': {
    when: hasRows,
    kql: (q, c) => projectEach(q, c, (x) => `case(isnull(${x}), ${x}, isnotnull(${x}), ${x}, ${x})`),
  },
  // --- Filters that are true on every recorded row (where keeps order).
  // equals / =~ (datatypes-string-operators.md): a string equals itself, case-sensitively and not;
  // a non-null long/datetime/timespan/bool/guid equals itself; a real too unless NaN.
  'where-self-eq': {
    when: (c) => hasRows(c) && selfEq(c).length > 0,
    kql: (q, c) => `${q}\n| where ${selfEq(c).join(' and ')}`,
  },
  // union-operator.md: the rows of every leg (kind=outer: a column one leg lacks is null there);
  // an empty leg with a column of its own adds that column only, project-away drops it again.
  // The filter after the union is true on every recorded row (where-self-eq's, or isnotnull-or-
  // isnull of each column) and on the empty leg's filled-in null: it reaches each leg
  // (lower/union-push.ts) with the leg's own columns and the union's types. Unordered cases only
  // (leg order is not guaranteed).
  'union-where': {
    when: (c) => hasRows(c) && !ordered(c),
    kql: (q, c) => {
      const pred = selfEq(c).length > 0 ? selfEq(c) : c.expect.columns.map((x) => `(isnull(${col(x.name)}) or isnotnull(${col(x.name)}))`);
      return `let __mm = (${q});\nunion __mm, (print __mmu = 1 | take 0)\n| where isnull(__mmu) and ${pred.join(' and ')}\n| project-away __mmu`;
    },
  },
  // in-cs-operator.md: true when the value is one of the listed constants; the list is the
  // column's recorded values (first string or long column without nulls), and !in of a value the
  // column never holds.
  'where-in-values': {
    when: (c) => hasRows(c) && c.expect.rows.length > 0 && inKey(c) >= 0,
    kql: (q, c) => {
      const k = inKey(c);
      const { name, type } = c.expect.columns[k];
      const vals = [...new Set(c.expect.rows.map((r) => lit(r[k], type)))];
      const absent = type === 'string' ? "'__mm absent'" : absentLong(c, k);
      return `${q}\n| where ${col(name)} in (${vals.join(', ')}) and ${col(name)} !in (${absent})`;
    },
  },
  // in-cs-operator.md / in-operator.md: a dynamic array among the values adds its elements; here
  // the column's recorded values in an array held in a column (read at run time, not expanded when
  // compiled) beside a value the column never holds, and in~ of them with their case swapped.
  'where-in-array': {
    when: (c) => hasRows(c) && c.expect.rows.length > 0 && inKey(c) >= 0,
    kql: (q, c) => {
      const k = inKey(c);
      const { name, type } = c.expect.columns[k];
      const text = type === 'string';
      const vals = [...new Set(c.expect.rows.map((r) => (text ? str(r[k]) : String(r[k]))))];
      const absent = text ? "'__mm absent'" : absentLong(c, k);
      const ci = text && c.expect.rows.every((r) => /^[\x20-\x7e]*$/.test(r[k]));
      const swapped = ci ? [...new Set(c.expect.rows.map((r) => str(swapCase(r[k]))))] : [];
      const absentArr = text ? absent : absent.replace(/^long\((.*)\)$/, '$1');
      const arrays = `__mm = dynamic([${vals.join(', ')}]), __mmx = dynamic([${absentArr}])${ci ? `, __mmc = dynamic([${swapped.join(', ')}])` : ''}`;
      const x = col(name);
      // the values in the array, then beside an array of the absent value; !in of both absent
      const pred = `${x} in (${absent}, __mm) and ${x} in (${vals.map((v) => (text ? v : `long(${v})`)).join(', ')}, __mmx) and ${x} !in (${absent}, __mmx)${ci ? ` and ${x} in~ (__mmc)` : ''}`;
      return `${q}\n| extend ${arrays}\n| where ${pred}\n| project-away __mm, __mmx${ci ? ', __mmc' : ''}`;
    },
  },
  // in-operator.md (in~): case-insensitive; the column's ASCII values with their case swapped.
  'where-in-ci': {
    when: (c) => hasRows(c) && c.expect.rows.length > 0 && asciiKey(c) >= 0,
    kql: (q, c) => {
      const k = asciiKey(c);
      const name = col(c.expect.columns[k].name);
      const vals = [...new Set(c.expect.rows.map((r) => str(swapCase(r[k]))))];
      return `${q}\n| where ${name} in~ (${vals.join(', ')}) and ${name} !in~ ('__MM ABSENT')`;
    },
  },
  // between-operator.md: inclusive of both ends; from the column's smallest to its largest recorded
  // value (first long or datetime column without nulls).
  'where-between': {
    when: (c) => hasRows(c) && c.expect.rows.length > 0 && betweenKey(c) >= 0,
    kql: (q, c) => {
      const k = betweenKey(c);
      const { name, type } = c.expect.columns[k];
      const vs = c.expect.rows.map((r) => r[k]);
      const key = (v) => (type === 'datetime' ? v : BigInt(v));
      const lo = vs.reduce((a, b) => (key(b) < key(a) ? b : a));
      const hi = vs.reduce((a, b) => (key(b) > key(a) ? b : a));
      return `${q}\n| where ${col(name)} between (${lit(lo, type)} .. ${lit(hi, type)})`;
    },
  },
  // --- Column order. project-reorder-operator.md: the listed columns first, in the listed order,
  // then the others as they were; nothing renamed or removed. (No '*' in names: a pattern.)
  'reorder-reversed': {
    when: (c) => hasRows(c) && c.expect.columns.length > 1 && plainNames(c),
    kql: (q, c) => `${q}\n| project-reorder ${[...c.expect.columns].reverse().map((x) => col(x.name)).join(', ')}`,
    expect: (e) => ({ columns: [...e.columns].reverse(), rows: e.rows.map((r) => [...r].reverse()) }),
  },
  'reorder-last': {
    when: (c) => hasRows(c) && c.expect.columns.length > 1 && plainNames(c),
    kql: (q, c) => `${q}\n| project-reorder ${col(c.expect.columns.at(-1).name)}`,
    expect: (e) => ({
      columns: [e.columns.at(-1), ...e.columns.slice(0, -1)],
      rows: e.rows.map((r) => [r.at(-1), ...r.slice(0, -1)]),
    }),
  },
  // --- Union / join / partition / materialize shapes (unordered cases).
  // union-operator.md: withsource adds a first column naming the leg; dropped again.
  'union-withsource': {
    when: (c) => !ordered(c),
    kql: (q) => `union withsource=__mms (${q})\n| project-away __mms`,
  },
  // join-operator.md kind=leftsemi: the left rows that have a match on the right, left columns
  // only. Against itself on every column, every row matches (no dynamic keys; no nulls or reals:
  // null and NaN keys do not match).
  'semi-self': {
    when: (c) => !ordered(c) && hasRows(c) && semiCols(c),
    kql: (q, c) =>
      `let __mm = (${q});\n__mm\n| join kind=leftsemi (__mm) on ${c.expect.columns.map((x) => col(x.name)).join(', ')}`,
  },
  // kind=leftanti: the left rows without a match; against no rows, all of them.
  'anti-empty': {
    when: (c) => !ordered(c) && hasRows(c) && c.expect.columns.some((x) => x.type !== 'dynamic'),
    kql: (q, c) => {
      const k = col(c.expect.columns.find((x) => x.type !== 'dynamic').name);
      return `let __mm = (${q});\n__mm\n| join kind=leftanti (__mm | where false) on ${k}`;
    },
  },
  // partition-operator.md: the subquery runs on each partition's rows and the outputs are unioned;
  // one partition (a constant key) and a subquery that keeps every row.
  'partition-const': {
    when: (c) => !ordered(c),
    kql: (q) => `${q}\n| extend __mm = 1\n| partition by __mm (where true)\n| project-away __mm`,
  },
  // materialize-function.md + toscalar-function.md: the cached table's count compared in a where
  // over the same cached table.
  'materialize-toscalar': {
    when: (c) => !ordered(c) && hasRows(c),
    kql: (q, c) => `let __mm = materialize(${q});\n__mm\n| where toscalar(__mm | count) == ${c.expect.rows.length}`,
  },
  // --- Summarize shapes. make-list-aggregation-function.md: an array of the group's values (nulls
  // left out); mv-expand-operator.md: one row per element, `to typeof()` a cast. First long or
  // string column without nulls, at least one row; compared as a multiset.
  'list-expand': {
    when: (c) => hasRows(c) && c.expect.rows.length > 0 && listKey(c) >= 0,
    kql: (q, c) => {
      const k = listKey(c);
      const t = c.expect.columns[k].type === 'string' ? 'string' : 'long';
      return `${q}\n| summarize __mm = make_list(${col(c.expect.columns[k].name)})\n| mv-expand __mm to typeof(${t})`;
    },
    expect: (e, c) => {
      const k = listKey(c);
      return { columns: [{ ...e.columns[k], name: '__mm' }], rows: e.rows.map((r) => [r[k]]) };
    },
    flags: { ordered: false },
  },
  // summarize-operator.md + max-aggregation-function.md: grouped by a key whose recorded values
  // are all distinct, each group is one row, and max of a column over one row is its value.
  'max-by-unique': {
    when: (c) => hasRows(c) && maxPair(c) !== null,
    kql: (q, c) => {
      const [k, v] = maxPair(c);
      return `${q}\n| summarize __mmx = max(${col(c.expect.columns[v].name)}) by ${col(c.expect.columns[k].name)}`;
    },
    expect: (e, c) => {
      const [k, v] = maxPair(c);
      return { columns: [e.columns[k], { ...e.columns[v], name: '__mmx' }], rows: e.rows.map((r) => [r[k], r[v]]) };
    },
    flags: { ordered: false },
  },
};

// A KQL string literal.
const str = (s) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
// `project` of every expected column, each through f(ref, type, name).
const projectEach = (q, c, f) =>
  `${q}\n| project ${c.expect.columns.map((x, i) => `${col(x.name)} = ${f(col(x.name), x.type, x.name, i)}`).join(', ')}`;
const CASTS = {
  string: 'tostring', bool: 'tobool', datetime: 'todatetime', timespan: 'totimespan',
  'int|long': 'tolong', long: 'tolong', int: 'toint', real: 'toreal',
};
// A recorded value's comparison key (guids compare case-insensitively).
const canon = (v, t) => (t === 'guid' && typeof v === 'string' ? v.toLowerCase() : JSON.stringify(v));
// The first column usable as an exact group key (see summarize-by-key), or -1.
const groupKey = (c) =>
  c.expect.columns.findIndex(
    (x, i) => !/real|decimal|dynamic/.test(x.type) && c.expect.rows.every((r) => r[i] !== null),
  );
// --- Helpers of the round-3 rewrites.
const hasType = (c, t) => hasRows(c) && c.expect.columns.some((x) => x.type === t);
const noNulls = (c, i) => c.expect.rows.every((r) => r[i] !== null);
const isLong = (t) => t === 'int|long' || t === 'long';
const ROUND = { 'int|long': 'tolong', long: 'tolong', datetime: 'todatetime', timespan: 'totimespan', guid: 'toguid' };
const ZERO = { 'int|long': '0', long: '0', datetime: '0s', timespan: '0s' };
const ONE = {
  'int|long': (x) => `${x} * 1`, long: (x) => `${x} * 1`, real: (x) => `${x} * 1.0`,
  datetime: (x) => `${x} - 0s`, timespan: (x) => `${x} - 0s`,
};
const BIN1 = { 'int|long': '1', long: '1', datetime: '1tick', timespan: '1tick' };
// `c == c` (and `c =~ c` for strings) for every column where it is true on every row.
const selfEq = (c) =>
  c.expect.columns.flatMap((x, i) => {
    const r = col(x.name);
    if (x.type === 'string') return [`${r} == ${r}`, `${r} =~ ${r}`];
    if (!noNulls(c, i)) return [];
    if (/^(int\|long|long|datetime|timespan|bool|guid)$/.test(x.type)) return [`${r} == ${r}`];
    if (/real/.test(x.type) && c.expect.rows.every((row) => row[i] !== 'NaN')) return [`${r} == ${r}`];
    return [];
  });
// A string literal's text is safe when it has no control characters (the literal escapes \ and ').
const plainText = (v) => typeof v === 'string' && !/[\u0000-\u001f\u007f]/.test(v);
// A recorded value as a KQL literal of its column's type.
const lit = (v, t) => {
  if (t === 'string') return str(v);
  if (isLong(t)) return `long(${v})`;
  if (t === 'datetime') return `datetime(${v})`;
  throw new Error(`no literal for ${t}`);
};
const inKey = (c) =>
  c.expect.columns.findIndex(
    (x, i) => (x.type === 'string' && c.expect.rows.every((r) => plainText(r[i]))) || (isLong(x.type) && noNulls(c, i)),
  );
const absentLong = (c, k) => {
  const have = new Set(c.expect.rows.map((r) => String(r[k])));
  let v = 7340033;
  while (have.has(String(v))) v++;
  return `long(${v})`;
};
const asciiKey = (c) =>
  c.expect.columns.findIndex((x, i) => x.type === 'string' && c.expect.rows.every((r) => /^[\x20-\x7e]*$/.test(r[i])));
const swapCase = (s) => s.replace(/[a-zA-Z]/g, (ch) => (ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase()));
const betweenKey = (c) =>
  c.expect.columns.findIndex(
    (x, i) => (isLong(x.type) || x.type === 'datetime') && noNulls(c, i) && c.expect.rows.every((r) => typeof r[i] === 'number' || typeof r[i] === 'string'),
  );
const plainNames = (c) => c.expect.columns.every((x) => !x.name.includes('*'));
// Every column usable as an equality join key that matches itself on every row.
const semiCols = (c) =>
  c.expect.columns.every((x, i) => !/real|decimal|dynamic/.test(x.type) && (x.type === 'string' || noNulls(c, i)));
const listKey = (c) => c.expect.columns.findIndex((x, i) => (x.type === 'string' || isLong(x.type)) && noNulls(c, i));
// [key, value]: the first exact-typed column without nulls whose recorded values are all distinct,
// and the first other long/datetime/timespan column without nulls; or null.
const maxPair = (c) => {
  const cs = c.expect.columns;
  const k = cs.findIndex(
    (x, i) =>
      !/real|decimal|dynamic/.test(x.type) &&
      noNulls(c, i) &&
      new Set(c.expect.rows.map((r) => canon(r[i], x.type))).size === c.expect.rows.length,
  );
  if (k < 0) return null;
  const v = cs.findIndex((x, i) => i !== k && (isLong(x.type) || x.type === 'datetime' || x.type === 'timespan') && noNulls(c, i));
  return v < 0 ? null : [k, v];
};
const dedupe = (e) => {
  const seen = new Set();
  const rows = e.rows.filter((r) => {
    const k = r.map((v, i) => canon(v, e.columns[i].type)).join('\u0001');
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return { columns: e.columns, rows };
};

// Splits KQL text into statements at top-level semicolons (outside strings, comments, brackets).
// Returns [start, end) offsets of each statement.
export function statements(text) {
  const out = [];
  let start = 0;
  let depth = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl + 1;
    } else if (text.startsWith('```', i)) {
      const e = text.indexOf('```', i + 3);
      if (e < 0) return null;
      i = e + 3;
    } else if (ch === "'" || ch === '"') {
      const verbatim = text[i - 1] === '@';
      let j = i + 1;
      for (;;) {
        if (j >= text.length) return null;
        if (!verbatim && text[j] === '\\') j += 2;
        else if (text[j] === ch) {
          if (verbatim && text[j + 1] === ch) j += 2;
          else break;
        } else j++;
      }
      i = j + 1;
    } else {
      if (ch === '(' || ch === '[' || ch === '{') depth++;
      else if (ch === ')' || ch === ']' || ch === '}') depth--;
      else if (ch === ';' && depth === 0) {
        out.push([start, i]);
        start = i + 1;
      }
      i++;
    }
  }
  out.push([start, text.length]);
  return out;
}

// The query split into the text before its last statement, the statement and the text after it.
export function lastStatement(text) {
  const st = statements(text);
  if (!st) return null;
  const body = st.filter(([s, e]) => text.slice(s, e).trim() !== '');
  if (!body.length) return null;
  const [s, e] = body.at(-1);
  const raw = text.slice(s, e);
  const lead = raw.length - raw.trimStart().length;
  const q = raw.trim();
  if (/^(let|declare|set|alias|pattern|restrict)\b/i.test(q)) return null;
  return { before: text.slice(0, s + lead), q, after: text.slice(s + lead + q.length) };
}

function main() {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log('usage: node bin/oracle-metamorphic.mjs CASES.jsonl --out DIR [--only r1,r2]\n');
    console.log(`${Object.keys(REWRITES).length} rewrites (each one's reason is in this script's source):`);
    for (const [name, rw] of Object.entries(REWRITES)) console.log(`  ${name}${rw.expect ? ' (expected result derived)' : ''}`);
    return;
  }
  const file = args.find((a, i) => !a.startsWith('--') && !['--out', '--only'].includes(args[i - 1]));
  const oi = args.indexOf('--out');
  const out = oi >= 0 ? args[oi + 1] : null;
  const ni = args.indexOf('--only');
  const only = ni >= 0 ? args[ni + 1].split(',') : Object.keys(REWRITES);
  if (!file || !out || only.some((r) => !REWRITES[r])) {
    console.error(`usage: node bin/oracle-metamorphic.mjs CASES.jsonl --out DIR [--only ${Object.keys(REWRITES).join(',')}]`);
    process.exit(2);
  }
  const cases = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
  fs.mkdirSync(out, { recursive: true });
  for (const name of only) {
    const rw = REWRITES[name];
    const lines = [];
    for (const c of cases) {
      if (c.nondeterministic || /\b(fork|facet)\b/.test(c.kql)) continue;
      if (rw.when && !rw.when(c)) continue;
      const parts = lastStatement(c.kql);
      if (!parts || /__mm/.test(c.kql)) continue;
      const kase = { ...c, id: `${c.id}~${name}`, kql: parts.before + rw.kql(parts.q, c) + parts.after };
      if (!c.expect_error && rw.expect) kase.expect = rw.expect(c.expect, c);
      if (rw.flags) Object.assign(kase, rw.flags);
      if (!kase.ordered) delete kase.order_keys;
      kase.metamorphic = { base: c.id, rewrite: name };
      lines.push(JSON.stringify(kase));
    }
    fs.writeFileSync(path.join(out, `${name}.jsonl`), lines.length ? `${lines.join('\n')}\n` : '');
    console.log(`${name}: ${lines.length} cases`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
