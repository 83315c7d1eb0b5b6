/**
 * Look-and-feel preferences that survive a reload: the colour theme (follow the system, or forced
 * light / dark) and the sidebar (open or collapsed, and its width). Kept apart from the session
 * (tabs, history) because they belong to the browser, not to the work.
 */
import type { KeyValueStore } from './session.ts';

export type ThemeMode = 'system' | 'light' | 'dark';
export const PREFS_KEY = 'huntbench.prefs.v1';
export const SIDEBAR_MIN = 180;
export const SIDEBAR_MAX = 640;

interface PrefsData {
  theme: ThemeMode;
  sidebarOpen: boolean;
  sidebarWidth: number;
  /** the first-visit "start here" card was used or dismissed */
  welcomed: boolean;
}

const DEFAULTS: PrefsData = { theme: 'system', sidebarOpen: true, sidebarWidth: 280, welcomed: false };

/** Stored preferences, each field checked; anything unreadable falls back to its default. */
export function loadPrefs(store: KeyValueStore): PrefsData {
  let raw: Record<string, unknown> = {};
  try {
    const v = JSON.parse(store.getItem(PREFS_KEY) ?? '{}');
    if (v && typeof v === 'object') raw = v;
  } catch {
    // corrupt entry: defaults
  }
  const theme = raw.theme === 'light' || raw.theme === 'dark' || raw.theme === 'system' ? raw.theme : DEFAULTS.theme;
  const sidebarOpen = typeof raw.sidebarOpen === 'boolean' ? raw.sidebarOpen : DEFAULTS.sidebarOpen;
  const w = typeof raw.sidebarWidth === 'number' && Number.isFinite(raw.sidebarWidth) ? raw.sidebarWidth : DEFAULTS.sidebarWidth;
  const welcomed = raw.welcomed === true;
  return { theme, sidebarOpen, sidebarWidth: clampWidth(w), welcomed };
}

export function clampWidth(w: number): number {
  return Math.round(Math.min(SIDEBAR_MAX, Math.max(SIDEBAR_MIN, w)));
}

/** The theme actually shown: `system` follows the browser's prefers-color-scheme. */
export function resolveTheme(mode: ThemeMode, systemDark: boolean): 'light' | 'dark' {
  return mode === 'system' ? (systemDark ? 'dark' : 'light') : mode;
}

export class Prefs {
  theme = $state<ThemeMode>(DEFAULTS.theme);
  sidebarOpen = $state(DEFAULTS.sidebarOpen);
  sidebarWidth = $state(DEFAULTS.sidebarWidth);
  welcomed = $state(DEFAULTS.welcomed);
  /** the browser's prefers-color-scheme, kept current by the app */
  systemDark = $state(false);
  readonly shown = $derived(resolveTheme(this.theme, this.systemDark));

  constructor(private store: KeyValueStore) {
    const p = loadPrefs(store);
    this.theme = p.theme;
    this.sidebarOpen = p.sidebarOpen;
    this.sidebarWidth = p.sidebarWidth;
    this.welcomed = p.welcomed;
  }

  save(): void {
    const data: PrefsData = { theme: this.theme, sidebarOpen: this.sidebarOpen, sidebarWidth: clampWidth(this.sidebarWidth), welcomed: this.welcomed };
    try {
      this.store.setItem(PREFS_KEY, JSON.stringify(data));
    } catch {
      // storage full or disabled: the preference holds for this page only
    }
  }
}
