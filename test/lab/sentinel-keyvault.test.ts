/**
 * AzureDiagnostics with the key vault's audit log (src/lab/sentinel-keyvault.ts), checked on the
 * committed lab dataset: the columns and types of the reference page, the vault AzureActivity
 * administers, callers that are the lab's own identities at the times and from the addresses their
 * roles give them, and Key Vault hunts (written without column_ifexists) that find them.
 */
import { describe, expect, it } from 'vitest';
import { resolveDataset } from '../../src/cli/datasets.ts';
import { AZURE_DIAGNOSTICS } from '../../src/lab/sentinel-keyvault.ts';
import { useRunner } from '../cli/helpers.ts';
import { committedCatalog, committedRows, type Row } from './committed.ts';

const catalog = committedCatalog('lab');
const rows = (table: string): Row[] => committedRows('lab', table);
const str = (v: unknown) => (v == null ? '' : String(v));
const UPN = 'identity_claim_http_schemas_xmlsoap_org_ws_2005_05_identity_claims_upn_s';
const OID = 'identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g';
/** Arrow gives the microsecond timestamps as epoch milliseconds: UTC hour and weekday. */
const hourOf = (t: unknown) => new Date(Number(t)).getUTCHours();
const weekdayOf = (t: unknown) => new Date(Number(t)).getUTCDay();
const people = new Map(rows('IdentityInfo').map((r) => [str(r.AccountUpn).toLowerCase(), r]));

describe('AzureDiagnostics: the key vault audit log', () => {
  const kv = rows('AzureDiagnostics');

  it('offers the reference page\'s columns with their types (suffix types, the typed standard columns)', () => {
    const t = catalog.tables.find((x) => x.name === 'AzureDiagnostics')!;
    const types = new Map(t.columns.map((c) => [c.name, c.type]));
    expect(t.columns.length).toBe(AZURE_DIAGNOSTICS.columns.length);
    expect(t.columns.length).toBe(205);
    const want: Record<string, string> = {
      httpStatusCode_d: 'real', DurationMs: 'long', identity_claim_appid_g: 'guid', isAccessPolicyMatch_b: 'bool', endTime_t: 'datetime', SubscriptionId: 'string',
      requestUri_s: 'string', TimeGenerated: 'datetime', AdditionalFields: 'dynamic', [OID]: 'guid', [UPN]: 'string',
    };
    for (const [c, ty] of Object.entries(want)) expect(types.get(c), c).toBe(ty);
    for (const c of t.columns) {
      const suffix = /_([sdgbt])$/.exec(c.name)?.[1];
      if (suffix && !['ResourceId'].includes(c.name)) expect(c.type, c.name).toBe({ s: 'string', d: 'real', g: 'guid', b: 'bool', t: 'datetime' }[suffix]);
    }
  });

  it('is the audit log of the vault AzureActivity shows in rg-lab, in the same subscription', () => {
    expect(kv.length).toBeGreaterThan(100);
    const activity = rows('AzureActivity').filter((r) => /\/vaults\/kv-contoso-lab$/i.test(str(r.ResourceId)));
    expect(activity.length).toBeGreaterThan(0);
    for (const r of kv) {
      expect(r.Category).toBe('AuditEvent');
      expect(r.ResourceProvider).toBe('MICROSOFT.KEYVAULT');
      expect(r.ResourceType).toBe('VAULTS');
      expect(r.Resource).toBe('KV-CONTOSO-LAB');
      expect(r.ResourceGroup).toBe('RG-LAB');
      expect(r.SubscriptionId).toBe(activity[0].SubscriptionId);
      expect(r.ResultSignature).toBe({ 200: 'OK', 401: 'Unauthorized', 403: 'Forbidden' }[Number(r.httpStatusCode_d)]);
      if (r.OperationName !== 'VaultGet') expect(str(r.requestUri_s).startsWith('https://kv-contoso-lab.vault.azure.net/'), str(r.requestUri_s)).toBe(true);
      if (r.OperationName === 'SecretGet' && r.httpStatusCode_d === 200) expect(str(r.id_s)).toMatch(/^https:\/\/kv-contoso-lab\.vault\.azure\.net\/secrets\/[a-z-]+\/[0-9a-f]{32}$/);
    }
  });

  it('people are the lab\'s own: object id as in IdentityInfo; admins from the office on working days, refusals only outside IT from their devices', () => {
    const devices = rows('DeviceInfo');
    expect(devices.length).toBeGreaterThan(0);
    const signed = kv.filter((r) => str(r[UPN]) !== '');
    expect(signed.length).toBeGreaterThan(0);
    let refused = 0;
    for (const r of signed) {
      const p = people.get(str(r[UPN]).toLowerCase());
      expect(p, str(r[UPN])).toBeDefined();
      expect(str(r[OID])).toBe(str(p!.AccountObjectId));
      const wd = weekdayOf(r.TimeGenerated);
      expect(wd !== 0 && wd !== 6).toBe(true);
      expect(hourOf(r.TimeGenerated)).toBeGreaterThanOrEqual(8);
      expect(hourOf(r.TimeGenerated)).toBeLessThan(18);
      if (r.httpStatusCode_d === 403) {
        refused++;
        expect(p!.Department).not.toBe('IT');
        expect(r.isAccessPolicyMatch_b).toBe(false);
        expect(devices.some((d) => str(d.PublicIP) === str(r.CallerIPAddress))).toBe(true);
      } else if (p!.Department !== 'IT') {
        // the vault itself is readable to them (management plane); its secrets are not
        expect(r.OperationName).toBe('VaultGet');
      } else expect(r.CallerIPAddress).toBe('198.51.100.31');
    }
    expect(refused).toBeGreaterThan(0);
  });

  it('the portal\'s managed identity reads its secrets every hour, around the clock', () => {
    const app = kv.filter((r) => r.OperationName === 'SecretGet' && str(r[UPN]) === '' && str(r.clientInfo_s).startsWith('azsdk-net') && str(r.CallerIPAddress) === '20.105.232.17');
    const hours = new Set(app.map((r) => hourOf(r.TimeGenerated)));
    expect(hours.size).toBe(24);
    expect(new Set(app.map((r) => str(r[OID]))).size).toBe(1);
  });
});

