/**
 * A folder the user picked or dropped, read as datasets (the rules are in the README):
 * - a folder holding `catalog.json` is one dataset, as `huntbench generate` writes it: a DuckDB
 *   database file (attached, read block by block) or Arrow IPC files (loaded), named after the
 *   folder with a trailing slash (`big/`);
 * - every other `.duckdb` file is a dataset of its own, typed from the file (like a picked file),
 *   named by its path in the folder (`exports/hunt.duckdb`);
 * - anything else is ignored (and counted), and a catalog that cannot be used is reported with
 *   its reason while the folder's other datasets are still offered.
 */
import type { Catalog } from '../catalog/types.ts';

export interface FolderFile {
  /** Path inside the picked folder, '/'-separated, starting with the folder's own name. */
  path: string;
  file: Blob;
}

export type LocalDataset =
  | { kind: 'bare'; name: string; file: Blob; bytes: number }
  | { kind: 'database'; name: string; catalog: Catalog; file: Blob; bytes: number }
  | { kind: 'arrow'; name: string; catalog: Catalog; files: Map<string, Blob>; bytes: number };

export interface FolderScan {
  datasets: LocalDataset[];
  /** Why a catalog folder was not offered ("big/catalog.json: names lab.duckdb, which is not in the folder"). */
  problems: string[];
  /** Files that are no dataset and belong to none. */
  ignored: number;
}

const dirOf = (p: string) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');

export async function scanFolder(files: readonly FolderFile[]): Promise<FolderScan> {
  const byDir = new Map<string, Map<string, Blob>>();
  for (const f of files) {
    const dir = dirOf(f.path);
    const base = f.path.slice(dir ? dir.length + 1 : 0);
    if (!byDir.has(dir)) byDir.set(dir, new Map());
    byDir.get(dir)!.set(base, f.file);
  }
  const datasets: LocalDataset[] = [];
  const problems: string[] = [];
  const used = new Set<string>();
  for (const dir of [...byDir.keys()].sort()) {
    const inDir = byDir.get(dir)!;
    const catFile = inDir.get('catalog.json');
    if (!catFile) continue;
    used.add(join(dir, 'catalog.json'));
    const where = join(dir, 'catalog.json');
    let cat: Catalog;
    try {
      cat = JSON.parse(await catFile.text()) as Catalog;
      if (!cat || typeof cat !== 'object' || !Array.isArray(cat.tables)) throw new Error('it has no tables list');
    } catch (e) {
      problems.push(`${where}: not a dataset catalog (${(e as Error).message})`);
      continue;
    }
    const name = `${dir || '.'}/`;
    if (cat.database) {
      const db = inDir.get(cat.database);
      if (!db) {
        problems.push(`${where}: names the database ${cat.database}, which is not in the folder`);
        continue;
      }
      used.add(join(dir, cat.database));
      datasets.push({ kind: 'database', name, catalog: cat, file: db, bytes: db.size });
      continue;
    }
    const tableFiles = new Map<string, Blob>();
    const missing: string[] = [];
    for (const t of cat.tables) {
      if (!t.file) continue;
      const b = inDir.get(t.file);
      if (b) tableFiles.set(t.file, b);
      else missing.push(t.file);
    }
    if (missing.length) {
      problems.push(`${where}: names ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ` and ${missing.length - 3} more` : ''}, not in the folder`);
      continue;
    }
    if (!tableFiles.size) {
      problems.push(`${where}: names neither a database nor table files`);
      continue;
    }
    for (const f of tableFiles.keys()) used.add(join(dir, f));
    datasets.push({ kind: 'arrow', name, catalog: cat, files: tableFiles, bytes: [...tableFiles.values()].reduce((s, b) => s + b.size, 0) });
  }
  let ignored = 0;
  for (const f of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    if (used.has(f.path)) continue;
    // files that belong to a catalog folder (questions.json, a scenario's notes) are not "ignored"
    if (byDir.get(dirOf(f.path))?.has('catalog.json')) continue;
    if (/\.duckdb$/i.test(f.path)) datasets.push({ kind: 'bare', name: f.path, file: f.file, bytes: f.file.size });
    else ignored++;
  }
  return { datasets, problems, ignored };
}

function join(dir: string, base: string): string {
  return dir ? `${dir}/${base}` : base;
}

/** The files of a dropped folder (a FileSystemDirectoryEntry), with their paths; depth-first. */
export async function filesOfEntry(entry: FileSystemEntry, prefix = ''): Promise<FolderFile[]> {
  const path = prefix ? `${prefix}/${entry.name}` : entry.name;
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    return [{ path, file }];
  }
  if (!entry.isDirectory) return [];
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const children: FileSystemEntry[] = [];
  // readEntries returns the entries in batches (100 in Chromium) until an empty one
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (!batch.length) break;
    children.push(...batch);
  }
  const out: FolderFile[] = [];
  for (const c of children) out.push(...(await filesOfEntry(c, path)));
  return out;
}
