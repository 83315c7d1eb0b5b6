/**
 * The hunt window behind Microsoft Sentinel's `{{StartTimeISO}}` / `{{EndTimeISO}}` placeholders
 * (filled by lower/placeholders.ts). Plain functions without imports: the workbench's main thread
 * uses them to show the window, without loading the compiler.
 */

/** The time range `{{StartTimeISO}}` .. `{{EndTimeISO}}` stand for (ISO-8601 UTC). */
export interface HuntWindow {
  from: string;
  to: string;
}

/** The names filled, with the end of the window each one is. */
export const PLACEHOLDERS: Record<string, keyof HuntWindow> = { StartTimeISO: 'from', EndTimeISO: 'to' };

/** `{{Name}}`: what a placeholder looks like (global: use with replace, or reset lastIndex). */
export const PLACEHOLDER = /\{\{([A-Za-z_][A-Za-z0-9_]*)\}\}/g;

/** The window used when the caller gives none: the 30 days before now. */
export const DEFAULT_HUNT_DAYS = 30;

/** Whether the query text holds anything of the form `{{Name}}` (a cheap test before the tree walk). */
export function mentionsPlaceholder(kql: string): boolean {
  PLACEHOLDER.lastIndex = 0;
  return PLACEHOLDER.test(kql);
}

/**
 * The default hunt window, DEFAULT_HUNT_DAYS days up to `nowIso` (ISO-8601 UTC), as ISO text;
 * null when `nowIso` is not a time. The workbench shows it; the compiler uses it when given none.
 */
export function defaultHuntWindow(nowIso: string): HuntWindow | null {
  const end = Date.parse(nowIso);
  if (Number.isNaN(end)) return null;
  const from = new Date(end - DEFAULT_HUNT_DAYS * 86_400_000).toISOString().replace('.000Z', 'Z');
  return { from, to: nowIso };
}
