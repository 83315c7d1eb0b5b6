import { describe, expect, it } from 'vitest';
import { loadPrefs, PREFS_KEY, Prefs, resolveTheme } from '../../src/state/prefs.svelte.ts';

const store = (v?: string) => {
  const m = new Map<string, string>();
  if (v !== undefined) m.set(PREFS_KEY, v);
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, x: string) => void m.set(k, x), m };
};

describe('prefs', () => {
  it('round-trips theme and sidebar through the store', () => {
    const s = store();
    const p = new Prefs(s);
    expect([p.theme, p.sidebarOpen, p.sidebarWidth]).toEqual(['system', true, 280]);
    p.theme = 'dark';
    p.sidebarOpen = false;
    p.sidebarWidth = 9999;
    p.welcomed = true;
    p.save();
    expect(loadPrefs(s)).toEqual({ theme: 'dark', sidebarOpen: false, sidebarWidth: 640, welcomed: true });
  });

  it('falls back per field on corrupt or foreign data', () => {
    expect(loadPrefs(store('{oops'))).toEqual({ theme: 'system', sidebarOpen: true, sidebarWidth: 280, welcomed: false });
    expect(loadPrefs(store('{"theme":"pink","sidebarOpen":"no","sidebarWidth":50}'))).toEqual({ theme: 'system', sidebarOpen: true, sidebarWidth: 180, welcomed: false });
  });

  it('system follows the browser; light and dark are forced', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
  });
});
