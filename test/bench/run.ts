/**
 * `npm run bench`: timings with no pass/fail thresholds.
 *   compile  compile time per query over the community corpus (warm p50/p95, plus the cold first call)
 *   engine   translated vs hand-written SQL for the pairs in pairs.ts (median of N runs, ratio)
 *   lab      lab dataset generation at a given scale, rows/s: the DuckDB database file, then Arrow IPC
 *   grid     the result grid's sort / filter / facets on 50,000 rows: arquero on the Arrow result vs on the JSON rows vs loops
 *   search   whole-lab `search "term"` / `* has "term"` on the WebAssembly engine, each against `search *`
 *            (every table's rows, no term test) in the same process and the same rep (at most 3 reps)
 *   sysmon   the Sentinel Sysmon idiom (parse_xml, mv-expand, bag_unpack, pivot) with its first passes, against `Event | count`
 *   scale    per dataset size (--sizes): generation (DuckDB file), load time until the first answer
 *            and the lab hunts (translated and hand-written SQL) on the WebAssembly and the native
 *            engine, and (built site + Chromium) load time and investigation views in the browser
 * Options: --only compile|engine|lab|grid|search|slow|sysmon|ui|scale (repeatable), --reps N (default 5), --corpus DIR,
 *          --lab-scale N (default 10), --lab-dir DIR (engine pairs on a generated dataset, e.g.
 *          `huntbench generate --dataset lab --scale 285 --out DIR` for ≥ 1M process events), --json OUT,
 *          --sizes small,1m,10m (scale section; default small: the committed lab), --data-dir DIR
 *          (where the generated sizes are kept and reused; default $TMPDIR/huntbench-bench),
 *          --regenerate (generate them again, timed), --no-browser
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
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
  sizes: string[];
  dataDir: string;
  regenerate: boolean;
  browser: boolean;
}

function parse(argv: string[]): Opts {
  const o: Opts = {
    only: new Set(),
    reps: 5,
    corpus: path.resolve(REPO_ROOT, '../shared/corpus/community-dev'),
    labScale: 10,
    sizes: ['small'],
    dataDir: path.join(os.tmpdir(), 'huntbench-bench'),
    regenerate: false,
    browser: true,
  };
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
    else if (a === '--sizes') {
      o.sizes = v().split(',').map((x) => x.trim().toLowerCase()).filter(Boolean);
      const bad = o.sizes.filter((x) => !(x in SIZES));
      if (bad.length) throw new Error(`--sizes: unknown size ${bad.join(', ')} (known: ${Object.keys(SIZES).join(', ')})`);
    } else if (a === '--data-dir') o.dataDir = path.resolve(v());
    else if (a === '--regenerate') o.regenerate = true;
    else if (a === '--no-browser') o.browser = false;
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
  const rows: string[][] = [];
  const entries: Record<string, unknown>[] = [];
  const record = (path_: string, elapsed: number, generated: number | undefined, nRows: number | undefined, procRows: number | undefined) => {
    const rate = (n: number | undefined) => (n ? String(Math.round(n / (elapsed / 1000))) : '?');
    entries.push({ path: path_, scale: o.labScale, generate_ms: generated, total_ms: elapsed, rows: nRows, process_rows: procRows });
    rows.push([path_, String(o.labScale), generated === undefined ? '-' : ms(generated), ms(elapsed), nRows ? String(nRows) : '?', rate(nRows), procRows ? String(procRows) : '?', rate(procRows)]);
  };
  // The DuckDB database file: what `huntbench generate` writes (generation streams into the writer,
  // so there is no separate "generate" time).
  {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'hb-lab-bench-'));
    try {
      const t = performance.now();
      const catalog = await lab.writeLab(out, { seed: 1, scale: o.labScale, format: 'duckdb' });
      const elapsed = performance.now() - t;
      const tables: { name: string; kind?: string; rowCount?: number }[] = catalog?.tables ?? [];
      const data = tables.filter((t) => t.name !== 'FileHashIndex');
      const nRows = data.reduce((s, x) => s + (x.rowCount ?? 0), 0) || undefined;
      record('duckdb file', elapsed, undefined, nRows, tables.find((t) => t.name === 'DeviceProcessEvents')?.rowCount);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }
  // Arrow IPC (`--format arrow`, export/import)
  {
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
    record('arrow ipc', elapsed, generated, nRows, result?.tables?.get?.('DeviceProcessEvents')?.numRows);
  }
  report.lab = entries;
  console.log('\nlab generation: the DuckDB database file (generate + write + file hash index), and Arrow IPC (simulate + encode, then write)');
  console.log(table(['format', 'scale', 'generate ms', 'total ms', 'rows', 'rows/s', 'process rows', 'process rows/s'], rows));
}

async function benchGrid(o: Opts, report: Record<string, unknown>) {
  const { rows, handover } = await benchGridWork(Math.max(3, o.reps));
  report.grid = { rows, handover };
  const f = (x: number) => x.toFixed(1).padStart(7);
  console.log('\ngrid: client-side work on a 50,000-row DuckDB-WASM result (median ms; arrow = arquero on the Arrow result, first view of a result / the same view again; rows = arquero on keys rebuilt from the JSON rows per view, the previous path; loops = the hand-written loops before it)');
  for (const r of rows) {
    console.log(`  ${r.task.padEnd(28)} arrow first ${f(r.arrowFirst)}  next ${f(r.arrowNext)}   rows ${f(r.rows)}   loops ${f(r.loops)}   arrow/rows ${(r.arrowFirst / r.rows).toFixed(2)} first, ${(r.arrowNext / r.rows).toFixed(2)} next`);
  }
  console.log(`  hand-over to the worker, once per result: Arrow IPC ${handover.ipcMs.toFixed(1)} ms (${(handover.ipcBytes / 1e6).toFixed(1)} MB, moved) vs structuredClone of the JSON rows ${handover.cloneMs.toFixed(1)} ms`);
}

/**
 * Whole-dataset term search on the committed lab (103 tables), the browser's engine: each query's
 * time over `search * | count` (the same union of every table, no term test) timed in the same
 * rep, so the ratio is what the term test costs over reading the rows. Each rep runs the baseline
 * first, then the queries; the first rep is a warm-up. The term's pattern used to be compiled
 * once per column (docs/benchmarks.md).
 */
