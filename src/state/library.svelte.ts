/**
 * The pack library: shipped packs (read-only) and the user's packs (imported or saved from the
 * editor, kept in localStorage), search, running a pack's tests, import with conflict questions,
 * export, and share links. Queries run through an injected evaluator (the Workbench's), so this
 * class never touches the engine; pack logic lives in src/packs.
 */
import type { PackSource } from '../packs/formats.ts';
import { decodeShareLink, encodeShareLink, isShareHash, type SharePayload } from '../packs/link.ts';
import { bindQuery } from '../packs/params.ts';
import { datasetOf, type PackRunner, type QueryReport, runQueryTests, type TestStatus } from '../packs/run.ts';
import { formatIssue, type JsonValue, PACK_FORMAT, type PackAttachment, PACK_FORMAT_VERSION, type Pack, type PackQuery } from '../packs/types.ts';
import { parsePackJson, serializePack, validatePack } from '../packs/validate.ts';
import type { KeyValueStore } from './session.ts';

export const LIBRARY_KEY = 'huntbench.packs.v1';
export const MY_PACK_ID = 'my-queries';

export interface LibraryDeps {
  store: KeyValueStore;
  /** Shipped pack files (name → text), loaded lazily. */
  shipped: () => Promise<Record<string, string>>;
  /** Runs KQL outside any tab; throws on failure (Error with `code`). `copies`: a pack's attachments for its externaldata URLs. */
  evaluate(kql: string, now?: string, copies?: Record<string, string>): Promise<{ columns: { name: string; type: string }[]; rows: JsonValue[][] }>;
  /** Remembers a pack's attachments as local copies of their URLs (like picked files); returns the URLs saved. */
  rememberCopies?(attachments: readonly PackAttachment[], packName: string): string[];
  /** The dataset the page has loaded (tests on another one are skipped). */
  dataset(): string;
  /** Opens KQL in a new tab (and runs it when asked). */
  openQuery(kql: string, title: string, run: boolean, now?: string): void;
}

export interface PendingImport {
  pack: Pack;
  /** Where it came from, for the message. */
  from: string;
  /** The saved or shipped pack with the same id, if any. */
  clash?: 'saved' | 'shipped';
}

/** A stored entry that no longer validates: kept in storage as it was, shown with the reason. */
export interface SetAside {
  raw: unknown;
  /** A name to show (its `name` or `id` when it has one). */
  label: string;
  reason: string;
}

/**
 * The id and name of the copy "Keep both" makes: `<id>-N` and `<name> (N)`, shortened first
 * when needed so that both stay within the format's limits (100 and 200 characters).
 */
export function copyIdentity(pack: Pick<Pack, 'id' | 'name'>, n: number): { id: string; name: string } {
  const idSuffix = `-${n}`;
  const nameSuffix = ` (${n})`;
  return {
    id: pack.id.slice(0, 100 - idSuffix.length) + idSuffix,
    name: pack.name.slice(0, 200 - nameSuffix.length).trimEnd() + nameSuffix,
  };
}

export interface LibraryEntry {
  pack: Pack;
  shipped: boolean;
}

const lower = (s: string | undefined) => (s ?? '').toLowerCase();

/** Does a query match a search? Words must all match; `tag:`, `tactic:`, `table:` narrow the field. */
export function matchesSearch(q: PackQuery, pack: Pack, search: string): boolean {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  return words.every((w) => {
    const m = /^(tag|tactic|table|technique):(.*)$/.exec(w);
    if (m) {
      const v = m[2];
      const list = m[1] === 'tag' ? q.tags : m[1] === 'tactic' ? q.tactics : m[1] === 'table' ? q.requiredTables : q.techniques;
      return (list ?? []).some((x) => lower(x).includes(v));
    }
    return [q.id, q.displayName, q.description, pack.name, ...(q.tags ?? []), ...(q.tactics ?? []), ...(q.techniques ?? []), ...(q.requiredTables ?? [])].some((x) => lower(x).includes(w));
  });
}

