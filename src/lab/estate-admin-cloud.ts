/**
 * The routine cloud administration and collaboration of the background's people over the whole
 * window, in the three Sentinel audit tables that were thin (issue #11):
 *  - AuditLogs (Entra audit log): the IT admin's directory work (group membership requests,
 *    profile updates, a B2B guest invited for a project and redeeming the invitation, security
 *    info added for a user who lost a phone); users' own password changes and security info
 *    updates. Not here: admin password resets (sentinel-helpdesk.ts writes them after lockouts)
 *    and app changes (OAuthAppInfo follows each audited app change, written before this module).
 *  - AzureActivity (Azure activity log, category Administrative): the IT admin's portal work on the
 *    subscription's existing resources (an OS disk snapshot before the patch window, tags for the
 *    cost report, the portal web app's settings changed and the app restarted, a Reader role
 *    assignment for the auditors' review), each as a Started/Succeeded pair sharing a correlation
 *    id. Nothing that would restart or reconfigure a device the endpoint tables describe.
 *  - OfficeActivity (Office 365 management activity): SharePoint and OneDrive file work (uploads,
 *    previews, downloads, sync), sharing (links for specific people and for the organisation,
 *    invitations of partners, now and then an "Anyone" link for a public brochure), Exchange
 *    mailbox housekeeping (items moved to Deleted Items, soft-deleted), out-of-office replies, the
 *    admin's calendar delegations and mailbox settings.
 *
 * Only the background users act or are acted on (the scenario's people keep their scripted
 * rows), in working hours on working days, with one admin (the IT department's) doing the admin
 * work. Its own random stream, written after every other row: nothing above changes; no row is
 * shaped after a particular query.
 */
import * as M from './model.ts';
import { guidOf, hexOf, Rng } from './rng.ts';
import { WS } from './sentinel-rows.ts';
import { DAY, HOUR, isWorkday, MIN, SEC } from './time.ts';
import type { Dev, Sinks } from './world.ts';

export interface AdminCloudCtx {
  sinks: Sinks;
  seed: number;
  days: number[];
  /** Background users only. */
  users: M.UserDef[];
  devs: Dev[];
  /** The subscription's VM (the lab's Azure VM). */
  vmName: string;
}

const TENANT = M.TENANT.tenantId;
/** The office's egress the IT staff work from (as in the other admin rows). */
const IT_IP = '198.51.100.30';
/** The Azure portal's client id (AzureActivity's other admin rows use it). */
const PORTAL_APP = 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c';
const SPO = 'https://contoso.sharepoint.com';
const GUESTS = [
  { mail: 'j.meyer@fabrikam.example', name: 'Jonas Meyer (Fabrikam)', ip: '198.18.21.40' },
  { mail: 'p.novak@wingtiptoys.example', name: 'Petra Novak (Wingtip Toys)', ip: '198.18.4.33' },
  { mail: 'l.ferreira@tailspintoys.example', name: 'Luis Ferreira (Tailspin Toys)', ip: '198.18.9.60' },
];
const SHARED_GROUPS = ['SG-PrintersFloor2', 'SG-ProjectAtlas', 'SG-VPNUsers', 'SG-AllHands'];
const SITES: Record<string, { site: string; files: string[] }> = {
  Finance: { site: 'finance', files: ['Q2 budget.xlsx', 'Forecast FY25.xlsx', 'Payment run 05-15.xlsx', 'Vendor list.xlsx'] },
  Sales: { site: 'sales', files: ['Pipeline May.xlsx', 'Proposal Wingtip.docx', 'Price list 2024.pdf', 'Customer deck.pptx'] },
  Legal: { site: 'legal', files: ['NDA template.docx', 'Contract Tailspin v3.docx', 'Policy review.docx'] },
  Engineering: { site: 'engineering', files: ['Architecture.vsdx', 'Release notes 4.2.docx', 'Test plan.xlsx'] },
  IT: { site: 'it', files: ['Patch calendar.xlsx', 'Asset register.xlsx', 'Runbook - VM patching.docx'] },
};
const BROCHURES = ['Product brochure 2024.pdf', 'Company profile.pdf', 'Event invitation.pdf'];

