/**
 * What the tenant's administrators and its Linux proxy log besides the rest of the Sentinel
 * background (docs/lab-background.md, "Help desk, tenant administration and the proxy"):
 *  - a user who mistypes the password again and again until Entra ID's smart lockout answers
 *    50053 instead of 50126 (the default threshold is ten failures), and either waits and signs in
 *    again or calls the help desk, which resets the password (AuditLogs);
 *  - the help desk issuing a Temporary Access Pass to a user who has a new phone, and the user
 *    registering the Authenticator app with it a little later;
 *  - an IT administrator adding the emergency-access group to a Conditional Access policy's
 *    exclusions (a change that leaves every sign-in's evaluation as it was);
 *  - the squid forward proxy the Linux servers fetch their package updates through, and an admin
 *    now and then editing root's crontab on one of them (sudo crontab -e);
 *  - the IT administrator activating an eligible directory role in Privileged Identity Management
 *    for a task (requested, completed, and expired when the activation's hours are over).
 *
 * User consents, client-secret rotations and role activations are already the cloud estate's
 * (estate-cloud.ts). Rates are per tenant-day from a stream of its own, drawn after every other
 * table's.
 */
import { pickAddress, webAddress } from './addresses.ts';
import * as M from './model.ts';
import { guidOf, type Rng } from './rng.ts';
import { entraSignIn } from './sentinel-estate.ts';
import { HOUR, isWorkday, MIN, SEC } from './time.ts';
import type { Dev, Sinks } from './world.ts';

export interface HelpdeskCtx {
  sinks: Sinks;
  days: number[];
  /** Background users only. */
  users: M.UserDef[];
  devs: Dev[];
  caPolicies: M.CaPolicy[];
}

const TENANT = M.TENANT.tenantId;
/** The IT staff work from the office's egress (as in the other AuditLogs rows). */
const IT_IP = '198.51.100.30';
const OFFICE_HOME = { name: 'OfficeHome', id: '4765445b-32c6-49b0-83e6-1d93765276ca' };
const OFFICE_365 = { name: 'Office 365', id: '72782ba9-4490-4f03-8d82-562370ea3566' };
const WORKSPACE = guidOf('workspace');
const NL = { city: 'Amsterdam', state: 'Noord-Holland', countryOrRegion: 'NL', lat: 52.37, lon: 4.9 };
export const EMERGENCY_GROUP = { id: guidOf('group:ca-emergency-access'), name: 'CA-Exclude-EmergencyAccess' };
/** The proxy the Linux servers use (not onboarded to Defender; it sends its access log over syslog). */
export const PROXY = { name: 'proxy01', ip: '10.20.0.9' };
export const PROXY_CLIENTS = [
  { name: 'backuprepo01', ip: '10.20.0.41' },
  { name: 'sftp01', ip: '10.30.0.12' },
];

export function writeHelpdesk(c: HelpdeskCtx, r: Rng): void {
  if (c.users.length === 0) return;
  const it = c.users.find((u) => u.department === 'IT') ?? c.users[0];
  const audit = auditWriter(c.sinks);
  lockouts(c, r.fork('lockouts'), it, audit);
  temporaryAccessPasses(c, r.fork('tap'), it, audit);
  conditionalAccess(c, r.fork('ca'), it, audit);
  squid(c, r.fork('squid'));
  crontabEdits(c, r.fork('crontab'));
  pimActivations(c, r.fork('pim'), it, audit);
}

interface Target {
  id: string;
  name: string;
  type: string;
  upn?: string;
}
type Audit = (t: number, act: string, category: string, service: string, by: M.UserDef | null, targets: Target[], props: [string, string | null, string][], o?: { reason?: string; corr?: string; app?: string; ua?: string; ip?: string }) => void;

