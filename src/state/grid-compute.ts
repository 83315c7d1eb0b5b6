/**
 * Client of the grid worker (grid-worker.ts): `computeView` sends the view request (filters, sort,
 * value filters, which columns need facets) and resolves with the row indices and facets. The
 * result itself is sent once per result. Where there is no Worker (Node, tests) the same
 * functions run in-process.
 */
import type { Facet, KustoResult, SortDir, ValueFilter } from './results.ts';

export type GridRequest =
  | { kind: 'load'; id: number; result: KustoResult }
  | {
      kind: 'view';
      seq: number;
      resultId: number;
      filters: Record<number, string>;
      sort: { col: number; dir: SortDir } | null;
      values: ValueFilter[];
      facetCols: number[] | null;
    };

export type GridReply = { seq: number; indices: Uint32Array; facets: Facet[] | null } | { seq: number; error: string };

export interface ViewRequest {
  filters: Record<number, string>;
  sort: { col: number; dir: SortDir } | null;
  values: ValueFilter[];
  facetCols: number[] | null;
}

let worker: Worker | null = null;
let loaded: KustoResult | null = null;
let loadedId = 0;
let seq = 0;
const pending = new Map<number, { resolve: (r: { indices: Uint32Array; facets: Facet[] | null }) => void; reject: (e: Error) => void }>();

function getWorker(): Worker | null {
  if (worker || typeof Worker === 'undefined') return worker;
  worker = new Worker(new URL('./grid-worker.ts', import.meta.url), { type: 'module', name: 'grid' });
  worker.onmessage = (e: MessageEvent<GridReply>) => {
    const p = pending.get(e.data.seq);
    if (!p) return;
    pending.delete(e.data.seq);
    if ('error' in e.data) p.reject(new Error(e.data.error));
    else p.resolve({ indices: e.data.indices, facets: e.data.facets });
  };
  return worker;
}

/** The rows (and facets) of a view of `result`; in the worker when there is one. */
export function computeView(result: KustoResult, req: ViewRequest): Promise<{ indices: Uint32Array; facets: Facet[] | null }> {
  const w = getWorker();
  if (!w) {
    return import('./results-view.ts').then(({ viewIndices, facets }) => {
      const indices = Uint32Array.from(viewIndices(result, req.filters, req.sort, req.values));
      return { indices, facets: req.facetCols ? facets(result, indices, req.facetCols) : null };
    });
  }
  if (result !== loaded) {
    loaded = result;
    loadedId++;
    w.postMessage({ kind: 'load', id: loadedId, result } satisfies GridRequest);
  }
  const s = ++seq;
  return new Promise((resolve, reject) => {
    pending.set(s, { resolve, reject });
    w.postMessage({ kind: 'view', seq: s, resultId: loadedId, ...req } satisfies GridRequest);
  });
}
