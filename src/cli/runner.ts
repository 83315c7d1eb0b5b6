import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
/**
 * Runs KQL end to end in this thread: compile → DuckDB → Kusto values. One runner = one engine
 * with the dataset loaded and locked down; `run` never throws, every failure is an outcome.
 */
import type { Catalog } from '../catalog/types.ts';
import { createNativeEngine } from '../engine/native.ts';
import { createNodeEngine } from '../engine/node.ts';
import { isEngineFault } from '../engine/recycle.ts';
import { quoteIdent } from '../engine/setup.ts';
import { type Engine, EngineError } from '../engine/types.ts';
import { firstColumnText, type KustoResult, ResultTypeError, tableToKusto } from '../engine/values.ts';
import { type CompileOptions, type CompileResult, compile } from '../kql/index.ts';
import { answerProbe } from '../kql/host/index.ts';
import type { UserTable } from '../catalog/user-files.ts';
import type { EngineChoice } from './args.ts';
import { DatasetError, type DatasetSpec, loadDataset } from './datasets.ts';
import { loadUserTables, withUserTables } from './user-tables.ts';

export interface QueryError {
  code: string;
  message: string;
  line: number;
  column: number;
}

/**
 * `engineFailed`: the engine itself reported the failure (not the compiler or the result
 * conversion), so the host probes it before the next query (src/engine/recycle.ts).
 * `engineFault`: the failure came from below DuckDB's SQL layer (recycle.ts `isEngineFault`), so
 * the host replaces the engine without trusting the probe.
 */
export type QueryOutcome = { ok: true; result: KustoResult } | { ok: false; error: QueryError; engineFailed?: boolean; engineFault?: boolean };

export interface QueryRunner {
  /** `now` pins now()/ago() for this query (else the runner's own `now`). */
  run(kql: string, now?: string): Promise<QueryOutcome>;
  close(): Promise<void>;
}

export interface RunnerOptions {
  dataset: DatasetSpec;
  /** `--table NAME=PATH` files, already read and typed (see user-tables.ts). */
  userTables?: UserTable[];
  now?: string;
  /** `--from`/`--to`: what Sentinel's {{StartTimeISO}}/{{EndTimeISO}} stand for (CompileOptions.huntWindow). */
  huntWindow?: { from: string; to: string };
  maxRows?: number;
  /** `--externaldata URL=PATH` copies, read: URL → file text. */
  externalData?: Record<string, string>;
  /** `--engine`: wasm (default), native, auto. */
  engine?: EngineChoice;
}

export const DEFAULT_MAX_ROWS = 1_000_000;

/** Error codes the CLI itself produces (the compiler's are KS### / HB0xx–HB8xx). */
export const CLI_CODES = {
  engine: 'HB900',
  dataset: 'HB901',
  timeout: 'HB902',
  tooLarge: 'HB903',
  crashed: 'HB904',
  badInput: 'HB905',
  tooDeep: 'HB906',
  internal: 'HB999',
} as const;

export const errorAt = (code: string, message: string, line = 1, column = 1): QueryError => ({ code, message, line, column });

/** The first error diagnostic of a failed compile as a QueryError. */
export function compileError(res: CompileResult): QueryError {
  const d = res.diagnostics.find((x) => x.severity === 'error') ?? res.diagnostics[0];
  if (!d) return errorAt(CLI_CODES.internal, 'compilation failed without a diagnostic');
  return errorAt(d.code, d.message, d.line, d.column);
}

/** `compile` that never throws: a crash inside the compiler becomes an HB999 outcome. */
export function safeCompile(kql: string, catalog: Catalog | null, opts: Omit<CompileOptions, 'catalog'> = {}): CompileResult | QueryError {
  try {
    // options left undefined are left out (an explicit undefined would read as given)
    const given = Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) as Omit<CompileOptions, 'catalog'>;
    const res = compile(kql, { catalog, ...given });
    if (res.ok && (typeof res.sql !== 'string' || !Array.isArray(res.columns))) {
      return errorAt(CLI_CODES.internal, 'compiler reported success without sql/columns');
    }
    return res;
  } catch (e) {
    return errorAt(CLI_CODES.internal, `internal compiler error: ${(e as Error)?.message ?? String(e)}`);
  }
}

