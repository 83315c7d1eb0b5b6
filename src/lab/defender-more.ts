/**
 * Three tables of the Defender XDR advanced-hunting schema reference that the lab lacked
 * (docs/tables/defender-more.md), each derived from rows the lab already writes, so they agree
 * with what a hunter can check them against:
 *  - EntraIdSpnSignInEvents: the successor name of AADSpnSignInEventsBeta (the page says both
 *    coexist until the older one is retired): the same sign-ins, one row each, in the page's 19
 *    columns (the older table's extra IsConfidentialClient is not on the new page).
 *  - OAuthAppInfo: app governance's inventory of the tenant's OAuth apps that are neither
 *    Microsoft's own nor managed identities: a snapshot of every app at the start of the window
 *    (the page: a full snapshot twice a month) and a new record in the hour after each change the
 *    directory audit log shows for an app (consent, credential update, owner added).
 *  - DeviceTvmSoftwareEvidenceBeta: for each installed product of DeviceTvmSoftwareInventory, where
 *    Vulnerability Management found it: its program files and its uninstall registry key.
 * Columns and types: each table's reference page in MicrosoftDocs/defender-docs, in the page's
 * order. No random draws: the tables leave every other table's rows as they were.
 */
import type { Shape } from './arrow.ts';
import type { UserDef } from './model.ts';
import { guidOf, hexOf } from './rng.ts';
import type { RefTable } from './schema-data.ts';
import { refColumns } from './sentinel-tables.ts';
import { HOUR, MIN } from './time.ts';
import type { Dev, Sinks } from './world.ts';

const REF = 'docs/tables/defender-more.md';

/** EntraIdSpnSignInEvents' columns (the page's order; all of them AADSpnSignInEventsBeta's too). */
const SPN_COLUMNS = `Timestamp:datetime Application:string ApplicationId:string IsManagedIdentity:bool ErrorCode:int CorrelationId:string
  ServicePrincipalName:string ServicePrincipalId:string ResourceDisplayName:string ResourceId:string ResourceTenantId:string IPAddress:string
  Country:string State:string City:string Latitude:string Longitude:string RequestId:string ReportId:string`;

export const DEFENDER_MORE_TABLES: RefTable[] = [
  {
    name: 'EntraIdSpnSignInEvents',
    kind: 'advanced-hunting',
    ref: REF,
    description: 'Entra ID service principal and managed identity sign-ins under the successor name of AADSpnSignInEventsBeta (same sign-ins).',
    columns: refColumns(SPN_COLUMNS),
  },
  {
    name: 'OAuthAppInfo',
    kind: 'advanced-hunting',
    ref: REF,
    description: "OAuth apps registered with Entra ID that app governance covers (not Microsoft's own apps, not managed identities): a record per app per change (preview table).",
    columns: refColumns(`ReportId:string Timestamp:datetime OAuthAppId:string ServicePrincipalId:string AppName:string AddedOnTime:datetime
      LastModifiedTime:datetime AppStatus:string VerifiedPublisher:dynamic PrivilegeLevel:string Permissions:dynamic ConsentedUsersCount:int
      IsAdminConsented:bool AppOrigin:string LastUsedTime:datetime AppOwnerTenantId:string RiskScore:int AssignedRoles:dynamic`),
  },
  {
    name: 'DeviceTvmSoftwareEvidenceBeta',
    kind: 'advanced-hunting',
    ref: REF,
    description: 'Where Vulnerability Management found each installed product on a device: registry and disk paths (beta table).',
    columns: refColumns(`DeviceId:string SoftwareVendor:string SoftwareName:string SoftwareVersion:string RegistryPaths:dynamic DiskPaths:dynamic
      LastSeenTime:string`),
  },
];

const PERMISSION: Shape = {
  struct: [
    ['PermissionName', 'string'],
    ['TargetAppId', 'string'],
    ['TargetAppDisplayName', 'string'],
    ['PermissionType', 'string'],
    ['PrivilegeLevel', 'string'],
    ['UsageStatus', 'string'],
  ],
};

