/** Dev helper: npx tsx src/lab/cli-gen.ts [outDir] [scale] [seed] — regenerates datasets/lab. */
import { generateLab, writeDataset } from './index.ts';

const out = process.argv[2] ?? 'datasets/lab';
const scale = Number(process.argv[3] ?? 1);
const seed = process.argv[4] ? Number(process.argv[4]) : undefined;
const t0 = performance.now();
const r = generateLab({ scale, seed });
const t1 = performance.now();
await writeDataset(out, r);
const t2 = performance.now();
const rows = r.catalog.tables.reduce((a, t) => a + (t.rowCount ?? 0), 0);
console.log(`generated ${rows} rows in ${((t1 - t0) / 1000).toFixed(1)}s, wrote in ${((t2 - t1) / 1000).toFixed(1)}s`);
for (const t of r.catalog.tables) console.log(`${t.name}\t${t.rowCount}`);
