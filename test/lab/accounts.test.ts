/**
 * The directory accounts that are not a person at a desk (src/lab/accounts.ts), in every committed
 * dataset: the disabled leaver only ever fails with 50057 and the printer's scan-to-email account
 * only signs in over SMTP AUTH, the same sign-ins in each sign-in table, spread over the window.
 */
import fs from 'node:fs';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/catalog/types.ts';
import { LEAVER, SCAN_TO_MAIL } from '../../src/lab/accounts.ts';
import { SCENARIOS } from '../../src/lab/scenarios/index.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

function rowsOf(dir: string, catalog: Catalog, table: string, upnCol: string, upn: string): Record<string, unknown>[] {
  const t = catalog.tables.find((x) => x.name === table);
  expect(t?.file, table).toBeTruthy();
  const arrow = tableFromIPC(fs.readFileSync(path.join(dir, t!.file!)));
  const out: Record<string, unknown>[] = [];
  for (const row of arrow) {
    const o = row!.toJSON() as Record<string, unknown>;
    if (o[upnCol] === upn) out.push(o);
  }
  return out;
}

const ms = (v: unknown): number => (typeof v === 'bigint' ? Number(v / 1000n) : v instanceof Date ? v.getTime() : Number(v));

for (const s of SCENARIOS) {
  describe(`datasets/${s.id} directory accounts`, () => {
    const dir = path.join(ROOT, 'datasets', s.id);
    const catalog = JSON.parse(fs.readFileSync(path.join(dir, 'catalog.json'), 'utf8')) as Catalog;

    it('IdentityInfo lists the leaver as disabled and the scan-to-email account as an enabled service account', () => {
      const leaver = rowsOf(dir, catalog, 'IdentityInfo', 'AccountUpn', LEAVER.upn);
      const scan = rowsOf(dir, catalog, 'IdentityInfo', 'AccountUpn', SCAN_TO_MAIL.upn);
      expect(leaver.length).toBeGreaterThan(0);
      expect(scan.length).toBeGreaterThan(0);
      for (const r of leaver) expect([r.IsAccountEnabled, r.UserState, r.AccountObjectId]).toEqual([false, 'Disabled', LEAVER.objectId]);
      for (const r of scan) expect([r.IsAccountEnabled, r.IsServiceAccount, r.AccountObjectId]).toEqual([true, true, SCAN_TO_MAIL.objectId]);
    });

    it('the leaver only fails with 50057, the same attempts in every sign-in table, day and night over the window', () => {
      const sl = rowsOf(dir, catalog, 'SigninLogs', 'UserPrincipalName', LEAVER.upn);
      const beta = rowsOf(dir, catalog, 'AADSignInEventsBeta', 'AccountUpn', LEAVER.upn);
      const entra = rowsOf(dir, catalog, 'EntraIdSignInEvents', 'AccountUpn', LEAVER.upn);
      const idl = rowsOf(dir, catalog, 'IdentityLogonEvents', 'AccountUpn', LEAVER.upn);
      expect(sl.length).toBeGreaterThan(12);
      expect(sl.every((r) => r.ResultType === '50057' && r.ConditionalAccessStatus === 'notApplied')).toBe(true);
      expect(beta.map((r) => r.ErrorCode)).toEqual(sl.map(() => 50057));
      expect(entra.length).toBe(sl.length);
      expect(idl.length).toBe(sl.length);
      expect(idl.every((r) => r.ActionType === 'LogonFailed')).toBe(true);
      expect(new Set(sl.map((r) => r.CorrelationId))).toEqual(new Set(beta.map((r) => r.CorrelationId)));
      const days = new Set(sl.map((r) => Math.floor(ms(r.TimeGenerated) / 86_400_000)));
      expect(days.size).toBeGreaterThanOrEqual(3);
      expect(sl.some((r) => new Date(ms(r.TimeGenerated)).getUTCHours() < 7)).toBe(true);
    });

    it('the scan-to-email account signs in over SMTP AUTH only, successfully, outside Conditional Access, in office hours on every day', () => {
      const sl = rowsOf(dir, catalog, 'SigninLogs', 'UserPrincipalName', SCAN_TO_MAIL.upn);
      const beta = rowsOf(dir, catalog, 'AADSignInEventsBeta', 'AccountUpn', SCAN_TO_MAIL.upn);
      const idl = rowsOf(dir, catalog, 'IdentityLogonEvents', 'AccountUpn', SCAN_TO_MAIL.upn);
      expect(sl.length).toBeGreaterThan(8);
      for (const r of sl) {
        expect([r.ResultType, r.ClientAppUsed, r.UserAgent, r.ConditionalAccessStatus, r.AuthenticationRequirement]).toEqual(['0', 'Authenticated SMTP', 'BAV2ROPC', 'notApplied', 'singleFactorAuthentication']);
        const h = new Date(ms(r.TimeGenerated)).getUTCHours();
        expect(h >= 7 && h <= 17, `hour ${h}`).toBe(true);
      }
      expect(beta.map((r) => [r.ErrorCode, r.ClientAppUsed])).toEqual(sl.map(() => [0, 'Authenticated SMTP']));
      expect(idl.length).toBe(sl.length);
      expect(idl.every((r) => r.ActionType === 'LogonSuccess')).toBe(true);
      expect(new Set(sl.map((r) => Math.floor(ms(r.TimeGenerated) / 86_400_000))).size).toBe(4); // the window's four working days
    });

    it('each scan-to-email sign-in sends one mail with one PDF to a colleague, seconds later, from the same office address; the account sends nothing else', () => {
      const sl = rowsOf(dir, catalog, 'SigninLogs', 'UserPrincipalName', SCAN_TO_MAIL.upn);
      const mails = rowsOf(dir, catalog, 'EmailEvents', 'SenderFromAddress', SCAN_TO_MAIL.upn);
      const atts = rowsOf(dir, catalog, 'EmailAttachmentInfo', 'SenderFromAddress', SCAN_TO_MAIL.upn);
      const people = new Set(rowsOf(dir, catalog, 'IdentityInfo', 'IsServiceAccount', false as unknown as string).map((r) => r.AccountUpn));
      expect(mails.length).toBe(sl.length);
      const signIns = sl.map((r) => ms(r.TimeGenerated)).sort((a, b) => a - b);
      const sent = mails.map((r) => ms(r.Timestamp)).sort((a, b) => a - b);
      for (const [i, t] of sent.entries()) {
        expect(t - signIns[i], `mail ${i}`).toBeGreaterThan(0);
        expect(t - signIns[i], `mail ${i}`).toBeLessThan(10_000);
      }
      const byMessage = new Map(atts.map((a) => [a.NetworkMessageId, a]));
      expect(atts.length).toBe(mails.length);
      for (const m of mails) {
        expect([m.EmailDirection, m.DeliveryAction, m.AttachmentCount, m.SenderIPv4, m.SenderObjectId]).toEqual(['Intra-org', 'Delivered', 1, sl[0].IPAddress, SCAN_TO_MAIL.objectId]);
        expect(people.has(m.RecipientEmailAddress), String(m.RecipientEmailAddress)).toBe(true);
        const a = byMessage.get(m.NetworkMessageId);
        expect(a, String(m.NetworkMessageId)).toBeDefined();
        expect([a!.FileType, a!.RecipientEmailAddress, ms(a!.Timestamp)]).toEqual(['pdf', m.RecipientEmailAddress, ms(m.Timestamp)]);
        expect(String(a!.FileName)).toMatch(/^SCAN_\d{8}_\d{6}\.pdf$/);
      }
    });
  });
}