describe('Key Vault hunts on the lab', () => {
  const { run } = useRunner(() => ({ dataset: resolveDataset('lab', false) }));

  it('mass secret retrieval (Sentinel\'s rule without column_ifexists) finds the portal\'s identity and no person', async () => {
    const r = await run(`let AllowedAppId = dynamic(["509e4652-da8d-478d-a730-e9d4a1996ca4","8cae6e77-e04e-42ce-b5cb-50d82bce26b1"]);
      AzureDiagnostics
      | where OperationName in ("SecretGet", "KeyGet", "VaultGet") and ResourceType =~ "VAULTS"
      | where not(identity_claim_appid_g in (AllowedAppId) and OperationName == 'VaultGet')
      | where ResultType == "Success"
      | summarize Count = count() by OperationName, CallerObjectId = ${OID}, CallerObjectUPN = ${UPN}, Day = bin(TimeGenerated, 1d)
      | where Count > 25
      | distinct CallerObjectId, CallerObjectUPN`);
    expect(r.rows.length).toBe(1);
    expect(r.rows[0][1]).toBe('');
  });

  it('failures, as the Key Vault sample query finds them: only the refused reads (the 401 challenges left out)', async () => {
    const r = await run(`AzureDiagnostics
      | where ResourceProvider == "MICROSOFT.KEYVAULT"
      | where httpStatusCode_d >= 300 and not(OperationName == "Authentication" and httpStatusCode_d == 401)
      | summarize n = count() by ResultSignature, who = ${UPN}`);
    expect(r.rows.length).toBe(1);
    expect(r.rows[0][0]).toBe('Forbidden');
    expect(people.get(str(r.rows[0][1]))).toBeDefined();
  });
});
