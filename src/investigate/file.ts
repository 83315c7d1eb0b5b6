/**
 * The file page (`#/file/<hash>`): everything the tables say about one file, found by any of its
 * hashes. Not every row carries every hash (SHA256 is often empty, MD5 is missing from some tables),
 * so the page first resolves the hash to its siblings (SHA1/SHA256/MD5 seen together on any row,
 * as the file itself or as an InitiatingProcess image) and then searches all of them.
 */
import { anyOf, type Card, card, type KqlRunner, type Row, rowsOf, str, text } from './kql.ts';
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

/** `SHA1 =~ "…" or SHA256 =~ "…" or MD5 =~ "…"` over the non-empty hashes, with a column prefix. */
export function hashPredicate(h: FileHashes, prefix = ''): string {
  const p: string[] = [];
  if (h.SHA1) p.push(`${prefix}SHA1 =~ ${str(h.SHA1)}`);
  if (h.SHA256) p.push(`${prefix}SHA256 =~ ${str(h.SHA256)}`);
  if (h.MD5) p.push(`${prefix}MD5 =~ ${str(h.MD5)}`);
  return anyOf(p);
}

export function identityKql(hash: string): string {
  const h = str(hash);
  return `// every (SHA1, SHA256, MD5) combination seen for this hash, as a file or as a process image
union
    (union ${FILE_TABLES}
    | where SHA1 =~ ${h} or SHA256 =~ ${h} or MD5 =~ ${h}
    | project SHA1, SHA256, MD5),
    (union ${ACTOR_TABLES}
    | where InitiatingProcessSHA1 =~ ${h} or InitiatingProcessSHA256 =~ ${h} or InitiatingProcessMD5 =~ ${h}
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

export function namesKql(h: FileHashes): string {
  return `union withsource=Table DeviceFileEvents, DeviceProcessEvents, DeviceImageLoadEvents, DeviceEvents
| where ${hashPredicate(h)}
| project Timestamp, DeviceId, FileName, FolderPath
| union (union ${ACTOR_TABLES}
    | where ${hashPredicate(h, 'InitiatingProcess')}
    | project Timestamp, DeviceId, FileName = InitiatingProcessFileName, FolderPath = InitiatingProcessFolderPath)
| summarize FirstSeen = min(Timestamp), LastSeen = max(Timestamp), Devices = dcount(DeviceId), Events = count() by FileName, FolderPath
| sort by FirstSeen asc`;
}

function seenKql(h: FileHashes): string {
  return `union DeviceFileEvents, DeviceProcessEvents, DeviceImageLoadEvents, DeviceEvents
| where ${hashPredicate(h)}
| project Timestamp, DeviceId, DeviceName
| union (union ${ACTOR_TABLES}
    | where ${hashPredicate(h, 'InitiatingProcess')}
    | project Timestamp, DeviceId, DeviceName)`;
}

export function prevalenceKql(h: FileHashes): string {
  return `// org prevalence: the devices where this file was seen (as a file or as a running image)
${seenKql(h)}
| summarize FirstSeen = min(Timestamp), LastSeen = max(Timestamp), Events = count() by DeviceId, DeviceName
| sort by FirstSeen asc`;
}

export function timelineKql(h: FileHashes): string {
  return `${seenKql(h)}
| summarize Events = count() by DeviceName, bin(Timestamp, 1h)
| sort by Timestamp asc`;
}

export function activityKql(h: FileHashes, limit = 500): string {
  return `// which processes created, executed or loaded it
union
    (DeviceFileEvents | where ${hashPredicate(h)}
    | extend Role = "created/modified", Target = FolderPath, ProcessId = long(null), ProcessCreationTime = datetime(null)),
    (DeviceProcessEvents | where ${hashPredicate(h)}
    | extend Role = "executed", Target = ProcessCommandLine),
    (DeviceImageLoadEvents | where ${hashPredicate(h)}
    | extend Role = "loaded", Target = FolderPath, ProcessId = long(null), ProcessCreationTime = datetime(null))
| project Timestamp, Role, DeviceName, DeviceId, ActionType, Target, ProcessId, ProcessCreationTime, InitiatingProcessFileName, InitiatingProcessId, InitiatingProcessCreationTime, InitiatingProcessCommandLine
| sort by Timestamp asc
| take ${limit}`;
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
  const [names, prevalence, timeline, activity, profile, certificate, alerts, email] = await Promise.all([
    card(run, 'names', 'Names and paths seen', namesKql(hashes)),
    card(run, 'prevalence', 'Devices (org prevalence)', prevalenceKql(hashes)),
    card(run, 'timeline', 'Timeline (events per hour and device)', timelineKql(hashes)),
    card(run, 'activity', 'Created, executed or loaded by', activityKql(hashes)),
    card(run, 'profile', 'File profile', profileKql(hashes), 'FileProfiles is a lab side table shaped like FileProfile().'),
    card(run, 'certificate', 'Certificate', certificateKql(hashes)),
    card(run, 'alerts', 'Related alerts', alertsKql(hashes)),
    card(run, 'email', 'Delivered as an email attachment', emailKql(hashes)),
  ]);
  const found = idRows.length > 0 || profile.data.length > 0 || alerts.data.length > 0 || email.data.length > 0;
  return { hash, hashes, found, identity, names, prevalence, timeline, activity, profile, certificate, alerts, email };
}