export class Library {
  shippedPacks = $state.raw<Pack[]>([]);
  saved = $state.raw<Pack[]>([]);
  search = $state('');
  /** packId → queryId → report */
  reports = $state.raw<Record<string, Record<string, QueryReport>>>({});
  testing = $state<string | null>(null);
  pending = $state.raw<PendingImport | null>(null);
  /** What a share link loaded, shown until dismissed. */
  shared = $state.raw<{ payload: SharePayload; version: string } | null>(null);
  message = $state.raw<{ kind: 'error' | 'info'; text: string } | null>(null);
  /** Stored entries that failed validation on load: never deleted, shown, exportable. */
  setAside = $state.raw<SetAside[]>([]);
  /** The stored library text when it was not readable at all (kept under `<key>.unreadable` on save). */
  private unreadable: string | null = null;

  entries = $derived<LibraryEntry[]>([...this.saved.map((pack) => ({ pack, shipped: false })), ...this.shippedPacks.map((pack) => ({ pack, shipped: true }))]);
  filtered = $derived(
    this.entries
      .map((e) => ({ ...e, queries: e.pack.queries.filter((q) => matchesSearch(q, e.pack, this.search)) }))
      .filter((e) => e.queries.length > 0 || (!!this.search && matchesSearch({ id: '', displayName: e.pack.name, body: '' }, e.pack, this.search))),
  );

  constructor(private readonly deps: LibraryDeps) {
    this.saved = this.load();
    if (this.setAside.length) {
      const n = this.setAside.length;
      const first = this.setAside[0];
      this.message = {
        kind: 'error',
        text: `${n} saved pack${n === 1 ? '' : 's'} could not be read and ${n === 1 ? 'was' : 'were'} set aside, not deleted (${first.label}: ${first.reason}${n > 1 ? '; …' : ''}). Export them from the Packs panel.`,
      };
    }
  }

  private shippedLoad: Promise<void> | null = null;

  /**
   * Loads the shipped packs, once (later calls return the same promise). The page starts it after
   * the first result (main.ts); a pack offered before then (a share link, an imported file) waits
   * for it, so its id is still checked against theirs.
   */
  init(): Promise<void> {
    this.shippedLoad ??= this.loadShipped();
    return this.shippedLoad;
  }

  private async loadShipped(): Promise<void> {
    try {
      const files = await this.deps.shipped();
      const packs: Pack[] = [];
      for (const [name, text] of Object.entries(files).sort()) {
        const r = parsePackJson(text);
        if (r.ok) packs.push(r.pack);
        else console.warn(`shipped pack ${name}: ${formatIssue(r.errors[0])}`);
      }
      this.shippedPacks = packs;
    } catch (e) {
      this.message = { kind: 'error', text: `The shipped packs could not be loaded: ${(e as Error).message}` };
    }
  }

  // ------------------------------------------------------------------ storage

  private load(): Pack[] {
    let raw: string | null = null;
    try {
      raw = this.deps.store.getItem(LIBRARY_KEY);
    } catch {
      return [];
    }
    if (!raw) return [];
    let list: { packs?: unknown[] };
    try {
      list = JSON.parse(raw);
      if (!list || typeof list !== 'object' || (list.packs !== undefined && !Array.isArray(list.packs))) throw new Error('not a list of packs');
    } catch (e) {
      // the whole entry is unreadable: keep it as one set-aside item (storage is left as it is)
      this.unreadable = raw;
      this.setAside = [{ raw, label: 'the saved library', reason: (e as Error).message }];
      return [];
    }
    const out: Pack[] = [];
    const aside: SetAside[] = [];
    for (const p of list.packs ?? []) {
      const r = validatePack(p as JsonValue);
      if (r.ok) out.push(r.pack);
      else {
        const o = (p && typeof p === 'object' ? p : {}) as { name?: unknown; id?: unknown };
        const label = typeof o.name === 'string' ? o.name : typeof o.id === 'string' ? o.id : 'a saved pack';
        aside.push({ raw: p, label, reason: formatIssue(r.errors[0]) });
      }
    }
    this.setAside = aside;
    return out;
  }

