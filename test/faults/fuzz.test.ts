/**
 * The seeded, time-boxed query fuzzer (test/fuzz/query-fuzz.ts) on the real engine and lab
 * dataset, as `--batch` runs queries. Reproducible: HB_FUZZ_SEED picks the seed (default 15),
 * HB_FUZZ_MS the time box (default 60 s). A failing mutant is printed with its seed and index; add
 * it to test/fuzz/crashers.jsonl, where it stays as a regression test.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveDataset } from '../../src/cli/datasets.ts';
import { createWorkerRunner, type WorkerRunner } from '../../src/cli/pool.ts';
import { corpus, mutate, rng } from '../fuzz/query-fuzz.ts';

const SEED = Number(process.env.HB_FUZZ_SEED ?? 15);
const BUDGET_MS = Number(process.env.HB_FUZZ_MS ?? 60_000);
const LIMIT_MS = 10_000;
const NOW = '2024-05-20T00:00:00Z';
const INTERNAL = /^HB(099|999)$/;

const crashersFile = path.resolve(import.meta.dirname, '../fuzz/crashers.jsonl');
const crashers: { kql: string; note?: string }[] = fs.existsSync(crashersFile)
  ? fs
      .readFileSync(crashersFile, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l))
  : [];

let runner: WorkerRunner;
beforeAll(async () => {
  runner = await createWorkerRunner({ dataset: resolveDataset('lab', false), timeoutMs: LIMIT_MS });
});
afterAll(async () => {
  await runner?.close();
});

/** Runs one query and returns what broke an invariant (null when all held). */
async function check(kql: string): Promise<string | null> {
  const t0 = Date.now();
  const o = await runner.run(kql, NOW);
  const ms = Date.now() - t0;
  if (ms > LIMIT_MS + 15_000) return `answered after ${ms} ms (limit ${LIMIT_MS} ms)`;
  if (!o.ok && INTERNAL.test(o.error.code)) return `${o.error.code}: ${o.error.message}`;
  return null;
}

describe('query fuzzer', () => {
  it('kept crashers stay fixed', async () => {
    const bad: string[] = [];
    for (const c of crashers) {
      const why = await check(c.kql);
      if (why) bad.push(`${JSON.stringify(c.kql)} → ${why}`);
    }
    expect(bad).toEqual([]);
  });

  it(`mutants of the corpus (seed ${SEED}, ${BUDGET_MS} ms): no internal error, no hang, the engine answers afterwards`, async () => {
    const base = corpus();
    expect(base.length).toBeGreaterThan(50);
    const r = rng(SEED);
    const found: string[] = [];
    const end = Date.now() + BUDGET_MS;
    let n = 0;
    while (Date.now() < end) {
      const q = base[Math.floor(r() * base.length)];
      const other = base[Math.floor(r() * base.length)];
      let kql = mutate(r, q, other);
      if (r() < 0.3) kql = mutate(r, kql, other);
      n++;
      const why = await check(kql);
      if (why) found.push(`#${n} (seed ${SEED}) ${JSON.stringify(kql)} → ${why}`);
    }
    console.log(`fuzz: ${n} mutants in ${BUDGET_MS} ms, ${found.length} broke an invariant`);
    for (const f of found) console.log(f);
    const after = await runner.run('print 1 + 1');
    expect(after).toMatchObject({ ok: true, result: { rows: [[2]] } });
    expect(found).toEqual([]);
  });
});
