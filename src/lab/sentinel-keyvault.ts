/**
 * AzureDiagnostics, the Log Analytics table of Azure resource logs sent in "Azure diagnostics"
 * mode, with the lab's one resource that sends there: the key vault `kv-contoso-lab` in `rg-lab`
 * (AzureActivity already shows its administration) and its audit log (category AuditEvent).
 *
 * Columns: those of the table reference page's list, which it calls the (at least) 200 columns every
 * workspace's AzureDiagnostics has (azure-reference-other, azure-monitor-ref/tables/azurediagnostics.md,
 * 109428a, 2021-01-08; 203 names there besides `_ResourceId`), plus
 * the two identity-claim columns a key vault's records add (a record's nested fields become
 * `<path>_<suffix>` columns the first time they arrive, the page says; the claim names are those of
 * the record example of the Key Vault logging page, azure-docs key-vault/general/logging.md).
 * The page gives five names twice, with two types for SubscriptionId (Guid and String): one column
 * each here, SubscriptionId as string. `_ResourceId` is a hidden standard column the compiler adds
 * (catalog/log-analytics.ts), so it is not stored. AdditionalFields (no type on the page) is
 * dynamic and empty: the table has far fewer than 500 columns.
 *
 * The rows (docs/tables/sentinel-tables.md, "AzureDiagnostics"):
 * - the company portal (the web app `app-contoso-portal`, AzureActivity's pipeline deploys it)
 *   reads its three secrets through its managed identity every hour, and unwraps its data
 *   protection key when it starts; the first request after a start is the unauthenticated
 *   challenge (OperationName Authentication, 401), as the Key Vault SDKs do;
 * - the infrastructure pipeline (`sp-infra-pipeline`) reads the secrets it deploys at the start of
 *   its morning run (06:00 UTC, as its deployments in AzureActivity);
 * - the backup server's nightly job reads the backup encryption secret through the firewall's NAT;
 * - the IT admins open the vault in the portal on working days (VaultGet, SecretList, SecretGet,
 *   now and then a SecretSet when they rotate a secret), from the office;
 * - someone outside IT (an engineer where the estate has one), without an access policy, tries to
 *   read the portal's database secret from their device: 403 Forbidden, isAccessPolicyMatch_b false;
 * - Azure Resource Graph reads the vault (VaultGet) every few hours to index it, under the
 *   application id the Sentinel Key Vault rules leave out as known noise.
 * ResultType is "Success" on every record and the HTTP status is in ResultSignature and
 * httpStatusCode_d, as in the logging page's example and the Key Vault sample queries (failures
 * are found by httpStatusCode_d); what the service writes in ResultType for a refused request is
 * not documented, so that part is the lab's choice.
 */
import * as M from './model.ts';
import { type Rng, guidOf } from './rng.ts';
import type { RefTable } from './schema-data.ts';
import { DAY, HOUR, isWorkday, MIN, SEC } from './time.ts';
import type { Sinks } from './world.ts';

const TYPES: Record<string, string> = { s: 'string', d: 'real', g: 'guid', b: 'bool', t: 'datetime' };

