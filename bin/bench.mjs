#!/usr/bin/env node
// `npm run bench`: timing report (see test/bench/run.ts); TypeScript through tsx's loader.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../test/bench/run.ts');
process.exit(await main(process.argv.slice(2)));
