/**
 * Sentinel watchlists the user loads from CSV (`--watchlist ALIAS[:KEY]=PATH`): `_GetWatchlist`
 * returns them with Sentinel's columns next to the lab's own watchlists, on the real engine; the
 * editor knows `_GetWatchlist`, its aliases (completion) and the watchlist's columns.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/cli/args.ts';
import { loadCatalog, resolveDataset } from '../../src/cli/datasets.ts';
import { run } from '../../src/cli/main.ts';
import { readUserTables, withUserTables } from '../../src/cli/user-tables.ts';
import { compile } from '../../src/kql/compile.ts';
import { completions, parserDiagnostics, setEditorCatalog } from '../../src/kql/worker-editor.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hb-wl-'));
const csv = path.join(dir, 'vip.csv');
fs.writeFileSync(csv, 'UserPrincipalName,Role,Notes\nalice@contoso.example,CFO,"Board, finance"\nbob@contoso.example,Domain admin,\n');
const when = new Date('2024-05-10T08:00:00Z');
fs.utimesSync(csv, when, when);

async function cli(argv: string[]) {
  let out = '';
  let err = '';
  const code = await run(argv, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

describe('--watchlist ALIAS[:KEY]=PATH', () => {
  it('parses, and refuses a bad alias, another file type and a repeated alias', () => {
    expect(parseArgs(['query', '--watchlist', `vip=${csv}`, 'print 1']).tables).toEqual([{ name: 'Watchlist_vip', path: csv, watchlist: { alias: 'vip' } }]);
    expect(parseArgs(['query', '--watchlist', `high-value:Role=${csv}`, 'print 1']).tables[0]).toEqual({ name: 'Watchlist_high_value', path: csv, watchlist: { alias: 'high-value', searchKey: 'Role' } });
    expect(() => parseArgs(['query', '--watchlist', `bad alias=${csv}`, 'print 1'])).toThrow(/--watchlist needs ALIAS=PATH/);
    expect(() => parseArgs(['query', '--watchlist', 'vip=x.json', 'print 1'])).toThrow(/a watchlist is a \.csv or \.tsv file/);
    expect(() => parseArgs(['query', '--watchlist', `vip=${csv}`, '--watchlist', `VIP=${csv}`, 'print 1'])).toThrow(/--watchlist VIP given twice/);
  });

  it("_GetWatchlist returns Sentinel's columns: item id, last update (the file's time), SearchKey, the item as a bag, the columns as text", async () => {
    const r = await cli([
      'query',
      '--no-dataset',
      '--watchlist',
      `vip=${csv}`,
      '--format',
      'json',
      "_GetWatchlist('vip') | project _DTItemId, LastUpdatedTimeUTC, SearchKey, Role, Notes, item = WatchlistItem, n = tostring(WatchlistItem.Notes)",
    ]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const res = JSON.parse(r.out);
    expect(res.columns.map((c: any) => `${c.name}:${c.type}`)).toEqual(['_DTItemId:string', 'LastUpdatedTimeUTC:datetime', 'SearchKey:string', 'Role:string', 'Notes:string', 'item:dynamic', 'n:string']);
    const rows = res.rows;
    expect(rows.map((x: any[]) => x.slice(1))).toEqual([
      ['2024-05-10T08:00:00Z', 'alice@contoso.example', 'CFO', 'Board, finance', { UserPrincipalName: 'alice@contoso.example', Role: 'CFO', Notes: 'Board, finance' }, 'Board, finance'],
      ['2024-05-10T08:00:00Z', 'bob@contoso.example', 'Domain admin', '', { UserPrincipalName: 'bob@contoso.example', Role: 'Domain admin', Notes: '' }, ''],
    ]);
    // item ids: GUID-shaped, distinct, the same on every load of the file
    expect(rows[0][0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(rows[0][0]).not.toBe(rows[1][0]);
    const again = JSON.parse((await cli(['query', '--no-dataset', '--watchlist', `vip=${csv}`, "_GetWatchlist('vip') | project _DTItemId"])).out);
    expect(again.rows.map((x: any[]) => x[0])).toEqual(rows.map((x: any[]) => x[0]));
  }, 120_000);

  it('a named search key; next to the lab watchlists; a lookup by SearchKey joins', async () => {
    const r = await cli(['query', '--watchlist', `vip:Role=${csv}`, '--format', 'json', "_GetWatchlist('vip') | where SearchKey == 'CFO' | project UserPrincipalName"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).rows).toEqual([['alice@contoso.example']]);
    const lab = await cli(['query', '--watchlist', `vip=${csv}`, '--format', 'json', "_GetWatchlist('VIPUsers') | count"]);
    expect(lab.code).toBe(0);
    expect(JSON.parse(lab.out).rows[0][0]).toBeGreaterThan(0);
  }, 120_000);

  it('errors: an unknown alias names the loaded ones; a missing key column; an alias the dataset has; a column Sentinel adds', async () => {
    const unknown = await cli(['query', '--no-dataset', '--watchlist', `vip=${csv}`, "_GetWatchlist('vap')"]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/HB141 .*unknown watchlist 'vap' \(this dataset has: vip\); load a CSV as this watchlist with the CLI option --watchlist vap\[:SEARCHKEY\]=PATH, or pick the file in the error panel \(browser\)/);
    // the compile result carries the alias, so the workbench can offer to load a file as it
    const catalog = await loadCatalog(resolveDataset('lab', false));
    const compiled = compile("_GetWatchlist('vap') | take 1", { catalog, now: '2024-05-20T00:00:00Z' });
    expect(compiled.ok).toBe(false);
    expect(compiled.missingWatchlist).toBe('vap');
    expect(compiled.diagnostics.find((d) => d.severity === 'error')?.code).toBe('HB141');
    expect(compiled.diagnostics.find((d) => d.severity === 'error')?.message).toContain('(this dataset has: VIPUsers, HighValueAssets');
    expect(compile("_GetWatchlist('VIPUsers') | take 1", { catalog, now: '2024-05-20T00:00:00Z' }).missingWatchlist).toBeUndefined();
    const key = await cli(['query', '--no-dataset', '--watchlist', `vip:Nope=${csv}`, 'print 1']);
    expect(key.err).toMatch(/the search key column "Nope" is not in the header \(UserPrincipalName, Role, Notes\)/);
    const clash = await cli(['query', '--watchlist', `VIPUsers=${csv}`, 'print 1']);
    expect(clash.code).toBe(2);
    expect(clash.err).toMatch(/--watchlist VIPUsers: the dataset already has a watchlist with that alias/);
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, 'SearchKey,x\n1,2\n');
    const reserved = await cli(['query', '--no-dataset', '--watchlist', `b=${bad}`, 'print 1']);
    expect(reserved.err).toMatch(/column "SearchKey" is one Sentinel adds to every watchlist/);
  }, 120_000);
});

describe('the editor and watchlists', () => {
  it('knows _GetWatchlist and a loaded watchlist (no diagnostic), completes its aliases and its columns', async () => {
    const catalog = withUserTables(await loadCatalog(resolveDataset('lab', false)), readUserTables([{ name: 'Watchlist_vip', path: csv, watchlist: { alias: 'vip' } }]))!;
    setEditorCatalog(catalog);
    try {
      expect(parserDiagnostics("_GetWatchlist('vip') | where Role == 'CFO' | project SearchKey")).toEqual([]);
      expect(parserDiagnostics("_GetWatchlist('VIPUsers') | take 1")).toEqual([]);
      const text = '_GetWatchlist(';
      const c = completions(text, text.length);
      expect(c.items.map((i) => i.insert)).toEqual(["'VIPUsers'", "'HighValueAssets'", "'NetworkAddresses'", "'TerminatedEmployees'", "'IdentityCorrelation'", "'ServiceAccounts'", "'vip'"]);
      expect(c.items[6].detail).toBe('watchlist · SearchKey UserPrincipalName · 2 items');
      const quoted = "_GetWatchlist('vi')";
      const q = completions(quoted, quoted.length - 2);
      expect([q.editStart, q.editLength]).toEqual([14, 4]);
      const cols = "_GetWatchlist('vip') | where ";
      expect(completions(cols, cols.length).items.map((i) => i.label)).toEqual(expect.arrayContaining(['Role', 'Notes', 'SearchKey', 'WatchlistItem']));
    } finally {
      setEditorCatalog(null);
    }
  }, 120_000);
});
