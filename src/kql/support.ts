/**
 * The supported-KQL list, built from the compiler's own dispatch tables so that it cannot drift:
 * OPERATORS (syntax class → lowering), DIRECT + HANDLERS (scalar functions), AGGS (aggregates),
 * set against the official parser's own list of built-in functions and aggregates
 * (parse/functions.ts), so the page says for each of Kusto's functions whether it is implemented,
 * excluded on purpose (exclusions.ts, with the reason) or missing.
 * `bin/support-table.mjs` writes docs/kql-support.md and the known-missing list
 * (test/kql/support-missing.txt); test/kql/support.test.ts checks both.
 */
import { type Exclusion, exclusionOf } from './exclusions.ts';
import { AGGS, DIRECT, HANDLERS, REFUSED } from './lower/functions.ts';
import { AGGREGATE_AND_SCALAR } from './lower/families/sketches.ts';
import { GRAPH_OPERATORS, OPERATORS } from './lower/operators/index.ts';
import { builtinFunctions } from './parse/functions.ts';

export interface SupportTable {
  operators: string[];
  functions: string[];
  aggregates: string[];
}

/** One of Kusto's built-in functions and whether huntbench implements it. */
export interface KustoFunctionSupport {
  name: string;
  kind: 'scalar' | 'aggregate';
  implemented: boolean;
  /** Not implemented on purpose (exclusions.ts); never set for an implemented function. */
  excluded?: Exclusion;
  deprecated: boolean;
}

export type SupportStatus = 'implemented' | 'excluded' | 'missing';

export const statusOf = (f: KustoFunctionSupport): SupportStatus => (f.implemented ? 'implemented' : f.excluded ? 'excluded' : 'missing');

/** Syntax classes whose KQL name is not the kebab-case of the class name. */
const OPERATOR_NAMES: Record<string, string> = {
  FilterOperator: 'where',
  DataTableExpression: 'datatable',
  ExternalDataExpression: 'externaldata',
};

