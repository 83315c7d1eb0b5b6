import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateLab } from '../../src/lab/index.ts';
import { additionsOf, REFERENCE_ADDITIONS } from '../../src/lab/schema-additions.ts';
import { REFERENCE_TABLES } from '../../src/lab/schema-data.ts';
import { buildTableDefs } from '../../src/lab/schema.ts';

/** Arrow times as epoch microseconds (bigint) or milliseconds (number): milliseconds. */
const ms = (v: unknown): number => (typeof v === 'bigint' ? Number(v / 1000n) : v instanceof Date ? v.getTime() : Number(v));

const lab = generateLab({ scale: 0.3 });
const SIDE = ['DeviceRiskEvents', 'DeviceComplianceEvents', 'MachineActions', 'AlertStatus', 'AdfsEvents', 'DeviceRegistrationEvents', 'MobileDevices', 'FileProfiles'];
// mde-schema.md §1–14 column counts with the 2025–2026 additions (§15)
const MDE_COUNTS: Record<string, number> = {
  DeviceProcessEvents: 69,
  DeviceFileEvents: 59,
  DeviceRegistryEvents: 43,
  DeviceNetworkEvents: 46,
  DeviceInfo: 51,
  DeviceLogonEvents: 49,
  DeviceEvents: 65,
  DeviceImageLoadEvents: 42,
  DeviceFileCertificateInfo: 18,
  AlertInfo: 8,
  AlertEvidence: 42,
  IdentityLogonEvents: 26,
  AADSignInEventsBeta: 44,
  EmailEvents: 40,
};