/** The columns of the reference page's list (name:type where the suffix does not say it). */
const DOCUMENTED = `action_id_s action_name_s action_s ActivityId_g AdditionalFields:dynamic AdHocOrScheduledJob_s application_name_s
  audit_schema_version_d avg_cpu_percent_s avg_mean_time_s backendHostname_s Caller_s callerId_s CallerIPAddress:string calls_s
  Category:string client_ip_s clientInfo_s clientIP_s clientIp_s clientIpAddress_s clientPort_d code_s collectionName_s
  conditions_destinationIP_s conditions_destinationPortRange_s conditions_None_s conditions_protocols_s conditions_sourceIP_s
  conditions_sourcePortRange_s CorrelationId:string count_executions_d cpu_time_d database_name_s database_principal_name_s
  DatabaseName_s db_id_s direction_s dop_d duration_d duration_milliseconds_d DurationMs:long ElasticPoolName_s endTime_t
  Environment_s error_code_s error_message_s errorLevel_s event_class_s event_s event_subclass_s event_time_t EventName_s
  execution_type_d executionInfo_endTime_t executionInfo_exitCode_d executionInfo_startTime_t host_s httpMethod_s httpStatus_d
  httpStatusCode_d httpStatusCode_s httpVersion_s id_s identity_claim_appid_g identity_claim_ipaddr_s instanceId_s
  interval_end_time_d interval_start_time_d ip_s is_column_permission_s isAccessPolicyMatch_b JobDurationInSecs_s
  JobFailureCode_s JobId_g jobId_s JobOperation_s JobOperationSubType_s JobStartDateTime_s JobStatus_s JobUniqueId_g
  Level:string log_bytes_used_d logical_io_reads_d logical_io_writes_d LogicalServerName_s macAddress_s matchedConnections_d
  max_cpu_time_d max_dop_d max_duration_d max_log_bytes_used_d max_logical_io_reads_d max_logical_io_writes_d
  max_num_physical_io_reads_d max_physical_io_reads_d max_query_max_used_memory_d max_rowcount_d max_time_s mean_time_s
  Message:string min_time_s msg_s num_physical_io_reads_d object_id_d object_name_s OperationName:string
  OperationVersion:string partitionKey_s physical_io_reads_d plan_id_d policy_s policyMode_s primaryIPv4Address_s priority_d
  properties_enabledForDeployment_b properties_enabledForDiskEncryption_b properties_enabledForTemplateDeployment_b
  properties_s properties_sku_Family_s properties_sku_Name_s properties_tenantId_g query_hash_s query_id_d
  query_max_used_memory_d query_plan_hash_s query_time_d querytext_s receivedBytes_d Region_s requestCharge_s requestQuery_s
  requestResourceId_s requestResourceType_s requestUri_s reserved_storage_mb_s Resource:string resource_actionName_s
  resource_location_s resource_originRunId_s resource_resourceGroupName_s resource_runId_s resource_subscriptionId_g
  resource_triggerName_s resource_workflowId_g resource_workflowName_s ResourceGroup:string ResourceProvider:string
  ResourceType:string response_rows_d resultCode_s ResultDescription:string resultDescription_ChildJobs_s
  resultDescription_ErrorJobs_s resultMessage_s ResultSignature:string ResultType:string rootCauseAnalysis_s
  routingRuleName_s rowcount_d ruleName_s RunbookName_s RunOn_s schema_name_s sentBytes_d sequence_group_id_g
  sequence_number_d server_principal_sid_s session_id_d sizeKb_d SourceSystem:string sql_text_s sslEnabled_s start_time_t
  startTime_s startTime_t statement_s statement_sql_handle_s status_s Status_s statusCode_s storage_space_used_mb_s
  StreamType_s subnetId_s subnetPrefix_s SubscriptionId:string succeeded_s sum_calls_s systemId_g
  target_database_principal_name_s target_server_principal_name_s Tenant_g TenantId:string TimeGenerated:datetime
  timeTaken_d Type:string type_s user_defined_information_s user_id_s user_s userAgent_s vnetResourceGuid_g workflowId_s`;

/** Columns a key vault's AuditEvent records add: its token's object id and UPN claims. */
const KEY_VAULT_CLAIMS = 'identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g identity_claim_http_schemas_xmlsoap_org_ws_2005_05_identity_claims_upn_s';

function columnsOf(spec: string): [string, string, string, string][] {
  return spec
    .trim()
    .split(/\s+/)
    .map((w) => {
      const [name, given] = w.split(':');
      const type = given ?? TYPES[name.slice(name.lastIndexOf('_') + 1)];
      if (!type) throw new Error(`AzureDiagnostics column ${name} has no type`);
      return [name, type, '', ''];
    });
}

export const AZURE_DIAGNOSTICS: RefTable = {
  name: 'AzureDiagnostics',
  kind: 'sentinel',
  ref: 'docs/tables/sentinel-tables.md',
  description: 'Resource logs of Azure services in Azure diagnostics mode; here the key vault\'s audit log (ResourceProvider MICROSOFT.KEYVAULT, Category AuditEvent).',
  columns: columnsOf(`${DOCUMENTED} ${KEY_VAULT_CLAIMS}`),
};

// --- rows ---------------------------------------------------------------------------------------

const TENANT = M.TENANT.tenantId;
const SUB = guidOf('sub');
const VAULT = 'kv-contoso-lab';
const VAULT_URI = `https://${VAULT}.vault.azure.net/`;
const DATA_API = '7.4';
const ARM_API = '2023-07-01';
/** Azure portal's application id (AzureActivity's admin rows use it too). */
const PORTAL_APP = 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c';
/** Azure Resource Graph, which the Sentinel Key Vault rules allow-list for VaultGet. */
const RESOURCE_GRAPH_APP = '509e4652-da8d-478d-a730-e9d4a1996ca4';
const BROWSER = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0';
const APP_SDK = 'azsdk-net-Security.KeyVault.Secrets/4.5.0 (.NET 8.0.1; Microsoft Windows 10.0.20348)';
const APP_KEYS_SDK = 'azsdk-net-Security.KeyVault.Keys/4.5.0 (.NET 8.0.1; Microsoft Windows 10.0.20348)';
const CLI = 'AZURECLI/2.56.0 (DEB) azsdk-python-keyvault-secrets/4.7.0 Python/3.11.6 (Linux-5.15.0-1052-azure-x86_64-with-glibc2.35)';
const BACKUP_AGENT = 'azsdk-net-Security.KeyVault.Secrets/4.5.0 (.NET Framework 4.8.9181.0; Microsoft Windows 10.0.17763)';

