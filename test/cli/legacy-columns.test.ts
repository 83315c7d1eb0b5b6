/**
 * Retired columns that older hunting queries name (catalog/legacy.ts): EmailEvents' and
 * EmailAttachmentInfo's PhishFilterVerdict ("Phish or Not Phish") and MalwareFilterVerdict
 * ("Malware, Not malware"), replaced by ThreatTypes in February 2021 (Defender's naming-changes
 * page). They are computed from ThreatTypes and added only to a query that names one, as Defender's
 * `*` no longer has them.
 */
import { describe, expect, it } from 'vitest';
import { namesLegacyColumn } from '../../src/catalog/legacy.ts';
import { resolveDataset } from '../../src/cli/datasets.ts';
import type { KustoResult } from '../../src/engine/values.ts';
import { useRunner } from './helpers.ts';

const { run } = useRunner(() => ({ dataset: resolveDataset('lab', false) }));
const names = (r: KustoResult) => r.columns.map((c) => c.name);

describe('retired email verdict columns', () => {
  it('are recognised only as whole identifiers', () => {
    expect(namesLegacyColumn('EmailEvents | where PhishFilterVerdict == "Phish"')).toBe(true);
    expect(namesLegacyColumn('EmailEvents | project MalwareFilterVerdict')).toBe(true);
    expect(namesLegacyColumn('EmailEvents | project MyPhishFilterVerdicts')).toBe(false);
  });

  it('a query naming neither sees the current schema only', async () => {
    const r = await run('EmailEvents | getschema | project ColumnName');
    const cols = r.rows.map((x) => x[0]);
    expect(cols).toContain('ThreatTypes');
    expect(cols).not.toContain('PhishFilterVerdict');
    expect(cols).not.toContain('MalwareFilterVerdict');
  });

  it('take their documented values, the positive one exactly when ThreatTypes holds the threat', async () => {
    const r = await run('EmailEvents | summarize n = count() by PhishFilterVerdict, MalwareFilterVerdict');
    expect(names(r)).toEqual(['PhishFilterVerdict', 'MalwareFilterVerdict', 'n']);
    for (const row of r.rows) {
      expect(['Phish', 'Not Phish']).toContain(row[0]);
      expect(['Malware', 'Not malware']).toContain(row[1]);
    }
    for (const [col, term] of [
      ['PhishFilterVerdict', 'Phish'],
      ['MalwareFilterVerdict', 'Malware'],
    ]) {
      for (const t of ['EmailEvents', 'EmailAttachmentInfo']) {
        const mismatched = await run(`${t} | where (${col} == "${term}") != (ThreatTypes has "${term}") | count`);
        expect(mismatched.rows[0][0], `${t}.${col}`).toBe(0);
      }
      const positive = await run(`EmailEvents | where ${col} == "${term}" | count`);
      expect(Number(positive.rows[0][0]), col).toBeGreaterThan(0);
    }
  });

  it('in a query that names one, `*` shows both, after the current columns', async () => {
    const r = await run('EmailEvents | take 1 | extend v = PhishFilterVerdict');
    expect(names(r).slice(-3)).toEqual(['PhishFilterVerdict', 'MalwareFilterVerdict', 'v']);
  });
});
