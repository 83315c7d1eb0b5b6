/**
 * The file page (`#/file/<hash>`): everything the tables say about one file, found by any of its
 * hashes. Not every row carries every hash (SHA256 is often empty, MD5 is missing from some tables),
 * so the page first resolves the hash to its siblings (SHA1/SHA256/MD5 seen together on any row,
 * as the file itself or as an InitiatingProcess image) and then searches all of them.
 *
 * On a big dataset the cost of this page is the hash columns it reads: the identity query reads
 * one hash column per table (the searched hash's kind), and one query finds the file's rows once
 * and summarizes them for the four cards (names, devices, timeline, activity). The small side
 * tables (profile, certificate, alerts, mail) have their own queries.
 *
 * A dataset written as a DuckDB file has an index of its hashes (catalog/file-hash-index.ts): with
 * it (`{ index: true }`), the page first reads from the index which tables and devices hold the
 * hash (then its siblings), and the two big queries search only those tables, each device apart
 * (`DeviceId == …` beside the hash filter; a scope, HashScope). They give the same rows as the
 * full searches: the index lists every (table, device) that holds a hash.
 */
import { ACTIVITY_HASH_TABLES, ACTOR_HASH_TABLES, FILE_HASH_INDEX, FILE_HASH_TABLES, HASH_KINDS, type HashRole, hashKey, MAIL_HASH_TABLES } from '../catalog/file-hash-index.ts';
import { anyOf, type Card, card, type KqlRunner, lng, type Row, rowsOf, str, text } from './kql.ts';
import { hashKind } from './routes.ts';

export interface FileHashes {
  SHA1: string;
  SHA256: string;
  MD5: string;
}

/**
 * Where a hash search looks, read from the index: for each `role:Table:HashKey` (scopeKey) that
 * holds the hash, its devices (sorted; `apart`: searched one device at a time), or `all` (rows
 * without a DeviceId or with an empty one, which the results do not tell apart, or more devices
 * than `maxDevices`). A table missing from the scope holds none of the hashes. No scope (null):
 * every table, in full.
 */
export type HashScope = Map<string, { devices: string[]; apart: boolean } | 'all'>;

export interface ScopeLimits {
  /**
   * Up to this many devices a table is searched one device at a time (`DeviceId == …`, which the
   * engine checks vector by vector); above, with `DeviceId in (…)`, which it checks only against
   * the row groups' ranges, reading every row between the lowest and the highest device. Default 4.
   */
  deviceLegs?: number;
  /** Above this many devices a table is searched in full (a long `in` list gains little there). Default 64. */
  maxDevices?: number;
}

/**
 * The index rows of a hash: the tables and devices that hold it. One key per query: the engine
 * checks `HashKey == …` against each row group's range and reads one row group of the index;
 * with `in (…)` it would read every row group between the lowest and the highest key.
 */
export function scopeKql(hash: string): string {
  return `// where the hash occurs: the tables and devices the index lists for it (${FILE_HASH_INDEX}, keyed by the hash's first hex digits)
${FILE_HASH_INDEX}
| where HashKey == ${hashKey(hash)}
| distinct HashKey, Table, Role, DeviceId, Lead`;
}

export function scopeKey(role: HashRole | string, table: string, hash: string): string {
  return `${role}:${table}:${hashKey(hash)}`;
}

/**
 * The scope of the index rows `rows` (scopeKql's). `lead`: only where the hash leads its row (the
 * scope of the row search, hashLegs, which finds a row by its first non-empty hash).
 */
