/**
 * The compiler's parse (kql/parse: `parseAndAnalyze`) is Kusto.Language's `ParseAndAnalyze` with
 * the query grammar built on first read instead of up front. It must give the same tree, types,
 * symbols, expansions and diagnostics as the library's own call, for the shipped pack queries, the
 * golden queries and broken input, and must not build the grammar until something reads it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import type { Catalog } from '../../src/kql/api.ts';
import { globalsFor, parseAndAnalyze, parseKql, parseResultOf } from '../../src/kql/parse/index.ts';
import { Kusto } from '../../src/kql/parse/kusto.ts';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '../..');
const lab: Catalog = JSON.parse(fs.readFileSync(path.join(ROOT, 'datasets/lab/catalog.json'), 'utf8'));

const packQueries = fs
  .readdirSync(path.join(ROOT, 'queries'))
  .filter((f) => f.endsWith('.json'))
  .flatMap((f) => JSON.parse(fs.readFileSync(path.join(ROOT, 'queries', f), 'utf8')).queries.map((q: { body: string }) => q.body));
const goldenDir = path.join(ROOT, 'test/kql/golden');
const goldenQueries = fs
  .readdirSync(goldenDir)
  .filter((f) => f.endsWith('.kql'))
  .map((f) => fs.readFileSync(path.join(goldenDir, f), 'utf8'));
const broken = [
  '',
  'DeviceProcessEvents | where',
  'DeviceProcessEvents | where NoSuchColumn == 1',
  'DeviceProcessEvents | summarize count() by',
  'let f = (x: long) { x + 1 }; print f("a")',
  'NoSuchTable | take 10',
  'DeviceProcessEvents | take 10 | extend a = strcat(FileName, 1',
  '.show tables',
  'print 1; ; print 2',
];

function library(text: string, catalog: Catalog | null) {
  return parseResultOf(text, Kusto.Language.KustoCode.ParseAndAnalyze(text, globalsFor(catalog)));
}

describe('the compiler parse with the grammar built on first read', () => {
  it('covers the shipped queries', () => {
    expect(packQueries.length).toBeGreaterThan(50);
    expect(goldenQueries.length).toBeGreaterThan(10);
  });

  it('gives the library parse tree and diagnostics for every pack and golden query on the lab catalog', () => {
    // parseAndAnalyze itself: parseKql adds hints to some messages (a name in another letter case)
    for (const q of [...packQueries, ...goldenQueries]) expect(parseResultOf(q, parseAndAnalyze(q, globalsFor(lab))), q).toEqual(library(q, lab));
  });

  it('gives the library parse tree and diagnostics for broken input, with and without a catalog', () => {
    for (const q of broken) {
      expect(parseKql(q, lab), q).toEqual(library(q, lab));
      expect(parseKql(q, null), q).toEqual(library(q, null));
    }
  });

  it('builds the grammar only when it is read, and then the one the library builds', () => {
    const from = vi.spyOn(Kusto.Language.Parsing.QueryGrammar, 'From');
    try {
      const code = parseAndAnalyze('DeviceProcessEvents | take 10', globalsFor(lab));
      parseKql('DeviceProcessEvents | where FileName == "a" | summarize count() by DeviceName', lab);
      expect(from).not.toHaveBeenCalled();
      const grammar = code.Grammar;
      expect(from).toHaveBeenCalledTimes(1);
      expect(grammar).toBeTruthy();
      expect(code.Grammar).toBe(grammar);
      expect(from).toHaveBeenCalledTimes(1);
      const eager = Kusto.Language.KustoCode.ParseAndAnalyze('DeviceProcessEvents | take 10', globalsFor(lab));
      expect(grammar).toBe(eager.Grammar);
    } finally {
      from.mockRestore();
    }
  });
});