function auditWriter(s: Sinks): Audit {
  return (t, act, category, service, by, targets, props, o = {}) =>
    s.AuditLogs.add({
      AADOperationType: /^Add|^Register|registered|^Create|^Consent/.test(act) ? 'Add' : /^Delete|^Remove/.test(act) ? 'Delete' : /^Reset/.test(act) ? 'Reset' : 'Update', AADTenantId: TENANT, ActivityDateTime: t, ActivityDisplayName: act,
      AdditionalDetails: [{ key: 'User-Agent', value: o.ua ?? M.UA.edge }], Category: category, CorrelationId: o.corr ?? guidOf(`hd-corr:${act}:${t}`), DurationMs: 0,
      Id: `${service === 'Core Directory' ? 'Directory' : service === 'Conditional Access' ? 'IPCGraph' : 'SSGM'}_${guidOf(`hd-aud:${act}:${t}`)}`,
      Identity: by?.displayName ?? o.app ?? '',
      InitiatedBy: by ? { user: { id: by.objectId, displayName: null, userPrincipalName: by.upn, ipAddress: o.ip ?? IT_IP, roles: [] }, app: null } : { user: null, app: { appId: null, displayName: o.app ?? '', servicePrincipalId: guidOf(`sp:${o.app}`), servicePrincipalName: null } },
      Level: 'Informational', Location: 'EU', LoggedByService: service, OperationName: act, OperationVersion: '1.0', Resource: 'Microsoft.aadiam', ResourceGroup: 'Microsoft.aadiam',
      ResourceId: `/tenants/${TENANT}/providers/Microsoft.aadiam`, ResourceProvider: 'Microsoft.aadiam', Result: 'success', ResultDescription: '', ResultReason: o.reason ?? '', ResultSignature: 'None', ResultType: '', SourceSystem: 'Azure AD',
      TargetResources: targets.map((x, i) => ({ id: x.id, displayName: x.name, type: x.type, userPrincipalName: x.upn ?? null, modifiedProperties: i === 0 ? props.map(([displayName, oldValue, newValue]) => ({ displayName, oldValue, newValue })) : [] })),
      TimeGenerated: t, Type: 'AuditLogs', TenantId: TENANT,
    });
}

const userTarget = (u: M.UserDef): Target => ({ id: u.objectId, name: u.displayName, type: 'User', upn: u.upn });

/** A person's own device, as the sign-in logs describe it. */
function deviceOf(c: HelpdeskCtx, u: M.UserDef): { dev: Dev; info: { id: string; name: string; os: string; compliant: boolean; trust: string } } | undefined {
  const dev = c.devs.find((d) => d.user === u && d.def.publicIp);
  if (!dev) return undefined;
  const trust = dev.def.joinType === 'AAD Joined' ? 'Azure AD joined' : 'Hybrid Azure AD joined';
  return { dev, info: { id: dev.def.aadDeviceId, name: dev.def.name, os: 'Windows10', compliant: true, trust } };
}

const LOCKED = "The account is locked, you've tried to sign in too many times with an incorrect user ID or password.";
const BAD_PASSWORD = 'Error validating credentials due to invalid username or password.';

/** Someone keeps trying an old password (after a change, after holidays) until smart lockout takes over. */
function lockouts(c: HelpdeskCtx, r: Rng, it: M.UserDef, audit: Audit): void {
  for (const d0 of c.days) {
    if (!r.chance(0.6)) continue;
    const u = r.pick(c.users);
    const own = deviceOf(c, u);
    const home = !own || r.chance(0.3);
    const ip = home ? pickAddress(r, 'homes') : own.dev.def.publicIp;
    const device = home ? undefined : own?.info;
    const app = r.chance(0.6) ? OFFICE_HOME : OFFICE_365;
    let t = d0 + r.int(7 * 60, 18 * 60) * MIN + r.int(0, 59) * SEC;
    const base = { upn: u.upn, user: u, ip, loc: NL, app, resource: app, clientAppUsed: 'Browser', ua: M.UA.edge, details: '', device, ...(home ? { os: 'Windows', osText: 'Windows 10', isp: 'Example Broadband' } : {}) };
    // ten wrong passwords (smart lockout's default threshold), then one to three more while locked
    for (let k = 0; k < 10; k++) {
      t += r.int(8, 50) * SEC;
      entraSignIn(c.sinks, { ...base, t, code: 50126, reason: BAD_PASSWORD });
    }
    for (let k = r.int(1, 3); k > 0; k--) {
      t += r.int(5, 40) * SEC;
      entraSignIn(c.sinks, { ...base, t, code: 50053, reason: LOCKED, details: 'Account locked by smart lockout' });
    }
    if (r.chance(0.5)) {
      // the help desk resets the password; the user signs in with the new one
      const reset = t + r.int(10, 45) * MIN;
      const corr = guidOf(`hd-reset:${u.upn}:${reset}`);
      audit(reset, 'Reset password (by admin)', 'UserManagement', 'Self-service Password Management', it, [userTarget(u)], [], { reason: 'Successfully completed reset.', corr });
      audit(reset + 2 * SEC, 'Reset user password', 'UserManagement', 'Core Directory', it, [userTarget(u)], [], { corr });
      t = reset + r.int(2, 15) * MIN;
    } else t += r.int(15, 70) * MIN;
    entraSignIn(c.sinks, { ...base, t, code: 0, reason: '' });
  }
}