const firstLine = (s: string) =>
  s
    .split(/\r?\n/)
    .map((x) => x.trim())
    .find((x) => x) ?? s;

/**
 * The compiled SQL with the row limit applied by the engine: one row more than the limit is enough
 * to know the result is too large, and the engine never has to hold (or sort) the rest.
 */
export const limitRows = (sql: string, maxRows: number) => `SELECT * FROM (\n${sql}\n) AS hb_result LIMIT ${maxRows + 1}`;

export async function runOnEngine(
  engine: Engine,
  catalog: Catalog | null,
  kql: string,
  opts: { now?: string; maxRows?: number; externalData?: Record<string, string>; huntWindow?: { from: string; to: string } },
): Promise<QueryOutcome> {
  const copts = { now: opts.now, externalData: opts.externalData, huntWindow: opts.huntWindow };
  let c = safeCompile(kql, catalog, copts);
  // First passes (evaluate pivot's distinct values, host functions' arguments and answers): run
  // each probe, compile again with its answer.
  const probeValues: Record<string, (string | null)[]> = {};
  for (let pass = 0; 'diagnostics' in c && !c.ok && c.probe && pass < 16; pass++) {
    let engineFailed = false;
    const run = async (sql: string) => {
      try {
        return firstColumnText(await engine.query(sql));
      } catch (e) {
        engineFailed = true;
        throw e;
      }
    };
    try {
      Object.assign(probeValues, await answerProbe(c.probe, run, probeValues));
    } catch (e) {
      const message = firstLine(String((e as Error)?.message ?? e));
      // A failing host function (kql/host) is a bug of ours, not of the engine.
      if (!engineFailed) return { ok: false, error: errorAt(CLI_CODES.internal, `internal error in a first pass: ${message}`) };
      const code = e instanceof EngineError ? e.code : CLI_CODES.engine;
      return { ok: false, error: errorAt(code, message), engineFailed: true, ...(isEngineFault(e) && { engineFault: true }) };
    }
    c = safeCompile(kql, catalog, { ...copts, probeValues });
  }
  if (!('diagnostics' in c)) return { ok: false, error: c };
  if (!c.ok) return { ok: false, error: compileError(c) };
  const max = opts.maxRows ?? DEFAULT_MAX_ROWS;
  let table: Awaited<ReturnType<Engine['query']>>;
  try {
    table = await engine.query(limitRows(c.sql!, max));
  } catch (e) {
    const code = e instanceof EngineError ? e.code : CLI_CODES.engine;
    return { ok: false, error: errorAt(code, firstLine(String((e as Error)?.message ?? e))), engineFailed: true, ...(isEngineFault(e) && { engineFault: true }) };
  }
  if (table.numRows > max) {
    return { ok: false, error: errorAt(CLI_CODES.tooLarge, `result has more than ${max} rows, the limit (use take, or --max-rows)`) };
  }
  try {
    return { ok: true, result: tableToKusto(table, c.columns!) };
  } catch (e) {
    if (e instanceof EngineError) return { ok: false, error: errorAt(e.code, e.message) };
    if (e instanceof ResultTypeError) return { ok: false, error: errorAt(e.code, e.message) };
    return { ok: false, error: errorAt(CLI_CODES.internal, `cannot convert the result: ${(e as Error)?.message ?? e}`) };
  }
}

/** Arrow datasets larger than this on disk are loaded into a compressed in-memory database. */
const COMPRESS_ABOVE_BYTES = 256 * 1024 * 1024;
/**
 * `--engine auto` picks native DuckDB for datasets larger than this on disk: DuckDB-WASM's memory
 * is capped at 4 GiB, and in Node a database file is read into that memory whole.
 */
export const NATIVE_ABOVE_BYTES = 1024 * 1024 * 1024;