export function scopeOf(rows: Row[], lead = false, { deviceLegs = 4, maxDevices = 64 }: ScopeLimits = {}): HashScope {
  const sets = new Map<string, Set<string> | 'all'>();
  for (const r of rows) {
    if (lead && r.Lead !== true) continue;
    const key = `${text(r.Role)}:${text(r.Table)}:${text(r.HashKey)}`;
    const devices = sets.get(key);
    if (devices === 'all') continue;
    if (!text(r.DeviceId)) sets.set(key, 'all');
    else if (devices) devices.add(text(r.DeviceId));
    else sets.set(key, new Set([text(r.DeviceId)]));
  }
  const out: HashScope = new Map();
  for (const [k, v] of sets) out.set(k, v === 'all' || v.size > maxDevices ? 'all' : { devices: [...v].sort(), apart: v.size <= deviceLegs });
  return out;
}

/**
 * `union T1, T2 … | where PRED` (no scope), or with a scope `union (T1 | where DeviceId == "a" and
 * PRED), (T1 | where DeviceId == "b" and PRED), (T2 | where false), …` (ScopeLimits): every table
 * stays in the union (its columns are part of the union's schema, as in the unscoped form), and a
 * table the scope does not name reads nothing.
 * `withTable`: the rows carry their table's name in `Table` (`withsource=Table`).
 */
function searchUnion(tables: readonly string[], role: HashRole, pred: string, hash: string, scope: HashScope | null, withTable: boolean): string {
  if (!scope) return `union ${withTable ? 'withsource=Table ' : ''}${tables.join(', ')}\n    | where ${pred}`;
  const legs = tables.flatMap((t) => {
    const s = scope.get(scopeKey(role, t, hash));
    const wheres = !s ? ['false'] : s === 'all' ? [pred] : s.apart ? s.devices.map((d) => `DeviceId == ${str(d)} and ${pred}`) : [`DeviceId in (${s.devices.map(str).join(', ')}) and ${pred}`];
    return wheres.map((w) => `(${t} | where ${w}${withTable ? ` | extend Table = ${str(t)}` : ''})`);
  });
  return `union\n        ${legs.join(',\n        ')}`;
}

/**
 * `COLUMN =~ "hash"`. One column per filter: the engine pushes a one-column filter into its table
 * scan and reads the other columns only where it matches; a disjunction over several columns is
 * evaluated after the scan, on every column read in full (several times the bytes on a big dataset).
 */
export function hashIn(column: string, hash: string): string {
  return `${column} =~ ${str(hash)}`;
}

/** `SHA1 =~ "…" or SHA256 =~ "…" or MD5 =~ "…"` over the non-empty hashes, with a column prefix (small tables). */
export function hashPredicate(h: FileHashes, prefix = ''): string {
  const p: string[] = [];
  if (h.SHA1) p.push(`${prefix}SHA1 =~ ${str(h.SHA1)}`);
  if (h.SHA256) p.push(`${prefix}SHA256 =~ ${str(h.SHA256)}`);
  if (h.MD5) p.push(`${prefix}MD5 =~ ${str(h.MD5)}`);
  return anyOf(p);
}

/**
 * The rows of this file as one-column filters (one per known hash, each a union leg of its own):
 * SHA1 first; SHA256 where SHA1 is empty; MD5 where both are. A row whose SHA1 is another file's
 * is another file (whatever its other hashes say). The empty-column conditions let the engine skip
 * the row groups where every row has a SHA1 (the usual case) without reading the other hashes.
 */
export function hashLegs(h: FileHashes, prefix = ''): string[] {
  return keyedLegs(h, prefix).map((l) => l.pred);
}

/** hashLegs with the hash each leg searches for. */
function keyedLegs(h: FileHashes, prefix: string): { pred: string; hash: string }[] {
  const out: { pred: string; hash: string }[] = [];
  const before: string[] = [];
  for (const k of ['SHA1', 'SHA256', 'MD5'] as const) {
    if (!h[k]) continue;
    out.push({ pred: [...before.map((c) => `isempty(${c})`), hashIn(`${prefix}${k}`, h[k])].join(' and '), hash: h[k] });
    before.push(`${prefix}${k}`);
  }
  return out;
}

