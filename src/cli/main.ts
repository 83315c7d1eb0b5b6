/**
 * The `huntbench` command (contract: DESIGN.md §5). `run(argv)` returns the exit code and never
 * throws: 0 ok, 1 query error (`error CODE at LINE:COL: message` on stderr), 2 usage error.
 */
import fs from 'node:fs';
import { join as pathJoin } from 'node:path';
import { stringifyExact } from '../kql/json-exact.ts';
import { type KustoResult, toCsv, toTable } from '../engine/values.ts';
import { type Args, type Format, parseArgs, USAGE, UsageError } from './args.ts';
import { runConformance } from './conformance.ts';
import { compileWithLimit } from './compile.ts';
import { cmdPack } from './pack.ts';
import { cmdPractice } from './practice.ts';
import { DatasetError, generateDataset, loadCatalog, resolveDataset } from './datasets.ts';
import { createWorkerRunner, DEFAULT_TIMEOUT_MS } from './pool.ts';
import { readUserTables, UserFileLoadError, withUserTables } from './user-tables.ts';
import { CLI_CODES, compileError, errorAt, type QueryError, type QueryOutcome, type QueryRunner } from './runner.ts';

export interface Io {
  out(s: string): void;
  err(s: string): void;
}

const processIo: Io = {
  out: (s) => {
    process.stdout.write(s);
  },
  err: (s) => {
    process.stderr.write(s);
  },
};

/** One line, whatever the message holds (control characters would garble the terminal). */
const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '?');

export const formatError = (e: QueryError) => `error ${e.code} at ${e.line}:${e.column}: ${oneLine(e.message)}\n`;

export function formatResult(result: KustoResult, format: Format): string {
  if (format === 'csv') return toCsv(result);
  if (format === 'table') return toTable(result);
  return `${stringifyExact(result)}\n`;
}

function readText(path: string, what: string): string {
  try {
    // a UTF-8 byte order mark (Windows editors write one) is not part of the text
    return fs.readFileSync(path === '-' ? 0 : path, 'utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    throw new UsageError(`cannot read ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/**
 * Local copies of externaldata URLs as URL → text: each `--externaldata-dir DIR` (its urls.json maps
 * a URL to a file in DIR), then each `--externaldata URL=PATH` (which wins for its URL). An
 * unreadable file or manifest is a usage error.
 */
export function readExternalData(args: Pick<Args, 'externalData' | 'externalDataDirs'>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const dir of args.externalDataDirs ?? []) {
    const manifest = pathJoin(dir, 'urls.json');
    let map: unknown;
    try {
      map = JSON.parse(readText(manifest, '--externaldata-dir manifest'));
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError(`--externaldata-dir ${dir}: urls.json is not JSON: ${(e as Error).message}`);
    }
    if (!map || typeof map !== 'object' || Array.isArray(map)) throw new UsageError(`--externaldata-dir ${dir}: urls.json must be an object {"URL": "file", ...}`);
    for (const [url, file] of Object.entries(map as Record<string, unknown>)) {
      if (typeof file !== 'string' || !file) throw new UsageError(`--externaldata-dir ${dir}: urls.json maps ${url} to ${JSON.stringify(file)}, not a file name`);
      out[url] = readText(pathJoin(dir, file), `--externaldata copy of ${url}:`);
    }
  }
  for (const { url, path } of args.externalData) out[url] = readText(path, `--externaldata copy of ${url}:`);
  return out;
}

function timeoutFrom(args: Args): number {
  if (args.timeoutMs) return args.timeoutMs;
  const env = Number(process.env.ORACLE_TIMEOUT_MS);
  return Number.isFinite(env) && env > 0 ? env : DEFAULT_TIMEOUT_MS;
}

async function startRunner(args: Args, io: Io): Promise<QueryRunner> {
  const dataset = resolveDataset(args.dataset, args.noDataset);
  const userTables = readUserTables(args.tables);
  if (userTables.length) withUserTables(await loadCatalog(dataset), userTables); // name clashes are usage errors, before any engine starts
  return createWorkerRunner({
    dataset,
    engine: args.engine,
    userTables,
    externalData: readExternalData(args),
    now: args.now,
    ...(args.hunt && { huntWindow: args.hunt }),
    maxRows: args.maxRows,
    timeoutMs: timeoutFrom(args),
    log: (m) => io.err(`${m}\n`),
  });
}

/** Parses one `--batch` input line into an id and KQL text, or an error outcome line. */
export function parseBatchLine(line: string, lineNo: number): { id: string; kql: string } | { id: string; error: QueryError } {
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch (e) {
    return { id: `line-${lineNo}`, error: errorAt(CLI_CODES.badInput, `line ${lineNo} is not JSON: ${(e as Error).message}`) };
  }
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) {
    return { id: `line-${lineNo}`, error: errorAt(CLI_CODES.badInput, `line ${lineNo} is not a JSON object`) };
  }
  const o = obj as Record<string, unknown>;
  const id = typeof o.id === 'string' ? o.id : typeof o.id === 'number' ? String(o.id) : `line-${lineNo}`;
  if (typeof o.kql !== 'string') return { id, error: errorAt(CLI_CODES.badInput, `line ${lineNo} has no string "kql"`) };
  return { id, kql: o.kql };
}

/** One `--batch` output line; a result that cannot be written is an error line for that query alone. */
export function batchLine(id: string, outcome: QueryOutcome): string {
  const fail = (code: string, message: string) => JSON.stringify({ id, ok: false, error: { code, message } });
  if (!outcome.ok) return fail(outcome.error.code, outcome.error.message);
  try {
    return stringifyExact({ id, ok: true, result: outcome.result });
  } catch (e) {
    return fail(CLI_CODES.tooDeep, `the result cannot be written as JSON: ${(e as Error)?.message ?? e}`);
  }
}

async function cmdQuery(args: Args, io: Io): Promise<number> {
  let batchText: string | undefined;
  let kql: string | undefined;
  if (args.batch !== undefined) batchText = readText(args.batch, 'batch file');
  else kql = args.file !== undefined ? readText(args.file, 'query file') : args.positional!;
  const runner = await startRunner(args, io);
  try {
    if (batchText === undefined) {
      const outcome = await runner.run(kql!);
      if (!outcome.ok) {
        io.err(formatError(outcome.error));
        return 1;
      }
      io.out(formatResult(outcome.result, args.format));
      return 0;
    }
    const lines = batchText.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      if (!lines[i].trim()) continue;
      const item = parseBatchLine(lines[i], i + 1);
      let line: string;
      if ('error' in item) {
        line = JSON.stringify({ id: item.id, ok: false, error: { code: item.error.code, message: item.error.message } });
      } else {
        line = batchLine(item.id, await runner.run(item.kql));
      }
      io.out(`${line}\n`);
    }
    return 0;
  } finally {
    await runner.close();
  }
}

