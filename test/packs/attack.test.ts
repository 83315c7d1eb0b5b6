import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { alertTechniqueTags, TECHNIQUES, techniqueTags } from '../../src/packs/attack.ts';

const dir = path.resolve(import.meta.dirname, '../../queries');

describe('ATT&CK technique tags', () => {
  it('every technique of the shipped packs has a name', () => {
    const ids = new Set<string>();
    for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.json')))
      for (const q of JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')).queries) for (const t of q.techniques ?? []) ids.add(t);
    expect(ids.size).toBeGreaterThan(20);
    expect([...ids].filter((id) => !TECHNIQUES[id])).toEqual([]);
  });

  it('reads ids from pack queries and "Name (Txxxx)" text from alerts', () => {
    expect(techniqueTags(['T1059.001', 'T9999'])).toEqual([
      { id: 'T1059.001', name: 'PowerShell' },
      { id: 'T9999', name: 'T9999' },
    ]);
    expect(alertTechniqueTags('["Process Injection (T1055)", "Registry Run Keys / Startup Folder (T1547.001)", "no id"]')).toEqual([
      { id: 'T1055', name: 'Process Injection' },
      { id: 'T1547.001', name: 'Registry Run Keys / Startup Folder' },
    ]);
    expect(alertTechniqueTags('not json')).toEqual([]);
    expect(alertTechniqueTags(['PowerShell (T1059.001)'])).toEqual([{ id: 'T1059.001', name: 'PowerShell' }]);
  });
});