/** A new phone: the help desk issues a one-time Temporary Access Pass, the user registers the Authenticator app with it. */
function temporaryAccessPasses(c: HelpdeskCtx, r: Rng, it: M.UserDef, audit: Audit): void {
  for (const d0 of c.days) {
    if (!isWorkday(d0) || !r.chance(0.5)) continue;
    const u = r.pick(c.users.filter((x) => x !== it));
    if (!u) continue;
    const t = d0 + r.int(8 * 60 + 30, 16 * 60) * MIN + r.int(0, 59) * SEC;
    audit(t, 'Admin registered security info', 'UserManagement', 'Authentication Methods', it, [userTarget(u)], [], { reason: 'Admin registered temporary access pass method for user' });
    const used = t + r.int(5, 50) * MIN;
    audit(used, 'User registered security info', 'UserManagement', 'Authentication Methods', u, [userTarget(u)], [], { reason: 'User registered Authenticator App with Notification and Code' });
    audit(used + r.int(10, 40) * SEC, 'User registered all required security info', 'UserManagement', 'Authentication Methods', u, [userTarget(u)], [], { reason: 'User registered all required security info' });
  }
}

/** The policy object as the Conditional Access audit records hold it (old and new value of the change). */
function policyJson(p: M.CaPolicy, excludeGroups: string[], modified: number | null): string {
  return JSON.stringify({
    id: p.id, displayName: p.displayName, createdDateTime: '2024-02-12T09:41:07.1530216+00:00', ...(modified ? { modifiedDateTime: new Date(modified / 1000).toISOString() } : {}),
    state: p.state,
    conditions: {
      applications: { includeApplications: p.includeApplications, excludeApplications: [], includeUserActions: [], includeAuthenticationContextClassReferences: [] },
      users: { includeUsers: ['All'], excludeUsers: [], includeGroups: [], excludeGroups, includeRoles: [], excludeRoles: [] },
      clientAppTypes: p.clientAppTypes,
    },
    grantControls: { operator: p.operator, builtInControls: p.builtInControls, customAuthenticationFactors: [], termsOfUse: [] },
  });
}

/** An administrator's review of the policies: the emergency-access group is excluded from each (one change a policy). */
function conditionalAccess(c: HelpdeskCtx, r: Rng, it: M.UserDef, audit: Audit): void {
  const work = c.days.filter(isWorkday);
  if (work.length === 0 || c.caPolicies.length === 0 || !r.chance(0.7)) return;
  let t = r.pick(work) + r.int(9 * 60, 16 * 60) * MIN + r.int(0, 59) * SEC;
  for (const p of c.caPolicies) {
    t += r.int(2, 9) * MIN + r.int(0, 59) * SEC;
    audit(t, 'Update conditional access policy', 'Policy', 'Conditional Access', it, [{ id: p.id, name: p.displayName, type: 'Policy' }], [['ConditionalAccessPolicy', policyJson(p, [], null), policyJson(p, [EMERGENCY_GROUP.id], t)]]);
  }
}

