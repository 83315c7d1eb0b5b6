/**
 * Validation of a huntbench pack: every problem is reported at its path (and at line:column when
 * the pack came from JSON text), all at once, never as an exception. The output is a fresh object
 * holding only known fields, so nothing a hostile file adds survives into storage or the UI.
 */
import { childPath, JsonSyntaxError, lineColumn, parseJsonWithPositions } from './json.ts';
import { DIGEST_RE } from './digest.ts';
import { checkValue, IDENT_RE, isParamType, kindOf } from './params.ts';
import {
  type DataConnector,
  type EntityMapping,
  type Expectation,
  type FixtureTable,
  type JsonValue,
  PACK_FORMAT,
  PACK_FORMAT_VERSION,
  type Pack,
  type PackAttachment,
  type PackIssue,
  type PackParameter,
  type PackQuery,
  type PackResult,
  type PackTest,
  TACTICS,
  type Tactic,
} from './types.ts';

export const LIMITS = {
  /** whole file, in characters */
  fileChars: 5_000_000,
  queries: 1000,
  body: 100_000,
  text: 10_000,
  name: 200,
  listItems: 100,
  tests: 50,
  fixtureRows: 5_000,
  fixtureColumns: 200,
  expectedRows: 5_000,
  parameters: 50,
  attachments: 20,
  /** one attachment's text, in characters */
  attachmentChars: 262_144,
  /** all attachments together, in characters */
  attachmentsChars: 1_048_576,
  url: 2_000,
} as const;

const ID_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
const TECHNIQUE_RE = /^T\d{4}(\.\d{3})?$/;
const DATASET_RE = /^[A-Za-z0-9][\w.-]{0,63}$/;
const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:?\d{2})$/;
/** Markup that has no business in a pack's text (it is shown as text anyway; refusing it is louder). */
const MARKUP_RE = /<\s*\/?\s*(script|iframe|object|embed|svg|img|style|link|meta|form|base|frame|frameset|math|template)\b|javascript\s*:|vbscript\s*:|data\s*:\s*text\/html/i;
const CONTROL_RE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/** Bidirectional overrides can make code read differently from what runs ("Trojan Source"). */
const BIDI_RE = /[\u202a-\u202e\u2066-\u2069]/;

const PACK_KEYS = ['$schema', 'format', 'formatVersion', 'id', 'name', 'version', 'author', 'description', 'licence', 'license', 'dataset', 'credits', 'queries', 'attachments'];
const QUERY_KEYS = [
  'id',
  'displayName',
  'description',
  'body',
  'tags',
  'tactics',
  'techniques',
  'requiredTables',
  'parameters',
  'entityMappings',
  'tests',
  'categories',
  'dataConnectors',
  'credit',
  'references',
  'version',
];
const TEST_KEYS = ['name', 'dataset', 'fixtures', 'parameters', 'now', 'expect'];
const EXPECT_KEYS = ['nonEmpty', 'empty', 'rowCount', 'minRows', 'maxRows', 'columns', 'rows', 'ordered', 'contains', 'rowsDigest'];

type Obj = Record<string, JsonValue>;

class Checker {
  errors: PackIssue[] = [];
  warnings: PackIssue[] = [];
  constructor(
    private readonly text?: string,
    private readonly positions?: Map<string, number>,
  ) {}

