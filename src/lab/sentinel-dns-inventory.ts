/**
 * DnsInventory (the DNS solution's inventory of the Windows DNS servers, Sentinel's DNS connector):
 * the inventory of the DNS server on the domain controller whose answers DnsEvents logs. Columns
 * and types: the table's Log Analytics reference page (MicrosoftDocs/azure-reference-other
 * `azure-monitor-ref/tables/includes/dnsinventory-include.md`), in its order, without `_BilledSize`
 * and `_IsBillable` (docs/tables/sentinel-tables.md). The page describes no column, so the values
 * are the lab's reading of the names [lab convention]: once a day the agent reports the server
 * (SubType Server: its domain, forest and addresses), its zones (SubType Zone: dynamic update
 * mode, name servers, DNSSEC signing, the values Windows' DNS server reports for a zone) and the
 * zones' resource records (SubType ResourceRecord): the domain controllers' SRV and A records, the
 * file server's and the company portal's A records and the A and PTR records DHCP registers for each device's address, the
 * records DnsEvents' answers come from (WPAD and ISATAP have none: NXDOMAIN there). No random draws (the report time
 * is a hash of the day), so no other table's rows change.
 */
import * as M from './model.ts';
import { hexOf } from './rng.ts';
import { refColumns } from './sentinel-tables.ts';
import type { RefTable } from './schema-data.ts';
import { MIN, SEC } from './time.ts';
import type { Dev, Sinks } from './world.ts';

export const DNS_INVENTORY_TABLES: RefTable[] = [
  {
    name: 'DnsInventory',
    kind: 'sentinel',
    ref: 'docs/tables/sentinel-tables.md',
    description: "The DNS solution's daily inventory of the Windows DNS server on the domain controller: the server, its zones and their resource records.",
    columns: refColumns(`Computer:string DnsSecSigned:string DomainName:string DynamicUpdate:string ForestName:string NameServers:string
      ResourceRecordName:string ResourceRecordType:string ServerIPs:string SourceSystem:string SubType:string TimeGenerated:datetime Type:string
      ZoneName:string`),
  },
];

const h = (s: string, m: number) => Number.parseInt(hexOf(s, 8), 16) % m;

export function writeDnsInventory(c: { sinks: Sinks; days: number[]; devs: Dev[] }): void {
  const out = c.sinks.DnsInventory;
  if (!out) return;
  const domain = M.DC.name.split('.').slice(1).join('.');
  const host = (fqdn: string) => fqdn.split('.')[0].toLowerCase();
  const msdcs = `_msdcs.${domain}`;
  // the devices on the corporate network: their DHCP leases register an A and a PTR record each
  // (DnsEvents answers the backup server's reverse lookups of their addresses)
  const onNet = c.devs.filter((d) => d.def.localIp);
  const rev = (ip: string) => `${ip.split('.').slice(0, 3).reverse().join('.')}.in-addr.arpa`;
  const records: [zone: string, name: string, type: string][] = [
    [domain, host(M.DC.name), 'A'],
    [domain, host(M.DC2.name), 'A'],
    // the file server and the company portal (its public address), which DnsEvents answers for
    [domain, 'fs01', 'A'],
    [domain, 'portal', 'A'],
    [msdcs, '_ldap._tcp.dc', 'SRV'],
    [msdcs, '_kerberos._tcp.dc', 'SRV'],
    ...onNet.map((d) => [domain, host(d.def.name), 'A'] as [string, string, string]),
    ...onNet.map((d) => [rev(d.def.localIp), d.def.localIp.split('.')[3], 'PTR'] as [string, string, string]),
  ];
  const zones = [domain, msdcs, ...[...new Set(onNet.map((d) => rev(d.def.localIp)))].sort()];
  const base = { Computer: M.DC.name, DnsSecSigned: '', DomainName: '', DynamicUpdate: '', ForestName: '', NameServers: '', ResourceRecordName: '', ResourceRecordType: '', ServerIPs: '', SourceSystem: 'OpsManager', ZoneName: '', Type: 'DnsInventory' };
  for (const d0 of c.days) {
    const t = d0 + (2 * 60 + h(`dnsinv:${d0}`, 60)) * MIN + h(`dnsinv:${d0}:s`, 60) * SEC;
    out.add({ ...base, SubType: 'Server', DomainName: domain, ForestName: domain, ServerIPs: M.DC.ip, TimeGenerated: t });
    for (const z of zones)
      out.add({ ...base, SubType: 'Zone', ZoneName: z, DynamicUpdate: 'Secure', NameServers: `${M.DC.name}, ${M.DC2.name}`, DnsSecSigned: 'False', TimeGenerated: t });
    for (const [zone, name, type] of records) out.add({ ...base, SubType: 'ResourceRecord', ZoneName: zone, ResourceRecordName: name, ResourceRecordType: type, TimeGenerated: t });
  }
}