/** A working-hours time on day d0 (UTC; the office is in western Europe): centred on 12:30, from 07:30 on. */
const workTime = (r: Rng, d0: number) => d0 + Math.round(r.normal(12.5 * 60, 2.4 * 60, 7 * 60 + 30)) * MIN + r.int(0, 59) * SEC;
const clampDay = (d0: number, t: number) => Math.min(t, d0 + 19 * HOUR);

export function writeAdminCloud(c: AdminCloudCtx): void {
  const people = c.users.filter((u) => u.department !== '');
  if (people.length === 0) return;
  const it = people.find((u) => u.department === 'IT') ?? people[0];
  const ipOf = new Map<M.UserDef, string>();
  for (const u of people) ipOf.set(u, c.devs.find((d) => d.user === u && d.def.publicIp)?.def.publicIp ?? IT_IP);
  const root = new Rng((c.seed ^ 0xad3c10d) >>> 0, 0xad3c1);
  const days = c.days.filter(isWorkday);
  directory(c, root.fork('directory'), days, people, it, ipOf);
  azure(c, root.fork('azure'), days, it);
  files(c, root.fork('files'), days, people, ipOf);
  mailboxes(c, root.fork('mailboxes'), days, people, it, ipOf);
}

// --- Entra audit log ------------------------------------------------------------------------------

interface Target {
  id: string;
  name: string;
  type: string;
  upn?: string;
}

