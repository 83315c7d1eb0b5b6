/**
 * One domain account per SID, in every committed dataset: a hunter who joins Defender's device
 * events to the DCs' Security log or to IdentityInfo by SID must land on one account. (Session 19
 * found svc-automation and svc-vulnscan sharing a RID.)
 */
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../src/lab/scenarios/index.ts';
import { committedRows } from './committed.ts';

/** The (SID, account name) columns that name the same account, per table. */
const PAIRS: [table: string, sid: string, name: string][] = [
  ['DeviceLogonEvents', 'AccountSid', 'AccountName'],
  ['DeviceProcessEvents', 'AccountSid', 'AccountName'],
  ['DeviceProcessEvents', 'InitiatingProcessAccountSid', 'InitiatingProcessAccountName'],
  ['DeviceEvents', 'AccountSid', 'AccountName'],
  ['IdentityLogonEvents', 'AccountSid', 'AccountName'],
  ['IdentityInfo', 'OnPremSid', 'AccountName'],
  ['SecurityEvent', 'TargetUserSid', 'TargetUserName'],
  ['SecurityEvent', 'SubjectUserSid', 'SubjectUserName'],
];

for (const s of SCENARIOS) {
  describe(`datasets/${s.id} account SIDs`, () => {
    it('every domain SID names one account across the device, identity and Security-log tables', () => {
      const names = new Map<string, Set<string>>();
      for (const [table, sidCol, nameCol] of PAIRS) {
        for (const r of committedRows(s.id, table)) {
          const sid = String(r[sidCol] ?? '');
          // a Kerberos 4769's TargetUserName is user@REALM: the account is the part before the realm
          const name = String(r[nameCol] ?? '').split('@')[0].toLowerCase();
          if (!sid.startsWith('S-1-5-21-') || name === '' || name === '-') continue;
          let set = names.get(sid);
          if (!set) names.set(sid, (set = new Set()));
          set.add(name);
        }
      }
      expect(names.size).toBeGreaterThan(20);
      const shared = [...names].filter(([, n]) => n.size > 1).map(([sid, n]) => `${sid}: ${[...n].join(', ')}`);
      expect(shared).toEqual([]);
    });
  });
}
