/** Performance cliffs from issue 15 that must stay gone (timed, so in the slow suite). */
import { describe, expect, it } from 'vitest';
import { userTableFromJson } from '../../src/catalog/user-files.ts';

describe('cliffs', () => {
  it('a JSON record with 40,000 keys loads in seconds (was 40 s: a scan per key)', () => {
    const wide = JSON.stringify(Object.fromEntries(Array.from({ length: 40_000 }, (_, i) => [`k${i}`, i])));
    const t0 = Date.now();
    const t = userTableFromJson('W', 'wide.jsonl', `${wide}\n`);
    expect(t.table.columns).toHaveLength(40_000);
    expect(Date.now() - t0).toBeLessThan(30_000);
  });
});
