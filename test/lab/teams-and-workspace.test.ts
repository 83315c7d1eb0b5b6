/**
 * The Teams message tables (src/lab/teams-messages.ts) and the workspace tables ThreatIntelIndicators,
 * SentinelHealth, AZFWApplicationRule and AZFWNetworkRule (src/lab/sentinel-workspace.ts), checked on
 * the committed lab dataset against the tables they are derived from.
 */
import { describe, expect, it } from 'vitest';
import { committedRows, type Row } from './committed.ts';

const rows = (table: string): Row[] => committedRows('lab', table);
const str = (v: unknown) => (v == null ? '' : String(v));
const plain = (v: unknown): unknown => (v != null && typeof (v as { toJSON?: unknown }).toJSON === 'function' ? (v as { toJSON(): unknown }).toJSON() : v);
const list = (v: unknown): Row[] => ((plain(v) as unknown[]) ?? []).map((x) => plain(x) as Row);

describe('Teams messages', () => {
  const users = new Set(rows('IdentityInfo').map((r) => str(r.AccountUpn).toLowerCase()));
  const msgs = rows('MessageEvents');

  it('every message a user sent (OfficeActivity MessageSent) is delivered once, from that user, at most a second later', () => {
    const sent = rows('OfficeActivity').filter((r) => r.Operation === 'MessageSent');
    expect(sent.length).toBeGreaterThan(0);
    const internalSends = msgs.filter((m) => users.has(str(m.SenderEmailAddress).toLowerCase()));
    expect(internalSends.length).toBe(sent.length);
    const bySender = new Map<string, number[]>();
    for (const m of internalSends) bySender.set(str(m.SenderEmailAddress).toLowerCase(), [...(bySender.get(str(m.SenderEmailAddress).toLowerCase()) ?? []), Number(m.Timestamp)]);
    for (const s of sent) {
      const times = bySender.get(str(s.UserId).toLowerCase()) ?? [];
      const t = Number(s.TimeGenerated);
      expect(times.some((x) => x >= t && x - t <= 1000), str(s.UserId)).toBe(true); // ms
    }
  });

  it('internal threads only have lab people as recipients; external senders are never lab people', () => {
    for (const m of msgs) {
      const to = list(m.RecipientDetails);
      expect(to.length).toBeGreaterThan(0);
      if (!m.IsExternalThread) for (const x of to) expect(users.has(str(x.RecipientSmtpAddress).toLowerCase())).toBe(true);
      if (!m.IsOwnedThread) expect(users.has(str(m.SenderEmailAddress).toLowerCase())).toBe(false);
    }
  });

  it('URLs and post-delivery actions belong to delivered messages of the same sender, the action after delivery', () => {
    const byId = new Map(msgs.map((m) => [str(m.TeamsMessageId), m]));
    expect(byId.size).toBe(msgs.length);
    for (const u of rows('MessageUrlInfo')) {
      const m = byId.get(str(u.TeamsMessageId));
      expect(m).toBeDefined();
      expect(str(u.Url)).toContain(str(u.UrlDomain));
    }
    const post = rows('MessagePostDeliveryEvents');
    expect(post.length).toBeGreaterThan(0);
    for (const p of post) {
      const m = byId.get(str(p.TeamsMessageId))!;
      expect(m.DeliveryAction).toBe('Delivered');
      expect(m.SenderEmailAddress).toBe(p.SenderEmailAddress);
      expect(Number(p.Timestamp)).toBeGreaterThan(Number(m.Timestamp));
    }
  });
});

