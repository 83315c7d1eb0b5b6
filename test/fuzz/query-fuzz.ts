/**
 * A seeded query fuzzer: mutates and recombines corpus queries (the shipped packs in queries/ and
 * the golden test queries) and runs them through the CLI's worker runner on the lab dataset, as
 * `--batch` does. Pure generation lives here; test/faults/fuzz.test.ts runs it in CI, time-boxed.
 *
 * Invariants checked per query: an answer (the runner's time limit holds), never an internal
 * error (HB099 compiler, HB999 command), and at the end the engine still answers `print 1+1`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { bindQuery } from '../../src/packs/params.ts';
import type { Pack } from '../../src/packs/types.ts';

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The corpus: every shipped pack query (bound to its default parameters) and every golden query. */
export function corpus(): string[] {
  const out: string[] = [];
  const qdir = path.join(ROOT, 'queries');
  for (const f of fs.readdirSync(qdir).filter((x) => x.endsWith('.json') && !x.endsWith('.schema.json')).sort()) {
    const pack = JSON.parse(fs.readFileSync(path.join(qdir, f), 'utf8')) as Pack;
    for (const q of pack.queries ?? []) out.push(bindQuery(q));
  }
  const gdir = path.join(ROOT, 'test/kql/golden');
  for (const f of fs.readdirSync(gdir).filter((x) => x.endsWith('.kql')).sort()) out.push(fs.readFileSync(path.join(gdir, f), 'utf8'));
  return out;
}

/** Values that have broken things before: edge numbers, hostile strings, odd times. */
const NUMBERS = ['0', '-1', '1', '9223372036854775807', '-9223372036854775808', '1e308', '0.0', '2147483648', '100000000000'];
const STRINGS = ['""', '"\\""', "'\\''", '"\\u0000"', '"é\\n\\t"', '"%_\\\\"', '"[[[["', '"{\\"a\\":1}"', '"null"', '@"C:\\\\x"', '"=cmd|x"'];
const TIMES = ['datetime(null)', 'datetime(9999-12-31)', 'datetime(0001-01-01)', 'datetime(2024-02-29)', 'now()', 'ago(36500d)'];
const SPANS = ['0s', '1tick', '36500d', '-1h', 'time(null)'];
const STAGES = [
  '| take 0',
  '| take 3',
  '| count',
  '| summarize count() by bin(Timestamp, 1h)',
  '| order by Timestamp asc nulls first',
  '| top 5 by Timestamp',
  '| extend z = strcat(DeviceName, "|")',
  '| distinct DeviceName',
  '| project-away Timestamp',
  '| serialize n = row_number()',
  '| mv-expand x = pack_array(1, 2)',
  '| extend d = parse_json("[1,{\\"a\\":[2]}]")',
  '| where isnotempty(DeviceName)',
  '| summarize make_set(DeviceName, 5)',
  '| join kind=leftouter (DeviceInfo | take 2) on DeviceId',
  '| union (print q = 1)',
];

const TOKEN_RE = /"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?[a-z]*|[A-Za-z_][A-Za-z0-9_]*|\|\s*|\s+|./gs;

const pick = <T>(r: () => number, xs: T[]): T => xs[Math.floor(r() * xs.length)];

/** One mutant of `q` (sometimes recombined with `other`). */
export function mutate(r: () => number, q: string, other: string): string {
  const toks = q.match(TOKEN_RE) ?? [q];
  const k = Math.floor(r() * toks.length);
  switch (Math.floor(r() * 10)) {
    case 0: // drop a token
      return [...toks.slice(0, k), ...toks.slice(k + 1)].join('');
    case 1: // duplicate a token
      return [...toks.slice(0, k + 1), ...toks.slice(k)].join('');
    case 2: {
      // a number becomes an edge value
      const i = toks.findIndex((t, j) => j >= k && /^\d/.test(t));
      if (i < 0) return q + pick(r, [' | take 1', ' | count']);
      toks[i] = pick(r, NUMBERS) + (toks[i].match(/[a-z]+$/)?.[0] ?? '');
      return toks.join('');
    }
    case 3: {
      // a string literal becomes a hostile one
      const i = toks.findIndex((t, j) => j >= k && /^["']/.test(t));
      if (i < 0) return `${q}\n| extend s = ${pick(r, STRINGS)}`;
      toks[i] = pick(r, STRINGS);
      return toks.join('');
    }
    case 4: // recombine: our head, the other's tail
    {
      const a = q.split(/\n\s*\|/);
      const b = other.split(/\n\s*\|/);
      return `${a.slice(0, 1 + Math.floor(r() * a.length)).join('\n|')}\n|${b.slice(1 + Math.floor(r() * Math.max(1, b.length - 1))).join('\n|') || ' take 1'}`;
    }
    case 5: // append a stage
      return `${q}\n${pick(r, STAGES)}`;
    case 6: // truncate
      return toks.slice(0, k).join('');
    case 7: // a time or a span literal
      return `${q}\n| extend t = ${pick(r, TIMES)} + ${pick(r, SPANS)}`;
    case 8: // wrap in let / materialize
      return `let T = materialize(${q.replace(/;\s*$/, '')});\nT | take 5`;
    default: // swap two neighbouring tokens
      if (k + 1 < toks.length) [toks[k], toks[k + 1]] = [toks[k + 1], toks[k]];
      return toks.join('');
  }
}