const SEARCH_QUERIES = [
  'search "RuntimeBroker" | count',
  'search "powershell*" | count',
  'search "8.8.8.8" | count',
  'DeviceProcessEvents | where * has "RuntimeBroker" | count',
  'union * | where * has "RuntimeBroker" | count',
  'union * | where * has "RuntimeBroker" | take 10',
  'search "RuntimeBroker" | take 10',
];

async function benchSearch(o: Opts, report: Record<string, unknown>) {
  await ratioBench(o, report, 'search', 'search * | count', SEARCH_QUERIES, 'whole-lab term search');
}

/**
 * Slow hunts found by timing the community corpus and the held-out probes on the lab (branch
 * `slowhunts`), in our own words: the shapes that took seconds, not the queries. Each is timed
 * against `DeviceNetworkEvents | count` in the same rep. format_ipv4 of a dynamic's field repeated
 * that field's JSON read about a hundred times once its macros expanded (fixed); ipv4_is_in_range
 * over an mv-expanded list of ranges parses both texts per pair (left: see docs/benchmarks.md).
 */
const SLOW_QUERIES = [
  'DeviceNetworkInfo | mv-expand IPAddresses = todynamic(IPAddresses) | extend Net = format_ipv4(tostring(IPAddresses.IPAddress), tolong(IPAddresses.SubnetPrefix)) | summarize count() by Net | count',
  'let r = dynamic(["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "13.64.0.0/11", "20.33.0.0/16", "40.74.0.0/15", "52.96.0.0/12", "104.40.0.0/13"]); DeviceNetworkEvents | take 5000 | extend R = r | mv-expand R to typeof(string) | extend In = ipv4_is_in_range(RemoteIP, R) | summarize In = max(In) by RemoteIP | where In | count',
];