const APP_SECRETS = ['portal-sql-connection', 'portal-storage-key', 'graph-client-secret'];
const PIPELINE_SECRETS = ['portal-sql-connection', 'portal-storage-key', 'vm-local-admin'];
const ADMIN_SECRETS = ['vm-local-admin', 'smtp-relay-password', 'graph-client-secret', 'backup-encryption-key', 'portal-storage-key'];

interface Caller {
  oid: string;
  appid: string;
  upn: string;
  ip: string;
  client: string;
}

export interface KeyVaultCtx {
  sinks: Sinks;
  days: number[];
  users: M.UserDef[];
  /** A person's device's public address (the admins and engineers work from their devices). */
  publicIpOf: (u: M.UserDef) => string | undefined;
}

const version = (name: string, n: number) => guidOf(`kv-secret:${name}:${n}`).replace(/-/g, '');

export function writeKeyVault(c: KeyVaultCtx, r: Rng): void {
  const rows = c.sinks.AzureDiagnostics;
  const blank: Record<string, unknown> = {};
  for (const [name, type] of AZURE_DIAGNOSTICS.columns) blank[name] = type === 'string' ? '' : null;
  /** Secret versions: a rotation (SecretSet) makes the next one current. */
  const current = new Map<string, number>();
  const secretId = (name: string) => `${VAULT_URI}secrets/${name}/${version(name, current.get(name) ?? 0)}`;
  const add = (t: number, op: string, who: Caller, o: { status?: number; uri?: string; id?: string; api?: string; description?: string; extra?: Record<string, unknown> } = {}) => {
    const status = o.status ?? 200;
    const user = who.upn !== '';
    rows.add({
      ...blank,
      CallerIPAddress: who.ip, Category: 'AuditEvent', clientInfo_s: who.client, CorrelationId: r.guid(), DurationMs: op === 'Authentication' ? r.int(0, 3) : r.int(4, 60),
      httpStatusCode_d: status, id_s: o.id ?? '', identity_claim_appid_g: op === 'Authentication' ? null : who.appid, identity_claim_ipaddr_s: user ? who.ip : '',
      identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g: op === 'Authentication' ? null : who.oid,
      identity_claim_http_schemas_xmlsoap_org_ws_2005_05_identity_claims_upn_s: op === 'Authentication' ? '' : who.upn,
      isAccessPolicyMatch_b: op === 'Authentication' ? null : status < 400, OperationName: op, OperationVersion: o.api ?? DATA_API, Region_s: 'westeurope',
      requestUri_s: o.uri ?? '', Resource: VAULT.toUpperCase(), ResourceGroup: 'RG-LAB', ResourceProvider: 'MICROSOFT.KEYVAULT', ResourceType: 'VAULTS',
      ResultDescription: o.description ?? '', ResultSignature: status === 200 ? 'OK' : status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : String(status), ResultType: 'Success',
      SourceSystem: 'Azure', SubscriptionId: SUB, TenantId: TENANT, TimeGenerated: t, Type: 'AzureDiagnostics',
      ...o.extra,
    });
  };
  const secretGet = (t: number, who: Caller, name: string) => add(t, 'SecretGet', who, { uri: `${VAULT_URI}secrets/${name}/?api-version=${DATA_API}`, id: secretId(name) });
  const vaultGet = (t: number, who: Caller) =>
    add(t, 'VaultGet', who, {
      api: ARM_API, id: VAULT_URI,
      uri: `https://control-prod-weu.vaultcore.azure.net/subscriptions/${SUB}/resourcegroups/rg-lab/providers/Microsoft.KeyVault/vaults/${VAULT}?api-version=${ARM_API}`,
      extra: { properties_sku_Family_s: 'A', properties_sku_Name_s: 'standard', properties_tenantId_g: TENANT, properties_enabledForDeployment_b: false, properties_enabledForDiskEncryption_b: false, properties_enabledForTemplateDeployment_b: true },
    });

  const portalApp: Caller = { oid: guidOf('msi:app-contoso-portal'), appid: guidOf('msi-app:app-contoso-portal'), upn: '', ip: '20.105.232.17', client: APP_SDK };
  const pipeline: Caller = { oid: guidOf('spn:sp-infra-pipeline'), appid: guidOf('app:sp-infra-pipeline'), upn: '', ip: '20.50.2.14', client: CLI };
  const backup: Caller = { oid: guidOf('spn:sp-backup01'), appid: guidOf('app:sp-backup01'), upn: '', ip: '198.51.100.2', client: BACKUP_AGENT };
  const graph: Caller = { oid: guidOf('sp:azure-resource-graph'), appid: RESOURCE_GRAPH_APP, upn: '', ip: '20.38.85.196', client: 'azure-resource-manager/2.0' };
  const person = (u: M.UserDef, ip: string): Caller => ({ oid: u.objectId, appid: PORTAL_APP, upn: u.upn, ip, client: BROWSER });
  const admins = c.users.filter((u) => u.department === 'IT').slice(0, 2);
  // someone outside IT with a device of the estate (an engineer where there is one)
  const outside = c.users.filter((u) => u.department !== 'IT' && c.publicIpOf(u));
  const engineer = outside.find((u) => u.department === 'Engineering') ?? outside[0];

  for (const [k, d0] of c.days.entries()) {
    // the portal: restarts (the 401 challenge, then the key unwrap), then its secrets every hour
    const starts = [d0 + r.int(0, 50) * MIN, ...(r.chance(0.5) ? [d0 + r.int(12 * 60, 14 * 60) * MIN] : [])];
    for (const s of starts) {
      add(s, 'Authentication', { ...portalApp }, { status: 401, uri: `${VAULT_URI}keys/portal-dataprotection/?api-version=${DATA_API}`, description: 'Unauthorized' });
      add(s + r.int(1, 3) * SEC, 'KeyUnwrap', { ...portalApp, client: APP_KEYS_SDK }, {
        uri: `${VAULT_URI}keys/portal-dataprotection/${version('portal-dataprotection', 0)}/unwrapkey?api-version=${DATA_API}`,
        id: `${VAULT_URI}keys/portal-dataprotection/${version('portal-dataprotection', 0)}`,
      });
    }
    for (let h = 0; h < 24; h++) {
      const t = d0 + h * HOUR + r.int(0, 4) * MIN + r.int(0, 59) * SEC;
      for (const [i, s] of APP_SECRETS.entries()) secretGet(t + i * r.int(20, 200) * 1000, portalApp, s);
    }
    // the infrastructure pipeline's morning run
    let tp = d0 + 6 * HOUR + r.int(0, 4) * MIN;
    add(tp, 'Authentication', pipeline, { status: 401, uri: `${VAULT_URI}secrets/${PIPELINE_SECRETS[0]}/?api-version=${DATA_API}`, description: 'Unauthorized' });
    for (const s of PIPELINE_SECRETS) secretGet((tp += r.int(1, 6) * SEC), pipeline, s);
    // the backup server's nightly job
    secretGet(d0 + HOUR + r.int(0, 20) * MIN + r.int(0, 59) * SEC, backup, 'backup-encryption-key');
    // Azure Resource Graph indexes the vault
    for (let t = d0 + r.int(0, 120) * MIN; t < d0 + DAY; t += r.int(4 * 60, 6 * 60) * MIN) vaultGet(t, graph);
    if (!isWorkday(d0)) continue;
    // the IT admins in the portal
    for (const u of admins) {
      if (!r.chance(0.7)) continue;
      const who = person(u, '198.51.100.31');
      let t = d0 + r.int(8 * 60 + 30, 16 * 60 + 30) * MIN + r.int(0, 59) * SEC;
      vaultGet(t, { ...who, client: 'azure-resource-manager/2.0' });
      add((t += r.int(3, 20) * SEC), 'SecretList', who, { uri: `${VAULT_URI}secrets?api-version=${DATA_API}` });
      for (let n = r.int(1, 3); n > 0; n--) secretGet((t += r.int(5, 120) * SEC), who, r.pick(ADMIN_SECRETS));
      if (r.chance(0.2)) {
        const s = r.pick(ADMIN_SECRETS);
        current.set(s, (current.get(s) ?? 0) + 1);
        add((t += r.int(30, 300) * SEC), 'SecretSet', who, { uri: `${VAULT_URI}secrets/${s}?api-version=${DATA_API}`, id: secretId(s) });
      }
    }
    // a colleague outside IT looks for the portal's connection string; no access policy lets them read it
    if (engineer && (k === 1 || r.chance(0.3))) {
      const who = person(engineer, c.publicIpOf(engineer)!);
      let t = d0 + r.int(10 * 60, 16 * 60) * MIN + r.int(0, 59) * SEC;
      vaultGet(t, { ...who, client: 'azure-resource-manager/2.0' });
      for (const op of ['SecretList', 'SecretGet'] as const) {
        t += r.int(4, 40) * SEC;
        add(t, op, who, {
          status: 403,
          uri: op === 'SecretList' ? `${VAULT_URI}secrets?api-version=${DATA_API}` : `${VAULT_URI}secrets/portal-sql-connection/?api-version=${DATA_API}`,
          description: `The user, group or application 'appid=${PORTAL_APP};oid=${engineer.objectId};iss=https://sts.windows.net/${TENANT}/' does not have secrets ${op === 'SecretList' ? 'list' : 'get'} permission on key vault '${VAULT};location=westeurope'.`,
        });
      }
    }
  }
}
