#!/usr/bin/env node
// Reads the oracle harness's JSON report and holds the wrong-answer ratchet:
//   node bin/oracle-ratchet.mjs REPORT.json [--ratchet test/oracle-ratchet.json]
// A "wrong answer" is a failing case whose reason does not start with "query error" (a result
// that differs from Kusto's, or a success where Kusto errors); a "coded error" is a failing case
// where huntbench refused the query with a coded diagnostic. Prints both and exits 1 when the
// wrong answers exceed the number recorded in the ratchet file (lower that number as they are fixed).
import fs from 'node:fs';

const args = process.argv.slice(2);
const report = args.find((a) => !a.startsWith('--'));
const ri = args.indexOf('--ratchet');
const ratchetFile = ri >= 0 ? args[ri + 1] : new URL('../test/oracle-ratchet.json', import.meta.url);
if (!report) {
  console.error('usage: node bin/oracle-ratchet.mjs REPORT.json [--ratchet FILE]');
  process.exit(2);
}

const r = JSON.parse(fs.readFileSync(report, 'utf8'));
const failing = r.cases.filter((c) => c.status === 'fail');
const coded = failing.filter((c) => String(c.reason ?? '').startsWith('query error'));
const wrong = failing.filter((c) => !String(c.reason ?? '').startsWith('query error'));
const scored = r.summary.scored;
const pct = (n) => ((100 * n) / scored).toFixed(1);
console.log(`oracle: ${r.summary.passed}/${scored} exact (${pct(r.summary.passed)}%), ${wrong.length} wrong answers (${pct(wrong.length)}%), ${coded.length} coded errors`);

const ratchet = JSON.parse(fs.readFileSync(ratchetFile, 'utf8'));
const max = ratchet.maxWrongAnswers;
if (typeof max !== 'number') {
  console.error(`${ratchetFile}: no numeric "maxWrongAnswers"`);
  process.exit(2);
}
if (wrong.length > max) {
  console.error(`wrong answers rose to ${wrong.length}, above the ratchet of ${max} (test/oracle-ratchet.json):`);
  for (const c of wrong.slice(0, 40)) console.error(`  ${c.id} [${c.family}] ${String(c.reason).replace(/\s+/g, ' ').slice(0, 160)}`);
  process.exit(1);
}
if (wrong.length < max) console.log(`wrong answers are below the ratchet (${max}): lower maxWrongAnswers in test/oracle-ratchet.json to ${wrong.length}`);
