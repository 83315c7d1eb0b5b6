/**
 * Scenario datasets: `generateScenario` (seeded, deterministic), `writeScenario` / `writeDataset`
 * (catalog.json + one Arrow IPC stream per table + questions.json, deterministic bytes) and
 * `loadDatasetDir` (validated read-back). `generateLab` / `writeLab` are the built-in lab's.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type Table, tableFromIPC } from 'apache-arrow';
import { DEVICE_HOURS, deviceHoursSql, deviceHoursTable } from '../catalog/device-hours.ts';
import { DEVICE_SUMMARY, deviceSummarySql, deviceSummaryTable } from '../catalog/device-summary.ts';
import { DEVICE_TIMELINE, deviceTimelineSql, deviceTimelineTable } from '../catalog/device-timeline.ts';
import { FILE_HASH_INDEX, fileHashIndexSql, fileHashIndexTable } from '../catalog/file-hash-index.ts';
import type { Catalog, CatalogTable } from '../catalog/types.ts';
import { type ChunkedTable, CsvSink, createDatabaseWriter } from '../engine/db-writer.ts';
import { INDEX_ROW_GROUP_ROWS, TIMELINE_ROW_GROUP_ROWS } from '../engine/db-layout.ts';
import { tableToStream } from './arrow.ts';
import type { SpillOptions, TableSink } from './builder.ts';
import type { QuestionsFile } from '../practice/types.ts';
import type { Generated, GenerateOptions } from './generate.ts';
import { lab } from './scenarios/lab.ts';
import { buildQuestionsFile, questionsJson } from './scenarios/questions.ts';
import { type CloneMode, cloneDevices, DISTINCT_SCALE } from './clone.ts';
import type { Scenario } from './scenarios/types.ts';

export { SCENARIOS, scenarioById } from './scenarios/index.ts';
import { type ColumnDef, duckTypeOfColumn, type TableDef } from './schema.ts';

export const GENERATOR_VERSION = '1.0.0';

export interface LabResult {
  catalog: Catalog;
  tables: Map<string, Table>;
  /** The practice questions of the scenario (written as questions.json). */
  questions?: QuestionsFile;
}

type LabOptions = { seed?: number; scale?: number } & Pick<GenerateOptions, 'policies'>;

/** The catalog entry of one generated table (its sink must still hold the rows). */
function catalogEntry(d: TableDef, sink: TableSink): CatalogTable {
  let actionTypes: Record<string, number> | undefined;
  if (d.columns.some((c) => c.name === 'ActionType')) actionTypes = sink.valueCounts('ActionType');
  const entry = (c: ColumnDef) => ({
    name: c.name,
    type: c.type,
    ...(c.type === 'dynamic' ? { duckType: duckTypeOfColumn(c) } : {}),
    ...(c.documentedType ? { documentedType: c.documentedType } : {}),
    description: c.description,
    ...(c.group ? { group: c.group } : {}),
  });
  // hidden columns (`_ItemId`) come last in the file and are listed apart (CatalogTable.hiddenColumns)
  const hidden = d.columns.filter((c) => c.hidden);
  if (hidden.some((c, i) => d.columns.indexOf(c) !== d.columns.length - hidden.length + i)) throw new Error(`${d.name}: hidden columns must come last`);
  return {
    name: d.name,
    kind: d.kind,
    description: d.description,
    columns: d.columns.filter((c) => !c.hidden).map(entry),
    ...(hidden.length ? { hiddenColumns: hidden.map(entry) } : {}),
    rowCount: sink.length,
    ...(actionTypes ? { actionTypes } : {}),
    sampleQuery: d.sampleQuery,
    file: `${d.name}.arrow`,
    ...(d.watchlist ? { watchlist: d.watchlist } : {}),
  };
}

function scenarioCatalog(s: Scenario, opts: LabOptions, g: Generated, tables: CatalogTable[]): Catalog {
  return {
    dataset: s.id,
    description: s.description,
    seed: g.seed,
    scale: g.scale,
    generatorVersion: GENERATOR_VERSION,
    now: s.now,
    scenario: { id: s.id, title: s.title },
    caPolicies: (opts.policies ?? s.policies).ca.map((p) => ({ ...p, includeApplications: [...p.includeApplications], clientAppTypes: [...p.clientAppTypes], builtInControls: [...p.builtInControls] })),
    tenantId: s.cast.tenant.tenantId,
    tables,
  };
}

export function generateScenario(s: Scenario, opts: LabOptions = {}): LabResult {
  const g = s.generate(opts);
  const tables = new Map<string, Table>();
  const catTables: CatalogTable[] = [];
  for (const d of g.defs) {
    const sink = g.sinks[d.name];
    tables.set(d.name, sink.toArrow());
    catTables.push(catalogEntry(d, sink));
  }
  return { catalog: scenarioCatalog(s, opts, g, catTables), tables, questions: buildQuestionsFile(s) };
}

