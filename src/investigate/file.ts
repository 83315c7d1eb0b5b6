/**
 * The file page (`#/file/<hash>`): everything the tables say about one file, found by any of its
 * hashes. Not every row carries every hash (SHA256 is often empty, MD5 is missing from some tables),
 * so the page first resolves the hash to its siblings (SHA1/SHA256/MD5 seen together on any row,
 * as the file itself or as an InitiatingProcess image) and then searches all of them.
 *
 * On a big dataset the cost of this page is the hash columns it reads (there is no index: every
 * search reads the column): the identity query reads one hash column per table (the searched
 * hash's kind), and one query finds the file's rows once and summarizes them for the four cards
 * (names, devices, timeline, activity). The small side tables (profile, certificate, alerts, mail)
 * have their own queries.
 */
import { anyOf, type Card, card, type KqlRunner, lng, type Row, rowsOf, str, text } from './kql.ts';
import { hashKind } from './routes.ts';

export interface FileHashes {
  SHA1: string;
  SHA256: string;
  MD5: string;
}

/** Tables with file hash columns (SHA1/SHA256/MD5 of the file they describe). */
const FILE_TABLES = 'DeviceProcessEvents, DeviceFileEvents, DeviceImageLoadEvents, DeviceEvents, AlertEvidence, DeviceFileCertificateInfo, FileProfiles';
/** Tables with InitiatingProcess* hash columns (the image of the acting process). */
const ACTOR_TABLES = 'DeviceProcessEvents, DeviceFileEvents, DeviceImageLoadEvents, DeviceEvents, DeviceRegistryEvents, DeviceNetworkEvents, DeviceLogonEvents';

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
  const out: string[] = [];
  const before: string[] = [];
  for (const k of ['SHA1', 'SHA256', 'MD5'] as const) {
    if (!h[k]) continue;
    out.push([...before.map((c) => `isempty(${c})`), hashIn(`${prefix}${k}`, h[k])].join(' and '));
    before.push(`${prefix}${k}`);
  }
  return out;
}

/** One `(union TABLES | where LEG | project …)` per leg of hashLegs. */
function legs(tables: string, preds: string[], project: string): string[] {
  return preds.map((p) => `(union ${tables}\n    | where ${p}\n    | project ${project})`);
}

const FILE_SEEN = 'Timestamp, DeviceId, DeviceName, FileName, FolderPath';
const ACTOR_SEEN = 'Timestamp, DeviceId, DeviceName, FileName = InitiatingProcessFileName, FolderPath = InitiatingProcessFolderPath';
const SEEN_TABLES = 'DeviceFileEvents, DeviceProcessEvents, DeviceImageLoadEvents, DeviceEvents';

/** Every row naming the file, as itself or as the image of the acting process. */
function seenUnion(h: FileHashes, fileProject = FILE_SEEN, actorProject = ACTOR_SEEN): string {
  const parts = [...legs(`withsource=Table ${SEEN_TABLES}`, hashLegs(h), fileProject), ...legs(ACTOR_TABLES, hashLegs(h, 'InitiatingProcess'), actorProject)];
  if (!parts.length) return `DeviceFileEvents\n| where false\n| project ${FILE_SEEN}`;
  return `union\n    ${parts.join(',\n    ')}`;
}

export function identityKql(hash: string): string {
  const k = hashKind(hash);
  return `// every (SHA1, SHA256, MD5) combination seen for this hash, as a file or as a process image
union
    (union ${FILE_TABLES}
    | where ${hashIn(k, hash)}
    | project SHA1, SHA256, MD5),
    (union ${ACTOR_TABLES}
    | where ${hashIn(`InitiatingProcess${k}`, hash)}
    | project SHA1 = InitiatingProcessSHA1, SHA256 = InitiatingProcessSHA256, MD5 = InitiatingProcessMD5)
| summarize Rows = count() by SHA1, SHA256, MD5`;
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

export function namesKql(h: FileHashes): string {
  return `${seenUnion(h)}\n${NAMES}`;
}

export function prevalenceKql(h: FileHashes): string {
  return `// org prevalence: the devices where this file was seen (as a file or as a running image)
${seenUnion(h)}
${PREVALENCE}`;
}

export function timelineKql(h: FileHashes): string {
  return `${seenUnion(h)}\n${TIMELINE}`;
}

export function activityKql(h: FileHashes, limit = 500): string {
  const parts = legs(`withsource=Table ${SEEN_TABLES}`, hashLegs(h), FILE_ACTIVITY_SEEN);
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
export function seenCardsKql(h: FileHashes, activityLimit = 500): string {
  const tag = (card: string) => `| extend Card = "${card}", Ord = row_number()`;
  return `let seen = materialize(${seenUnion(h, `${FILE_ACTIVITY_SEEN}, Side = "file"`, `${ACTOR_SEEN}, Side = "actor"`).replace(/\n/g, '\n    ')});
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

export async function loadFilePage(run: KqlRunner, hash: string): Promise<FilePage> {
  const idKql = identityKql(hash);
  const idRows = rowsOf(await run(idKql));
  const hashes = resolveHashes(hash, idRows);
  const identity: Card = { id: 'identity', title: 'Hashes', kql: idKql, data: idRows };
  const [seen, profile, certificate, alerts, email] = await Promise.all([
    run(seenCardsKql(hashes)).then((r) => splitCards(rowsOf(r))),
    card(run, 'profile', 'File profile', profileKql(hashes), 'FileProfiles is a lab side table shaped like FileProfile().'),
    card(run, 'certificate', 'Certificate', certificateKql(hashes)),
    card(run, 'alerts', 'Related alerts', alertsKql(hashes)),
    card(run, 'email', 'Delivered as an email attachment', emailKql(hashes)),
  ]);
  const names: Card = { id: 'names', title: 'Names and paths seen', kql: namesKql(hashes), data: seen.names };
  const prevalence: Card = { id: 'prevalence', title: 'Devices (org prevalence)', kql: prevalenceKql(hashes), data: seen.prevalence };
  const timeline: Card = { id: 'timeline', title: 'Timeline (events per hour and device)', kql: timelineKql(hashes), data: seen.timeline };
  const activity: Card = { id: 'activity', title: 'Created, executed or loaded by', kql: activityKql(hashes), data: seen.activity };
  const found = idRows.length > 0 || profile.data.length > 0 || alerts.data.length > 0 || email.data.length > 0;
  return { hash, hashes, found, identity, names, prevalence, timeline, activity, profile, certificate, alerts, email };
}
