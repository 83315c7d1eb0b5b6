/**
 * `huntbench pack test|validate PATH...`: the CI gate for query packs. Files are read through the
 * same importer as the browser's drop zone; tests run on one worker-thread engine per dataset,
 * with a per-query time limit, and an engine that fails is replaced before the next test (pool.ts),
 * so one pack's runaway or crashing query costs only that test.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Catalog } from '../catalog/types.ts';
import { checkPackQueries } from '../packs/check.ts';
import { importPackText } from '../packs/formats.ts';
import { attachmentsFor, type PackRunner, type QueryReport, runPackTests, summarize } from '../packs/run.ts';
import { formatIssue, type Pack, type PackIssue } from '../packs/types.ts';
import type { Args, EngineChoice } from './args.ts';
import { UsageError } from './args.ts';
import { DatasetError, loadCatalog, resolveDataset } from './datasets.ts';
import type { Io } from './main.ts';
import { createWorkerRunner, DEFAULT_TIMEOUT_MS, type WorkerRunner } from './pool.ts';
import { safeCompile } from './runner.ts';

const PACK_FILE_RE = /\.(json|ya?ml)$/i;

/** Pack files named by the paths (a directory gives its *.json/*.yaml/*.yml files, sorted). */
export function packFiles(paths: string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    if (!fs.existsSync(p)) throw new UsageError(`no such file or directory: ${p}`);
    if (fs.statSync(p).isDirectory()) {
      const files = fs
        .readdirSync(p)
        .filter((f) => PACK_FILE_RE.test(f) && !f.endsWith('.schema.json'))
        .sort();
      if (!files.length) throw new UsageError(`no pack files (*.json, *.yaml) in ${p}`);
      out.push(...files.map((f) => path.join(p, f)));
    } else out.push(p);
  }
  return out;
}

interface Loaded {
  file: string;
  pack?: Pack;
  issues: PackIssue[];
}

function loadPacks(files: string[]): Loaded[] {
  return files.map((file) => {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      return { file, issues: [{ path: '', severity: 'error', message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }] };
    }
    const r = importPackText(path.basename(file), text);
    return r.ok ? { file, pack: r.pack, issues: r.warnings } : { file, issues: [...r.errors, ...r.warnings] };
  });
}

/** Datasets are resolved once and their catalogs/engines shared by every pack. */
class Datasets {
  private catalogs = new Map<string, Promise<Catalog | null>>();
  private runners = new Map<string, Promise<WorkerRunner>>();
  constructor(
    private readonly override: string | undefined,
    private readonly io: Io,
    private readonly timeoutMs: number,
    private readonly engine?: EngineChoice,
  ) {}
  catalog(ds: string): Promise<Catalog | null> {
    if (!this.catalogs.has(ds)) this.catalogs.set(ds, loadCatalog(resolveDataset(ds, false)));
    return this.catalogs.get(ds)!;
  }
  runner(ds: string): Promise<WorkerRunner> {
    if (!this.runners.has(ds)) {
      const r = createWorkerRunner({ dataset: resolveDataset(ds, false), engine: this.engine, timeoutMs: this.timeoutMs, log: (m) => this.io.err(`${m}\n`) });
      r.catch(() => {});
      this.runners.set(ds, r);
    }
    return this.runners.get(ds)!;
  }
  /** The dataset a test of this pack runs on (`--dataset` replaces the default, not a test's own). */
  packWithOverride(p: Pack): Pack {
    return this.override ? { ...p, dataset: this.override } : p;
  }
  async close(): Promise<void> {
    for (const r of this.runners.values()) await (await r.catch(() => null))?.close();
  }
}

function printIssues(io: Io, file: string, issues: PackIssue[]): void {
  for (const i of issues) io.err(`${formatIssue(i, file)}\n`);
}

