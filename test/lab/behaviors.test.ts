/**
 * BehaviorInfo / BehaviorEntities (src/lab/behaviors.ts), checked on the committed datasets against
 * the sign-in log they are derived from: every behavior is backed by the SigninLogs rows its
 * detection describes, every burst of failures that meets the threshold has its behavior, and the
 * entity rows belong to a behavior.
 */
import { describe, expect, it } from 'vitest';
import { committedCatalog, committedRows, type Row } from './committed.ts';

const HOUR = 3_600_000;
const MIN = 60_000;
const str = (v: unknown) => (v == null ? '' : String(v));
const ms = (v: unknown) => Number(v);

describe.each(['lab', 'ransomware', 'golden-saml'])('behaviors in %s', (dataset) => {
  const info = committedRows(dataset, 'BehaviorInfo');
  const ents = committedRows(dataset, 'BehaviorEntities');
  const signIns = committedRows(dataset, 'SigninLogs');
  const country = (r: Row) => {
    const loc = typeof r.LocationDetails === 'string' ? JSON.parse(r.LocationDetails || '{}') : r.LocationDetails;
    return str((loc as { countryOrRegion?: string } | null)?.countryOrRegion ?? r.Location);
  };

  it('the catalog lists both tables with the reference columns', () => {
    const names = committedCatalog(dataset).tables.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['BehaviorInfo', 'BehaviorEntities']));
    expect(Object.keys(info[0] ?? {})).toEqual(expect.arrayContaining(['Timestamp', 'BehaviorId', 'ActionType', 'Categories', 'AttackTechniques', 'AccountUpn', 'StartTime', 'EndTime', 'Title']));
  });

  it('each MultipleFailedLoginAttempts behavior is five or more failures of its account in one clock hour, and each such hour has one', () => {
    const failures = signIns.filter((r) => str(r.ResultType) !== '0' && str(r.UserPrincipalName));
    const hours = new Map<string, Row[]>();
    for (const r of failures) {
      const k = `${str(r.UserPrincipalName).toLowerCase()}|${Math.floor(ms(r.TimeGenerated) / HOUR)}`;
      hours.set(k, [...(hours.get(k) ?? []), r]);
    }
    const bursts = [...hours.entries()].filter(([, v]) => v.length >= 5);
    const behaviors = info.filter((r) => r.ActionType === 'MultipleFailedLoginAttempts');
    expect(behaviors).toHaveLength(bursts.length);
    for (const b of behaviors) {
      const k = `${str(b.AccountUpn).toLowerCase()}|${Math.floor(ms(b.StartTime) / HOUR)}`;
      const burst = hours.get(k) ?? [];
      expect(burst.length).toBeGreaterThanOrEqual(5);
      expect(JSON.parse(str(b.AdditionalFields)).FailedAttempts).toBe(burst.length);
      expect(ms(b.EndTime)).toBe(Math.max(...burst.map((r) => ms(r.TimeGenerated))));
      expect(ms(b.Timestamp)).toBe(ms(b.EndTime) + 10 * MIN);
    }
  });

  it('each ActivityFromInfrequentCountry behavior is a successful sign-in from a country no earlier successful sign-in came from', () => {
    const ok = signIns.filter((r) => str(r.ResultType) === '0');
    for (const b of info.filter((r) => r.ActionType === 'ActivityFromInfrequentCountry')) {
      const c = JSON.parse(str(b.AdditionalFields)).Country as string;
      const at = ms(b.StartTime);
      expect(ok.some((r) => ms(r.TimeGenerated) === at && str(r.UserPrincipalName) === b.AccountUpn && country(r) === c)).toBe(true);
      expect(ok.some((r) => ms(r.TimeGenerated) < at && country(r) === c)).toBe(false);
    }
  });

  it('every entity row belongs to a behavior, with the same action; each behavior has its impacted user', () => {
    const byId = new Map(info.map((r) => [str(r.BehaviorId), r]));
    expect(byId.size).toBe(info.length);
    for (const e of ents) expect(byId.get(str(e.BehaviorId))?.ActionType).toBe(e.ActionType);
    for (const b of info) expect(ents.some((e) => e.BehaviorId === b.BehaviorId && e.EntityType === 'User' && e.EntityRole === 'Impacted' && e.AccountUpn === b.AccountUpn)).toBe(true);
  });
});
