/**
 * Defender for Office 365's Teams tables (docs/tables/teams-and-workspace.md): MessageEvents (a row
 * per message at delivery), MessageUrlInfo (the URLs in them) and MessagePostDeliveryEvents (what
 * happened to a message after delivery). Columns and types are those of the advanced-hunting
 * reference pages (defender-docs, `defender-xdr/advanced-hunting-message*-table.md`), in the page's
 * order; the pages' `boolean` is KQL `bool`.
 *
 * Rows: every Teams message the Office 365 audit log records a user sending (OfficeActivity
 * `MessageSent`, kept as it is written) is delivered here to colleagues — a one-to-one chat, a group
 * chat or a post in the sender's department team; a share of them carries a SharePoint link. Some
 * chats are with the partner company's people (federated, external), who also write first. Two
 * unknown external tenants try the help-desk lure on a few users: one message is blocked at delivery,
 * one is delivered and later removed by zero-hour auto purge. Drawn from its own random stream.
 */
import type { Shape } from './arrow.ts';
import type * as M from './model.ts';
import { type Rng, guidOf, hexOf } from './rng.ts';
import type { RefTable } from './schema-data.ts';
import { refColumns } from './sentinel-tables.ts';
import { isWorkday, MIN, SEC } from './time.ts';
import type { Sinks } from './world.ts';

const REF = 'docs/tables/teams-and-workspace.md';

export const TEAMS_TABLES: RefTable[] = [
  {
    name: 'MessageEvents',
    kind: 'advanced-hunting',
    ref: REF,
    description: 'Microsoft Teams messages sent and received in the organization, at the time of delivery (Defender for Office 365).',
    columns: refColumns(`Timestamp:datetime LastEditedTime:string TeamsMessageId:string SenderEmailAddress:string SenderDisplayName:string SenderObjectId:string
      SenderType:string RecipientDetails:dynamic IsOwnedThread:bool MessageId:string ParentMessageId:string GroupId:string GroupName:string ThreadId:string
      ThreadSubtype:string IsExternalThread:bool MessageFormatType:string MessageFormatSubtype:string MessageVersion:string MessageSubject:string
      ThreatTypes:string DetectionMethods:dynamic ConfidenceLevel:dynamic DeliveryAction:string DeliveryLocation:string ReportId:string SafetyTip:string`),
  },
  {
    name: 'MessageUrlInfo',
    kind: 'advanced-hunting',
    ref: REF,
    description: 'URLs sent in Microsoft Teams messages (Defender for Office 365).',
    columns: refColumns('Timestamp:datetime TeamsMessageId:string Url:string UrlDomain:string ThreatTypes:string ReportId:string'),
  },
  {
    name: 'MessagePostDeliveryEvents',
    kind: 'advanced-hunting',
    ref: REF,
    description: 'Security events on Microsoft Teams messages after delivery, such as zero-hour auto purge (Defender for Office 365).',
    columns: refColumns(`Timestamp:datetime TeamsMessageId:string Action:string ActionType:string ActionTrigger:string ActionResult:string SenderEmailAddress:string
      RecipientDetails:dynamic ThreatTypes:string ConfidenceLevel:dynamic DetectionMethods:string LatestDeliveryLocation:string ReportId:string
      IsExternalThread:bool SafetyTip:string`),
  },
];

const RECIPIENT: Shape = { list: { struct: [['RecipientSmtpAddress', 'string'], ['RecipientDisplayName', 'string'], ['RecipientType', 'string'], ['RecipientObjectId', 'string']] } };
const CONFIDENCE: Shape = { struct: [['Phish', 'string'], ['Malware', 'string'], ['Spam', 'string']] };
export const TEAMS_SHAPES: Record<string, Shape> = {
  'MessageEvents.RecipientDetails': RECIPIENT,
  'MessageEvents.DetectionMethods': { struct: [['Phish', { list: 'string' }], ['Malware', { list: 'string' }], ['Spam', { list: 'string' }]] },
  'MessageEvents.ConfidenceLevel': CONFIDENCE,
  'MessagePostDeliveryEvents.RecipientDetails': RECIPIENT,
  'MessagePostDeliveryEvents.ConfidenceLevel': CONFIDENCE,
};

/** OfficeActivity's Teams messages, kept as they are written (the table may be spilled later). */
export function keepTeamsReads(sinks: Sinks): void {
  sinks.OfficeActivity.keep('teams', ['TimeGenerated', 'UserId', 'Operation'], (get) => get('Operation') === 'MessageSent');
}

export interface TeamsCtx {
  sinks: Sinks;
  days: number[];
  users: M.UserDef[];
}

