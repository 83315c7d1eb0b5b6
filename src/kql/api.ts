/**
 * The compiler's public contract: plain, serialisable data only (it crosses a worker boundary).
 */
import type { Catalog, KqlType } from '../catalog/types.ts';

export type { Catalog, KqlType };

export interface Diagnostic {
  /** `KS###` from the official parser/analyzer, `HB###` from huntbench. */
  code: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** 0-based character offsets into the query text, end exclusive. */
  start: number;
  end: number;
  /** 1-based line and column of `start`. */
  line: number;
  column: number;
}

/**
 * How a result column's values are laid out in DuckDB, so that results can be turned back into
 * Kusto values. `json` means a VARCHAR holding JSON text (used for dynamic values whose shape is
 * not known when compiling, e.g. parse_json() of a string column).
 */
export type SqlShape =
  /**
   * `int128`: a decimal carried exactly as a DuckDB HUGEINT (parse_version()'s whole numbers of up
   * to 32 digits), where other decimals are DOUBLE; only compared, sorted, grouped and shown
   * (lower/families/strings.ts, refuseInt128Use).
   */
  | { k: 'scalar'; t: Exclude<KqlType, 'dynamic'>; int128?: true }
  | { k: 'json' }
  | { k: 'null' }
  | { k: 'list'; of: SqlShape }
  | { k: 'struct'; fields: { name: string; shape: SqlShape }[] }
  | { k: 'map'; value: SqlShape }
  /**
   * The state of hll() / tdigest() (lower/families/sketches.ts): huntbench's own exact sketch (the
   * distinct values; the values, with their weights when `weighted`), never Kusto's binary state,
   * so it is only stored and read by the sketch functions (anything else is HB111). `of` is the
   * shape of the values; `accuracy` the hll accuracy level (sketches of different levels do not merge).
   */
  | { k: 'sketch'; sketch: 'hll' | 'tdigest'; of: SqlShape; accuracy?: number; weighted?: boolean };

export interface OutputColumn {
  /** The exact Kusto column name. The SQL result's columns come in the same order. */
  name: string;
  type: KqlType;
  shape: SqlShape;
}

export interface RenderHint {
  visualization: string;
  properties: Record<string, string | string[]>;
}

export interface CompileOptions {
  catalog: Catalog | null;
  /** Pinned value of now() (ISO-8601 UTC). Defaults to the catalog's `now`, then the clock. */
  now?: string;
  /** Local copies of the URLs that `externaldata` names: URL → file text. Nothing is ever fetched. */
  externalData?: Record<string, string>;
  /**
   * First-pass answers: for each probe a compile asked for (`CompileResult.probe`), keyed by its
   * `key`, the values its SQL returned (first column, as text). See `compileWithProbes`.
   */
  probeValues?: Record<string, (string | null)[]>;
  /**
   * The time range Microsoft Sentinel's hunting placeholders `{{StartTimeISO}}` and
   * `{{EndTimeISO}}` stand for in string literals (ISO-8601 UTC; lower/placeholders.ts): the
   * workbench's time range or the CLI's `--from`/`--to`. Default: the 30 days before `now`.
   */
  huntWindow?: { from: string; to: string };
}

export interface CompileResult {
  ok: boolean;
  diagnostics: Diagnostic[];
  /** With HB140: the externaldata URLs that have no local copy yet. */
  missingExternalData?: string[];
  /** With HB141: the watchlist alias `_GetWatchlist` names that is not loaded. */
  missingWatchlist?: string;
  sql?: string;
  columns?: OutputColumn[];
  render?: RenderHint;
  /**
   * One entry per pipeline stage of the last statement, for "Explain". A first pass the compile
   * used (evaluate pivot's distinct values) is a stage of its own, just before the stage it serves.
   */
  stages?: { label: string; start: number; end: number; sql: string }[];
  /**
   * With HB133: a first pass is needed. Run `sql` on the engine (first column, as text) and
   * compile again with the values under `probeValues[key]`; with `host`, also the host function's
   * answers for those values under `probeValues[host.key]` (kql/host `answerProbe` does both).
   */
  probe?: { key: string; sql: string; label: string; host?: { fn: string; key: string } };
}
