/**
 * The result grid's worker: holds the current result — its Arrow table opened with arquero, and
 * the keys built from it so far — and answers "which rows, in which order" (text and value
 * filters, sort by value) and facets (results-view.ts). It runs off the page's thread so a
 * 50,000-row sort or the first count of a wide result never freezes the page, and it is where
 * arquero's generated code may run: arquero compiles its expressions with `Function`, which the
 * page's Content-Security-Policy (no 'unsafe-eval') forbids. The expressions are only ever our
 * own (internal column names `r0`, `t1`, `s2` and escaped functions), never text from a query or
 * a result. Protocol: grid-compute.ts.
 */
import type { GridReply, GridRequest } from './grid-compute.ts';
import { addValues, type GridSource, gridSource, view } from './results-view.ts';

let source: GridSource | null = null;
let sourceId = -1;
/** Why the last result's Arrow table could not be opened. */
let loadError = '';

const reply = (r: GridReply, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(r, transfer);

self.onmessage = (e: MessageEvent<GridRequest>) => {
  const m = e.data;
  if (m.kind === 'load') {
    source = null;
    sourceId = m.id;
    loadError = '';
    try {
      source = gridSource(m.columns, m.kinds, m.ipc, m.rows);
    } catch (err) {
      loadError = (err as Error).message;
    }
    return;
  }
  if (m.resultId !== sourceId) {
    reply({ seq: m.seq, error: 'stale result' });
    return;
  }
  if (!source) {
    reply({ seq: m.seq, error: loadError, arrowFailed: true });
    return;
  }
  try {
    for (const [c, values] of Object.entries(m.columnValues)) addValues(source, Number(c), values);
    const { indices, facets } = view(source, m);
    reply({ seq: m.seq, indices, facets, arrow: source.arrow !== null }, [indices.buffer]);
  } catch (err) {
    // a view that fails on the Arrow table is asked again on the JSON rows
    reply({ seq: m.seq, error: (err as Error).message, arrowFailed: source.arrow !== null });
  }
};