function directory(c: AdminCloudCtx, r: Rng, days: number[], people: M.UserDef[], it: M.UserDef, ipOf: Map<M.UserDef, string>): void {
  type By = M.UserDef | { app: string } | { ext: Target; ip: string };
  const add = (t: number, act: string, category: string, service: string, by: By, targets: Target[], props: [string, string, string][], o: { reason?: string; corr?: string; op?: string; ip?: string } = {}) =>
    c.sinks.AuditLogs.add({
      AADOperationType: o.op ?? (/^Add|^Invite|registered/.test(act) ? 'Add' : /^Delete|^Remove|deleted/.test(act) ? 'Delete' : /^Reset|^Change password/.test(act) ? 'Reset' : /^Change user password/.test(act) ? 'ChangePassword' : 'Update'),
      AADTenantId: TENANT, ActivityDateTime: t, ActivityDisplayName: act, AdditionalDetails: [{ key: 'User-Agent', value: M.UA.edge }], Category: category,
      CorrelationId: o.corr ?? guidOf(`adm-corr:${act}:${t}`), DurationMs: 0, Id: `${service === 'Core Directory' ? 'Directory' : service === 'Invited Users' ? 'B2B' : 'SSGM'}_${guidOf(`adm-aud:${act}:${t}`)}`,
      Identity: 'app' in by ? by.app : 'ext' in by ? by.ext.name : by.displayName,
      InitiatedBy:
        'app' in by
          ? { user: null, app: { appId: null, displayName: by.app, servicePrincipalId: guidOf(`sp:${by.app}`), servicePrincipalName: null } }
          : 'ext' in by
            ? { user: { id: by.ext.id, displayName: null, userPrincipalName: by.ext.upn, ipAddress: by.ip }, app: null }
            : { user: { id: by.objectId, displayName: null, userPrincipalName: by.upn, ipAddress: o.ip ?? ipOf.get(by) ?? IT_IP }, app: null },
      Level: 'Informational', Location: 'EU', LoggedByService: service, OperationName: act, OperationVersion: '1.0', Resource: 'Microsoft.aadiam', ResourceGroup: 'Microsoft.aadiam',
      ResourceId: `/tenants/${TENANT}/providers/Microsoft.aadiam`, ResourceProvider: 'Microsoft.aadiam', Result: 'success', ResultDescription: '', ResultReason: o.reason ?? '', ResultSignature: 'None', ResultType: '', SourceSystem: 'Azure AD',
      TargetResources: targets.map((x, i) => ({ id: x.id, displayName: x.name, type: x.type, userPrincipalName: x.upn ?? null, modifiedProperties: i === 0 ? props.map(([displayName, oldValue, newValue]) => ({ displayName, oldValue, newValue })) : [] })),
      TimeGenerated: t, Type: 'AuditLogs', TenantId: TENANT,
    });
  const user = (u: M.UserDef): Target => ({ id: u.objectId, name: u.displayName, type: 'User', upn: u.upn });
  const group = (name: string): Target => ({ id: guidOf(`group:${name}`), name, type: 'Group' });
  const others = people.filter((u) => u !== it);
  const guestDay = days.length > 1 ? r.int(0, days.length - 2) : 0;
  for (const [k, d0] of days.entries()) {
    // group membership requests from the ticket queue (shared groups: printers, projects, VPN)
    for (let n = r.weighted([[0, 3], [1, 4], [2, 2], [3, 1]] as const); n > 0 && others.length > 0; n--) {
      const u = r.pick(others);
      const g = r.pick(SHARED_GROUPS);
      const remove = r.chance(0.25);
      const t = workTime(r, d0);
      add(t, remove ? 'Remove member from group' : 'Add member to group', 'GroupManagement', 'Core Directory', it, [user(u), group(g)], [['Group.ObjectID', remove ? `"${guidOf(`group:${g}`)}"` : '', remove ? '' : `"${guidOf(`group:${g}`)}"`], ['Group.DisplayName', remove ? `"${g}"` : '', remove ? '' : `"${g}"`]]);
    }
    // profile updates (a new phone number, an office move, a changed title)
    if (r.chance(0.6) && others.length > 0) {
      const u = r.pick(others);
      const [prop, oldV, newV] = r.pick([
        ['TelephoneNumber', `["+31 20 555 ${r.int(1000, 9999)}"]`, `["+31 20 555 ${r.int(1000, 9999)}"]`],
        ['PhysicalDeliveryOfficeName', '["Amsterdam 2.14"]', '["Amsterdam 3.02"]'],
        ['Mobile', '[]', `["+31 6 ${r.int(10000000, 99999999)}"]`],
      ] as const);
      add(workTime(r, d0), 'Update user', 'UserManagement', 'Core Directory', it, [user(u)], [[prop, oldV, newV], ['Included Updated Properties', '', `"${prop}"`]]);
    }
    // users' own housekeeping: an expiring password changed, a new phone's authenticator app
    for (const u of people) {
      if (r.chance(0.03)) {
        const t = workTime(r, d0);
        add(t, 'Change password (self-service)', 'UserManagement', 'Self-service Password Management', u, [user(u)], [], { reason: 'User successfully changed password' });
        add(t + 2 * SEC, 'Change user password', 'UserManagement', 'Core Directory', u, [user(u)], []);
      }
      if (r.chance(0.03)) {
        const t = workTime(r, d0);
        add(t, 'User registered security info', 'UserManagement', 'Authentication Methods', u, [user(u)], [], { reason: 'User registered Authenticator App with Notification and Code' });
        add(t + r.int(10, 40) * SEC, 'User changed default security info', 'UserManagement', 'Authentication Methods', u, [user(u)], [], { reason: 'User changed default security info' });
      }
    }
    // a lost phone: the admin registers a phone number for sign-in while the user waits for a new one
    if (r.chance(0.2) && others.length > 0) {
      const u = r.pick(others);
      add(workTime(r, d0), 'Admin registered security info', 'UserManagement', 'Authentication Methods', it, [user(u)], [], { reason: 'Admin registered phone method for user' });
    }
    // a partner invited as a guest for a shared project, who redeems the invitation within the hour
    if (k === guestDay) {
      const g = r.pick(GUESTS);
      const t = workTime(r, d0);
      const id = guidOf(`guest:${g.mail}`);
      const guest: Target = { id, name: g.name, type: 'User', upn: `${g.mail.replace('@', '_')}#EXT#@contoso.onmicrosoft.com` };
      add(t, 'Invite external user', 'UserManagement', 'Invited Users', it, [guest], [['InvitedUserEmailAddress', '', `"${g.mail}"`]]);
      add(t + SEC, 'Add user', 'UserManagement', 'Core Directory', it, [guest], [['AccountEnabled', '[]', '[true]'], ['UserType', '[]', '["Guest"]'], ['Mail', '[]', `["${g.mail}"]`]]);
      add(t + 30 * SEC, 'Add member to group', 'GroupManagement', 'Core Directory', it, [guest, group('SG-ProjectAtlas')], [['Group.ObjectID', '', `"${guidOf('group:SG-ProjectAtlas')}"`], ['Group.DisplayName', '', '"SG-ProjectAtlas"']]);
      add(clampDay(d0, t + r.int(10, 55) * MIN), 'Redeem external user invite', 'UserManagement', 'Invited Users', { ext: guest, ip: g.ip }, [guest], []);
    }
  }
}

