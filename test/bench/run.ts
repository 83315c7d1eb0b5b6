/**
 * `npm run bench`: timings with no pass/fail thresholds.
 *   compile  compile time per query over the community corpus (warm p50/p95, plus the cold first call)
 *   engine   translated vs hand-written SQL for the pairs in pairs.ts (median of N runs, ratio)
 *   lab      lab dataset generation (simulate + encode + write) at a given scale, rows/s
 *   grid     the result grid's sort / filter / facets on 50,000 rows: arquero vs the old loops
 * Options: --only compile|engine|lab|grid|ui (repeatable), --reps N (default 5), --corpus DIR,
 *          --lab-scale N (default 10), --lab-dir DIR (engine pairs on a generated dataset, e.g.
 *          `huntbench generate --dataset lab --scale 285 --out DIR` for ≥ 1M process events), --json OUT
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { Catalog } from '../../src/catalog/types.ts';
import { loadCatalog, REPO_ROOT, resolveDataset } from '../../src/cli/datasets.ts';
import { createLocalRunner } from '../../src/cli/runner.ts';
import { compile } from '../../src/kql/index.ts';
import { kqlToIr } from '../../src/kql/lower/index.ts';
import { parseKql } from '../../src/kql/parse/index.ts';
import { SqlEmitter } from '../../src/kql/sql/emit.ts';
import { benchGridWork } from './grid.ts';
import { PAIRS } from './pairs.ts';

interface Opts {
  only: Set<string>;
  reps: number;
  corpus: string;
  labScale: number;
  labDir?: string;
  json?: string;
}

function parse(argv: string[]): Opts {
  const o: Opts = { only: new Set(), reps: 5, corpus: path.resolve(REPO_ROOT, '../shared/corpus/community-dev'), labScale: 10 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--only') o.only.add(v());
    else if (a === '--reps') o.reps = Math.max(1, Number(v()) || 5);
    else if (a === '--corpus') o.corpus = path.resolve(v());
    else if (a === '--lab-scale') o.labScale = Number(v()) || 10;
    else if (a === '--lab-dir') o.labDir = path.resolve(v());
    else if (a === '--json') o.json = v();
    else throw new Error(`unknown argument ${a}`);
  }
  return o;
}

const q = (xs: number[], p: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};
const ms = (x: number) => (Number.isFinite(x) ? x.toFixed(x < 10 ? 2 : 1) : '-');

function table(head: string[], rows: string[][]): string {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 || head[i] === 'note' ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ');
  return [line(head), w.map((x) => '-'.repeat(x)).join('  '), ...rows.map(line)].join('\n');
}

/** A result as sorted row strings (values by position, names ignored) to check that two queries agree. */
function canonicalRows(t: { toArray(): unknown[] }): string[] {
  const norm = (v: unknown): unknown => {
    if (typeof v === 'bigint') return Number(v);
    if (v instanceof Date) return v.getTime();
    if (v && typeof v === 'object' && 'toJSON' in v) return norm((v as { toJSON(): unknown }).toJSON());
    if (Array.isArray(v)) return v.map(norm);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, norm(x)]));
    return v;
  };
  return t
    .toArray()
    .map((r) => JSON.stringify(Object.values((r as { toJSON(): Record<string, unknown> }).toJSON()).map(norm)))
    .sort();
}

async function labCatalog(): Promise<Catalog | null> {
  try {
    return await loadCatalog(resolveDataset('lab', false));
  } catch (e) {
    console.log(`(no lab catalog: ${(e as Error).message}; compiling without tables)`);
    return null;
  }
}

