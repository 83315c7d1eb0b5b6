/**
 * Defender XDR's behavior tables (advanced hunting, preview): BehaviorInfo (one row per behavior)
 * and BehaviorEntities (one row per entity of a behavior). Columns and types as the two reference
 * pages list them (docs/tables/behaviors.md). Behaviors are Defender for Cloud Apps' low-fidelity
 * detections, "based on one or more raw events": the lab derives them from its own sign-in log
 * (SigninLogs) with two of the documented detections, so they agree with the rows a hunter can
 * check them against:
 *  - MultipleFailedLoginAttempts: five or more failed sign-ins of one account within one clock hour
 *    (the behavior is reported ten minutes after the last one);
 *  - ActivityFromInfrequentCountry: a successful sign-in from a country that no successful sign-in
 *    of the organization came from before, once the first day has passed (Defender for Cloud Apps
 *    learns the organization's locations before it reports; the lab's learning period is one day).
 * The thresholds, the ten-minute delay, BehaviorId's form and the text columns are the lab's
 * choice. No random draws: adding the tables leaves every other table's rows as they were.
 */
import { guidOf } from './rng.ts';
import type { RefTable } from './schema-data.ts';
import { refColumns } from './sentinel-tables.ts';
import { HOUR, MIN } from './time.ts';
import type { Sinks } from './world.ts';

const REF = 'docs/tables/behaviors.md';

export const BEHAVIOR_TABLES: RefTable[] = [
  {
    name: 'BehaviorInfo',
    kind: 'advanced-hunting',
    ref: REF,
    description: 'Behaviors (Defender for Cloud Apps detections below the alert threshold), one row per behavior (preview table).',
    columns: refColumns(`Timestamp:datetime BehaviorId:string ActionType:string Description:string Categories:string AttackTechniques:string
      ServiceSource:string DetectionSource:string DataSources:string DeviceId:string AccountUpn:string AccountObjectId:string StartTime:datetime
      EndTime:datetime AdditionalFields:string Title:string`),
  },
  {
    name: 'BehaviorEntities',
    kind: 'advanced-hunting',
    ref: REF,
    description: 'The entities (accounts, addresses, files, …) of each behavior in BehaviorInfo, one row per entity (preview table).',
    columns: refColumns(`Timestamp:datetime BehaviorId:string ActionType:string Categories:string ServiceSource:string DetectionSource:string
      DataSources:string EntityType:string EntityRole:string DetailedEntityRole:string FileName:string FolderPath:string SHA1:string SHA256:string
      FileSize:long ThreatFamily:string RemoteIP:string RemoteUrl:string AccountName:string AccountDomain:string AccountSid:string
      AccountObjectId:string AccountUpn:string DeviceId:string DeviceName:string LocalIP:string NetworkMessageId:string EmailSubject:string
      EmailClusterId:string Application:string ApplicationId:int OAuthApplicationId:string ProcessCommandLine:string RegistryKey:string
      RegistryValueName:string RegistryValueData:string AdditionalFields:string`),
  },
];

const SOURCE = 'Microsoft Defender for Cloud Apps';

interface SignIn {
  t: number;
  upn: string;
  userId: string;
  ip: string;
  ok: boolean;
  country: string;
  app: string;
}

interface Behavior {
  t: number;
  start: number;
  end: number;
  action: string;
  title: string;
  description: string;
  category: string;
  technique: string;
  upn: string;
  userId: string;
  ips: string[];
  extra: Record<string, unknown>;
}

