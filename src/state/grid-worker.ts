/**
 * The result grid's worker: holds the current result and answers "which rows, in which order"
 * (text and value filters, sort by value) and facets, computed with arquero (results.ts). It runs
 * off the page's thread so a 50,000-row sort never freezes the page, and it is where arquero's
 * generated code may run: arquero compiles its expressions with `Function`, which the page's
 * Content-Security-Policy (no 'unsafe-eval') forbids. The expressions are only ever our own
 * (internal column names `s0`, `t1`, `v2` and escaped functions), never text from a query or a
 * result. Protocol: grid-compute.ts.
 */
import type { GridReply, GridRequest } from './grid-compute.ts';
import type { KustoResult } from './results.ts';
import { facets, viewIndices } from './results-view.ts';

let result: KustoResult | null = null;
let resultId = -1;

self.onmessage = (e: MessageEvent<GridRequest>) => {
  const m = e.data;
  if (m.kind === 'load') {
    result = m.result;
    resultId = m.id;
    return;
  }
  if (!result || m.resultId !== resultId) {
    (self as unknown as Worker).postMessage({ seq: m.seq, error: 'stale result' } satisfies GridReply);
    return;
  }
  try {
    const indices = Uint32Array.from(viewIndices(result, m.filters, m.sort, m.values));
    const fac = m.facetCols ? facets(result, indices, m.facetCols) : null;
    const reply: GridReply = { seq: m.seq, indices, facets: fac };
    (self as unknown as Worker).postMessage(reply, [indices.buffer]);
  } catch (err) {
    const reply: GridReply = { seq: m.seq, error: (err as Error).message };
    (self as unknown as Worker).postMessage(reply);
  }
};
