/**
 * Process trees, rebuilt from DeviceProcessEvents by process key — DeviceId + ProcessId +
 * ProcessCreationTime, never the PID alone (Windows reuses PIDs; the lab does so on purpose).
 *
 * The engine does the searching: one query per ancestor step and one per descendant level, each a
 * filter on one key (several keys: one union leg per key) that the engine pushes into its scan, then
 * one union query for the activity (file, registry, network, DeviceEvents, image loads) of every
 * process in the tree. With `maxIndexRows`, the device's creation events are read in one query and
 * walked in memory instead (3 queries, but on a big time-ordered dataset that query reads the key
 * columns nearly everywhere: more bytes than the pushed steps). With the dataset's DeviceTimeline
 * (`index`), where a device's rows are together, that is the default: 2 queries, the creation events
 * and the activity. `buildProcessTree` assembles the rows
 * into nodes and copes with bad data: a missing parent (the node becomes a root, described from its
 * child's InitiatingProcess* columns when possible), duplicate rows, and parent cycles.
 */
import { DEVICE_TIMELINE } from '../catalog/device-timeline.ts';
import type { JsonValue } from '../engine/values.ts';
import { anyOf, type Card, dt, type KqlRunner, lng, num, type Row, rowsOf, str, text } from './kql.ts';

export interface ProcKey {
  deviceId: string;
  processId: number;
  /** ISO-8601 UTC, as the engine prints it. */
  creationTime: string;
}

export interface ProcRecord {
  key: ProcKey;
  fileName: string;
  folderPath: string;
  commandLine: string;
  sha1: string;
  accountName: string;
  logonId: number | null;
  integrityLevel: string;
  parent: ProcKey | null;
  parentFileName: string;
  /** Built from a child's InitiatingProcess* columns: this process has no creation event of its own. */
  stub?: boolean;
}

export interface Activity {
  time: string;
  table: string;
  actionType: string;
  summary: string;
  /** `actor`: the process did it; `target`: it was done to the process (e.g. injection). */
  role: 'actor' | 'target';
  row: Row;
}

export interface ProcNode {
  id: string;
  record: ProcRecord;
  children: ProcNode[];
  activity: Activity[];
  depth: number;
  /** The process the view was opened for (or an alert's evidence process). */
  focus: boolean;
  /** Why this node is a root although it has a parent key. */
  issue?: 'parent-missing' | 'cycle';
}

export interface ProcessTree {
  roots: ProcNode[];
  nodes: Map<string, ProcNode>;
  issues: string[];
}

/** Canonical time text: the fraction padded to 7 digits, so `…34.65Z` and `…34.650Z` are one key. */
export function timeKey(iso: string): string {
  const m = /^(.*?)(?:\.(\d+))?Z$/.exec(iso);
  if (!m) return iso;
  return `${m[1]}.${(m[2] ?? '').padEnd(7, '0').slice(0, 7)}Z`;
}

export function keyId(k: ProcKey): string {
  return `${k.deviceId.toLowerCase()}|${k.processId}|${timeKey(k.creationTime)}`;
}

function keyOf(deviceId: JsonValue, pid: JsonValue, time: JsonValue): ProcKey | null {
  const p = num(pid);
  if (typeof deviceId !== 'string' || !deviceId || p === null || typeof time !== 'string' || !time) return null;
  return { deviceId, processId: p, creationTime: time };
}

/** A DeviceProcessEvents row → the created process. */
export function recordFromRow(r: Row): ProcRecord | null {
  const key = keyOf(r.DeviceId, r.ProcessId, r.ProcessCreationTime);
  if (!key) return null;
  return {
    key,
    fileName: text(r.FileName),
    folderPath: text(r.FolderPath),
    commandLine: text(r.ProcessCommandLine),
    sha1: text(r.SHA1),
    accountName: text(r.AccountName),
    logonId: num(r.LogonId),
    integrityLevel: text(r.ProcessIntegrityLevel),
    parent: keyOf(r.DeviceId, r.InitiatingProcessId, r.InitiatingProcessCreationTime),
    parentFileName: text(r.InitiatingProcessFileName),
  };
}