  /** The set-aside entries as a JSON file, to keep or repair elsewhere. */
  setAsideFile(): { text: string; fileName: string; mime: string } {
    const entries = this.setAside.map((a) => ({ reason: `${a.label}: ${a.reason}`, entry: a.raw }));
    return { text: `${JSON.stringify({ setAside: entries }, null, 2)}\n`, fileName: 'huntbench-set-aside-packs.json', mime: 'application/json' };
  }

  private persist(packs: Pack[]): boolean {
    try {
      // set-aside entries are written back untouched: saving never drops what could not be read
      const whole = this.setAside.find((a) => a.raw === this.unreadable);
      // an unreadable library text moves to a key of its own before the first save replaces it
      if (whole) this.deps.store.setItem(`${LIBRARY_KEY}.unreadable`, whole.raw as string);
      const kept = this.setAside.filter((a) => a !== whole).map((a) => a.raw);
      this.deps.store.setItem(LIBRARY_KEY, JSON.stringify({ packs: [...packs, ...kept] }));
      this.saved = packs;
      return true;
    } catch (e) {
      this.message = { kind: 'error', text: `Not saved: browser storage refused it (${(e as Error).name}). Your library is unchanged.` };
      return false;
    }
  }

  find(id: string): LibraryEntry | undefined {
    return this.entries.find((e) => e.pack.id === id);
  }

  // ------------------------------------------------------------------ import

  /** Is this dropped/opened file a pack (rather than a data file for a table)? */
  static async isPackFile(file: { name: string; slice(start: number, end: number): { text(): Promise<string> } }): Promise<boolean> {
    if (/\.(ya?ml|hbpack|hbpack\.json|querypack\.json|pack\.json)$/i.test(file.name)) return true;
    if (!/\.json$/i.test(file.name)) return false;
    const head = await file.slice(0, 4096).text();
    return head.includes(`"${PACK_FORMAT}"`) || (/"queries"\s*:/.test(head) && /"(body|displayName)"\s*:/.test(head));
  }

  /** Validates a pack file; a clean pack with a new id is saved, a clash waits for the user. */
  async importText(fileName: string, text: string): Promise<boolean> {
    const { importPackText } = await import('../packs/formats.ts');
    await this.init();
    const r = importPackText(fileName, text);
    if (!r.ok) {
      const first = r.errors[0];
      const more = r.errors.length > 1 ? ` (and ${r.errors.length - 1} more problem${r.errors.length > 2 ? 's' : ''})` : '';
      this.message = { kind: 'error', text: `${fileName} was not imported: ${formatIssue(first)}${more}. Nothing in your library changed.` };
      return false;
    }
    return this.offer(r.pack, fileName);
  }

  private offer(pack: Pack, from: string): boolean {
    const saved = this.saved.find((p) => p.id === pack.id);
    if (saved && serializePack(saved) === serializePack(pack)) {
      this.message = { kind: 'info', text: `${pack.name} is already in your library, unchanged.` };
      return true;
    }
    const clash = saved ? 'saved' : this.shippedPacks.some((p) => p.id === pack.id) ? 'shipped' : undefined;
    if (clash) {
      this.pending = { pack, from, clash };
      return false;
    }
    return this.add(pack, from);
  }

  private add(pack: Pack, from: string): boolean {
    if (!this.persist([pack, ...this.saved.filter((p) => p.id !== pack.id)])) return false;
    this.message = { kind: 'info', text: `Imported ${pack.name} (${pack.queries.length} quer${pack.queries.length === 1 ? 'y' : 'ies'}) from ${from}.` };
    return true;
  }