describe('lab schema', () => {
  it('has every mde-schema.md §1–14 table with all columns in documented order and type', () => {
    for (const [name, n] of Object.entries(MDE_COUNTS)) {
      const ref = REFERENCE_TABLES.find((t) => t.name === name)!;
      const cat = lab.catalog.tables.find((t) => t.name === name)!;
      expect(cat, name).toBeDefined();
      // the documented columns in order, then the ones a newer reference page adds (schema-additions.ts)
      const added = additionsOf(name);
      expect(cat.columns.length, name).toBe(n + added.length);
      expect(cat.columns.map((c) => c.name)).toEqual([...ref.columns.map((c) => c[0]), ...added.map((c) => c[0])]);
      cat.columns.forEach((c, i) => {
        const doc = i < n ? ref.columns[i][1] : added[i - n][1];
        expect(c.documentedType ?? c.type, `${name}.${c.name}`).toBe(doc);
      });
      expect(cat.kind).toBe('advanced-hunting');
    }
  });

  it('has the more-tables.md tables and the scenario side tables, labelled', () => {
    for (const t of REFERENCE_TABLES) expect(lab.tables.has(t.name), t.name).toBe(true);
    for (const s of SIDE) expect(lab.catalog.tables.find((t) => t.name === s)?.kind, s).toBe('side');
    expect(lab.catalog.tables.find((t) => t.name === 'SigninLogs')?.kind).toBe('sentinel');
  });

  it('stores types as the engine expects (no zoned timestamps, dynamic as nested types)', () => {
    for (const t of lab.catalog.tables) {
      const arrow = lab.tables.get(t.name)!;
      // the hidden columns (`_ItemId`) are stored after the listed ones
      expect(arrow.schema.fields.map((f) => f.name)).toEqual([...t.columns, ...(t.hiddenColumns ?? [])].map((c) => c.name));
      t.columns.forEach((c, i) => {
        const ty = String(arrow.schema.fields[i].type);
        if (c.type === 'datetime') expect(ty).toBe('Timestamp<MICROSECOND>');
        if (c.type === 'dynamic') {
          expect(c.duckType, `${t.name}.${c.name}`).toMatch(/^(STRUCT\(|.*\[\]$)/);
          expect(ty).toMatch(/^(Struct|List)/);
        }
      });
      if (t.columns.some((c) => c.name === 'ActionType')) expect(t.actionTypes).toBeDefined();
      // A watchlist's table is reached through _GetWatchlist(alias), not by its name.
      expect(t.sampleQuery).toContain(t.watchlist ? `_GetWatchlist('${t.watchlist.alias}')` : t.name);
    }
  });

  it.skipIf(!existsSync(path.resolve(import.meta.dirname, '../../../shared/reference/mde-schema.md')))(
    'embedded schema data still matches ../shared/reference/mde-schema.md',
    () => {
      const md = readFileSync(path.resolve(import.meta.dirname, '../../../shared/reference/mde-schema.md'), 'utf8');
      for (const t of REFERENCE_TABLES.filter((x) => x.ref.startsWith('mde-schema'))) {
        for (const [name, type] of t.columns) expect(md.includes(`| \`${name}\` | \`${type === 'bool' ? '' : type}`) || md.includes(`\`${name}\``)).toBe(true);
      }
    },
  );
});

describe('SecurityEvent', () => {
  it('offers the columns of its Log Analytics page, typed as there, beyond the ones the writers fill', () => {
    const cat = lab.catalog.tables.find((t) => t.name === 'SecurityEvent')!;
    const type = (n: string) => cat.columns.find((c) => c.name === n)?.type;
    // explicit-credential logons (4648) name the target server and SPN; lockout policy and
    // RPC/auth fields come with other event ids: none of them was in the lab's first list
    expect([type('TargetServerName'), type('TargetInfo'), type('Workstation'), type('LogonID')]).toEqual(['string', 'string', 'string', 'string']);
    expect([type('AuthenticationLevel'), type('ErrorCode'), type('KeyLength'), type('Task')]).toEqual(['int', 'int', 'int', 'int']);
    expect(cat.columns.length).toBeGreaterThanOrEqual(214);
    expect(new Set(cat.columns.map((c) => c.name)).size).toBe(cat.columns.length);
  });
});

describe('EntraIdSignInEvents', () => {
  it('mirrors AADSignInEventsBeta under its successor name (mde-schema.md §13)', () => {
    const defs = buildTableDefs();
    const aad = defs.find((t) => t.name === 'AADSignInEventsBeta')!;
    const entra = defs.find((t) => t.name === 'EntraIdSignInEvents')!;
    expect(entra.columns.map((c) => c.name)).toEqual([
      ...aad.columns.map((c) => (c.name === 'AadDeviceId' ? 'EntraIdDeviceId' : c.name)),
      'IsThroughGlobalSecureAccess',
      'UniqueTokenId',
      'IsSignInThroughGlobalSecureAccess',
    ]);
  });
});

describe('columns of the current references (schema-additions.ts)', () => {
  it('are offered with their documented type after the table\'s first columns, once each', () => {
    for (const a of REFERENCE_ADDITIONS) {
      const cat = lab.catalog.tables.find((t) => t.name === a.table)!;
      expect(cat, a.table).toBeDefined();
      expect(new Set(cat.columns.map((c) => c.name)).size, a.table).toBe(cat.columns.length);
      for (const [name, type] of a.columns) expect(cat.columns.find((c) => c.name === name)?.type, `${a.table}.${name}`).toBe(type);
    }
  });

  it('carry the lab\'s values where the lab models the datum', () => {
    const rows = (table: string) => {
      const t = lab.tables.get(table)!;
      return t.toArray().map((r) => r.toJSON() as Record<string, unknown>);
    };
    // a SigninLogs row and its AADSignInEventsBeta twin share the session id
    const beta = new Map(rows('AADSignInEventsBeta').map((r) => [r.CorrelationId, r]));
    const si = rows('SigninLogs').filter((r) => r.SessionId !== '');
    expect(si.length).toBeGreaterThan(0);
    for (const r of si) expect(beta.get(r.CorrelationId)?.SessionId).toBe(r.SessionId);
    // token refreshes belong to the session of the interactive sign-in they follow
    const sessions = new Set(si.map((r) => r.SessionId));
    // (or to a session signed in before the window, whose refreshes start with it: the phones' mail and chat apps)
    const ni = rows('AADNonInteractiveUserSignInLogs');
    const t0 = Math.min(...si.map((r) => ms(r.TimeGenerated)));
    const firstSeen = new Map<unknown, number>();
    for (const r of ni) firstSeen.set(r.SessionId, Math.min(firstSeen.get(r.SessionId) ?? Infinity, ms(r.TimeGenerated)));
    const older = (r: Record<string, unknown>) => (firstSeen.get(r.SessionId) ?? Infinity) < Math.floor(t0 / 86_400_000) * 86_400_000 + 2 * 3_600_000;
    expect(ni.filter((r) => sessions.has(r.SessionId)).length).toBeGreaterThan(ni.filter((r) => !older(r)).length / 2);
    // the risk at sign-in uses RiskLevelAggregated's scale
    for (const r of rows('AADSignInEventsBeta')) expect([1, 10, 50, 100]).toContain(r.RiskLevelDuringSignIn);
  });
});

// The Log Analytics standard column _ItemId: "a unique identifier for the record", hidden unless a
// query names it (Azure Monitor docs, log-standard-columns.md). The lab stores it last in every Log
// Analytics table's file and lists it apart from the visible columns (catalog `hiddenColumns`).
describe('_ItemId of the Log Analytics tables', () => {
  it('is stored last in each Sentinel table (not the watchlist views), listed as hidden, one GUID per record', () => {
    const defs = buildTableDefs();
    let tables = 0;
    for (const t of lab.catalog.tables) {
      const def = defs.find((d) => d.name === t.name)!;
      const fields = lab.tables.get(t.name)!.schema.fields.map((f) => f.name);
      if (t.kind !== 'sentinel' || def.watchlist) {
        expect(t.hiddenColumns, t.name).toBeUndefined();
        expect(fields, t.name).not.toContain('_ItemId');
        continue;
      }
      tables++;
      expect(t.hiddenColumns?.map((c) => [c.name, c.type]), t.name).toEqual([['_ItemId', 'string']]);
      expect(t.columns.map((c) => c.name), t.name).not.toContain('_ItemId');
      expect(fields.at(-1), t.name).toBe('_ItemId');
      const ids = lab.tables.get(t.name)!.getChild('_ItemId')!.toArray() as string[];
      for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(new Set(ids).size, t.name).toBe(ids.length);
    }
    expect(tables).toBeGreaterThan(40);
  });

  it("BehaviorAnalytics.SourceRecordId is its sign-in's _ItemId, never the sign-in's Id", () => {
    const si = lab.tables.get('SigninLogs')!;
    const byItem = new Map<string, string>();
    for (let i = 0; i < si.numRows; i++) byItem.set(String(si.getChild('_ItemId')!.get(i)), String(si.getChild('Id')!.get(i)));
    const ids = new Set(byItem.values());
    const src = lab.tables.get('BehaviorAnalytics')!.getChild('SourceRecordId')!.toArray() as string[];
    expect(src.length).toBeGreaterThan(0);
    for (const s of src) {
      expect(byItem.has(s)).toBe(true);
      expect(ids.has(s)).toBe(false);
    }
  });
});
