/**
 * Routine cloud administration and collaboration in every committed dataset
 * (src/lab/estate-admin-cloud.ts): the Entra audit log's directory work, the Azure activity log's
 * portal work and the Office 365 audit log's file, sharing and mailbox activity. Checked here: the
 * admin work is done by the IT department's account, nothing falls outside the window or the
 * working day, the scenario's own people are neither actor nor target (they keep their scripted
 * rows), and the shapes hold (Started/Succeeded pairs, a link is used only after it was created).
 */
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../src/lab/scenarios/index.ts';
import { committedCatalog, committedRows, type Row } from './committed.ts';

const ms = (v: unknown): number => (typeof v === 'bigint' ? Number(v / 1000n) : v instanceof Date ? v.getTime() : Number(v));
const HOUR = 3600_000;
/** A dynamic value as the Arrow files hold it: a JSON string, or a list of JSON strings (arrays of objects). */
const json = (v: unknown): any => {
  if (typeof v === 'string') return v ? JSON.parse(v) : null;
  if (v && typeof v === 'object' && Symbol.iterator in v) return [...(v as Iterable<unknown>)].map((x) => (typeof x === 'string' && /^[[{]/.test(x) ? JSON.parse(x) : x));
  return v;
};

// Operation names as the Entra audit activity reference and the Purview audit activity lists spell them.
const ADMIN_AUDIT = ['Remove member from group', 'Invite external user', 'Add user', 'Admin registered security info'];
const NEW_AUDIT = [...ADMIN_AUDIT, 'Change user password', 'Change password (self-service)', 'User changed default security info', 'Redeem external user invite'];
const NEW_AZURE = ['MICROSOFT.COMPUTE/SNAPSHOTS/WRITE', 'MICROSOFT.RESOURCES/TAGS/WRITE', 'MICROSOFT.WEB/SITES/CONFIG/WRITE', 'MICROSOFT.WEB/SITES/RESTART/ACTION'];
const NEW_OFFICE = ['FilePreviewed', 'FileUploaded', 'FileSyncDownloadedFull', 'FileRecycled', 'CompanyLinkCreated', 'CompanyLinkUsed', 'SecureLinkCreated', 'AddedToSecureLink', 'SharingInvitationCreated', 'AnonymousLinkCreated', 'MoveToDeletedItems', 'SoftDelete', 'Set-MailboxAutoReplyConfiguration', 'Add-MailboxFolderPermission', 'Set-Mailbox'];

for (const s of SCENARIOS) {
  describe(`datasets/${s.id} cloud administration background`, () => {
    const scripted = new Set(s.cast.users.map((u) => u.upn.toLowerCase()));
    const it_ = () => {
      const info = committedRows(s.id, 'IdentityInfo');
      return new Set(info.filter((r) => r.Department === 'IT').map((r) => String(r.AccountUpn).toLowerCase()));
    };
    const now = Date.parse(committedCatalog(s.id).now ?? '');
    // the window: four days ending at midnight before the catalog's "now"
    const end = Math.floor(now / (24 * HOUR)) * 24 * HOUR;
    const start = end - 4 * 24 * HOUR;
    const workHours = (t: number) => {
      const d = new Date(t);
      expect(t).toBeGreaterThanOrEqual(start);
      expect(t).toBeLessThan(end);
      expect([0, 6]).not.toContain(d.getUTCDay());
      expect(d.getUTCHours()).toBeGreaterThanOrEqual(7);
      expect(d.getUTCHours()).toBeLessThan(20);
    };
    const audit = () => committedRows(s.id, 'AuditLogs').filter((r) => NEW_AUDIT.includes(String(r.OperationName)));
    const who = (r: Row) => {
      const by = json(r.InitiatedBy) as { user?: { userPrincipalName?: string } | null };
      return String(by?.user?.userPrincipalName ?? '').toLowerCase();
    };

    it('directory admin work is initiated by the IT department, in working hours, never on the scenario people', () => {
      const admins = it_();
      expect(admins.size).toBeGreaterThan(0);
      const rows = committedRows(s.id, 'AuditLogs').filter((r) => ADMIN_AUDIT.includes(String(r.OperationName)) && who(r) !== '');
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) expect(admins.has(who(r))).toBe(true);
      for (const r of audit()) {
        workHours(ms(r.TimeGenerated));
        expect(scripted.has(who(r))).toBe(false);
        for (const t of json(r.TargetResources) as { userPrincipalName?: string | null }[]) expect(scripted.has(String(t.userPrincipalName ?? '').toLowerCase())).toBe(false);
      }
    });

    it("a user's own password change is a Core Directory change by the user on themself", () => {
      const rows = committedRows(s.id, 'AuditLogs').filter((x) => x.OperationName === 'Change password (self-service)');
      for (const r of rows) {
        const change = committedRows(s.id, 'AuditLogs').find((x) => x.OperationName === 'Change user password' && who(x) === who(r) && ms(x.TimeGenerated) >= ms(r.TimeGenerated));
        expect(change).toBeDefined();
        expect(json(change?.TargetResources)[0].userPrincipalName.toLowerCase()).toBe(who(r));
      }
    });

    it('Azure portal work: Started then Succeeded under one correlation id, by the IT admin, on the subscription', () => {
      const admins = it_();
      const rows = committedRows(s.id, 'AzureActivity').filter((r) => NEW_AZURE.includes(String(r.OperationNameValue)));
      expect(rows.length).toBeGreaterThan(0);
      const byCorr = new Map<string, Row[]>();
      for (const r of rows) byCorr.set(String(r.CorrelationId), [...(byCorr.get(String(r.CorrelationId)) ?? []), r]);
      for (const pair of byCorr.values()) {
        pair.sort((a, b) => ms(a.TimeGenerated) - ms(b.TimeGenerated));
        expect(pair.map((x) => x.ActivityStatusValue)).toEqual(['Started', 'Succeeded']);
        for (const r of pair) {
          workHours(ms(r.TimeGenerated));
          expect(admins.has(String(r.Caller).toLowerCase())).toBe(true);
          expect(r.CategoryValue).toBe('Administrative');
          expect(String(r.ResourceId)).toMatch(new RegExp(`^/subscriptions/${r.SubscriptionId}/resourceGroups/`));
          expect(String(r.OperationNameValue)).toBe(String(json(r.Authorization_d).action).toUpperCase());
        }
      }
      // nothing here restarts or reconfigures a machine the endpoint tables describe
      expect(rows.some((r) => /VIRTUALMACHINES\/(RESTART|POWEROFF|DEALLOCATE)/.test(String(r.OperationNameValue)))).toBe(false);
    });

    it("Office activity: the background's people only, in working hours; links used only after they were created", () => {
      const rows = committedRows(s.id, 'OfficeActivity').filter((r) => NEW_OFFICE.includes(String(r.Operation)));
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) {
        workHours(ms(r.TimeGenerated));
        expect(scripted.has(String(r.UserId).toLowerCase())).toBe(false);
        if (/Link|Sharing/.test(String(r.Operation))) expect(r.RecordType).toBe('SharePointSharingOperation');
      }
      const created = new Map<string, number>();
      for (const r of rows.filter((x) => x.Operation === 'CompanyLinkCreated' || x.Operation === 'SecureLinkCreated')) created.set(`${r.Operation}:${r.OfficeObjectId}`, Math.min(created.get(`${r.Operation}:${r.OfficeObjectId}`) ?? Infinity, ms(r.TimeGenerated)));
      for (const r of rows.filter((x) => x.Operation === 'CompanyLinkUsed')) expect(ms(r.TimeGenerated)).toBeGreaterThan(created.get(`CompanyLinkCreated:${r.OfficeObjectId}`) ?? Infinity);
      for (const r of rows.filter((x) => x.Operation === 'AddedToSecureLink')) expect(ms(r.TimeGenerated)).toBeGreaterThanOrEqual(created.get(`SecureLinkCreated:${r.OfficeObjectId}`) ?? Infinity);
      // Exchange admin cmdlets on other people's mailboxes come from the IT admin
      const admins = it_();
      for (const r of rows.filter((x) => x.Operation === 'Add-MailboxFolderPermission' || x.Operation === 'Set-Mailbox')) {
        expect(admins.has(String(r.UserId).toLowerCase())).toBe(true);
        expect(r.UserType).toBe('Admin');
      }
    });
  });
}