/** One `(union TABLES | where LEG | project …)` per leg of hashLegs. */
function legs(tables: readonly string[], role: HashRole, h: FileHashes, project: string, scope: HashScope | null, withTable = false): string[] {
  return keyedLegs(h, role === 'actor' ? 'InitiatingProcess' : '').map((l) => `(${searchUnion(tables, role, l.pred, l.hash, scope, withTable)}\n    | project ${project})`);
}

const FILE_SEEN = 'Timestamp, DeviceId, DeviceName, FileName, FolderPath';
const ACTOR_SEEN = 'Timestamp, DeviceId, DeviceName, FileName = InitiatingProcessFileName, FolderPath = InitiatingProcessFolderPath';
const SEEN_TABLES = ['DeviceFileEvents', 'DeviceProcessEvents', 'DeviceImageLoadEvents', 'DeviceEvents'];

/** Every row naming the file, as itself or as the image of the acting process. */
function seenUnion(h: FileHashes, fileProject = FILE_SEEN, actorProject = ACTOR_SEEN, scope: HashScope | null = null): string {
  const parts = [...legs(SEEN_TABLES, 'file', h, fileProject, scope, true), ...legs(ACTOR_HASH_TABLES, 'actor', h, actorProject, scope)];
  if (!parts.length) return `DeviceFileEvents\n| where false\n| project ${FILE_SEEN}`;
  return `union\n    ${parts.join(',\n    ')}`;
}

/** With a scope (scopeKql of this hash), only the tables and devices that hold the hash are read. */
export function identityKql(hash: string, scope: HashScope | null = null): string {
  const k = hashKind(hash);
  return `// every (SHA1, SHA256, MD5) combination seen for this hash, as a file or as a process image
union
    (${searchUnion(FILE_HASH_TABLES, 'file', hashIn(k, hash), hash, scope, false)}
    | project SHA1, SHA256, MD5),
    (${searchUnion(ACTOR_HASH_TABLES, 'actor', hashIn(`InitiatingProcess${k}`, hash), hash, scope, false)}
    | project SHA1 = InitiatingProcessSHA1, SHA256 = InitiatingProcessSHA256, MD5 = InitiatingProcessMD5)
| summarize Rows = count() by SHA1, SHA256, MD5
| sort by Rows desc, SHA1 asc, SHA256 asc, MD5 asc`;
}

/** Merges the identity rows into one set of hashes (the searched hash always included). */
export function resolveHashes(hash: string, rows: Row[]): FileHashes {
  const out: FileHashes = { SHA1: '', SHA256: '', MD5: '' };
  out[hashKind(hash)] = hash.toLowerCase();
  for (const r of rows) {
    for (const k of ['SHA1', 'SHA256', 'MD5'] as const) {
      const v = text(r[k]).toLowerCase();
      if (v && !out[k]) out[k] = v;
    }
  }
  return out;
}

// every sort ends on the grouping keys, so ties come out in one order (whichever query runs them)
const NAMES = '| summarize FirstSeen = min(Timestamp), LastSeen = max(Timestamp), Devices = dcount(DeviceId), Events = count() by FileName, FolderPath\n| sort by FirstSeen asc, FileName asc, FolderPath asc';
const PREVALENCE = '| summarize FirstSeen = min(Timestamp), LastSeen = max(Timestamp), Events = count() by DeviceId, DeviceName\n| sort by FirstSeen asc, DeviceName asc, DeviceId asc';
const TIMELINE = '| summarize Events = count() by DeviceName, bin(Timestamp, 1h)\n| sort by Timestamp asc, DeviceName asc';
const ACTIVITY_COLUMNS =
  'Timestamp, Role, DeviceName, DeviceId, ActionType, Target, ProcessId, ProcessCreationTime, InitiatingProcessFileName, InitiatingProcessId, InitiatingProcessCreationTime, InitiatingProcessCommandLine';
