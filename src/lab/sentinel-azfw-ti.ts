/**
 * AZFWThreatIntel (Azure Firewall's threat-intelligence log; docs/tables/identity-accounts.md):
 * the lab's firewall (AZFWApplicationRule / AZFWNetworkRule, src/lab/sentinel-workspace.ts) runs
 * threat-intelligence filtering in its default mode, Alert: a connection to an address or domain
 * on Microsoft's feed is logged here and then goes on to the rules as any other. The feed is the
 * workspace's indicators from Microsoft (ThreatIntelligenceIndicator, IndicatorProvider
 * `Microsoft Defender Threat Intelligence`), in force at the connection's time; the partner's TAXII
 * feed is Sentinel's, not the firewall's. One record per matching rule-log record, at its time.
 * Columns and types: the table's Log Analytics reference page, in its order, without `_BilledSize`,
 * `_IsBillable`, `_ResourceId`, `_SubscriptionId`. No random draws: every other table's rows stay
 * as they were.
 */
import type { RefTable } from './schema-data.ts';
import { refColumns } from './sentinel-tables.ts';
import type { Sinks } from './world.ts';

export const AZFW_TI_TABLES: RefTable[] = [
  {
    name: 'AZFWThreatIntel',
    kind: 'sentinel',
    ref: 'docs/tables/identity-accounts.md',
    description: "Azure Firewall's threat-intelligence hits (Alert mode): the VMs' connections to hosts on Microsoft's feed.",
    columns: refColumns(`Action:string DestinationIp:string DestinationPort:int Fqdn:string IsTlsInspected:bool Protocol:string SourceIp:string SourcePort:int
      SourceSystem:string TargetUrl:string TenantId:string ThreatDescription:string TimeGenerated:datetime Type:string`),
  },
];

const MICROSOFT_FEED = 'Microsoft Defender Threat Intelligence';

/** The firewall's rule-log records read back (kept as they are written: the tables may be spilled by then). */
export function keepFirewallThreatReads(sinks: Sinks): void {
  sinks.AZFWApplicationRule.keep('ti', ['TimeGenerated', 'Fqdn', 'DestinationPort', 'SourceIp', 'SourcePort', 'IsTlsInspected', 'TargetUrl'], () => true);
  sinks.AZFWNetworkRule.keep('ti', ['TimeGenerated', 'DestinationIp', 'DestinationPort', 'Protocol', 'SourceIp', 'SourcePort'], () => true);
}

export function writeFirewallThreatIntel(c: { sinks: Sinks; tenant: string }): void {
  const out = c.sinks.AZFWThreatIntel;
  if (!out) return;
  // indicator value -> [valid from, valid until, description], Microsoft's only
  const feed = new Map<string, [number, number, string][]>();
  const ti = c.sinks.ThreatIntelligenceIndicator.kept('stix');
  for (let i = 0; i < ti.length; i++) {
    if (ti.get(i, 'IndicatorProvider') !== MICROSOFT_FEED || ti.get(i, 'Active') === false) continue;
    const value = String(ti.get(i, 'NetworkIP') || ti.get(i, 'DomainName') || '').toLowerCase();
    if (!value) continue;
    const until = (ti.get(i, 'ExpirationDateTime') as number | null) ?? Number.MAX_SAFE_INTEGER;
    const list = feed.get(value) ?? [];
    list.push([ti.get(i, 'TimeGenerated') as number, until, String(ti.get(i, 'Description') ?? '')]);
    feed.set(value, list);
  }
  if (!feed.size) return;
  const hit = (value: string, t: number) => feed.get(value.toLowerCase())?.find(([from, until]) => from <= t && t < until)?.[2];
  const common = { Action: 'Alert', SourceSystem: 'Azure', TenantId: c.tenant, Type: 'AZFWThreatIntel' };
  const app = c.sinks.AZFWApplicationRule.kept('ti');
  for (let i = 0; i < app.length; i++) {
    const t = app.get(i, 'TimeGenerated') as number;
    const fqdn = String(app.get(i, 'Fqdn') ?? '');
    const why = hit(fqdn, t);
    if (why === undefined) continue;
    out.add({
      ...common, DestinationIp: '', DestinationPort: app.get(i, 'DestinationPort'), Fqdn: fqdn, IsTlsInspected: app.get(i, 'IsTlsInspected') === true, Protocol: 'TCP',
      SourceIp: app.get(i, 'SourceIp'), SourcePort: app.get(i, 'SourcePort'), TargetUrl: app.get(i, 'TargetUrl') ?? '', ThreatDescription: why, TimeGenerated: t,
    });
  }
  const net = c.sinks.AZFWNetworkRule.kept('ti');
  for (let i = 0; i < net.length; i++) {
    const t = net.get(i, 'TimeGenerated') as number;
    const ip = String(net.get(i, 'DestinationIp') ?? '');
    const why = hit(ip, t);
    if (why === undefined) continue;
    out.add({
      ...common, DestinationIp: ip, DestinationPort: net.get(i, 'DestinationPort'), Fqdn: '', IsTlsInspected: false, Protocol: net.get(i, 'Protocol'),
      SourceIp: net.get(i, 'SourceIp'), SourcePort: net.get(i, 'SourcePort'), TargetUrl: '', ThreatDescription: why, TimeGenerated: t,
    });
  }
}