/** Any device-table row → its actor process (InitiatingProcess*), marked as a stub. */
export function parentFromRow(r: Row): ProcRecord | null {
  const key = keyOf(r.DeviceId, r.InitiatingProcessId, r.InitiatingProcessCreationTime);
  if (!key) return null;
  return {
    key,
    fileName: text(r.InitiatingProcessFileName),
    folderPath: text(r.InitiatingProcessFolderPath),
    commandLine: text(r.InitiatingProcessCommandLine),
    sha1: text(r.InitiatingProcessSHA1),
    accountName: text(r.InitiatingProcessAccountName),
    logonId: num(r.InitiatingProcessLogonId),
    integrityLevel: text(r.InitiatingProcessIntegrityLevel),
    parent: keyOf(r.DeviceId, r.InitiatingProcessParentId, r.InitiatingProcessParentCreationTime),
    parentFileName: text(r.InitiatingProcessParentFileName),
    stub: true,
  };
}

/**
 * Assembles process records into a forest. Duplicate keys keep the first non-stub record; a record
 * whose parent is not among the records is a root (`parent-missing` when it names a parent that was
 * expected, i.e. `expectParents`); a parent link that would close a cycle is dropped (`cycle`).
 */
export function buildProcessTree(records: ProcRecord[], focus: ProcKey[] = [], activity: Activity[] = [], expectParents = false): ProcessTree {
  const nodes = new Map<string, ProcNode>();
  const issues: string[] = [];
  for (const r of records) {
    const id = keyId(r.key);
    const have = nodes.get(id);
    if (have && !(have.record.stub && !r.stub)) continue;
    nodes.set(id, { id, record: r, children: have?.children ?? [], activity: [], depth: 0, focus: false });
  }
  const focusIds = new Set(focus.map(keyId));
  for (const n of nodes.values()) n.focus = focusIds.has(n.id);
  const parentOf = new Map<string, string>();
  for (const n of nodes.values()) {
    const p = n.record.parent ? keyId(n.record.parent) : null;
    if (!p || !nodes.has(p)) {
      if (p && expectParents) n.issue = 'parent-missing';
      continue;
    }
    // would linking n under p make a loop? walk up from p
    let cur: string | undefined = p;
    let loop = false;
    for (let i = 0; cur && i <= nodes.size; i++) {
      if (cur === n.id) {
        loop = true;
        break;
      }
      cur = parentOf.get(cur);
    }
    if (loop) {
      n.issue = 'cycle';
      issues.push(`${n.record.fileName} (${n.record.key.processId}) names a parent that descends from it: the link was dropped.`);
      continue;
    }
    parentOf.set(n.id, p);
  }
  for (const n of nodes.values()) n.children = [];
  for (const [child, parent] of parentOf) nodes.get(parent)!.children.push(nodes.get(child)!);
  for (const a of activity) {
    const n = nodes.get(a.row.__key as string);
    if (n) n.activity.push(a);
  }
  const order = (a: ProcNode, b: ProcNode) =>
    timeKey(a.record.key.creationTime).localeCompare(timeKey(b.record.key.creationTime)) || a.record.key.processId - b.record.key.processId;
  const roots = [...nodes.values()].filter((n) => !parentOf.has(n.id)).sort(order);
  const setDepth = (n: ProcNode, d: number) => {
    n.depth = d;
    n.children.sort(order);
    n.activity.sort((a, b) => timeKey(a.time).localeCompare(timeKey(b.time)));
    for (const c of n.children) setDepth(c, d + 1);
  };
  for (const r of roots) setDepth(r, 0);
  return { roots, nodes, issues };
}

/** Nodes in display order (pre-order), for tests and flat rendering. */
export function flatten(tree: ProcessTree): ProcNode[] {
  const out: ProcNode[] = [];
  const walk = (n: ProcNode) => {
    out.push(n);
    for (const c of n.children) walk(c);
  };
  for (const r of tree.roots) walk(r);
  return out;
}

// ------------------------------------------------------------------------------------- queries

const PROC_COLUMNS =
  'Timestamp, DeviceId, DeviceName, ActionType, FileName, FolderPath, SHA1, ProcessId, ProcessCreationTime, ProcessCommandLine, ProcessIntegrityLevel, AccountName, LogonId, InitiatingProcessId, InitiatingProcessCreationTime, InitiatingProcessFileName, InitiatingProcessFolderPath, InitiatingProcessCommandLine, InitiatingProcessSHA1, InitiatingProcessAccountName, InitiatingProcessLogonId, InitiatingProcessIntegrityLevel, InitiatingProcessParentId, InitiatingProcessParentCreationTime, InitiatingProcessParentFileName';