  /** The user's answer to a clash: replace the saved pack, keep both (new id), or cancel. */
  resolvePending(choice: 'replace' | 'keep-both' | 'cancel'): void {
    const p = this.pending;
    this.pending = null;
    if (!p || choice === 'cancel') {
      if (p) this.message = { kind: 'info', text: `Import of ${p.pack.name} cancelled; nothing changed.` };
      return;
    }
    if (choice === 'replace' && p.clash === 'saved') {
      this.add(p.pack, p.from);
      return;
    }
    let n = 2;
    while (this.find(copyIdentity(p.pack, n).id)) n++;
    const copy = validatePack({ ...p.pack, ...copyIdentity(p.pack, n) } as unknown as JsonValue);
    if (!copy.ok) {
      this.message = { kind: 'error', text: `${p.pack.name} was not imported: ${formatIssue(copy.errors[0])}. Nothing in your library changed.` };
      return;
    }
    this.add(copy.pack, p.from);
  }

  remove(id: string): void {
    if (this.persist(this.saved.filter((p) => p.id !== id))) this.message = { kind: 'info', text: 'Pack removed from your library.' };
  }

  /** Saves KQL as a new query of a saved pack (created as "My queries" if needed). */
  saveQuery(kql: string, displayName: string, packId = MY_PACK_ID): boolean {
    const name = displayName.trim() || 'Untitled query';
    let pack = this.saved.find((p) => p.id === packId);
    if (!pack) pack = { format: PACK_FORMAT, formatVersion: PACK_FORMAT_VERSION, id: packId, name: 'My queries', version: '1.0.0', queries: [] };
    const base =
      name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 60) || 'query';
    let id = base;
    for (let n = 2; pack.queries.some((q) => q.id === id); n++) id = `${base}-${n}`;
    const next = { ...pack, queries: [...pack.queries, { id, displayName: name, body: kql.trim() }] };
    const r = validatePack(next as unknown as JsonValue);
    if (!r.ok) {
      this.message = { kind: 'error', text: `Not saved: ${formatIssue(r.errors[0])}` };
      return false;
    }
    if (!this.persist([r.pack, ...this.saved.filter((p) => p.id !== packId)])) return false;
    this.message = { kind: 'info', text: `Saved "${name}" to ${r.pack.name}.` };
    return true;
  }

  // ------------------------------------------------------------------ run

  /** Opens a pack's query in a new tab and runs it; the pack's attachments that it reads are remembered first. */
  runQuery(q: PackQuery, values: Record<string, JsonValue>, pack?: Pick<Pack, 'name' | 'attachments'>): void {
    let kql: string;
    try {
      kql = bindQuery(q, values);
    } catch (e) {
      this.message = { kind: 'error', text: `${q.displayName}: ${(e as Error).message}` };
      return;
    }
    const used = (pack?.attachments ?? []).filter((a) => kql.includes(a.url));
    const saved = used.length && this.deps.rememberCopies ? this.deps.rememberCopies(used, pack!.name) : [];
    if (saved.length) this.message = { kind: 'info', text: `${pack!.name}: the pack's ${saved.length === 1 ? 'copy' : 'copies'} of ${saved.join(', ')} ${saved.length === 1 ? 'is' : 'are'} now remembered in this browser for externaldata.` };
    this.deps.openQuery(kql, q.displayName.slice(0, 40), true);
  }

  private runner(): PackRunner {
    return {
      hasDataset: (name) => name === this.deps.dataset(),
      run: async (kql, { now, externalData }) => {
        try {
          return { ok: true, result: await this.deps.evaluate(kql, now, externalData) };
        } catch (e) {
          const err = e as Error & { code?: string };
          return { ok: false, error: { code: err.code ?? 'HB900', message: err.message.replace(/^[A-Z]{2}\d{3}: /, '') } };
        }
      },
    };
  }

  async runTests(packId: string): Promise<void> {
    const entry = this.find(packId);
    if (!entry || this.testing) return;
    this.testing = packId;
    const runner = this.runner();
    try {
      for (const q of entry.pack.queries) {
        const r = await runQueryTests(entry.pack, q, runner);
        this.reports = { ...this.reports, [packId]: { ...(this.reports[packId] ?? {}), [q.id]: r } };
      }
    } finally {
      this.testing = null;
    }
    const all = Object.values(this.reports[packId] ?? {});
    const count = (s: TestStatus) => all.reduce((n, r) => n + r.tests.filter((t) => t.status === s).length, 0);
    const skipped = count('skip');
    const ds = new Set(entry.pack.queries.flatMap((q) => (q.tests ?? []).map((t) => datasetOf(entry.pack, t))));
    this.message = {
      kind: count('fail') + count('error') ? 'error' : 'info',
      text: `${entry.pack.name}: ${count('pass')} passed, ${count('fail')} failed, ${count('error')} errors${skipped ? `, ${skipped} skipped (need dataset ${[...ds].join(', ')})` : ''}.`,
    };
  }

  packStatus(packId: string): TestStatus | 'untested' | 'running' {
    if (this.testing === packId) return 'running';
    const rs = Object.values(this.reports[packId] ?? {});
    if (!rs.length) return 'untested';
    if (rs.some((r) => r.status === 'error' || r.status === 'fail')) return 'fail';
    return rs.every((r) => r.status === 'skip' || r.status === 'untested') ? 'skip' : 'pass';
  }

  // ------------------------------------------------------------------ export and share

  async exportFile(packId: string, format: PackSource): Promise<{ text: string; fileName: string; mime: string } | null> {
    const entry = this.find(packId);
    if (!entry) return null;
    const { exportPack } = await import('../packs/formats.ts');
    return exportPack(entry.pack, format);
  }

  /**
   * A share link for a query or a pack; when it would be too long, the pack file to download
   * instead (the caller downloads it and says so).
   */
  async shareLink(payload: SharePayload, base: string): Promise<{ url: string } | { file: { text: string; fileName: string; mime: string }; length: number; limit: number }> {
    const r = await encodeShareLink(payload);
    if (r.ok) return { url: `${base}${r.hash}` };
    const pack: Pack =
      payload.kind === 'pack'
        ? payload.pack
        : { format: PACK_FORMAT, formatVersion: PACK_FORMAT_VERSION, id: 'shared-query', name: payload.title ?? 'Shared query', version: '1.0.0', ...(payload.dataset && { dataset: payload.dataset }), queries: [{ id: 'query', displayName: payload.title ?? 'Shared query', body: payload.kql }] };
    return { file: { text: serializePack(pack), fileName: `${pack.id}.hbpack.json`, mime: 'application/json' }, length: r.length, limit: r.limit };
  }

  /**
   * Opens a share link: a query goes into a new tab (never run), a pack waits for "Add to
   * library". Returns false when the hash is not a share link.
   */
  async openLink(hash: string): Promise<boolean> {
    if (!isShareHash(hash)) return false;
    const d = await decodeShareLink(hash);
    if (!d) return false;
    if (!d.ok) {
      this.message = { kind: 'error', text: `This share link cannot be opened: ${d.error}.` };
      return true;
    }
    // (a pack is offered against the shipped ones: Add to library needs them)
    if (d.payload.kind === 'pack') await this.init();
    this.shared = { payload: d.payload, version: d.version };
    if (d.payload.kind === 'query') {
      const p = d.payload;
      this.deps.openQuery(p.parameters ? safeBind(p.kql, p.parameters) : p.kql, p.title ?? 'Shared query', false, p.now);
    }
    return true;
  }

  acceptSharedPack(): void {
    const s = this.shared;
    if (s?.payload.kind !== 'pack') return;
    this.shared = null;
    this.offer(s.payload.pack, 'a share link');
  }
}

/** Parameter values in a link become `let` lines with literal checks, typed from the JSON value. */
function safeBind(kql: string, values: Record<string, JsonValue>): string {
  const params = Object.entries(values).map(([name, v]) => ({
    name,
    type: (typeof v === 'string' ? 'string' : typeof v === 'boolean' ? 'bool' : typeof v === 'number' ? (Number.isInteger(v) ? 'long' : 'real') : 'dynamic') as 'string',
    default: v,
  }));
  try {
    return bindQuery({ body: kql, parameters: params.filter((p) => /^[A-Za-z_]\w*$/.test(p.name)) });
  } catch {
    return kql;
  }
}
