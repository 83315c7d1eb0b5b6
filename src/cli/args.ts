/**
 * Command-line parsing for `huntbench` (contract: DESIGN.md §5). Hand-written so that every
 * mistake is a usage error (exit 2) with a precise message, never a stack trace.
 */
import { watchlistTableName } from '../catalog/user-watchlists.ts';

export type Command = 'query' | 'compile' | 'generate' | 'conformance' | 'pack' | 'practice';
export type PracticeCommand = 'list' | 'questions' | 'check' | 'verify';
export type Format = 'json' | 'csv' | 'table';
export type EngineChoice = 'wasm' | 'native' | 'auto';

export interface Args {
  command: Command;
  /** QUERY for query/compile, DIR_OR_JSONL for conformance. */
  positional?: string;
  dataset?: string;
  noDataset: boolean;
  now?: string;
  /**
   * `--from ISO --to ISO`: the hunt's time range, what Sentinel's `{{StartTimeISO}}` and
   * `{{EndTimeISO}}` placeholders stand for (CompileOptions.huntWindow; default: the 30 days before now).
   */
  hunt?: { from: string; to: string };
  /** `--from` / `--to` as given, until both are checked together. */
  from?: string;
  to?: string;
  format: Format;
  /** `generate --format`: DuckDB database file (default) or Arrow IPC files. */
  datasetFormat?: 'duckdb' | 'arrow';
  /** `--engine`: DuckDB-WASM (default), native DuckDB, or native when the data is too big for WASM. */
  engine?: EngineChoice;
  /** --format was given (practice prints text unless asked for json). */
  formatGiven?: boolean;
  file?: string;
  batch?: string;
  scale?: number;
  /** `generate --distinct-scale`: with --clones, the scale simulated; above it background devices are cloned. */
  distinctScale?: number;
  /** `generate --clones`: clone background devices above the distinct scale, as views or inserted rows (unset: simulate every device). */
  clones?: 'view' | 'table';
  seed?: number;
  out?: string;
  json?: string;
  timeoutMs?: number;
  maxRows?: number;
  verbose: boolean;
  /** `pack test|validate`: the subcommand and its paths. */
  packCommand?: 'test' | 'validate';
  paths?: string[];
  /** `practice list|questions|check|verify`, its scenario and answers file. */
  practiceCommand?: PracticeCommand;
  scenario?: string;
  answers?: string;
  /** `--table NAME=PATH` (repeatable): user files added as tables. */
  tables: { name: string; path: string; watchlist?: { alias: string; searchKey?: string } }[];
  /** `--externaldata URL=PATH` (repeatable): local copies of the URLs externaldata names. */
  externalData: { url: string; path: string }[];
  /** `--externaldata-dir DIR` (repeatable): folders of local copies, each with a urls.json mapping URL → file. */
  externalDataDirs: string[];
}

export class UsageError extends Error {}

