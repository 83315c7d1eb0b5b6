/**
 * Loads a dataset's tables into the engine in the background, one at a time, while letting a query
 * jump the queue for the tables it needs. The first result then waits for one table, not forty.
 */
export interface TableSource {
  name: string;
  rowCount?: number;
  /** The table's bytes; a download starts on the first call (later calls share it). */
  bytes(): Promise<Uint8Array>;
}

/**
 * How many tables ahead of the one being loaded are downloaded. Not all at once: the browser
 * opens at most six connections per server, and forty table downloads in flight would hold back
 * the engine's WebAssembly and the page's scripts queued behind them.
 */
export const PREFETCH_AHEAD = 2;

interface Deferred {
  promise: Promise<number>;
  resolve(n: number): void;
  reject(e: Error): void;
  started: boolean;
}

function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * When the loader may take the engine for a table no query waits for (`TableLoader`'s `yieldTo`):
 * `idle` resolves once the queries in flight are done (or after a while), `urgent` names a table a
 * query in flight is likely to need (it loads without waiting).
 */
export interface LoaderYield {
  idle(): Promise<unknown>;
  urgent(name: string): boolean;
}

export class TableLoader {
  private queue: string[];
  private readonly state = new Map<string, Deferred>();
  private stopped = false;
  /** Lower-cased names a query has asked for (`ensure`). */
  private readonly ensured = new Set<string>();
  /** Resolved (and replaced) by each `ensure`: a load waiting for `yieldTo.idle` looks at the queue again. */
  private ensuredSignal = signal();
  loaded = 0;
  rows = 0;

  /**
   * `yieldTo`: the engine runs one request at a time, so a table load started just before a query
   * delays its answer (a first visit's query waited for the second table's insert). With it, a
   * table that no query has asked for and that is not `urgent` is loaded only once `idle` resolves
   * (or when a query asks for tables meanwhile, which then go first).
   */
  constructor(
    private readonly tables: TableSource[],
    private readonly load: (name: string, bytes: Uint8Array) => Promise<number>,
    private readonly onProgress: (loaded: number, total: number, current: string) => void = () => {},
    private readonly yieldTo: LoaderYield | null = null,
  ) {
    this.queue = tables.map((t) => t.name);
    for (const t of tables) {
      let resolve!: (n: number) => void;
      let reject!: (e: Error) => void;
      const promise = new Promise<number>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      promise.catch(() => {});
      this.state.set(t.name.toLowerCase(), { promise, resolve, reject, started: false });
    }
  }

  get total(): number {
    return this.tables.length;
  }

  has(name: string): boolean {
    return this.state.has(name.toLowerCase());
  }

  /** Loads every table; resolves when all are in (rejects with the first failure, after trying all). */
  async run(): Promise<void> {
    let firstError: Error | null = null;
    while (this.queue.length && !this.stopped) {
      const next = this.queue[0];
      if (this.yieldTo && !this.ensured.has(next.toLowerCase()) && !this.yieldTo.urgent(next) && !this.state.get(next.toLowerCase())!.started) {
        const ensuredMeanwhile = this.ensuredSignal.promise.then(() => true);
        if (await Promise.race([this.yieldTo.idle().then(() => false), ensuredMeanwhile])) continue;
        if (this.stopped || !this.queue.length) break;
      }
      const name = this.queue.shift()!;
      const d = this.state.get(name.toLowerCase())!;
      if (d.started) continue;
      d.started = true;
      const src = this.tables.find((t) => t.name === name)!;
      this.onProgress(this.loaded, this.total, name);
      try {
        const bytes = src.bytes();
        this.prefetch();
        const n = await this.load(name, await bytes);
        if (src.rowCount !== undefined && n !== src.rowCount) throw new Error(`${name}: ${n} rows loaded, catalog says ${src.rowCount}`);
        this.loaded++;
        this.rows += n;
        d.resolve(n);
      } catch (e) {
        const err = e instanceof Error ? e : new Error(String(e));
        firstError ??= err;
        d.reject(err);
      }
    }
    this.onProgress(this.loaded, this.total, '');
    if (firstError) throw firstError;
  }

  /** Starts the downloads of the next tables in the queue (a source downloads once). */
  private prefetch(): void {
    let n = 0;
    for (const name of this.queue) {
      if (n >= PREFETCH_AHEAD) break;
      if (this.state.get(name.toLowerCase())!.started) continue;
      this.tables.find((t) => t.name === name)!.bytes().catch(() => {});
      n++;
    }
  }

  /** Moves the named tables (unknown names are ignored) to the front of the queue and waits for them. */
  ensure(names: string[]): Promise<unknown> {
    const wanted = names.filter((n) => this.has(n));
    const front = wanted.map((n) => this.tables.find((t) => t.name.toLowerCase() === n.toLowerCase())!.name);
    this.queue = [...front, ...this.queue.filter((q) => !front.includes(q))];
    if (front.length) {
      for (const n of front) this.ensured.add(n.toLowerCase());
      this.ensuredSignal.resolve();
      this.ensuredSignal = signal();
      this.prefetch();
    }
    return Promise.all(wanted.map((n) => this.state.get(n.toLowerCase())!.promise));
  }

  stop(): void {
    this.stopped = true;
    for (const d of this.state.values()) if (!d.started) d.reject(new Error('dataset load was superseded'));
  }
}

/** Tables of `names` that the SQL text mentions as quoted identifiers (how the compiler emits them). */
export function tablesInSql(sql: string, names: string[]): string[] {
  return names.filter((n) => sql.includes(`"${n.replaceAll('"', '""')}"`));
}
