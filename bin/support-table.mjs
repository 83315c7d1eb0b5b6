#!/usr/bin/env node
// Regenerates the supported-KQL page and the known-missing list from the compiler's tables:
//   node bin/support-table.mjs                      writes docs/kql-support.md and
//                                                   shrinks test/kql/support-missing.txt
//   node bin/support-table.mjs --accept-missing     also adds newly missing functions to the list
//   node bin/support-table.mjs --stdout             prints the page instead of writing files
// The missing list is a ratchet: a function that gets implemented (or excluded, with its reason,
// in src/kql/exclusions.ts) leaves it; one that stops being implemented does not enter it unless
// --accept-missing says so (for example after a parser upgrade brings new functions).
import fs from 'node:fs';
import { register } from 'tsx/esm/api';

register();

const { supportMarkdown, missingFunctions } = await import('../src/kql/support.ts');
const args = process.argv.slice(2);
if (args.includes('--stdout')) {
  process.stdout.write(supportMarkdown());
  process.exit(0);
}
const doc = new URL('../docs/kql-support.md', import.meta.url);
const list = new URL('../test/kql/support-missing.txt', import.meta.url);
fs.writeFileSync(doc, supportMarkdown());
const HEADER = [
  '# Kusto functions neither implemented nor excluded (src/kql/exclusions.ts): the coverage ratchet.',
  '# Regenerate with `node bin/support-table.mjs` (it only removes lines; see the script).',
];
const read = (u) => (fs.existsSync(u) ? fs.readFileSync(u, 'utf8').split('\n').filter((l) => l && !l.startsWith('#')) : []);
const before = new Set(read(list));
const now = missingFunctions();
const regressed = now.filter((f) => !before.has(f));
const kept = args.includes('--accept-missing') ? now : now.filter((f) => before.has(f));
fs.writeFileSync(list, `${[...HEADER, ...kept].join('\n')}\n`);
const gone = [...before].filter((f) => !now.includes(f));
process.stderr.write(`docs/kql-support.md written; missing: ${kept.length} (${gone.length} fewer)\n`);
if (regressed.length && !args.includes('--accept-missing')) {
  process.stderr.write(`newly missing (implemented or excluded before? not added to the list):\n  ${regressed.join('\n  ')}\n`);
  process.exit(1);
}
