/**
 * What survives a reload: open tabs (their text above all) and the query history, kept in
 * localStorage. Loading never throws — corrupt or foreign data falls back to defaults, so a bad
 * entry can never lock the user out of the page.
 */
export interface TabData {
  id: string;
  title: string;
  text: string;
  /** A pinned now() for this tab's queries (ISO UTC), e.g. from a share link; else the dataset's. */
  now?: string;
}

export interface HistoryEntry {
  kql: string;
  /** epoch ms */
  at: number;
  ok: boolean;
  rows?: number;
  ms?: number;
  error?: string;
}

export interface SessionData {
  tabs: TabData[];
  active: string;
  history: HistoryEntry[];
}

/** The part of `Storage` used here (a Map-backed fake in tests). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export const SESSION_KEY = 'huntbench.session.v1';
export const HISTORY_KEY = 'huntbench.history.v1';
export const HISTORY_LIMIT = 200;

let idCounter = 0;
export function newTabId(): string {
  idCounter++;
  return `t${Date.now().toString(36)}${idCounter.toString(36)}`;
}

export function defaultSession(firstText: string): SessionData {
  const id = newTabId();
  return { tabs: [{ id, title: 'Query 1', text: firstText }], active: id, history: [] };
}

function isTab(x: any): x is TabData {
  return (
    x && typeof x.id === 'string' && typeof x.title === 'string' && typeof x.text === 'string' && (x.now === undefined || typeof x.now === 'string')
  );
}

function isEntry(x: any): x is HistoryEntry {
  return x && typeof x.kql === 'string' && typeof x.at === 'number' && typeof x.ok === 'boolean';
}

export function loadSession(store: KeyValueStore, firstText: string): SessionData {
  const fallback = defaultSession(firstText);
  let tabs: TabData[] = [];
  let active = '';
  let history: HistoryEntry[] = [];
  try {
    const raw = JSON.parse(store.getItem(SESSION_KEY) ?? 'null');
    if (raw && Array.isArray(raw.tabs)) tabs = raw.tabs.filter(isTab);
    if (raw && typeof raw.active === 'string') active = raw.active;
  } catch {
    // ignore: defaults below
  }
  try {
    const raw = JSON.parse(store.getItem(HISTORY_KEY) ?? 'null');
    if (Array.isArray(raw)) history = raw.filter(isEntry).slice(0, HISTORY_LIMIT);
  } catch {
    // ignore
  }
  if (!tabs.length) return { ...fallback, history };
  if (!tabs.some((t) => t.id === active)) active = tabs[0].id;
  return { tabs, active, history };
}

/** Best effort: a full or disabled storage must not break the page. Returns false when it failed. */
export function saveSession(store: KeyValueStore, s: SessionData): boolean {
  try {
    store.setItem(SESSION_KEY, JSON.stringify({ tabs: s.tabs, active: s.active }));
    store.setItem(HISTORY_KEY, JSON.stringify(s.history.slice(0, HISTORY_LIMIT)));
    return true;
  } catch {
    return false;
  }
}

/** Newest first; re-running the same query moves it to the top instead of duplicating it. */
export function pushHistory(history: HistoryEntry[], e: HistoryEntry): HistoryEntry[] {
  const rest = history.filter((h) => h.kql.trim() !== e.kql.trim());
  return [e, ...rest].slice(0, HISTORY_LIMIT);
}

/** "Query N" with the smallest N not taken. */
export function nextTabTitle(tabs: TabData[]): string {
  const used = new Set(tabs.map((t) => t.title));
  let n = 1;
  while (used.has(`Query ${n}`)) n++;
  return `Query ${n}`;
}
