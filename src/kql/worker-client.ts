/**
 * Main-thread side of the KQL worker protocol: one promise per request.
 */
import type { Catalog } from './api.ts';
import type { KqlReply, KqlRequest, KqlResponses } from './worker-protocol.ts';
import workerUrl from './worker.ts?worker&url';

/**
 * The KQL worker bundle's URL. In a build its file name is a hash of the bundle's content (the
 * compiler, the Kusto parser and the function tables), so it names the compiler's build: the
 * compile cache (state/compile-cache.ts) keys on it. The dev server's URL does not change with
 * the code (null there: no cache).
 */
export const KQL_COMPILER_BUILD: string | null = import.meta.env.DEV ? null : new URL(workerUrl, location.href).pathname;

export class KqlWorkerClient {
  private next = 1;
  private pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  /** Resolves once the worker has loaded the parser scripts. */
  readonly ready: Promise<void>;

  constructor(private readonly worker: Worker) {
    let markReady: () => void = () => {};
    let failReady: (e: Error) => void = () => {};
    this.ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      failReady = reject;
    });
    worker.onmessage = (ev: MessageEvent<KqlReply>) => {
      const r = ev.data;
      if (r.id === 0) return markReady();
      const p = this.pending.get(r.id);
      if (!p) return;
      this.pending.delete(r.id);
      if (r.ok) p.resolve(r.value);
      else p.reject(new Error(r.error));
    };
    worker.onerror = (ev) => {
      const err = new Error(`KQL worker failed: ${ev.message || 'script error'}`);
      failReady(err);
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
  }

  request<T extends KqlRequest['type']>(req: Extract<KqlRequest, { type: T }>): Promise<KqlResponses[T]> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...req, id });
    });
  }

  init(catalog: Catalog | null, now?: string) {
    return this.request({ type: 'init', catalog, now });
  }
}

export function startKqlWorker(): KqlWorkerClient {
  const worker = new Worker(workerUrl, { type: 'module', name: 'kql' });
  return new KqlWorkerClient(worker);
}
