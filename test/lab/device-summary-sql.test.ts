/**
 * deviceSummarySql on small hand-made tables in native DuckDB: the cases generated data does not
 * have (a compliance row found by an AadDeviceId only, a device whose AadDeviceId changed, rows of
 * no device, an alert's status row with no time, the edges of Card 7's window), so the page's queries over the summary keep finding their rows there too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceSummarySql, TIMELINE_CARD, TIMELINE_CARD_COLUMNS } from '../../src/catalog/device-summary.ts';
import type { CatalogTable, KqlType } from '../../src/catalog/types.ts';
import { nodeApi } from '../../src/engine/db-writer.ts';

type Conn = import('@duckdb/node-api').DuckDBConnection;
let inst: import('@duckdb/node-api').DuckDBInstance;
let conn: Conn;

const DUCK: Record<string, string> = { datetime: 'TIMESTAMP', string: 'VARCHAR', long: 'BIGINT', int: 'INTEGER', bool: 'BOOLEAN', guid: 'VARCHAR' };
const LOGGED_ON = 'STRUCT("UserName" VARCHAR, "DomainName" VARCHAR, "Sid" VARCHAR)[]';

/** A catalog entry and its table: columns as [name, KQL type]. */
function table(name: string, columns: [string, KqlType][]): CatalogTable {
  return { name, kind: 'advanced-hunting', description: '', columns: columns.map(([n, type]) => ({ name: n, type, description: '', ...(type === 'dynamic' ? { duckType: LOGGED_ON } : {}) })) };
}
const s = (names: string) => names.split(' ').map((n): [string, KqlType] => [n, n === 'Timestamp' ? 'datetime' : 'string']);

const TABLES = [
  table('DeviceInfo', [...s('Timestamp DeviceId DeviceName AadDeviceId OSPlatform'), ['OSBuild', 'long'], ['JoinType', 'string'], ['IsAzureADJoined', 'bool'], ...s('PublicIP MachineGroup ExposureLevel SensorHealthState OnboardingStatus'), ['LoggedOnUsers', 'dynamic']]),
  table('DeviceRiskEvents', s('DeviceId Timestamp PreviousRiskScore RiskScore TriggerAlertId Reason')),
  table('DeviceComplianceEvents', s('DeviceId AadDeviceId Timestamp PolicyName SettingName Expected Actual PreviousState NewState Reason')),
  table('MachineActions', [...s('MachineId Timestamp Type Status Scope Requestor RequestorComment'), ['Id', 'guid']]),
  table('DeviceLogonEvents', s('DeviceId ActionType Timestamp AccountDomain AccountName LogonType')),
  table('AADSignInEventsBeta', [...s('AadDeviceId Timestamp'), ['ErrorCode', 'int'], ...s('AccountUpn ResourceDisplayName ClientAppUsed'), ['IsCompliant', 'int'], ...s('AuthenticationRequirement CorrelationId')]),
  table('AlertInfo', s('Timestamp AlertId Title Category Severity')),
  table('AlertEvidence', s('Timestamp AlertId DeviceId')),
  table('AlertStatus', s('Timestamp AlertId Status Classification ResolvedTime').map(([n, t]): [string, KqlType] => [n, n === 'ResolvedTime' ? 'datetime' : t])),
];

/** DeviceTimeline's entry: the columns Card 7 copies (a side table). */
const TIMELINE: CatalogTable = {
  ...table('DeviceTimeline', [
    ['DeviceId', 'string'],
    ...TIMELINE_CARD_COLUMNS.map((n): [string, KqlType] => [n, n === 'Timestamp' || n === 'InitiatingProcessCreationTime' ? 'datetime' : n === 'ReportId' || n === 'InitiatingProcessId' ? 'long' : n === 'RemotePort' ? 'int' : n === 'AdditionalFields' ? 'dynamic' : 'string']),
  ]),
  kind: 'side',
};

const rows = async (sql: string) => (await conn.runAndReadAll(sql)).getRows().map((r) => r.map((x) => (typeof x === 'bigint' ? Number(x) : x === null ? null : String(x))));