/**
 * Up to this many keys, a disjunction of keys is one chain of `or`s. Its syntax is as deep as it is
 * long and the parser refuses a query nested deeper than 500 (KS245: a tree of about 600 processes
 * failed), so more keys are split in halves, each parenthesized: the same disjunction, nested about
 * log2(keys / 64) levels more than a chain of 64.
 */
const OR_CHAIN_KEYS = 64;

function keyPred(keys: ProcKey[], pid: string, time: string): string {
  if (keys.length > OR_CHAIN_KEYS) {
    const mid = Math.ceil(keys.length / 2);
    return `(${keyPred(keys.slice(0, mid), pid, time)} or ${keyPred(keys.slice(mid), pid, time)})`;
  }
  return anyOf(keys.map((k) => `(${pid} == ${lng(k.processId)} and ${time} == ${dt(k.creationTime)})`));
}

/**
 * What a walk step reads of a creation event: a process record's columns (recordFromRow) and what
 * the ancestor walk needs of a parent described by its child (stubFrom: its session and its own
 * parent). A stub's other columns (the parent's path, command line, hashes…) are read afterwards,
 * for the tree's stubs only. Each column costs about a block of the device's rows on a big dataset.
 */
const STEP_COLUMNS =
  'DeviceId, FileName, FolderPath, SHA1, ProcessId, ProcessCreationTime, ProcessCommandLine, ProcessIntegrityLevel, AccountName, LogonId, InitiatingProcessId, InitiatingProcessCreationTime, InitiatingProcessFileName, InitiatingProcessLogonId, InitiatingProcessParentId, InitiatingProcessParentCreationTime';

/** The creation events of the given processes (one device); `columns`: all the tree shows by default. */
export function processRowsKql(deviceId: string, keys: ProcKey[], columns = PROC_COLUMNS, source: StepSource = 'table'): string {
  return byKeys(deviceId, keys, 'ProcessId', 'ProcessCreationTime', `| project ${columns}`, '', source);
}

/** The processes created by the given processes (one device): one level of descendants. */
export function childrenKql(deviceId: string, parents: ProcKey[], limit = 500, columns = PROC_COLUMNS, source: StepSource = 'table'): string {
  return byKeys(deviceId, parents, 'InitiatingProcessId', 'InitiatingProcessCreationTime', `| project ${columns}`, `\n| take ${lng(limit)}`, source);
}

/** Up to this many keys, one union leg per key (each leg's filter is pushed into the scan). */
const MAX_KEY_LEGS = 32;

/**
 * DeviceProcessEvents rows of one device matching any of the keys on (pid, time). A key's filter
 * is a conjunction of comparisons, which the engine pushes into its scan (it reads the other
 * columns only where the key is); a disjunction of keys is evaluated after the scan, on every
 * column read in full. So: one union leg per key, or, past MAX_KEY_LEGS keys, the disjunction
 * behind a pushed filter on the span of the keys' times.
 */
/**
 * Where a step reads creation events: `table`, DeviceProcessEvents; `index`, its rows in the
 * dataset's DeviceTimeline (catalog/device-timeline.ts: it holds STEP_COLUMNS, and a device's rows
 * of all seven event tables are together, so the steps and the activity read the same blocks).
 * The index gives a step's rows in (Timestamp, Table, ReportId) order, the table in its stored
 * order: the same tree when no two creation events share a key and no level passes the limit.
 */
export type StepSource = 'table' | 'index';

function byKeys(deviceId: string, keys: ProcKey[], pid: string, time: string, project: string, tail = '', source: StepSource = 'table'): string {
  const from = source === 'index' ? DEVICE_TIMELINE : 'DeviceProcessEvents';
  const dev = source === 'index' ? `DeviceId == ${str(deviceId)} and Table == "DeviceProcessEvents"` : `DeviceId == ${str(deviceId)}`;
  if (keys.length > 1 && keys.length <= MAX_KEY_LEGS) {
    const legs = keys.map((k) => `(${from}\n    | where ${dev} and ${pid} == ${lng(k.processId)} and ${time} == ${dt(k.creationTime)}\n    ${project})`);
    return `union\n    ${legs.join(',\n    ')}${tail}`;
  }
  const where = keys.length === 1 ? `${dev} and ${pid} == ${lng(keys[0].processId)} and ${time} == ${dt(keys[0].creationTime)}` : `${dev} and ${spanPred(keys, time)}\n| where ${keyPred(keys, pid, time)}`;
  return `${from}\n| where ${where}\n${project}${tail}`;
}