/** `MvExpandOperator` → `mv-expand`. */
export function operatorName(syntaxClass: string): string {
  const named = OPERATOR_NAMES[syntaxClass];
  if (named) return named;
  return syntaxClass
    .replace(/(Operator|Expression)$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase();
}

const sorted = (xs: Iterable<string>): string[] => [...new Set(xs)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

export function supportTable(): SupportTable {
  return {
    // make-graph is lowered by the graph operator after it (lower/operators/make-graph.ts)
    operators: sorted([...Object.keys(OPERATORS), ...Object.keys(GRAPH_OPERATORS), 'MakeGraphOperator'].map(operatorName)),
    functions: sorted([...Object.keys(DIRECT), ...Object.keys(HANDLERS)].filter((f) => (!AGGS.has(f) || AGGREGATE_AND_SCALAR.has(f)) && !REFUSED.has(f))),
    aggregates: sorted(AGGS),
  };
}

/** Kusto's own list of built-in scalar functions and aggregates (hidden ones only if implemented). */
export function kustoFunctionSupport(t: SupportTable = supportTable()): KustoFunctionSupport[] {
  const fns = new Set(t.functions);
  const aggs = new Set(t.aggregates);
  return builtinFunctions()
    .filter((f) => !f.tabular)
    .map((f) => {
      const implemented = (f.kind === 'aggregate' ? aggs : fns).has(f.name);
      const excluded = implemented ? undefined : exclusionOf(f.kind, f.name);
      return { name: f.name, kind: f.kind, implemented, ...(excluded ? { excluded } : {}), deprecated: f.obsolete, hidden: f.hidden };
    })
    .filter((f) => !f.hidden || f.implemented)
    .map(({ hidden: _, ...f }) => f);
}

/** Kusto's functions that are neither implemented nor excluded, as `kind name` lines (sorted). */
export function missingFunctions(k: KustoFunctionSupport[] = kustoFunctionSupport()): string[] {
  return sorted(k.filter((f) => statusOf(f) === 'missing').map((f) => `${f.kind} ${f.name}`));
}

export interface Coverage {
  total: number;
  implemented: number;
  /** Excluded as bound to a live cluster: outside the percentage. */
  cluster: number;
  /** Excluded for another reason (counted against the percentage). */
  excluded: number;
  missing: number;
  /** implemented / (total − cluster), in percent. */
  percent: number;
}

export function coverage(rows: KustoFunctionSupport[]): Coverage {
  const count = (p: (f: KustoFunctionSupport) => boolean) => rows.filter(p).length;
  const implemented = count((f) => f.implemented);
  const cluster = count((f) => f.excluded?.class === 'cluster');
  const base = rows.length - cluster;
  return {
    total: rows.length,
    implemented,
    cluster,
    excluded: count((f) => !!f.excluded && f.excluded.class !== 'cluster'),
    missing: count((f) => statusOf(f) === 'missing'),
    percent: base ? Math.round((1000 * implemented) / base) / 10 : 0,
  };
}

/** The markdown of docs/kql-support.md. */
export function supportMarkdown(t: SupportTable = supportTable()): string {
  const list = (xs: string[]) => xs.map((x) => `- \`${x}\``).join('\n');
  const kusto = kustoFunctionSupport(t);
  const known = new Set(kusto.map((f) => `${f.kind}/${f.name}`));
  const status = (f: KustoFunctionSupport) =>
    f.implemented ? 'yes' : f.excluded ? `excluded (${f.excluded.class === 'cluster' ? 'cluster-bound' : f.excluded.class}): ${f.excluded.reason}` : 'no';
  const section = (kind: KustoFunctionSupport['kind'], title: string, ours: string[]) => {
    const rows = kusto.filter((f) => f.kind === kind);
    const done = rows.filter((f) => f.implemented).length;
    const extra = ours.filter((x) => !known.has(`${kind}/${x}`));
    return [
      `## ${title}: ${done} of Kusto's ${rows.length} implemented`,
      '',
      '| function | implemented |',
      '|---|---|',
      ...rows.map((f) => `| \`${f.name}\`${f.deprecated ? ' (deprecated)' : ''} | ${status(f)} |`),
      '',
      ...(extra.length ? [`Also accepted, outside Kusto's list of ${kind === 'aggregate' ? 'aggregates' : 'functions'}: ${extra.map((x) => `\`${x}\``).join(', ')}.`, ''] : []),
    ];
  };
  return [
    '# Supported KQL',
    '',
    '<!-- Generated by `node bin/support-table.mjs` from the compiler tables; do not edit. -->',
    '',
    "What the KQL → DuckDB SQL compiler accepts, taken from its own dispatch tables and set against",
    "the official parser's list of built-in functions and aggregates (Kusto.Language). An implemented",
    'function may still refuse a particular form with a coded `HB` diagnostic (for example an',
    'optional argument it does not support: `HB120 … argument N not supported`), never by ignoring it.',
    '',
    '## Coverage',
    '',
    "Per function of the parser's list: implemented, excluded on purpose (`src/kql/exclusions.ts`, with",
    'the reason) or missing. The percentage leaves out the functions bound to a live cluster.',
    '',
    '| | functions | implemented | excluded: cluster-bound | excluded: other | missing | implemented of non-cluster |',
    '|---|---|---|---|---|---|---|',
    ...(
      [
        ['scalar', kusto.filter((f) => f.kind === 'scalar')],
        ['aggregate', kusto.filter((f) => f.kind === 'aggregate')],
        ['all', kusto],
      ] as const
    ).map(([what, rows]) => {
      const c = coverage(rows);
      return `| ${what} | ${c.total} | ${c.implemented} | ${c.cluster} | ${c.excluded} | ${c.missing} | ${c.percent}% |`;
    }),
    '',
    `## Tabular operators (${t.operators.length})`,
    '',
    list(t.operators),
    '',
    ...section('scalar', 'Scalar functions', t.functions),
    ...section('aggregate', 'Aggregation functions', t.aggregates),
  ].join('\n');
}
