/**
 * Vite build of the browser workbench.
 *
 * - Everything is self-hosted: DuckDB-WASM (EH bundle only; every browser we target has wasm
 *   exception handling, so the 39 MB MVP bundle is not shipped), Monaco's editor worker and the
 *   Kusto parser (inside our KQL worker).
 * - `datasets/<name>/` (catalog.json + a DuckDB database file or Arrow IPC files + a scenario's
 *   questions.json) is served under
 *   `datasets/` in dev (with HTTP range requests, which DuckDB-WASM uses to read a database file
 *   lazily) and copied into the build, with a generated `datasets/index.json` listing the datasets.
 * - The built `index.html` carries a Content-Security-Policy allowing only the page's own origin.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import zlib from 'node:zlib';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig, type Plugin } from 'vite';
import { patchDuckdbWorker } from './src/engine/duckdb-worker-patch.ts';
import { trimDuckdbWasm } from './src/engine/duckdb-wasm-exports.ts';

const root = path.dirname(new URL(import.meta.url).pathname);
// HB_DATASETS_DIR points the dev server and the build at another datasets folder (tests, scratch)
const datasetsDir = path.resolve(process.env.HB_DATASETS_DIR ?? path.join(root, 'datasets'));

interface DatasetEntry {
  name: string;
  description?: string;
  tables: number;
  rows: number;
  /**
   * SHA-256 of the files the dataset ships (names and bytes): the page restores a tab's last result
   * from an earlier visit only while this is unchanged (state/result-cache.ts).
   */
  contentHash: string;
}

/** Content hashes by file, reused while a file's size and modification time are unchanged (the dev server lists datasets per request). */
const fileHashes = new Map<string, { stamp: string; hash: string }>();

function datasetHash(dir: string, files: string[]): string {
  const all = crypto.createHash('sha256');
  for (const f of files) {
    const p = path.join(dir, f);
    let one = 'missing';
    if (fs.existsSync(p)) {
      const st = fs.statSync(p);
      const stamp = `${st.size}:${st.mtimeMs}`;
      const known = fileHashes.get(p);
      if (known?.stamp === stamp) one = known.hash;
      else {
        one = crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex');
        fileHashes.set(p, { stamp, hash: one });
      }
    }
    all.update(`${f}\0${one}\0`);
  }
  return all.digest('hex');
}

/** The datasets that have a catalog.json (only those are served or shipped). */
function listDatasets(): { entry: DatasetEntry; dir: string; files: string[] }[] {
  if (!fs.existsSync(datasetsDir)) return [];
  const out: { entry: DatasetEntry; dir: string; files: string[] }[] = [];
  for (const name of fs.readdirSync(datasetsDir).sort()) {
    const dir = path.join(datasetsDir, name);
    const catPath = path.join(dir, 'catalog.json');
    if (!fs.existsSync(catPath)) continue;
    try {
      const cat = JSON.parse(fs.readFileSync(catPath, 'utf8'));
      const tables = (cat.tables ?? []) as { file?: string; rowCount?: number }[];
      // a scenario dataset also ships its practice questions (salted answer hashes, no answers)
      const extra = fs.existsSync(path.join(dir, 'questions.json')) ? ['questions.json'] : [];
      const files = ['catalog.json', ...extra, ...(cat.database ? [cat.database as string] : []), ...tables.map((t) => t.file).filter((f): f is string => !!f)];
      out.push({
        entry: {
          name,
          description: cat.description,
          tables: tables.length,
          rows: tables.reduce((s, t) => s + (t.rowCount ?? 0), 0),
          contentHash: datasetHash(dir, files),
        },
        dir,
        files,
      });
    } catch {
      // a half-written catalog (generator running) is skipped, not fatal
    }
  }
  // the built-in lab first
  return out.sort((a, b) => (a.entry.name === 'lab' ? -1 : b.entry.name === 'lab' ? 1 : a.entry.name.localeCompare(b.entry.name)));
}

