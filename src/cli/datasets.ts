/**
 * Finding and loading datasets for the CLI. A dataset is a directory with `catalog.json` and one
 * Arrow IPC file per table, read through the lab module's `loadDatasetDir` (imported lazily so
 * that `--no-dataset` runs never touch it), or a directory with `catalog.json` and one DuckDB
 * database file, or a bare DuckDB database file (`*.duckdb`), whose catalog is read from the file
 * itself (catalog/from-duckdb.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openBareDatabase } from '../engine/bare-database.ts';
import type { Catalog } from '../catalog/types.ts';
import type { Engine } from '../engine/types.ts';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** What to load: nothing, a directory (resolved from a name or a path), or a bare DuckDB database file. */
export type DatasetSpec = { kind: 'none' } | { kind: 'dir'; name: string; dir: string } | { kind: 'file'; name: string; file: string };

export class DatasetError extends Error {
  constructor(
    message: string,
    /** true when the dataset was not found (a usage error), false when it failed to load. */
    readonly notFound = false,
  ) {
    super(message);
  }
}

const hasCatalog = (dir: string) => fs.existsSync(path.join(dir, 'catalog.json'));

/** Where a generated copy of a built-in dataset is cached when the repository holds none. */
export const cacheDir = (name: string) => path.join(REPO_ROOT, '.cache', 'datasets', name);

/** A scenario file exists for this name (one file per scenario in src/lab/scenarios/). */
const isScenarioName = (name: string) => !['index', 'types', 'questions'].includes(name) && fs.existsSync(path.join(REPO_ROOT, 'src', 'lab', 'scenarios', `${name}.ts`));

/**
 * Resolves `--dataset NAME|PATH`: a name under `datasets/` (or its generated cache), else a
 * directory path. A built-in scenario's dataset is generated on first use if nothing is on disk.
 */
export function resolveDataset(nameOrPath: string | undefined, noDataset: boolean): DatasetSpec {
  if (noDataset) return { kind: 'none' };
  const name = nameOrPath ?? 'lab';
  if (/^[\w.-]+$/.test(name) && !name.startsWith('.')) {
    const dir = path.join(REPO_ROOT, 'datasets', name);
    if (hasCatalog(dir)) return { kind: 'dir', name, dir };
    if (hasCatalog(cacheDir(name))) return { kind: 'dir', name, dir: cacheDir(name) };
    if (isScenarioName(name)) return { kind: 'dir', name, dir: cacheDir(name) }; // generated on load
  }
  const dir = path.resolve(name);
  if (/\.duckdb$/i.test(name) && fs.existsSync(dir) && fs.statSync(dir).isFile()) return { kind: 'file', name: path.basename(dir).replace(/\.duckdb$/i, ''), file: dir };
  if (fs.existsSync(dir) && fs.statSync(dir).isDirectory()) {
    if (!hasCatalog(dir)) throw new DatasetError(`dataset directory ${dir} has no catalog.json`, true);
    return { kind: 'dir', name: path.basename(dir), dir };
  }
  throw new DatasetError(`unknown dataset '${name}' (not in datasets/, not a directory and not a .duckdb file)`, true);
}

interface LabModule {
  /** The registered scenarios (each generates a dataset of the same name). */
  SCENARIOS: readonly { id: string }[];
  writeScenario(dir: string, scenario: { id: string }, opts: GenerateOpts): Promise<unknown>;
  loadDatasetDir(dir: string): { catalog: Catalog; files: Map<string, Uint8Array> } | Promise<{ catalog: Catalog; files: Map<string, Uint8Array> }>;
}

export async function importLab(): Promise<LabModule> {
  const file = path.join(REPO_ROOT, 'src', 'lab', 'index.ts');
  if (!fs.existsSync(file)) throw new DatasetError('the lab dataset module (src/lab/index.ts) is not available yet');
  // by URL, so the type checker does not require the module to exist while it is being written
  return (await import(pathToFileURL(file).href)) as LabModule;
}

/** Generates a registered scenario's dataset into `out`. */
type GenerateOpts = { seed?: number; scale?: number; format?: 'duckdb' | 'arrow'; distinctScale?: number; cloneAs?: 'view' | 'table' };

export async function generateDataset(name: string, out: string, opts: GenerateOpts): Promise<void> {
  const lab = await importLab();
  const scenario = lab.SCENARIOS.find((s) => s.id === name);
  if (!scenario) throw new DatasetError(`no generator for dataset '${name}' (known: ${lab.SCENARIOS.map((s) => s.id).join(', ')})`, true);
  const gen: GenerateOpts = {};
  if (opts.seed !== undefined) gen.seed = opts.seed;
  if (opts.scale !== undefined) gen.scale = opts.scale;
  if (opts.format !== undefined) gen.format = opts.format;
  if (opts.distinctScale !== undefined) gen.distinctScale = opts.distinctScale;
  if (opts.cloneAs !== undefined) gen.cloneAs = opts.cloneAs;
  fs.mkdirSync(out, { recursive: true });
  await lab.writeScenario(out, scenario, gen);
}

/**
 * Generates a built-in scenario's dataset into its cache directory. Written to a private temporary
 * directory first and renamed, so concurrent first runs never see a half-written dataset.
 */
