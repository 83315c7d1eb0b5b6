/**
 * The shipped packs in queries/: valid, in canonical form, and every test of every query holds on
 * the real lab dataset (the same check as `huntbench pack test queries/`, inside `npm test`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalRunner, runOnEngine } from '../../src/cli/runner.ts';
import { resolveDataset } from '../../src/cli/datasets.ts';
import { runQueryTests } from '../../src/packs/run.ts';
import { TACTICS } from '../../src/packs/types.ts';
import { parsePackJson, serializePack } from '../../src/packs/validate.ts';

const DIR = path.resolve(import.meta.dirname, '../../queries');
const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.json'));
const packs = files.map((f) => {
  const text = fs.readFileSync(path.join(DIR, f), 'utf8');
  const r = parsePackJson(text);
  if (!r.ok) throw new Error(`${f}: ${JSON.stringify(r.errors.slice(0, 3))}`);
  return { file: f, text, pack: r.pack, warnings: r.warnings };
});

let runner: Awaited<ReturnType<typeof createLocalRunner>>;
beforeAll(async () => {
  runner = await createLocalRunner({ dataset: resolveDataset('lab', false) });
});
afterAll(async () => {
  await runner?.close();
});

describe('shipped packs', () => {
  it('are valid, warning-free and in canonical form', () => {
    for (const p of packs) {
      expect(p.warnings, p.file).toEqual([]);
      expect(serializePack(p.pack), `${p.file} is not canonical: rewrite it with serializePack`).toBe(p.text);
    }
  });

  it('hold the 22 lab questions and at least 40 more queries organised by tactic, all tested', () => {
    const lab = packs.find((p) => p.pack.id === 'huntbench.lab-investigation')!;
    expect(lab.pack.queries).toHaveLength(22);
    const others = packs.filter((p) => p !== lab).flatMap((p) => p.pack.queries);
    expect(others.length).toBeGreaterThanOrEqual(40);
    for (const q of [...lab.pack.queries, ...others]) expect(q.tests?.length, q.id).toBeGreaterThan(0);
    const covered = new Set(others.flatMap((q) => q.tactics ?? []));
    for (const t of ['Execution', 'Persistence', 'DefenseEvasion', 'CredentialAccess', 'LateralMovement', 'CommandAndControl', 'Exfiltration'] as const) {
      expect(TACTICS).toContain(t);
      expect(covered.has(t), t).toBe(true);
    }
  });

  for (const p of packs) {
    describe(p.file, () => {
      for (const q of p.pack.queries) {
        it(`${q.id}`, async () => {
          const r = await runQueryTests(p.pack, q, {
            run: (kql, { dataset, now, externalData }) => {
              expect(dataset).toBe('lab');
              return runOnEngine(runner.engine, runner.catalog, kql, { now: now ?? runner.catalog?.now, ...(externalData && { externalData }) });
            },
          });
          const bad = r.tests.filter((t) => t.status !== 'pass').map((t) => `${t.test}: ${t.messages.join('; ')}`);
          expect(bad).toEqual([]);
        });
      }
    });
  }
});
