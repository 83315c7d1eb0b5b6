/**
 * Columns that a table's current official reference lists and that the lab's first sources
 * (mde-schema.md, more-tables.md, the Log Analytics include pages read for sentinel-tables.ts)
 * did not: a hunting query naming one of them must find the column, not fail with KS142. Each
 * entry names the page it was read from; docs/tables/reference-additions.md lists them with the
 * value the lab writes. They are appended after a table's existing columns, so the positions of
 * the columns queries and packs already use do not move.
 *
 * The writers fill the ones the lab models (a sign-in's session id, the risk of an Entra sign-in,
 * the tenant id); the others stay at their type's default (`''`, `false`, null) as for a tenant
 * that does not use the feature (no Global Secure Access, no tenant restrictions, no agent
 * identities, no workload identity federation) or a datum the lab does not model.
 */
import type { KqlType } from '../catalog/types.ts';

export interface ColumnAddition {
  table: string;
  /** The reference page (repository path or learn.microsoft.com page) and its date. */
  source: string;
  columns: [name: string, type: KqlType, description: string][];
}

const SIGNINLOGS_PAGE = 'learn.microsoft.com/azure/azure-monitor/reference/tables/signinlogs (2026-08-27)';
const NONINTERACTIVE_PAGE = 'MicrosoftDocs/azure-monitor-docs articles/azure-monitor/reference/tables/aadnoninteractiveusersigninlogs.md (2026-07-27)';
const MANAGED_IDENTITY_PAGE = 'MicrosoftDocs/azure-monitor-docs articles/azure-monitor/reference/tables/aadmanagedidentitysigninlogs.md';
const SERVICE_PRINCIPAL_PAGE = 'learn.microsoft.com/azure/azure-monitor/reference/tables/aadserviceprincipalsigninlogs';
const GRAPH_ACTIVITY_PAGE = 'MicrosoftDocs/azure-monitor-docs articles/azure-monitor/reference/tables/microsoftgraphactivitylogs.md (2026-07-27)';
const ENTRA_PAGE = 'MicrosoftDocs/defender-docs defender-xdr/advanced-hunting-entraidsigninevents-table.md (2026-07-27)';

/** The Entra sign-in columns the newer Log Analytics pages share. */
const ENTRA_LA_COMMON: ColumnAddition['columns'] = [
  ['AppOwnerTenantId', 'string', 'tenant of the application owner (empty: not modelled)'],
  ['ClientCredentialType', 'string', 'client credential type (empty: not modelled)'],
  ['ConditionalAccessAudiences', 'string', 'audiences targeted by Conditional Access (empty: not modelled)'],
  ['ResourceOwnerTenantId', 'string', 'tenant of the resource owner (empty: not modelled)'],
  ['SessionId', 'string', 'id of the session generated during the sign-in'],
];