export const DEFENDER_MORE_SHAPES: Record<string, Shape> = {
  'OAuthAppInfo.VerifiedPublisher': { struct: [['DisplayName', 'string'], ['VerifiedPublisherId', 'string'], ['AddedDateTime', 'string']] },
  'OAuthAppInfo.Permissions': { list: PERMISSION },
  'OAuthAppInfo.AssignedRoles': { list: 'string' },
  'DeviceTvmSoftwareEvidenceBeta.RegistryPaths': { list: 'string' },
  'DeviceTvmSoftwareEvidenceBeta.DiskPaths': { list: 'string' },
};

const SPN_NAMES = SPN_COLUMNS.trim()
  .split(/\s+/)
  .map((w) => w.split(':')[0]);
const TARGETS = ['id', 'displayName', 'type'];

/** Rows this module derives from, kept as they are written (the tables may be spilled by then). */
export function keepDefenderMoreReads(sinks: Sinks): void {
  sinks.AADSpnSignInEventsBeta.keep('successor', SPN_NAMES, () => true);
  sinks.AADServicePrincipalSignInLogs.keep('oauth-apps', ['TimeGenerated', 'ServicePrincipalName', 'ResultType'], (get) => get('ResultType') === '0');
  sinks.AuditLogs.keep('oauth-apps', ['TimeGenerated', 'OperationName', 'TargetResources'], (get) => get('Category') === 'ApplicationManagement');
  sinks.DeviceTvmSoftwareInventory.keep('evidence', ['DeviceId', 'SoftwareVendor', 'SoftwareName', 'SoftwareVersion'], () => true);
  sinks.DeviceInfo.keep('evidence', ['DeviceId', 'Timestamp'], () => true);
}

export interface DefenderMoreCtx {
  sinks: Sinks;
  days: number[];
  devs: Dev[];
  tenant: string;
}

export function writeDefenderMore(c: DefenderMoreCtx): void {
  spnSuccessor(c.sinks);
  oauthApps(c);
  softwareEvidence(c);
}

/** Every AADSpnSignInEventsBeta row once more under the new name (ReportId is filled per table when the rows are finalised). */
function spnSuccessor(sinks: Sinks): void {
  const out = sinks.EntraIdSpnSignInEvents;
  if (!out || !sinks.AADSpnSignInEventsBeta) return;
  for (const row of sinks.AADSpnSignInEventsBeta.kept('successor').rows) out.add({ ...row });
}

// --- OAuthAppInfo ------------------------------------------------------------------------------

const GRAPH = { id: '00000003-0000-0000-c000-000000000000', name: 'Microsoft Graph' };
const EXO = { id: '00000002-0000-0ff1-ce00-000000000000', name: 'Office 365 Exchange Online' };
const PBI = { id: '00000009-0000-0000-c000-000000000000', name: 'Power BI Service' };

interface AppDef {
  name: string;
  /** Registered in this tenant (Internal) or a vendor's (External). */
  origin: 'Internal' | 'External';
  /** The vendor's tenant for an external app. */
  ownerTenant?: string;
  publisher?: { name: string; id: string; added: string };
  /** Registered (internal apps) or first consented (external ones) this long before the window. */
  addedDaysBefore: number;
  /** Consented during the window (the audit log's consent record): absent before it. */
  consentedInWindow?: boolean;
  adminConsented: boolean;
  /** [permission, resource, Application|Delegated, privilege]. */
  permissions: [string, { id: string; name: string }, 'Application' | 'Delegated', 'High' | 'Medium' | 'Low'][];
}

/**
 * The lab's OAuth apps (the app registrations and vendor apps that sign in or are consented in
 * the lab). Permissions follow what the lab's other tables show them using (the Graph activity
 * log's roles, the consent records' scopes, the app role assignment); privilege levels, publishers
 * and registration dates are the lab's choice.
 */
