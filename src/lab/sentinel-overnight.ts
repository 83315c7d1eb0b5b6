/**
 * Entra ID through the night, from what the lab already says about the day:
 *  - the phones: most users (a hash of the user) have Outlook and Teams on their phone, signed in
 *    before the window (a refresh token outlives it), renewing their access tokens every hour or
 *    so, day and night: non-interactive sign-ins (AADNonInteractiveUserSignInLogs) from the office's
 *    network in office hours and the user's home line otherwise, not registered devices. The
 *    workstations do not refresh at night: their users sign in afresh every morning
 *    (DeviceLogonEvents) and no Office client talks to the cloud overnight (DeviceNetworkEvents).
 *    The lab's Defender sign-in table holds interactive sign-ins only, as for the day's refreshes;
 *  - the HR feed's updates of users' records: every PATCH of a user Contoso HR Sync sends through
 *    Microsoft Graph (MicrosoftGraphActivityLogs, around the clock) is an "Update user" in AuditLogs
 *    initiated by the app, with the attribute it changed.
 * Service principal sign-ins already run around the clock (sentinel-rows.ts appSignIns). Its own
 * random stream; other rows are only read.
 */
import { addressesOf } from './addresses.ts';
import * as M from './model.ts';
import { guidOf, hexOf, type Rng } from './rng.ts';
import { DAY, MIN, SEC } from './time.ts';
import type { Dev, Sinks } from './world.ts';

export interface OvernightCtx {
  sinks: Sinks;
  days: number[];
  /** Background users only. */
  users: M.UserDef[];
  devs: Dev[];
  tenant: string;
}


export function writeOvernightEntra(c: OvernightCtx, r: Rng): void {
  if (c.users.length === 0) return;
  tokenRefreshes(c, r);
  hrUpdates(c, r);
}

/** The mobile apps and their first-party client ids. */
const MOBILE = [
  { app: 'Microsoft Outlook', appId: '27922004-5251-4030-b22d-91ecd9a37ea4', res: 'Office 365 Exchange Online', resId: '00000002-0000-0ff1-ce00-000000000000', ua: 'Outlook-iOS/2.0' },
  { app: 'Microsoft Teams', appId: '1fec8e78-bce4-4aaf-ab1b-5451cc387264', res: 'Microsoft Teams Services', resId: M.APPS.teams.id, ua: 'TeamsMobile-iOS' },
];
const OFFICE_IP = '198.51.100.30';

function tokenRefreshes(c: OvernightCtx, r: Rng): void {
  const si = c.sinks.SigninLogs;
  const ni = c.sinks.AADNonInteractiveUserSignInLogs;
  const end = c.days[c.days.length - 1] + DAY;
  // the networks as the sign-in log already describes them (the office's egress, the users' home lines)
  const net = new Map<string, { asn: unknown; loc: unknown; location: unknown }>();
  const resSp = new Map<string, string>();
  for (let i = 0; i < si.length; i++) {
    net.set(String(si.get(i, 'IPAddress')), { asn: si.get(i, 'AutonomousSystemNumber'), loc: si.get(i, 'LocationDetails'), location: si.get(i, 'Location') });
    resSp.set(String(si.get(i, 'ResourceDisplayName')), String(si.get(i, 'ResourceServicePrincipalId')));
  }
  const homes = addressesOf('homes');
  for (const u of c.users) {
    const h = Number.parseInt(hexOf(`phone:${u.upn}`, 4), 16);
    // most users read mail and chat on their phone (signed in before the window: the refresh token outlives it)
    if (h % 10 >= 7) continue;
    const home = homes[h % homes.length];
    const device = { deviceId: '', displayName: '', operatingSystem: h % 3 === 0 ? 'Android 14' : 'Ios 17.4.1', browser: '' };
    for (const m of MOBILE) {
      const session = guidOf(`phone-session:${u.upn}:${m.app}`);
      for (let t = c.days[0] + r.int(0, 90) * MIN + r.int(0, 59) * SEC; t < end; t += r.int(55, 90) * MIN + r.int(0, 59) * SEC) {
        const hour = Math.floor((t % DAY) / (60 * MIN));
        const ip = hour >= 8 && hour < 18 && net.has(OFFICE_IP) ? OFFICE_IP : home;
        const where = net.get(ip) ?? { asn: 64500, loc: { city: 'Rotterdam', state: 'Zuid-Holland', countryOrRegion: 'NL' }, location: 'NL' };
        const id = guidOf(`ni-phone:${u.upn}:${m.app}:${t}`);
        ni.add({
          AADTenantId: c.tenant, AlternateSignInName: u.upn, AppDisplayName: m.app, AppId: m.appId, AppliedEventListeners: [], AuthenticationContextClassReferences: '[]',
          AuthenticationDetails: '[]', AuthenticationMethodsUsed: '', AuthenticationProcessingDetails: '[{"key":"Is CAE Token","value":"False"}]', AuthenticationProtocol: 'none',
          AuthenticationRequirement: 'singleFactorAuthentication', AuthenticationRequirementPolicies: '[]', AutonomousSystemNumber: where.asn,
          Category: 'NonInteractiveUserSignInLogs', ClientAppUsed: 'Mobile Apps and Desktop clients', ConditionalAccessPolicies: '[]', ConditionalAccessStatus: 'notApplied',
          CorrelationId: guidOf(`phone-corr:${u.upn}:${m.app}:${t}`), CreatedDateTime: t, CrossTenantAccessType: 'none', DeviceDetail: JSON.stringify(device), DurationMs: 0, HomeTenantId: c.tenant,
          Id: id, Identity: u.displayName, IPAddress: ip, IsInteractive: false, IsRisky: false, Level: '4', Location: where.location,
          LocationDetails: JSON.stringify(where.loc ?? {}), MfaDetail: '{}', NetworkLocationDetails: '[]', OperationName: 'Sign-in activity', OperationVersion: '1.0',
          OriginalRequestId: guidOf(`nireq:${id}`), ProcessingTimeInMs: String(r.int(20, 200)), ResourceDisplayName: m.res, ResourceGroup: 'Microsoft.aadiam',
          ResourceIdentity: m.resId, ResourceServicePrincipalId: resSp.get(m.res) ?? guidOf(`ressp:${m.res}`), ResourceTenantId: c.tenant,
          ResultDescription: '', ResultSignature: 'SUCCESS', ResultType: '0', RiskDetail: 'none', RiskEventTypes: '[]', RiskEventTypes_V2: '[]', RiskLevelAggregated: 'none', RiskLevelDuringSignIn: 'none',
          RiskState: 'none', ServicePrincipalId: '', SessionId: session, SessionLifetimePolicies: '[]', SignInEventTypes: '["nonInteractiveUser"]', SignInIdentifierType: '', SourceSystem: 'Azure AD',
          Status: JSON.stringify({ errorCode: 0, additionalDetails: '' }), TenantId: c.tenant, TimeGenerated: t, TokenIssuerName: '', TokenIssuerType: 'AzureAD',
          Type: 'AADNonInteractiveUserSignInLogs', UniqueTokenIdentifier: hexOf(`nitok:${id}`, 22), UserAgent: device.operatingSystem.startsWith('Android') ? m.ua.replace('iOS', 'Android') : m.ua, UserDisplayName: u.displayName,
          UserId: u.objectId, UserPrincipalName: u.upn, UserType: 'Member',
        });
      }
    }
  }
}

