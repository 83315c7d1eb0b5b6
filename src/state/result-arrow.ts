/**
 * The engine's Arrow table of a result, kept beside the JSON rows made of it, for the grid's
 * views (grid-compute.ts sends it to the grid's worker). A module of its own, with type imports
 * only, so that the workbench keeps the table without putting the grid's client on the start-up
 * path.
 */
import type { Table } from 'apache-arrow';
import type { KustoResult } from './results.ts';

const arrows = new WeakMap<KustoResult, Table>();

/** Keeps the engine's Arrow table of a result (the JSON rows made of it). */
export function keepArrow(result: KustoResult, table: Table): void {
  arrows.set(result, table);
}

/** The Arrow table kept for a result, if any. */
export function arrowOf(result: KustoResult): Table | undefined {
  return arrows.get(result);
}