/** Serves `datasets/` (index.json and the files, with HTTP range requests) from datasetsDir. */
function serveDatasets(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  const url = decodeURIComponent((req.url ?? '').split('?')[0]);
  const m = /\/datasets\/(.*)$/.exec(url);
  if (!m) {
    next();
    return;
  }
  if (m[1] === 'index.json') {
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify(listDatasets().map((d) => d.entry)));
    return;
  }
  const file = path.normalize(path.join(datasetsDir, m[1]));
  if (!file.startsWith(datasetsDir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    res.statusCode = 404;
    res.end('not found');
    return;
  }
  res.setHeader('Content-Type', file.endsWith('.json') ? 'application/json' : 'application/octet-stream');
  res.setHeader('Accept-Ranges', 'bytes');
  const size = fs.statSync(file).size;
  const range = /^bytes=(\d*)-(\d*)$/.exec(String(req.headers.range ?? ''));
  if (range && (range[1] || range[2])) {
    // a suffix range (`-N`) is the last N bytes
    const start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
    const end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
    if (start > end || start >= size) {
      res.statusCode = 416;
      res.setHeader('Content-Range', `bytes */${size}`);
      res.end();
      return;
    }
    res.statusCode = 206;
    res.setHeader('Content-Range', `bytes ${start}-${end}/${size}`);
    res.setHeader('Content-Length', String(end - start + 1));
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    fs.createReadStream(file, { start, end }).pipe(res);
    return;
  }
  res.setHeader('Content-Length', String(size));
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  fs.createReadStream(file).pipe(res);
}

function datasetsPlugin(): Plugin {
  return {
    name: 'huntbench-datasets',
    configureServer(server) {
      server.middlewares.use(serveDatasets);
    },
    // `vite preview` with HB_DATASETS_DIR serves that folder's datasets instead of the built copies
    // (the scale benchmark: datasets too big to copy into dist/)
    configurePreviewServer(server) {
      if (process.env.HB_DATASETS_DIR) server.middlewares.use(serveDatasets);
    },
    generateBundle() {
      const sets = listDatasets();
      this.emitFile({ type: 'asset', fileName: 'datasets/index.json', source: JSON.stringify(sets.map((d) => d.entry)) });
      for (const d of sets) {
        for (const f of d.files) {
          const p = path.join(d.dir, f);
          if (!fs.existsSync(p)) this.error(`dataset ${d.entry.name}: missing ${f}`);
          this.emitFile({ type: 'asset', fileName: `datasets/${d.entry.name}/${f}`, source: fs.readFileSync(p) });
        }
      }
    },
  };
}

/**
 * `vite preview` (the built site, as deployed): files under /assets/ carry a content hash in their
 * names, so they are served as immutable and a revisit reads them from the browser's cache without
 * asking the server again (vite's own default is `no-cache`: one revalidation per file per visit).
 * index.html and the datasets keep revalidating. A static host serving dist/ should do the same.
 */
function immutableAssetsPlugin(): Plugin {
  const IMMUTABLE = 'public, max-age=31536000, immutable';
  return {
    name: 'huntbench-immutable-assets',
    configurePreviewServer(server) {
      server.middlewares.use((req, res, next) => {
        if (/^\/assets\/[^?]*-[A-Za-z0-9_-]{8}\.[a-z0-9]+(\?|$)/.test(req.url ?? '')) res.setHeader('Cache-Control', IMMUTABLE);
        next();
      });
    },
  };
}
/**
 * Compressed copies of the build's files, made once at build time: `assets/X.js.gz` next to
 * `assets/X.js` (scripts, styles, JSON, and DuckDB's wasm module) and `datasets/<name>/T.arrow.gz`
 * next to each dataset file (Arrow tables, catalogs; files of 1 KB or more; not DuckDB database
 * files, which are read by range requests). `vite preview` sends the `.gz` copy to a browser that
 * accepts gzip, with `Content-Encoding: gzip`. For the text files, the bytes it sends are those it
 * sent before (gzip at the same level), but it no longer compresses every request anew. On a first
 * visit that was ~0.2 s of the server's CPU for the KQL worker's 5.4 MB alone, and ~0.2 s more for
 * the lab's tables, taken from the same two cores as the page and delaying the parser's start-up.
 * The wasm module (27 MB; vite preview never compressed it) goes out as 6.7 MB: on a first visit
 * its transfer through the browser's network stack, not its compile, was most of the ~1 s before
 * DuckDB could be instantiated (a worker's `fetch` + `arrayBuffer` of it took about as long as its
 * `compileStreaming`); gzipped, a worker's fetch + `compileStreaming` of it took 0.6 s instead of
 * 1.0–1.2 s (docs/benchmarks.md). Dataset revalidations (conditional
 * requests) are left to vite preview (304 Not Modified); range requests too. A static host serving
 * dist/ should do the same (nginx `gzip_static on`, or any precompressed-file option, with the
 * wasm's `application/wasm` type kept).
 */