const APPS: AppDef[] = [
  {
    name: 'Contoso HR Sync', origin: 'Internal', addedDaysBefore: 410, adminConsented: true,
    permissions: [['User.ReadWrite.All', GRAPH, 'Application', 'High'], ['Group.Read.All', GRAPH, 'Application', 'Medium']],
  },
  {
    name: 'Power BI Gateway', origin: 'Internal', addedDaysBefore: 265, adminConsented: true,
    permissions: [['Tenant.Read.All', PBI, 'Application', 'Medium'], ['Dataset.ReadWrite.All', PBI, 'Application', 'Medium']],
  },
  {
    name: 'Litware Billing Connector', origin: 'External', ownerTenant: guidOf('tenant:litware-saas.example'),
    publisher: { name: 'Litware Inc.', id: '5093745', added: '2022-09-14T08:21:43Z' }, addedDaysBefore: 150, adminConsented: true,
    permissions: [['User.Read.All', GRAPH, 'Application', 'Medium'], ['Organization.Read.All', GRAPH, 'Application', 'Low']],
  },
  {
    name: 'Veeam Backup for Microsoft 365', origin: 'External', ownerTenant: guidOf('tenant:veeam.example'),
    publisher: { name: 'Veeam Software Group GmbH', id: '2107613', added: '2021-03-02T12:05:10Z' }, addedDaysBefore: 0, consentedInWindow: true, adminConsented: true,
    permissions: [
      ['Mail.ReadWrite', GRAPH, 'Application', 'High'], ['Files.ReadWrite.All', GRAPH, 'Application', 'High'], ['Sites.ReadWrite.All', GRAPH, 'Application', 'High'],
      ['full_access_as_app', EXO, 'Application', 'High'],
    ],
  },
  {
    name: 'Zava Meeting Scheduler', origin: 'External', ownerTenant: guidOf('tenant:zava.example'), addedDaysBefore: 0, consentedInWindow: true, adminConsented: false,
    permissions: [
      ['openid', GRAPH, 'Delegated', 'Low'], ['profile', GRAPH, 'Delegated', 'Low'], ['email', GRAPH, 'Delegated', 'Low'], ['offline_access', GRAPH, 'Delegated', 'Low'],
      ['User.Read', GRAPH, 'Delegated', 'Low'], ['Calendars.ReadWrite', GRAPH, 'Delegated', 'Medium'],
    ],
  },
];

const RANK = { Low: 1, Medium: 2, High: 3 } as const;
const iso = (t: number) => `${new Date(t / 1000).toISOString().slice(0, 19)}Z`;

