/**
 * IdentityAccountInfo (Defender XDR advanced hunting; docs/tables/identity-accounts.md): the
 * accounts behind each identity of IdentityInfo, one row per account per IdentityInfo snapshot
 * (the page: a new line when a change is detected or 24 hours after the last one, as IdentityInfo's
 * daily rows). Every person has an Entra ID account; a hybrid person (IdentityInfo's
 * SourceProvider ActiveDirectory) also has the Active Directory account it is synchronised from,
 * linked to the same identity (`IdentityId`). Everything is copied from IdentityInfo's row or is
 * a hash of it, except `AuthenticationMethod`, which follows the sign-in log: an Entra account
 * whose sign-ins AD FS issued (SigninLogs' TokenIssuerType ADFederationServices) is `Federated`.
 * No random draws: every other table's rows stay as they were.
 *
 * The page's own `Type` column (User / ServiceAccount) keeps its name and meaning here, so the
 * Log Analytics `Type` column (the table's name) that the catalog adds to every other
 * advanced-hunting table is not added to this one (src/catalog/log-analytics.ts adds only
 * missing names); the Log Analytics page of the table calls the same datum `IdentityType`, which
 * the catalog offers as a computed copy.
 */
import type { Shape } from './arrow.ts';
import { guidOf, hexOf } from './rng.ts';
import type { RefTable } from './schema-data.ts';
import { refColumns } from './sentinel-tables.ts';
import { DAY, MIN } from './time.ts';
import type { Sinks } from './world.ts';

const REF = 'docs/tables/identity-accounts.md';

export const IDENTITY_ACCOUNT_TABLES: RefTable[] = [
  {
    name: 'IdentityAccountInfo',
    kind: 'advanced-hunting',
    ref: REF,
    description: "The accounts of each identity (Entra ID, and Active Directory for hybrid people), one row per account per IdentityInfo snapshot; `Type` is the identity's type (User / ServiceAccount).",
    columns: refColumns(`Timestamp:datetime ReportId:string SourceProviderAccountId:string AccountId:string IdentityId:string IsPrimary:bool
      IdentityLinkType:string IdentityLinkReason:string IdentityLinkTime:datetime IdentityLinkBy:string DisplayName:string AccountUpn:string
      EmailAddress:string CriticalityLevel:int DefenderRiskLevel:int DefenderRiskUpdateTime:datetime Type:string GivenName:string Surname:string
      EmployeeId:string Department:string JobTitle:string Address:string City:string Country:string Phone:string Manager:string Sid:string
      AccountStatus:string SourceProvider:string SourceProviderInstanceId:string SourceProviderInstanceDisplayName:string AuthenticationMethod:string
      AuthenticationSourceAcccountId:string EnrolledMfas:dynamic LastPasswordChangeTime:datetime GroupMembership:dynamic AssignedRoles:dynamic
      EligibleRoles:dynamic TenantMembershipType:string CreatedDateTime:datetime DeletedDateTime:datetime Tags:dynamic SourceProviderRiskLevel:dynamic
      AdditionalFields:dynamic TenantId:string`),
  },
];

export const IDENTITY_ACCOUNT_SHAPES: Record<string, Shape> = {
  'IdentityAccountInfo.EnrolledMfas': { list: { struct: [['MfaType', 'string'], ['Status', 'string']] } },
  'IdentityAccountInfo.AdditionalFields': { struct: [['DistinguishedName', 'string']] },
};

const INFO_COLS = [
  'Timestamp', 'AccountObjectId', 'AccountUpn', 'OnPremSid', 'AccountDisplayName', 'AccountName', 'CriticalityLevel', 'CloudSid', 'GivenName', 'Surname',
  'Department', 'JobTitle', 'EmailAddress', 'Address', 'City', 'Country', 'IsAccountEnabled', 'Manager', 'Phone', 'CreatedDateTime', 'DeletedDateTime',
  'EmployeeId', 'RiskLevel', 'Tags', 'AssignedRoles', 'PrivilegedEntraPimRoles', 'TenantMembershipType', 'OnPremObjectId', 'GroupMembership', 'IdentityId',
  'SourceProvider', 'IsMFARegistered', 'IsServiceAccount', 'DistinguishedName', 'UserStateChangedOn',
];

/** IdentityInfo rows read (kept as they are written: the table may be spilled by then). */
export function keepIdentityAccountReads(sinks: Sinks): void {
  sinks.IdentityInfo.keep('accounts', INFO_COLS, () => true);
}

const AD_DOMAIN = 'corp.contoso.example';
const RISK: Record<string, number> = { low: 1, medium: 2, high: 3 };