  issue(severity: 'error' | 'warning', path: string, message: string): void {
    const i: PackIssue = { path, message, severity };
    // a missing field has no position of its own: point at the nearest enclosing value that has one
    let p = path;
    let at = this.positions?.get(p);
    while (at === undefined && this.positions && p) {
      const up = /^[^.[\]]*$/.test(p) ? '' : p.replace(/(?:\.[^.[\]]*|\[(?:\d+|"(?:[^"\\]|\\.)*")\])$/, '');
      if (up === p) break;
      p = up;
      at = this.positions.get(p);
    }
    if (at !== undefined && this.text !== undefined) Object.assign(i, lineColumn(this.text, at));
    (severity === 'error' ? this.errors : this.warnings).push(i);
  }
  err(path: string, message: string): void {
    this.issue('error', path, message);
  }
  warn(path: string, message: string): void {
    this.issue('warning', path, message);
  }

  object(v: JsonValue | undefined, path: string, what: string): Obj | null {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      this.err(path, `${what} must be an object, got ${kindOf(v)}`);
      return null;
    }
    return v;
  }

  keys(o: Obj, path: string, allowed: string[]): void {
    for (const k of Object.keys(o)) {
      if (allowed.includes(k) || k.startsWith('x-')) continue;
      const near = allowed.find((a) => a.toLowerCase() === k.toLowerCase());
      this.err(childPath(path, k), `unknown field${near ? ` (did you mean "${near}"?)` : ''}; extensions must start with "x-"`);
    }
  }

  /** A text field: string, bounded, no control characters, no markup (display text) or bidi overrides. */
  text_(o: Obj, key: string, path: string, opts: { required?: boolean; max?: number; display?: boolean; multiline?: boolean } = {}): string | undefined {
    const p = childPath(path, key);
    const v = o[key];
    if (v === undefined) {
      if (opts.required) this.err(p, 'is required');
      return undefined;
    }
    return this.str(v, p, opts);
  }

  str(v: JsonValue, p: string, opts: { max?: number; display?: boolean; multiline?: boolean } = {}): string | undefined {
    if (typeof v !== 'string') {
      this.err(p, `must be a string, got ${kindOf(v)}`);
      return undefined;
    }
    const max = opts.max ?? LIMITS.text;
    if (v.length > max) {
      this.err(p, `is ${v.length.toLocaleString('en')} characters long, more than the limit of ${max.toLocaleString('en')}`);
      return undefined;
    }
    if (CONTROL_RE.test(v) || (!opts.multiline && /[\r\n]/.test(v))) {
      this.err(p, `holds a ${/[\r\n]/.test(v) && !opts.multiline ? 'line break' : 'control character'} (at character ${v.search(opts.multiline ? CONTROL_RE : /[\u0000-\u001f\u007f]/) + 1})`);
      return undefined;
    }
    if (BIDI_RE.test(v)) {
      this.err(p, `holds a bidirectional-override character (at character ${v.search(BIDI_RE) + 1}), which can make text read differently from what it is`);
      return undefined;
    }
    if (opts.display) {
      const m = MARKUP_RE.exec(v);
      if (m) {
        this.err(p, `holds markup (${JSON.stringify(m[0])} at character ${m.index + 1}); pack text is plain text`);
        return undefined;
      }
    }
    return v;
  }

  list(o: Obj, key: string, path: string, each: (v: JsonValue, p: string) => string | undefined, max: number = LIMITS.listItems): string[] | undefined {
    const p = childPath(path, key);
    const v = o[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) {
      this.err(p, `must be an array, got ${kindOf(v)}`);
      return undefined;
    }
    if (v.length > max) {
      this.err(p, `has ${v.length} items, more than the limit of ${max}`);
      return undefined;
    }
    const out: string[] = [];
    const seen = new Set<string>();
    v.forEach((x, i) => {
      const s = each(x, childPath(p, i));
      if (s === undefined) return;
      if (seen.has(s.toLowerCase())) this.warn(childPath(p, i), `duplicate ${JSON.stringify(s)}`);
      else out.push(s);
      seen.add(s.toLowerCase());
    });
    return out;
  }

  count(o: Obj, key: string, path: string): number | undefined {
    const v = o[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
      this.err(childPath(path, key), `must be a non-negative integer, got ${kindOf(v)}`);
      return undefined;
    }
    return v;
  }

  bool(o: Obj, key: string, path: string): boolean | undefined {
    const v = o[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') {
      this.err(childPath(path, key), `must be true or false, got ${kindOf(v)}`);
      return undefined;
    }
    return v;
  }

  rows(v: JsonValue | undefined, p: string, width?: number): JsonValue[][] | undefined {
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) {
      this.err(p, `must be an array of rows, got ${kindOf(v)}`);
      return undefined;
    }
    if (v.length > LIMITS.expectedRows) {
      this.err(p, `has ${v.length} rows, more than the limit of ${LIMITS.expectedRows}`);
      return undefined;
    }
    const out: JsonValue[][] = [];
    v.forEach((r, i) => {
      if (!Array.isArray(r)) this.err(childPath(p, i), `a row must be an array of values, got ${kindOf(r)}`);
      else if (width !== undefined && r.length !== width) this.err(childPath(p, i), `has ${r.length} values for ${width} columns`);
      else {
        r.forEach((cell, j) => {
          if (typeof cell === 'string' && cell.length > LIMITS.body) this.err(childPath(childPath(p, i), j), `is longer than ${LIMITS.body} characters`);
        });
        out.push(r);
      }
    });
    return out;
  }
}

