/** Dev helper: npx tsx src/lab/cli-gen.ts [scenario] [outDir] [scale] [seed] — regenerates datasets/<scenario>. */
import { generateScenario, scenarioById, writeDataset } from './index.ts';

const id = process.argv[2] ?? 'lab';
const scenario = scenarioById(id);
if (!scenario) throw new Error(`unknown scenario ${id}`);
const out = process.argv[3] ?? `datasets/${id}`;
const scale = Number(process.argv[4] ?? 1);
const seed = process.argv[5] ? Number(process.argv[5]) : undefined;
const t0 = performance.now();
const r = generateScenario(scenario, { scale, seed });
const t1 = performance.now();
await writeDataset(out, r);
const t2 = performance.now();
const rows = r.catalog.tables.reduce((a, t) => a + (t.rowCount ?? 0), 0);
console.log(`generated ${rows} rows in ${((t1 - t0) / 1000).toFixed(1)}s, wrote in ${((t2 - t1) / 1000).toFixed(1)}s`);
for (const t of r.catalog.tables) console.log(`${t.name}\t${t.rowCount}`);
