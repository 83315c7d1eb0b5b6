import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../../src/cli/args.ts';
import { parseBatchLine } from '../../src/cli/main.ts';

describe('parseArgs', () => {
  it('query with defaults', () => {
    const a = parseArgs(['query', 'print 1']);
    expect(a).toMatchObject({ command: 'query', positional: 'print 1', format: 'json', noDataset: false });
    expect(a.dataset).toBeUndefined();
  });
  it('all query flags, both spellings', () => {
    const a = parseArgs(['query', '--no-dataset', '--now=2024-05-20T00:00:00Z', '--format', 'csv', '--batch', 'x.jsonl', '--timeout-ms', '500']);
    expect(a).toMatchObject({ noDataset: true, now: '2024-05-20T00:00:00Z', format: 'csv', batch: 'x.jsonl', timeoutMs: 500 });
  });
  it('--engine takes wasm, native or auto, and only those', () => {
    expect(parseArgs(['query', '--engine', 'native', 'print 1']).engine).toBe('native');
    expect(parseArgs(['conformance', '--engine=auto', 'dir']).engine).toBe('auto');
    expect(() => parseArgs(['query', '--engine', 'gpu', 'print 1'])).toThrow(UsageError);
    expect(() => parseArgs(['compile', '--engine', 'native', 'print 1'])).toThrow(UsageError);
  });
  it('generate takes the distinct scale and how clones are stored', () => {
    expect(parseArgs(['generate', '--dataset', 'lab', '--out', 'x', '--scale', '2850', '--distinct-scale', '50', '--clones', 'table'])).toMatchObject({ scale: 2850, distinctScale: 50, clones: 'table' });
    expect(() => parseArgs(['generate', '--dataset', 'lab', '--out', 'x', '--clones', 'copies'])).toThrow(UsageError);
    expect(() => parseArgs(['query', '--distinct-scale', '5', 'print 1'])).toThrow(UsageError);
    // a distinct scale means nothing without cloning
    expect(() => parseArgs(['generate', '--dataset', 'lab', '--out', 'x', '--scale', '2850', '--distinct-scale', '50'])).toThrow(/needs --clones/);
  });
  it('a query that starts with a dash after --', () => {
    expect(parseArgs(['query', '--', '-x']).positional).toBe('-x');
  });
  it.each([
    [[]],
    [['frobnicate']],
    [['query']],
    [['query', 'a', 'b']],
    [['query', 'a', '--file', 'f']],
    [['query', '--format', 'xml', 'a']],
    [['query', '--now', 'yesterday', 'a']],
    [['query', '--dataset', 'lab', '--no-dataset', 'a']],
    [['query', '--dataset']],
    [['query', '--bogus', 'a']],
    [['query', '--format', 'csv', '--format', 'json', 'a']],
    [['compile', '--batch', 'x', 'a']],
    [['generate', '--dataset', 'lab']],
    [['generate', '--out', 'x']],
    [['generate', '--dataset', 'lab', '--out', 'x', '--scale', '-1']],
    [['conformance']],
    [['query', '--no-dataset=1', 'a']],
  ])('usage error: %j', (argv) => {
    expect(() => parseArgs(argv as string[])).toThrow(UsageError);
  });
});

describe('parseBatchLine', () => {
  it('reads id and kql', () => {
    expect(parseBatchLine('{"id":"a","kql":"print 1"}', 1)).toEqual({ id: 'a', kql: 'print 1' });
    expect(parseBatchLine('{"id":7,"kql":"x"}', 1)).toEqual({ id: '7', kql: 'x' });
  });
  it('turns bad lines into errors with an id', () => {
    expect(parseBatchLine('nope', 3)).toMatchObject({ id: 'line-3', error: { code: 'HB905' } });
    expect(parseBatchLine('[1]', 4)).toMatchObject({ id: 'line-4', error: { code: 'HB905' } });
    expect(parseBatchLine('{"id":"q"}', 5)).toMatchObject({ id: 'q', error: { code: 'HB905' } });
  });
});