function checkParameter(c: Checker, v: JsonValue, p: string): PackParameter | undefined {
  const o = c.object(v, p, 'a parameter');
  if (!o) return undefined;
  c.keys(o, p, ['name', 'type', 'default', 'description']);
  const name = c.text_(o, 'name', p, { required: true, max: 64 });
  if (name !== undefined && !IDENT_RE.test(name)) c.err(childPath(p, 'name'), `${JSON.stringify(name)} is not a KQL identifier (letters, digits, _; not starting with a digit)`);
  const type = o.type;
  if (!isParamType(type)) {
    c.err(childPath(p, 'type'), `must be one of string, long, int, real, bool, datetime, timespan, dynamic, guid; got ${kindOf(type)}`);
    return undefined;
  }
  if (!('default' in o)) c.err(childPath(p, 'default'), 'is required (the value used when none is given)');
  else {
    const bad = checkValue(type, o.default);
    if (bad) c.err(childPath(p, 'default'), bad);
    if (typeof o.default === 'string' && o.default.length > LIMITS.text) c.err(childPath(p, 'default'), `is longer than ${LIMITS.text} characters`);
  }
  const description = c.text_(o, 'description', p, { display: true });
  if (name === undefined || !IDENT_RE.test(name)) return undefined;
  return { name, type, default: o.default ?? null, ...(description !== undefined && { description }) };
}

function checkFixture(c: Checker, v: JsonValue, p: string): FixtureTable | undefined {
  const o = c.object(v, p, 'a fixture');
  if (!o) return undefined;
  c.keys(o, p, ['table', 'columns', 'rows']);
  const table = c.text_(o, 'table', p, { required: true, max: 128 });
  if (table !== undefined && !/^[A-Za-z_][\w]*$/.test(table)) c.err(childPath(p, 'table'), `${JSON.stringify(table)} is not a table name`);
  const cp = childPath(p, 'columns');
  const cols = o.columns;
  const columns: FixtureTable['columns'] = [];
  if (!Array.isArray(cols) || cols.length === 0) c.err(cp, `must be a non-empty array of {name, type}, got ${kindOf(cols)}`);
  else if (cols.length > LIMITS.fixtureColumns) c.err(cp, `has ${cols.length} columns, more than the limit of ${LIMITS.fixtureColumns}`);
  else {
    cols.forEach((col, i) => {
      const q = childPath(cp, i);
      const co = c.object(col, q, 'a column');
      if (!co) return;
      c.keys(co, q, ['name', 'type']);
      const name = c.text_(co, 'name', q, { required: true, max: 128 });
      if (!isParamType(co.type)) c.err(childPath(q, 'type'), `must be a Kusto scalar type (string, long, int, real, bool, datetime, timespan, dynamic, guid), got ${kindOf(co.type)}`);
      else if (name !== undefined) columns.push({ name, type: co.type });
    });
  }
  const rp = childPath(p, 'rows');
  if (Array.isArray(o.rows) && o.rows.length > LIMITS.fixtureRows) {
    c.err(rp, `has ${o.rows.length} rows, more than the limit of ${LIMITS.fixtureRows}`);
    return undefined;
  }
  const rows = c.rows(o.rows ?? [], rp, columns.length || undefined) ?? [];
  if (columns.length > 0 && columns.length === (Array.isArray(cols) ? cols.length : -1)) {
    rows.forEach((r, i) => {
      r.forEach((cell, j) => {
        const bad = checkValue(columns[j].type, cell);
        if (bad) c.err(childPath(childPath(rp, i), j), `column ${columns[j].name} (${columns[j].type}): ${bad}`);
      });
    });
  }
  if (table === undefined) return undefined;
  return { table, columns, rows };
}

