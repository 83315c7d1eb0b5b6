/**
 * Client of the grid worker (grid-worker.ts): `computeView` sends the view request (filters, sort,
 * value filters, which columns need facets) and resolves with the row indices and facets.
 *
 * The worker computes on the query's Arrow result (results-view.ts): the workbench keeps the
 * engine's Arrow table beside the JSON rows it made of it (result-arrow.ts), and the first view of a
 * result sends the table once as Arrow IPC bytes (moved, not copied). A result without one (a
 * restored result) is sent as its column types only. Columns the worker cannot read from Arrow
 * (dynamic ones, and every column of a restored result) get their JSON values with the first
 * request that needs them.
 *
 * Only the latest request is computed: one sent while the worker is busy waits, and is replaced
 * (its promise rejected as superseded) by any later one, so typing in a filter box never queues
 * up work. Where there is no Worker (Node, tests) the same functions run in-process.
 */
import { tableToIPC } from 'apache-arrow';
import { arrowOf } from './result-arrow.ts';
import type { Facet, JsonValue, KustoResult } from './results.ts';
import { type ColumnKind, columnKinds, columnsOf, type ViewRequest } from './grid-columns.ts';
import type { GridSource } from './results-view.ts';

export type { ViewRequest };

export type GridRequest =
  | { kind: 'load'; id: number; columns: KustoResult['columns']; kinds: ColumnKind[]; ipc: Uint8Array | null; rows: number }
  | ({ kind: 'view'; seq: number; resultId: number; columnValues: Record<number, JsonValue[]> } & ViewRequest);

/**
 * `arrow`: computed on the result's Arrow table (false: on its JSON rows, a restored result).
 * `arrowFailed`: the Arrow table could not be opened or read; the page then sends the result
 * again as JSON rows, whose answers are the same.
 */
export type GridReply = { seq: number; indices: Uint32Array; facets: Facet[] | null; arrow: boolean } | { seq: number; error: string; arrowFailed?: boolean };

export type ViewResult = { indices: Uint32Array; facets: Facet[] | null; arrow: boolean };

/** Results whose Arrow table the worker could not use: their views are computed on the JSON rows. */
const rowsOnly = new WeakSet<KustoResult>();

/** The first message about a result: its columns, their kinds and its Arrow IPC bytes. */
async function loadMessage(result: KustoResult, id: number): Promise<Extract<GridRequest, { kind: 'load' }>> {
  const table = rowsOnly.has(result) ? undefined : arrowOf(result);
  if (!table) return { kind: 'load', id, columns: result.columns, kinds: result.columns.map(() => 'json'), ipc: null, rows: result.rows.length };
  const kinds = columnKinds(
    table.schema.fields.map((f) => f.type as unknown as { typeId: number }),
    result.columns,
  );
  return { kind: 'load', id, columns: result.columns, kinds, ipc: tableToIPC(table, 'stream'), rows: result.rows.length };
}

/** The JSON values of the `json` columns a request reads that have not been sent yet. */
function valuesToSend(result: KustoResult, kinds: ColumnKind[], sent: Set<number>, cols: number[]): Record<number, JsonValue[]> {
  const out: Record<number, JsonValue[]> = {};
  for (const c of cols) {
    if (kinds[c] !== 'json' || sent.has(c)) continue;
    sent.add(c);
    out[c] = result.rows.map((r) => r[c]);
  }
  return out;
}

// ------------------------------------------------------------------------------ in-process

const local = new WeakMap<KustoResult, Promise<GridSource>>();

async function computeHere(result: KustoResult, req: ViewRequest): Promise<ViewResult> {
  const rv = await import('./results-view.ts');
  let src = local.get(result);
  if (!src) {
    src = loadMessage(result, 0).then((m) => rv.gridSource(m.columns, m.kinds, m.ipc, m.rows));
    local.set(result, src);
  }
  const s = await src;
  for (const c of rv.missingValues(s, columnsOf(req))) rv.addValues(s, c, result.rows.map((r) => r[c]));
  return { ...rv.view(s, req), arrow: s.arrow !== null };
}

// ------------------------------------------------------------------------------ the worker

let worker: Worker | null = null;
let loaded: { result: KustoResult; id: number; kinds: ColumnKind[]; sent: Set<number> } | null = null;
let loadedId = 0;
let seq = 0;
/** The request the worker is computing, and the one waiting for it (replaced by later ones). */
type Pending = { result: KustoResult; req: ViewRequest; resolve: (r: ViewResult) => void; reject: (e: Error) => void };
let inFlight: (Pending & { seq: number }) | null = null;
let waiting: Pending | null = null;

function getWorker(): Worker | null {
  if (worker || typeof Worker === 'undefined') return worker;
  worker = new Worker(new URL('./grid-worker.ts', import.meta.url), { type: 'module', name: 'grid' });
  worker.onmessage = (e: MessageEvent<GridReply>) => {
    const p = inFlight;
    if (!p || p.seq !== e.data.seq) return;
    inFlight = null;
    if ('error' in e.data && e.data.arrowFailed && !rowsOnly.has(p.result)) {
      console.warn(`grid: the Arrow result could not be used (${e.data.error}); computing on its JSON rows`);
      rowsOnly.add(p.result);
      loaded = null;
      // asked again unless a later request has replaced it
      if (!waiting) waiting = p;
      else p.reject(new Error('superseded'));
    } else if ('error' in e.data) p.reject(new Error(e.data.error));
    else p.resolve({ indices: e.data.indices, facets: e.data.facets, arrow: e.data.arrow });
    next();
  };
  return worker;
}

/** Sends the waiting request, if any, once the worker is free. */
function next(): void {
  if (inFlight || !waiting) return;
  const p = waiting;
  const { result, req, reject } = p;
  waiting = null;
  const s = ++seq;
  inFlight = { ...p, seq: s };
  void send(result, req, s).catch((err: Error) => {
    if (inFlight?.seq !== s) return;
    inFlight = null;
    reject(err);
    next();
  });
}

async function send(result: KustoResult, req: ViewRequest, s: number): Promise<void> {
  const w = getWorker()!;
  if (loaded?.result !== result) {
    const id = ++loadedId;
    const msg = await loadMessage(result, id);
    loaded = { result, id, kinds: msg.kinds, sent: new Set() };
    w.postMessage(msg satisfies GridRequest, msg.ipc ? [msg.ipc.buffer] : []);
  }
  const columnValues = valuesToSend(result, loaded.kinds, loaded.sent, columnsOf(req));
  w.postMessage({ kind: 'view', seq: s, resultId: loaded.id, columnValues, ...req } satisfies GridRequest);
}

/** The rows (and facets) of a view of `result`; in the worker when there is one. */
export function computeView(result: KustoResult, req: ViewRequest): Promise<ViewResult> {
  if (!getWorker()) return computeHere(result, req);
  return new Promise((resolve, reject) => {
    waiting?.reject(new Error('superseded'));
    waiting = { result, req, resolve, reject };
    next();
  });
}
