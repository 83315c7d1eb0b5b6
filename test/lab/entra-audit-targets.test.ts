/**
 * The Entra audit log's role and group membership records (AuditLogs) name the member first, as
 * Entra writes them, so the hunts that read TargetResources[0].userPrincipalName and the role or
 * group name from its modified properties find the change.
 */
import { describe, expect, it } from 'vitest';
import { committedRows, type Row } from './committed.ts';

const plain = (v: unknown): unknown => (v != null && typeof (v as { toJSON?: unknown }).toJSON === 'function' ? (v as { toJSON(): unknown }).toJSON() : v);
const targets = (r: Row) => ((plain(r.TargetResources) as unknown[]) ?? []).map((t) => plain(t) as Record<string, unknown>);
const props = (t: Record<string, unknown>) => ((plain(t.modifiedProperties) as unknown[]) ?? []).map((p) => plain(p) as Record<string, unknown>);

describe('AuditLogs membership records', () => {
  it('"Add member to role" targets the member, with the role among its modified properties as JSON text', () => {
    const adds = committedRows('lab', 'AuditLogs').filter((r) => r.OperationName === 'Add member to role');
    expect(adds.length).toBeGreaterThan(0);
    for (const r of adds) {
      const [member] = targets(r);
      expect(member.type).toBe('User');
      expect(String(member.userPrincipalName)).toMatch(/@/);
      const role = props(member).find((p) => p.displayName === 'Role.DisplayName');
      expect(role?.newValue).toBe('"Global Administrator"');
      expect(JSON.parse(String(role?.newValue))).toBe('Global Administrator');
    }
    const removes = committedRows('lab', 'AuditLogs').filter((r) => r.OperationName === 'Remove member from role');
    expect(removes.length).toBe(adds.length);
    for (const r of removes) expect(props(targets(r)[0]).find((p) => p.displayName === 'Role.DisplayName')?.oldValue).toBe('"Global Administrator"');
  });

  it('"Add member to group" names the member, then the group, whose name is also in the modified properties', () => {
    const adds = committedRows('lab', 'AuditLogs').filter((r) => r.OperationName === 'Add member to group');
    expect(adds.length).toBeGreaterThan(3);
    for (const r of adds) {
      const [member, group] = targets(r);
      expect(member.type).toBe('User');
      expect(String(member.userPrincipalName)).toMatch(/@/);
      expect(group.type).toBe('Group');
      expect(String(group.displayName)).toMatch(/^SG-\w+$/);
      expect(props(member).find((p) => p.displayName === 'Group.DisplayName')?.newValue).toBe(JSON.stringify(group.displayName));
      expect(props(member).find((p) => p.displayName === 'Group.ObjectID')?.newValue).toBe(JSON.stringify(group.id));
    }
  });
});