describe('workspace tables', () => {
  it('ThreatIntelIndicators carries the same indicators as ThreatIntelligenceIndicator, each once, with its STIX pattern', () => {
    const old = rows('ThreatIntelligenceIndicator');
    const stix = rows('ThreatIntelIndicators');
    expect(stix.length).toBe(old.length);
    const values = new Set(old.map((r) => str(r.NetworkIP) || str(r.DomainName) || str(r.Url) || str(r.EmailSenderAddress) || str(r.FileHashValue)));
    expect(new Set(stix.map((r) => str(r.ObservableValue)))).toEqual(values);
    expect(new Set(stix.map((r) => str(r.Id)))).toEqual(new Set(old.map((r) => str(r.ExternalIndicatorId))));
    for (const r of stix) {
      expect(r.Pattern).toBe(`[${r.ObservableKey} = '${r.ObservableValue}']`);
      expect((plain(r.Data) as Row).pattern).toBe(r.Pattern);
    }
  });

  it('SentinelHealth: scheduled rules run on their frequency, report no alert (SecurityAlert has none from Sentinel rules); connector status changes alternate', () => {
    const h = rows('SentinelHealth');
    const runs = h.filter((r) => r.OperationName === 'Scheduled analytics rule run');
    expect(runs.length).toBeGreaterThan(0);
    for (const r of runs) expect(Number((plain(r.ExtendedProperties) as Row).AlertsGeneratedAmount)).toBe(0);
    const byRule = new Map<string, Row[]>();
    for (const r of runs) byRule.set(str(r.SentinelResourceName), [...(byRule.get(str(r.SentinelResourceName)) ?? []), r]);
    expect(byRule.size).toBeGreaterThan(1);
    for (const [rule, rs] of byRule) {
      const freq = str((plain(rs[0].ExtendedProperties) as Row).QueryFrequency);
      const [, d, h, m] = /^(?:(\d+)\.)?(\d\d):(\d\d):\d\d$/.exec(freq)!.map(Number);
      const t = rs.map((r) => Number(r.TimeGenerated)).sort((a, b) => a - b);
      for (let i = 1; i < t.length; i++) expect(Math.abs(t[i] - t[i - 1] - ((d || 0) * 1440 + h * 60 + m) * 60_000), rule).toBeLessThan(60_000); // ms
    }
    expect(rows('SecurityAlert').filter((a) => /Scheduled|ASI/.test(str(a.ProviderName))).length).toBe(0);
    const byConnector = new Map<string, string[]>();
    for (const r of h.filter((x) => x.OperationName === 'Data fetch status change').sort((a, b) => Number(a.TimeGenerated) - Number(b.TimeGenerated))) {
      byConnector.set(str(r.SentinelResourceName), [...(byConnector.get(str(r.SentinelResourceName)) ?? []), str(r.Status)]);
    }
    for (const [, s] of byConnector) for (let i = 1; i < s.length; i++) expect(s[i]).not.toBe(s[i - 1]);
  });

  it('Azure Firewall: only the Azure VMs; every allowed web request is a session Defender for Endpoint saw from that VM to that host', () => {
    const vmNames = new Set(rows('DeviceInfo').filter((d) => str(d.AzureVmId)).map((d) => str(d.DeviceId)));
    const ne = rows('DeviceNetworkEvents').filter((r) => vmNames.has(str(r.DeviceId)) && r.ActionType === 'ConnectionSuccess');
    const ips = new Set(ne.map((r) => str(r.LocalIP)));
    const seen = new Set(ne.map((r) => `${str(r.LocalIP)}|${str(r.RemoteUrl).toLowerCase()}`));
    const app = rows('AZFWApplicationRule');
    expect(app.length).toBeGreaterThan(0);
    for (const r of app) {
      expect(ips.has(str(r.SourceIp))).toBe(true);
      if (r.Action === 'Allow') expect(seen.has(`${str(r.SourceIp)}|${str(r.Fqdn)}`)).toBe(true);
      else expect(r.ActionReason).toBe('Default Action');
    }
    for (const r of rows('AZFWNetworkRule')) expect(ips.has(str(r.SourceIp))).toBe(true);
  });

  it('StorageBlobLogs: OAuth uploads follow the managed identity\'s Storage tokens; account-key browsing follows a key listing by the same address', () => {
    const blobs = rows('StorageBlobLogs');
    expect(blobs.length).toBeGreaterThan(0);
    const tokens = rows('AADManagedIdentitySignInLogs').filter((r) => r.ResourceDisplayName === 'Azure Storage' && r.ResultType === '0');
    const listKeys = rows('AzureActivity').filter((r) => r.OperationNameValue === 'MICROSOFT.STORAGE/STORAGEACCOUNTS/LISTKEYS/ACTION' && r.ActivityStatusValue === 'Succeeded');
    const puts = new Set(blobs.filter((b) => b.OperationName === 'PutBlob').map((b) => str(b.ObjectKey)));
    for (const b of blobs) {
      const t = Number(b.TimeGenerated);
      const ip = str(b.CallerIpAddress).split(':')[0];
      if (b.AuthenticationType === 'OAuth') {
        const tok = tokens.find((x) => str(x.ServicePrincipalId) === str(b.RequesterObjectId) && str(x.IPAddress) === ip && Number(x.TimeGenerated) <= t && t - Number(x.TimeGenerated) < 5 * 60_000);
        expect(tok, str(b.Uri)).toBeDefined();
      } else {
        expect(b.AuthenticationType).toBe('AccountKey');
        expect(listKeys.some((k) => str(k.CallerIpAddress) === ip && Number(k.TimeGenerated) <= t && t - Number(k.TimeGenerated) < 30 * 60_000)).toBe(true);
        if (b.OperationName === 'GetBlob') expect(puts.has(str(b.ObjectKey))).toBe(true);
      }
    }
  });
});
