/**
 * The KQL worker: the compiler and the editor services on one copy of the Kusto parser, off the
 * main thread (the parser takes 1.5–3 s to load and would otherwise freeze the page).
 */
import './parse/global-shim.ts';
import type { Catalog, CompileResult, Diagnostic } from './api.ts';
import { compile } from './index.ts';
import { completions, format, hover, parserDiagnostics, setEditorCatalog } from './worker-editor.ts';
import type { KqlMessage, KqlReply, KqlRequest } from './worker-protocol.ts';
import { fallbackStages } from './worker-stages.ts';

let catalog: Catalog | null = null;
let now: string | undefined;

function doCompile(
  kql: string,
  at?: string,
  externalData?: Record<string, string>,
  probeValues?: Record<string, (string | null)[]>,
  huntWindow?: { from: string; to: string },
): CompileResult {
  try {
    return compile(kql, { catalog, now: at ?? now, ...(externalData ? { externalData } : {}), ...(probeValues ? { probeValues } : {}), ...(huntWindow ? { huntWindow } : {}) });
  } catch (e) {
    // a compiler crash is a coded error at the start of the query, never a dead worker
    return {
      ok: false,
      diagnostics: [
        { code: 'HB999', severity: 'error', message: `internal compiler error: ${(e as Error).message}`, start: 0, end: kql.length, line: 1, column: 1 },
      ],
    };
  }
}

/** The compiler's diagnostics, plus the analyzer's where the compiler reported none at that spot. */
function diagnostics(kql: string): Diagnostic[] {
  if (!kql.trim()) return [];
  const compiled = doCompile(kql);
  const fromCompiler = compiled.diagnostics;
  let fromParser: Diagnostic[] = [];
  try {
    fromParser = parserDiagnostics(kql);
  } catch {
    // editor services are best effort
  }
  // A query that compiled has no analyzer errors the compiler would keep: the errors here are those
  // of a typing the compiler did not use (Defender's JSON text, catalog/json-text.ts).
  if (compiled.ok) fromParser = fromParser.filter((d) => d.severity !== 'error');
  const key = (d: Diagnostic) => `${d.code}@${d.start}`;
  const seen = new Set(fromCompiler.map(key));
  return [...fromCompiler, ...fromParser.filter((d) => !seen.has(key(d)))];
}

let warmTimer: ReturnType<typeof setTimeout> | undefined;
/** The first diagnostics request came: the page is past its start-up. */
let warmed = false;

/**
 * The first compile and completion are slow (cold JIT). Warm them up when the worker is idle, not
 * during init: a query submitted at start-up should not wait behind a throw-away compile.
 */
function scheduleWarmUp(): void {
  clearTimeout(warmTimer);
  warmTimer = setTimeout(() => {
    const t = catalog?.tables[0];
    if (!t) return;
    doCompile(`${t.name} | where ${t.columns[0]?.name ?? 'x'} != "" | take 1`);
    // the completion warm-up in a task of its own: a request that came in meanwhile (a first
    // query sent by a page busy starting up) goes first and cancels it
    warmTimer = setTimeout(() => completions(`${t.name} | where `, t.name.length + 9), 0);
  }, 400);
}

function handle(req: KqlRequest): unknown {
  switch (req.type) {
    case 'init': {
      const t0 = performance.now();
      catalog = req.catalog;
      now = req.now;
      setEditorCatalog(catalog);
      // the warm-up waits for the editor's first diagnostics (sent once the page's engine has
      // started): during start-up it would compete with the engine for the CPU
      if (warmed) scheduleWarmUp();
      return { ms: performance.now() - t0 };
    }
    case 'compile':
      return doCompile(req.kql, req.now, req.externalData, req.probeValues, req.huntWindow);
    case 'diagnostics':
      return diagnostics(req.kql);
    case 'complete':
      return completions(req.kql, req.offset);
    case 'hover':
      return hover(req.kql, req.offset);
    case 'format':
      return format(req.kql);
    case 'stages': {
      const r = doCompile(req.kql);
      return r.stages?.length ? r.stages : fallbackStages(req.kql, doCompile);
    }
  }
}

self.onmessage = (ev: MessageEvent<KqlMessage>) => {
  const msg = ev.data;
  let reply: KqlReply;
  try {
    reply = { id: msg.id, ok: true, value: handle(msg) };
  } catch (e) {
    reply = { id: msg.id, ok: false, error: (e as Error)?.message ?? String(e) };
  }
  // any real request warms the JIT itself
  if (msg.type !== 'init') clearTimeout(warmTimer);
  if (msg.type === 'diagnostics' && !warmed) {
    warmed = true;
    scheduleWarmUp();
  }
  (self as unknown as Worker).postMessage(reply);
};
(self as unknown as Worker).postMessage({ id: 0, ok: true, value: 'ready' });