function checkExpect(c: Checker, v: JsonValue | undefined, p: string): Expectation | undefined {
  const o = c.object(v, p, 'expect');
  if (!o) return undefined;
  c.keys(o, p, EXPECT_KEYS);
  const e: Expectation = {};
  const nonEmpty = c.bool(o, 'nonEmpty', p);
  const empty = c.bool(o, 'empty', p);
  const rowCount = c.count(o, 'rowCount', p);
  const minRows = c.count(o, 'minRows', p);
  const maxRows = c.count(o, 'maxRows', p);
  const ordered = c.bool(o, 'ordered', p);
  const columns = c.list(o, 'columns', p, (x, q) => c.str(x, q, { max: LIMITS.name }), LIMITS.fixtureColumns);
  const rows = c.rows(o.rows, childPath(p, 'rows'), columns?.length);
  const contains = c.rows(o.contains, childPath(p, 'contains'), columns?.length);
  if (nonEmpty !== undefined) e.nonEmpty = nonEmpty;
  if (empty !== undefined) e.empty = empty;
  if (rowCount !== undefined) e.rowCount = rowCount;
  if (minRows !== undefined) e.minRows = minRows;
  if (maxRows !== undefined) e.maxRows = maxRows;
  if (columns !== undefined) e.columns = columns;
  if (rows !== undefined) e.rows = rows;
  if (ordered !== undefined) e.ordered = ordered;
  if (contains !== undefined) e.contains = contains;
  const digest = c.text_(o, 'rowsDigest', p, { max: 80 });
  if (digest !== undefined) {
    if (DIGEST_RE.test(digest)) e.rowsDigest = digest;
    else c.err(childPath(p, 'rowsDigest'), `${JSON.stringify(digest)} is not "sha256:" followed by 64 lowercase hex digits`);
  }
  const checks = ['nonEmpty', 'empty', 'rowCount', 'minRows', 'maxRows', 'columns', 'rows', 'contains', 'rowsDigest'].filter((k) => k in e);
  if (!checks.length) c.err(p, 'checks nothing: give nonEmpty, empty, rowCount, minRows, maxRows, columns, rows, contains or rowsDigest');
  if (e.empty && (e.nonEmpty || (e.rowCount ?? 0) > 0 || (e.minRows ?? 0) > 0)) c.err(p, 'contradicts itself (empty with rows expected)');
  if (e.rows && e.rowCount !== undefined && e.rows.length !== e.rowCount) c.err(p, `rowCount ${e.rowCount} but ${e.rows.length} rows are listed`);
  if (e.ordered !== undefined && !e.rows && !e.rowsDigest) c.warn(childPath(p, 'ordered'), 'only applies with rows or rowsDigest');
  return e;
}

function checkTest(c: Checker, v: JsonValue, p: string, params: PackParameter[]): PackTest | undefined {
  const o = c.object(v, p, 'a test');
  if (!o) return undefined;
  c.keys(o, p, TEST_KEYS);
  const name = c.text_(o, 'name', p, { required: true, max: LIMITS.name, display: true });
  const dataset = c.text_(o, 'dataset', p, { max: 64 });
  if (dataset !== undefined && !DATASET_RE.test(dataset)) c.err(childPath(p, 'dataset'), `${JSON.stringify(dataset)} is not a dataset name`);
  const now = c.text_(o, 'now', p, { max: 40 });
  if (now !== undefined && (!ISO_RE.test(now) || Number.isNaN(Date.parse(now)))) c.err(childPath(p, 'now'), `must be an ISO-8601 UTC time like 2024-05-20T00:00:00Z, got ${JSON.stringify(now)}`);
  let fixtures: FixtureTable[] | undefined;
  if (o.fixtures !== undefined) {
    const fp = childPath(p, 'fixtures');
    if (!Array.isArray(o.fixtures)) c.err(fp, `must be an array of tables, got ${kindOf(o.fixtures)}`);
    else {
      fixtures = [];
      o.fixtures.forEach((f, i) => {
        const t = checkFixture(c, f, childPath(fp, i));
        if (t) fixtures!.push(t);
      });
    }
  }
  let parameters: Record<string, JsonValue> | undefined;
  if (o.parameters !== undefined) {
    const pp = childPath(p, 'parameters');
    const po = c.object(o.parameters, pp, 'parameters');
    if (po) {
      parameters = {};
      for (const [k, val] of Object.entries(po)) {
        const decl = params.find((x) => x.name === k);
        if (!decl) c.err(childPath(pp, k), `the query declares no parameter ${JSON.stringify(k)}`);
        else {
          const bad = checkValue(decl.type, val);
          if (bad) c.err(childPath(pp, k), bad);
          else parameters[k] = val;
        }
      }
    }
  }
  if (!('expect' in o)) c.err(childPath(p, 'expect'), 'is required');
  const expect = 'expect' in o ? checkExpect(c, o.expect, childPath(p, 'expect')) : undefined;
  if (name === undefined || !expect) return undefined;
  return {
    name,
    ...(dataset !== undefined && { dataset }),
    ...(fixtures !== undefined && { fixtures }),
    ...(parameters !== undefined && { parameters }),
    ...(now !== undefined && { now }),
    expect,
  };
}

