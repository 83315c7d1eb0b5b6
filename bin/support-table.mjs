#!/usr/bin/env node
// Prints the supported-KQL table (markdown) built from the compiler's tables:
//   node bin/support-table.mjs > docs/kql-support.md
import { register } from 'tsx/esm/api';

register();

const { supportMarkdown } = await import('../src/kql/support.ts');
process.stdout.write(supportMarkdown());
