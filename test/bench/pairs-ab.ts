/**
 * Interleaved A/B of the bench pairs (translated vs hand-written) on one engine, in one process:
 * `npx tsx test/bench/pairs-ab.ts --dir DIR --engine native|wasm [--reps N] [--only NAME]... [--sql]`.
 * Each rep runs the translated and the hand-written SQL back to back (alternating which goes first),
 * so load swings hit both; the ratio is the median of the per-rep ratios.
 */
import { performance } from 'node:perf_hooks';
import { resolveDataset } from '../../src/cli/datasets.ts';
import { createLocalRunner } from '../../src/cli/runner.ts';
import { compile } from '../../src/kql/index.ts';
import { PAIRS } from './pairs.ts';

const args = process.argv.slice(2);
const get = (k: string, d?: string) => {
  const i = args.indexOf(k);
  return i >= 0 ? args[i + 1] : d;
};
const only = args.flatMap((a, i) => (a === '--only' ? [args[i + 1]] : []));
const reps = Number(get('--reps', '7'));
const engine = get('--engine', 'native') as 'native' | 'wasm';
const runner = await createLocalRunner({ dataset: resolveDataset(get('--dir', 'lab')!, false), engine });
const med = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ratios: number[] = [];
for (const p of PAIRS.filter((x) => x.dataset === 'lab' && (!only.length || only.includes(x.name)))) {
  const c = compile(p.kql, { catalog: runner.catalog, now: '2024-05-20T00:00:00Z' });
  if (!c.ok) {
    console.log(p.name, 'compile failed', c.diagnostics[0]?.code);
    continue;
  }
  if (args.includes('--sql')) console.log(c.sql);
  const one = async (sql: string) => {
    const t = performance.now();
    await runner.engine.query(sql);
    return performance.now() - t;
  };
  await one(c.sql!);
  await one(p.sql);
  const a: number[] = [];
  const b: number[] = [];
  const r: number[] = [];
  for (let i = 0; i < reps; i++) {
    let x: number;
    let y: number;
    if (i % 2) {
      y = await one(p.sql);
      x = await one(c.sql!);
    } else {
      x = await one(c.sql!);
      y = await one(p.sql);
    }
    a.push(x);
    b.push(y);
    r.push(x / y);
  }
  ratios.push(med(r));
  console.log(`${p.name.padEnd(34)} kql ${med(a).toFixed(1).padStart(8)} ms  sql ${med(b).toFixed(1).padStart(8)} ms  ratio ${med(r).toFixed(2)}`);
}
console.log(`median ratio ${med(ratios).toFixed(2)}, worst ${Math.max(...ratios).toFixed(2)} (${engine}, ${reps} reps)`);
await runner.close();