/** The rows of the file tables as created, executed or loaded (DeviceEvents is not activity). */
const ACTIVITY = `| where Table in ("DeviceFileEvents", "DeviceProcessEvents", "DeviceImageLoadEvents")
| extend Role = case(Table == "DeviceFileEvents", "created/modified", Table == "DeviceProcessEvents", "executed", "loaded"),
    Target = iff(Table == "DeviceProcessEvents", ProcessCommandLine, FolderPath),
    ProcessId = iff(Table == "DeviceProcessEvents", ProcessId, long(null)),
    ProcessCreationTime = iff(Table == "DeviceProcessEvents", ProcessCreationTime, datetime(null))
| project ${ACTIVITY_COLUMNS}
| sort by Timestamp asc, Role asc, DeviceId asc, ProcessId asc, Target asc, InitiatingProcessId asc`;
const FILE_ACTIVITY_SEEN = `Table, ${FILE_SEEN}, ActionType, ProcessCommandLine, ProcessId, ProcessCreationTime, InitiatingProcessFileName, InitiatingProcessId, InitiatingProcessCreationTime, InitiatingProcessCommandLine`;

export function namesKql(h: FileHashes, scope: HashScope | null = null): string {
  return `${seenUnion(h, FILE_SEEN, ACTOR_SEEN, scope)}\n${NAMES}`;
}

export function prevalenceKql(h: FileHashes, scope: HashScope | null = null): string {
  return `// org prevalence: the devices where this file was seen (as a file or as a running image)
${seenUnion(h, FILE_SEEN, ACTOR_SEEN, scope)}
${PREVALENCE}`;
}

export function timelineKql(h: FileHashes, scope: HashScope | null = null): string {
  return `${seenUnion(h, FILE_SEEN, ACTOR_SEEN, scope)}\n${TIMELINE}`;
}

export function activityKql(h: FileHashes, scope: HashScope | null = null, limit = 500): string {
  const parts = legs(SEEN_TABLES, 'file', h, FILE_ACTIVITY_SEEN, scope, true);
  const from = parts.length ? `union\n    ${parts.join(',\n    ')}` : `DeviceProcessEvents\n| where false\n| extend Table = ""`;
  return `// which processes created, executed or loaded it
${from}
${ACTIVITY}
| take ${lng(limit)}`;
}

/**
 * The four cards over the file's rows in one query: the rows are found once (materialize) and
 * summarized four ways; `Card` says which card a row belongs to and `Ord` its place in the card.
 * Each card's own KQL (namesKql…) gives the same rows on its own.
 */
export function seenCardsKql(h: FileHashes, scope: HashScope | null = null, activityLimit = 500): string {
  const tag = (card: string) => `| extend Card = "${card}", Ord = row_number()`;
  return `let seen = materialize(${seenUnion(h, `${FILE_ACTIVITY_SEEN}, Side = "file"`, `${ACTOR_SEEN}, Side = "actor"`, scope).replace(/\n/g, '\n    ')});
union
    (seen\n    ${NAMES.replace(/\n/g, '\n    ')}\n    ${tag('names')}),
    (seen\n    ${PREVALENCE.replace(/\n/g, '\n    ')}\n    ${tag('prevalence')}),
    (seen\n    ${TIMELINE.replace(/\n/g, '\n    ')}\n    ${tag('timeline')}),
    (seen\n    | where Side == "file"\n    ${ACTIVITY.replace(/\n/g, '\n    ')}\n    | take ${lng(activityLimit)}\n    ${tag('activity')})`;
}

/** The columns of each card, in its own query's order. */
const CARD_COLUMNS: Record<string, string[]> = {
  names: ['FileName', 'FolderPath', 'FirstSeen', 'LastSeen', 'Devices', 'Events'],
  prevalence: ['DeviceId', 'DeviceName', 'FirstSeen', 'LastSeen', 'Events'],
  timeline: ['DeviceName', 'Timestamp', 'Events'],
  activity: ACTIVITY_COLUMNS.split(', '),
  scope: ['HashKey', 'Table', 'Role', 'DeviceId', 'Lead'],
};