function datasetBytes(spec: RunnerOptions['dataset'], ext: '.arrow' | '.duckdb'): number {
  if (spec.kind === 'file') return ext === '.duckdb' && existsSync(spec.file) ? statSync(spec.file).size : 0;
  if (spec.kind !== 'dir' || !existsSync(spec.dir)) return 0;
  return readdirSync(spec.dir)
    .filter((f) => f.endsWith(ext))
    .reduce((sum, f) => sum + statSync(path.join(spec.dir, f)).size, 0);
}

/** The engine `--engine` asks for: wasm (default), native, or auto (native for big datasets). */
export async function createEngine(choice: EngineChoice | undefined, dataset: RunnerOptions['dataset']): Promise<Engine> {
  const arrowBytes = datasetBytes(dataset, '.arrow');
  const wasm = () => createNodeEngine({ compressed: arrowBytes > COMPRESS_ABOVE_BYTES });
  if (choice === 'native') return createNativeEngine();
  if (choice === 'auto' && arrowBytes + datasetBytes(dataset, '.duckdb') > NATIVE_ABOVE_BYTES) {
    // a machine without the native binary falls back to the WebAssembly engine
    return createNativeEngine().catch(wasm);
  }
  return wasm();
}

/**
 * `engine`, loading each table of `deferred` before the first statement that names it. The
 * compiled SQL reads a catalog table only as its quoted identifier (sql/emit.ts `tableSql`), so a
 * statement whose text does not hold `"Name"` cannot read table Name; text that holds it for
 * another reason (a string literal) only loads a table early.
 */
export function loadingOnUse(engine: Engine, deferred: Map<string, Uint8Array>): Engine {
  if (deferred.size === 0) return engine;
  const load = async (sql: string) => {
    for (const [name, bytes] of deferred) {
      if (!sql.includes(quoteIdent(name))) continue;
      deferred.delete(name);
      await engine.loadArrow(name, bytes);
    }
  };
  return {
    async query(sql, opts) {
      await load(sql);
      return engine.query(sql, opts);
    },
    loadArrow: (table, ipc) => engine.loadArrow(table, ipc),
    attachDatabase: (source, tables) => engine.attachDatabase(source, tables),
    loadCsv: (table, csv) => engine.loadCsv(table, csv),
    lockDown: () => engine.lockDown(),
    close: () => engine.close(),
  };
}

/** An in-process runner (tests, and the worker behind the CLI). */
/** A runner in this thread; `externalData` adds copies for one query (a pack's attachments) over the options' own. */
export interface LocalRunner extends QueryRunner {
  run(kql: string, now?: string, externalData?: Record<string, string>): Promise<QueryOutcome>;
  catalog: Catalog | null;
  engine: Engine;
}

export async function createLocalRunner(opts: RunnerOptions, log?: (msg: string) => void): Promise<LocalRunner> {
  let engine: Engine;
  try {
    engine = await createEngine(opts.engine, opts.dataset);
  } catch (e) {
    throw new DatasetError(`cannot start the ${opts.engine ?? 'wasm'} engine: ${(e as Error).message}`);
  }
  let catalog: Catalog | null;
  // The dataset's Arrow tables are loaded when a query first names one (a CLI start loaded all
  // ~140 lab tables, seconds of CPU, for queries that read one or two).
  const deferred = new Map<string, Uint8Array>();
  try {
    catalog = await loadDataset(engine, opts.dataset, log, deferred);
    const user = opts.userTables ?? [];
    catalog = withUserTables(catalog, user);
    await loadUserTables(engine, user);
    await engine.lockDown();
  } catch (e) {
    await engine.close().catch(() => {});
    throw e;
  }
  engine = loadingOnUse(engine, deferred);
  return {
    catalog,
    engine,
    run: (kql, now, externalData) =>
      runOnEngine(engine, catalog, kql, { ...opts, now: now ?? opts.now, ...(externalData && { externalData: { ...opts.externalData, ...externalData } }) }),
    close: () => engine.close(),
  };
}
