/**
 * Times the lab hunts of pairs.ts (translated KQL) on one generated dataset and one engine: the
 * first run after loading (cold) and the median of `reps` more (warm), with the process's CPU
 * time. `npx tsx test/bench/scale-hunts.ts DIR wasm|native [reps] [name,...]` (the scale section of
 * run.ts runs them all, both engines, with hand-written SQL beside them: much longer on 10M events).
 */
import { performance } from 'node:perf_hooks';
import { resolveDataset } from '../../src/cli/datasets.ts';
import { createLocalRunner } from '../../src/cli/runner.ts';
import { compile } from '../../src/kql/index.ts';
import { PAIRS } from './pairs.ts';

const [dir, engine, repsArg, only] = process.argv.slice(2);
const reps = Number(repsArg ?? 2);
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const t0 = performance.now();
const c0 = cpu();
const runner = await createLocalRunner({ dataset: resolveDataset(dir, false), engine: engine as 'wasm' | 'native' });
const first = await runner.run('DeviceProcessEvents | count', '2024-05-20T00:00:00Z');
console.log(`${engine}: load to first answer ${((performance.now() - t0) / 1000).toFixed(2)} s wall, ${((cpu() - c0) / 1000).toFixed(2)} s CPU (this process), ${first.ok ? first.result.rows[0]?.[0] : 'error'} process events`);
try {
  for (const p of PAIRS.filter((x) => x.dataset === 'lab' && (!only || only.split(',').includes(x.name)))) {
    const c = compile(p.kql, { catalog: runner.catalog, now: '2024-05-20T00:00:00Z' });
    if (!c.ok) {
      console.log(`${p.name}\tcompile ${c.diagnostics[0]?.code}`);
      continue;
    }
    const ts: number[] = [];
    const cs: number[] = [];
    let rows = 0;
    for (let r = 0; r <= reps; r++) {
      const t = performance.now();
      const c1 = cpu();
      const res = await runner.engine.query(c.sql!);
      ts.push(performance.now() - t);
      cs.push(cpu() - c1);
      rows = res.numRows;
    }
    const warm = ts.slice(1).sort((a, b) => a - b)[Math.floor((ts.length - 1) / 2)];
    console.log(`${p.name}\tcold ${(ts[0] / 1000).toFixed(2)} s (${(cs[0] / 1000).toFixed(2)} CPU s)\twarm ${(warm / 1000).toFixed(2)} s\t${rows} rows`);
  }
} finally {
  await runner.close();
}
