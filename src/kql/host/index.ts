/**
 * Host functions: KQL functions computed in JavaScript rather than SQL (DuckDB core SQL cannot:
 * inflate, the H3 grid). A call over columns compiles in two passes (lower/families/host.ts): a
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

export type { HostAnswer } from './inflate.ts';

/** Each host function: the answers for a list of argument keys (lower/families/host.ts makes the keys). */
const HOST: Record<string, (keys: (string | null)[]) => Promise<HostAnswer[]>> = {
  zlib_decompress_from_base64_string: async (keys) => keys.map((k) => inflateBase64(k, 'zlib')),
  gzip_decompress_from_base64_string: async (keys) => keys.map((k) => inflateBase64(k, 'gzip')),
  // h3-js is loaded on first use (a chunk of its own in the app)
  geo_point_to_h3cell: async (keys) => keys.map((await import('./h3.ts')).pointToCell),
  geo_h3cell_to_central_point: async (keys) => keys.map((await import('./h3.ts')).centralPoint),
  geo_h3cell_to_polygon: async (keys) => keys.map((await import('./h3.ts')).polygon),
  geo_h3cell_neighbors: async (keys) => keys.map((await import('./h3.ts')).neighbors),
  geo_h3cell_rings: async (keys) => keys.map((await import('./h3.ts')).ringsOf),
};

/** The answers of host function `fn` for `keys`, as JSON text (one per key, in order). */
export async function answerHost(fn: string, keys: (string | null)[]): Promise<string[]> {
  const f = HOST[fn];
  if (!f) throw new Error(`unknown host function ${fn}`);
  return (await f(keys)).map((a) => JSON.stringify(a));
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