/** Splits seenCardsKql's rows into the cards' rows (their own columns, their own order). */
export function splitCards(rows: Row[]): Record<string, Row[]> {
  const out: Record<string, Row[]> = {};
  for (const card of Object.keys(CARD_COLUMNS)) {
    out[card] = rows
      .filter((r) => r.Card === card)
      .sort((a, b) => Number(a.Ord) - Number(b.Ord))
      .map((r) => Object.fromEntries(CARD_COLUMNS[card].map((c) => [c, r[c] ?? null])));
  }
  return out;
}

/**
 * identityKql's rows from the index's counts (a FileHashIndex with counts, fileHashIndexSql): the
 * searched hash's key, its kind, summed. One key of the index, a few of its columns.
 */
export function identityFromIndexKql(hash: string): string {
  const k = hashKind(hash);
  return `// every (SHA1, SHA256, MD5) combination seen for this hash: the index's counts of its rows
${FILE_HASH_INDEX}
| where HashKey == ${hashKey(hash)} and Kind == ${str(k)} and ${k} =~ ${str(hash)} and Role != "mail"
| summarize Rows = sum(Events) by SHA1, SHA256, MD5
| sort by Rows desc, SHA1 asc, SHA256 asc, MD5 asc`;
}

/**
 * The names, prevalence, timeline and activity cards (seenCardsKql's) from the index, and the
 * index rows (`scope`) of the searched hash and its siblings, for the cards' KQL and the side
 * tables' cards. The file's rows are those whose lead hash is one of its hashes (hashLegs): each is
 * read under its lead hash's key, once. The counts are by hour, device, name and path, so the
 * cards' sums, minimums, maximums and distinct devices are those of the rows; the activity tables'
 * file rows are there one by one (Events 1, FirstSeen their Timestamp) with their activity columns.
 */
export function seenFromIndexKql(hash: string, h: FileHashes, activityLimit = 500): string {
  const tag = (card: string) => `| extend Card = "${card}", Ord = row_number()`;
  const legs = HASH_KINDS.filter((k) => h[k]).map((k) => `(${FILE_HASH_INDEX} | where HashKey == ${hashKey(h[k])} and Kind == "${k}" and Lead and ${k} =~ ${str(h[k])})`);
  const keys = [...new Set([hash, h.SHA1, h.SHA256, h.MD5].filter((x) => x).map(hashKey))];
  const seen = `union\n        ${legs.join(',\n        ')}\n    | where Role == "actor" or Table in (${SEEN_TABLES.map(str).join(', ')})`;
  const sums = {
    names: '| summarize FirstSeen = min(FirstSeen), LastSeen = max(LastSeen), Devices = dcount(DeviceId), Events = sum(Events) by FileName, FolderPath\n| sort by FirstSeen asc, FileName asc, FolderPath asc',
    prevalence: '| summarize FirstSeen = min(FirstSeen), LastSeen = max(LastSeen), Events = sum(Events) by DeviceId, DeviceName\n| sort by FirstSeen asc, DeviceName asc, DeviceId asc',
    timeline: '| summarize Events = sum(Events) by DeviceName, Timestamp = bin(FirstSeen, 1h)\n| sort by Timestamp asc, DeviceName asc',
    activity: `| where Role == "file" and Table in (${ACTIVITY_HASH_TABLES.map(str).join(', ')})\n| extend Timestamp = FirstSeen\n${ACTIVITY}\n| take ${lng(activityLimit)}`,
  };
  const cards = Object.entries(sums).map(([c, q]) => `(seen\n    ${q.replace(/\n/g, '\n    ')}\n    ${tag(c)})`);
  const scope = `(union ${keys.map((k) => `(${FILE_HASH_INDEX} | where HashKey == ${k})`).join(', ')}\n    | distinct HashKey, Table, Role, DeviceId, Lead\n    | extend Card = "scope")`;
  return `// the file's names, devices, hours and activity from the index, and where its hashes occur
let seen = materialize(${seen});
union\n    ${[...cards, scope].join(',\n    ')}`;
}