export const REFERENCE_ADDITIONS: ColumnAddition[] = [
  {
    // The AADSignInEventsBeta page does not list them; its successor's page does, and queries on
    // AADSignInEventsBeta are migrated to EntraIdSignInEvents, which the lab builds from this table.
    table: 'AADSignInEventsBeta',
    source: ENTRA_PAGE,
    columns: [
      ['RiskLevelDuringSignIn', 'int', 'user risk level at sign-in (the page gives no scale; here 1, 10, 50, 100 as RiskLevelAggregated)'],
      ['RiskEventTypes', 'string', 'array of risk event types applicable to the event'],
      ['GatewayJA4', 'string', 'JA4 TLS fingerprint at the gateway (empty: not modelled)'],
    ],
  },
  {
    table: 'EntraIdSignInEvents',
    source: ENTRA_PAGE,
    columns: [['IsSignInThroughGlobalSecureAccess', 'bool', 'the sign-in came through Global Secure Access (false: the lab tenant has none)']],
  },
  {
    table: 'SigninLogs',
    source: SIGNINLOGS_PAGE,
    columns: [
      ['Agent', 'dynamic', 'agentic sign-in details (null: no agent identities)'],
      ['AppOwnerTenantId', 'string', 'tenant of the application owner (empty: not modelled)'],
      ['AuthenticationAppDeviceDetails', 'string', 'authenticator app and device state (empty: not modelled)'],
      ['AuthenticationAppPolicyEvaluationDetails', 'string', 'authenticator app policy evaluation (empty: not modelled)'],
      ['AuthenticatorAppLocation', 'string', 'location of the authenticator app (empty: not modelled)'],
      ['ClientCredentialType', 'string', 'client credential type (empty: not modelled)'],
      ['ClientSessionId', 'string', 'client session id (empty: not modelled)'],
      ['ConditionalAccessAudiences', 'string', 'audiences targeted by Conditional Access (empty: not modelled)'],
      ['FederatedCredentialId', 'string', 'federated identity credential (empty: user sign-ins)'],
      ['GlobalSecureAccessIpAddress', 'string', 'Global Secure Access address (empty: no Global Secure Access)'],
      ['HomeTenantName', 'string', 'name of the external home tenant (empty: members only)'],
      ['IncomingTokenType', 'string', 'type of token used to sign in (empty: not modelled)'],
      ['IsTenantRestricted', 'bool', 'under a tenant restrictions policy (false: none)'],
      ['IsThroughGlobalSecureAccess', 'bool', 'came through Global Secure Access (false: none)'],
      ['OriginalTransferMethod', 'string', 'transfer method of the session (empty: not modelled)'],
      ['ResourceOwnerTenantId', 'string', 'tenant of the resource owner (empty: not modelled)'],
      ['RootActorID', 'string', 'root actor virtual id (empty: not modelled)'],
      ['SessionId', 'string', 'id of the session generated during the sign-in (as AADSignInEventsBeta.SessionId)'],
      ['SourceAppClientId', 'string', 'source app client id for target identities (empty)'],
      ['TokenProtectionStatusDetails', 'dynamic', 'token protection (device binding) status (null: not modelled)'],
    ],
  },
  {
    table: 'AADNonInteractiveUserSignInLogs',
    source: NONINTERACTIVE_PAGE,
    columns: [
      ['AADTenantId', 'string', 'Entra tenant id of the logs'],
      ['Agent', 'string', 'agentic sign-in details (empty: no agent identities)'],
      ...ENTRA_LA_COMMON.filter(([n]) => n !== 'SessionId'),
      ['AuthenticatorAppLocation', 'string', 'location of the authenticator app (empty: not modelled)'],
      ['ClientSessionId', 'string', 'client session id (empty: not modelled)'],
      ['FederatedCredentialId', 'string', 'federated identity credential (empty: user sign-ins)'],
      ['GlobalSecureAccessIpAddress', 'string', 'Global Secure Access address (empty: no Global Secure Access)'],
      ['HomeTenantName', 'string', 'name of the external home tenant (empty: members only)'],
      ['IncomingTokenType', 'string', 'type of token used to sign in (empty: not modelled)'],
      ['IsTenantRestricted', 'bool', 'under a tenant restrictions policy (false: none)'],
      ['IsThroughGlobalSecureAccess', 'bool', 'came through Global Secure Access (false: none)'],
      ['OriginalTransferMethod', 'string', 'transfer method of the session (empty: not modelled)'],
      ['SessionId', 'string', 'session of the interactive sign-in the refreshed token belongs to'],
      ['TokenProtectionStatusDetails', 'string', 'token protection (device binding) status (empty: not modelled)'],
    ],
  },
  {
    table: 'AADServicePrincipalSignInLogs',
    source: SERVICE_PRINCIPAL_PAGE,
    columns: [
      ['AADTenantId', 'string', 'Entra tenant id of the logs'],
      ['Agent', 'string', 'agentic sign-in details (empty: no agent identities)'],
      ...ENTRA_LA_COMMON.filter(([n]) => n !== 'SessionId'),
      ['AutonomousSystemNumber', 'string', 'autonomous system of the network (empty: not modelled)'],
      ['CreatedDateTime', 'datetime', 'time of the sign-in activity'],
      ['NetworkLocationDetails', 'string', 'network location details (empty: not modelled)'],
      ['SessionId', 'string', 'session id (empty: not modelled)'],
      ['UserAgent', 'string', 'user agent (empty: not modelled)'],
    ],
  },
  {
    table: 'AADManagedIdentitySignInLogs',
    source: MANAGED_IDENTITY_PAGE,
    columns: [
      ['AADTenantId', 'string', 'Entra tenant id of the logs'],
      ['Agent', 'string', 'agentic sign-in details (empty: no agent identities)'],
      ...ENTRA_LA_COMMON.filter(([n]) => n !== 'SessionId'),
      ['CreatedDateTime', 'datetime', 'time of the sign-in activity'],
      ['ManagedServiceIdentity', 'string', 'details of the managed identity (empty: not modelled)'],
      ['NetworkLocationDetails', 'string', 'network location details (empty: not modelled)'],
      ['SessionId', 'string', 'session id (empty: not modelled)'],
      ['SourceAppClientId', 'string', 'client id of the application that initiated the sign-in (empty: not modelled)'],
      ['UserAgent', 'string', 'user agent (empty: not modelled)'],
    ],
  },
  {
    table: 'MicrosoftGraphActivityLogs',
    source: GRAPH_ACTIVITY_PAGE,
    columns: [
      ['ATContentH', 'string', 'reserved for future use (empty)'],
      ['ATContentP', 'string', 'reserved for future use (empty)'],
      ['DeviceId', 'string', 'device of the sign-in the token came from (empty for app-only requests)'],
      ['SessionId', 'string', 'authentication session of the sign-in the token came from (empty for app-only requests)'],
      ['UniqueTokenId', 'string', 'unique token identifier (empty: not modelled)'],
    ],
  },
];

/** The additions of one table, in order. */
export function additionsOf(table: string): ColumnAddition['columns'] {
  return REFERENCE_ADDITIONS.filter((a) => a.table === table).flatMap((a) => a.columns);
}