async function cmdCompile(args: Args, io: Io): Promise<number> {
  const kql = args.file !== undefined ? readText(args.file, 'query file') : args.positional!;
  const userTables = readUserTables(args.tables);
  const catalog = withUserTables(await loadCatalog(resolveDataset(args.dataset, args.noDataset)), userTables);
  const res = await compileWithLimit(kql, catalog, args.now, timeoutFrom(args), readExternalData(args), args.hunt);
  if (!('diagnostics' in res)) {
    io.err(formatError(res));
    return 1;
  }
  if (!res.ok) {
    io.err(formatError(compileError(res)));
    return 1;
  }
  io.out(`${res.sql!.trimEnd()}\n`);
  return 0;
}

async function cmdGenerate(args: Args, io: Io): Promise<number> {
  const started = Date.now();
  await generateDataset(args.dataset!, args.out!, { scale: args.scale, seed: args.seed, format: args.datasetFormat, distinctScale: args.distinctScale, cloneAs: args.clones });
  io.err(`huntbench: wrote dataset '${args.dataset}' to ${args.out} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return 0;
}

async function cmdConformance(args: Args, io: Io): Promise<number> {
  const target = args.positional!;
  if (!fs.existsSync(target)) throw new UsageError(`no such file or directory: ${target}`);
  const runner = await startRunner(args, io);
  try {
    return await runConformance(target, runner, { json: args.json, verbose: args.verbose, io });
  } finally {
    await runner.close();
  }
}

export async function run(argv: string[], io: Io = processIo): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(e.message ? `huntbench: ${e.message}\n\n${USAGE}` : USAGE);
      return 2;
    }
    throw e;
  }
  try {
    switch (args.command) {
      case 'query':
        return await cmdQuery(args, io);
      case 'compile':
        return await cmdCompile(args, io);
      case 'generate':
        return await cmdGenerate(args, io);
      case 'conformance':
        return await cmdConformance(args, io);
      case 'pack':
        return await cmdPack(args, io);
      case 'practice':
        return await cmdPractice(args, io);
    }
  } catch (e) {
    if (e instanceof UsageError || (e instanceof DatasetError && e.notFound)) {
      io.err(`huntbench: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    if (e instanceof UserFileLoadError) {
      io.err(formatError(errorAt(CLI_CODES.dataset, e.message, e.line, e.column)));
      return 1;
    }
    if (e instanceof DatasetError) {
      io.err(formatError(errorAt(CLI_CODES.dataset, e.message)));
      return 1;
    }
    io.err(formatError(errorAt(CLI_CODES.internal, `internal error: ${(e as Error)?.message ?? String(e)}`)));
    return 1;
  }
}