/** The partner company's people the lab's users chat with (federated Teams; the lab's choice of names). */
const PARTNERS = [
  { upn: 'lena.fischer@fabrikam.example', name: 'Lena Fischer' },
  { upn: 'omar.haddad@fabrikam.example', name: 'Omar Haddad' },
  { upn: 'julia.novak@fabrikam.example', name: 'Julia Novak' },
];
/** Unknown external tenants posing as IT support (the help-desk lure). */
const LURES = [
  { upn: 'helpdesk@m365-supportdesk.example', name: 'IT Help Desk', url: 'https://login-micros0ft.example/common/oauth2/authorize', blocked: true },
  { upn: 'it.support@servicedesk-portal.example', name: 'Microsoft Support Team', url: 'https://servicedesk-portal.example/quickassist', blocked: false },
];
const SP_FILES = ['Q2 budget.xlsx', 'Roadmap.pptx', 'Vendor list.xlsx', 'Team offsite.docx', 'Minutes 05-13.docx'];

type Recipient = { RecipientSmtpAddress: string; RecipientDisplayName: string; RecipientType: string; RecipientObjectId: string };

export function writeTeams(c: TeamsCtx, r: Rng): void {
  const ev = c.sinks.MessageEvents;
  const urls = c.sinks.MessageUrlInfo;
  const byUpn = new Map(c.users.map((u) => [u.upn.toLowerCase(), u]));
  const rcp = (u: M.UserDef): Recipient => ({ RecipientSmtpAddress: u.upn, RecipientDisplayName: u.displayName, RecipientType: 'User', RecipientObjectId: u.objectId });
  const ext = (p: { upn: string; name: string }): Recipient => ({ RecipientSmtpAddress: p.upn, RecipientDisplayName: p.name, RecipientType: 'User', RecipientObjectId: guidOf(`ext:${p.upn}`) });
  let seq = 0;
  const msgId = (t: number) => String(Math.floor(t / 1000) + (seq++ % 7));
  const add = (o: {
    t: number; from: { upn: string; name: string; id: string }; to: Recipient[]; owned: boolean; external: boolean; thread: string; group?: { id: string; name: string };
    subject?: string; url?: string; threat?: { type: string; methods: string[]; blocked: boolean };
  }): string => {
    const id = msgId(o.t);
    const th = o.threat;
    ev.add({
      Timestamp: o.t, LastEditedTime: '', TeamsMessageId: id, SenderEmailAddress: o.from.upn, SenderDisplayName: o.from.name, SenderObjectId: o.from.id, SenderType: 'User',
      RecipientDetails: o.to, IsOwnedThread: o.owned, MessageId: id, ParentMessageId: id, GroupId: o.group?.id ?? '', GroupName: o.group?.name ?? '', ThreadId: o.thread,
      ThreadSubtype: o.group ? 'None' : '', IsExternalThread: o.external, MessageFormatType: 'RichText', MessageFormatSubtype: 'HTML', MessageVersion: '1', MessageSubject: o.subject ?? '',
      ThreatTypes: th?.type ?? '', DetectionMethods: th ? { [th.type]: th.methods } : null, ConfidenceLevel: th ? { [th.type]: 'High' } : null,
      DeliveryAction: th?.blocked ? 'Blocked' : 'Delivered', DeliveryLocation: th?.blocked ? 'Quarantine' : 'Teams', SafetyTip: '',
    });
    if (o.url) {
      const host = new URL(o.url).hostname;
      urls.add({ Timestamp: o.t, TeamsMessageId: id, Url: o.url, UrlDomain: host, ThreatTypes: th?.type ?? '' });
    }
    return id;
  };
  const chat1 = (a: string, b: string) => `19:${[a, b].sort().join('_')}@unq.gbl.spaces`;
  const depts = new Map<string, M.UserDef[]>();
  for (const u of c.users) depts.set(u.department, [...(depts.get(u.department) ?? []), u]);
  const teamOf = (d: string) => ({ id: guidOf(`team:${d}`), name: d, thread: `19:${hexOf(`channel:${d}`, 32)}@thread.tacv2` });

  // Messages the audit log records users sending.
  const sent = c.sinks.OfficeActivity.kept('teams');
  for (let i = 0; i < sent.length; i++) {
    const u = byUpn.get(String(sent.get(i, 'UserId')).toLowerCase());
    if (!u) continue;
    const t = (sent.get(i, 'TimeGenerated') as number) + r.int(0, 900) * 1000; // delivery within a second
    const from = { upn: u.upn, name: u.displayName, id: u.objectId };
    const mates = (depts.get(u.department) ?? []).filter((x) => x !== u);
    const others = c.users.filter((x) => x !== u);
    const url = r.chance(0.12) ? `https://contoso.sharepoint.com/sites/${u.department.toLowerCase()}/Shared%20Documents/${encodeURIComponent(r.pick(SP_FILES))}` : undefined;
    const kind = r.weighted([['chat', 55], ['group', 20], ['channel', 18], ['partner', 7]] as const);
    if (kind === 'chat' && others.length) {
      const v = mates.length && r.chance(0.7) ? r.pick(mates) : r.pick(others);
      add({ t, from, to: [rcp(v)], owned: true, external: false, thread: chat1(u.objectId, v.objectId), url });
    } else if (kind === 'group' && others.length > 1) {
      const pool = mates.length > 1 ? mates : others;
      const n = Math.min(pool.length, r.int(2, 4));
      const to = [...pool].sort((a, b) => (hexOf(`${a.key}:${i}`, 4) < hexOf(`${b.key}:${i}`, 4) ? -1 : 1)).slice(0, n);
      add({ t, from, to: to.map(rcp), owned: true, external: false, thread: `19:${hexOf(`gchat:${[u.key, ...to.map((x) => x.key)].sort().join(',')}`, 32)}@thread.v2`, url });
    } else if (kind === 'channel' && mates.length) {
      const team = teamOf(u.department);
      add({ t, from, to: mates.map(rcp), owned: true, external: false, thread: team.thread, group: { id: team.id, name: team.name }, subject: r.chance(0.3) ? r.pick(['Weekly update', 'Heads-up', 'Question', 'Reminder']) : '', url });
    } else {
      // A chat with a partner: the partner's reply follows a few minutes later.
      const p = r.pick(PARTNERS);
      const thread = chat1(u.objectId, guidOf(`ext:${p.upn}`));
      add({ t, from, to: [ext(p)], owned: true, external: true, thread, url });
      if (r.chance(0.7)) add({ t: t + r.int(2, 40) * MIN, from: { upn: p.upn, name: p.name, id: guidOf(`ext:${p.upn}`) }, to: [rcp(u)], owned: true, external: true, thread });
    }
  }

  // Partners who start a chat themselves (their tenant owns the thread), now and then with a link to their file share.
  for (const d0 of c.days) {
    if (!isWorkday(d0)) continue;
    for (let k = r.int(1, 3); k > 0; k--) {
      const p = r.pick(PARTNERS);
      const u = r.pick(c.users);
      const t = d0 + r.int(8 * 60, 17 * 60) * MIN + r.int(0, 59) * SEC;
      const url = r.chance(0.3) ? `https://fabrikam.sharepoint.example/sites/contoso-project/${encodeURIComponent(r.pick(['Statement of work.docx', 'Timeline.xlsx', 'Specs.pdf']))}` : undefined;
      add({ t, from: { upn: p.upn, name: p.name, id: guidOf(`ext:${p.upn}`) }, to: [rcp(u)], owned: false, external: true, thread: chat1(guidOf(`ext:${p.upn}`), u.objectId), url });
    }
  }

  // The help-desk lure: one-to-one chats from unknown tenants to a few users on one working day each.
  const pdev = c.sinks.MessagePostDeliveryEvents;
  LURES.forEach((l, j) => {
    const d0 = c.days[Math.min(c.days.length - 1, 1 + 2 * j)];
    const from = { upn: l.upn, name: l.name, id: guidOf(`ext:${l.upn}`) };
    const targets = [...c.users].sort((a, b) => (hexOf(`lure${j}:${a.key}`, 6) < hexOf(`lure${j}:${b.key}`, 6) ? -1 : 1)).slice(0, Math.min(c.users.length, 3 + j));
    let t = d0 + r.int(9 * 60, 15 * 60) * MIN;
    for (const u of targets) {
      t += r.int(20, 240) * SEC;
      const to = [rcp(u)];
      const threat = { type: 'Phish', methods: l.blocked ? ['URL detonation reputation'] : ['Impersonation brand'], blocked: l.blocked };
      const id = add({ t, from, to, owned: false, external: true, thread: chat1(from.id, u.objectId), url: l.url, threat: l.blocked ? threat : undefined });
      if (!l.blocked) {
        // Delivered clean, then found phishing: zero-hour auto purge moves it to quarantine.
        pdev.add({
          Timestamp: t + r.int(35, 80) * MIN, TeamsMessageId: id, Action: 'Moved to quarantine', ActionType: 'Phish ZAP', ActionTrigger: 'SpecialAction', ActionResult: 'Success',
          SenderEmailAddress: l.upn, RecipientDetails: to, ThreatTypes: 'Phish', ConfidenceLevel: { Phish: 'High' }, DetectionMethods: JSON.stringify({ Phish: ['URL detonation'] }),
          LatestDeliveryLocation: 'Quarantine', IsExternalThread: true, SafetyTip: '',
        });
      }
    }
  });
}