/** Contoso HR Sync's user updates (Graph PATCH) as the directory audits them. */
function hrUpdates(c: OvernightCtx, r: Rng): void {
  const g = c.sinks.MicrosoftGraphActivityLogs;
  const byId = new Map(c.users.map((u) => [u.objectId, u]));
  // the feed's contact fields; each change of a user's field starts from the value the previous one set
  const value = (u: M.UserDef, prop: string, n: number): string => {
    const h = Number.parseInt(hexOf(`hr:${u.upn}:${prop}:${n}`, 4), 16);
    if (prop === 'PhysicalDeliveryOfficeName') return ['Amsterdam HQ', 'Amsterdam HQ - 2nd floor', 'Amsterdam HQ - 3rd floor', 'Rotterdam'][h % 4];
    return `+31 ${prop === 'Mobile' ? '6' : '20 555'} ${String(h % 10000).padStart(4, '0')}${prop === 'Mobile' ? String(h % 97).padStart(4, '0') : ''}`;
  };
  const changes = new Map<string, number>();
  for (let i = 0; i < g.length; i++) {
    if (g.get(i, 'RequestMethod') !== 'PATCH' || g.get(i, 'AppId') !== '7a3d2f5e-6b1c-4e8f-9a0b-1c2d3e4f5a6b') continue;
    if (!String(g.get(i, 'ResponseStatusCode')).startsWith('2')) continue;
    const m = /\/users\/([0-9a-f-]{36})/.exec(String(g.get(i, 'RequestUri')));
    const u = m ? byId.get(m[1]) : undefined;
    if (!u) continue;
    const t = (g.get(i, 'TimeGenerated') as number) + r.int(200, 1500) * 1000;
    const prop = r.pick(['TelephoneNumber', 'Mobile', 'PhysicalDeliveryOfficeName']);
    const n = changes.get(`${u.upn}:${prop}`) ?? 0;
    changes.set(`${u.upn}:${prop}`, n + 1);
    const [oldValue, newValue] = [value(u, prop, n), value(u, prop, n + 1)];
    const id = guidOf(`hr-update:${u.upn}:${t}`);
    c.sinks.AuditLogs.add({
      AADOperationType: 'Update', AADTenantId: c.tenant, ActivityDateTime: t, ActivityDisplayName: 'Update user', AdditionalDetails: [{ key: 'UserType', value: 'Member' }],
      Category: 'UserManagement', CorrelationId: String(g.get(i, 'OperationId') ?? guidOf(`corr:${id}`)), DurationMs: 0, Id: `Directory_${guidOf(`dir:${id}`)}`, Identity: 'Contoso HR Sync',
      InitiatedBy: { user: null, app: { appId: '7a3d2f5e-6b1c-4e8f-9a0b-1c2d3e4f5a6b', displayName: 'Contoso HR Sync', servicePrincipalId: String(g.get(i, 'ServicePrincipalId') ?? ''), servicePrincipalName: null } },
      Level: 'Informational', Location: 'EU', LoggedByService: 'Core Directory', OperationName: 'Update user', OperationVersion: '1.0', Resource: 'Microsoft.aadiam', ResourceGroup: 'Microsoft.aadiam',
      ResourceId: `/tenants/${c.tenant}/providers/Microsoft.aadiam`, ResourceProvider: 'Microsoft.aadiam', Result: 'success', ResultDescription: '', ResultReason: '', ResultSignature: 'None', ResultType: '', SourceSystem: 'Azure AD',
      TargetResources: [{ id: u.objectId, displayName: null, type: 'User', userPrincipalName: u.upn, modifiedProperties: [{ displayName: prop, oldValue: JSON.stringify([oldValue]), newValue: JSON.stringify([newValue]) }, { displayName: 'Included Updated Properties', oldValue: null, newValue: JSON.stringify(prop) }] }],
      TimeGenerated: t, Type: 'AuditLogs', TenantId: c.tenant,
    });
  }
}