export const USAGE = `usage:
  huntbench query  [--dataset NAME|PATH | --no-dataset] [--engine wasm|native|auto] [--table NAME=PATH]... [--watchlist ALIAS=PATH]...
                   [--now ISO] [--from ISO --to ISO] [--externaldata URL=PATH]... [--externaldata-dir DIR]...
                   [--format json|csv|table] (QUERY | --file PATH | --batch PATH.jsonl)
  huntbench compile [--dataset NAME|PATH | --no-dataset] [--table NAME=PATH]... [--watchlist ALIAS=PATH]... [--now ISO]
                   [--from ISO --to ISO] [--externaldata URL=PATH]... [--timeout-ms N] (QUERY | --file PATH)
  huntbench generate --dataset NAME [--scale N] [--seed N] [--format duckdb|arrow]
                   [--distinct-scale N] [--clones view|table] --out DIR
  huntbench conformance DIR_OR_JSONL [--dataset NAME|PATH | --no-dataset] [--now ISO] [--from ISO --to ISO] [--json OUT] [--verbose]
                   [--externaldata URL=PATH]... [--externaldata-dir DIR]...
  huntbench pack test PATH... [--dataset NAME|PATH] [--timeout-ms N] [--json OUT] [--verbose]
  huntbench pack validate PATH... [--dataset NAME|PATH] [--json OUT]
  huntbench practice list [--format json]
  huntbench practice questions --scenario ID [--format json]
  huntbench practice check --scenario ID --answers FILE.json
  huntbench practice verify [--scenario ID]

options:
  --dataset NAME|PATH  dataset to query (default: lab); a name under datasets/ or a directory
                       holding catalog.json and a DuckDB database file (or Arrow files), or
                       a bare .duckdb file (tables and column types read from the file)
  --engine E           wasm (DuckDB-WASM, the browser's engine; default), native (DuckDB 1.4.3
                       through @duckdb/node-api) or auto (native when the dataset is over 1 GiB)
  --no-dataset         no tables (queries build their own data with print/datatable/range)
  --table NAME=PATH    add a CSV/TSV, JSON (array or lines) or Arrow file as table NAME (repeatable;
                       types inferred, JSON objects/arrays become dynamic)
  --watchlist ALIAS[:KEY]=PATH  a CSV/TSV file as the Sentinel watchlist that _GetWatchlist('ALIAS')
                       returns (SearchKey from column KEY, else the first column; repeatable)
  --externaldata URL=PATH  a local copy of a URL that the query's externaldata reads (repeatable;
                       huntbench never fetches URLs; the query text stays as written)
  --externaldata-dir DIR  a folder of such copies with a urls.json {"URL": "file in DIR", ...}
                       (repeatable; --externaldata wins over a folder for the same URL)
  --now ISO            pin now() and ago() (ISO-8601 UTC, e.g. 2024-05-20T00:00:00Z)
  --from ISO --to ISO  the hunt's time range: what Microsoft Sentinel's {{StartTimeISO}} and
                       {{EndTimeISO}} placeholders in string literals stand for (both together;
                       default: the 30 days before now, i.e. before --now or the dataset's time)
  --format F           json (default), csv or table; for generate: duckdb (default, one
                       database file) or arrow (one Arrow IPC file per table)
  --clones view|table  generate: simulate only --distinct-scale and add the other background devices
                       as clones made inside DuckDB (own DeviceId, name, AadDeviceId; timestamps
                       shifted by a constant of up to ±30 min; same users, IPs and behaviour, so
                       hunts see repeated activity; the per-user tables keep the distinct scale's
                       size; no FileHashIndex), stored as views computed when read (fast to
                       generate, slower full scans) or as inserted rows. Without it every device
                       is simulated. DuckDB format only
  --distinct-scale N   generate --clones: the scale simulated (default 30)
  --file PATH          read the query from PATH ('-' for stdin)
  --batch PATH.jsonl   run {"id","kql"} lines, print one {"id","ok",...} line each
  --timeout-ms N       per-query time limit (default 60000, or $ORACLE_TIMEOUT_MS)
  --max-rows N         refuse results with more rows (default 1000000)

pack test runs every query's tests on the real engine (exit 1 on any failure); pack validate
checks the format, KQL diagnostics against the catalog and required tables. PATH is a pack file
(huntbench JSON/YAML, Log Analytics query pack, Sentinel hunting YAML) or a directory of them;
--dataset replaces the dataset of tests that name none.

practice: graded forensic questions on the built-in scenarios. check grades a JSON object
{"<questionId>": answer} (a string, number or list); verify runs every reference query on the
scenario's dataset and exits 1 when one does not give the stored answer.

exit codes: 0 ok, 1 query error, 2 usage error
`;

const VALUE_FLAGS = new Set(['--table', '--watchlist', '--externaldata', '--externaldata-dir', '--dataset', '--engine', '--now', '--from', '--to', '--format', '--file', '--batch', '--scale', '--seed', '--out', '--distinct-scale', '--clones', '--json', '--timeout-ms', '--max-rows', '--scenario', '--answers']);
const BOOL_FLAGS = new Set(['--no-dataset', '--verbose', '-v']);

