/**
 * The file page with the file hash index (catalog/file-hash-index.ts) gives the same page as the
 * full searches. The index is built on the committed lab with the SQL the generator's writer runs
 * (fileHashIndexSql), in the engine the views use.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILE_HASH_INDEX, fileHashIndexSql, fileHashIndexTable, hashKey } from '../../src/catalog/file-hash-index.ts';
import { type FilePage, loadFilePage, type ScopeLimits } from '../../src/investigate/file.ts';
import type { KqlRunner } from '../../src/investigate/kql.ts';
import { type Lab, openLab, withSideTable } from './lab.ts';

const DOCM_SHA1 = 'a9d945868f3e41c17cd2c4a5b435002d8983962f';
const JPG_MD5 = 'aed7d138e84b89e070edd7cf0cc76dd9';
const WINWORD_SHA256 = 'fa0714bbb611ed465d6cae705cebc15de04f7cc3b83f3fb7661693ebb23c787c';

let lab: Lab;
let run: KqlRunner;
const log: string[] = [];

beforeAll(async () => {
  lab = await openLab();
  const sql = fileHashIndexSql(lab.catalog.tables);
  if (!sql) throw new Error('the lab has no hash columns to index');
  ({ run } = await withSideTable(lab, FILE_HASH_INDEX, [sql], fileHashIndexTable, log));
}, 120_000);
afterAll(async () => {
  await lab?.engine.close();
});

/** A page's data (the cards' rows, not their KQL). */
function data(p: FilePage) {
  return {
    hashes: p.hashes,
    found: p.found,
    cards: [p.identity, p.names, p.prevalence, p.timeline, p.activity, p.profile, p.certificate, p.alerts, p.email].map((c) => [c.id, c.data]),
  };
}

/** The scenario's hashes, and for each (table, role) the hash seen on the most devices. */
async function sampleHashes(): Promise<string[]> {
  const out = new Set([DOCM_SHA1, JPG_MD5, WINWORD_SHA256]);
  const r = await run(`union
    (union withsource=Table DeviceProcessEvents, DeviceFileEvents, DeviceImageLoadEvents, DeviceEvents, AlertEvidence, DeviceFileCertificateInfo, FileProfiles | project Table, Role = "file", DeviceId, SHA1, SHA256, MD5),
    (union withsource=Table DeviceProcessEvents, DeviceFileEvents, DeviceImageLoadEvents, DeviceEvents, DeviceRegistryEvents, DeviceNetworkEvents, DeviceLogonEvents | project Table, Role = "actor", DeviceId, SHA1 = InitiatingProcessSHA1, SHA256 = InitiatingProcessSHA256, MD5 = InitiatingProcessMD5)
| mv-expand Hash = pack_array(SHA1, SHA256, MD5) to typeof(string)
| where strlen(Hash) >= 32
| summarize Devices = dcount(DeviceId), Rows = count() by Hash, Table, Role
| summarize arg_max(Devices, Hash) by Table, Role`);
  for (const row of r.rows) for (const v of row) if (typeof v === 'string' && /^[0-9a-f]{32,64}$/.test(v)) out.add(v);
  return [...out].sort();
}