function precompressedPlugin(): Plugin {
  const COMPRESSIBLE = /^(assets\/[^/]+\.(js|css|json|wasm)|datasets\/.+\.(arrow|json))$/;
  const TYPES: Record<string, string> = { js: 'text/javascript', css: 'text/css', json: 'application/json', wasm: 'application/wasm' };
  let outDir = '';
  return {
    name: 'huntbench-precompressed',
    configResolved(c) {
      outDir = path.resolve(c.root, c.build.outDir);
    },
    async writeBundle(_options, bundle) {
      const files = Object.keys(bundle).filter((f) => COMPRESSIBLE.test(f));
      await Promise.all(
        files.map(async (f) => {
          const full = path.join(outDir, f);
          const bytes = await fs.promises.readFile(full);
          if (bytes.length < 1024) return;
          // level 6: zlib's default, as vite preview's own compression
          const gz = await new Promise<Buffer>((resolve, reject) => zlib.gzip(bytes, { level: 6 }, (e, r) => (e ? reject(e) : resolve(r))));
          await fs.promises.writeFile(`${full}.gz`, gz);
        }),
      );
    },
    configurePreviewServer(server) {
      const dir = path.resolve(server.config.root, server.config.build.outDir);
      server.middlewares.use((req, res, next) => {
        const rel = decodeURIComponent((req.url ?? '').split('?')[0]).replace(/^\//, '');
        const conditional = req.headers['if-none-match'] || req.headers['if-modified-since'];
        if ((req.method !== 'GET' && req.method !== 'HEAD') || req.headers.range || conditional || !COMPRESSIBLE.test(rel) || rel.includes('..')) return next();
        if (!/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) return next();
        const file = path.join(dir, rel);
        if (!fs.existsSync(`${file}.gz`) || !fs.existsSync(file)) return next();
        const ext = rel.slice(rel.lastIndexOf('.') + 1);
        const type = rel.startsWith('assets/') || ext === 'json' ? TYPES[ext] : '';
        const st = fs.statSync(file);
        res.setHeader('Content-Type', type);
        res.setHeader('Content-Encoding', 'gzip');
        const vary = res.getHeader('Vary');
        res.setHeader('Vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
        res.setHeader('Content-Length', String(fs.statSync(`${file}.gz`).size));
        // the validators vite preview gives the file (datasets revalidate on each visit)
        res.setHeader('Last-Modified', st.mtime.toUTCString());
        res.setHeader('ETag', `W/"${st.size}-${st.mtime.getTime()}"`);
        if (!res.getHeader('Cache-Control')) res.setHeader('Cache-Control', 'no-cache');
        if (req.method === 'HEAD') return void res.end();
        fs.createReadStream(`${file}.gz`).pipe(res);
      });
    },
  };
}

/**
 * DuckDB-WASM's browser worker script, patched (src/engine/duckdb-worker-patch.ts: its emscripten
 * glue no longer goes over all 75,011 exports at instantiation), and its wasm module with only the
 * exports that glue reads (src/engine/duckdb-wasm-exports.ts: 150 of 75,011; instantiating makes
 * an object per export): `engine/duckdb-worker.ts`'s `?url` imports of the two resolve to these
 * copies, emitted as hashed assets by the build and served from memory by the dev server.
 */
function duckdbWorkerPlugin(): Plugin {
  let serve = false;
  let code: string | null = null;
  let wasm: Uint8Array | null = null;
  const dist = (file: string) => path.join(root, 'node_modules/@duckdb/duckdb-wasm/dist', file);
  const patched = () => (code ??= patchDuckdbWorker(fs.readFileSync(dist('duckdb-browser-eh.worker.js'), 'utf8')));
  const trimmed = () => (wasm ??= trimDuckdbWasm(fs.readFileSync(dist('duckdb-eh.wasm')), patched()).wasm);
  // each: the import it replaces, its virtual module id, the dev server's path, the asset's name,
  // its content type and its content
  const assets = [
    { name: 'duckdb-browser-eh.worker.js', id: '\0hb-duckdb-worker-url', type: 'text/javascript', source: patched },
    { name: 'duckdb-eh.wasm', id: '\0hb-duckdb-wasm-url', type: 'application/wasm', source: trimmed },
  ].map((a) => ({ ...a, importId: `@duckdb/duckdb-wasm/dist/${a.name}?url`, devPath: `/@hb/${a.name}` }));
  return {
    name: 'huntbench-duckdb-worker',
    enforce: 'pre',
    configResolved(c) {
      serve = c.command === 'serve';
    },
    resolveId(id) {
      return assets.find((a) => a.importId === id)?.id;
    },
    load(id) {
      const a = assets.find((x) => x.id === id);
      if (!a) return undefined;
      if (serve) return `export default ${JSON.stringify(a.devPath)};`;
      const ref = this.emitFile({ type: 'asset', name: a.name, source: a.source() });
      return `export default import.meta.ROLLUP_FILE_URL_${ref};`;
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const a = assets.find((x) => x.devPath === (req.url ?? '').split('?')[0]);
        if (!a) return next();
        res.setHeader('Content-Type', a.type);
        res.end(a.source());
      });
    },
  };
}