export function profileKql(h: FileHashes): string {
  return `FileProfiles
| where ${hashPredicate(h)}
| project SHA1, SHA256, MD5, FileSize, GlobalPrevalence, GlobalFirstSeen, GlobalLastSeen, SignatureState, Signer, Issuer, IsCertificateValid, IsRootSignerMicrosoft, IsExecutable, ThreatName, Publisher, SoftwareName`;
}

export function certificateKql(h: FileHashes): string {
  return `DeviceFileCertificateInfo
| where ${h.SHA1 ? `SHA1 =~ ${str(h.SHA1)}` : 'false'}
| summarize arg_max(Timestamp, *) by DeviceId
| project Timestamp, DeviceName, IsSigned, SignatureType, Signer, Issuer, IsTrusted, IsRootSignerMicrosoft, CertificateExpirationTime`;
}

export function alertsKql(h: FileHashes): string {
  return `AlertEvidence
| where ${hashPredicate({ ...h, MD5: '' })}
| join kind=leftouter (AlertInfo | project AlertId, Severity1 = Severity, Category) on AlertId
| project Timestamp, AlertId, Title, Severity = Severity1, Category, EntityType, EvidenceRole, FileName, DeviceName
| sort by Timestamp asc`;
}

/** Mail that carried the file as an attachment (EmailAttachmentInfo has SHA256 only). */
export function emailKql(h: FileHashes): string {
  return `EmailAttachmentInfo
| where ${h.SHA256 ? `SHA256 =~ ${str(h.SHA256)}` : 'false'}
| project Timestamp, NetworkMessageId, SenderFromAddress, RecipientEmailAddress, FileName, FileType, ThreatTypes
| sort by Timestamp asc`;
}

export interface FilePage {
  hash: string;
  hashes: FileHashes;
  found: boolean;
  identity: Card;
  names: Card;
  prevalence: Card;
  timeline: Card;
  activity: Card;
  profile: Card;
  certificate: Card;
  alerts: Card;
  email: Card;
}

export interface FilePageOptions {
  /**
   * The dataset has the file hash index (catalog/file-hash-index.ts): search only where it points
   * (`true`, `'keys'`); `'counts'`: its rows also count the rows they stand for, and the identity,
   * names, prevalence and timeline cards are read from it (only the activity searches the tables).
   */
  index?: boolean | 'keys' | 'counts';
  limits?: ScopeLimits;
}

export async function loadFilePage(run: KqlRunner, hash: string, opts: FilePageOptions = {}): Promise<FilePage> {
  if (opts.index === 'counts') return loadFromCounts(run, hash, opts.limits);
  const idIndex = opts.index ? rowsOf(await run(scopeKql(hash))) : null;
  const idScope = idIndex ? scopeOf(idIndex, false, opts.limits) : null;
  const idKql = identityKql(hash, idScope);
  const idRows = rowsOf(await run(idKql));
  const hashes = resolveHashes(hash, idRows);
  const identity: Card = { id: 'identity', title: 'Hashes', kql: idKql, data: idRows };
  // the row search's scope: where the searched hash and its siblings lead their rows
  let scope: HashScope | null = null;
  // the tables the index rows of the file's hashes list (an index of keys has no mail rows: EmailAttachmentInfo is always searched)
  let listed: ((table: string) => boolean) | undefined;
  if (idIndex) {
    const more = [...new Set([hashes.SHA1, hashes.SHA256, hashes.MD5].filter((x) => x && hashKey(x) !== hashKey(hash)))];
    const siblings = await Promise.all(more.map(async (x) => rowsOf(await run(scopeKql(x)))));
    const all = [...idIndex, ...siblings.flat()];
    scope = scopeOf(all, true, opts.limits);
    listed = (t) => MAIL_HASH_TABLES.includes(t) || listsTable(all, t);
  }
  const [seen, side] = await Promise.all([run(seenCardsKql(hashes, scope)).then((r) => splitCards(rowsOf(r))), sideCards(run, hashes, listed)]);
  return filePage(hash, hashes, identity, scope, seen, side);
}

