/**
 * CampaignInfo (advanced hunting, preview; docs/tables/public-queries.md): the mail campaigns
 * Defender for Office 365 identified, one row per message and recipient it counts in a campaign.
 *
 * The lab's mail already holds the campaigns (estate-tenant.ts, CAMPAIGNS): the same phishing or
 * malware mail from one sender reaching a few users on some days, blocked, junked or delivered and
 * purged later. Campaign views group phishing and malware mail only, so the spam and bulk senders
 * have no campaign. A message counts when the filtering stack gave it a verdict: a threat at
 * delivery (EmailEvents.ThreatTypes) or a zero-hour auto purge afterwards (EmailPostDeliveryEvents
 * "Phish ZAP" / "Malware ZAP"); a day's wave that nothing caught stays out, as Microsoft has no
 * verdict to cluster it by. One campaign per sender and lure across the window (same sender,
 * subject and payload), so waves of several days share a CampaignId.
 * The names and subtypes are the lab's choice (the page says only that the subtype names the
 * phished brand or the malware family); Timestamp is the message's.
 * No random draws (hashes of the message): every other table's rows stay as they were.
 */
import { CAMPAIGNS } from './estate-tenant.ts';
import { guidOf } from './rng.ts';
import type { RefTable } from './schema-data.ts';
import { refColumns } from './sentinel-tables.ts';
import type { Sinks } from './world.ts';

export const CAMPAIGN_TABLES: RefTable[] = [
  {
    name: 'CampaignInfo',
    kind: 'advanced-hunting',
    ref: 'docs/tables/public-queries.md',
    description: "Mail campaigns Defender for Office 365 identified (preview): each phishing or malware message, per recipient, that the filtering stack gave a verdict, at delivery or by a zero-hour purge.",
    columns: refColumns(`Timestamp:datetime CampaignName:string CampaignId:string CampaignType:string CampaignSubtype:string NetworkMessageId:string
      RecipientEmailAddress:string ReportId:string`),
  },
];

/** Name and subtype of each campaign by its sender (the lab's choice: the phished brand, the malware family its filtering named). */
const NAMES: Record<string, [string, string]> = {
  'security@micros0ft-support.example': ['Microsoft 365 mailbox verification credential phish', 'Microsoft'],
  'no-reply@docusign-notify.example': ['DocuSign contract signature credential phish', 'DocuSign'],
  'it-helpdesk@contoso-it.example': ['Password expiry lure credential phish', 'Microsoft'],
  'accounts@northwind-invoices.example': ['Overdue invoice HTML smuggling', 'HTML phishing attachment'],
  'shipping@fedex-tracking.example': ['Parcel delivery failure Qakbot', 'Qakbot'],
  'orders@wingtip-orders.example': ['Purchase order macro downloader', 'Donoff'],
  'payments@remittance-notice.example': ['Remittance advice Java RAT', 'Adwind'],
};

const COLS = ['Timestamp', 'NetworkMessageId', 'SenderFromAddress', 'RecipientEmailAddress', 'ThreatTypes'];

/** The campaign senders' mail and the purges, kept as they are written (the tables may be spilled later). */
export function keepCampaignReads(sinks: Sinks): void {
  const senders = new Set<string>(CAMPAIGNS.filter((c) => c.kind === 'phish' || c.kind === 'malware').map((c) => c.from));
  sinks.EmailEvents.keep('campaigns', COLS, (get) => senders.has(String(get('SenderFromAddress'))));
  sinks.EmailPostDeliveryEvents.keep('campaigns', ['NetworkMessageId', 'RecipientEmailAddress', 'ActionType'], (get) => /^(Phish|Malware) ZAP$/.test(String(get('ActionType'))));
}

export function writeCampaignInfo(c: { sinks: Sinks }): void {
  const out = c.sinks.CampaignInfo;
  if (!out) return;
  const zapped = new Set<string>();
  const purges = c.sinks.EmailPostDeliveryEvents.kept('campaigns');
  for (let i = 0; i < purges.length; i++) zapped.add(`${String(purges.get(i, 'NetworkMessageId'))}|${String(purges.get(i, 'RecipientEmailAddress'))}`);
  const kind = new Map<string, string>(CAMPAIGNS.map((x) => [x.from, x.kind]));
  const mail = c.sinks.EmailEvents.kept('campaigns');
  for (let i = 0; i < mail.length; i++) {
    const g = (k: string) => mail.get(i, k);
    const from = String(g('SenderFromAddress'));
    const nmid = String(g('NetworkMessageId'));
    const to = String(g('RecipientEmailAddress'));
    const verdict = String(g('ThreatTypes') ?? '') !== '' || zapped.has(`${nmid}|${to}`);
    const names = NAMES[from];
    if (!verdict || !names) continue;
    out.add({
      Timestamp: g('Timestamp'),
      CampaignName: names[0],
      CampaignId: guidOf(`mdo-campaign:${from}`),
      CampaignType: kind.get(from) === 'phish' ? 'Phish' : 'Malware',
      CampaignSubtype: names[1],
      NetworkMessageId: nmid,
      RecipientEmailAddress: to,
      ReportId: guidOf(`campaigninfo:${nmid}:${to}`),
    });
  }
}