async function benchSlow(o: Opts, report: Record<string, unknown>) {
  await ratioBench(o, report, 'slow', 'DeviceNetworkEvents | count', SLOW_QUERIES, 'slow hunts');
}

/**
 * The Sentinel Sysmon parser idiom (parse_xml of Event's EventData, mv-expand, bag_unpack, pivot)
 * end to end through the runner: its first passes (parse_xml's distinct arguments, bag_unpack's
 * keys, pivot's values) and the query, against `Event | count` in the same rep. The pivot takes
 * count() (the any() of the Sentinel text is refused on the lab: a pivot cell with no rows).
 * parse_xml(...).DataItem.EventData.Data read each row's JSON text three times in SQL, in every
 * pass, until the member access was folded into the host answers (lower/host-fold.ts).
 */
const SYSMON_IDIOM = `Event
| where Source == "Microsoft-Windows-Sysmon"
| extend RenderedDescription = tostring(split(RenderedDescription, ":")[0])
| extend EventData = parse_xml(EventData).DataItem.EventData.Data
| mv-expand bagexpansion=array EventData
| evaluate bag_unpack(EventData)
| extend Key=tostring(['@Name']), Value=['#text']
| evaluate pivot(Key, count(), TimeGenerated, Source, EventLog, Computer, EventLevel, EventLevelName, EventID, UserName, RenderedDescription, ManagementGroupName)
| count`;

async function benchSysmon(o: Opts, report: Record<string, unknown>) {
  const runner = await createLocalRunner({ dataset: resolveDataset('lab', false), now: '2024-05-20T00:00:00Z' });
  try {
    const reps = Math.min(2, o.reps);
    const baseTs: number[] = [];
    const ts: number[] = [];
    const cpu: number[] = [];
    let answer = '';
    for (let r = 0; r <= reps; r++) {
      let t = performance.now();
      await runner.run('Event | count');
      if (r > 0) baseTs.push(performance.now() - t);
      t = performance.now();
      const c = process.cpuUsage().user;
      const res = await runner.run(SYSMON_IDIOM);
      if (r > 0) {
        ts.push(performance.now() - t);
        cpu.push((process.cpuUsage().user - c) / 1000);
      }
      answer = res.ok ? JSON.stringify(res.result.rows) : `${res.error.code} ${res.error.message.slice(0, 60)}`;
    }
    const out = { run_ms: q(ts, 50), cpu_ms: q(cpu, 50), baseline_ms: q(baseTs, 50), ratio: q(ts, 50) / q(baseTs, 50), result: answer };
    report.sysmon = out;
    console.log(`\nsysmon: the Sentinel Sysmon idiom with its first passes, WebAssembly engine (median of ${reps} runs after a warm-up; baseline \`Event | count\` ${ms(out.baseline_ms)} ms)`);
    console.log(table(['run ms', 'user CPU ms', 'ratio', 'result'], [[ms(out.run_ms), ms(out.cpu_ms), out.ratio.toFixed(1), answer]]));
  } finally {
    await runner.close();
  }
}