export const generateLab = (opts: LabOptions = {}): LabResult => generateScenario(lab, opts);

export type DatasetFormat = 'duckdb' | 'arrow';

/** Rows a table holds in memory before the DuckDB writer spills them to a CSV chunk (big labs only). */
export const CHUNK_ROWS = 250_000;

/**
 * Tables the generator reads back after writing them (scans that derive other tables' rows, e.g.
 * the firewall log from DeviceNetworkEvents): they stay in memory. A spilled table that is read
 * throws, so this list cannot be silently wrong.
 */
const READ_BACK = new Set(['AADServicePrincipalSignInLogs', 'AuditLogs', 'SecurityEvent', 'IdentityLogonEvents', 'AlertInfo', 'AlertEvidence', 'SigninLogs', 'DeviceLogonEvents', 'MicrosoftGraphActivityLogs', 'AdfsEvents']);

/** Tables never spilled: those read back, and string ReportIds (numbered by sorted position in memory, see finalise). */
function spillable(d: TableDef): boolean {
  return !READ_BACK.has(d.name) && !d.columns.some((c) => c.name === 'ReportId' && c.type === 'string');
}

export type WriteOptions = LabOptions & {
  format?: DatasetFormat;
  chunkRows?: number;
  partRows?: number;
  /** With `cloneAs`, DuckDB format: above this scale, background devices beyond this scale's are cloned (clone.ts; default DISTINCT_SCALE). */
  distinctScale?: number;
  /**
   * Clone background devices above the distinct scale, stored as views computed when read or as
   * inserted rows (clone.ts). Unset (the default): every device is simulated, whatever the scale.
   */
  cloneAs?: CloneMode;
};

/**
 * Generates a scenario and writes it to `dir` table by table: each table is encoded, hashed and
 * written as soon as its rows are final, and its rows are dropped before the next one, so a large
 * dataset never holds all its Arrow tables at once.
 *
 * `format: 'arrow'` writes one Arrow IPC stream per table (the same bytes as
 * `writeDataset(dir, generateScenario(s, opts))`); `'duckdb'` (the default) writes every table
 * into one DuckDB database file, `<dataset>.duckdb`, with native DuckDB: each table goes from its
 * sink to DuckDB as CSV lines (TableSink.writeCsv; no Arrow table is built). The catalog's
 * `contentHash` is over what was written: the Arrow streams for `'arrow'`, the CSV lines of each
 * table for `'duckdb'` (so the two formats' hashes differ); either is reproducible for a seed even
 * though the DuckDB file's own bytes are not.
 *
 * With `'duckdb'`, a table that grows past `chunkRows` rows while it is generated (only in big
 * labs) is spilled: every `chunkRows` rows go to a CSV chunk file in generation order and leave
 * memory, and DuckDB loads the chunks, orders them by time (ties in generation order) and numbers
 * ReportIds per device, which gives the same rows in the same order as the in-memory path. Such a
 * table enters the content hash as the SHA-256 of its chunks' CSV bytes (in generation order, with
 * ReportIds not yet numbered, so not the hash the same table has when it stays in memory).
 *
 * A `'duckdb'` dataset also holds the derived side tables FileHashIndex (catalog/file-hash-index.ts:
 * the file page's index of hashes and devices) and DeviceTimeline (catalog/device-timeline.ts: the
 * device event tables narrowed to the timeline's columns, sorted by device and time) and, unless
 * devices are cloned, DeviceHourlyEvents (catalog/device-hours.ts: the device page's histogram rows)
 * and DeviceSummary (catalog/device-summary.ts: the rows of the device page's side cards, by
 * device), listed last in its catalog, outside the content hash.
 */