/** `from`: the window's first day (epoch microseconds). */
export function writeIdentityAccounts(c: { sinks: Sinks; tenant: string; from: number }): void {
  const out = c.sinks.IdentityAccountInfo;
  if (!out) return;
  const si = c.sinks.SigninLogs;
  const federated = new Set<string>();
  for (let i = 0; i < si.length; i++) if (si.get(i, 'TokenIssuerType') === 'ADFederationServices') federated.add(String(si.get(i, 'UserPrincipalName')).toLowerCase());
  const info = c.sinks.IdentityInfo.kept('accounts');
  for (let i = 0; i < info.length; i++) {
    const g = (k: string) => info.get(i, k);
    const s = (k: string) => (g(k) as string | null) ?? '';
    const upn = s('AccountUpn');
    const hybrid = s('SourceProvider') === 'ActiveDirectory';
    const created = g('CreatedDateTime') as number;
    const enabled = g('IsAccountEnabled') === true;
    const risk = RISK[s('RiskLevel').toLowerCase()] ?? 0;
    // the last password change: 7 to 96 days before the window, in office hours (a hash of the account), never before the account existed
    const pwd = Math.max(created, c.from - (7 + (Number.parseInt(hexOf(`pwd:${upn}`, 4), 16) % 90)) * DAY + (8 * 60 + (Number.parseInt(hexOf(`pwdm:${upn}`, 2), 16) % 240)) * MIN);
    const common = {
      Timestamp: g('Timestamp'),
      IdentityId: s('IdentityId'),
      IdentityLinkType: 'Strong identifiers',
      IdentityLinkReason: '',
      IdentityLinkTime: created,
      IdentityLinkBy: 'System',
      DisplayName: s('AccountDisplayName'),
      AccountUpn: upn,
      EmailAddress: s('EmailAddress'),
      CriticalityLevel: g('CriticalityLevel'),
      DefenderRiskLevel: risk,
      DefenderRiskUpdateTime: risk ? g('Timestamp') : null,
      Type: g('IsServiceAccount') === true ? 'ServiceAccount' : 'User',
      GivenName: s('GivenName'),
      Surname: s('Surname'),
      EmployeeId: s('EmployeeId'),
      Department: s('Department'),
      JobTitle: s('JobTitle'),
      Address: s('Address'),
      City: s('City'),
      Country: s('Country'),
      Phone: s('Phone'),
      Manager: s('Manager'),
      AccountStatus: g('DeletedDateTime') != null ? 'Deleted' : enabled ? 'Enabled' : 'Disabled',
      LastPasswordChangeTime: g('IsServiceAccount') === true ? created : pwd,
      GroupMembership: g('GroupMembership'),
      AssignedRoles: g('AssignedRoles'),
      TenantMembershipType: s('TenantMembershipType'),
      CreatedDateTime: created,
      DeletedDateTime: g('DeletedDateTime'),
      Tags: g('Tags'),
      TenantId: c.tenant,
    };
    const adAccount = guidOf(`account:ad:${upn}`);
    if (hybrid) {
      out.add({
        ...common,
        SourceProviderAccountId: s('OnPremObjectId'),
        AccountId: adAccount,
        IsPrimary: false,
        Sid: s('OnPremSid'),
        SourceProvider: 'ActiveDirectory',
        SourceProviderInstanceId: AD_DOMAIN,
        SourceProviderInstanceDisplayName: AD_DOMAIN,
        AuthenticationMethod: 'Credentials',
        AuthenticationSourceAcccountId: '',
        EnrolledMfas: [],
        EligibleRoles: [],
        SourceProviderRiskLevel: null,
        AdditionalFields: { DistinguishedName: s('DistinguishedName') },
      });
    }
    const fed = hybrid && federated.has(upn.toLowerCase());
    out.add({
      ...common,
      SourceProviderAccountId: s('AccountObjectId'),
      AccountId: guidOf(`account:entra:${upn}`),
      IsPrimary: true,
      Sid: s('CloudSid'),
      SourceProvider: 'EntraID',
      SourceProviderInstanceId: c.tenant,
      SourceProviderInstanceDisplayName: 'Contoso',
      AuthenticationMethod: fed ? 'Federated' : hybrid ? 'Hybrid' : 'Credentials',
      AuthenticationSourceAcccountId: fed ? adAccount : '',
      EnrolledMfas: g('IsMFARegistered') === true ? [{ MfaType: 'MicrosoftAuthenticator', Status: 'Enabled' }] : [],
      EligibleRoles: g('PrivilegedEntraPimRoles') ?? [],
      SourceProviderRiskLevel: s('RiskLevel') ? [s('RiskLevel')] : null,
      AdditionalFields: null,
    });
  }
}
