/**
 * The file page and the process tree on the real lab data (scenario.md §1.1, §1.2, §5 Q2/Q5/Q6).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFilePage } from '../../src/investigate/file.ts';
import { rowsOf } from '../../src/investigate/kql.ts';
import { activityKql, childrenKql, flatten, loadProcessTree, summarizeActivity } from '../../src/investigate/process-tree.ts';
import { type Lab, openLab } from './lab.ts';

const A = '99b14e30b7738db0b26d8bafab381c551fe3a4d3';
const B = 'f49e40fd7fa904bbe336771ed7d6eab38a3629c1';
const DOCM_SHA1 = 'a9d945868f3e41c17cd2c4a5b435002d8983962f';
const JPG = { SHA1: '4ad493d890092d6da645043be925925bca4cff27', SHA256: '22dfc2849e1501c31139ccfc84124b3c24f6ed2ce7f79fa8bc35351f3c5a5226', MD5: 'aed7d138e84b89e070edd7cf0cc76dd9' };

let lab: Lab;
beforeAll(async () => {
  lab = await openLab();
});
afterAll(async () => {
  await lab?.engine.close();
});

describe('file page', () => {
  it('resolves the dropped .jpg from its MD5 to all three hashes and lists its one device', async () => {
    const p = await loadFilePage(lab.run, JPG.MD5);
    expect(p.found).toBe(true);
    expect(p.hashes).toEqual(JPG);
    expect(p.prevalence.data.map((r) => r.DeviceId)).toEqual([A]);
    expect(p.names.data.map((r) => r.FileName)).toContain('WinATP-Intro-Backdoorexe.jpg');
    expect(p.names.data.map((r) => r.FolderPath)).toContain('C:\\Users\\alex.rivera\\Desktop\\WinATP-Intro-Backdoorexe.jpg');
    // created by WINWORD.EXE, never executed (Q6)
    expect(p.activity.data.map((r) => [r.Role, r.InitiatingProcessFileName])).toEqual([['created/modified', 'WINWORD.EXE']]);
    expect(p.profile.data[0]).toMatchObject({ GlobalPrevalence: 1, SignatureState: 'Unsigned', IsExecutable: true });
    expect(p.alerts.data.map((r) => r.Title)).toContain('Suspicious process injection observed');
    expect(p.certificate.data.length).toBeGreaterThan(0);
    expect(p.certificate.data[0].IsSigned).toBe(false);
  });

  it('finds the .docm on devices A and B (Q5)', async () => {
    const p = await loadFilePage(lab.run, DOCM_SHA1);
    expect(p.prevalence.data.map((r) => r.DeviceName).sort()).toEqual(['win10-lab01', 'win10-lab07']);
    expect(new Set(p.prevalence.data.map((r) => r.DeviceId))).toEqual(new Set([A, B]));
    expect(p.timeline.data.length).toBeGreaterThan(1);
    expect(p.hashes.SHA256).toBe('bb6a5617348b05c2ca317cc079de7a93c8a49bc9f55df2ab21f925db39c3d3ab');
    // the mail that delivered it, found through the sibling SHA256 of the SHA1 searched for (Q8)
    expect(p.email.data.map((r) => r.RecipientEmailAddress).sort()).toEqual(['alex.rivera@contoso.example', 'jordan.lee@contoso.example']);
  });

  it('finds a process image through the InitiatingProcess* hashes (WINWORD.EXE by SHA256)', async () => {
    const p = await loadFilePage(lab.run, 'fa0714bbb611ed465d6cae705cebc15de04f7cc3b83f3fb7661693ebb23c787c');
    expect(p.hashes.SHA1).toBe('f545dc7f5baa4f061cc09a5c6ac9dc71353669c1');
    expect(p.names.data.some((r) => r.FileName === 'WINWORD.EXE')).toBe(true);
    expect(p.activity.data.some((r) => r.Role === 'executed')).toBe(true);
  });

  it('reads the big tables in two queries: the identity, then the four cards over the file\'s rows found once', async () => {
    const n0 = lab.log.length;
    const p = await loadFilePage(lab.run, DOCM_SHA1);
    const queries = lab.log.slice(n0);
    // identity, the cards' query, and the four small side tables (profile, certificate, alerts, mail)
    expect(queries).toHaveLength(6);
    const big = queries.filter((q) => /DeviceProcessEvents/.test(q));
    expect(big).toHaveLength(2);
    // one hash column per filter (the engine pushes it into the scan), never a disjunction of columns
    for (const q of big) expect(q).not.toMatch(/SHA1 =~ "[0-9a-f]+" or /);
    // each card's own query gives the rows the combined query gave it
    for (const c of [p.names, p.prevalence, p.timeline, p.activity]) {
      const own = rowsOf(await lab.run(c.kql));
      expect(c.data.length).toBeGreaterThan(0);
      expect(c.data).toEqual(own);
    }
  });

  it('says not found for an unknown hash', async () => {
    const p = await loadFilePage(lab.run, '0'.repeat(40));
    expect(p.found).toBe(false);
    expect(p.prevalence.data).toEqual([]);
  });
});

describe('process tree', () => {
  it('says where a limit stopped the walk (ancestors, levels, processes), and says nothing when the whole tree is shown', async () => {
    const focus = [{ deviceId: A, processId: 6120, creationTime: '2024-05-14T09:42:03.117Z' }];
    const limited = (v: Awaited<ReturnType<typeof loadProcessTree>>) => v.tree.issues.filter((m) => /stop/.test(m));
    expect(limited(await loadProcessTree(lab.run, focus))).toEqual([]);
    const up = await loadProcessTree(lab.run, focus, { maxAncestors: 1 });
    expect(limited(up)).toEqual([expect.stringMatching(/^The walk up stopped after 1 ancestor: /)]);
    expect(flatten(up.tree).map((n) => n.record.fileName)).not.toContain('userinit.exe');
    const shallow = await loadProcessTree(lab.run, focus, { maxDepth: 2 });
    expect(limited(shallow)).toEqual([expect.stringMatching(/^The tree stops 2 levels below/)]);
    expect(flatten(shallow.tree).map((n) => n.record.fileName)).not.toContain('RuntimeBroker.exe');
    const small = await loadProcessTree(lab.run, focus, { maxNodes: 3 });
    expect(limited(small)).toEqual([expect.stringMatching(/^The tree stops at 3 processes/)]);
  });
  it('rebuilds WINWORD.EXE → wscript.exe → powershell.exe → RuntimeBroker.exe with its activity', async () => {
    const v = await loadProcessTree(lab.run, [{ deviceId: A, processId: 6120, creationTime: '2024-05-14T09:42:03.117Z' }]);
    expect(v.found).toBe(true);
    const nodes = flatten(v.tree);
    const names = nodes.map((n) => n.record.fileName);
    // ancestors up to the session root (userinit.exe; winlogon.exe is outside the logon session)
    expect(names).toEqual(['userinit.exe', 'explorer.exe', 'WINWORD.EXE', 'wscript.exe', 'powershell.exe', 'RuntimeBroker.exe']);
    expect(v.sessionParent).toBe('winlogon.exe');
    expect(nodes.map((n) => n.depth)).toEqual([0, 1, 2, 3, 4, 5]);
    // PID 4312 was reused by ms-teams.exe (a child of explorer 4312): keys keep them apart
    expect(names).not.toContain('ms-teams.exe');
    const by = (n: string) => nodes.find((x) => x.record.fileName === n)!;
    expect(by('WINWORD.EXE').focus).toBe(true);
    expect(by('WINWORD.EXE').activity.map((a) => a.summary).join('\n')).toMatch(/FileCreated .*diy_rs3_jscript_executes_ps\.js/);
    expect(by('WINWORD.EXE').activity.some((a) => a.summary.includes('VBE7.DLL'))).toBe(true);
    const ps = by('powershell.exe').activity;
    expect(ps.some((a) => a.table === 'DeviceRegistryEvents' && a.summary.includes('WinATPIntroUpdate'))).toBe(true);
    expect(ps.filter((a) => a.role === 'actor' && a.actionType.includes('Remote')).length).toBe(2);
    const rb = by('RuntimeBroker.exe').activity;
    expect(rb.filter((a) => a.table === 'DeviceNetworkEvents' && a.summary.includes('203.0.113.45:443')).length).toBe(5);
    expect(rb.some((a) => a.role === 'target' && a.actionType === 'CreateRemoteThreadApiCall')).toBe(true);
    expect(v.card.kql).toContain('DeviceProcessEvents');
    // the card's query is runnable and returns the tree's processes
    const rows = await lab.run(v.card.kql.split('\n\n')[0]);
    expect(rows.rows.length).toBe(6);
  });

  it('finds each process by its key (one query per step, each a pushed filter), and walks the same tree in memory from one query of the device', async () => {
    const focus = [{ deviceId: A, processId: 6120, creationTime: '2024-05-14T09:42:03.117Z' }];
    const n0 = lab.log.length;
    const v = await loadProcessTree(lab.run, focus);
    // focal + 3 ancestors (the 4th is outside the session) + 4 descendant levels + activity
    expect(lab.log.length - n0).toBe(9);
    expect(v.queries).toHaveLength(9);
    // one key per filter, a conjunction (the engine pushes it into the scan): no disjunction of keys
    for (const q of v.queries.slice(0, -1)) expect(q).not.toMatch(/ or /);
    // in memory: the device's creation events (the walk's columns), the tree's rows, the activity
    const mem = await loadProcessTree(lab.run, focus, { maxIndexRows: 20_000 });
    expect(mem.queries).toHaveLength(3);
    expect(mem.queries[0]).toMatch(/^DeviceProcessEvents\n\| where DeviceId == /);
    const shape = (t: typeof v) => flatten(t.tree).map((n) => [n.id, n.depth, n.focus, n.record, n.activity.map((a) => [a.time, a.summary, a.role])]);
    expect(shape(mem)).toEqual(shape(v));
    expect(mem.sessionParent).toBe(v.sessionParent);
    // an in-memory walk cut by its limit (one row short of the device's count) is not used
    const count = Number((await lab.run(`DeviceProcessEvents | where DeviceId == "${A}" | count`)).rows[0][0]);
    const capped = await loadProcessTree(lab.run, focus, { maxIndexRows: count - 1 });
    expect(capped.queries.length).toBe(v.queries.length + 1);
    expect(shape(capped)).toEqual(shape(v));
  });

  it('the steps read the record columns only; a parent without a creation event is read in full afterwards (same tree as from full rows)', async () => {
    // powershell.exe started by the Intune agent, whose own creation event is not in the lab
    const focus = [{ deviceId: '0a1625f401905bb6a1a6bddbe630a23382fd5ded', processId: 12548, creationTime: '2024-05-14T03:33:38.98Z' }];
    const v = await loadProcessTree(lab.run, focus);
    const nodes = flatten(v.tree);
    const stub = nodes.find((n) => n.record.fileName === 'Microsoft.Management.Services.IntuneWindowsAgent.exe');
    expect(stub?.record.stub).toBe(true);
    // the stub's columns that the steps do not read, filled from its child's full row
    expect(stub?.record.folderPath).not.toBe('');
    expect(stub?.record.commandLine).not.toBe('');
    // every step reads the record columns; one query reads the stubs' child rows in full
    const dpe = v.queries.filter((q) => q.includes('DeviceProcessEvents'));
    expect(dpe.length).toBeGreaterThan(5);
    expect(dpe.filter((q) => q.includes('InitiatingProcessCommandLine'))).toHaveLength(1);
    // the in-memory walk reads every record from full rows: the same tree
    const shape = (t: typeof v) => flatten(t.tree).map((n) => [n.id, n.depth, n.focus, n.record, n.activity.map((a) => [a.time, a.summary, a.role])]);
    expect(shape(await loadProcessTree(lab.run, focus, { maxIndexRows: 20_000 }))).toEqual(shape(v));
  });

  it("reads only the activity columns the tree shows, with the same summaries as the tables' full rows", async () => {
    const v = await loadProcessTree(lab.run, [{ deviceId: A, processId: 6120, creationTime: '2024-05-14T09:42:03.117Z' }]);
    const keys = flatten(v.tree).map((n) => n.record.key);
    const act = activityKql(A, keys);
    expect(act).not.toMatch(/SHA1/);
    // AdditionalFields only from DeviceEvents (the one table whose summary shows it)
    expect(act.slice(0, act.indexOf('(DeviceEvents'))).toMatch(/DeviceImageLoadEvents\n[\s\S]*\| extend AdditionalFields = ""\),\s*$/);
    const pred = (pid: string, time: string) =>
      keys.map((k) => `(${pid} == ${k.processId} and ${time} == datetime(${k.creationTime}))`).join(' or ');
    // every column of every activity table, actor rows and DeviceEvents target rows
    const wide = await lab.run(`union
    (union withsource=Table DeviceFileEvents, DeviceRegistryEvents, DeviceNetworkEvents, DeviceEvents, DeviceImageLoadEvents
    | where DeviceId == "${A}" | where ${pred('InitiatingProcessId', 'InitiatingProcessCreationTime')}),
    (DeviceEvents | where DeviceId == "${A}" | where ${pred('ProcessId', 'ProcessCreationTime')}
    | where not(isnotnull(InitiatingProcessId) and isnotnull(InitiatingProcessCreationTime) and (${pred('InitiatingProcessId', 'InitiatingProcessCreationTime')}))
    | extend Table = "DeviceEvents")
| extend AdditionalFields = tostring(AdditionalFields)`);
    const summaries = (rows: Record<string, unknown>[]) => rows.map((r) => `${r.Timestamp} ${r.Table} ${summarizeActivity(r as never)}`).sort();
    const narrow = await lab.run(act);
    expect(narrow.rows.length).toBeGreaterThan(10);
    expect(summaries(rowsOf(narrow))).toEqual(summaries(rowsOf(wide)));
  });

  it('a tree of hundreds of processes: the key disjunction is nested in halves (a chain of 600 keys is refused, KS245), same rows', async () => {
    const v = await loadProcessTree(lab.run, [{ deviceId: A, processId: 6120, creationTime: '2024-05-14T09:42:03.117Z' }]);
    const keys = flatten(v.tree).map((n) => n.record.key);
    // keys that match nothing (pids the lab never uses, at the tree's times), around the real ones
    const none = Array.from({ length: 700 }, (_, i) => ({ ...keys[i % keys.length], processId: 900_000 + i }));
    const many = [...none.slice(0, 350), ...keys, ...none.slice(350)];
    const act = activityKql(A, many);
    expect(act).toMatch(/ or \(\(/);
    const a = rowsOf(await lab.run(act));
    expect(a.length).toBeGreaterThan(10);
    expect(a).toEqual(rowsOf(await lab.run(activityKql(A, keys))));
    // the steps' form past 32 keys (a span, then the disjunction) compiles and finds the same rows
    const kids = flatten(v.tree).filter((n) => n.children.length).map((n) => n.record.key);
    const byMany = rowsOf(await lab.run(childrenKql(A, [...none, ...kids])));
    const byFew = rowsOf(await lab.run(childrenKql(A, kids)));
    const ids = (rows: typeof byMany) => rows.map((r) => `${r.ProcessId}|${r.ProcessCreationTime}`).sort();
    expect(byMany.length).toBeGreaterThan(3);
    expect(ids(byMany)).toEqual(ids(byFew));
  });

  it('says not found for an unknown process key', async () => {
    const v = await loadProcessTree(lab.run, [{ deviceId: A, processId: 6120, creationTime: '2020-01-01T00:00:00Z' }]);
    expect(v.found).toBe(false);
  });
});