// --- Azure activity log ---------------------------------------------------------------------------

function azure(c: AdminCloudCtx, r: Rng, days: number[], it: M.UserDef): void {
  const sub = WS.sub;
  const caller = { upn: it.upn, name: it.displayName, ip: '198.51.100.31' };
  const op = (t: number, opv: string, opName: string, rg: string, resPath: string, secs: number) => {
    const resId = `/subscriptions/${sub}/resourceGroups/${rg}/providers/${resPath}`;
    const corr = guidOf(`adm-az:${opv}:${resPath}:${t}`);
    for (const [status, dt] of [['Started', 0], ['Succeeded', secs * SEC]] as const) {
      c.sinks.AzureActivity.add({
        ActivityStatus: status, ActivityStatusValue: status, ActivitySubstatus: '', ActivitySubstatusValue: status === 'Succeeded' ? 'OK' : '',
        Authorization: JSON.stringify({ action: opv, scope: resId }), Authorization_d: { action: opv, scope: resId }, Caller: caller.upn, CallerIpAddress: caller.ip,
        Category: 'Administrative', CategoryValue: 'Administrative', Claims: '', Claims_d: { appid: PORTAL_APP, ipaddr: caller.ip, name: caller.name, upn: caller.upn },
        CorrelationId: corr, EventDataId: guidOf(`adm-az-ev:${corr}:${status}`), EventSubmissionTimestamp: t + dt + r.int(5, 40) * SEC, Hierarchy: `${TENANT}/${sub}`, HTTPRequest: '', Level: 'Informational',
        OperationId: corr, OperationName: opName, OperationNameValue: opv.toUpperCase(),
        Properties: '', Properties_d: { eventCategory: 'Administrative', entity: resId, message: opv, hierarchy: `${TENANT}/${sub}`, statusCode: status === 'Succeeded' ? 'OK' : '' },
        Resource: resPath.split('/').pop(), ResourceGroup: rg.toUpperCase(), ResourceId: resId, ResourceProvider: resPath.split('/')[0], ResourceProviderValue: resPath.split('/')[0].toUpperCase(),
        SourceSystem: 'Azure', SubscriptionId: sub, TenantId: TENANT, TimeGenerated: t + dt, Type: 'AzureActivity',
      });
    }
  };
  const vm = c.vmName;
  const maintDay = days.length > 1 ? r.int(1, days.length - 1) : 0;
  const auditDay = r.int(0, days.length - 1);
  for (const [k, d0] of days.entries()) {
    // the lab VM's OS disk snapshotted before the patch window (the subscription has no backup vault)
    if (k === maintDay) {
      const snap = `snap-${vm}-os-${new Date(d0 / 1000).toISOString().slice(0, 10).replace(/-/g, '')}`;
      op(d0 + (17 * 60 + r.int(0, 40)) * MIN, 'Microsoft.Compute/snapshots/write', 'Create or Update Snapshot', 'rg-lab', `Microsoft.Compute/snapshots/${snap}`, r.int(20, 90));
    }
    // the portal's settings changed at the vendor's request (an app setting, then a restart to apply it)
    if (r.chance(0.3)) {
      const t = workTime(r, d0);
      op(t, 'Microsoft.Web/sites/config/write', 'Update Web App Config', 'rg-app', 'Microsoft.Web/sites/app-contoso-portal/config/web', r.int(2, 10));
      op(t + r.int(1, 4) * MIN, 'Microsoft.Web/sites/restart/action', 'Restart Web App', 'rg-app', 'Microsoft.Web/sites/app-contoso-portal', r.int(5, 40));
    }
    // tags kept current for the cost report
    if (r.chance(0.35)) {
      const res = r.pick(['Microsoft.Storage/storageAccounts/stcontosoapp', 'Microsoft.Web/sites/app-contoso-portal', `Microsoft.Compute/virtualMachines/${vm}`]);
      op(workTime(r, d0), 'Microsoft.Resources/tags/write', 'Update resource tags', res.includes('virtualMachines') ? 'rg-lab' : 'rg-app', `${res}/providers/Microsoft.Resources/tags/default`, r.int(1, 5));
    }
    // the external auditors' group gets read access to the application's resource group for their review
    if (k === auditDay) op(workTime(r, d0), 'Microsoft.Authorization/roleAssignments/write', 'Create role assignment', 'rg-app', `Microsoft.Authorization/roleAssignments/${guidOf('ra:auditors-reader')}`, r.int(2, 10));
  }
}