beforeAll(async () => {
  const duck = await nodeApi();
  inst = await duck.DuckDBInstance.create(':memory:');
  conn = await inst.connect();
  for (const t of TABLES) await conn.run(`CREATE TABLE "${t.name}" (${t.columns.map((c) => `"${c.name}" ${c.duckType ?? DUCK[c.type]}`).join(', ')})`);
  const T = (h: number) => `TIMESTAMP '2024-05-14 ${String(h).padStart(2, '0')}:00:00'`;
  // dev1 changed AadDeviceId (aad1 → aad2) and has two rows at its latest time under another name; dev2 has no AadDeviceId
  await conn.run(`INSERT INTO DeviceInfo ("Timestamp", "DeviceId", "DeviceName", "AadDeviceId", "OSBuild") VALUES
    (${T(1)}, 'dev1', 'host-a', 'aad1', 1), (${T(2)}, 'dev1', 'host-a', 'aad2', 2), (${T(2)}, 'dev1', 'HOST-A', 'aad2', 3), (${T(2)}, 'dev1', 'HOST-A', 'aad2', 4),
    (${T(1)}, 'dev2', 'host-b', '', 5), (${T(3)}, NULL, 'host-c', 'aad3', 6)`);
  await conn.run(`INSERT INTO DeviceComplianceEvents ("DeviceId", "AadDeviceId", "Timestamp", "PolicyName") VALUES
    ('dev1', 'aad1', ${T(1)}, 'both'), ('', 'aad2', ${T(2)}, 'aad only'), ('dev2', 'x', ${T(3)}, 'id only'), ('other', '', ${T(4)}, 'nobody'), ('', 'aad3', ${T(5)}, 'no device id')`);
  await conn.run(`INSERT INTO AADSignInEventsBeta ("AadDeviceId", "Timestamp", "CorrelationId") VALUES ('aad1', ${T(1)}, 's1'), ('aad2', ${T(2)}, 's2'), ('', ${T(3)}, 's3'), ('aad3', ${T(4)}, 's4')`);
  await conn.run(`INSERT INTO DeviceLogonEvents ("DeviceId", "ActionType", "Timestamp", "AccountName") VALUES ('dev1', 'LogonSuccess', ${T(1)}, 'u1'), ('dev1', 'LogonFailed', ${T(2)}, 'u2'), ('dev2', 'LogonSuccess', ${T(3)}, 'u3')`);
  await conn.run(`INSERT INTO DeviceRiskEvents ("DeviceId", "Timestamp", "RiskScore") VALUES ('dev2', ${T(1)}, 'High'), ('gone', ${T(2)}, 'Low')`);
  await conn.run(`INSERT INTO MachineActions ("MachineId", "Timestamp", "Type") VALUES ('dev1', ${T(1)}, 'Isolate')`);
  // a1: evidence on dev1 (twice) and dev2, three status rows (the latest wins; one has no time); a2: on no device of DeviceInfo; a3: no status row
  await conn.run(`INSERT INTO AlertInfo ("Timestamp", "AlertId", "Title", "Severity") VALUES (${T(1)}, 'a1', 'One', 'High'), (${T(2)}, 'a2', 'Two', 'Low'), (${T(3)}, 'a3', 'Three', 'Medium')`);
  await conn.run(`INSERT INTO AlertEvidence ("Timestamp", "AlertId", "DeviceId") VALUES (${T(1)}, 'a1', 'dev1'), (${T(1)}, 'a1', 'dev1'), (${T(1)}, 'a1', 'dev2'), (${T(2)}, 'a2', 'other'), (${T(2)}, 'a2', NULL), (${T(3)}, 'a3', 'dev1')`);
  await conn.run(`INSERT INTO AlertStatus ("Timestamp", "AlertId", "Status", "Classification", "ResolvedTime") VALUES
    (${T(1)}, 'a1', 'New', '', NULL), (${T(4)}, 'a1', 'Resolved', 'TruePositive', ${T(4)}), (NULL, 'a1', 'NoTime', '', NULL), (${T(2)}, 'a2', 'New', '', NULL)`);
  await conn.run(`CREATE TABLE "DeviceSummary" AS ${deviceSummarySql(TABLES)}`);
  // with a DeviceTimeline (Card 7): dev1's first alert is a1 at 01:00 (a3 at 03:00), dev2's a1; 'other' is not in DeviceInfo
  await conn.run(`CREATE TABLE "DeviceTimeline" (${TIMELINE.columns.map((c) => `"${c.name}" ${c.duckType ?? DUCK[c.type]}`).join(', ')})`);
  const at = (t: string) => `TIMESTAMP '2024-05-14 ${t}'`;
  await conn.run(`INSERT INTO DeviceTimeline ("DeviceId", "Timestamp", "Table", "ReportId") VALUES
    ('dev1', ${at('00:28:59.999')}, 'T', 1), ('dev1', ${at('00:29:00')}, 'T', 2), ('dev1', ${at('01:00:00')}, 'T', 3), ('dev1', ${at('01:31:00')}, 'T', 4),
    ('dev1', ${at('01:31:00.001')}, 'T', 5), ('dev1', ${at('03:00:00')}, 'T', 6), ('dev1', NULL, 'T', 7), ('dev2', ${at('01:10:00')}, 'T', 8), ('other', ${at('02:00:00')}, 'T', 9), ('dev3', ${at('01:00:00')}, 'T', 10)`);
  await conn.run(`CREATE TABLE "DeviceSummary7" AS ${deviceSummarySql([...TABLES, TIMELINE])}`);
}, 60_000);
afterAll(() => {
  conn?.closeSync();
  inst?.closeSync();
});