/** Derives the behaviors from the sign-in log (call after every SigninLogs row is written). */
export function writeBehaviors(sinks: Sinks): void {
  const info = sinks.BehaviorInfo;
  const ents = sinks.BehaviorEntities;
  const si = sinks.SigninLogs;
  if (!info || !ents || !si) return;
  const rows: SignIn[] = [];
  for (let i = 0; i < si.length; i++) {
    const loc = si.get(i, 'LocationDetails') as Record<string, unknown> | null;
    rows.push({
      t: si.get(i, 'TimeGenerated') as number,
      upn: String(si.get(i, 'UserPrincipalName') ?? ''),
      userId: String(si.get(i, 'UserId') ?? ''),
      ip: String(si.get(i, 'IPAddress') ?? ''),
      ok: String(si.get(i, 'ResultType')) === '0',
      country: String(loc?.countryOrRegion ?? si.get(i, 'Location') ?? ''),
      app: String(si.get(i, 'AppDisplayName') ?? ''),
    });
  }
  rows.sort((a, b) => a.t - b.t || a.upn.localeCompare(b.upn) || a.ip.localeCompare(b.ip));
  const out: Behavior[] = [];

  // Five or more failures of one account within one clock hour.
  const bursts = new Map<string, SignIn[]>();
  for (const s of rows) {
    if (s.ok || !s.upn) continue;
    const key = `${s.upn.toLowerCase()}|${Math.floor(s.t / HOUR)}`;
    const list = bursts.get(key) ?? [];
    list.push(s);
    bursts.set(key, list);
  }
  for (const list of bursts.values()) {
    if (list.length < 5) continue;
    const first = list[0];
    const last = list[list.length - 1];
    const ips = [...new Set(list.map((s) => s.ip).filter(Boolean))].sort();
    out.push({
      t: last.t + 10 * MIN, start: first.t, end: last.t, action: 'MultipleFailedLoginAttempts', title: 'Multiple failed login attempts',
      description: `${list.length} failed sign-in attempts for ${first.upn} within an hour`, category: 'CredentialAccess', technique: 'Brute Force (T1110)',
      upn: first.upn, userId: first.userId, ips, extra: { FailedAttempts: list.length, Applications: [...new Set(list.map((s) => s.app))].sort() },
    });
  }

  // A successful sign-in from a country the organization's successful sign-ins had not come from.
  const seen = new Set<string>();
  const learnUntil = rows.length ? rows[0].t + 24 * HOUR : 0;
  for (const s of rows) {
    if (!s.ok || !s.country) continue;
    if (!seen.has(s.country) && s.t >= learnUntil) {
      out.push({
        t: s.t + 10 * MIN, start: s.t, end: s.t, action: 'ActivityFromInfrequentCountry', title: 'Activity from infrequent country',
        description: `${s.upn} signed in from ${s.country}, a country the organization's users were not seen signing in from`, category: 'InitialAccess',
        technique: 'Valid Accounts (T1078)', upn: s.upn, userId: s.userId, ips: s.ip ? [s.ip] : [], extra: { Country: s.country, Application: s.app },
      });
    }
    seen.add(s.country);
  }

  out.sort((a, b) => a.t - b.t || a.action.localeCompare(b.action) || a.upn.localeCompare(b.upn));
  for (const b of out) {
    const id = guidOf(`behavior:${b.action}:${b.upn}:${b.start}`);
    const common = { Timestamp: b.t, BehaviorId: id, ActionType: b.action, Categories: JSON.stringify([b.category]), ServiceSource: SOURCE, DetectionSource: SOURCE, DataSources: JSON.stringify([SOURCE]) };
    info.add({
      ...common, Description: b.description, AttackTechniques: JSON.stringify([b.technique]), DeviceId: '', AccountUpn: b.upn, AccountObjectId: b.userId,
      StartTime: b.start, EndTime: b.end, AdditionalFields: JSON.stringify(b.extra), Title: b.title,
    });
    const [name, domain] = b.upn.split('@');
    ents.add({ ...common, EntityType: 'User', EntityRole: 'Impacted', DetailedEntityRole: '', AccountName: name ?? '', AccountDomain: domain ?? '', AccountObjectId: b.userId, AccountUpn: b.upn, AdditionalFields: '{}' });
    for (const ip of b.ips) ents.add({ ...common, EntityType: 'Ip', EntityRole: 'Related', DetailedEntityRole: '', RemoteIP: ip, AdditionalFields: '{}' });
  }
}
