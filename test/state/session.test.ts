import { describe, expect, it } from 'vitest';
import {
  HISTORY_KEY,
  HISTORY_LIMIT,
  type KeyValueStore,
  loadSession,
  nextTabTitle,
  pushHistory,
  SESSION_KEY,
  saveSession,
} from '../../src/state/session.ts';

function memStore(init: Record<string, string> = {}): KeyValueStore & { data: Record<string, string> } {
  const data = { ...init };
  return { data, getItem: (k) => data[k] ?? null, setItem: (k, v) => void (data[k] = v) };
}

describe('session persistence', () => {
  it('starts with one tab holding the default query', () => {
    const s = loadSession(memStore(), 'T | take 1');
    expect(s.tabs).toHaveLength(1);
    expect(s.tabs[0].text).toBe('T | take 1');
    expect(s.active).toBe(s.tabs[0].id);
  });

  it('round-trips tabs, the active tab and history', () => {
    const store = memStore();
    const s = loadSession(store, 'x');
    s.tabs.push({ id: 'b', title: 'Two', text: 'B | count' });
    s.active = 'b';
    s.history = pushHistory([], { kql: 'B | count', at: 1, ok: true, rows: 1 });
    expect(saveSession(store, s)).toBe(true);
    const again = loadSession(store, 'ignored');
    expect(again).toEqual(s);
  });

  it("keeps a tab's pinned now (from a share link) and drops a malformed one", () => {
    const store = memStore();
    const s = loadSession(store, 'x');
    s.tabs.push({ id: 'p', title: 'Shared', text: 'T | where Timestamp > ago(1h)', now: '2024-05-14T10:00:00Z' });
    saveSession(store, s);
    expect(loadSession(store, 'x').tabs.find((t) => t.id === 'p')?.now).toBe('2024-05-14T10:00:00Z');
    const raw = JSON.parse(store.data[SESSION_KEY]);
    raw.tabs[1].now = 42;
    store.data[SESSION_KEY] = JSON.stringify(raw);
    expect(loadSession(store, 'x').tabs.some((t) => t.id === 'p')).toBe(false);
  });

  it('survives corrupt or foreign storage', () => {
    const s = loadSession(memStore({ [SESSION_KEY]: '{not json', [HISTORY_KEY]: '[{"kql":1},{"kql":"ok","at":2,"ok":false}]' }), 'd');
    expect(s.tabs[0].text).toBe('d');
    expect(s.history).toEqual([{ kql: 'ok', at: 2, ok: false }]);
    const t = loadSession(memStore({ [SESSION_KEY]: JSON.stringify({ tabs: [{ id: 'a', title: 'A', text: 'q' }], active: 'zzz' }) }), 'd');
    expect(t.active).toBe('a');
  });

  it('does not throw when storage is full', () => {
    const full: KeyValueStore = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(saveSession(full, loadSession(full, 'x'))).toBe(false);
  });

  it('moves a re-run query to the top and caps the history', () => {
    let h = pushHistory([], { kql: 'A', at: 1, ok: true });
    h = pushHistory(h, { kql: 'B', at: 2, ok: true });
    h = pushHistory(h, { kql: 'A ', at: 3, ok: true });
    expect(h.map((e) => e.at)).toEqual([3, 2]);
    for (let i = 0; i < HISTORY_LIMIT + 10; i++) h = pushHistory(h, { kql: `q${i}`, at: i, ok: true });
    expect(h).toHaveLength(HISTORY_LIMIT);
  });

  it('names new tabs with the first free number', () => {
    expect(nextTabTitle([{ id: '1', title: 'Query 1', text: '' }, { id: '3', title: 'Query 3', text: '' }])).toBe('Query 2');
  });
});