function oauthApps(c: DefenderMoreCtx): void {
  const out = c.sinks.OAuthAppInfo;
  if (!out) return;
  // Ids and last use: Defender's own sign-in view first, the Sentinel one for apps only it has.
  const ids = new Map<string, { appId: string; spId: string }>();
  const used = new Map<string, number[]>();
  const use = (name: string, t: number) => used.set(name, [...(used.get(name) ?? []), t]);
  for (const r of c.sinks.AADSpnSignInEventsBeta.kept('successor').rows) {
    const name = String(r.ServicePrincipalName);
    if (!ids.has(name)) ids.set(name, { appId: String(r.ApplicationId), spId: String(r.ServicePrincipalId) });
    if (r.ErrorCode === 0) use(name, r.Timestamp as number);
  }
  for (const r of c.sinks.AADServicePrincipalSignInLogs.kept('oauth-apps').rows) use(String(r.ServicePrincipalName), r.TimeGenerated as number);
  // The audit log's changes of each app (consent, credentials, owners), by display name.
  const changes = new Map<string, { t: number; op: string }[]>();
  for (const r of c.sinks.AuditLogs.kept('oauth-apps').rows) {
    const target = ((r.TargetResources as Record<string, unknown>[] | null) ?? [])[0];
    if (!target || !TARGETS.every((k) => k in target)) continue;
    const name = String(target.displayName);
    changes.set(name, [...(changes.get(name) ?? []), { t: r.TimeGenerated as number, op: String(r.OperationName) }]);
  }
  const start = c.days[0];
  const end = c.days[c.days.length - 1] + 24 * HOUR;
  const records: { t: number; app: AppDef; status: RecordState }[] = [];
  for (const app of APPS) {
    const ch = (changes.get(app.name) ?? []).sort((a, b) => a.t - b.t);
    const consent = ch.find((x) => /^Consent to application/.test(x.op));
    // An app consented in the window is absent until then; the others are in the first snapshot.
    const added = app.consentedInWindow ? consent?.t : start - app.addedDaysBefore * 24 * HOUR - (Number.parseInt(hexOf(`added:${app.name}`, 4), 16) % 600) * MIN;
    if (added == null) continue;
    let modified = added;
    if (!app.consentedInWindow) records.push({ t: start + (Number.parseInt(hexOf(`snap:${app.name}`, 4), 16) % 50) * MIN, app, status: { added, modified } });
    for (const x of ch) {
      if (x.t < added) continue;
      modified = x.t;
      // the next hourly update after the change (changes within the same hour share it)
      const hour = Math.ceil((x.t + MIN) / HOUR) * HOUR;
      const t = hour + (Number.parseInt(hexOf(`upd:${app.name}:${hour}`, 4), 16) % 10) * MIN;
      if (t < end) records.push({ t, app, status: { added, modified } });
    }
  }
  records.sort((a, b) => a.t - b.t || a.app.name.localeCompare(b.app.name));
  // Several changes within one hour give one record (the later state).
  const seen = new Set<string>();
  for (let i = records.length - 1; i >= 0; i--) {
    const key = `${records[i].app.name}|${records[i].t}`;
    if (seen.has(key)) records.splice(i, 1);
    seen.add(key);
  }
  for (const { t, app, status } of records) {
    const id = ids.get(app.name) ?? { appId: guidOf(`app:${app.name}`), spId: guidOf(`spn:${app.name}`) };
    // Sign-ins since the app was added (an app in use before the window last signed in shortly before it).
    const last = (used.get(app.name) ?? []).filter((x) => x <= t && x >= status.added);
    const lastUsed = last.length ? Math.max(...last) : app.consentedInWindow ? null : start - (1 + (Number.parseInt(hexOf(`lastuse:${app.name}`, 4), 16) % 55)) * MIN;
    const top = app.permissions.reduce((m, p) => (RANK[p[3]] > RANK[m] ? p[3] : m), 'Low' as 'Low' | 'Medium' | 'High');
    out.add({
      ReportId: hexOf(`oauthapp:${app.name}:${t}`, 16),
      Timestamp: t,
      OAuthAppId: id.appId,
      ServicePrincipalId: id.spId,
      AppName: app.name,
      AddedOnTime: status.added,
      LastModifiedTime: status.modified,
      AppStatus: 'Enabled',
      VerifiedPublisher: app.publisher ? { DisplayName: app.publisher.name, VerifiedPublisherId: app.publisher.id, AddedDateTime: app.publisher.added } : { DisplayName: '', VerifiedPublisherId: '', AddedDateTime: '' },
      PrivilegeLevel: top,
      Permissions: app.permissions.map(([p, res, type, level]) => ({
        PermissionName: p, TargetAppId: res.id, TargetAppDisplayName: res.name, PermissionType: type, PrivilegeLevel: level, UsageStatus: lastUsed == null ? 'NotInUse' : 'InUse',
      })),
      ConsentedUsersCount: app.adminConsented ? 0 : 1,
      IsAdminConsented: app.adminConsented,
      AppOrigin: app.origin,
      LastUsedTime: lastUsed,
      AppOwnerTenantId: app.origin === 'Internal' ? c.tenant : (app.ownerTenant ?? ''),
      RiskScore: riskScore(app, top),
      AssignedRoles: [],
    });
  }
}

interface RecordState {
  added: number;
  modified: number;
}

/** A 0–100 score of the lab's choosing: privilege, external origin, no verified publisher. */
function riskScore(app: AppDef, top: 'Low' | 'Medium' | 'High'): number {
  return Math.min(100, { Low: 10, Medium: 25, High: 45 }[top] + (app.origin === 'External' ? 15 : 0) + (app.origin === 'External' && !app.publisher ? 20 : 0) + (app.adminConsented ? 0 : 5));
}

