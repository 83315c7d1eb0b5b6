/**
 * ADFSSignInLogs (Microsoft Entra ID's AD FS sign-in log, sent to Entra by Connect Health for
 * AD FS and exported with the tenant's other sign-in logs; docs/tables/identity-accounts.md): one
 * record per authentication request the lab's AD FS farm answered, from the farm's own audit
 * events (AdfsEvents, Security channel): a token issued (1200) is a successful sign-in, a
 * credential that failed validation (1203) a failed one; the extranet's credential validation
 * (1202) that precedes an issuance is part of the same request and gives no record of its own. A
 * token AD FS did not issue (golden-saml's forged one) has no record here, as in a real tenant.
 * Columns and types: the table's Log Analytics reference page, in its order, without `_BilledSize`
 * and `_IsBillable` (as the other Sentinel tables). No random draws (hashes of the event):
 * every other table's rows stay as they were.
 */
import { guidOf, hexOf } from './rng.ts';
import type { RefTable } from './schema-data.ts';
import { refColumns } from './sentinel-tables.ts';
import type { Sinks } from './world.ts';

export const ADFS_SIGNIN_TABLES: RefTable[] = [
  {
    name: 'ADFSSignInLogs',
    kind: 'sentinel',
    ref: 'docs/tables/identity-accounts.md',
    description: "AD FS sign-ins as Entra ID reports them (Connect Health for AD FS): each token the farm issued or credential it refused (AdfsEvents 1200 / 1203).",
    columns: refColumns(`AlternateSignInName:string AppDisplayName:string AppId:string AuthenticationDetails:string AuthenticationProcessingDetails:string
      AuthenticationRequirement:string AuthenticationRequirementPolicies:string Category:string ConditionalAccessPolicies:string ConditionalAccessStatus:string
      CorrelationId:string CreatedDateTime:datetime DeviceDetail:string DurationMs:long Id:string Identity:string IPAddress:string IsInteractive:bool
      Level:string Location:string NetworkLocationDetails:string OperationName:string OperationVersion:string OriginalRequestId:string
      ProcessingTimeInMs:string Requirement:string ResourceDisplayName:string ResourceGroup:string ResourceIdentity:string ResourceTenantId:string
      ResultDescription:string ResultSignature:string ResultType:string SourceSystem:string Status:string TenantId:string TimeGenerated:datetime
      TokenIssuerName:string TokenIssuerType:string Type:string UniqueTokenIdentifier:string UserAgent:string UserDisplayName:string UserId:string
      UserPrincipalName:string`),
  },
];

/** Display names of the farm's relying party trusts (Entra Connect names the Microsoft 365 trust; the portal's is the lab's choice). */
const RELYING_PARTY: Record<string, string> = {
  'urn:federation:MicrosoftOnline': 'Microsoft Office 365 Identity Platform',
  'https://portal.corp.contoso.example/': 'Contoso Portal',
};

/** The method names of AuthenticationDetails for AD FS's primary authentication (lab's choice but for Windows authentication's, which Sentinel's AD FS rules read). */
const METHOD: Record<string, string> = {
  'urn:federation:authentication:windows': 'Integrated Windows Authentication',
  'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport': 'Forms Authentication',
};

const BAD_PASSWORD = 'Error validating credentials due to invalid username or password.';

