// Worker-thread entry for the CLI's workers: workers do not inherit the tsx loader that
// bin/huntbench.mjs registered, so register it here before loading the TypeScript worker
// (the query runner, or the compiler alone when workerData.compileOnly is set).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData?.compileOnly ? './compile-worker.ts' : './worker.ts');
