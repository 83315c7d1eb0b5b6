/**
 * The huntbench query-pack format, version 1 (documented in docs/packs.md, JSON Schema in
 * src/packs/pack.schema.json). Plain data only: a pack survives JSON and structuredClone.
 */

export const PACK_FORMAT = 'huntbench-pack';
export const PACK_FORMAT_VERSION = 1;

/** A JSON value; a result cell may also hold a bigint (a long beyond 2^53 inside a dynamic value). */
export type JsonValue = null | boolean | number | bigint | string | JsonValue[] | { [k: string]: JsonValue };

/** Kusto scalar types a parameter or a fixture column may have. */
export const PARAM_TYPES = ['string', 'long', 'int', 'real', 'bool', 'datetime', 'timespan', 'dynamic', 'guid'] as const;
export type ParamType = (typeof PARAM_TYPES)[number];

/** MITRE ATT&CK enterprise tactics, spelled as Microsoft Sentinel spells them. */
export const TACTICS = [
  'Reconnaissance',
  'ResourceDevelopment',
  'InitialAccess',
  'Execution',
  'Persistence',
  'PrivilegeEscalation',
  'DefenseEvasion',
  'CredentialAccess',
  'Discovery',
  'LateralMovement',
  'Collection',
  'CommandAndControl',
  'Exfiltration',
  'Impact',
] as const;
export type Tactic = (typeof TACTICS)[number];

export interface PackParameter {
  /** A KQL identifier; the body uses it as a `let`-bound name. */
  name: string;
  type: ParamType;
  default: JsonValue;
  description?: string;
}

export interface FixtureColumn {
  name: string;
  type: ParamType;
}

/** An inline table: the test's query sees it instead of the dataset's table of that name. */
export interface FixtureTable {
  table: string;
  columns: FixtureColumn[];
  rows: JsonValue[][];
}

/** What a test checks; every given field must hold. */
export interface Expectation {
  nonEmpty?: boolean;
  empty?: boolean;
  rowCount?: number;
  minRows?: number;
  maxRows?: number;
  /** Exact output column names, in order. */
  columns?: string[];
  /** Exact rows (values as in `huntbench query --format json`). */
  rows?: JsonValue[][];
  /** With `rows`: false compares as a multiset (default true: order matters). */
  ordered?: boolean;
  /** Each of these rows must appear in the result. */
  contains?: JsonValue[][];
  /**
   * `sha256:<hex>` of the exact result rows (digest.ts): checks an answer without shipping it.
   * With `ordered: false` the rows are compared in any order.
   */
  rowsDigest?: string;
}

export interface PackTest {
  name: string;
  /** The dataset the test runs on (default: the pack's `dataset`, else `lab`). */
  dataset?: string;
  fixtures?: FixtureTable[];
  /** Parameter values for this test (others take their defaults). */
  parameters?: Record<string, JsonValue>;
  /** Pins now()/ago() (ISO-8601 UTC); default: the dataset's pinned time. */
  now?: string;
  expect: Expectation;
}

/** Microsoft Sentinel's entity mapping shape. */
export interface EntityMapping {
  entityType: string;
  fieldMappings: { identifier: string; columnName: string }[];
}

/** Sentinel `requiredDataConnectors` entry, kept so that an imported hunting query exports unchanged. */
export interface DataConnector {
  connectorId: string;
  dataTypes: string[];
}

export interface PackQuery {
  id: string;
  displayName: string;
  description?: string;
  body: string;
  tags?: string[];
  tactics?: Tactic[];
  techniques?: string[];
  requiredTables?: string[];
  parameters?: PackParameter[];
  entityMappings?: EntityMapping[];
  tests?: PackTest[];
  /** Log Analytics `related.categories`. */
  categories?: string[];
  dataConnectors?: DataConnector[];
  /** Free-text credit for a query adapted from elsewhere. */
  credit?: string;
  references?: string[];
  /** The query's own version (Sentinel `version`). */
  version?: string;
}

/**
 * A local copy of an externaldata URL carried inside the pack (an IOC list, a watch list), so that
 * a shared pack's queries run on the receiver's machine too: the query text keeps the URL, and the
 * copy stands in for it (as `--externaldata URL=PATH` or a picked file would). Never fetched.
 */
export interface PackAttachment {
  /** The URL exactly as the queries' externaldata names it. */
  url: string;
  /** A file name for the copy (shown, and used when it is saved as a file). */
  name: string;
  /** The file's text. */
  text: string;
  description?: string;
}

export interface Pack {
  format: typeof PACK_FORMAT;
  formatVersion: typeof PACK_FORMAT_VERSION;
  /** Stable identifier: the library stores packs by it. */
  id: string;
  name: string;
  version: string;
  author?: string;
  description?: string;
  licence?: string;
  /** Default dataset for the tests. */
  dataset?: string;
  credits?: string[];
  queries: PackQuery[];
  /** Local copies of the externaldata URLs the queries read (see PackAttachment). */
  attachments?: PackAttachment[];
}

/** A problem found in a pack, at a path like `queries[3].tests[0].expect.rowCount`. */
export interface PackIssue {
  path: string;
  message: string;
  /** 1-based position in the source text, when known. */
  line?: number;
  column?: number;
  severity: 'error' | 'warning';
}

export type PackResult = { ok: true; pack: Pack; warnings: PackIssue[] } | { ok: false; errors: PackIssue[]; warnings: PackIssue[] };

export const formatIssue = (i: PackIssue, file?: string): string =>
  `${file ? `${file}:` : ''}${i.line ? `${i.line}:${i.column}: ` : ''}${i.severity}: ${i.path ? `${i.path}: ` : ''}${i.message}`;
