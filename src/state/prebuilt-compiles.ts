/**
 * The compiles a build ships for a first visit (state/compile-cache.ts): each block of the default
 * query compiled against the lab dataset's catalog, exactly as the workbench would ask the KQL
 * worker for it (the published catalog, its now(), no time range, no pinned now). vite.config.ts
 * runs this at build time with the real compiler and puts the result into index.html with the KQL
 * worker bundle's file name; the workbench serves an entry only to that worker's build, and its
 * compiler checks the entry after start-up like any remembered compile.
 */
import type { Catalog } from '../catalog/types.ts';
import { compile } from '../kql/index.ts';
import { splitBlocks } from './blocks.ts';
import { type CompileInputs, type CachedCompile, catalogHash, datasetCatalog, pick } from './compile-cache.ts';
import { DEFAULT_QUERY } from './default-query.ts';

/** The default query's blocks compiled on `lab` (the lab dataset's catalog.json); failed or first-pass compiles are left out. */
export function prebuiltCompiles(lab: Catalog): (CompileInputs & { result: CachedCompile })[] {
  const cat = datasetCatalog(lab, []);
  if (!cat.now) return [];
  const hash = catalogHash(cat);
  const out: (CompileInputs & { result: CachedCompile })[] = [];
  for (const b of splitBlocks(DEFAULT_QUERY)) {
    const r = compile(b.text, { catalog: cat, now: cat.now });
    if (!r.ok || typeof r.sql !== 'string' || r.probe) continue;
    out.push({ catalog: hash, now: cat.now, kql: b.text, result: pick(r) });
  }
  return out;
}
