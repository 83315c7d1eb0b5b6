/**
 * The help desk, tenant administration and proxy background (src/lab/sentinel-helpdesk.ts) in every
 * committed dataset, checked against the rest of the lab: the people exist with the roles their
 * actions need, a smart lockout follows ten wrong passwords and ends in a sign-in, a help-desk reset
 * follows a lockout, a Temporary Access Pass is followed by the user's own registration, a Conditional
 * Access change names one of the scenario's policies, and the proxy's
 * lines name the Linux servers and the web addresses of the hosts they fetch from.
 */
import { describe, expect, it } from 'vitest';
import { blockOf, webAddress } from '../../src/lab/addresses.ts';
import { SCENARIOS } from '../../src/lab/scenarios/index.ts';
import { EMERGENCY_GROUP, PROXY, PROXY_CLIENTS } from '../../src/lab/sentinel-helpdesk.ts';
import { committedCatalog, committedRows, type Row } from './committed.ts';

const ms = (v: unknown): number => (typeof v === 'bigint' ? Number(v / 1000n) : v instanceof Date ? v.getTime() : Number(v));
/** A dynamic value as the Arrow files hold it: a JSON string, or a list of JSON strings (arrays of objects). */
const json = (v: unknown): any => {
  if (typeof v === 'string') return v ? JSON.parse(v) : null;
  if (v && typeof v === 'object' && Symbol.iterator in v) return [...(v as Iterable<unknown>)].map((x) => (typeof x === 'string' && /^[[{]/.test(x) ? JSON.parse(x) : x));
  return v;
};
const MIN = 60_000;

for (const s of SCENARIOS) {
  describe(`datasets/${s.id} help desk, tenant administration and proxy`, () => {
    const signins = () => committedRows(s.id, 'SigninLogs');
    const audit = () => committedRows(s.id, 'AuditLogs');
    const people = () => {
      const m = new Map<string, Row>();
      for (const r of committedRows(s.id, 'IdentityInfo')) m.set(String(r.AccountUpn), r);
      return m;
    };
    const roles = (r: Row | undefined): string[] => (r ? (json(r.AssignedRoles) ?? []).map(String) : []);
    const actor = (a: Row): string => json(a.InitiatedBy)?.user?.userPrincipalName ?? '';
    const target = (a: Row): any => json(a.TargetResources)[0];

    it('every smart lockout of a person follows ten wrong passwords from the same address and ends in a sign-in', () => {
      const rows = signins();
      const locked = rows.filter((r) => r.ResultType === '50053' && blockOf(String(r.IPAddress))?.kind !== 'hostile');
      expect(locked.length).toBeGreaterThan(0);
      const who = people();
      const beta = new Set(committedRows(s.id, 'AADSignInEventsBeta').map((r) => r.CorrelationId));
      for (const l of locked) {
        const upn = String(l.UserPrincipalName);
        const t = ms(l.TimeGenerated);
        expect(who.has(upn), upn).toBe(true);
        expect(['devices', 'homes']).toContain(blockOf(String(l.IPAddress))?.id);
        const before = rows.filter((r) => r.UserPrincipalName === upn && r.IPAddress === l.IPAddress && r.ResultType === '50126' && ms(r.TimeGenerated) < t && ms(r.TimeGenerated) > t - 30 * MIN);
        expect(before.length).toBeGreaterThanOrEqual(10);
        expect(rows.some((r) => r.UserPrincipalName === upn && r.ResultType === '0' && ms(r.TimeGenerated) > t && ms(r.TimeGenerated) < t + 2 * 60 * MIN)).toBe(true);
        expect(beta.has(l.CorrelationId)).toBe(true);
      }
    });

    it('a help-desk password reset is done by a help-desk administrator for a person locked out shortly before', () => {
      const resets = audit().filter((a) => a.OperationName === 'Reset password (by admin)');
      const who = people();
      const rows = signins();
      for (const a of resets) {
        expect(roles(who.get(actor(a))).some((x) => /Administrator/.test(x))).toBe(true);
        const upn = target(a).userPrincipalName;
        expect(who.get(upn)?.AccountObjectId).toBe(target(a).id);
        const t = ms(a.TimeGenerated);
        expect(rows.some((r) => r.UserPrincipalName === upn && r.ResultType === '50053' && ms(r.TimeGenerated) < t && ms(r.TimeGenerated) > t - 60 * MIN)).toBe(true);
      }
    });

    it('a Temporary Access Pass is issued by a help-desk administrator and used by its user to register the Authenticator app', () => {
      const rows = audit();
      const taps = rows.filter((a) => a.OperationName === 'Admin registered security info' && /temporary access pass/i.test(String(a.ResultReason)));
      const who = people();
      for (const a of taps) {
        expect(a.Category).toBe('UserManagement');
        expect(a.LoggedByService).toBe('Authentication Methods');
        expect(roles(who.get(actor(a))).some((x) => /Administrator/.test(x))).toBe(true);
        const upn = target(a).userPrincipalName;
        expect(who.get(upn)?.AccountObjectId).toBe(target(a).id);
        const t = ms(a.TimeGenerated);
        expect(rows.some((b) => b.OperationName === 'User registered security info' && actor(b) === upn && target(b).userPrincipalName === upn && ms(b.TimeGenerated) > t && ms(b.TimeGenerated) < t + 60 * MIN)).toBe(true);
      }
    });

    it('a Conditional Access change names one of the scenario\'s policies and only adds the emergency-access exclusion', () => {
      const policies = new Map(committedCatalog(s.id).caPolicies!.map((p) => [p.id, p]));
      const who = people();
      for (const a of audit().filter((x) => /conditional access policy/.test(String(x.OperationName)))) {
        expect([a.OperationName, a.Category, a.LoggedByService]).toEqual(['Update conditional access policy', 'Policy', 'Conditional Access']);
        expect(roles(who.get(actor(a))).some((x) => /Administrator/.test(x))).toBe(true);
        const tg = target(a);
        const p = policies.get(tg.id);
        expect(p?.displayName).toBe(tg.displayName);
        const [mod] = tg.modifiedProperties;
        const old = JSON.parse(mod.oldValue);
        const now = JSON.parse(mod.newValue);
        expect([old.id, now.id, now.state]).toEqual([p!.id, p!.id, p!.state]);
        expect(now.conditions.applications.includeApplications).toEqual(p!.includeApplications);
        expect(now.conditions.users.excludeGroups).toEqual([...old.conditions.users.excludeGroups, EMERGENCY_GROUP.id]);
      }
    });

    it('the proxy logs squid lines from the Linux servers, each at its event time, to the hosts\' web addresses', () => {
      const lines = committedRows(s.id, 'Syslog').filter((r) => r.ProcessName === 'squid');
      expect(lines.length).toBeGreaterThan(0);
      const clients = new Set(PROXY_CLIENTS.map((c) => c.ip));
      for (const r of lines) {
        expect([r.Computer, r.HostIP]).toEqual([PROXY.name, PROXY.ip]);
        const m = /^(\d+\.\d{3}) +\d+ (\S+) (TCP_[A-Z_]+)\/(\d{3}) (\d+) ([A-Z]+) (\S+) - (\S+) (\S+)$/.exec(String(r.SyslogMessage));
        expect(m, String(r.SyslogMessage)).not.toBeNull();
        const [, epoch, client, result, , , method, url, hier] = m!;
        expect(Math.round(Number(epoch) * 1000)).toBe(ms(r.EventTime));
        expect(clients.has(client)).toBe(true);
        const host = method === 'CONNECT' ? url.split(':')[0] : new URL(url).hostname;
        if (result === 'TCP_DENIED') expect(hier).toBe('HIER_NONE/-');
        else {
          const ip = hier.replace('HIER_DIRECT/', '');
          expect(blockOf(ip)?.id).toBe('web');
          if (!host.endsWith('.ods.opinsights.azure.com')) expect(ip).toBe(webAddress(host));
        }
      }
    });

    it('each crontab edit follows an admin\'s sudo crontab -e on the same host and is reloaded by cron', () => {
      const rows = committedRows(s.id, 'Syslog');
      const edits = rows.filter((r) => r.ProcessName === 'crontab' && r.SyslogMessage === '(root) REPLACE (root)');
      for (const e of edits) {
        const t = ms(e.EventTime);
        const host = e.Computer;
        expect(rows.some((r) => r.Computer === host && r.ProcessName === 'sudo' && String(r.SyslogMessage).endsWith('COMMAND=/usr/bin/crontab -e') && ms(r.EventTime) < t && ms(r.EventTime) > t - 10 * MIN)).toBe(true);
        expect(rows.some((r) => r.Computer === host && r.ProcessName === 'cron' && r.SyslogMessage === '(root) RELOAD (crontabs/root)' && ms(r.EventTime) > t && ms(r.EventTime) <= t + 2 * MIN)).toBe(true);
      }
    });
  });
}
