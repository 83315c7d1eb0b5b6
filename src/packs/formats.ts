/**
 * Other pack shapes, both ways, losing nothing that maps:
 *
 * - Log Analytics query packs: `{name, queries: [{properties: {displayName, description, body,
 *   related: {categories}, tags: {key: [values]}}}]}` (flat query objects are read too). Tactics
 *   and techniques travel as the `tactics`/`techniques` tag keys, huntbench tags as `labels`.
 * - Microsoft Sentinel hunting-query YAML: `id, name, description, requiredDataConnectors, tactics,
 *   relevantTechniques, query, entityMappings, tags, version`; one query per document, a pack is
 *   a multi-document stream.
 *
 * What those formats cannot hold (parameters, tests, pack metadata, our query ids) rides in an
 * `x-huntbench` field, so export → import gives back the identical pack. Every import ends in
 * `validatePack`, the same gate a huntbench file goes through.
 */
import { parseAllDocuments, stringify } from 'yaml';
import { parsePackJson, serializePack, validatePack } from './validate.ts';
import { type JsonValue, PACK_FORMAT, PACK_FORMAT_VERSION, type Pack, type PackQuery, type PackResult } from './types.ts';
import { parseJsonWithPositions, JsonSyntaxError } from './json.ts';

export type PackSource = 'huntbench' | 'log-analytics' | 'sentinel';
export type ImportResult = PackResult & { source?: PackSource };

const GUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
type Obj = Record<string, JsonValue>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const strs = (v: JsonValue | undefined): string[] | undefined => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined);
const nonEmpty = <T>(a: T[] | undefined): a is T[] => !!a && a.length > 0;