export async function cmdPack(args: Args, io: Io): Promise<number> {
  const files = packFiles(args.paths!);
  const loaded = loadPacks(files);
  const ds = new Datasets(args.dataset, io, args.timeoutMs ?? DEFAULT_TIMEOUT_MS, args.engine);
  let failed = false;
  const report: { file: string; pack?: string; issues: PackIssue[]; queries?: QueryReport[] }[] = [];
  try {
    for (const l of loaded) {
      const entry: (typeof report)[number] = { file: l.file, pack: l.pack?.id, issues: [...l.issues] };
      report.push(entry);
      if (!l.pack) {
        failed = true;
        io.out(`${l.file}: invalid pack\n`);
        printIssues(io, l.file, l.issues);
        continue;
      }
      const pack = ds.packWithOverride(l.pack);
      io.out(`${l.file}: ${pack.name} (${pack.id} ${pack.version}), ${pack.queries.length} queries\n`);
      if (args.packCommand === 'validate') {
        const issues = await checkPackQueries(
          pack,
          async (d) => {
            try {
              return await ds.catalog(d);
            } catch (e) {
              if (e instanceof DatasetError) return null;
              throw e;
            }
          },
          (kql, catalog) => {
            const r = safeCompile(kql, catalog, { externalData: attachmentsFor(pack, kql) });
            return 'diagnostics' in r ? r : { ok: false, diagnostics: [{ code: r.code, severity: 'error', message: r.message, line: r.line, column: r.column }] };
          },
        );
        entry.issues.push(...issues);
        const all = [...l.issues, ...issues];
        printIssues(io, l.file, all);
        const errors = all.filter((i) => i.severity === 'error').length;
        if (errors) failed = true;
        io.out(`  ${errors ? `${errors} error(s)` : 'valid'}${all.length - errors ? `, ${all.length - errors} warning(s)` : ''}\n`);
        continue;
      }
      printIssues(io, l.file, l.issues);
      const runner: PackRunner = {
        async run(kql, { dataset, now, externalData }) {
          let r: WorkerRunner;
          let catalog: Catalog | null;
          try {
            [r, catalog] = await Promise.all([ds.runner(dataset), ds.catalog(dataset)]);
          } catch (e) {
            return { ok: false, error: { code: 'HB901', message: `dataset ${dataset}: ${(e as Error).message}` } };
          }
          return r.run(kql, now ?? catalog?.now, undefined, externalData);
        },
      };
      const reports = await runPackTests(pack, runner, (q) => {
        const n = q.tests.length;
        const mark = q.status === 'pass' ? 'PASS' : q.status === 'untested' ? 'NONE' : q.status.toUpperCase();
        const ms = q.tests.reduce((a, t) => a + t.ms, 0);
        if (q.status !== 'pass' || args.verbose) io.out(`  ${mark.padEnd(5)} ${q.queryId} (${n} test${n === 1 ? '' : 's'}, ${Math.round(ms)} ms)\n`);
        for (const t of q.tests) {
          if (t.status === 'pass' && !args.verbose) continue;
          io.out(`        ${t.status === 'pass' ? '✓' : t.status === 'skip' ? '-' : '✗'} ${t.test}${t.messages.length ? `: ${t.messages.join('; ')}` : ''}\n`);
        }
      });
      entry.queries = reports;
      const s = summarize(reports);
      if (s.fail || s.error || s.untested) failed = true;
      io.out(`  ${s.queries} queries, ${s.tests} tests: ${s.pass} passed, ${s.fail} failed, ${s.error} errors, ${s.skip} skipped${s.untested ? `, ${s.untested} queries without tests` : ''}\n`);
    }
  } finally {
    await ds.close();
  }
  if (args.packCommand === 'test') {
    const s = summarize(report.flatMap((r) => r.queries ?? []));
    io.out(`total: ${report.length} pack(s), ${s.queries} queries, ${s.tests} tests: ${s.pass} passed, ${s.fail} failed, ${s.error} errors, ${s.skip} skipped\n`);
  }
  if (args.json) fs.writeFileSync(args.json, `${JSON.stringify({ command: args.packCommand, ok: !failed, files: report }, null, 2)}\n`);
  return failed ? 1 : 0;
}