describe('deviceSummarySql', () => {
  it('keeps every DeviceInfo row at the latest time of its (DeviceId, DeviceName), first', async () => {
    expect(await rows('SELECT "Card", "Device", "DeviceName", "AadDeviceId", "OSBuild" FROM "DeviceSummary" WHERE "Card" = 0 ORDER BY ALL')).toEqual([
      [0, 'dev1', 'HOST-A', 'aad2', 3],
      [0, 'dev1', 'HOST-A', 'aad2', 4],
      [0, 'dev1', 'host-a', 'aad2', 2],
      [0, 'dev2', 'host-b', '', 5],
      [0, null, 'host-c', 'aad3', 6],
    ]);
  });

  it('puts a row under each device whose page shows it: compliance by DeviceId or any of its AadDeviceIds (once), sign-ins by its AadDeviceIds, logons of LogonSuccess', async () => {
    const got = await rows(`SELECT "Card", "Device", coalesce("PolicyName", "CorrelationId", "AccountName", "RiskScore", "Type") FROM "DeviceSummary" WHERE "Card" BETWEEN 1 AND 5 ORDER BY ALL`);
    expect(got).toEqual([
      [1, 'dev2', 'High'],
      [2, 'dev1', 'aad only'],
      [2, 'dev1', 'both'],
      [2, 'dev2', 'id only'],
      [3, 'dev1', 'Isolate'],
      [4, 'dev1', 'u1'],
      [4, 'dev2', 'u3'],
      [5, 'dev1', 's1'],
      [5, 'dev1', 's2'],
    ]);
    // the device rows come first, then each device's rows together
    const order = await rows('SELECT "Card", "Device" FROM "DeviceSummary"');
    expect(order.slice(0, 5).every((r) => r[0] === 0)).toBe(true);
    expect(order.slice(5).map((r) => r[1])).toEqual(['dev1', 'dev1', 'dev1', 'dev1', 'dev1', 'dev1', 'dev1', 'dev1', 'dev2', 'dev2', 'dev2', 'dev2']);
  });

  it('puts each alert with evidence on a device under it once, with its latest status (none: nulls)', async () => {
    const got = await rows(`SELECT "Device", "AlertId", "Title", "Severity", "Status", "Classification", CAST("ResolvedTime" AS VARCHAR), CAST("Timestamp" AS VARCHAR) FROM "DeviceSummary" WHERE "Card" = 6 ORDER BY ALL`);
    expect(got).toEqual([
      ['dev1', 'a1', 'One', 'High', 'Resolved', 'TruePositive', '2024-05-14 04:00:00', '2024-05-14 01:00:00'],
      ['dev1', 'a3', 'Three', 'Medium', null, null, null, '2024-05-14 03:00:00'],
      ['dev2', 'a1', 'One', 'High', 'Resolved', 'TruePositive', '2024-05-14 04:00:00', '2024-05-14 01:00:00'],
    ]);
  });

  it('Card 7: the timeline rows within 31 minutes of the first alert of each device of DeviceInfo', async () => {
    const got = await rows(`SELECT "Device", "DeviceId", "ReportId", CAST("Timestamp" AS VARCHAR) FROM "DeviceSummary7" WHERE "Card" = ${TIMELINE_CARD} ORDER BY ALL`);
    expect(got).toEqual([
      ['dev1', 'dev1', 2, '2024-05-14 00:29:00'],
      ['dev1', 'dev1', 3, '2024-05-14 01:00:00'],
      ['dev1', 'dev1', 4, '2024-05-14 01:31:00'],
      ['dev2', 'dev2', 8, '2024-05-14 01:10:00'],
    ]);
    // the other cards are the same as without DeviceTimeline; no Card 7 without it
    expect(await rows(`SELECT * FROM "DeviceSummary7" WHERE "Card" <> ${TIMELINE_CARD} ORDER BY ALL`)).toEqual(await rows(`SELECT *, ${TIMELINE.columns.filter((c) => !['Timestamp', 'DeviceId', 'AccountName', 'ActionType'].includes(c.name)).map(() => 'NULL').join(', ')} FROM "DeviceSummary" ORDER BY ALL`));
    expect(await rows(`SELECT count(*) FROM "DeviceSummary" WHERE "Card" = ${TIMELINE_CARD}`)).toEqual([[0]]);
  });
});