/** The page from its parts: the seen cards' rows with their KQL (the searches of the tables within `scope`). */
function filePage(hash: string, hashes: FileHashes, identity: Card, scope: HashScope | null, seen: Record<string, Row[]>, [profile, certificate, alerts, email]: Card[]): FilePage {
  const names: Card = { id: 'names', title: 'Names and paths seen', kql: namesKql(hashes, scope), data: seen.names };
  const prevalence: Card = { id: 'prevalence', title: 'Devices (org prevalence)', kql: prevalenceKql(hashes, scope), data: seen.prevalence };
  const timeline: Card = { id: 'timeline', title: 'Timeline (events per hour and device)', kql: timelineKql(hashes, scope), data: seen.timeline };
  const activity: Card = { id: 'activity', title: 'Created, executed or loaded by', kql: activityKql(hashes, scope), data: seen.activity };
  const found = identity.data.length > 0 || profile.data.length > 0 || alerts.data.length > 0 || email.data.length > 0;
  return { hash, hashes, found, identity, names, prevalence, timeline, activity, profile, certificate, alerts, email };
}

/**
 * The side tables' cards (they need the file's hashes only). `listed`: whether the index rows of the
 * file's hashes list a table; a card over a table they do not list has no rows (none of its rows
 * holds one of the hashes) and is not run.
 */
function sideCards(run: KqlRunner, hashes: FileHashes, listed: (table: string) => boolean = () => true): Promise<Card[]> {
  const side = (table: string, id: string, title: string, kql: string, note?: string): Promise<Card> =>
    listed(table) ? card(run, id, title, kql, note) : Promise.resolve({ id, title, kql, data: [], note });
  return Promise.all([
    side('FileProfiles', 'profile', 'File profile', profileKql(hashes), 'FileProfiles is a lab side table shaped like FileProfile().'),
    side('DeviceFileCertificateInfo', 'certificate', 'Certificate', certificateKql(hashes)),
    side('AlertEvidence', 'alerts', 'Related alerts', alertsKql(hashes)),
    side('EmailAttachmentInfo', 'email', 'Delivered as an email attachment', emailKql(hashes)),
  ]);
}

/** Whether index rows (scopeKql's) list `table` with a file's own hash (role file or mail, not the acting process's). */
function listsTable(rows: Row[], table: string): boolean {
  return rows.some((r) => text(r.Table) === table && text(r.Role) !== 'actor');
}

/**
 * loadFilePage with the index's counts: the identity (one key of the index), then the names,
 * prevalence, timeline and activity cards and the scope (the file's keys), then the side tables'
 * cards whose tables the scope lists. The cards' KQL are the searches of the tables (scoped as with
 * `index: 'keys'`), which give the same rows.
 */
async function loadFromCounts(run: KqlRunner, hash: string, limits?: ScopeLimits): Promise<FilePage> {
  const idRows = rowsOf(await run(identityFromIndexKql(hash)));
  const hashes = resolveHashes(hash, idRows);
  const seen = splitCards(rowsOf(await run(seenFromIndexKql(hash, hashes))));
  const side = sideCards(run, hashes, (t) => listsTable(seen.scope, t));
  const key = hashKey(hash);
  const idScope = scopeOf(seen.scope.filter((r) => text(r.HashKey) === key), false, limits);
  const scope = scopeOf(seen.scope, true, limits);
  const identity: Card = { id: 'identity', title: 'Hashes', kql: identityKql(hash, idScope), data: idRows };
  return filePage(hash, hashes, identity, scope, seen, await side);
}