const ACTIVITY_TABLES = 'DeviceFileEvents, DeviceRegistryEvents, DeviceNetworkEvents, DeviceEvents, DeviceImageLoadEvents';

/** The activity tables whose rows the tree shows without their AdditionalFields (summarizeActivity). */
const PLAIN_ACTIVITY_TABLES = 'DeviceFileEvents, DeviceRegistryEvents, DeviceNetworkEvents, DeviceImageLoadEvents';
/**
 * What an activity row shows (summarizeActivity), the keys that place it in the tree, and its
 * ReportId (the row's identity in its table with the DeviceId and Timestamp: the sort's last key).
 */
const ACTIVITY_COLUMNS =
  'Timestamp, Table, ReportId, ActionType, InitiatingProcessId, InitiatingProcessCreationTime, InitiatingProcessFileName, ProcessId, ProcessCreationTime, FileName, FolderPath, RegistryKey, RegistryValueName, RegistryValueData, RemoteIP, RemotePort, RemoteUrl, AdditionalFields';

/** The end of both activity queries: the columns, one order for rows at the same time (Table, ReportId), the cap. */
const ACTIVITY_TAIL = (limit: number) => `| project ${ACTIVITY_COLUMNS}
| sort by Timestamp asc, Table asc, ReportId asc
| take ${limit}`;

/**
 * What the given processes did (as actor) and what was done to them (DeviceEvents targets: the only
 * activity table with ProcessId; its rows where the process is also the actor are in the actor
 * leg). Each leg filters on the span of the keys' creation times first, so the engine reads the
 * other columns only around the tree's processes; and each reads only the columns the tree shows
 * (AdditionalFields only from DeviceEvents, the one table whose summary shows it): on a big dataset
 * every column a leg names is read for all the device's rows.
 */
export function activityKql(deviceId: string, keys: ProcKey[], limit = 2000): string {
  const actor = keyPred(keys, 'InitiatingProcessId', 'InitiatingProcessCreationTime');
  const dev = `DeviceId == ${str(deviceId)}`;
  return `union
    (union withsource=Table ${PLAIN_ACTIVITY_TABLES}
    | where ${dev} and ${spanPred(keys, 'InitiatingProcessCreationTime')}
    | where ${actor}
    | extend AdditionalFields = ""),
    (DeviceEvents
    | where ${dev} and ${spanPred(keys, 'InitiatingProcessCreationTime')}
    | where ${actor}
    | extend Table = "DeviceEvents", AdditionalFields = tostring(AdditionalFields)),
    (DeviceEvents
    | where ${dev} and ${spanPred(keys, 'ProcessCreationTime')}
    | where ${keyPred(keys, 'ProcessId', 'ProcessCreationTime')}
    | where not(isnotnull(InitiatingProcessId) and isnotnull(InitiatingProcessCreationTime) and ${actor})
    | extend Table = "DeviceEvents", AdditionalFields = tostring(AdditionalFields))
${ACTIVITY_TAIL(limit)}`;
}

/**
 * activityKql's rows, read from the dataset's DeviceTimeline (catalog/device-timeline.ts: the event
 * tables' rows narrowed to the columns the activity shows, one device's rows together) in ONE scan
 * of the device's rows: activityKql's three legs are disjoint (the third keeps the DeviceEvents
 * targets whose actor is not a key: `not(… and actor)` is true where the actor test is false or
 * null), so their union is the rows where the actor test holds, or, in DeviceEvents, the target
 * test: `actor or (Table == "DeviceEvents" and target)` (a row is kept where the test is true, as
 * in each leg). The span filters only narrow the rows the key tests see. AdditionalFields is
 * converted to text for the DeviceEvents rows kept, empty for the others (as the legs do).
 */
