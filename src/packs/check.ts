/**
 * `pack validate` beyond the format: each query (and each test's bound query) is compiled against
 * the catalog of its dataset, and its required tables are looked up there. The compiler is
 * injected, so the same checks run in the CLI and, with the KQL worker, in the browser.
 */
import type { Catalog } from '../catalog/types.ts';
import { bindQuery } from './params.ts';
import { datasetOf, testKql } from './run.ts';
import type { Pack, PackIssue, PackQuery } from './types.ts';

export interface CompileDiagnostic {
  code: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  line: number;
  column: number;
}

export type CompileFn = (kql: string, catalog: Catalog | null) => { ok: boolean; diagnostics: CompileDiagnostic[] } | Promise<{ ok: boolean; diagnostics: CompileDiagnostic[] }>;

/** Catalog table names a body mentions as a word (a cheap look, good enough for a warning). */
export function tablesMentioned(body: string, catalog: Catalog): string[] {
  return catalog.tables.map((t) => t.name).filter((n) => new RegExp(`(^|[^\\w.])${n}($|[^\\w])`).test(body));
}

const prefixLines = (full: string, body: string) => full.slice(0, full.length - body.length).split('\n').length - 1;

function diagIssues(q: PackQuery, path: string, full: string, res: { ok: boolean; diagnostics: CompileDiagnostic[] }, what: string): PackIssue[] {
  const pre = prefixLines(full, q.body);
  return res.diagnostics
    .filter((d) => d.severity === 'error' || (!res.ok && d.severity !== 'info'))
    .slice(0, 3)
    .map((d) => ({
      path,
      severity: 'error' as const,
      message: `${what}: ${d.code} at ${d.line > pre ? `body ${d.line - pre}:${d.column}` : `${d.line}:${d.column} (parameters/fixtures)`}: ${d.message}`,
    }));
}

export async function checkPackQueries(pack: Pack, catalogFor: (dataset: string) => Promise<Catalog | null>, compile: CompileFn): Promise<PackIssue[]> {
  const issues: PackIssue[] = [];
  const defaultDs = pack.dataset ?? 'lab';
  for (const [i, q] of pack.queries.entries()) {
    const base = `queries[${i}]`;
    const catalog = await catalogFor(defaultDs);
    if (catalog) {
      const names = new Set(catalog.tables.map((t) => t.name));
      for (const t of q.requiredTables ?? []) {
        if (!names.has(t)) issues.push({ path: `${base}.requiredTables`, severity: 'error', message: `table ${t} is not in dataset ${catalog.dataset}` });
      }
      const missing = tablesMentioned(q.body, catalog).filter((t) => !(q.requiredTables ?? []).includes(t));
      if (missing.length) issues.push({ path: `${base}.requiredTables`, severity: 'warning', message: `the body uses ${missing.join(', ')} but requiredTables does not list ${missing.length > 1 ? 'them' : 'it'}` });
    }
    let full: string;
    try {
      full = bindQuery(q);
    } catch (e) {
      issues.push({ path: `${base}.parameters`, severity: 'error', message: (e as Error).message });
      continue;
    }
    issues.push(...diagIssues(q, `${base}.body`, full, await compile(full, catalog), q.id));
    if (!q.tests?.length) issues.push({ path: `${base}.tests`, severity: 'warning', message: `${q.id} has no tests` });
    for (const [j, t] of (q.tests ?? []).entries()) {
      if (!t.fixtures?.length && !t.parameters) continue; // same text as the body, checked above
      const tCatalog = await catalogFor(datasetOf(pack, t));
      let kql: string;
      try {
        kql = testKql(q, t);
      } catch (e) {
        issues.push({ path: `${base}.tests[${j}]`, severity: 'error', message: (e as Error).message });
        continue;
      }
      issues.push(...diagIssues(q, `${base}.tests[${j}]`, kql, await compile(kql, tCatalog), `${q.id} test "${t.name}"`));
    }
  }
  return issues;
}