const ALLOWED: Record<Command, string[]> = {
  query: ['--dataset', '--no-dataset', '--engine', '--table', '--watchlist', '--externaldata', '--externaldata-dir', '--now', '--from', '--to', '--format', '--file', '--batch', '--timeout-ms', '--max-rows'],
  compile: ['--dataset', '--no-dataset', '--table', '--watchlist', '--externaldata', '--externaldata-dir', '--now', '--from', '--to', '--file', '--timeout-ms'],
  generate: ['--dataset', '--scale', '--seed', '--format', '--distinct-scale', '--clones', '--out'],
  conformance: ['--dataset', '--no-dataset', '--engine', '--externaldata', '--externaldata-dir', '--now', '--from', '--to', '--json', '--timeout-ms', '--max-rows', '--verbose', '-v'],
  pack: ['--dataset', '--engine', '--json', '--timeout-ms', '--verbose', '-v'],
  practice: ['--scenario', '--answers', '--format'],
};

/** Accepts `2024-05-20T00:00:00Z`, fractional seconds, `+00:00` offsets and plain dates. */
const ISO_RE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function positiveNumber(flag: string, v: string, integer: boolean): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new UsageError(`${flag} needs a positive ${integer ? 'integer' : 'number'}, got '${v}'`);
  }
  return n;
}

