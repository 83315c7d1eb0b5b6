/** Other formats: export → import gives back the identical pack, for every shipped pack. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportPack, importPackText } from '../../src/packs/formats.ts';
import type { Pack } from '../../src/packs/types.ts';
import { parsePackJson } from '../../src/packs/validate.ts';

const DIR = path.resolve(import.meta.dirname, '../../queries');
const shipped: Pack[] = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => {
    const r = parsePackJson(fs.readFileSync(path.join(DIR, f), 'utf8'));
    if (!r.ok) throw new Error(f);
    return r.pack;
  });

describe('round trips (export → import → identical)', () => {
  for (const format of ['huntbench', 'log-analytics', 'sentinel'] as const) {
    it(`${format}: every shipped pack`, () => {
      for (const pack of shipped) {
        const out = exportPack(pack, format);
        const back = importPackText(out.fileName, out.text);
        expect(back.ok ? [] : back.errors, `${pack.id} via ${format}`).toEqual([]);
        expect(back.ok && back.source).toBe(format);
        expect(back.ok && back.pack, `${pack.id} via ${format}`).toEqual(pack);
        // and a second export is byte-identical
        expect(back.ok && exportPack(back.pack, format).text).toBe(out.text);
      }
    });
  }

  it('keeps empty lists distinct from absent ones through Log Analytics', () => {
    const pack: Pack = { format: 'huntbench-pack', formatVersion: 1, id: 'p', name: 'P', version: '1', queries: [{ id: 'q', displayName: 'Q', body: 'print 1', tags: [], tactics: [] }] };
    const out = exportPack(pack, 'log-analytics');
    const back = importPackText(out.fileName, out.text);
    expect(back.ok && back.pack).toEqual(pack);
  });
});

describe('imports from the wild', () => {
  it('reads a Sentinel hunting query written by someone else', () => {
    const yaml = `id: 7a3e4e9f-8d61-4c3a-9a3c-f2a1b0c9d8e7
name: Rare process running from user folder
description: |
  Looks for processes that run from user folders.
requiredDataConnectors:
  - connectorId: MicrosoftThreatProtection
    dataTypes:
      - DeviceProcessEvents
tactics:
  - Execution
relevantTechniques:
  - T1204
query: |
  DeviceProcessEvents
  | where FolderPath has @"\\Users\\"
entityMappings:
  - entityType: Host
    fieldMappings:
      - identifier: HostName
        columnName: DeviceName
version: 1.0.1
`;
    const r = importPackText('rare-process.yaml', yaml);
    expect(r.ok ? [] : r.errors).toEqual([]);
    if (!r.ok) return;
    expect(r.source).toBe('sentinel');
    expect(r.pack).toMatchObject({ id: 'rare-process', name: 'rare-process', version: '1.0.0' });
    expect(r.pack.queries[0]).toEqual({
      id: '7a3e4e9f-8d61-4c3a-9a3c-f2a1b0c9d8e7',
      displayName: 'Rare process running from user folder',
      description: 'Looks for processes that run from user folders.',
      body: 'DeviceProcessEvents\n| where FolderPath has @"\\Users\\"',
      tactics: ['Execution'],
      techniques: ['T1204'],
      requiredTables: ['DeviceProcessEvents'],
      entityMappings: [{ entityType: 'Host', fieldMappings: [{ identifier: 'HostName', columnName: 'DeviceName' }] }],
      dataConnectors: [{ connectorId: 'MicrosoftThreatProtection', dataTypes: ['DeviceProcessEvents'] }],
      version: '1.0.1',
    });
    // and back to Sentinel without loss
    const again = importPackText('x.yaml', exportPack(r.pack, 'sentinel').text);
    expect(again.ok && again.pack.queries).toEqual(r.pack.queries);
  });

  it('reads a Log Analytics query pack export with ARM-style tags', () => {
    const la = {
      name: 'SOC pack',
      queries: [
        { id: 'c1c3b1a0-0000-4000-8000-000000000001', properties: { displayName: 'Failed sign-ins', body: 'SigninLogs | where ResultType != "0"', description: 'd', related: { categories: ['security'] }, tags: { labels: ['identity'], severity: ['high'], tactics: ['CredentialAccess'] } } },
      ],
    };
    const r = importPackText('soc.json', JSON.stringify(la));
    expect(r.ok ? [] : r.errors).toEqual([]);
    expect(r.ok && r.source).toBe('log-analytics');
    expect(r.ok && r.pack.queries[0]).toEqual({
      id: 'c1c3b1a0-0000-4000-8000-000000000001',
      displayName: 'Failed sign-ins',
      description: 'd',
      body: 'SigninLogs | where ResultType != "0"',
      tags: ['identity', 'severity:high'],
      tactics: ['CredentialAccess'],
      categories: ['security'],
    });
  });

  it('reads files saved with a UTF-8 byte order mark (JSON and Sentinel YAML)', () => {
    for (const f of fs.readdirSync(DIR).filter((x) => x.endsWith('.json')).slice(0, 2)) {
      const text = fs.readFileSync(path.join(DIR, f), 'utf8');
      const plain = importPackText(f, text);
      const bom = importPackText(f, `\uFEFF${text}`);
      expect(bom).toEqual(plain);
      expect(bom.ok).toBe(true);
      if (!bom.ok) continue;
      const yaml = exportPack(bom.pack, 'sentinel');
      const back = importPackText(yaml.fileName, `\uFEFF${yaml.text}`);
      expect(back.ok).toBe(true);
      expect(back.ok && back.pack.queries.map((q) => q.body)).toEqual(bom.pack.queries.map((q) => q.body));
    }
  });

  it('gives a YAML syntax error its line and column (the parser only reports an offset)', () => {
    const at = (text: string) => {
      const r = importPackText('a.yaml', text);
      return r.ok ? 'ok' : `${r.errors[0].line}:${r.errors[0].column} ${r.errors[0].message}`;
    };
    expect(at('format: huntbench-pack\nid: [unclosed\n')).toMatch(/^3:1 not valid YAML: Flow sequence/);
    expect(at('name: x\nname: y\nquery: print 1\n')).toMatch(/^2:1 not valid YAML: Map keys must be unique/);
    expect(at('name: a: b\n')).toMatch(/^1:7 not valid YAML/);
    expect(at('\uFEFFname: a: b\n')).toMatch(/^1:7 not valid YAML/);
  });

  it('rejects what is not a pack, with a reason', () => {
    const msg = (name: string, text: string) => {
      const r = importPackText(name, text);
      return r.ok ? 'ok' : `${r.errors[0].line ?? ''}:${r.errors[0].path}: ${r.errors[0].message}`;
    };
    expect(msg('a.json', '{"rows": []}')).toMatch(/not a query pack/);
    expect(msg('a.json', '{"format": "huntbench-pack", "formatVersion": 1')).toMatch(/^1:: not valid JSON: expected ',' or '}' in an object, found end of input/);
    expect(msg('a.yaml', 'name: x\nquery: [unclosed')).toMatch(/not valid YAML/);
    expect(msg('a.yaml', 'just: a map')).toMatch(/YAML document 1 is not a Sentinel hunting query/);
    expect(msg('a.yaml', 'a: &a [1]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n')).not.toBe('ok');
    expect(msg('a.yaml', 'name: <script>x</script>\nquery: print 1\n')).toMatch(/queries\[0\]\.displayName: holds markup/);
    // too deep a value is a message, not an exception
    expect(msg('a.yaml', `name: x\nquery: print 1\ntags: ${'['.repeat(70)}${']'.repeat(70)}\n`)).toMatch(/nested deeper than 64 levels/);
  });

  it('reads a Sentinel file of many documents (the document index is not a depth)', () => {
    const docs = Array.from({ length: 80 }, (_, i) => `id: 0000000${i}-0000-0000-0000-000000000000\nname: Hunt ${i}\nquery: |\n  DeviceInfo | take ${i + 1}\n`);
    const r = importPackText('many.yaml', docs.join('---\n'));
    expect(r.ok ? r.pack.queries.length : r.errors[0].message).toBe(80);
  });
});