// --- SharePoint and OneDrive --------------------------------------------------------------------

function files(c: AdminCloudCtx, r: Rng, days: number[], people: M.UserDef[], ipOf: Map<M.UserDef, string>): void {
  const o = c.sinks.OfficeActivity;
  const row = (t: number, u: M.UserDef, op: string, recordType: string, where: { oneDrive: boolean; siteUrl: string; folder: string; file: string }, extra: Record<string, unknown> = {}) => {
    const wl = where.oneDrive ? 'OneDrive' : 'SharePoint';
    o.add({
      ClientIP: ipOf.get(u), EventSource: 'SharePoint', ItemType: 'File', OfficeId: guidOf(`adm-spo:${op}:${u.upn}:${t}:${where.file}`), OfficeObjectId: `${where.siteUrl}${where.folder}/${where.file}`,
      OfficeTenantId: TENANT, OfficeWorkload: wl, Operation: op, OrganizationId: TENANT, RecordType: recordType, Site_Url: where.siteUrl,
      SourceFileExtension: where.file.split('.').pop(), SourceFileName: where.file, SourceRelativeUrl: where.folder, SourceSystem: 'OfficeActivityManager',
      TenantId: TENANT, TimeGenerated: t, Type: 'OfficeActivity', UserAgent: M.UA.edge, UserId: u.upn, UserKey: `i:0h.f|membership|${hexOf(`puid:${u.upn}`, 16)}@live.com`, UserType: 'Regular',
      ...extra,
    });
  };
  const oneDrive = (u: M.UserDef) => `https://contoso-my.sharepoint.com/personal/${u.upn.replace(/[@.]/g, '_')}/`;
  for (const d0 of days) {
    for (const u of people) {
      const team = SITES[u.department] ?? SITES.IT;
      const teamSite = { oneDrive: false, siteUrl: `${SPO}/sites/${team.site}/`, folder: 'Shared Documents' };
      // everyday file work: previews in the browser, uploads, downloads to work offline, the sync client
      for (let n = r.int(1, 6); n > 0; n--) {
        const inOneDrive = r.chance(0.35);
        const where = inOneDrive ? { oneDrive: true, siteUrl: oneDrive(u), folder: 'Documents', file: r.pick(team.files) } : { ...teamSite, file: r.pick(team.files) };
        const op = r.weighted([['FilePreviewed', 4], ['FileUploaded', 2], ['FileDownloaded', 3], ['FileSyncDownloadedFull', 1], ['FileRecycled', 0.3]] as const);
        row(workTime(r, d0), u, op, 'SharePointFileOperation', where, op === 'FileSyncDownloadedFull' ? { UserAgent: 'Microsoft SkyDriveSync 24.076.0414.0003 ship; Windows NT 10.0 (19045)' } : {});
      }
      // sharing: with colleagues (company link), with a partner by name, and rarely an "Anyone" link for a brochure
      if (r.chance(0.2)) {
        const file = r.pick(team.files);
        const where = { ...teamSite, file };
        const t = workTime(r, d0);
        const kind = r.weighted([['company', 3], ['people', 4], ['anyone', u.department === 'Sales' ? 1.5 : 0.2]] as const);
        if (kind === 'company') {
          row(t, u, 'CompanyLinkCreated', 'SharePointSharingOperation', where, { TargetUserOrGroupType: 'SharePointGroup', TargetUserOrGroupName: 'SharingLinks.View.OrganizationView' });
          // colleagues open it over the next hours
          for (const v of people.filter((x) => x !== u && r.chance(0.3))) {
            const tu = clampDay(d0, t + r.int(5, 240) * MIN);
            row(tu, v, 'CompanyLinkUsed', 'SharePointSharingOperation', where);
            row(tu + r.int(1, 20) * SEC, v, 'FileAccessed', 'SharePointFileOperation', where);
          }
        } else if (kind === 'people') {
          const g = r.pick(GUESTS);
          row(t, u, 'SecureLinkCreated', 'SharePointSharingOperation', where, { TargetUserOrGroupType: 'SharePointGroup', TargetUserOrGroupName: 'SharingLinks.Flexible' });
          row(t + r.int(1, 5) * SEC, u, 'AddedToSecureLink', 'SharePointSharingOperation', where, { TargetUserOrGroupType: 'Guest', TargetUserOrGroupName: g.mail, UserSharedWith: g.mail });
          row(t + r.int(6, 12) * SEC, u, 'SharingInvitationCreated', 'SharePointSharingOperation', where, { TargetUserOrGroupType: 'Guest', TargetUserOrGroupName: g.mail, UserSharedWith: g.mail });
        } else {
          const b = { ...where, file: r.pick(BROCHURES) };
          row(t, u, 'AnonymousLinkCreated', 'SharePointSharingOperation', b, { TargetUserOrGroupType: 'SharePointGroup', TargetUserOrGroupName: 'SharingLinks.AnonymousView' });
        }
      }
    }
  }
}