async function benchCompile(o: Opts, report: Record<string, unknown>) {
  if (!fs.existsSync(o.corpus)) {
    console.log(`compile: corpus ${o.corpus} not found, skipped`);
    return;
  }
  const files = fs.readdirSync(o.corpus).filter((f) => f.endsWith('.kql')).sort();
  const texts = files.map((f) => fs.readFileSync(path.join(o.corpus, f), 'utf8'));
  const catalog = await labCatalog();
  const opts = { catalog, now: '2024-05-20T00:00:00Z' };
  let t = performance.now();
  try {
    compile(texts[0] ?? 'print 1', opts);
  } catch {
    /* measured anyway */
  }
  const cold = performance.now() - t;
  let ok = 0;
  const times: number[] = [];
  texts.forEach((kql) => {
    try {
      if (compile(kql, opts).ok) ok++;
    } catch {
      /* a crash counts as a failure */
    }
  }); // warm-up round, also counts successes
  for (let r = 0; r < o.reps; r++) {
    for (const kql of texts) {
      t = performance.now();
      try {
        compile(kql, opts);
      } catch {
        /* timed anyway */
      }
      times.push(performance.now() - t);
    }
  }
  // Our own stages alone (lowering + SQL emission) on trees parsed beforehand, for the queries
  // that compile: the part of the compile time huntbench is responsible for.
  const ours: number[] = [];
  const parsed = texts.map((kql) => ({ kql, p: parseKql(kql, catalog) })).filter((x) => !x.p.diagnostics.some((d) => d.severity === 'error'));
  for (let r = 0; r < o.reps; r++) {
    for (const { kql, p } of parsed) {
      t = performance.now();
      try {
        const { rel } = kqlToIr(p.tree, kql, catalog, opts.now);
        new SqlEmitter().statement(rel);
      } catch {
        /* unsupported: timed anyway */
      }
      ours.push(performance.now() - t);
    }
  }
  const row = {
    queries: texts.length, compiled_ok: ok, cold_ms: cold, p50_ms: q(times, 50), p95_ms: q(times, 95), max_ms: Math.max(...times),
    lower_emit_p50_ms: q(ours, 50), lower_emit_p95_ms: q(ours, 95),
  };
  report.compile = row;
  console.log(`\ncompile (${texts.length} queries from ${o.corpus}, ${o.reps} warm rounds)`);
  console.log(
    table(
      ['queries', 'ok', 'cold ms', 'p50 ms', 'p95 ms', 'max ms', 'lower+emit p50', 'lower+emit p95'],
      [[String(row.queries), String(ok), ms(cold), ms(row.p50_ms), ms(row.p95_ms), ms(row.max_ms), ms(row.lower_emit_p50_ms), ms(row.lower_emit_p95_ms)]],
    ),
  );
}

async function benchEngine(o: Opts, report: Record<string, unknown>) {
  const rows: string[][] = [];
  const out: unknown[] = [];
  for (const dataset of ['none', 'lab'] as const) {
    const pairs = PAIRS.filter((p) => p.dataset === dataset);
    if (!pairs.length) continue;
    let runner: Awaited<ReturnType<typeof createLocalRunner>>;
    try {
      runner = await createLocalRunner({ dataset: dataset === 'none' ? { kind: 'none' } : resolveDataset(o.labDir ?? 'lab', false) });
    } catch (e) {
      for (const p of pairs) rows.push([p.name, '-', '-', '-', `dataset unavailable: ${(e as Error).message.slice(0, 50)}`]);
      continue;
    }
    for (const p of pairs) {
      const c = compile(p.kql, { catalog: runner.catalog, now: '2024-05-20T00:00:00Z' });
      if (!c.ok) {
        const d = c.diagnostics[0];
        rows.push([p.name, '-', '-', '-', `compile: ${d?.code} ${d?.message ?? ''}`.slice(0, 70)]);
        continue;
      }
      const time = async (sql: string) => {
        const ts: number[] = [];
        let n = -1;
        let rowset: string[] = [];
        for (let r = 0; r <= o.reps; r++) {
          const t = performance.now();
          const res = await runner.engine.query(sql);
          if (r > 0) ts.push(performance.now() - t); // first run is the warm-up
          else rowset = canonicalRows(res);
          n = res.numRows;
        }
        return { median: q(ts, 50), rows: n, rowset };
      };
      try {
        // Interleaved (translated, hand-written, translated, ...) would be fairer under load; medians of
        // back-to-back runs are what the ratio target is stated in.
        const a = await time(c.sql!);
        const b = await time(p.sql);
        const ratio = a.median / b.median;
        const same = a.rowset.length === b.rowset.length && a.rowset.every((x, i) => x === b.rowset[i]);
        out.push({ name: p.name, translated_ms: a.median, handwritten_ms: b.median, ratio, rows: [a.rows, b.rows], same });
        rows.push([p.name, ms(a.median), ms(b.median), ratio.toFixed(2), String(a.rows), same ? 'same rows' : `ROWS DIFFER (${a.rows} vs ${b.rows})`]);
      } catch (e) {
        rows.push([p.name, '-', '-', '-', `engine: ${(e as Error).message.split('\n')[0].slice(0, 60)}`]);
      }
    }
    await runner.close();
  }
  report.engine = out;
  console.log(`\nengine: translated vs hand-written SQL (median of ${o.reps} warm runs)`);
  console.log(table(['pair', 'kql ms', 'sql ms', 'ratio', 'rows', 'note'], rows.map((r) => (r.length === 5 ? [...r.slice(0, 4), '-', r[4]] : r))));
  const ratios = (out as { ratio: number }[]).map((x) => x.ratio).filter(Number.isFinite);
  if (ratios.length) {
    console.log(`median ratio: ${q(ratios, 50).toFixed(2)}  geometric mean ratio: ${Math.exp(ratios.reduce((s, r) => s + Math.log(r), 0) / ratios.length).toFixed(2)}`);
  }
}

