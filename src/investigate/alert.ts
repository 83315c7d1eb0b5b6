/**
 * The alert story (`#/alert/<AlertId>`): the alert, its status history, its evidence, and the
 * process tree around its process evidence (keys from AlertEvidence.AdditionalFields: ProcessId +
 * CreationTimeUtc, on the evidence's DeviceId).
 */
import { type Card, card, type KqlRunner, num, type Row, str, text } from './kql.ts';
import { loadProcessTree, type ProcessTreeView, type ProcKey } from './process-tree.ts';

export function alertKql(id: string): string {
  return `AlertInfo
| where AlertId == ${str(id)}
| project Timestamp, AlertId, Title, Category, Severity, ServiceSource, DetectionSource, AttackTechniques`;
}

export function evidenceKql(id: string): string {
  return `AlertEvidence
| where AlertId == ${str(id)}
| project Timestamp, EntityType, EvidenceRole, EvidenceDirection, FileName, FolderPath, SHA1, SHA256, DeviceId, DeviceName, AccountUpn, RemoteIP, RemoteUrl, ProcessCommandLine, RegistryKey, RegistryValueName, RegistryValueData, AdditionalFields`;
}

export function statusKql(id: string): string {
  return `AlertStatus
| where AlertId == ${str(id)}
| project Timestamp, Status, Classification, Determination, AssignedTo, ResolvedTime, Comments
| sort by Timestamp asc`;
}

/** Process keys named by process evidence (AdditionalFields.ProcessId / CreationTimeUtc). */
export function processKeysFromEvidence(rows: Row[]): ProcKey[] {
  const out: ProcKey[] = [];
  for (const r of rows) {
    if (text(r.EntityType) !== 'Process') continue;
    let af = r.AdditionalFields;
    if (typeof af === 'string') {
      try {
        af = JSON.parse(af);
      } catch {
        continue;
      }
    }
    if (!af || typeof af !== 'object' || Array.isArray(af)) continue;
    const pid = num(af.ProcessId);
    const t = text(af.CreationTimeUtc);
    const dev = text(r.DeviceId);
    if (pid === null || !/^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(t) || !/^[0-9a-f]{40}$/i.test(dev)) continue;
    if (!out.some((k) => k.processId === pid && k.creationTime === t && k.deviceId === dev)) out.push({ deviceId: dev, processId: pid, creationTime: t });
  }
  return out;
}

export interface AlertStory {
  alertId: string;
  found: boolean;
  alert: Card;
  evidence: Card;
  status: Card;
  tree: ProcessTreeView | null;
}

export async function loadAlertStory(run: KqlRunner, alertId: string, opts: { index?: boolean } = {}): Promise<AlertStory> {
  const [alert, evidence, status] = await Promise.all([
    card(run, 'alert', 'Alert', alertKql(alertId)),
    card(run, 'evidence', 'Evidence', evidenceKql(alertId)),
    card(run, 'status', 'Status history', statusKql(alertId), 'AlertStatus is a lab side table (the alert lifecycle, API-shaped).'),
  ]);
  const keys = processKeysFromEvidence(evidence.data);
  // one device per tree: the device of the first process evidence
  const dev = keys[0]?.deviceId;
  const tree = dev ? await loadProcessTree(run, keys.filter((k) => k.deviceId === dev), { index: opts.index }) : null;
  return { alertId, found: alert.data.length > 0 || evidence.data.length > 0, alert, evidence, status, tree };
}