/** Squid's native access-log line: time, elapsed ms, client, result/status, bytes, method, URL, user, hierarchy/peer, type. */
function squid(c: HelpdeskCtx, r: Rng): void {
  const add = (t: number, line: string, sev = 'info') =>
    c.sinks.Syslog.add({
      CollectorHostName: PROXY.name, Computer: PROXY.name, EventTime: t, Facility: 'local4', HostIP: PROXY.ip, HostName: PROXY.name, ProcessID: 1187, ProcessName: 'squid', SeverityLevel: sev,
      SourceSystem: 'Linux', SyslogMessage: line, TimeGenerated: t + r.int(0, 2) * SEC, Type: 'Syslog',
    });
  const line = (t: number, client: string, result: string, bytes: number, method: string, url: string, host: string, type: string) =>
    `${(Math.floor(t / 1000) / 1000).toFixed(3)} ${String(r.int(3, 900)).padStart(6)} ${client} ${result} ${bytes} ${method} ${url} - ${result.startsWith('TCP_DENIED') ? 'HIER_NONE/-' : `HIER_DIRECT/${webAddress(host)}`} ${type}`;
  const apt = [
    ['archive.ubuntu.com', 'http://archive.ubuntu.com/ubuntu/dists/jammy-updates/InRelease'],
    ['archive.ubuntu.com', 'http://archive.ubuntu.com/ubuntu/dists/jammy-backports/InRelease'],
    ['security.ubuntu.com', 'http://security.ubuntu.com/ubuntu/dists/jammy-security/InRelease'],
  ] as const;
  for (const d0 of c.days) {
    for (const cl of PROXY_CLIENTS) {
      // apt-daily runs twice a day at a randomised time
      for (const base of [6 * 60, 18 * 60]) {
        let t = d0 + (base + r.int(0, 240)) * MIN + r.int(0, 59) * SEC;
        for (const [host, url] of apt) {
          t += r.int(0, 2) * SEC + r.int(0, 999) * 1000;
          const fresh = r.chance(0.7);
          add(t, line(t, cl.ip, fresh ? 'TCP_REFRESH_UNMODIFIED/304' : 'TCP_MISS/200', fresh ? r.int(280, 320) : r.int(110_000, 130_000), 'GET', url, host, fresh ? '-' : 'text/plain'));
        }
        t += r.int(1, 3) * SEC;
        add(t, line(t, cl.ip, 'TCP_TUNNEL/200', r.int(6_000, 40_000), 'CONNECT', 'packages.microsoft.com:443', 'packages.microsoft.com', '-'));
        if (r.chance(0.15)) {
          // an update to install: the package itself
          t += r.int(5, 30) * SEC;
          const pkg = r.pick(['openssl_3.0.2-0ubuntu1.15_amd64.deb', 'libssl3_3.0.2-0ubuntu1.15_amd64.deb', 'linux-libc-dev_5.15.0-107.117_amd64.deb', 'tzdata_2024a-0ubuntu0.22.04_all.deb']);
          add(t, line(t, cl.ip, 'TCP_MISS/200', r.int(300_000, 4_000_000), 'GET', `http://security.ubuntu.com/ubuntu/pool/main/${pkg[0]}/${pkg}`, 'security.ubuntu.com', 'application/vnd.debian.binary-package'));
        }
      }
      // the monitoring agent's hourly check-in
      for (let h = 0; h < 24; h++) {
        const t = d0 + h * HOUR + r.int(0, 59) * MIN + r.int(0, 59) * SEC;
        add(t, line(t, cl.ip, 'TCP_TUNNEL/200', r.int(4_000, 9_000), 'CONNECT', `${WORKSPACE}.ods.opinsights.azure.com:443`, 'ods.opinsights.azure.com', '-'));
      }
    }
    // an admin's pip install from the SFTP server, not on the proxy's allow list
    if (isWorkday(d0) && r.chance(0.25)) {
      const t = d0 + r.int(10 * 60, 16 * 60) * MIN + r.int(0, 59) * SEC;
      for (let k = 0, n = r.int(1, 3); k < n; k++) add(t + k * 5 * SEC, line(t + k * 5 * SEC, PROXY_CLIENTS[1].ip, 'TCP_DENIED/403', 3_900, 'CONNECT', 'pypi.org:443', 'pypi.org', 'text/html'));
    }
  }
}

/** An admin edits root's crontab on a Linux server over SSH (sudo crontab -e); cron reloads it at the next minute. */
function crontabEdits(c: HelpdeskCtx, r: Rng): void {
  for (const d0 of c.days) {
    if (!isWorkday(d0) || !r.chance(0.25)) continue;
    const h = r.pick(PROXY_CLIENTS);
    const add = (t: number, facility: string, sev: string, proc: string, pid: number, msg: string) =>
      c.sinks.Syslog.add({
        CollectorHostName: h.name, Computer: h.name, EventTime: t, Facility: facility, HostIP: h.ip, HostName: h.name, ProcessID: pid, ProcessName: proc, SeverityLevel: sev,
        SourceSystem: 'Linux', SyslogMessage: msg, TimeGenerated: t + r.int(0, 2) * SEC, Type: 'Syslog',
      });
    let t = d0 + r.int(9 * 60, 17 * 60) * MIN + r.int(0, 59) * SEC;
    add(t, 'authpriv', 'info', 'sshd', r.int(20000, 60000), `Accepted password for itadmin from 10.20.1.3 port ${r.int(40000, 60000)} ssh2`);
    t += r.int(20, 120) * SEC;
    add(t, 'authpriv', 'notice', 'sudo', r.int(20000, 60000), 'itadmin : TTY=pts/0 ; PWD=/home/itadmin ; USER=root ; COMMAND=/usr/bin/crontab -e');
    const pid = r.int(20000, 60000);
    add(t + 1 * SEC, 'cron', 'info', 'crontab', pid, '(root) BEGIN EDIT (root)');
    t += r.int(30, 300) * SEC;
    add(t, 'cron', 'info', 'crontab', pid, '(root) REPLACE (root)');
    add(t + 1 * SEC, 'cron', 'info', 'crontab', pid, '(root) END EDIT (root)');
    add(t - (t % MIN) + MIN + 1 * SEC, 'cron', 'info', 'cron', 612, '(root) RELOAD (crontabs/root)');
  }
}