function checkEntityMapping(c: Checker, v: JsonValue, p: string): EntityMapping | undefined {
  const o = c.object(v, p, 'an entity mapping');
  if (!o) return undefined;
  c.keys(o, p, ['entityType', 'fieldMappings']);
  const entityType = c.text_(o, 'entityType', p, { required: true, max: 64, display: true });
  const fp = childPath(p, 'fieldMappings');
  const fieldMappings: EntityMapping['fieldMappings'] = [];
  if (!Array.isArray(o.fieldMappings)) c.err(fp, `must be an array of {identifier, columnName}, got ${kindOf(o.fieldMappings)}`);
  else {
    o.fieldMappings.slice(0, LIMITS.listItems).forEach((m, i) => {
      const q = childPath(fp, i);
      const mo = c.object(m, q, 'a field mapping');
      if (!mo) return;
      c.keys(mo, q, ['identifier', 'columnName']);
      const identifier = c.text_(mo, 'identifier', q, { required: true, max: 64, display: true });
      const columnName = c.text_(mo, 'columnName', q, { required: true, max: 128, display: true });
      if (identifier !== undefined && columnName !== undefined) fieldMappings.push({ identifier, columnName });
    });
  }
  return entityType === undefined ? undefined : { entityType, fieldMappings };
}

function checkConnector(c: Checker, v: JsonValue, p: string): DataConnector | undefined {
  const o = c.object(v, p, 'a data connector');
  if (!o) return undefined;
  c.keys(o, p, ['connectorId', 'dataTypes']);
  const connectorId = c.text_(o, 'connectorId', p, { required: true, max: 128, display: true });
  const dataTypes = c.list(o, 'dataTypes', p, (x, q) => c.str(x, q, { max: 128, display: true })) ?? [];
  return connectorId === undefined ? undefined : { connectorId, dataTypes };
}

