/**
 * The page's first script: starts DuckDB's worker (which fetches and compiles the 27 MB wasm
 * module, the longest step to the first result) before the rest of the page's code (main.ts and
 * what it imports, ~0.8 MB) is loaded and evaluated, then loads that code.
 */
import './app/theme.css';
import { prestartDuckdbWorker } from './engine/duckdb-worker.ts';

performance.mark('hb:boot');
prestartDuckdbWorker();
await import('./main.ts');
