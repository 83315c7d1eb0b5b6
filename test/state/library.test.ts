/** The pack library's storage: nothing saved is ever dropped silently (issue 15). */
import { describe, expect, it } from 'vitest';
import { copyIdentity, LIBRARY_KEY, Library } from '../../src/state/library.svelte.ts';
import { serializePack } from '../../src/packs/validate.ts';
import { minimalPack } from '../packs/helpers.ts';

function memoryStore(init: Record<string, string> = {}) {
  const m = new Map(Object.entries(init));
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k), map: m };
}

const library = (store: ReturnType<typeof memoryStore>) =>
  new Library({ store, shipped: async () => ({}), evaluate: async () => ({ columns: [], rows: [] }), dataset: () => 'lab', openQuery: () => {} });

describe('Keep both', () => {
  it('names the copy within the id and name limits, and the copy survives a reload', async () => {
    const store = memoryStore();
    const lib = library(store);
    const long = { ...minimalPack(), id: `p${'x'.repeat(99)}`, name: 'N'.repeat(200) };
    expect(await lib.importText('a.json', serializePack(long))).toBe(true);
    const other = { ...long, version: '2.0.0' };
    expect(await lib.importText('b.json', serializePack(other))).toBe(false);
    expect(lib.pending?.clash).toBe('saved');
    lib.resolvePending('keep-both');
    expect(lib.saved.map((p) => p.id).sort()).toEqual([long.id, copyIdentity(long, 2).id].sort());
    expect(copyIdentity(long, 2).id).toHaveLength(100);
    expect(copyIdentity(long, 2).name).toHaveLength(200);
    // before: the renamed copy broke the limits and the next load dropped it without a word
    const again = library(store);
    expect(again.saved).toHaveLength(2);
    expect(again.setAside).toEqual([]);
  });
});

describe('stored entries that fail validation', () => {
  it('are set aside with the reason, kept in storage across saves, and exportable', () => {
    const good = minimalPack();
    const broken = { ...minimalPack(), id: 'broken.pack', name: 'Broken pack', queries: 'not a list' };
    const store = memoryStore({ [LIBRARY_KEY]: JSON.stringify({ packs: [good, broken] }) });
    const lib = library(store);
    expect(lib.saved.map((p) => p.id)).toEqual([good.id]);
    expect(lib.setAside).toHaveLength(1);
    expect(lib.setAside[0]).toMatchObject({ label: 'Broken pack', reason: expect.stringMatching(/queries/) });
    expect(lib.message?.text).toMatch(/1 saved pack could not be read and was set aside, not deleted \(Broken pack: /);
    // a save does not lose it
    expect(lib.saveQuery('print 1', 'one')).toBe(true);
    const stored = JSON.parse(store.map.get(LIBRARY_KEY)!).packs;
    expect(stored.map((p: { id: string }) => p.id).sort()).toEqual(['broken.pack', 'my-queries', good.id].sort());
    const file = JSON.parse(lib.setAsideFile().text);
    expect(file.setAside[0].entry).toEqual(broken);
  });

  it('an unreadable library text is kept under its own key before the first save', () => {
    const store = memoryStore({ [LIBRARY_KEY]: '{"packs": [oops' });
    const lib = library(store);
    expect(lib.saved).toEqual([]);
    expect(lib.setAside).toHaveLength(1);
    expect(lib.saveQuery('print 1', 'one')).toBe(true);
    expect(store.map.get(`${LIBRARY_KEY}.unreadable`)).toBe('{"packs": [oops');
  });
});