export async function writeScenario(dir: string, s: Scenario, opts: WriteOptions = {}): Promise<Catalog> {
  const format = opts.format ?? 'duckdb';
  await mkdir(dir, { recursive: true });
  const chunkDir = path.join(dir, '.chunks');
  const chunks = new Map<string, { files: string[]; hash: ReturnType<typeof createHash> }>();
  const onChunk = (sink: TableSink): void => {
    let c = chunks.get(sink.def.name);
    if (!c) {
      mkdirSync(chunkDir, { recursive: true });
      chunks.set(sink.def.name, (c = { files: [], hash: createHash('sha256') }));
    }
    const file = path.join(chunkDir, `${sink.def.name}.${c.files.length}.csv`);
    const h = c.hash;
    const out = new CsvSink(file, (b) => h.update(b));
    try {
      sink.writeCsv(out);
    } finally {
      out.close();
    }
    c.files.push(file);
  };
  const chunkRows = opts.chunkRows ?? CHUNK_ROWS;
  const sinkOptions =
    format === 'duckdb'
      ? (d: TableDef): SpillOptions | undefined => {
          if (!spillable(d)) return undefined;
          const countCols = d.columns.some((c) => c.name === 'ActionType') ? ['ActionType'] : [];
          if (d.columns.some((c) => c.name === 'DeviceId')) countCols.push('DeviceId');
          return { chunkRows, onChunk, countCols };
        }
      : undefined;
  // asked to clone and above the distinct scale (DuckDB format): that scale is simulated and the
  // rest of the background devices cloned (clone.ts)
  const distinctScale = opts.distinctScale ?? DISTINCT_SCALE;
  const scale = opts.scale ?? 1;
  const cloning = format === 'duckdb' && opts.cloneAs !== undefined && scale > distinctScale;
  const g = s.generate({ ...opts, ...(cloning ? { scale: distinctScale } : {}), sinkOptions });
  let clones: Catalog['clones'];
  const hash = createHash('sha256');
  const catTables: CatalogTable[] = [];
  const chunked: ChunkedTable[] = [];
  const database = format === 'duckdb' ? `${s.id}.duckdb` : undefined;
  // small datasets (the committed lab) take about half the space with small storage blocks
  const writer = database
    ? await createDatabaseWriter(path.join(dir, database), { blockSize: g.scale <= 2 ? 16384 : undefined, memoryLimit: chunks.size || cloning ? '3GB' : undefined })
    : null;
  try {
    for (const d of g.defs) {
      const sink = g.sinks[d.name];
      const entry = catalogEntry(d, sink);
      const columns = d.columns.map((c) => ({ name: c.name, duckType: duckTypeOfColumn(c) }));
      if (sink.spilled && writer) {
        sink.flush();
        const c = chunks.get(d.name)!;
        hash.update(`${d.name}.csv\n`);
        hash.update(c.hash.digest());
        // written after the in-memory tables, so their memory is free when DuckDB sorts the chunks
        chunked.push({ name: d.name, columns, files: c.files, rows: sink.length, sortCol: sink.spilled.sortCol, numbering: sink.spilled.numbering, partRows: opts.partRows });
        delete g.sinks[d.name];
        delete entry.file;
        catTables.push(entry);
        continue;
      }
      delete g.sinks[d.name];
      if (writer) {
        // straight from the sink as CSV (no Arrow table), hashed like the spilled tables
        const h = createHash('sha256');
        await writer.writeCsv({ name: d.name, columns, rows: sink.length, fill: (out) => sink.writeCsv(out, { release: true }), onBytes: (b) => h.update(b) });
        hash.update(`${d.name}.csv\n`);
        hash.update(h.digest());
        delete entry.file;
      } else {
        const bytes = tableToStream(sink.toArrow({ release: true }));
        hash.update(`${entry.file}\n`);
        hash.update(bytes);
        await writeFile(path.join(dir, entry.file ?? `${d.name}.arrow`), bytes);
      }
      catTables.push(entry);
    }
    for (const t of chunked) await writer?.writeChunks(t);
    // derived from the tables just written (not part of the content hash, which covers the generated data)
    const indexSql = writer ? fileHashIndexSql(catTables) : null;
    const timelineSql = writer ? deviceTimelineSql(catTables) : [];
    // the device page's histogram rows, in the default row groups, so before the timeline's smaller ones; not in a cloned lab (it would miss the clones)
    const hoursSql = writer && !cloning ? deviceHoursSql(catTables) : null;
    const hoursRows = writer && hoursSql ? await writer.derive(DEVICE_HOURS, hoursSql) : null;
    // the index's small row groups last (DatabaseWriter.derive: a checkpoint merges row groups smaller than the attached size);
    // the timeline's in TIMELINE_ROW_GROUP_ROWS, but in a cloned lab, whose clones are written after it at the default size
    const timelineRows = writer && timelineSql.length ? await writer.derive(DEVICE_TIMELINE, timelineSql, { rowGroupSize: cloning ? undefined : TIMELINE_ROW_GROUP_ROWS }) : null;
    // A cloned lab has no FileHashIndex: its counts per hash are sums over devices that the clones
    // would change, so the file view searches the tables themselves there (docs/investigate.md).
    const indexRows = writer && indexSql && !cloning ? await writer.derive(FILE_HASH_INDEX, indexSql, { rowGroupSize: INDEX_ROW_GROUP_ROWS }) : null;
    const timelineTable = timelineRows !== null ? deviceTimelineTable(catTables, timelineRows) : null;
    // the device page's summary, small row groups too, so last; not in a cloned lab (it would miss the clones);
    // with the timeline (its Card 7 copies rows of it)
    const summaryFrom = timelineTable ? [...catTables, timelineTable] : catTables;
    const summarySql = writer && !cloning ? deviceSummarySql(summaryFrom) : null;
    const summaryRows = writer && summarySql ? await writer.derive(DEVICE_SUMMARY, summarySql, { rowGroupSize: INDEX_ROW_GROUP_ROWS }) : null;
    if (indexRows !== null) catTables.push(fileHashIndexTable(indexRows));
    if (timelineTable !== null) catTables.push(timelineTable);
    if (hoursRows !== null) catTables.push(deviceHoursTable(catTables, hoursRows));
    if (summaryRows !== null) catTables.push(deviceSummaryTable(summaryFrom, summaryRows));
    if (writer && cloning) {
      const got = await cloneDevices({ writer, tables: catTables, background: g.background, scale, seed: g.seed, window: g.window, cloneAs: opts.cloneAs });
      clones = { distinctScale, sources: got.sources, clones: got.clones, as: opts.cloneAs ?? 'view' };
      // the clones are a function of the rows hashed above and of these numbers
      hash.update(`clones\n${JSON.stringify({ distinctScale, sources: got.sources, clones: got.clones })}`);
    }
  } finally {
    await writer?.close();
    rmSync(chunkDir, { recursive: true, force: true });
  }
  const catalog: Catalog = { ...scenarioCatalog(s, opts, { ...g, scale }, catTables), ...(clones ? { clones } : {}), ...(database ? { database } : {}), contentHash: hash.digest('hex') };
  await writeFile(path.join(dir, 'catalog.json'), `${JSON.stringify(catalog, null, 1)}\n`);
  await writeFile(path.join(dir, 'questions.json'), questionsJson(buildQuestionsFile(s)));
  return catalog;
}