async function generateIntoCache(name: string, dir: string, log: (msg: string) => void): Promise<void> {
  log(`huntbench: generating the ${name} dataset into ${dir} (first run)`);
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  try {
    await generateDataset(name, tmp, {});
    if (!hasCatalog(dir)) {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.renameSync(tmp, dir);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Loads a dataset's tables into the engine and returns its catalog (null for `none`). With
 * `deferred`, the Arrow tables of a directory dataset are read and checked but not loaded: they are
 * left in `deferred` (name → bytes) for the caller to load when a query names them (runner.ts
 * `loadingOnUse`).
 */
export async function loadDataset(engine: Engine, spec: DatasetSpec, log: (msg: string) => void = () => {}, deferred?: Map<string, Uint8Array>): Promise<Catalog | null> {
  if (spec.kind === 'none') return null;
  if (spec.kind === 'file') return attachBareFile(engine, spec, log);
  if (!hasCatalog(spec.dir)) {
    if (!isScenarioName(spec.name) || spec.dir !== cacheDir(spec.name)) throw new DatasetError(`dataset directory ${spec.dir} has no catalog.json`, true);
    await generateIntoCache(spec.name, spec.dir, log);
  }
  const catalog = await loadCatalog(spec);
  if (catalog?.database) {
    await attachDataset(engine, spec.dir, catalog);
    return catalog;
  }
  const { catalog: cat, files } = await readDatasetDir(spec.dir);
  for (const [table, bytes] of files) {
    if (deferred) deferred.set(table, bytes);
    else await engine.loadArrow(table, bytes);
  }
  return cat;
}

/**
 * Attaches a bare DuckDB database file read-only and exposes its tables through views typed by
 * catalog/from-duckdb.ts; columns without a Kusto type are left out and reported through `log`.
 */
async function attachBareFile(engine: Engine, spec: { name: string; file: string }, log: (msg: string) => void): Promise<Catalog> {
  try {
    const bare = await openBareDatabase(engine, spec.file, spec.name);
    for (const s of bare.skipped) log(`${path.basename(spec.file)}: ${s}; left out`);
    return bare.catalog;
  } catch (e) {
    throw new DatasetError(`${spec.file}: ${(e as Error).message}`);
  }
}

/** The database file of a DuckDB-format dataset (checked to lie inside the dataset folder). */
export function databaseFile(dir: string, catalog: Catalog): string {
  const f = path.resolve(dir, catalog.database!);
  const rel = path.relative(dir, f);
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw new DatasetError(`database file ${catalog.database} is outside the dataset`);
  if (!fs.existsSync(f)) throw new DatasetError(`dataset ${dir}: missing database file ${catalog.database}`);
  return f;
}

/**
 * Attaches a DuckDB-format dataset (catalog.json + one .duckdb file) read-only: the one function
 * that (re-)attaches a dataset to an engine, fresh or not.
 */
export async function attachDataset(engine: Engine, dir: string, catalog: Catalog): Promise<void> {
  const file = databaseFile(dir, catalog);
  try {
    await engine.attachDatabase(file, catalog.tables.map((t) => t.name));
  } catch (e) {
    throw new DatasetError(`${file}: ${(e as Error).message}`);
  }
}

/**
 * The lab module's reader when it exists (it owns the on-disk format), else the minimal reading
 * of that format: catalog.json plus each table's `file`.
 */
export async function readDatasetDir(dir: string): Promise<{ catalog: Catalog; files: Map<string, Uint8Array> }> {
  if (fs.existsSync(path.join(REPO_ROOT, 'src', 'lab', 'index.ts'))) return (await importLab()).loadDatasetDir(dir);
  let catalog: Catalog;
  try {
    catalog = JSON.parse(fs.readFileSync(path.join(dir, 'catalog.json'), 'utf8')) as Catalog;
  } catch (e) {
    throw new DatasetError(`cannot read ${path.join(dir, 'catalog.json')}: ${(e as Error).message}`);
  }
  const files = new Map<string, Uint8Array>();
  for (const t of catalog.tables ?? []) {
    if (!t.file) continue;
    const f = path.resolve(dir, t.file);
    if (path.relative(dir, f).startsWith('..')) throw new DatasetError(`table ${t.name}: file ${t.file} is outside the dataset`);
    try {
      files.set(t.name, new Uint8Array(fs.readFileSync(f)));
    } catch (e) {
      throw new DatasetError(`table ${t.name}: cannot read ${f}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  return { catalog, files };
}

/** The catalog alone (for `compile`), without starting an engine. */
export async function loadCatalog(spec: DatasetSpec): Promise<Catalog | null> {
  if (spec.kind === 'none') return null;
  if (spec.kind === 'file') {
    // the catalog is in the file: read it on a short-lived engine
    const { createNodeEngine } = await import('../engine/node.ts');
    const engine = await createNodeEngine();
    try {
      return await attachBareFile(engine, spec, () => {});
    } finally {
      await engine.close();
    }
  }
  const file = path.join(spec.dir, 'catalog.json');
  if (!fs.existsSync(file)) {
    if (!isScenarioName(spec.name) || spec.dir !== cacheDir(spec.name)) throw new DatasetError(`dataset directory ${spec.dir} has no catalog.json`, true);
    await generateIntoCache(spec.name, spec.dir, () => {});
  }
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Catalog;
  } catch (e) {
    throw new DatasetError(`cannot read ${file}: ${(e as Error).message}`);
  }
}
