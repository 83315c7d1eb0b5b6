/**
 * Host functions: KQL functions computed in JavaScript rather than SQL (DuckDB core SQL cannot:
 * inflate, the H3 grid, XML). A call over columns compiles in two passes (lower/families/host.ts): a
 * probe reads the distinct argument keys, `answerProbe` computes each key's answer here (async is
 * fine: H3 loads h3-js on first use), and the real SQL looks the answers up. Every caller with an
 * engine (compileWithProbes, the CLI runner, the workbench) runs the probes through `answerProbe`,
 * so a host function works wherever `evaluate pivot` does.
 *
 * An answer travels as JSON text: `{"v": value}` or `{"refuse": reason}` (a value whose Kusto
 * answer is not documented; the compile refuses the query with the reason).
 */
import type { CompileResult } from '../api.ts';
import { type HostAnswer, inflateBase64 } from './inflate.ts';
import { parseXml } from './xml.ts';

export type { HostAnswer } from './inflate.ts';

/** Each host function: its answer for one argument key (lower/families/host.ts makes the keys). */
const HOST: Record<string, () => Promise<(key: string | null) => HostAnswer>> = {
  zlib_decompress_from_base64_string: async () => (k) => inflateBase64(k, 'zlib'),
  gzip_decompress_from_base64_string: async () => (k) => inflateBase64(k, 'gzip'),
  parse_xml: async () => parseXml,
  // h3-js is loaded on first use (a chunk of its own in the app)
  geo_point_to_h3cell: async () => (await import('./h3.ts')).pointToCell,
  geo_h3cell_to_central_point: async () => (await import('./h3.ts')).centralPoint,
  geo_h3cell_to_polygon: async () => (await import('./h3.ts')).polygon,
  geo_h3cell_neighbors: async () => (await import('./h3.ts')).neighbors,
  geo_h3cell_rings: async () => (await import('./h3.ts')).ringsOf,
};

/** The answers of one call, as JSON text, may not exceed this (they become SQL literals). */
export const MAX_ANSWER_CHARS = 64 * 1024 * 1024;

/**
 * The answers of host function `fn` for `keys`, as JSON text (one per key, in order). Past
 * MAX_ANSWER_CHARS the answer is a refusal (the compile refuses the call with it).
 */
export async function answerHost(fn: string, keys: (string | null)[], budget = MAX_ANSWER_CHARS): Promise<string[]> {
  const load = HOST[fn];
  if (!load) throw new Error(`unknown host function ${fn}`);
  const f = await load();
  const out: string[] = [];
  let size = 0;
  for (const k of keys) {
    const text = JSON.stringify(f(k));
    size += text.length;
    if (size > budget) {
      out.push(JSON.stringify({ refuse: `${fn}: the answers for this call's distinct arguments exceed ${(budget / 1024 / 1024).toFixed(0)} MiB of text` }));
      break;
    }
    out.push(text);
  }
  // a refusal ends the list: the compile stops at the first one
  while (out.length < keys.length) out.push(out[out.length - 1]);
  return out;
}

/**
 * One first pass: runs the probe's SQL (unless its values are already known) and, for a host
 * function, computes the answers. Returns the entries to add to `CompileOptions.probeValues`.
 */
export async function answerProbe(
  probe: NonNullable<CompileResult['probe']>,
  run: (sql: string) => Promise<(string | null)[]>,
  known: Readonly<Record<string, (string | null)[]>> = {},
): Promise<Record<string, (string | null)[]>> {
  const values = known[probe.key] ?? (await run(probe.sql));
  const out: Record<string, (string | null)[]> = { [probe.key]: values };
  if (probe.host) out[probe.host.key] = await answerHost(probe.host.fn, values);
  return out;
}