export const writeLab = (dir: string, opts: WriteOptions = {}): Promise<Catalog> => writeScenario(dir, lab, opts);

/** Writes catalog.json and `<Table>.arrow` (IPC stream) files; the catalog carries a SHA-256 over the table files. */
export async function writeDataset(dir: string, result: LabResult): Promise<void> {
  await mkdir(dir, { recursive: true });
  const hash = createHash('sha256');
  const tables = [...result.catalog.tables];
  for (const t of tables) {
    const table = result.tables.get(t.name);
    if (!table) throw new Error(`writeDataset: no data for table ${t.name}`);
    const bytes = tableToStream(table);
    hash.update(`${t.file}\n`);
    hash.update(bytes);
    await writeFile(path.join(dir, t.file ?? `${t.name}.arrow`), bytes);
  }
  const catalog: Catalog = { ...result.catalog, contentHash: hash.digest('hex') };
  await writeFile(path.join(dir, 'catalog.json'), `${JSON.stringify(catalog, null, 1)}\n`);
  if (result.questions) await writeFile(path.join(dir, 'questions.json'), questionsJson(result.questions));
}

/** Reads a dataset folder, checking that every table file exists, parses as Arrow and matches the catalog. */
export async function loadDatasetDir(dir: string): Promise<{ catalog: Catalog; files: Map<string, Uint8Array> }> {
  const catPath = path.join(dir, 'catalog.json');
  let catalog: Catalog;
  try {
    catalog = JSON.parse(await readFile(catPath, 'utf8')) as Catalog;
  } catch (e) {
    throw new Error(`${catPath}: cannot read catalog (${(e as Error).message})`);
  }
  if (!catalog || !Array.isArray(catalog.tables)) throw new Error(`${catPath}: not a catalog (no "tables" array)`);
  const present = new Set(await readdir(dir));
  const files = new Map<string, Uint8Array>();
  for (const t of catalog.tables) {
    if (!t.name || !Array.isArray(t.columns)) throw new Error(`${catPath}: table entry without name/columns`);
    const file = t.file ?? `${t.name}.arrow`;
    const p = path.join(dir, file);
    if (!present.has(file)) throw new Error(`${p}: missing table file for ${t.name}`);
    const bytes = new Uint8Array(await readFile(p));
    let parsed: Table;
    try {
      parsed = tableFromIPC(bytes);
    } catch (e) {
      throw new Error(`${p}: not a valid Arrow IPC file (${(e as Error).message})`);
    }
    const names = parsed.schema.fields.map((f) => f.name);
    const expected = [...t.columns, ...(t.hiddenColumns ?? [])].map((c) => c.name);
    if (names.join('\u0000') !== expected.join('\u0000')) {
      throw new Error(`${p}: columns do not match catalog.json (file has ${names.length}, catalog ${expected.length})`);
    }
    if (t.rowCount !== undefined && parsed.numRows !== t.rowCount) {
      throw new Error(`${p}: ${parsed.numRows} rows, catalog says ${t.rowCount}`);
    }
    files.set(t.name, bytes);
  }
  return { catalog, files };
}