async function benchLab(o: Opts, report: Record<string, unknown>) {
  const file = path.join(REPO_ROOT, 'src/lab/index.ts');
  if (!fs.existsSync(file)) {
    console.log('\nlab: src/lab/index.ts not found, skipped');
    return;
  }
  const lab = await import(pathToFileURL(file).href);
  const t = performance.now();
  const result = await lab.generateLab({ seed: 1, scale: o.labScale });
  const generated = performance.now() - t;
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'hb-lab-bench-'));
  try {
    await lab.writeDataset(out, result);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
  const elapsed = performance.now() - t;
  // LabResult: { catalog, tables: Map<name, arrow Table> }
  const tables: unknown[] = result?.tables instanceof Map ? [...result.tables.values()] : (result?.catalog?.tables ?? []);
  const nRows = tables.reduce((s: number, x: any) => s + (x?.numRows ?? x?.rowCount ?? 0), 0) || undefined;
  const procRows: number | undefined = result?.tables?.get?.('DeviceProcessEvents')?.numRows;
  const rate = (n: number | undefined) => (n ? String(Math.round(n / (elapsed / 1000))) : '?');
  report.lab = { scale: o.labScale, generate_ms: generated, total_ms: elapsed, rows: nRows, process_rows: procRows };
  console.log(`\nlab generation (simulate + encode, then write IPC files)`);
  console.log(
    table(
      ['scale', 'generate ms', 'total ms', 'rows', 'rows/s', 'process rows', 'process rows/s'],
      [[String(o.labScale), ms(generated), ms(elapsed), nRows ? String(nRows) : '?', rate(nRows), procRows ? String(procRows) : '?', rate(procRows)]],
    ),
  );
}

async function benchGrid(o: Opts, report: Record<string, unknown>) {
  const rows = benchGridWork(Math.max(3, o.reps));
  report.grid = rows;
  console.log('\ngrid: client-side work on a 50,000-row result (median ms; ratio = arquero / loops)');
  for (const r of rows) console.log(`  ${r.task.padEnd(28)} arquero ${r.arquero.toFixed(1).padStart(7)} ms   loops ${r.loops.toFixed(1).padStart(7)} ms   ratio ${r.ratio.toFixed(2)}`);
}

/** Time to first result in headless Chromium (bin/bench-ui.mjs) against the built site. */
async function benchUi(_o: Opts, report: Record<string, unknown>) {
  if (!fs.existsSync(path.join(REPO_ROOT, 'dist/index.html')) || !fs.existsSync('/usr/bin/chromium')) {
    console.log('\nui: skipped (needs `npm run build` and /usr/bin/chromium)');
    return;
  }
  const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin/bench-ui.mjs'), '--json'], { encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) {
    console.log(`\nui: bench-ui failed (${r.status}): ${(r.stderr ?? '').slice(0, 300)}`);
    return;
  }
  // bench-ui prints its summary as the last (pretty-printed) JSON object on stdout.
  const out = r.stdout.trim();
  report.ui = JSON.parse(out.slice(out.lastIndexOf('\n{') + 1));
  console.log('\nui: time to first result in headless Chromium (bin/bench-ui.mjs)');
  console.log(JSON.stringify(report.ui));
}

export async function main(argv: string[]): Promise<number> {
  let o: Opts;
  try {
    o = parse(argv);
  } catch (e) {
    console.error(`bench: ${(e as Error).message}\nusage: npm run bench -- [--only compile|engine|lab|grid|ui] [--reps N] [--corpus DIR] [--lab-scale N] [--json OUT]`);
    return 2;
  }
  const want = (s: string) => o.only.size === 0 || o.only.has(s);
  const report: Record<string, unknown> = { node: process.version, at: new Date().toISOString() };
  for (const [name, fn] of [
    ['compile', benchCompile],
    ['engine', benchEngine],
    ['lab', benchLab],
    ['grid', benchGrid],
    ['ui', benchUi],
  ] as const) {
    if (!want(name)) continue;
    try {
      await fn(o, report);
    } catch (e) {
      console.log(`\n${name}: failed: ${(e as Error).message}`);
      report[name] = { error: (e as Error).message };
    }
  }
  if (o.json) fs.writeFileSync(o.json, `${JSON.stringify(report, null, 1)}\n`);
  return 0;
}