async function ratioBench(o: Opts, report: Record<string, unknown>, key: string, baseKql: string, queries: string[], title: string) {
  const runner = await createLocalRunner({ dataset: resolveDataset('lab', false) });
  try {
    const now = '2024-05-20T00:00:00Z';
    const sqlOf = (kql: string) => {
      const t = performance.now();
      const c = compile(kql, { catalog: runner.catalog, now });
      if (!c.ok) throw new Error(`${kql}: ${c.diagnostics[0]?.code} ${c.diagnostics[0]?.message}`);
      return { sql: c.sql!, compileMs: performance.now() - t };
    };
    const base = sqlOf(baseKql);
    const qs = queries.map((kql) => ({ kql, ...sqlOf(kql), ts: [] as number[], count: '' }));
    const baseTs: number[] = [];
    const reps = Math.min(3, o.reps);
    for (let r = 0; r <= reps; r++) {
      let t = performance.now();
      await runner.engine.query(base.sql);
      if (r > 0) baseTs.push(performance.now() - t);
      for (const x of qs) {
        t = performance.now();
        const res = await runner.engine.query(x.sql);
        if (r > 0) x.ts.push(performance.now() - t);
        else {
          // (a row set is shown by its size and a digest, so before/after runs can be compared)
          const rows = canonicalRows(res);
          x.count = rows.length === 1 ? rows[0] : `${rows.length} rows, ${createHash('sha256').update(rows.join('\n')).digest('hex').slice(0, 12)}`;
        }
      }
    }
    const b = q(baseTs, 50);
    const out = qs.map((x) => ({ query: x.kql, compile_ms: x.compileMs, run_ms: q(x.ts, 50), baseline_ms: b, ratio: q(x.ts, 50) / b, sql_bytes: x.sql.length, result: x.count }));
    report[key] = out;
    console.log(`\n${key}: ${title} on the WebAssembly engine (median of ${reps} warm runs; baseline \`${baseKql}\` ${ms(b)} ms)`);
    console.log(table(['query', 'compile ms', 'run ms', 'ratio', 'SQL bytes', 'note'], out.map((x) => [x.query, ms(x.compile_ms), ms(x.run_ms), x.ratio.toFixed(2), String(x.sql_bytes), x.result])));
  } finally {
    await runner.close();
  }
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

/**
 * Dataset sizes of the scale section: the committed lab, or `generate --scale N` (DuckDB file);
 * 10m with cloned devices (`--clones view`, docs/datasets.md): fully simulated it takes about an hour.
 */
const SIZES: Record<string, number | null> = { small: null, '1m': 285, '10m': 2850 };
const CLONED_SIZES = new Set(['10m']);

const secs = (x: number) => (Number.isFinite(x) ? (x / 1000).toFixed(x < 10_000 ? 2 : 1) : '-');
const median = (xs: number[]) => q(xs, 50);
const geomean = (xs: number[]) => Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length);

/** The dataset folder of a size, generated (and timed) when missing or with --regenerate. */
function sizeDataset(o: Opts, size: string): { dir: string; generated?: { ms: number; exit: number | null } } {
  const scale = SIZES[size];
  if (scale === null) return { dir: path.join(REPO_ROOT, 'datasets/lab') };
  const dir = path.join(o.dataDir, `lab-${size}`);
  const catPath = path.join(dir, 'catalog.json');
  const have = fs.existsSync(catPath) && JSON.parse(fs.readFileSync(catPath, 'utf8')).scale === scale;
  if (have && !o.regenerate) return { dir };
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(o.dataDir, { recursive: true });
  console.log(`  generating lab --scale ${scale}${CLONED_SIZES.has(size) ? ' --clones view' : ''} into ${dir} …`);
  const t = performance.now();
  const clones = CLONED_SIZES.has(size) ? ['--clones', 'view'] : [];
  const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin/huntbench.mjs'), 'generate', '--dataset', 'lab', '--scale', String(scale), ...clones, '--out', dir], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return { dir, generated: { ms: performance.now() - t, exit: r.status } };
}

