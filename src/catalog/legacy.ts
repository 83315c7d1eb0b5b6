/**
 * Retired Defender columns that older hunting queries still name, computed from the columns that
 * replaced them. Defender no longer has them, so they are not part of a table's `*`: like the
 * hidden standard columns (catalog/log-analytics.ts), the compiler adds them only for a query whose
 * text names one, the editor always knows them, and the schema browser lists them under a
 * "Legacy columns (retired)" heading.
 *
 * EmailEvents / EmailAttachmentInfo `PhishFilterVerdict` and `MalwareFilterVerdict`: "Verdict of
 * the email filtering stack on whether the email is phish: Phish or Not Phish" and "… contains
 * malware: Malware, Not malware" (MicrosoftDocs/microsoft-365-docs,
 * microsoft-365/security/mtp/advanced-hunting-emailevents-table.md, the version that lists them
 * beside `ThreatTypes`, "Verdict from the email filtering stack on whether the email contains
 * malware, phishing, or other threats"). The naming-changes page (advanced-hunting-schema-changes.md,
 * February 2021): "the MalwareFilterVerdict and PhishFilterVerdict columns have been replaced by the
 * ThreatTypes column". So each is its documented positive value when ThreatTypes holds the threat
 * (`Phish`, `Malware`) as a word, else its documented negative value.
 */
import type { CatalogColumn, CatalogTable } from './types.ts';

const SOURCE = 'retired February 2021, replaced by ThreatTypes (advanced-hunting-schema-changes.md)';

const VERDICTS: [name: string, term: string, yes: string, no: string, what: string][] = [
  ['PhishFilterVerdict', 'Phish', 'Phish', 'Not Phish', 'whether the email is phish'],
  ['MalwareFilterVerdict', 'Malware', 'Malware', 'Not malware', 'whether the email contains malware'],
];

const LEGACY_TABLES = new Set(['EmailEvents', 'EmailAttachmentInfo']);

/** The retired columns of a table, computed from their replacements. */
export function legacyColumns(t: CatalogTable): CatalogColumn[] {
  if (t.kind !== 'advanced-hunting' || !LEGACY_TABLES.has(t.name)) return [];
  const has = new Set(t.columns.map((c) => c.name));
  if (!has.has('ThreatTypes')) return [];
  return VERDICTS.filter(([name]) => !has.has(name)).map(([name, term, yes, no, what]) => ({
    name,
    type: 'string',
    derived: { verdict: { of: 'ThreatTypes', term, yes, no } },
    group: 'legacy',
    description: `Legacy: verdict of the email filtering stack on ${what}: ${yes} or ${no} (${SOURCE}; here: ${yes} when ThreatTypes holds ${term})`,
  }));
}

const NAMES_LEGACY = new RegExp(`(?<![A-Za-z0-9_])(?:${VERDICTS.map(([n]) => n).join('|')})(?![A-Za-z0-9_])`);

/** Whether the query text names one of the retired columns. */
export function namesLegacyColumn(kql: string): boolean {
  return NAMES_LEGACY.test(kql);
}
