/** Pack validation: precise messages at paths and line:column, and hostile input refused. */
import { describe, expect, it } from 'vitest';
import { parseJsonWithPositions } from '../../src/packs/json.ts';
import { bindQuery, kqlLiteral, ParamError } from '../../src/packs/params.ts';
import { checkExpectation } from '../../src/packs/run.ts';
import { LIMITS, parsePackJson, serializePack, validatePack } from '../../src/packs/validate.ts';
import { minimalPack } from './helpers.ts';

const errorsOf = (v: unknown) => {
  const r = validatePack(v as any);
  return r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`);
};

describe('validatePack', () => {
  it('accepts the minimal pack and round-trips it byte for byte', () => {
    const r = validatePack(minimalPack() as any);
    expect(r.ok).toBe(true);
    const text = serializePack(minimalPack());
    const again = parsePackJson(text);
    expect(again.ok && serializePack(again.pack)).toBe(text);
  });

  const cases: [string, (p: any) => void, RegExp][] = [
    ['wrong format', (p) => (p.format = 'other'), /^format: must be "huntbench-pack"/],
    ['newer version', (p) => (p.formatVersion = 2), /^formatVersion: is 2: this pack needs a newer huntbench/],
    ['missing name', (p) => delete p.name, /^name: is required/],
    ['name is a number', (p) => (p.name = 42), /^name: must be a string, got number 42/],
    ['unknown field', (p) => (p.nmae = 'x'), /^nmae: unknown field; extensions must start with "x-"/],
    ['case-typo field', (p) => (p.queries[0].DisplayName = 'x'), /queries\[0\]\.DisplayName: unknown field \(did you mean "displayName"\?\)/],
    ['queries not array', (p) => (p.queries = {}), /^queries: must be an array of queries, got an object/],
    ['bad id', (p) => (p.queries[0].id = 'has space'), /queries\[0\]\.id: "has space" is not an id/],
    ['duplicate query id', (p) => p.queries.push({ ...p.queries[0], tests: [] }), /queries\[1\]\.id: query id "q1" is used twice/],
    ['script in description', (p) => (p.queries[0].description = 'hi <script>alert(1)</script>'), /queries\[0\]\.description: holds markup \("<script" at character 4\)/],
    ['javascript: url', (p) => (p.description = 'see javascript:alert(1)'), /^description: holds markup/],
    ['img onerror', (p) => (p.queries[0].displayName = '<img src=x onerror=alert(1)>'), /displayName: holds markup/],
    ['bidi in body', (p) => (p.queries[0].body = 'print "\u202e"'), /queries\[0\]\.body: holds a bidirectional-override character \(at character 8\)/],
    ['control character', (p) => (p.name = 'a\u0007b'), /^name: holds a control character/],
    ['line break in a name', (p) => (p.name = 'a\nb'), /^name: holds a line break/],
    ['huge body', (p) => (p.queries[0].body = 'x'.repeat(LIMITS.body + 1)), /queries\[0\]\.body: is 100,001 characters long, more than the limit of 100,000/],
    ['bad tactic', (p) => (p.queries[0].tactics = ['Sneaking']), /queries\[0\]\.tactics\[0\]: "Sneaking" is not a MITRE ATT&CK tactic/],
    ['bad technique', (p) => (p.queries[0].techniques = ['1059']), /techniques\[0\]: "1059" is not a MITRE technique id/],
    ['parameter not an identifier', (p) => (p.queries[0].parameters[0].name = '1x'), /parameters\[0\]\.name: "1x" is not a KQL identifier/],
    ['parameter default wrong type', (p) => (p.queries[0].parameters[0] = { name: 'n', type: 'long', default: '5' }), /parameters\[0\]\.default: expected an integer, got a string \("5"\)/],
    ['parameter type unknown', (p) => (p.queries[0].parameters[0].type = 'varchar'), /parameters\[0\]\.type: must be one of string, long/],
    ['test parameter undeclared', (p) => (p.queries[0].tests[0].parameters = { nope: 1 }), /tests\[0\]\.parameters\.nope: the query declares no parameter "nope"/],
    ['expect nothing', (p) => (p.queries[0].tests[0].expect = {}), /tests\[0\]\.expect: checks nothing/],
    ['expect contradiction', (p) => (p.queries[0].tests[0].expect = { empty: true, nonEmpty: true }), /contradicts itself/],
    ['rowCount negative', (p) => (p.queries[0].tests[0].expect = { rowCount: -1 }), /expect\.rowCount: must be a non-negative integer/],
    ['rows not rows', (p) => (p.queries[0].tests[0].expect = { rows: [1] }), /expect\.rows\[0\]: a row must be an array of values, got number 1/],
    ['rows wrong width', (p) => (p.queries[0].tests[0].expect = { columns: ['a', 'b'], rows: [[1]] }), /expect\.rows\[0\]: has 1 values for 2 columns/],
    ['fixture cell wrong type', (p) => (p.queries[0].tests[0].fixtures = [{ table: 'T', columns: [{ name: 'a', type: 'datetime' }], rows: [['yesterday']] }]), /fixtures\[0\]\.rows\[0\]\[0\]: column a \(datetime\): expected an ISO-8601 time/],
    ['fixture table name', (p) => (p.queries[0].tests[0].fixtures = [{ table: 'T;drop', columns: [{ name: 'a', type: 'string' }], rows: [] }]), /fixtures\[0\]\.table: "T;drop" is not a table name/],
    ['test now not ISO', (p) => (p.queries[0].tests[0].now = 'now'), /tests\[0\]\.now: must be an ISO-8601 UTC time/],
    ['too many queries', (p) => (p.queries = Array.from({ length: LIMITS.queries + 1 }, (_, i) => ({ ...p.queries[0], id: `q${i}` }))), /^queries: has 1001 queries, more than the limit of 1000/],
  ];
  for (const [name, mutate, re] of cases) {
    it(`rejects: ${name}`, () => {
      const p = structuredClone(minimalPack()) as any;
      mutate(p);
      const errs = errorsOf(p);
      expect(errs.some((e) => re.test(e)), errs.join('\n')).toBe(true);
    });
  }

  it('reports every problem at once', () => {
    const p = minimalPack() as any;
    p.name = 1;
    p.queries[0].id = '';
    p.queries[0].tactics = ['x'];
    expect(errorsOf(p).length).toBeGreaterThanOrEqual(3);
  });

  it('drops x- extensions and nothing else survives into the clean pack', () => {
    const p = minimalPack() as any;
    p['x-mine'] = { a: 1 };
    const r = validatePack(p);
    expect(r.ok).toBe(true);
    expect(r.ok && 'x-mine' in r.pack).toBe(false);
  });
});

describe('parsePackJson positions', () => {
  it('gives line:column of a syntax error', () => {
    const r = parsePackJson('{\n  "format": "huntbench-pack",\n  "id": "x",,\n}');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors[0]).toMatchObject({ line: 3, column: 13 });
    expect(!r.ok && r.errors[0].message).toMatch(/not valid JSON: expected a property name in double quotes, found "," at 3:13/);
  });

  it('gives line:column of a content error', () => {
    const text = serializePack(minimalPack()).replace('"rowCount": 1', '"rowCount": "one"');
    const r = parsePackJson(text);
    expect(!r.ok && r.errors[0].path).toBe('queries[0].tests[0].expect.rowCount');
    const line = text.split('\n').findIndex((l) => l.includes('"one"')) + 1;
    expect(!r.ok && r.errors[0].line).toBe(line);
  });

  it('places a missing field at the object that lacks it', () => {
    const pack = minimalPack() as any;
    delete pack.queries[0].displayName;
    const text = serializePack(pack);
    const r = parsePackJson(text);
    expect(!r.ok && r.errors[0].path).toBe('queries[0].displayName');
    // the line of the query object's opening brace
    const line = text.split('\n').findIndex((l, i, all) => /^\s*\{\s*$/.test(l) && all[i - 1]?.includes('"queries"')) + 1;
    expect(line).toBeGreaterThan(1);
    expect(!r.ok && r.errors[0].line).toBe(line);
    const top = parsePackJson('{\n  "format": "huntbench-pack",\n  "formatVersion": 1\n}');
    expect(!top.ok && top.errors.find((e) => e.path === 'id')).toMatchObject({ line: 1, column: 1 });
  });

  it('refuses duplicate keys, prototype keys, deep nesting and oversize files', () => {
    expect(() => parseJsonWithPositions('{"a":1,"a":2}')).toThrow(/duplicate property "a" at 1:8/);
    expect(() => parseJsonWithPositions('{"__proto__":{}}')).toThrow(/"__proto__" is not allowed/);
    expect(() => parseJsonWithPositions('['.repeat(100) + ']'.repeat(100))).toThrow(/nested deeper than 64/);
    const r = parsePackJson(' '.repeat(LIMITS.fileChars + 1));
    expect(!r.ok && r.errors[0].message).toMatch(/more than the limit of 5,000,000/);
  });
});

describe('parameters', () => {
  it('become typed let literals; nothing can escape a string', () => {
    expect(kqlLiteral('string', 'a"b\\c\nd')).toBe('"a\\"b\\\\c\\nd"');
    expect(kqlLiteral('datetime', '2024-05-14T09:00:00Z')).toBe('datetime(2024-05-14T09:00:00.000Z)');
    expect(kqlLiteral('timespan', '1d')).toBe('timespan(1d)');
    expect(kqlLiteral('dynamic', ['a', 1])).toBe('dynamic(["a",1])');
    expect(kqlLiteral('long', null)).toBe('long(null)');
    expect(() => kqlLiteral('timespan', '1d); print 2')).toThrow(ParamError);
    expect(() => kqlLiteral('guid', 'x')).toThrow(/expected a GUID/);
    expect(() => kqlLiteral('string', 'a\u0000')).toThrow(/control character/);
    const q = minimalPack().queries[0];
    expect(bindQuery(q, { device: 'x' })).toBe('let device = "x";\nDeviceInfo | where DeviceName == device | take 1');
    expect(() => bindQuery(q, { other: 1 })).toThrow(/unknown parameter other/);
  });
});

describe('checkExpectation', () => {
  const result = {
    columns: [
      { name: 'T', type: 'datetime' },
      { name: 'N', type: 'long' },
      { name: 'R', type: 'real' },
    ],
    rows: [
      ['2024-05-14T09:42:41.300Z', 5, 59.925],
      ['2024-05-14T09:46:41Z', 1, 0.1],
    ],
  };
  it('compares times by instant, numbers with tolerance, and order when asked', () => {
    expect(checkExpectation({ rows: [['2024-05-14T09:42:41.3Z', 5, 59.925], ['2024-05-14T09:46:41.000Z', 1, 0.1 + 1e-12]] }, result)).toEqual([]);
    expect(checkExpectation({ rows: [['2024-05-14T09:46:41Z', 1, 0.1], ['2024-05-14T09:42:41.3Z', 5, 59.925]], ordered: false }, result)).toEqual([]);
    expect(checkExpectation({ rows: [['2024-05-14T09:46:41Z', 1, 0.1], ['2024-05-14T09:42:41.3Z', 5, 59.925]] }, result)[0]).toMatch(/^row 1: expected/);
    expect(checkExpectation({ rowCount: 3, columns: ['T', 'X'], empty: true }, result)).toEqual([
      'expected no rows, got 2: first ["2024-05-14T09:42:41.300Z",5,59.925]',
      'expected 3 rows, got 2',
      'expected columns ["T","X"], got ["T","N","R"]',
    ]);
    expect(checkExpectation({ contains: [['2024-05-14T09:46:41Z', 2, 0.1]] }, result)[0]).toMatch(/expected the result to contain/);
  });
});

describe('the JSON Schema file', () => {
  it('names exactly the fields the validator accepts (they cannot drift apart)', async () => {
    const schema = (await import('../../src/packs/pack.schema.json', { with: { type: 'json' } })).default as any;
    const q = schema.$defs.query.properties;
    const t = q.tests.items.properties;
    // every field of a maximal pack is in the schema, and vice versa
    const full = {
      ...minimalPack(),
      author: 'a',
      description: 'd',
      licence: 'MIT',
      dataset: 'lab',
      credits: ['c'],
      attachments: [{ url: 'https://example.org/x.csv', name: 'x.csv', text: 'a\n' }],
    };
    const r = validatePack(full as any);
    expect(r.ok).toBe(true);
    expect(Object.keys(schema.properties).filter((k) => !['$schema', 'license'].includes(k)).sort()).toEqual(Object.keys(r.ok ? r.pack : {}).sort());
    expect(Object.keys(q).sort()).toEqual(
      ['id', 'displayName', 'description', 'body', 'tags', 'tactics', 'techniques', 'requiredTables', 'parameters', 'entityMappings', 'tests', 'categories', 'dataConnectors', 'credit', 'references', 'version'].sort(),
    );
    expect(Object.keys(t).sort()).toEqual(['dataset', 'expect', 'fixtures', 'name', 'now', 'parameters']);
    expect(Object.keys(t.expect.properties).sort()).toEqual(['columns', 'contains', 'empty', 'maxRows', 'minRows', 'nonEmpty', 'ordered', 'rowCount', 'rows', 'rowsDigest']);
    // each unknown field in the schema's terms is an error in the validator's
    for (const k of ['bogus', 'Queries']) expect(validatePack({ ...minimalPack(), [k]: 1 } as any).ok).toBe(false);
  });
});