// --- DeviceTvmSoftwareEvidenceBeta -------------------------------------------------------------

const UNINSTALL = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\';
const UNINSTALL32 = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\';

/** Where each product of the lab's inventory lives: [registry paths, disk paths] (the folders as the lab's process images name them). */
function evidenceOf(name: string, version: string, user: UserDef | null, onPrem: boolean): [string[], string[]] {
  switch (name) {
    case 'office':
      return [[`${UNINSTALL}O365ProPlusRetail - en-us`], ['C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE', 'C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE', 'C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE']];
    case 'edge_chromium-based':
      return [[`${UNINSTALL32}Microsoft Edge`], ['C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe']];
    case 'onedrive': {
      // per-user install under the device's user profile; machine-wide where no one signs in
      const sid = user ? (onPrem ? user.onPremSid : user.cloudSid) : '';
      return user && sid
        ? [[`HKEY_USERS\\${sid}\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\OneDriveSetup.exe`], [`C:\\Users\\${user.accountName}\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe`]]
        : [[`${UNINSTALL}OneDriveSetup.exe`], ['C:\\Program Files\\Microsoft OneDrive\\OneDrive.exe']];
    }
    case 'teams':
      // an MSIX package: no uninstall key
      return [[], [`C:\\Program Files\\WindowsApps\\MSTeams_${version}_x64__8wekyb3d8bbwe\\ms-teams.exe`]];
    case '7-zip':
      return [[`${UNINSTALL}7-Zip`], ['C:\\Program Files\\7-Zip\\7zFM.exe', 'C:\\Program Files\\7-Zip\\7z.exe']];
    case 'chrome':
      return [[`${UNINSTALL}Google Chrome`], ['C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe']];
    case 'windows_10':
      return [['HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion'], ['C:\\Windows\\System32\\ntoskrnl.exe']];
    case 'vlc_media_player':
      return [[`${UNINSTALL}VLC media player`], ['C:\\Program Files\\VideoLAN\\VLC\\vlc.exe']];
    case 'acrobat_reader_dc':
      return [[`${UNINSTALL}{AC76BA86-1033-FFFF-7760-BC15014EA700}`], ['C:\\Program Files\\Adobe\\Acrobat DC\\Acrobat\\Acrobat.exe']];
    case 'notepad++':
      return [[`${UNINSTALL}Notepad++`], ['C:\\Program Files\\Notepad++\\notepad++.exe']];
    case 'zoom':
      return [[`${UNINSTALL}ZoomUMX`], ['C:\\Program Files\\Zoom\\bin\\Zoom.exe']];
    case 'jre':
      return [['HKEY_LOCAL_MACHINE\\SOFTWARE\\JavaSoft\\Java Runtime Environment\\1.8'], ['C:\\Program Files\\Java\\jre-1.8\\bin\\java.exe']];
    default:
      return [[], []];
  }
}

function softwareEvidence(c: DefenderMoreCtx): void {
  const out = c.sinks.DeviceTvmSoftwareEvidenceBeta;
  if (!out) return;
  const lastSeen = new Map<string, number>();
  for (const r of c.sinks.DeviceInfo.kept('evidence').rows) {
    const id = String(r.DeviceId);
    lastSeen.set(id, Math.max(lastSeen.get(id) ?? 0, r.Timestamp as number));
  }
  const devs = new Map(c.devs.map((d) => [d.id, d]));
  for (const r of c.sinks.DeviceTvmSoftwareInventory.kept('evidence').rows) {
    const id = String(r.DeviceId);
    const d = devs.get(id);
    const [reg, disk] = evidenceOf(String(r.SoftwareName), String(r.SoftwareVersion), d?.user ?? null, d?.onPrem ?? false);
    const seen = lastSeen.get(id);
    out.add({
      DeviceId: id,
      SoftwareVendor: r.SoftwareVendor,
      SoftwareName: r.SoftwareName,
      SoftwareVersion: r.SoftwareVersion,
      RegistryPaths: reg,
      DiskPaths: disk,
      LastSeenTime: seen ? iso(seen) : '',
    });
  }
}
