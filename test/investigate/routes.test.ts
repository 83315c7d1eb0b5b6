import { describe, expect, it } from 'vitest';
import { str } from '../../src/investigate/kql.ts';
import { formatRoute, parseRoute, routeForSearch, routesForCell } from '../../src/investigate/routes.ts';

describe('routes', () => {
  it('parses and formats every route', () => {
    const cases = [
      '#/file/4ad493d890092d6da645043be925925bca4cff27',
      '#/device/win10-lab01',
      '#/device/99b14e30b7738db0b26d8bafab381c551fe3a4d3?at=2024-05-14T09%3A42%3A03.117Z&m=5',
      '#/alert/da638512766602210975_-402117653',
      '#/process/99b14e30b7738db0b26d8bafab381c551fe3a4d3/6120/2024-05-14T09%3A42%3A03.117Z',
      '#/signin/42ba17c5-2359-5c96-a563-e86b9c260913',
      '#/identity/alex.rivera%40contoso.example',
    ];
    for (const c of cases) {
      const r = parseRoute(c);
      expect(r?.ok, c).toBe(true);
      if (r?.ok) expect(formatRoute(r.route)).toBe(c);
    }
    expect(parseRoute('#q=abc')).toBeNull();
  });

  it('rejects malformed parameters (no query injection through the URL)', () => {
    for (const bad of [
      '#/file/abc',
      '#/file/4ad493d890092d6da645043be925925bca4cff27" or 1==1',
      '#/device/x" | take 1',
      '#/alert/a"b',
      '#/process/99b14e30b7738db0b26d8bafab381c551fe3a4d3/12x/2024-05-14T09:42:03Z',
      '#/process/99b14e30b7738db0b26d8bafab381c551fe3a4d3/12/yesterday',
      '#/signin/not-a-guid',
      '#/identity/%E0%A4%A',
      '#/device/win10?at=now',
    ]) {
      const r = parseRoute(bad);
      expect(r?.ok, bad).toBe(false);
    }
  });

  it('quotes string literals safely', () => {
    expect(str('a"b\\c\nd')).toBe('"a\\"b\\\\c\\nd"');
    expect(str("Alex's iPhone")).toBe('"Alex\'s iPhone"');
  });

  it('guesses the view from the search box', () => {
    expect(routeForSearch(' aed7d138e84b89e070edd7cf0cc76dd9 ')).toEqual({ kind: 'file', hash: 'aed7d138e84b89e070edd7cf0cc76dd9' });
    expect(routeForSearch('42BA17C5-2359-5c96-a563-e86b9c260913')).toEqual({ kind: 'signin', correlationId: '42ba17c5-2359-5c96-a563-e86b9c260913' });
    expect(routeForSearch('da638512766602210975_-402117653')?.kind).toBe('alert');
    expect(routeForSearch('alex.rivera@contoso.example')?.kind).toBe('identity');
    expect(routeForSearch('win10-lab01')).toEqual({ kind: 'device', device: 'win10-lab01' });
    expect(routeForSearch('')).toBeNull();
  });

  it('links grid cells by column', () => {
    const cols = ['DeviceId', 'ProcessId', 'ProcessCreationTime', 'SHA1', 'CorrelationId'];
    const row = ['99b14e30b7738db0b26d8bafab381c551fe3a4d3', 6120, '2024-05-14T09:42:03.117Z', '4ad493d890092d6da645043be925925bca4cff27', '42ba17c5-2359-5c96-a563-e86b9c260913'];
    expect(routesForCell(cols, row, 0).map((l) => l.route.kind)).toEqual(['device']);
    expect(routesForCell(cols, row, 1).map((l) => l.route.kind)).toEqual(['process']);
    expect(routesForCell(cols, row, 3).map((l) => l.route.kind)).toEqual(['file']);
    expect(routesForCell(cols, row, 4).map((l) => l.route.kind)).toEqual(['signin']);
    expect(routesForCell(cols, row, 2)).toEqual([]);
  });
});
