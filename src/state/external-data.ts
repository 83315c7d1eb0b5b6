/**
 * Local copies of externaldata URLs in the browser: the user picks or drops a file for a URL
 * once, and it is remembered in this browser (localStorage, per URL) so the query runs next time.
 * Nothing is ever fetched.
 */
const KEY = 'huntbench.externaldata.v1';

export interface ExternalCopy {
  /** File text. */
  text: string;
  /** Name of the file it came from. */
  file: string;
  savedAt: number;
  /** Set when the copy came from a query pack's attachments (its name): a copy the user picked is never replaced by a pack's. */
  fromPack?: string;
}

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export function loadCopies(): Record<string, ExternalCopy> {
  const raw = storage()?.getItem(KEY);
  if (!raw) return {};
  try {
    const o = JSON.parse(raw) as Record<string, ExternalCopy>;
    return o && typeof o === 'object' ? o : {};
  } catch {
    return {};
  }
}

/** Saves a copy; returns false when the browser refused it (storage full): it then lasts this session only. */
export function saveCopy(all: Record<string, ExternalCopy>, url: string, copy: ExternalCopy): boolean {
  all[url] = copy;
  try {
    storage()?.setItem(KEY, JSON.stringify(all));
    return true;
  } catch {
    return false;
  }
}

export function removeCopy(all: Record<string, ExternalCopy>, url: string): void {
  delete all[url];
  try {
    storage()?.setItem(KEY, JSON.stringify(all));
  } catch {
    // nothing to do: the copy is gone from this session either way
  }
}

/** The copies a query can use: those whose URL appears in its text. */
export function copiesFor(kql: string, all: Record<string, ExternalCopy>): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  let any = false;
  for (const [url, c] of Object.entries(all)) {
    if (kql.includes(url)) {
      out[url] = c.text;
      any = true;
    }
  }
  return any ? out : undefined;
}

/**
 * Remembers a pack's attachments as local copies, like picked files: a URL without a copy gets the
 * pack's, and a copy an earlier pack gave is replaced; a copy the user picked stays. Returns the
 * URLs saved (and whether the browser stored them all for next time).
 */
export function savePackCopies(all: Record<string, ExternalCopy>, attachments: readonly { url: string; name: string; text: string }[], packName: string): { saved: string[]; kept: boolean } {
  const saved: string[] = [];
  let kept = true;
  for (const a of attachments) {
    const had = all[a.url];
    if (had && had.fromPack === undefined) continue;
    if (had && had.text === a.text && had.fromPack === packName) continue;
    if (!saveCopy(all, a.url, { text: a.text, file: a.name, savedAt: Date.now(), fromPack: packName })) kept = false;
    saved.push(a.url);
  }
  return { saved, kept };
}
