/**
 * The W3CIISLog, AWSCloudTrail and VMConnection background (src/lab/sentinel-more.ts), checked on
 * the committed lab dataset: each table's rows come from the lab's own people, devices and
 * servers, the way the real logs would.
 */
import { describe, expect, it } from 'vitest';
import { INTERNET_SCANNERS } from '../../src/lab/sentinel-estate.ts';
import { WEB } from '../../src/lab/sentinel-more.ts';
import { committedRows, type Row } from './committed.ts';

const rows = (table: string): Row[] => committedRows('lab', table);
const str = (v: unknown) => (v == null ? '' : String(v));

describe('sentinel background: IIS, AWS, VM insights', () => {
  const devices = rows('DeviceInfo');
  const deviceIps = new Set(rows('DeviceNetworkInfo').flatMap((r) => (JSON.parse(str(r.IPAddresses) || '[]') as { IPAddress: string }[]).map((a) => a.IPAddress)));
  const accounts = new Set(rows('IdentityInfo').map((r) => str(r.AccountName).toLowerCase()));

  it('IIS: intranet requests come from the lab devices as lab accounts (each authenticated page challenged first); the partner site only from internet scanners', () => {
    const iis = rows('W3CIISLog');
    expect(iis.length).toBeGreaterThan(0);
    expect(new Set(iis.map((r) => str(r.Computer)))).toEqual(new Set([WEB.name]));
    const intranet = iis.filter((r) => r.sSiteName === 'Intranet');
    const partner = iis.filter((r) => r.sSiteName === 'Partner Portal');
    expect(intranet.length).toBeGreaterThan(0);
    expect(partner.length).toBeGreaterThan(0);
    for (const r of intranet) {
      if (deviceIps.size) expect(deviceIps.has(str(r.cIP))).toBe(true);
      const user = str(r.csUserName);
      if (r.scStatus === '401') expect(user).toBe('-');
      else expect(accounts.has(user.replace(/^CORP\\/, '').toLowerCase())).toBe(true);
    }
    for (const r of partner) {
      expect(INTERNET_SCANNERS).toContain(str(r.cIP));
      expect(['404', '301']).toContain(str(r.scStatus));
    }
  });

  it('AWS: console sign-ins follow an SSO role assumption by the same person; every event is in the one account', () => {
    const ct = rows('AWSCloudTrail');
    expect(ct.length).toBeGreaterThan(0);
    expect(new Set(ct.map((r) => str(r.RecipientAccountId))).size).toBe(1);
    const logins = ct.filter((r) => r.EventName === 'ConsoleLogin');
    expect(logins.length).toBeGreaterThan(0);
    for (const l of logins) {
      const who = str(l.UserIdentityArn).split('/').pop()!;
      const saml = ct.find((r) => r.EventName === 'AssumeRoleWithSAML' && r.UserIdentityUserName === who && Number(r.TimeGenerated) <= Number(l.TimeGenerated) && Number(l.TimeGenerated) - Number(r.TimeGenerated) < 60_000_000); // µs
      expect(saml, who).toBeDefined();
    }
  });

  it('VM insights: connections of the lab Azure VMs only, from their own address', () => {
    const vc = rows('VMConnection');
    expect(vc.length).toBeGreaterThan(0);
    const names = new Set(devices.map((d) => str(d.DeviceName).split('.')[0]));
    for (const r of vc) {
      expect(names.has(str(r.Computer))).toBe(true);
      const local = r.Direction === 'outbound' ? str(r.SourceIp) : str(r.DestinationIp);
      if (deviceIps.size) expect(deviceIps.has(local)).toBe(true);
    }
  });
});