/** Directory roles the IT administrator is eligible for in PIM (built-in role template ids), with the tasks they are activated for. */
const PIM_ROLES = [
  { id: '29232cdf-9323-42fd-ade2-1d097af3e4de', name: 'Exchange Administrator', weight: 4, tasks: ['Shared mailbox permissions for Finance', 'Mail flow rule change', 'Restore deleted mailbox items for a user', 'Calendar delegation request'] },
  { id: '3a2c62db-5318-420d-8d74-23affee5d9d5', name: 'Intune Administrator', weight: 3, tasks: ['Microsoft 365 Apps update ring', 'Compliance policy review', 'Wipe a lost phone', 'Enrol new laptops'] },
  { id: 'fe930be7-5e62-47db-91af-98c3a49a38b1', name: 'User Administrator', weight: 2, tasks: ['New starter accounts', 'Leaver offboarding', 'Group membership clean-up'] },
  { id: '194ae4cb-b126-40b2-bd5b-6091b380977d', name: 'Security Administrator', weight: 1, tasks: ['Review Defender alert suppression', 'Attack surface reduction rules review'] },
] as const;
const PIM_WEIGHT = PIM_ROLES.reduce((n, x) => n + x.weight, 0);

/**
 * Privileged Identity Management: the IT administrator holds the admin roles as eligible and activates
 * one for a task, with a justification and a ticket number, for one to four hours (maintenance in the
 * evening for up to eight). PIM logs the request and its completion seconds apart and, when the
 * activation's time is over, the expiry (initiated by the PIM service itself). One to three
 * activations on most working days, now and then an evening's maintenance window.
 */
function pimActivations(c: HelpdeskCtx, r: Rng, it: M.UserDef, audit: Audit): void {
  const own = deviceOf(c, it);
  const end = c.days[c.days.length - 1] + 24 * HOUR;
  const pick = () => {
    let k = r.int(0, PIM_WEIGHT - 1);
    for (const x of PIM_ROLES) {
      if (k < x.weight) return x;
      k -= x.weight;
    }
    return PIM_ROLES[0];
  };
  const activate = (t: number, hours: number, ip: string) => {
    const role = pick();
    const reason = `${r.pick(role.tasks)} (ticket INC${r.int(10_400, 11_900)})`;
    const corr = guidOf(`pim-corr:${role.id}:${t}`);
    const targets: Target[] = [{ id: role.id, name: role.name, type: 'Role' }, userTarget(it)];
    audit(t, 'Add member to role requested (PIM activation)', 'RoleManagement', 'PIM', it, targets, [], { reason, corr, ip });
    const done = t + r.int(2, 25) * SEC;
    audit(done, 'Add member to role completed (PIM activation)', 'RoleManagement', 'PIM', it, targets, [], { reason, corr, ip });
    // (an activation still running when the window closes has no expiry row yet)
    if (done + hours * HOUR < end) audit(done + hours * HOUR, 'Remove member from role (PIM activation expired)', 'RoleManagement', 'PIM', null, targets, [], { app: 'MS-PIM', corr: guidOf(`pim-exp:${role.id}:${t}`) });
  };
  for (const d0 of c.days) {
    if (!isWorkday(d0)) continue;
    const n = r.chance(0.15) ? 0 : r.int(1, 3);
    let t = d0 + r.int(8 * 60, 10 * 60) * MIN + r.int(0, 59) * SEC;
    for (let k = 0; k < n; k++) {
      const hours = r.int(1, 4);
      activate(t, hours, IT_IP);
      t += (hours * 60 + r.int(20, 180)) * MIN;
      if (t > d0 + 17 * HOUR) break;
    }
    // an evening maintenance window, from home (the admin's laptop's own address)
    if (r.chance(0.3)) activate(d0 + r.int(19 * 60, 21 * 60 + 30) * MIN + r.int(0, 59) * SEC, r.int(2, 8), own?.dev.def.publicIp || IT_IP);
  }
}