/** A stable GUID for a non-GUID id (Sentinel and Log Analytics want GUIDs): FNV-1a ×4, shaped. */
export function stableGuid(seed: string): string {
  let hex = '';
  for (let k = 0; k < 4; k++) {
    let h = 0x811c9dc5 ^ k;
    for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193) >>> 0;
    hex += h.toString(16).padStart(8, '0');
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const slug = (s: string, fallback: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80) || fallback;

function packMeta(p: Pack): Obj {
  const m: Obj = { id: p.id, name: p.name, version: p.version };
  for (const k of ['author', 'description', 'licence', 'dataset'] as const) if (p[k] !== undefined) m[k] = p[k]!;
  if (p.credits) m.credits = p.credits;
  if (p.attachments) m.attachments = p.attachments as unknown as JsonValue;
  return m;
}

function extras(q: PackQuery, keys: (keyof PackQuery)[]): Obj {
  const x: Obj = { id: q.id };
  for (const k of keys) if (q[k] !== undefined) x[k] = q[k] as unknown as JsonValue;
  return x;
}

// ------------------------------------------------------------------ Log Analytics query pack

export function toLogAnalytics(p: Pack): Obj {
  return {
    name: p.name,
    properties: { 'x-huntbench': packMeta(p) },
    queries: p.queries.map((q) => {
      const tags: Obj = {};
      if (nonEmpty(q.tags)) tags.labels = q.tags;
      if (nonEmpty(q.tactics)) tags.tactics = q.tactics;
      if (nonEmpty(q.techniques)) tags.techniques = q.techniques;
      const props: Obj = { displayName: q.displayName };
      if (q.description !== undefined) props.description = q.description;
      props.body = q.body;
      if (q.categories) props.related = { categories: q.categories };
      props.tags = tags;
      props['x-huntbench'] = extras(q, ['requiredTables', 'parameters', 'entityMappings', 'tests', 'dataConnectors', 'credit', 'references', 'version']);
      // tags that were an empty list stay distinguishable from absent ones
      for (const k of ['tags', 'tactics', 'techniques'] as const) if (q[k] && !q[k]!.length) (props['x-huntbench'] as Obj)[`empty-${k}`] = true;
      return { id: GUID_RE.test(q.id) ? q.id : stableGuid(`${p.id}/${q.id}`), properties: props };
    }),
  };
}

function fromLogAnalytics(o: Obj, fileName: string): JsonValue {
  const meta = isObj(o.properties) && isObj(o.properties['x-huntbench']) ? o.properties['x-huntbench'] : {};
  const list = Array.isArray(o.queries) ? o.queries : Array.isArray(o.value) ? o.value : [o];
  const queries = list.map((item, i) => {
    if (!isObj(item)) return item; // validation reports it
    const props = isObj(item.properties) ? item.properties : item;
    const x = isObj(props['x-huntbench']) ? props['x-huntbench'] : {};
    const tagMap = isObj(props.tags) ? props.tags : {};
    const q: Obj = {
      id: typeof x.id === 'string' ? x.id : typeof item.id === 'string' ? item.id : typeof item.name === 'string' ? item.name : slug(String(props.displayName ?? ''), `query-${i + 1}`),
      displayName: props.displayName ?? null,
    };
    if (props.description !== undefined) q.description = props.description;
    q.body = props.body ?? null;
    const labels = strs(tagMap.labels) ?? [];
    // any other tag key keeps its values as "key:value" labels
    for (const [k, v] of Object.entries(tagMap)) {
      if (['labels', 'tactics', 'techniques'].includes(k)) continue;
      for (const s of strs(v) ?? []) labels.push(`${k}:${s}`);
    }
    if (labels.length || x['empty-tags']) q.tags = labels;
    if (tagMap.tactics !== undefined || x['empty-tactics']) q.tactics = tagMap.tactics ?? [];
    if (tagMap.techniques !== undefined || x['empty-techniques']) q.techniques = tagMap.techniques ?? [];
    if (isObj(props.related) && props.related.categories !== undefined) q.categories = props.related.categories;
    for (const [k, v] of Object.entries(x)) if (k !== 'id' && !k.startsWith('empty-')) q[k] = v;
    return q;
  });
  return {
    format: PACK_FORMAT,
    formatVersion: PACK_FORMAT_VERSION,
    id: typeof meta.id === 'string' ? meta.id : slug(typeof o.name === 'string' ? o.name : fileName.replace(/\.[^.]+$/, ''), 'imported-pack'),
    name: meta.name ?? (typeof o.name === 'string' ? o.name : fileName),
    version: meta.version ?? '1.0.0',
    ...Object.fromEntries(Object.entries(meta).filter(([k]) => !['id', 'name', 'version'].includes(k))),
    queries,
  };
}

// ------------------------------------------------------------------ Sentinel hunting YAML

const CONNECTOR_OF: [RegExp, string][] = [
  [/^(SigninLogs|AuditLogs|AADUserRiskEvents|AADNonInteractiveUserSignInLogs)$/, 'AzureActiveDirectory'],
  [/^SecurityEvent$/, 'SecurityEvents'],
  [/^SecurityAlert$/, 'MicrosoftThreatProtection'],
  [/^(Device|Alert|Email|Identity|CloudApp|UrlClick|AAD)/, 'MicrosoftThreatProtection'],
];
export const connectorOf = (table: string): string => CONNECTOR_OF.find(([re]) => re.test(table))?.[1] ?? 'huntbench-lab';

function connectorsFor(tables: string[]): { connectorId: string; dataTypes: string[] }[] {
  const by = new Map<string, string[]>();
  for (const t of tables) {
    const c = connectorOf(t);
    by.set(c, [...(by.get(c) ?? []), t]);
  }
  return [...by].map(([connectorId, dataTypes]) => ({ connectorId, dataTypes }));
}

export function toSentinelDocs(p: Pack): Obj[] {
  return p.queries.map((q, i) => {
    const d: Obj = { id: GUID_RE.test(q.id) ? q.id : stableGuid(`${p.id}/${q.id}`), name: q.displayName };
    if (q.description !== undefined) d.description = q.description;
    const derived = !q.dataConnectors && !!q.requiredTables;
    if (q.dataConnectors) d.requiredDataConnectors = q.dataConnectors as unknown as JsonValue;
    else if (q.requiredTables) d.requiredDataConnectors = connectorsFor(q.requiredTables);
    if (q.tactics) d.tactics = q.tactics;
    if (q.techniques) d.relevantTechniques = q.techniques;
    d.query = q.body;
    if (q.entityMappings) d.entityMappings = q.entityMappings as unknown as JsonValue;
    if (q.tags) d.tags = q.tags;
    if (q.version !== undefined) d.version = q.version;
    const x = extras(q, ['parameters', 'tests', 'categories', 'credit', 'references', ...(q.dataConnectors ? (['requiredTables'] as const) : [])]);
    if (derived) x.connectorsFromTables = true;
    if (i === 0) x.pack = packMeta(p);
    d['x-huntbench'] = x;
    return d;
  });
}

/** A pack as a Sentinel hunting-query YAML stream (one document per query). */
export function toSentinelYaml(p: Pack): string {
  return toSentinelDocs(p)
    .map((d) => stringify(d, { lineWidth: 0, blockQuote: 'literal' }))
    .join('---\n');
}

function fromSentinelDocs(docs: Obj[], fileName: string): JsonValue {
  let meta: Obj = {};
  const queries = docs.map((d, i) => {
    const x = isObj(d['x-huntbench']) ? d['x-huntbench'] : {};
    if (isObj(x.pack)) meta = x.pack;
    const q: Obj = {
      id: typeof x.id === 'string' ? x.id : typeof d.id === 'string' ? d.id : slug(String(d.name ?? ''), `query-${i + 1}`),
      displayName: d.name ?? null,
    };
    if (d.description !== undefined) q.description = typeof d.description === 'string' ? d.description.replace(/\n$/, '') : d.description;
    q.body = typeof d.query === 'string' ? d.query.replace(/\n$/, '') : (d.query ?? null);
    if (d.tags !== undefined) q.tags = d.tags;
    if (d.tactics !== undefined) q.tactics = d.tactics;
    if (d.relevantTechniques !== undefined) q.techniques = d.relevantTechniques;
    if (Array.isArray(d.requiredDataConnectors)) {
      const tables = d.requiredDataConnectors.flatMap((c) => (isObj(c) ? (strs(c.dataTypes) ?? []) : [])).filter((t) => /^[A-Za-z_]\w*$/.test(t));
      if (x.requiredTables === undefined) q.requiredTables = [...new Set(tables)];
      if (!x.connectorsFromTables) q.dataConnectors = d.requiredDataConnectors;
    }
    if (d.entityMappings !== undefined) q.entityMappings = d.entityMappings;
    if (d.version !== undefined) q.version = String(d.version);
    for (const [k, v] of Object.entries(x)) if (!['id', 'pack', 'connectorsFromTables'].includes(k)) q[k] = v;
    return q;
  });
  const base = fileName.replace(/\.[^.]+$/, '');
  return {
    format: PACK_FORMAT,
    formatVersion: PACK_FORMAT_VERSION,
    id: meta.id ?? slug(base, 'imported-pack'),
    name: meta.name ?? base,
    version: meta.version ?? '1.0.0',
    ...Object.fromEntries(Object.entries(meta).filter(([k]) => !['id', 'name', 'version'].includes(k))),
    queries,
  };
}

// ------------------------------------------------------------------ one entry point for files

const fail = (message: string, line?: number, column?: number): ImportResult => ({
  ok: false,
  errors: [{ path: '', message, severity: 'error', ...(line !== undefined && { line, column }) }],
  warnings: [],
});

/** 1-based line and column of a character offset (a leading byte order mark is not a column). */
function lineColumnAt(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  const last = lines[lines.length - 1] ?? '';
  const col = last.length + 1 - (lines.length === 1 && last.startsWith('\uFEFF') ? 1 : 0);
  return { line: lines.length, col };
}

const withSource = (r: PackResult, source: PackSource): ImportResult => ({ ...r, source });

/**
 * Reads a pack file of any supported shape: huntbench JSON (or YAML), a Log Analytics query pack
 * (JSON), Sentinel hunting YAML (one or several documents).
 */
export function importPackText(fileName: string, text: string): ImportResult {
  if (text.length > 5_000_000) return fail(`the file is ${text.length.toLocaleString('en')} characters, more than the limit of 5,000,000`);
  const head = text.replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('{') || head.startsWith('[') || /\.json$/i.test(fileName)) {
    let parsed: ReturnType<typeof parseJsonWithPositions>;
    try {
      parsed = parseJsonWithPositions(text);
    } catch (e) {
      if (e instanceof JsonSyntaxError) return fail(`not valid JSON: ${e.message}`, e.line, e.column);
      throw e;
    }
    const v = parsed.value;
    if (isObj(v) && v.format === PACK_FORMAT) return withSource(parsePackJson(text), 'huntbench');
    if (isObj(v) && ('format' in v || 'formatVersion' in v)) return withSource(validatePack(v, text, parsed.positions), 'huntbench');
    const looksLa = (x: JsonValue) => isObj(x) && (isObj(x.properties) ? 'body' in x.properties : 'body' in x);
    if ((isObj(v) && (Array.isArray(v.queries) || Array.isArray(v.value) || looksLa(v))) || (Array.isArray(v) && v.every(looksLa))) {
      return withSource(validatePack(fromLogAnalytics(Array.isArray(v) ? { queries: v } : v, fileName)), 'log-analytics');
    }
    return fail(`not a query pack: expected "format": "${PACK_FORMAT}" or a Log Analytics query pack ({"queries": [{"properties": {"displayName", "body"}}]})`);
  }
  let docs: Obj[];
  try {
    const all = parseAllDocuments(text, { uniqueKeys: true, prettyErrors: false });
    if (!Array.isArray(all)) return fail('not valid YAML');
    const errs = all.flatMap((d) => d.errors);
    if (errs.length) {
      const e = errs[0];
      // without prettyErrors the parser gives only a character offset (linePos stays unset)
      const at = e.linePos?.[0] ?? lineColumnAt(text, e.pos[0]);
      return fail(`not valid YAML: ${e.message.split('\n')[0]}`, at.line, at.col);
    }
    docs = all.map((d) => d.toJS({ maxAliasCount: 100 })).filter((d) => d !== null && d !== undefined);
  } catch (e) {
    return fail(`not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (!docs.length) return fail('the file is empty');
  // each document starts at depth 0 (not `docs.map(sanitize)`, which passed the index as the depth)
  let clean: JsonValue[];
  try {
    clean = docs.map((d) => sanitize(d));
  } catch (e) {
    return fail(`not usable YAML: ${(e as Error).message}`);
  }
  if (clean.length === 1 && isObj(clean[0]) && (clean[0] as Obj).format === PACK_FORMAT) return withSource(validatePack(clean[0]), 'huntbench');
  const bad = clean.findIndex((d) => !isObj(d) || !('query' in d));
  if (bad >= 0) return fail(`YAML document ${bad + 1} is not a Sentinel hunting query (it needs name and query)`);
  return withSource(validatePack(fromSentinelDocs(clean as Obj[], fileName)), 'sentinel');
}

/** YAML can hold dates, Maps and other non-JSON values: bring everything back to JSON values. */
function sanitize(v: unknown, depth = 0): JsonValue {
  if (depth > 64) throw new Error('a value is nested deeper than 64 levels');
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map((x) => sanitize(x, depth + 1));
  if (v instanceof Map) return sanitize(Object.fromEntries(v), depth);
  if (typeof v === 'object') {
    const out: Obj = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === '__proto__' || k === 'constructor' || k === 'prototype') continue;
      out[k] = sanitize(x, depth + 1);
    }
    return out;
  }
  return String(v);
}

export function exportPack(p: Pack, format: PackSource): { text: string; fileName: string; mime: string } {
  const base = p.id.replace(/[^\w.-]/g, '_');
  if (format === 'log-analytics') return { text: `${JSON.stringify(toLogAnalytics(p), null, 2)}\n`, fileName: `${base}.querypack.json`, mime: 'application/json' };
  if (format === 'sentinel') return { text: toSentinelYaml(p), fileName: `${base}.hunting.yaml`, mime: 'application/yaml' };
  return { text: serializePack(p), fileName: `${base}.hbpack.json`, mime: 'application/json' };
}