/** Workers come from our own origin; Monaco injects styles at run time, hence 'unsafe-inline' for styles only. */
const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

function cspPlugin(): Plugin {
  return {
    name: 'huntbench-csp',
    apply: 'build',
    transformIndexHtml(html) {
      return html.replace('<!--CSP-->', `<meta http-equiv="Content-Security-Policy" content="${CSP}">`);
    },
  };
}

/**
 * src/boot.ts (the page's script) starts DuckDB's worker, then imports main.ts. The browser learns
 * of main.ts's chunks only when boot.ts runs; modulepreload links in the HTML fetch them in parallel
 * with boot.ts instead.
 */
function preloadMainPlugin(): Plugin {
  return {
    name: 'huntbench-preload-main',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle) return html;
        const main = Object.values(bundle).find((c) => c.type === 'chunk' && c.facadeModuleId?.endsWith('/src/main.ts'));
        if (!main || main.type !== 'chunk') return html;
        const files = new Set<string>();
        const add = (name: string) => {
          const c = bundle[name];
          if (!c || c.type !== 'chunk' || files.has(name)) return;
          files.add(name);
          for (const i of c.imports) add(i);
        };
        add(main.fileName);
        const links = [...files]
          .filter((f) => !html.includes(`/${f}"`))
          .map((f) => `<link rel="modulepreload" crossorigin href="./${f}">`)
          .join('\n    ');
        return html.replace('</head>', `  ${links}\n  </head>`);
      },
    },
  };
}

/**
 * A first visit's default query without waiting for the Kusto parser (state/compile-cache.ts):
 * the real compiler compiles the default query's blocks against the lab dataset's catalog at build
 * time (state/prebuilt-compiles.ts, loaded through tsx), and index.html carries them as a JSON data
 * block with the KQL worker bundle's file name (its content hash names the compiler's build), so
 * the page serves them only to that worker, whose compiler checks them after start-up.
 */
function prebuiltCompilesPlugin(): Plugin {
  return {
    name: 'huntbench-prebuilt-compiles',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      async handler(html, ctx) {
        const catPath = path.join(datasetsDir, 'lab', 'catalog.json');
        if (!ctx.bundle || !fs.existsSync(catPath)) return html;
        // the KQL worker (src/kql/worker.ts) is the only bundle named worker-<hash>.js; the chunk
        // holding worker-client.ts must refer to exactly that file
        const workers = Object.keys(ctx.bundle).filter((f) => /^assets\/worker-[\w-]+\.js$/.test(f));
        const client = Object.values(ctx.bundle).find((c) => c.type === 'chunk' && c.moduleIds.some((m) => m.endsWith('/src/kql/worker-client.ts')));
        const worker = workers.length === 1 ? workers[0] : undefined;
        if (!worker || !client || client.type !== 'chunk' || !client.code.includes(path.basename(worker))) {
          throw new Error(`prebuilt compiles: cannot tell the KQL worker bundle (candidates: ${workers.join(', ') || 'none'})`);
        }
        const { tsImport } = await import('tsx/esm/api');
        const mod = await tsImport(pathToFileURL(path.join(root, 'src/state/prebuilt-compiles.ts')).href, import.meta.url);
        const entries = mod.prebuiltCompiles(JSON.parse(fs.readFileSync(catPath, 'utf8'))).map((e: object) => ({ worker, ...e }));
        const json = JSON.stringify(entries).replace(/</g, '\\u003c');
        return html.replace('</head>', `  <script type="application/json" id="hb-prebuilt-compiles">${json}</script>\n  </head>`);
      },
    },
  };
}

export default defineConfig({
  base: './',
  plugins: [duckdbWorkerPlugin(), svelte(), datasetsPlugin(), cspPlugin(), preloadMainPlugin(), prebuiltCompilesPlugin(), immutableAssetsPlugin(), precompressedPlugin()],
  publicDir: false,
  // Workers' output escapes non-ASCII characters (the compiler's messages, Kusto's tables): a
  // source that is all ASCII is read as one-byte text, which halves the KQL worker's script read on
  // a first visit (59 → 35 ms of its thread's CPU, bin/trace-kql-worker.mjs; docs/workbench.md).
  worker: { format: 'es', rolldownOptions: { output: { charset: 'ascii' } } },
  optimizeDeps: {
    include: [
      '@kusto/language-service-next/bridge.min.js',
      '@kusto/language-service-next/Kusto.Language.Bridge.min.js',
      'monaco-editor/esm/vs/editor/edcore.main.js',
      'monaco-editor/esm/vs/editor/editor.api.js',
    ],
    exclude: ['@duckdb/duckdb-wasm'],
  },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 8000,
    sourcemap: false,
  },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