describe('file page with the file hash index', () => {
  it('gives the same page as the full searches, for hashes of every kind, role and table (and an unknown hash)', async () => {
    const hashes = await sampleHashes();
    expect(hashes.length).toBeGreaterThan(10);
    // each device apart, all in one `in` list, and every table in full above one device
    const limits: ScopeLimits[] = [{}, { deviceLegs: 0 }, { maxDevices: 1 }];
    for (const h of [...hashes, '0'.repeat(40)]) {
      const full = data(await loadFilePage(run, h));
      const some = [DOCM_SHA1, JPG_MD5, WINWORD_SHA256].includes(h) ? limits : limits.slice(0, 1);
      for (const l of some) expect(data(await loadFilePage(run, h, { index: true, limits: l })), `${h} ${JSON.stringify(l)}`).toEqual(full);
      // the identity, names, prevalence and timeline from the index's counts
      expect(data(await loadFilePage(run, h, { index: 'counts' })), `${h} counts`).toEqual(full);
    }
  }, 600_000);

  it('searches only the tables and devices that hold the hash; each card\'s own query gives its rows', async () => {
    const n0 = log.length;
    const p = await loadFilePage(run, DOCM_SHA1, { index: true });
    const queries = log.slice(n0);
    // the searched hash's index rows, the identity, one index query per sibling hash (SHA256, MD5), the cards, the side tables
    expect(queries.filter((q) => q.includes(FILE_HASH_INDEX))).toHaveLength(3);
    expect(queries[0]).toContain(`HashKey == ${hashKey(DOCM_SHA1)}`);
    // the .docm's rows are in DeviceFileEvents on two devices: one leg per device there, nothing read elsewhere
    for (const q of [p.identity.kql, p.names.kql, p.activity.kql]) {
      expect(q).toMatch(/\(DeviceFileEvents \| where DeviceId == "99b14e30b7738db0b26d8bafab381c551fe3a4d3" and SHA1 =~/);
      expect(q).toMatch(/\(DeviceProcessEvents \| where false/);
      expect(q).not.toMatch(/union withsource=Table DeviceFileEvents, /);
    }
    for (const c of [p.identity, p.names, p.prevalence, p.timeline, p.activity]) {
      expect(c.data.length).toBeGreaterThan(0);
      expect(tableRows(await run(c.kql))).toEqual(c.data);
    }
  }, 120_000);
});

describe('file page from the index\'s counts', () => {
  it('reads the identity, then the cards and the scope from the index (two queries, no event table); each card\'s own query gives its rows', async () => {
    const n0 = log.length;
    const p = await loadFilePage(run, DOCM_SHA1, { index: 'counts' });
    const queries = log.slice(n0);
    const onIndex = queries.filter((q) => q.includes(FILE_HASH_INDEX));
    expect(onIndex).toHaveLength(2);
    expect(onIndex[0]).toContain(`HashKey == ${hashKey(DOCM_SHA1)} and Kind == "SHA1"`);
    // the searched hash's siblings are read under their own keys, as the lead of their rows
    expect(onIndex[1]).toContain(`HashKey == ${hashKey(p.hashes.SHA256)} and Kind == "SHA256" and Lead`);
    // the other queries are the side tables' cards: FileProfiles and EmailAttachmentInfo hold the .docm; the certificate and alert cards are not run
    expect(queries.filter((q) => !q.includes(FILE_HASH_INDEX)).map((q) => q.split('\n')[0])).toEqual(['FileProfiles', 'EmailAttachmentInfo']);
    expect(p.certificate.data).toEqual([]);
    expect(p.alerts.data).toEqual([]);
    expect(p.email.data.length).toBeGreaterThan(0);
    for (const c of [p.names, p.prevalence, p.timeline, p.activity]) expect(c.data.length).toBeGreaterThan(0);
    // the cards' KQL search the tables, on the .docm's devices only
    expect(p.activity.kql).toMatch(/\(DeviceFileEvents \| where DeviceId == "99b14e30b7738db0b26d8bafab381c551fe3a4d3" and SHA1 =~/);
    expect(p.activity.kql).toMatch(/\(DeviceProcessEvents \| where false/);
    for (const c of [p.identity, p.names, p.prevalence, p.timeline, p.activity, p.certificate, p.alerts]) {
      expect(c.kql).not.toContain(FILE_HASH_INDEX);
      expect(tableRows(await run(c.kql))).toEqual(c.data);
    }
  }, 120_000);
});

function tableRows(r: Awaited<ReturnType<KqlRunner>>) {
  return r.rows.map((row) => Object.fromEntries(r.columns.map((c, i) => [c.name, row[i]])));
}
