// Worker-thread entry for the CLI's query runner: workers do not inherit the tsx loader that
// bin/huntbench.mjs registered, so register it here before loading the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