export function activityFromIndexKql(deviceId: string, keys: ProcKey[], limit = 2000): string {
  const actor = keyPred(keys, 'InitiatingProcessId', 'InitiatingProcessCreationTime');
  const target = keyPred(keys, 'ProcessId', 'ProcessCreationTime');
  const tables = PLAIN_ACTIVITY_TABLES.split(', ')
    .concat('DeviceEvents')
    .map((t) => str(t))
    .join(', ');
  return `${DEVICE_TIMELINE}
| where DeviceId == ${str(deviceId)} and Table in (${tables})
| where ${spanPred(keys, 'InitiatingProcessCreationTime')} or (Table == "DeviceEvents" and ${spanPred(keys, 'ProcessCreationTime')})
| where ${actor} or (Table == "DeviceEvents" and ${target})
| extend AdditionalFields = iff(Table == "DeviceEvents", tostring(AdditionalFields), "")
${ACTIVITY_TAIL(limit)}`;
}

export function summarizeActivity(r: Row): string {
  const t = text(r.Table);
  const a = text(r.ActionType);
  const extra = text(r.AdditionalFields);
  const af = extra && extra !== 'null' && extra !== '{}' ? ` ${extra}` : '';
  switch (t) {
    case 'DeviceFileEvents':
      return `${a} ${text(r.FolderPath) || text(r.FileName)}`;
    case 'DeviceRegistryEvents':
      return `${a} ${text(r.RegistryKey)}${r.RegistryValueName ? ` \\ ${text(r.RegistryValueName)}` : ''}${r.RegistryValueData ? ` = ${text(r.RegistryValueData)}` : ''}`;
    case 'DeviceNetworkEvents':
      return `${a} ${text(r.RemoteIP)}:${text(r.RemotePort)}${r.RemoteUrl ? ` (${text(r.RemoteUrl)})` : ''}`;
    case 'DeviceImageLoadEvents':
      return `${a} ${text(r.FolderPath) || text(r.FileName)}`;
    default: {
      const target = r.ProcessId !== null && r.ProcessId !== undefined ? ` → ${text(r.FileName)} (${text(r.ProcessId)})` : r.FileName ? ` ${text(r.FileName)}` : '';
      return `${a}${target}${af}`;
    }
  }
}

export interface ProcessTreeView {
  tree: ProcessTree;
  focus: ProcKey[];
  /** Name of the parent outside the logon session (the ancestor walk stops there). */
  sessionParent?: string;
  card: Card<ProcessTree>;
  /** Every query that was run, in order. */
  queries: string[];
  found: boolean;
}

export interface TreeOptions {
  maxAncestors?: number;
  maxDepth?: number;
  maxNodes?: number;
  /**
   * When set: up to this many process creation events on the device are read in one query and the
   * tree is walked in memory (a busier device is walked with one query per step, the default
   * without `index`; with it, INDEX_WALK_ROWS; 0: per step).
   */
  maxIndexRows?: number;
  /**
   * The dataset has DeviceTimeline (catalog/device-timeline.ts): the steps (StepSource) and the
   * activity are read from it, the device's creation events in one query walked in memory (up to
   * `maxIndexRows`), the activity in one scan (the card still shows the queries over the event tables).
   */
  index?: boolean;
}

/** Where the walk finds creation events: the rows the engine returns, in the engine's order. */
interface ProcessSource {
  /**
   * `walk`: the rows carry only WALK_COLUMNS, the tree's full rows are read afterwards; `steps`:
   * they carry STEP_COLUMNS, complete for a process record, and only the stubs' child rows are read
   * afterwards (step 3b).
   */
  narrow: 'walk' | 'steps';
  /** The creation events of the given processes. */
  processRows(keys: ProcKey[]): Promise<Row[]>;
  /** The processes the given processes created (one level), at most `limit` rows. */
  children(parents: ProcKey[], limit: number): Promise<Row[]>;
}

/**
 * What the walk needs of a creation event: the keys (its own, its parent's and grandparent's), the
 * logon session and the names. The long columns (command lines, paths, hashes) are read for the
 * tree's processes only.
 */
const WALK_COLUMNS =
  'DeviceId, ProcessId, ProcessCreationTime, LogonId, FileName, InitiatingProcessId, InitiatingProcessCreationTime, InitiatingProcessLogonId, InitiatingProcessFileName, InitiatingProcessParentId, InitiatingProcessParentCreationTime';

/** Every process creation event on one device (the walk's columns), capped (`take`), in the engine's order. */
export function deviceProcessesKql(deviceId: string, limit: number): string {
  return `DeviceProcessEvents
| where DeviceId == ${str(deviceId)}
| project ${WALK_COLUMNS}
| take ${lng(limit)}`;
}

