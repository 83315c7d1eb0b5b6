/**
 * Every registered scenario: its committed dataset was generated from its current definition
 * (catalog fields, questions.json), and every step of its timed script is a row in the data.
 */
import fs from 'node:fs';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/catalog/types.ts';
import { SCENARIOS } from '../../src/lab/scenarios/index.ts';
import { buildQuestionsFile, questionsJson } from '../../src/lab/scenarios/questions.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('scenario registry', () => {
  it('has unique ids, one file per scenario, at least 12 questions each and a briefing', () => {
    expect(new Set(SCENARIOS.map((s) => s.id)).size).toBe(SCENARIOS.length);
    for (const s of SCENARIOS) {
      expect(fs.existsSync(path.join(ROOT, 'src/lab/scenarios', `${s.id}.ts`)), s.id).toBe(true);
      expect(fs.existsSync(path.join(ROOT, s.briefing)), s.briefing).toBe(true);
      expect(s.questions.length, s.id).toBeGreaterThanOrEqual(12);
      for (const q of s.questions) expect(q.hints.length, `${s.id} ${q.id}`).toBeGreaterThan(0);
    }
  });

  it('the questions file carries salted hashes, never the answers', () => {
    for (const s of SCENARIOS) {
      const text = questionsJson(buildQuestionsFile(s));
      for (const q of s.questions) {
        if (typeof q.answer === 'string' && q.answer.length > 6) expect(text.includes(`"${q.answer}"`), `${s.id} ${q.id}`).toBe(false);
      }
    }
  });
});

for (const s of SCENARIOS) {
  describe(`datasets/${s.id}`, () => {
    const dir = path.join(ROOT, 'datasets', s.id);
    const catalog = JSON.parse(fs.readFileSync(path.join(dir, 'catalog.json'), 'utf8')) as Catalog;

    it('catalog.json names the scenario, its pinned now and its CA policies', () => {
      expect(catalog.scenario).toEqual({ id: s.id, title: s.title });
      expect(catalog.now).toBe(s.now);
      expect(catalog.caPolicies?.map((p) => p.id)).toEqual(s.policies.ca.map((p) => p.id));
    });

    it('questions.json is the one the scenario definition builds', () => {
      expect(fs.readFileSync(path.join(dir, 'questions.json'), 'utf8')).toBe(questionsJson(buildQuestionsFile(s)));
    });

    it('every script step is a row of its table at its time (to the second)', () => {
      const times = new Map<string, Set<number>>();
      const timesOf = (table: string, col: string) => {
        const key = `${table}.${col}`;
        if (!times.has(key)) {
          const t = catalog.tables.find((x) => x.name === table);
          expect(t, table).toBeDefined();
          const arrow = tableFromIPC(fs.readFileSync(path.join(dir, t!.file!)));
          const v = arrow.getChild(col);
          expect(v, `${table}.${col}`).toBeTruthy();
          const set = new Set<number>();
          for (let i = 0; i < arrow.numRows; i++) {
            const x = v!.get(i);
            if (x !== null) set.add(Math.floor(Number(x) / 1000));
          }
          times.set(key, set);
        }
        return times.get(key)!;
      };
      const missing = s.script.filter((st) => !timesOf(st.table, st.timeColumn ?? 'Timestamp').has(Math.floor(Date.parse(st.at) / 1000)));
      expect(missing.map((m) => `${m.at} ${m.table}: ${m.what}`)).toEqual([]);
    });
  });
}