function checkQuery(c: Checker, v: JsonValue, p: string): PackQuery | undefined {
  const o = c.object(v, p, 'a query');
  if (!o) return undefined;
  c.keys(o, p, QUERY_KEYS);
  const id = c.text_(o, 'id', p, { required: true, max: 100 });
  if (id !== undefined && !ID_RE.test(id)) c.err(childPath(p, 'id'), `${JSON.stringify(id)} is not an id (letters, digits, '.', '_', '-'; up to 100)`);
  const displayName = c.text_(o, 'displayName', p, { required: true, max: LIMITS.name, display: true });
  const description = c.text_(o, 'description', p, { display: true, multiline: true });
  const body = c.text_(o, 'body', p, { required: true, max: LIMITS.body, multiline: true });
  if (body !== undefined && !body.trim()) c.err(childPath(p, 'body'), 'is empty');
  const tags = c.list(o, 'tags', p, (x, q) => c.str(x, q, { max: 100, display: true }));
  const tactics = c.list(o, 'tactics', p, (x, q) => {
    const s = c.str(x, q, { max: 40 });
    if (s === undefined) return undefined;
    const t = TACTICS.find((k) => k.toLowerCase() === s.replace(/[\s_-]/g, '').toLowerCase());
    if (!t) c.err(q, `${JSON.stringify(s)} is not a MITRE ATT&CK tactic (${TACTICS.join(', ')})`);
    return t;
  }) as Tactic[] | undefined;
  const techniques = c.list(o, 'techniques', p, (x, q) => {
    const s = c.str(x, q, { max: 20 });
    if (s !== undefined && !TECHNIQUE_RE.test(s)) {
      c.err(q, `${JSON.stringify(s)} is not a MITRE technique id like T1059 or T1059.001`);
      return undefined;
    }
    return s;
  });
  const requiredTables = c.list(o, 'requiredTables', p, (x, q) => {
    const s = c.str(x, q, { max: 128 });
    if (s !== undefined && !/^[A-Za-z_]\w*$/.test(s)) {
      c.err(q, `${JSON.stringify(s)} is not a table name`);
      return undefined;
    }
    return s;
  });
  const categories = c.list(o, 'categories', p, (x, q) => c.str(x, q, { max: 100, display: true }));
  const references = c.list(o, 'references', p, (x, q) => c.str(x, q, { max: 2000, display: true }));
  const credit = c.text_(o, 'credit', p, { display: true, multiline: true });
  const version = c.text_(o, 'version', p, { max: 40, display: true });

  let parameters: PackParameter[] | undefined;
  if (o.parameters !== undefined) {
    const pp = childPath(p, 'parameters');
    if (!Array.isArray(o.parameters)) c.err(pp, `must be an array of {name, type, default}, got ${kindOf(o.parameters)}`);
    else if (o.parameters.length > LIMITS.parameters) c.err(pp, `has ${o.parameters.length} parameters, more than the limit of ${LIMITS.parameters}`);
    else {
      parameters = [];
      o.parameters.forEach((x, i) => {
        const prm = checkParameter(c, x, childPath(pp, i));
        if (!prm) return;
        if (parameters!.some((q) => q.name === prm.name)) c.err(childPath(childPath(pp, i), 'name'), `parameter ${prm.name} is declared twice`);
        else parameters!.push(prm);
      });
    }
  }
  let entityMappings: EntityMapping[] | undefined;
  if (o.entityMappings !== undefined) {
    const ep = childPath(p, 'entityMappings');
    if (!Array.isArray(o.entityMappings)) c.err(ep, `must be an array, got ${kindOf(o.entityMappings)}`);
    else entityMappings = o.entityMappings.slice(0, LIMITS.listItems).flatMap((x, i) => checkEntityMapping(c, x, childPath(ep, i)) ?? []);
  }
  let dataConnectors: DataConnector[] | undefined;
  if (o.dataConnectors !== undefined) {
    const dp = childPath(p, 'dataConnectors');
    if (!Array.isArray(o.dataConnectors)) c.err(dp, `must be an array, got ${kindOf(o.dataConnectors)}`);
    else dataConnectors = o.dataConnectors.slice(0, LIMITS.listItems).flatMap((x, i) => checkConnector(c, x, childPath(dp, i)) ?? []);
  }
  let tests: PackTest[] | undefined;
  if (o.tests !== undefined) {
    const tp = childPath(p, 'tests');
    if (!Array.isArray(o.tests)) c.err(tp, `must be an array, got ${kindOf(o.tests)}`);
    else if (o.tests.length > LIMITS.tests) c.err(tp, `has ${o.tests.length} tests, more than the limit of ${LIMITS.tests}`);
    else {
      tests = [];
      o.tests.forEach((x, i) => {
        const t = checkTest(c, x, childPath(tp, i), parameters ?? []);
        if (!t) return;
        if (tests!.some((q) => q.name === t.name)) c.err(childPath(childPath(tp, i), 'name'), `test name ${JSON.stringify(t.name)} is used twice`);
        else tests!.push(t);
      });
    }
  }
  if (body !== undefined && parameters) {
    for (const prm of parameters) {
      if (!new RegExp(`\\b${prm.name}\\b`).test(body)) c.warn(childPath(p, 'parameters'), `parameter ${prm.name} is not used in the body`);
    }
  }
  if (id === undefined || displayName === undefined || body === undefined) return undefined;
  const q: PackQuery = { id, displayName, body };
  if (description !== undefined) q.description = description;
  if (tags !== undefined) q.tags = tags;
  if (tactics !== undefined) q.tactics = tactics.filter(Boolean);
  if (techniques !== undefined) q.techniques = techniques;
  if (requiredTables !== undefined) q.requiredTables = requiredTables;
  if (parameters !== undefined) q.parameters = parameters;
  if (entityMappings !== undefined) q.entityMappings = entityMappings;
  if (tests !== undefined) q.tests = tests;
  if (categories !== undefined) q.categories = categories;
  if (dataConnectors !== undefined) q.dataConnectors = dataConnectors;
  if (credit !== undefined) q.credit = credit;
  if (references !== undefined) q.references = references;
  if (version !== undefined) q.version = version;
  return q;
}