/**
 * Every creation event of one device in the dataset's DeviceTimeline, with the steps' columns
 * (complete process records), capped (`take`), in the table's stored order: the order in which the
 * per-step queries on it return them (processRowsKql with source `index`).
 */
export function deviceProcessesFromIndexKql(deviceId: string, limit: number): string {
  return `${DEVICE_TIMELINE}
| where DeviceId == ${str(deviceId)} and Table == "DeviceProcessEvents"
| project ${STEP_COLUMNS}
| take ${lng(limit)}`;
}

/**
 * With DeviceTimeline (TreeOptions.index), up to this many creation events on the device are read
 * in one query and walked in memory: a device's rows are together there, so that query reads about
 * what the per-step queries read, once (the steps cost a query each).
 */
export const INDEX_WALK_ROWS = 20_000;

/** `between` over the span of the keys' creation times (lets the engine skip the rest of the table). */
function spanPred(keys: ProcKey[], column: string): string {
  const ts = keys.map((k) => timeKey(k.creationTime)).sort();
  if (!ts.length) return 'false';
  const lo = keys.find((k) => timeKey(k.creationTime) === ts[0])!.creationTime;
  const hi = keys.find((k) => timeKey(k.creationTime) === ts[ts.length - 1])!.creationTime;
  return `${column} between (${dt(lo)} .. ${dt(hi)})`;
}

/**
 * The key of a row's columns as the engine compares them: process id, and the time to the
 * microsecond (the engine's precision; \`timeKey\` pads to 100 ns).
 */
function rowKey(pid: JsonValue, time: JsonValue): string | null {
  const p = num(pid);
  if (p === null || typeof time !== 'string' || !time) return null;
  return `${p}|${timeKey(time).slice(0, -2)}`;
}
const procKey = (k: ProcKey) => `${k.processId}|${timeKey(k.creationTime).slice(0, -2)}`;

/**
 * The device's creation events in one query (then filtered in memory, in the engine's row order,
 * exactly as the per-step queries would return them), or, past \`maxRows\`, one query per step.
 */
async function processSource(q: (kql: string) => Promise<Row[]>, deviceId: string, maxRows: number, source: StepSource = 'table'): Promise<ProcessSource> {
  const perStep: ProcessSource = {
    narrow: 'steps',
    processRows: (keys) => q(processRowsKql(deviceId, keys, STEP_COLUMNS, source)),
    children: (parents, limit) => q(childrenKql(deviceId, parents, limit, STEP_COLUMNS, source)),
  };
  if (maxRows <= 0) return perStep;
  const all = await q(source === 'index' ? deviceProcessesFromIndexKql(deviceId, maxRows + 1) : deviceProcessesKql(deviceId, maxRows + 1));
  if (all.length > maxRows) return perStep;
  // the rows' positions by key, per key column pair (built once: a walk picks many times)
  const byKey = new Map<string, Map<string, number[]>>();
  const positions = (pid: string, time: string) => {
    let m = byKey.get(pid);
    if (!m) {
      m = new Map();
      for (let i = 0; i < all.length; i++) {
        const k = rowKey(all[i][pid], all[i][time]);
        if (k === null) continue;
        const at = m.get(k);
        if (at) at.push(i);
        else m.set(k, [i]);
      }
      byKey.set(pid, m);
    }
    return m;
  };
  // the rows of the given keys, in the engine's row order, up to `limit`
  const pick = (keys: ProcKey[], pid: string, time: string, limit = Infinity) => {
    const m = positions(pid, time);
    const at = [...new Set(keys.map(procKey))].flatMap((k) => m.get(k) ?? []).sort((a, b) => a - b);
    return at.slice(0, limit).map((i) => all[i]);
  };
  return {
    // the index's rows carry the steps' columns: complete records, only the stubs' rows are read after
    narrow: source === 'index' ? 'steps' : 'walk',
    processRows: async (keys) => pick(keys, 'ProcessId', 'ProcessCreationTime'),
    children: async (parents, limit) => pick(parents, 'InitiatingProcessId', 'InitiatingProcessCreationTime', limit),
  };
}

/**
 * Loads the tree around `focus` (processes of one device): ancestors up to the root of the focal
 * process's logon session, and all descendants of the topmost focal process.
 */