export function writeAdfsSignIns(c: { sinks: Sinks; tenant: string }): void {
  const out = c.sinks.ADFSSignInLogs;
  if (!out) return;
  const ev = c.sinks.AdfsEvents;
  if (!ev.length) return;
  // people by UPN and by on-premises account name (IdentityInfo), and where Entra ID places an address (SigninLogs)
  const people = new Map<string, { upn: string; id: string; name: string }>();
  const info = c.sinks.IdentityInfo.kept('accounts');
  for (let i = 0; i < info.length; i++) {
    const p = { upn: String(info.get(i, 'AccountUpn')), id: String(info.get(i, 'AccountObjectId')), name: String(info.get(i, 'AccountDisplayName')) };
    people.set(p.upn.toLowerCase(), p);
    people.set(`corp\\${String(info.get(i, 'AccountName')).toLowerCase()}`, p);
  }
  const where = new Map<string, string>();
  const si = c.sinks.SigninLogs;
  for (let i = 0; i < si.length; i++) {
    const loc = si.get(i, 'Location') as string | null;
    if (loc) where.set(String(si.get(i, 'IPAddress')), loc);
  }
  for (let i = 0; i < ev.length; i++) {
    const g = (k: string) => ev.get(i, k);
    const id = g('EventId');
    if (g('LogName') !== 'Security' || (id !== 1200 && id !== 1203)) continue;
    const ok = id === 1200;
    const t = g('TimeCreated') as number;
    const activity = String(g('ActivityId'));
    const xml = String(g('EventXml') ?? '');
    const user = String(g('UserId'));
    const p = people.get(user.toLowerCase());
    const upn = p?.upn ?? user;
    const ip = String(g('IpAddress'));
    const rp = String(g('RelyingParty'));
    const farm = /<Server>https?:\/\/([^/<]+)\//.exec(xml)?.[1] ?? '';
    const ua = /<UserAgentString>([^<]*)<\/UserAgentString>/.exec(xml)?.[1] ?? '';
    const mfa = g('MfaPerformed') === true;
    const h = (k: string, m: number) => Number.parseInt(hexOf(`adfssi:${activity}:${k}`, 8), 16) % m;
    const steps = [{ authenticationMethod: METHOD[String(g('PrimaryAuth'))] ?? 'Forms Authentication', succeeded: ok }];
    if (ok && mfa) steps.push({ authenticationMethod: String(g('MfaMethod')), succeeded: true });
    const status = ok ? { errorCode: 0 } : { errorCode: 50126, failureReason: BAD_PASSWORD };
    const device = String(g('DeviceId') ?? '');
    out.add({
      AlternateSignInName: upn,
      AppDisplayName: '',
      AppId: '',
      AuthenticationDetails: JSON.stringify(steps),
      AuthenticationProcessingDetails: '[]',
      AuthenticationRequirement: mfa ? 'multiFactorAuthentication' : 'singleFactorAuthentication',
      AuthenticationRequirementPolicies: '[]',
      Category: 'ADFSSignInLogs',
      ConditionalAccessPolicies: '[]',
      ConditionalAccessStatus: 'notApplied',
      CorrelationId: activity,
      CreatedDateTime: t,
      DeviceDetail: JSON.stringify(device && device !== 'N/A' ? { deviceId: device } : {}),
      DurationMs: 0,
      Id: guidOf(`adfssi:${activity}:${id}`),
      Identity: p?.name ?? user,
      IPAddress: ip,
      IsInteractive: g('AuthProtocol') !== 'WSTrust',
      Level: '4',
      Location: where.get(ip) ?? (g('NetworkLocation') === 'Intranet' ? 'NL' : ''),
      NetworkLocationDetails: '[]',
      OperationName: 'Sign-in activity',
      OperationVersion: '1.0',
      OriginalRequestId: '',
      ProcessingTimeInMs: String(25 + h('ms', 260)),
      Requirement: 'primaryAuthentication',
      ResourceDisplayName: RELYING_PARTY[rp] ?? rp,
      ResourceGroup: 'Microsoft.aadiam',
      ResourceIdentity: rp,
      ResourceTenantId: c.tenant,
      ResultDescription: ok ? '' : BAD_PASSWORD,
      ResultSignature: 'None',
      ResultType: ok ? '0' : '50126',
      SourceSystem: 'Azure',
      Status: JSON.stringify(status),
      TenantId: c.tenant,
      TimeGenerated: t,
      TokenIssuerName: farm,
      TokenIssuerType: 'ADFederationServices',
      Type: 'ADFSSignInLogs',
      UniqueTokenIdentifier: ok ? hexOf(`adfstok:${activity}`, 22) : '',
      UserAgent: ua,
      UserDisplayName: p?.name ?? '',
      UserId: p?.id ?? '',
      UserPrincipalName: upn,
    });
  }
}