const URL_RE = /^https?:\/\/[^\s"'`]+$/i;
const FILE_NAME_RE = /^[^/\\:*?"<>|]+$/;

/** The pack's externaldata copies: URL keys unique, sizes bounded; a copy no query names is a warning. */
function checkAttachments(c: Checker, v: JsonValue | undefined, queries: PackQuery[]): PackAttachment[] | undefined {
  if (v === undefined) return undefined;
  const p = 'attachments';
  if (!Array.isArray(v)) {
    c.err(p, `must be an array of {url, name, text}, got ${kindOf(v)}`);
    return undefined;
  }
  if (v.length > LIMITS.attachments) {
    c.err(p, `has ${v.length} attachments, more than the limit of ${LIMITS.attachments}`);
    return undefined;
  }
  const out: PackAttachment[] = [];
  let total = 0;
  v.forEach((x, i) => {
    const q = childPath(p, i);
    const o = c.object(x, q, 'an attachment');
    if (!o) return;
    c.keys(o, q, ['url', 'name', 'text', 'description']);
    const url = c.text_(o, 'url', q, { required: true, max: LIMITS.url });
    if (url !== undefined && !URL_RE.test(url)) c.err(childPath(q, 'url'), `${JSON.stringify(url.slice(0, 80))} is not an http(s) URL as externaldata names it`);
    const name = c.text_(o, 'name', q, { required: true, max: 128, display: true });
    if (name !== undefined && (!FILE_NAME_RE.test(name) || name.trim() !== name || name === '.' || name === '..')) c.err(childPath(q, 'name'), `${JSON.stringify(name)} is not a plain file name`);
    const description = c.text_(o, 'description', q, { display: true, multiline: true });
    const text = c.text_(o, 'text', q, { required: true, max: LIMITS.attachmentChars, multiline: true });
    if (url === undefined || !URL_RE.test(url) || name === undefined || text === undefined) return;
    if (out.some((a) => a.url === url)) {
      c.err(childPath(q, 'url'), `${JSON.stringify(url)} has a copy already (attachments[${out.findIndex((a) => a.url === url)}])`);
      return;
    }
    total += text.length;
    if (!queries.some((qq) => qq.body.includes(url))) c.warn(childPath(q, 'url'), 'no query of the pack reads this URL');
    out.push({ url, name, text, ...(description !== undefined && { description }) });
  });
  if (total > LIMITS.attachmentsChars) {
    c.err(p, `hold ${total.toLocaleString('en')} characters together, more than the limit of ${LIMITS.attachmentsChars.toLocaleString('en')}`);
    return undefined;
  }
  return out;
}

/** Validates a parsed value as a huntbench pack. `text`/`positions` add line:column to issues. */
export function validatePack(value: JsonValue, text?: string, positions?: Map<string, number>): PackResult {
  const c = new Checker(text, positions);
  const o = c.object(value, '', 'a pack');
  if (!o) return { ok: false, errors: c.errors, warnings: c.warnings };
  if (o.format !== PACK_FORMAT) {
    c.err('format', `must be "${PACK_FORMAT}", got ${kindOf(o.format)}`);
    return { ok: false, errors: c.errors, warnings: c.warnings };
  }
  if (o.formatVersion !== PACK_FORMAT_VERSION) {
    c.err(
      'formatVersion',
      typeof o.formatVersion === 'number' && o.formatVersion > PACK_FORMAT_VERSION
        ? `is ${o.formatVersion}: this pack needs a newer huntbench (this one reads version ${PACK_FORMAT_VERSION})`
        : `must be ${PACK_FORMAT_VERSION}, got ${kindOf(o.formatVersion)}`,
    );
    return { ok: false, errors: c.errors, warnings: c.warnings };
  }
  c.keys(o, '', PACK_KEYS);
  const id = c.text_(o, 'id', '', { required: true, max: 100 });
  if (id !== undefined && !ID_RE.test(id)) c.err('id', `${JSON.stringify(id)} is not an id (letters, digits, '.', '_', '-'; up to 100)`);
  const name = c.text_(o, 'name', '', { required: true, max: LIMITS.name, display: true });
  const version = c.text_(o, 'version', '', { required: true, max: 40, display: true });
  const author = c.text_(o, 'author', '', { max: LIMITS.name, display: true });
  const description = c.text_(o, 'description', '', { display: true, multiline: true });
  if (o.license !== undefined && o.licence !== undefined) c.err('license', 'give licence or license, not both');
  const licence = c.text_(o, o.licence !== undefined ? 'licence' : 'license', '', { max: LIMITS.name, display: true });
  const dataset = c.text_(o, 'dataset', '', { max: 64 });
  if (dataset !== undefined && !DATASET_RE.test(dataset)) c.err('dataset', `${JSON.stringify(dataset)} is not a dataset name`);
  const credits = c.list(o, 'credits', '', (x, q) => c.str(x, q, { max: LIMITS.text, display: true, multiline: true }));
  const queries: PackQuery[] = [];
  if (!Array.isArray(o.queries)) c.err('queries', `must be an array of queries, got ${kindOf(o.queries)}`);
  else if (o.queries.length > LIMITS.queries) c.err('queries', `has ${o.queries.length} queries, more than the limit of ${LIMITS.queries}`);
  else {
    o.queries.forEach((x, i) => {
      const q = checkQuery(c, x, childPath('queries', i));
      if (!q) return;
      if (queries.some((y) => y.id === q.id)) c.err(childPath(childPath('queries', i), 'id'), `query id ${JSON.stringify(q.id)} is used twice`);
      else queries.push(q);
    });
  }
  const attachments = checkAttachments(c, o.attachments, queries);
  if (c.errors.length || id === undefined || name === undefined || version === undefined) return { ok: false, errors: c.errors, warnings: c.warnings };
  const pack: Pack = { format: PACK_FORMAT, formatVersion: PACK_FORMAT_VERSION, id, name, version, queries };
  if (author !== undefined) pack.author = author;
  if (description !== undefined) pack.description = description;
  if (licence !== undefined) pack.licence = licence;
  if (dataset !== undefined) pack.dataset = dataset;
  if (credits !== undefined) pack.credits = credits;
  if (attachments?.length) pack.attachments = attachments;
  // canonical key order, so export → import → export is byte-identical
  return { ok: true, pack: canonicalPack(pack), warnings: c.warnings };
}

/** A pack with its keys in the documented order (stable export). */
export function canonicalPack(p: Pack): Pack {
  const pick = <T extends object>(o: T, keys: string[]): T => {
    const out: Record<string, unknown> = {};
    for (const k of keys) if ((o as Record<string, unknown>)[k] !== undefined) out[k] = (o as Record<string, unknown>)[k];
    return out as T;
  };
  return {
    ...pick(p, ['format', 'formatVersion', 'id', 'name', 'version', 'author', 'description', 'licence', 'dataset', 'credits']),
    queries: p.queries.map((q) => ({
      ...pick(q, QUERY_KEYS.filter((k) => k !== 'tests')),
      ...(q.tests && {
        tests: q.tests.map((t) => ({ ...pick(t, TEST_KEYS.filter((k) => k !== 'expect')), expect: pick(t.expect, EXPECT_KEYS) })),
      }),
    })),
    ...(p.attachments?.length && { attachments: p.attachments.map((a) => pick(a, ['url', 'name', 'description', 'text'])) }),
  } as Pack;
}

/** Parses and validates pack JSON text (size first, then syntax with position, then content). */
export function parsePackJson(text: string): PackResult {
  if (text.length > LIMITS.fileChars) {
    return {
      ok: false,
      errors: [{ path: '', severity: 'error', message: `the file is ${text.length.toLocaleString('en')} characters, more than the limit of ${LIMITS.fileChars.toLocaleString('en')}` }],
      warnings: [],
    };
  }
  let parsed: ReturnType<typeof parseJsonWithPositions>;
  try {
    parsed = parseJsonWithPositions(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) return { ok: false, errors: [{ path: '', severity: 'error', message: `not valid JSON: ${e.message}`, line: e.line, column: e.column }], warnings: [] };
    throw e;
  }
  return validatePack(parsed.value, text, parsed.positions);
}

/** Pack JSON as the library writes it: canonical key order, two-space indentation. */
export const serializePack = (p: Pack): string => `${JSON.stringify(canonicalPack(p), null, 2)}\n`;
