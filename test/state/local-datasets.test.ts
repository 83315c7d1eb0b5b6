import { describe, expect, it } from 'vitest';
import { scanFolder } from '../../src/state/local-datasets.ts';

const f = (path: string, text = 'x') => ({ path, file: new Blob([text]) });
const catalog = (extra: object) => JSON.stringify({ dataset: 'd', tables: [{ name: 'T', kind: 'user', columns: [] }], ...extra });

describe('scanFolder', () => {
  it('offers generated folders (DuckDB or Arrow) and loose .duckdb files, and counts the rest', async () => {
    const s = await scanFolder([
      f('data/big/catalog.json', catalog({ database: 'lab.duckdb' })),
      f('data/big/lab.duckdb', 'db-bytes'),
      f('data/big/questions.json'),
      f('data/arrow/catalog.json', JSON.stringify({ dataset: 'a', tables: [{ name: 'T', kind: 'user', columns: [], file: 'T.arrow' }] })),
      f('data/arrow/T.arrow', 'arrow!'),
      f('data/one.duckdb', 'abc'),
      f('data/sub/two.DUCKDB'),
      f('data/readme.md'),
    ]);
    expect(s.datasets.map((d) => [d.kind, d.name, d.bytes])).toEqual([
      ['arrow', 'data/arrow/', 6],
      ['database', 'data/big/', 8],
      ['bare', 'data/one.duckdb', 3],
      ['bare', 'data/sub/two.DUCKDB', 1],
    ]);
    expect(s.problems).toEqual([]);
    expect(s.ignored).toBe(1);
  });

  it('reports catalogs it cannot use and still offers the rest', async () => {
    const s = await scanFolder([
      f('d/broken/catalog.json', '{ nope'),
      f('d/nodb/catalog.json', catalog({ database: 'gone.duckdb' })),
      f('d/noarrow/catalog.json', JSON.stringify({ dataset: 'x', tables: [{ name: 'A', kind: 'user', columns: [], file: 'A.arrow' }] })),
      f('d/ok.duckdb'),
    ]);
    expect(s.datasets.map((d) => d.name)).toEqual(['d/ok.duckdb']);
    expect(s.problems).toEqual([
      expect.stringMatching(/^d\/broken\/catalog.json: not a dataset catalog \(/),
      'd/noarrow/catalog.json: names A.arrow, not in the folder',
      'd/nodb/catalog.json: names the database gone.duckdb, which is not in the folder',
    ]);
  });

  it('finds nothing in a folder without datasets', async () => {
    const s = await scanFolder([f('x/a.csv'), f('x/b.txt')]);
    expect(s).toEqual({ datasets: [], problems: [], ignored: 2 });
  });
});