export function parseArgs(argv: string[]): Args {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') throw new UsageError(cmd ? '' : 'missing command');
  if (!(cmd in ALLOWED)) throw new UsageError(`unknown command '${cmd}'`);
  const command = cmd as Command;
  const args: Args = { command, noDataset: false, format: 'json', verbose: false, tables: [], externalData: [], externalDataDirs: [] };
  const positionals: string[] = [];
  const seen = new Set<string>();
  let onlyPositional = false;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (onlyPositional || !a.startsWith('-') || a === '-') {
      positionals.push(a);
      continue;
    }
    if (a === '--') {
      onlyPositional = true;
      continue;
    }
    if (a === '--help' || a === '-h') throw new UsageError('');
    let flag = a;
    let value: string | undefined;
    const eq = a.indexOf('=');
    if (a.startsWith('--') && eq > 0) {
      flag = a.slice(0, eq);
      value = a.slice(eq + 1);
    }
    if (!VALUE_FLAGS.has(flag) && !BOOL_FLAGS.has(flag)) throw new UsageError(`unknown option ${flag}`);
    if (!ALLOWED[command].includes(flag)) throw new UsageError(`option ${flag} does not apply to '${command}'`);
    if (seen.has(flag) && flag !== '--table' && flag !== '--watchlist' && flag !== '--externaldata' && flag !== '--externaldata-dir') throw new UsageError(`option ${flag} given twice`);
    seen.add(flag);
    if (BOOL_FLAGS.has(flag)) {
      if (value !== undefined) throw new UsageError(`option ${flag} takes no value`);
      if (flag === '--no-dataset') args.noDataset = true;
      else args.verbose = true;
      continue;
    }
    if (value === undefined) {
      if (i + 1 >= rest.length) throw new UsageError(`option ${flag} needs a value`);
      value = rest[++i];
    }
    switch (flag) {
      case '--table': {
        const eq2 = value.indexOf('=');
        const name = eq2 > 0 ? value.slice(0, eq2) : '';
        const file = eq2 > 0 ? value.slice(eq2 + 1) : '';
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || !file) throw new UsageError(`--table needs NAME=PATH with NAME an identifier, got '${value}'`);
        if (!/\.(csv|tsv|json|jsonl|ndjson|arrow|arrows|ipc|feather)$/i.test(file)) throw new UsageError(`--table ${name}: unsupported file type '${file}' (use .csv, .tsv, .json, .jsonl, .ndjson or .arrow)`);
        if (args.tables.some((t) => t.name.toLowerCase() === name.toLowerCase())) throw new UsageError(`--table ${name} given twice`);
        args.tables.push({ name, path: file });
        break;
      }
      case '--watchlist': {
        // ALIAS[:SEARCHKEY]=PATH: a CSV that _GetWatchlist('ALIAS') returns (search key: the first column unless named)
        const m = /^([A-Za-z0-9][A-Za-z0-9_-]{0,63})(?::([^=]+))?=(.+)$/.exec(value);
        if (!m) throw new UsageError(`--watchlist needs ALIAS=PATH or ALIAS:SEARCHKEYCOLUMN=PATH (ALIAS: letters, digits, _ and -), got '${value}'`);
        const [, alias, searchKey, file] = m;
        if (!/\.(csv|tsv)$/i.test(file)) throw new UsageError(`--watchlist ${alias}: a watchlist is a .csv or .tsv file, got '${file}'`);
        if (args.tables.some((t) => t.watchlist?.alias.toLowerCase() === alias.toLowerCase())) throw new UsageError(`--watchlist ${alias} given twice`);
        args.tables.push({ name: watchlistTableName(alias), path: file, watchlist: { alias, ...(searchKey !== undefined && { searchKey }) } });
        break;
      }
      case '--externaldata': {
        // URLs contain '=' (query strings): the path is what follows the last '='.
        const eq3 = value.lastIndexOf('=');
        const url = eq3 > 0 ? value.slice(0, eq3) : '';
        const file = eq3 > 0 ? value.slice(eq3 + 1) : '';
        if (!url || !file) throw new UsageError(`--externaldata needs URL=PATH, got '${value}'`);
        if (args.externalData.some((x) => x.url === url)) throw new UsageError(`--externaldata ${url} given twice`);
        args.externalData.push({ url, path: file });
        break;
      }
      case '--externaldata-dir':
        if (!value) throw new UsageError('--externaldata-dir needs a folder');
        args.externalDataDirs.push(value);
        break;
      case '--dataset':
        if (!value) throw new UsageError('--dataset needs a name or a path');
        args.dataset = value;
        break;
      case '--engine':
        if (value !== 'wasm' && value !== 'native' && value !== 'auto') throw new UsageError(`--engine must be wasm, native or auto, got '${value}'`);
        args.engine = value;
        break;
      case '--now':
        if (!ISO_RE.test(value) || Number.isNaN(Date.parse(value))) throw new UsageError(`--now needs an ISO-8601 time, got '${value}'`);
        args.now = value;
        break;
      case '--from':
      case '--to': {
        // an offset is turned into UTC here: the window is compared and shown in UTC
        if (!ISO_RE.test(value) || Number.isNaN(Date.parse(value))) throw new UsageError(`${flag} needs an ISO-8601 time, got '${value}'`);
        const utc = /[T ]\d{2}:\d{2}/.test(value) && !/(Z|[+-]\d{2}:?\d{2})$/.test(value) ? `${value.replace(' ', 'T')}Z` : value;
        args[flag === '--from' ? 'from' : 'to'] = new Date(utc).toISOString().replace('.000Z', 'Z');
        break;
      }
      case '--format':
        if (command === 'generate') {
          if (value !== 'duckdb' && value !== 'arrow') throw new UsageError(`--format for generate must be duckdb or arrow, got '${value}'`);
          args.datasetFormat = value;
          break;
        }
        if (value !== 'json' && value !== 'csv' && value !== 'table') throw new UsageError(`--format must be json, csv or table, got '${value}'`);
        args.format = value;
        args.formatGiven = true;
        break;
      case '--scenario':
        if (!/^[\w.-]+$/.test(value)) throw new UsageError(`--scenario needs a scenario id, got '${value}'`);
        args.scenario = value;
        break;
      case '--answers':
        args.answers = value;
        break;
      case '--file':
        args.file = value;
        break;
      case '--batch':
        args.batch = value;
        break;
      case '--scale':
        args.scale = positiveNumber(flag, value, false);
        break;
      case '--distinct-scale':
        args.distinctScale = positiveNumber(flag, value, false);
        break;
      case '--clones':
        if (value !== 'view' && value !== 'table') throw new UsageError(`--clones must be view or table, got '${value}'`);
        args.clones = value;
        break;
      case '--seed':
        if (!/^\d+$/.test(value)) throw new UsageError(`--seed needs a non-negative integer, got '${value}'`);
        args.seed = Number(value);
        break;
      case '--out':
        args.out = value;
        break;
      case '--json':
        args.json = value;
        break;
      case '--timeout-ms':
        args.timeoutMs = positiveNumber(flag, value, true);
        break;
      case '--max-rows':
        args.maxRows = positiveNumber(flag, value, true);
        break;
    }
  }
  if (args.dataset !== undefined && args.noDataset) throw new UsageError('--dataset and --no-dataset exclude each other');
  if ((args.from === undefined) !== (args.to === undefined)) throw new UsageError('--from and --to go together (the start and the end of the hunt)');
  if (args.from !== undefined && args.to !== undefined) {
    if (Date.parse(args.from) > Date.parse(args.to)) throw new UsageError(`--from ${args.from} is after --to ${args.to}`);
    args.hunt = { from: args.from, to: args.to };
  }
  if (command === 'pack') {
    const [sub, ...paths] = positionals;
    if (sub !== 'test' && sub !== 'validate') throw new UsageError(sub === undefined ? 'pack needs test or validate' : `unknown pack command '${sub}' (test or validate)`);
    if (!paths.length) throw new UsageError(`pack ${sub} needs at least one PATH`);
    args.packCommand = sub;
    args.paths = paths;
    return args;
  }
  if (command === 'practice') {
    const [sub, ...more] = positionals;
    if (sub !== 'list' && sub !== 'questions' && sub !== 'check' && sub !== 'verify') {
      throw new UsageError(sub === undefined ? 'practice needs list, questions, check or verify' : `unknown practice command '${sub}' (list, questions, check or verify)`);
    }
    if (more.length) throw new UsageError(`too many arguments: ${more.map((p) => JSON.stringify(p.slice(0, 40))).join(' ')}`);
    if ((sub === 'questions' || sub === 'check') && !args.scenario) throw new UsageError(`practice ${sub} needs --scenario ID`);
    if (sub === 'list' && args.scenario) throw new UsageError('practice list takes no --scenario');
    if (sub === 'check' && !args.answers) throw new UsageError('practice check needs --answers FILE.json');
    if (sub !== 'check' && args.answers) throw new UsageError(`option --answers does not apply to 'practice ${sub}'`);
    if ((sub === 'check' || sub === 'verify') && args.formatGiven) throw new UsageError(`option --format does not apply to 'practice ${sub}'`);
    if (args.formatGiven && args.format === 'csv') throw new UsageError('practice prints text or --format json');
    args.practiceCommand = sub;
    return args;
  }
  if (positionals.length > 1) throw new UsageError(`too many arguments: ${positionals.slice(1).map((p) => JSON.stringify(p.slice(0, 40))).join(' ')}`);
  args.positional = positionals[0];

  switch (command) {
    case 'query': {
      const sources = [args.positional !== undefined, args.file !== undefined, args.batch !== undefined].filter(Boolean).length;
      if (sources === 0) throw new UsageError('query needs QUERY, --file PATH or --batch PATH.jsonl');
      if (sources > 1) throw new UsageError('give only one of QUERY, --file and --batch');
      break;
    }
    case 'compile': {
      const sources = [args.positional !== undefined, args.file !== undefined].filter(Boolean).length;
      if (sources === 0) throw new UsageError('compile needs QUERY or --file PATH');
      if (sources > 1) throw new UsageError('give only one of QUERY and --file');
      break;
    }
    case 'generate':
      if (!args.dataset) throw new UsageError('generate needs --dataset NAME');
      if (!args.out) throw new UsageError('generate needs --out DIR');
      if (args.positional !== undefined) throw new UsageError('generate takes no positional argument');
      // without --clones every device is simulated, so a distinct scale alone would be ignored
      if (args.distinctScale !== undefined && args.clones === undefined) throw new UsageError('--distinct-scale needs --clones view|table');
      break;
    case 'conformance':
      if (args.positional === undefined) throw new UsageError('conformance needs DIR_OR_JSONL');
      break;
  }
  return args;
}