/** Load (until the first answer) and the lab hunts on one engine; hunts as [translated, hand-written] medians. */
async function engineRun(o: Opts, dir: string, engine: 'wasm' | 'native') {
  const t0 = performance.now();
  const runner = await createLocalRunner({ dataset: resolveDataset(dir, false), engine });
  const first = await runner.run('DeviceProcessEvents | count', '2024-05-20T00:00:00Z');
  const loadMs = performance.now() - t0;
  const count = first.ok ? Number(first.result.rows[0]?.[0]) : NaN;
  const hunts = new Map<string, { kql: number; sql: number; same: boolean; rows: number } | string>();
  try {
    for (const p of PAIRS.filter((x) => x.dataset === 'lab')) {
      const c = compile(p.kql, { catalog: runner.catalog, now: '2024-05-20T00:00:00Z' });
      if (!c.ok) {
        hunts.set(p.name, `compile: ${c.diagnostics[0]?.code}`);
        continue;
      }
      try {
        const time = async (sql: string) => {
          const ts: number[] = [];
          let rows: string[] = [];
          for (let r = 0; r <= o.reps; r++) {
            const t = performance.now();
            const res = await runner.engine.query(sql);
            if (r > 0) ts.push(performance.now() - t);
            else rows = canonicalRows(res);
          }
          return { ms: median(ts), rows };
        };
        const a = await time(c.sql!);
        const b = await time(p.sql);
        hunts.set(p.name, { kql: a.ms, sql: b.ms, same: a.rows.length === b.rows.length && a.rows.every((x, i) => x === b.rows[i]), rows: a.rows.length });
      } catch (e) {
        hunts.set(p.name, `engine: ${(e as Error).message.split('\n')[0].slice(0, 60)}`);
      }
    }
  } finally {
    await runner.close();
  }
  return { loadMs, count, hunts };
}

