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
