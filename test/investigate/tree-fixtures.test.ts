/**
 * buildProcessTree on small fixtures: PID reuse, a missing parent, a cycle in bad data, duplicates.
 */
import { describe, expect, it } from 'vitest';
import { buildProcessTree, flatten, type ProcKey, type ProcRecord, timeKey } from '../../src/investigate/process-tree.ts';

const D = 'dev1';
const k = (pid: number, t: string): ProcKey => ({ deviceId: D, processId: pid, creationTime: `2024-01-01T${t}Z` });
const rec = (name: string, key: ProcKey, parent: ProcKey | null, extra: Partial<ProcRecord> = {}): ProcRecord => ({
  key,
  fileName: name,
  folderPath: '',
  commandLine: name,
  sha1: '',
  accountName: 'u',
  logonId: 1,
  integrityLevel: '',
  parent,
  parentFileName: '',
  ...extra,
});

describe('buildProcessTree', () => {
  it('keys processes by PID and creation time: a reused PID is another process', () => {
    const shell = k(100, '10:00:00');
    const reused = k(100, '11:00:00'); // same PID, later: a different process
    const t = buildProcessTree([
      rec('explorer.exe', shell, null),
      rec('word.exe', k(200, '10:05:00'), shell),
      rec('teams.exe', reused, shell),
      rec('child-of-reused.exe', k(300, '11:05:00'), reused),
    ]);
    const names = flatten(t).map((n) => `${'  '.repeat(n.depth)}${n.record.fileName}`);
    expect(names).toEqual(['explorer.exe', '  word.exe', '  teams.exe', '    child-of-reused.exe']);
  });

  it('makes a process whose parent is missing a root and says so', () => {
    const t = buildProcessTree([rec('orphan.exe', k(5, '10:00:00'), k(4, '09:00:00')), rec('kid.exe', k(6, '10:00:01'), k(5, '10:00:00'))], [], [], true);
    expect(t.roots.map((r) => r.record.fileName)).toEqual(['orphan.exe']);
    expect(t.roots[0].issue).toBe('parent-missing');
    expect(t.roots[0].children[0].record.fileName).toBe('kid.exe');
  });

  it('breaks a parent cycle instead of looping', () => {
    const a = k(1, '10:00:00');
    const b = k(2, '10:00:01');
    const c = k(3, '10:00:02');
    const t = buildProcessTree([rec('a', a, c), rec('b', b, a), rec('c', c, b)]);
    const all = flatten(t);
    expect(all).toHaveLength(3);
    expect(all.filter((n) => n.issue === 'cycle')).toHaveLength(1);
    expect(t.issues).toHaveLength(1);
    // a self-parent is a cycle too
    const s = buildProcessTree([rec('self', a, a)]);
    expect(s.roots[0].issue).toBe('cycle');
  });

  it('keeps one node per key, preferring a creation event over a stub, and orders children by time', () => {
    const p = k(1, '10:00:00');
    const t = buildProcessTree([
      rec('stub-name', p, null, { stub: true }),
      rec('real.exe', p, null),
      rec('late', k(3, '10:00:09'), p),
      rec('early', k(2, '10:00:01.5'), p),
    ]);
    expect(t.roots).toHaveLength(1);
    expect(t.roots[0].record.fileName).toBe('real.exe');
    expect(t.roots[0].children.map((c) => c.record.fileName)).toEqual(['early', 'late']);
  });

  it('treats …34.65Z and …34.650Z as the same time', () => {
    expect(timeKey('2024-05-14T09:42:34.65Z')).toBe(timeKey('2024-05-14T09:42:34.650Z'));
    expect(timeKey('2024-05-14T09:42:34Z')).toBe(timeKey('2024-05-14T09:42:34.000Z'));
  });
});