async function benchScale(o: Opts, report: Record<string, unknown>) {
  const out: Record<string, unknown> = {};
  report.scale = out;
  const dirs: Record<string, string> = {};
  for (const size of o.sizes) {
    console.log(`\nscale: ${size}`);
    const { dir, generated } = sizeDataset(o, size);
    dirs[size] = dir;
    const entry: Record<string, unknown> = { dir };
    out[size] = entry;
    const cat = JSON.parse(fs.readFileSync(path.join(dir, 'catalog.json'), 'utf8')) as Catalog;
    const rows = cat.tables.reduce((a, t) => a + (t.rowCount ?? 0), 0);
    const proc = cat.tables.find((t) => t.name === 'DeviceProcessEvents')?.rowCount ?? 0;
    const bytes = fs.readdirSync(dir).reduce((a, f) => a + fs.statSync(path.join(dir, f)).size, 0);
    entry.rows = rows;
    entry.process_rows = proc;
    entry.bytes = bytes;
    entry.format = cat.database ? 'duckdb' : 'arrow';
    if (generated) {
      entry.generate = { ms: generated.ms, exit: generated.exit, rows_per_s: rows / (generated.ms / 1000), process_rows_per_s: proc / (generated.ms / 1000) };
      console.log(`generation: ${secs(generated.ms)} s wall for ${rows.toLocaleString()} rows (${proc.toLocaleString()} process events): ${Math.round(proc / (generated.ms / 1000)).toLocaleString()} process events/s${generated.exit ? ` (exit ${generated.exit})` : ''}`);
    } else if (SIZES[size] !== null) console.log(`generation: reused ${dir} (not timed; --regenerate times it)`);
    console.log(`dataset: ${rows.toLocaleString()} rows, ${proc.toLocaleString()} process events, ${(bytes / 2 ** 20).toFixed(0)} MiB (${entry.format})`);
    const engines: Record<string, Awaited<ReturnType<typeof engineRun>> | { error: string }> = {};
    for (const e of ['wasm', 'native'] as const) {
      try {
        engines[e] = await engineRun(o, dir, e);
      } catch (err) {
        engines[e] = { error: (err as Error).message };
      }
    }
    const w = engines.wasm;
    const n = engines.native;
    const ok = (x: typeof w): x is Awaited<ReturnType<typeof engineRun>> => !('error' in x);
    const lrow = (name: string, x: typeof w) => (ok(x) ? [name, secs(x.loadMs), String(x.count)] : [name, '-', x.error.slice(0, 60)]);
    console.log(table(['engine', 'load s (to first answer)', 'process events'], [lrow('wasm', w), lrow('native', n)]));
    if (ok(w) && ok(n)) console.log(`load ratio wasm / native: ${(w.loadMs / n.loadMs).toFixed(2)}`);
    entry.load = { wasm_ms: ok(w) ? w.loadMs : null, native_ms: ok(n) ? n.loadMs : null };
    const hunts: Record<string, unknown>[] = [];
    const trows: string[][] = [];
    for (const p of PAIRS.filter((x) => x.dataset === 'lab')) {
      const hw = ok(w) ? w.hunts.get(p.name) : 'engine failed';
      const hn = ok(n) ? n.hunts.get(p.name) : 'engine failed';
      const num = (h: typeof hw): h is { kql: number; sql: number; same: boolean; rows: number } => typeof h === 'object' && h !== null;
      const rec = {
        name: p.name,
        wasm_kql_ms: num(hw) ? hw.kql : null,
        wasm_sql_ms: num(hw) ? hw.sql : null,
        native_kql_ms: num(hn) ? hn.kql : null,
        native_sql_ms: num(hn) ? hn.sql : null,
        same_rows: (num(hw) ? hw.same : true) && (num(hn) ? hn.same : true),
        note: [num(hw) ? '' : hw, num(hn) ? '' : hn].filter(Boolean).join('; ') || undefined,
      };
      hunts.push(rec);
      const r = (a: number | null, b: number | null) => (a !== null && b !== null ? (a / b).toFixed(2) : '-');
      trows.push([
        p.name,
        rec.wasm_kql_ms === null ? '-' : ms(rec.wasm_kql_ms),
        r(rec.wasm_kql_ms, rec.wasm_sql_ms),
        rec.native_kql_ms === null ? '-' : ms(rec.native_kql_ms),
        r(rec.native_kql_ms, rec.native_sql_ms),
        r(rec.wasm_kql_ms, rec.native_kql_ms),
        rec.note ?? (rec.same_rows ? 'same rows' : 'ROWS DIFFER'),
      ]);
    }
    entry.hunts = hunts;
    console.log(`hunts (median of ${o.reps} warm runs; kql/sql = translated / hand-written, wasm/native = translated on each)`);
    console.log(table(['hunt', 'wasm ms', 'kql/sql', 'native ms', 'kql/sql', 'wasm/native', 'note'], trows));
    for (const [eng, k, s2] of [['wasm', 'wasm_kql_ms', 'wasm_sql_ms'], ['native', 'native_kql_ms', 'native_sql_ms']] as const) {
      const ratios = hunts.map((h) => (h[k] as number | null) !== null && (h[s2] as number | null) !== null ? (h[k] as number) / (h[s2] as number) : NaN).filter(Number.isFinite);
      if (!ratios.length) continue;
      const worst = hunts.reduce((best, h) => ((h[k] as number) / (h[s2] as number) > (best[k] as number) / (best[s2] as number) ? h : best));
      const summary = { median: median(ratios), geomean: geomean(ratios), max: Math.max(...ratios), worst: worst.name };
      (entry as Record<string, unknown>)[`kql_vs_sql_${eng}`] = summary;
      console.log(`${eng}: translated / hand-written median ${summary.median.toFixed(2)}, geometric mean ${summary.geomean.toFixed(2)}, max ${summary.max.toFixed(2)} (${summary.worst})`);
    }
    const wn = hunts.map((h) => (h.wasm_kql_ms !== null && h.native_kql_ms !== null ? (h.wasm_kql_ms as number) / (h.native_kql_ms as number) : NaN)).filter(Number.isFinite);
    if (wn.length) console.log(`wasm / native (translated): median ${median(wn).toFixed(2)}, geometric mean ${geomean(wn).toFixed(2)}`);
  }
  // the browser: load time and views, the built site serving the sizes' folders
  if (!o.browser) return;
  if (!fs.existsSync(path.join(REPO_ROOT, 'dist/index.html')) || !fs.existsSync('/usr/bin/chromium')) {
    console.log('\nscale/browser: skipped (needs `npm run build` and /usr/bin/chromium)');
    return;
  }
  const serve = fs.mkdtempSync(path.join(os.tmpdir(), 'hb-bench-serve-'));
  try {
    fs.symlinkSync(path.join(REPO_ROOT, 'datasets/lab'), path.join(serve, 'lab'));
    const names: string[] = [];
    for (const size of o.sizes) {
      if (SIZES[size] === null) continue;
      fs.symlinkSync(dirs[size], path.join(serve, `lab-${size}`));
      names.push(`lab-${size}`);
    }
    // the small lab last: switching back to it times its (Arrow) load
    names.push('lab');
    const args = [path.join(REPO_ROOT, 'bin/bench-views.mjs'), '--datasets-dir', serve, '--views', ...names.flatMap((x) => ['--name', x])];
    const r = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 1_800_000 });
    if (r.status !== 0) {
      console.log(`\nscale/browser: bench-views failed (${r.status}): ${(r.stderr ?? '').slice(0, 400)}`);
      return;
    }
    const res = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { datasets: Record<string, { load_ms: number; attach_ms: number; count: number; status: string; error?: string; views: Record<string, { ms: number; requests?: number; mib?: number; error?: boolean }> }> };
    out.browser = res;
    console.log('\nscale/browser: headless Chromium, built site (datasets over HTTP range requests)');
    const views = Object.keys(Object.values(res.datasets)[0]?.views ?? {});
    console.log(
      table(
        ['dataset', 'load s', 'process events', ...views.map((v) => `${v} ms`)],
        Object.entries(res.datasets).map(([name, d]) => [
          name,
          d.status === 'done' ? secs(d.load_ms) : `${d.status}: ${d.error ?? ''}`.slice(0, 40),
          String(d.count ?? '-'),
          ...views.map((v) => (d.views[v] ? `${d.views[v].ms}${d.views[v].error ? ' (error)' : ''}` : '-')),
        ]),
      ),
    );
    // what each view read from the database file: the views' cost on a big dataset is its bytes
    console.log('view reads (range requests / MiB fetched from the database file):');
    for (const [name, d] of Object.entries(res.datasets)) {
      const parts = views.filter((v) => d.views[v]?.requests !== undefined).map((v) => `${v} ${d.views[v].requests} / ${d.views[v].mib}`);
      if (parts.length) console.log(`  ${name}: ${parts.join(', ')}`);
    }
  } finally {
    fs.rmSync(serve, { recursive: true, force: true });
  }
}

export async function main(argv: string[]): Promise<number> {
  let o: Opts;
  try {
    o = parse(argv);
  } catch (e) {
    console.error(`bench: ${(e as Error).message}\nusage: npm run bench -- [--only compile|engine|lab|grid|search|slow|sysmon|ui|scale] [--reps N] [--corpus DIR] [--lab-scale N] [--json OUT] [--sizes small,1m,10m] [--data-dir DIR] [--regenerate] [--no-browser]`);
    return 2;
  }
  const want = (s: string) => o.only.size === 0 || o.only.has(s);
  const report: Record<string, unknown> = { node: process.version, at: new Date().toISOString() };
  for (const [name, fn] of [
    ['compile', benchCompile],
    ['engine', benchEngine],
    ['lab', benchLab],
    ['grid', benchGrid],
    ['search', benchSearch],
    ['slow', benchSlow],
    ['sysmon', benchSysmon],
    ['ui', benchUi],
    ['scale', benchScale],
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