// --- Exchange Online ----------------------------------------------------------------------------

function mailboxes(c: AdminCloudCtx, r: Rng, days: number[], people: M.UserDef[], it: M.UserDef, ipOf: Map<M.UserDef, string>): void {
  const o = c.sinks.OfficeActivity;
  const server = (u: M.UserDef) => `AM0PR06MB${Number.parseInt(hexOf(`mbx:${u.upn}`, 4), 16) % 9000 + 1000}`;
  const cmdlet = (t: number, by: M.UserDef, op: string, objectId: string, params: [string, string][], admin: boolean) =>
    o.add({
      ClientIP: ipOf.get(by), ExternalAccess: 'false', OfficeId: guidOf(`adm-exo:${op}:${by.upn}:${t}`), OfficeObjectId: objectId, OfficeTenantId: TENANT, OfficeWorkload: 'Exchange',
      Operation: op, OrganizationId: TENANT, OrganizationName: 'contoso.onmicrosoft.com', OriginatingServer: `${server(by)} (15.20.7544.000)`, Parameters: JSON.stringify(params.map(([Name, Value]) => ({ Name, Value }))),
      RecordType: 'ExchangeAdmin', ResultStatus: 'True', SourceSystem: 'OfficeActivityManager', TenantId: TENANT, TimeGenerated: t, Type: 'OfficeActivity',
      UserId: by.upn, UserKey: hexOf(`puid:${by.upn}`, 16).toUpperCase(), UserType: admin ? 'Admin' : 'Regular',
    });
  const mbxGuid = (u: M.UserDef) => guidOf(`mailbox:${u.upn}`);
  for (const [k, d0] of days.entries()) {
    for (const u of people) {
      // mailbox housekeeping the owner's default audit records: items to Deleted Items, deleted items emptied
      for (let n = r.weighted([[0, 3], [1, 3], [2, 2], [3, 1]] as const); n > 0; n--) {
        const op = r.weighted([['MoveToDeletedItems', 5], ['SoftDelete', 2]] as const);
        const t = workTime(r, d0);
        const items = r.int(1, 6);
        o.add({
          AffectedItems: JSON.stringify(Array.from({ length: items }, (_, i) => ({ Id: hexOf(`item:${u.upn}:${t}:${i}`, 40), ParentFolder: { Name: op === 'SoftDelete' ? 'Deleted Items' : 'Inbox', Path: op === 'SoftDelete' ? '\\Deleted Items' : '\\Inbox' } }))),
          ClientIP: ipOf.get(u), ClientInfoString: 'Client=MSExchangeRPC', CrossMailboxOperations: false, ExternalAccess: 'false', Folder: op === 'SoftDelete' ? '\\Deleted Items' : '\\Inbox',
          DestFolder: op === 'MoveToDeletedItems' ? '\\Deleted Items' : '', InternalLogonType: 0, Logon_Type: '0', LogonUserSid: u.onPremSid ?? u.cloudSid, MailboxGuid: mbxGuid(u), MailboxOwnerSid: u.onPremSid ?? u.cloudSid, MailboxOwnerUPN: u.upn,
          OfficeId: guidOf(`adm-mbx:${op}:${u.upn}:${t}`), OfficeObjectId: '', OfficeTenantId: TENANT, OfficeWorkload: 'Exchange', Operation: op, OrganizationId: TENANT, OrganizationName: 'contoso.onmicrosoft.com',
          OriginatingServer: `${server(u)} (15.20.7544.000)`, RecordType: 'ExchangeItemGroup', ResultStatus: 'Succeeded', SourceSystem: 'OfficeActivityManager', TenantId: TENANT, TimeGenerated: t, Type: 'OfficeActivity',
          UserId: u.upn, UserKey: hexOf(`puid:${u.upn}`, 16).toUpperCase(), UserType: 'Regular',
        });
      }
      // an out-of-office reply set in Outlook on the web before a day off
      if (r.chance(0.03)) {
        cmdlet(workTime(r, d0), u, 'Set-MailboxAutoReplyConfiguration', u.upn, [['Identity', u.upn], ['AutoReplyState', 'Scheduled'], ['StartTime', new Date((d0 + DAY) / 1000).toISOString()], ['EndTime', new Date((d0 + 2 * DAY) / 1000).toISOString()]], false);
      }
    }
    // the admin's mailbox requests: a calendar delegate for an assistant, a larger retention for a mailbox
    if (r.chance(0.4) && people.length > 1) {
      const [a, b] = [r.pick(people), r.pick(people)];
      if (a !== b) cmdlet(workTime(r, d0), it, 'Add-MailboxFolderPermission', `${a.upn}:\\Calendar`, [['Identity', `${a.upn}:\\Calendar`], ['User', b.upn], ['AccessRights', 'Editor'], ['SharingPermissionFlags', 'Delegate']], true);
    }
    if (k === 0 || r.chance(0.2)) {
      const u = r.pick(people);
      cmdlet(workTime(r, d0), it, 'Set-Mailbox', u.upn, [['Identity', u.upn], ['RetainDeletedItemsFor', '30.00:00:00']], true);
    }
  }
}