export async function loadProcessTree(run: KqlRunner, focus: ProcKey[], opts: TreeOptions = {}): Promise<ProcessTreeView> {
  const maxAnc = opts.maxAncestors ?? 12;
  const maxDepth = opts.maxDepth ?? 12;
  const maxNodes = opts.maxNodes ?? 1500;
  const maxIndexRows = opts.maxIndexRows ?? (opts.index ? INDEX_WALK_ROWS : 0);
  const deviceId = focus[0].deviceId;
  const queries: string[] = [];
  const q = async (kql: string) => {
    queries.push(kql);
    return rowsOf(await run(kql));
  };
  const records = new Map<string, ProcRecord>();
  /** The creation-event row each record came from (its InitiatingProcess* columns describe the parent). */
  const sourceRow = new Map<string, Row>();
  const fromRow = (row: Row) => {
    const rec = recordFromRow(row);
    if (rec) sourceRow.set(keyId(rec.key), row);
    return rec;
  };
  /** Stubs described by a walk or step row (narrow): the child row they came from, read in full later. */
  const stubChild = new Map<string, Row>();
  const stubFrom = (childRow: Row) => {
    const st = parentFromRow(childRow);
    if (st && src.narrow && !stubChild.has(keyId(st.key))) stubChild.set(keyId(st.key), childRow);
    return st;
  };
  const add = (r: ProcRecord | null) => {
    if (!r) return;
    const id = keyId(r.key);
    const have = records.get(id);
    if (!have || (have.stub && !r.stub)) records.set(id, r);
  };

  // 0. the device's process creation events, in one query when there are not too many of them;
  // else one query per step (the same rows, found by the engine)
  const src = await processSource(q, deviceId, maxIndexRows, opts.index ? 'index' : 'table');

  // 1. the focal processes; a focal process without a creation event is described by its children
  const focalRows = await src.processRows(focus);
  for (const r of focalRows) add(fromRow(r));
  const missing = focus.filter((k) => !records.has(keyId(k)));
  if (missing.length) {
    for (const r of await src.children(missing, 1)) add(stubFrom(r));
    if (missing.some((k) => !records.has(keyId(k)))) {
      // last resort: any activity row where it is the actor
      for (const r of await q(`union ${ACTIVITY_TABLES}\n| where DeviceId == ${str(deviceId)}\n| where ${keyPred(missing, 'InitiatingProcessId', 'InitiatingProcessCreationTime')}\n| take 1`))
        add(parentFromRow(r));
    }
  }
  const found = focus.some((k) => records.has(keyId(k)));
  if (!found) {
    const tree = buildProcessTree([]);
    return { tree, focus, card: { id: 'tree', title: 'Process tree', kql: queries[0], data: tree }, queries, found };
  }

  // 2. ancestors: follow the parent key while the parent is in the focal process's logon session
  // (from the earliest focal process: an alert's evidence processes are usually one chain)
  const focalRec = focus
    .map((k) => records.get(keyId(k)))
    .filter((r): r is ProcRecord => !!r)
    .sort((a, b) => timeKey(a.key.creationTime).localeCompare(timeKey(b.key.creationTime)))[0];
  const session = focalRec.logonId;
  let sessionParent: string | undefined;
  let cur: ProcRecord | undefined = focalRec;
  let climbed = 0;
  for (; cur?.parent && climbed < maxAnc; climbed++) {
    const pid = keyId(cur.parent);
    let parent = records.get(pid);
    if (!parent || parent.stub) {
      const rows = await src.processRows([cur.parent]);
      const rec = rows.length ? fromRow(rows[0]) : null;
      if (rec) parent = rec;
    }
    if (!parent) {
      // no creation event: describe it from the child's InitiatingProcess* columns
      const childRow = sourceRow.get(keyId(cur.key));
      parent = childRow ? (stubFrom(childRow) ?? undefined) : undefined;
      if (!parent) break;
    }
    if (session !== null && parent.logonId !== null && parent.logonId !== session) {
      sessionParent = parent.fileName || undefined;
      break;
    }
    add(parent);
    cur = parent;
  }

  // a walk stopped by a limit says so on the tree (what lies beyond is not shown, not absent)
  const limits: string[] = [];
  if (climbed === maxAnc && cur?.parent && sessionParent === undefined) limits.push(`The walk up stopped after ${maxAnc} ${maxAnc === 1 ? 'ancestor' : 'ancestors'}: older ancestors in the session, if any, are not shown.`);

  // 3. descendants, level by level, from every focal process
  let frontier = focus.filter((k) => records.has(keyId(k)));
  const seen = new Set(frontier.map(keyId));
  for (let depth = 0; frontier.length && depth < maxDepth && records.size < maxNodes; depth++) {
    const rows = await src.children(frontier, maxNodes);
    const next: ProcKey[] = [];
    for (const r of rows) {
      const rec = fromRow(r);
      if (!rec) continue;
      const id = keyId(rec.key);
      if (seen.has(id)) continue;
      seen.add(id);
      add(rec);
      next.push(rec.key);
    }
    frontier = next;
  }
  if (frontier.length) {
    limits.push(
      records.size >= maxNodes
        ? `The tree stops at ${maxNodes.toLocaleString('en-US')} processes: further descendants, if any, are not shown.`
        : `The tree stops ${maxDepth} ${maxDepth === 1 ? 'level' : 'levels'} below the focal process: deeper descendants, if any, are not shown.`,
    );
  }

  // 3b. the walk read the walk's columns only: the tree's processes in full (the steps' rows are
  // complete but for stubs: only the stubs' child rows), in one query over the span of their
  // creation times (the first row of each key, as the walk took it)
  const want: ProcKey[] = [];
  for (const [id, rec] of records) {
    if (!rec.stub) {
      if (src.narrow === 'walk') want.push(rec.key);
      continue;
    }
    const row = stubChild.get(id);
    const k = row ? keyOf(row.DeviceId, row.ProcessId, row.ProcessCreationTime) : null;
    if (k) want.push(k);
  }
  if (want.length) {
    const first = new Map<string, Row>();
    for (const r of await q(processRowsKql(deviceId, want))) {
      const k = rowKey(r.ProcessId, r.ProcessCreationTime);
      if (k !== null && !first.has(k)) first.set(k, r);
    }
    for (const [id, rec] of records) {
      if (!rec.stub && src.narrow !== 'walk') continue;
      const child = rec.stub ? stubChild.get(id) : undefined;
      const ck = rec.stub ? (child ? rowKey(child.ProcessId, child.ProcessCreationTime) : null) : procKey(rec.key);
      const row = ck === null ? undefined : first.get(ck);
      const full = row ? (rec.stub ? parentFromRow(row) : recordFromRow(row)) : null;
      if (full) records.set(id, full);
    }
  }

  // 4. activity of every process in the tree
  // in creation order: the card's queries are the same whatever order the walk found the processes in
  const keys = [...records.values()]
    .map((r) => r.key)
    .sort((a, b) => timeKey(a.creationTime).localeCompare(timeKey(b.creationTime)) || a.processId - b.processId);
  const actKql = activityKql(deviceId, keys);
  const actRows = await q(opts.index ? activityFromIndexKql(deviceId, keys) : actKql);
  const ids = new Set(records.keys());
  const activity: Activity[] = [];
  for (const r of actRows) {
    const actor = keyOf(deviceId, r.InitiatingProcessId, r.InitiatingProcessCreationTime);
    const target = keyOf(deviceId, r.ProcessId, r.ProcessCreationTime);
    const base = { time: text(r.Timestamp), table: text(r.Table), actionType: text(r.ActionType), summary: summarizeActivity(r) };
    if (actor && ids.has(keyId(actor))) activity.push({ ...base, role: 'actor', row: { ...r, __key: keyId(actor) } });
    if (target && ids.has(keyId(target)) && text(r.Table) === 'DeviceEvents') {
      activity.push({ ...base, summary: `${text(r.ActionType)} by ${text(r.InitiatingProcessFileName)} (${text(r.InitiatingProcessId)})`, role: 'target', row: { ...r, __key: keyId(target) } });
    }
  }
  const tree = buildProcessTree([...records.values()], focus, activity, false);
  tree.issues.push(...limits);
  const kql = `// Process tree on device ${deviceId}: processes are keyed by (ProcessId, ProcessCreationTime);
// a child names its parent by (InitiatingProcessId, InitiatingProcessCreationTime).
// The view ran ${queries.length} queries; these two reproduce its nodes and their activity.
${processRowsKql(deviceId, keys)}
| sort by ProcessCreationTime asc

${actKql}`;
  return { tree, focus, sessionParent, card: { id: 'tree', title: 'Process tree', kql, data: tree }, queries, found };
}
