/**
 * The H3 host functions (kql/host/h3.ts, h3-js): geo_point_to_h3cell, geo_h3cell_to_central_point,
 * geo_h3cell_to_polygon, geo_h3cell_neighbors, geo_h3cell_rings. Every documented example
 * (learn.microsoft.com kusto/query/<function>-function) with its documented output, run on
 * DuckDB-WASM through the two-pass compile, plus column arguments and the refusals of what the
 * pages leave open. Coordinates are compared to 1e-13 relative: some documented digits differ from
 * the H3 library's by an ulp or two (40.727986222489115 documented, 40.72798622248909 computed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../../src/engine/node.ts';
import type { Engine } from '../../../src/engine/types.ts';
import type { JsonValue } from '../../../src/engine/values.ts';
import { type CompileResult, compile } from '../../../src/kql/index.ts';
import { compilePasses, NOW, runKqlPasses } from '../helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => {
  await engine?.close();
});

const passes = (kql: string): Promise<CompileResult> => compilePasses(engine, kql);

const rows = async (kql: string): Promise<JsonValue[][]> => (await runKqlPasses(engine, kql)).rows;

/** Equal, numbers to 1e-13 relative. */
function near(got: unknown, want: unknown, path = '$'): void {
  if (typeof want === 'number') {
    expect(typeof got, path).toBe('number');
    expect(Math.abs((got as number) - want), `${path}: ${got} vs ${want}`).toBeLessThanOrEqual(Math.abs(want) * 1e-13);
  } else if (Array.isArray(want)) {
    expect(Array.isArray(got), path).toBe(true);
    expect((got as unknown[]).length, path).toBe(want.length);
    for (const [i, w] of want.entries()) near((got as unknown[])[i], w, `${path}[${i}]`);
  } else if (want && typeof want === 'object') {
    expect(Object.keys(got as object).sort(), path).toEqual(Object.keys(want).sort());
    for (const [k, w] of Object.entries(want)) near((got as Record<string, unknown>)[k], w, `${path}.${k}`);
  } else expect(got, path).toEqual(want);
}

async function refusal(kql: string): Promise<{ code: string; message: string; at: string }> {
  const r = await passes(kql);
  expect(r.ok, kql).toBe(false);
  const d = r.diagnostics.find((x) => x.severity === 'error')!;
  return { code: d.code, message: d.message, at: kql.slice(d.start, d.end) };
}

// Documented polygons (geo-h3cell-to-polygon-function, geo-h3cell-neighbors-function)
const P_862a1072 = [[[-74.0022744646159, 40.735376026215022], [-74.046908029686236, 40.727986222489115], [-74.060610712223664, 40.696775140349033], [-74.029724408156682, 40.672970047595463], [-73.985140983708192, 40.680349049267583], [-73.971393761028622, 40.71154393543933], [-74.0022744646159, 40.735376026215022]]];
const polygon = (coordinates: number[][][]) => ({ type: 'Polygon', coordinates });

describe('geo_point_to_h3cell (documented examples)', () => {
  it('a point at resolution 6', async () => {
    expect(await rows('print h3cell = geo_point_to_h3cell(-74.04450446039874, 40.689250859314974, 6)')).toEqual([['862a1072fffffff']]);
  });
  it('groups of coordinates by their resolution-5 cell (column arguments)', async () => {
    const got = await rows(`datatable(location_id:string, longitude:real, latitude:real)
      [
          "A", -73.956683, 40.807907,
          "B", -73.916869, 40.818314,
          "C", -73.989148, 40.743273,
      ]
      | summarize count = count(), locations = make_list(location_id) by h3cell = geo_point_to_h3cell(longitude, latitude, 5)
      | order by h3cell asc`);
    expect(got).toEqual([
      ['852a100bfffffff', 2, ['A', 'B']],
      ['852a1073fffffff', 1, ['C']],
    ]);
  });
  it('invalid coordinates, an invalid level and a null level are empty', async () => {
    expect(await rows('print h3cell = geo_point_to_h3cell(300,1,8)')).toEqual([['']]);
    expect(await rows('print h3cell = geo_point_to_h3cell(1,1,16)')).toEqual([['']]);
    expect(await rows('print h3cell = geo_point_to_h3cell(1,1,int(null))')).toEqual([['']]);
  });
});

describe('geo_h3cell_to_central_point (documented examples)', () => {
  it('the centre as a GeoJSON point', async () => {
    near(await rows('print h3cell = geo_h3cell_to_central_point("862a1072fffffff")'), [[{ type: 'Point', coordinates: [-74.016008479792447, 40.7041679083504] }]]);
  });
  it("the centre's longitude", async () => {
    // the page prints 15 significant digits
    const [[lng]] = await rows('print longitude = geo_h3cell_to_central_point("862a1072fffffff").coordinates[0]');
    expect(Math.abs((lng as number) - -74.0160084797924)).toBeLessThan(1e-12);
  });
  it('an invalid token is null', async () => {
    expect(await rows('print h3cell = geo_h3cell_to_central_point("1")')).toEqual([[null]]);
  });
});

describe('geo_h3cell_to_polygon (documented examples)', () => {
  it('the polygon of a cell', async () => {
    near(await rows('print geo_h3cell_to_polygon("862a1072fffffff")'), [[polygon(P_862a1072)]]);
  });
  it('a GeoJSON collection of the cells of three points (column arguments)', async () => {
    const got = await rows(`datatable(lng:real, lat:real)
      [
          -73.956683, 40.807907,
          -73.916869, 40.818314,
          -73.989148, 40.743273,
      ]
      | project h3_hash = geo_point_to_h3cell(lng, lat, 6)
      | project h3_hash_polygon = geo_h3cell_to_polygon(h3_hash)
      | summarize h3_hash_polygon_lst = make_list(h3_hash_polygon)
      | project bag_pack(
          "type", "Feature",
          "geometry", bag_pack("type", "GeometryCollection", "geometries", h3_hash_polygon_lst),
          "properties", bag_pack("name", "H3 polygons collection"))`);
    near(got, [
      [
        {
          type: 'Feature',
          geometry: {
            type: 'GeometryCollection',
            geometries: [
              polygon([[[-73.9609635556213, 40.829061732419916], [-74.005691351383675, 40.821680937801922], [-74.019448383546617, 40.790439140236963], [-73.988522328408948, 40.766594382212254], [-73.943844904976629, 40.773964402038523], [-73.930043202964953, 40.805189944379514], [-73.9609635556213, 40.829061732419916]]]),
              polygon([[[-73.902385078754875, 40.867671551513595], [-73.94715685019348, 40.860310688399885], [-73.9609635556213, 40.829061732419916], [-73.930043202964953, 40.805189944379514], [-73.885321931061725, 40.812540084842404], [-73.871470551071766, 40.843772725733125], [-73.902385078754875, 40.867671551513595]]]),
              polygon([[[-73.943844904976629, 40.773964402038523], [-73.988522328408948, 40.766594382212254], [-74.0022744646159, 40.735376026215022], [-73.971393761028622, 40.71154393543933], [-73.926766604813565, 40.718903205013063], [-73.912969923470314, 40.750105305345329], [-73.943844904976629, 40.773964402038523]]]),
            ],
          },
          properties: { name: 'H3 polygons collection' },
        },
      ],
    ]);
  });
  it('an invalid token is null', async () => {
    expect(await rows('print geo_h3cell_to_polygon("@")')).toEqual([[null]]);
  });
});

const NEIGHBOURS = ['862a10727ffffff', '862a10707ffffff', '862a1070fffffff', '862a10777ffffff', '862a100dfffffff', '862a100d7ffffff'];

describe('geo_h3cell_neighbors (documented examples)', () => {
  it('the neighbours of a cell, in order', async () => {
    expect(await rows("print neighbors = geo_h3cell_neighbors('862a1072fffffff')")).toEqual([[NEIGHBOURS]]);
  });
  it('the cell with its neighbours', async () => {
    expect(await rows("let h3cell = '862a1072fffffff';\nprint cells = array_concat(pack_array(h3cell), geo_h3cell_neighbors(h3cell))")).toEqual([[['862a1072fffffff', ...NEIGHBOURS]]]);
  });
  it("a GeoJSON collection of the cell's and its neighbours' polygons (a host call over mv-expanded cells)", async () => {
    const got = await rows(`let h3cell = '862a1072fffffff';
      print cells = array_concat(pack_array(h3cell), geo_h3cell_neighbors(h3cell))
      | mv-expand cells to typeof(string)
      | project polygons = geo_h3cell_to_polygon(cells)
      | summarize arr = make_list(polygons)
      | project geojson = bag_pack("type", "Feature","geometry", bag_pack("type", "GeometryCollection", "geometries", arr), "properties", bag_pack("name", "polygons"))`);
    const geometries = [
      P_862a1072,
      [[[-74.019448383546617, 40.790439140236963], [-74.064132193843633, 40.783038509825], [-74.077839665342211, 40.751803958414136], [-74.046908029686236, 40.727986222489115], [-74.0022744646159, 40.735376026215022], [-73.988522328408948, 40.766594382212254], [-74.019448383546617, 40.790439140236963]]],
      [[[-74.077839665342211, 40.751803958414136], [-74.1224794808745, 40.744383587828388], [-74.1361375042681, 40.713156370029125], [-74.1052004095288, 40.689365648097258], [-74.060610712223664, 40.696775140349033], [-74.046908029686236, 40.727986222489115], [-74.077839665342211, 40.751803958414136]]],
      [[[-74.060610712223664, 40.696775140349033], [-74.1052004095288, 40.689365648097258], [-74.118853750491638, 40.658161927046628], [-74.0879619670209, 40.634383824229609], [-74.043422283844933, 40.641782462872115], [-74.029724408156682, 40.672970047595463], [-74.060610712223664, 40.696775140349033]]],
      [[[-73.985140983708192, 40.680349049267583], [-74.029724408156682, 40.672970047595463], [-74.043422283844933, 40.641782462872115], [-74.012581189358343, 40.617990065981623], [-73.968047801220749, 40.625358290164748], [-73.954305509472675, 40.656529678451555], [-73.985140983708192, 40.680349049267583]]],
      [[[-73.926766604813565, 40.718903205013063], [-73.971393761028622, 40.71154393543933], [-73.985140983708192, 40.680349049267583], [-73.954305509472675, 40.656529678451555], [-73.909728515658443, 40.663878222244435], [-73.895936872069854, 40.69505685239637], [-73.926766604813565, 40.718903205013063]]],
      [[[-73.943844904976629, 40.773964402038523], [-73.988522328408948, 40.766594382212254], [-74.0022744646159, 40.735376026215022], [-73.971393761028622, 40.71154393543933], [-73.926766604813565, 40.718903205013063], [-73.912969923470314, 40.750105305345329], [-73.943844904976629, 40.773964402038523]]],
    ].map(polygon);
    near(got, [[{ type: 'Feature', geometry: { type: 'GeometryCollection', geometries }, properties: { name: 'polygons' } }]]);
  });
  it('an invalid token is null', async () => {
    expect(await rows("print invalid = isnull(geo_h3cell_neighbors('abc'))")).toEqual([[true]]);
  });
});

const RING1 = ['861f88947ffffff', '861f8895fffffff', '861f88867ffffff', '861f8d497ffffff', '861f8d4b7ffffff', '861f8896fffffff'];

describe('geo_h3cell_rings (documented examples)', () => {
  it('rings up to distance 2, in order', async () => {
    expect(await rows("print rings = geo_h3cell_rings('861f8894fffffff', 2)")).toEqual([
      [
        [
          ['861f8894fffffff'],
          RING1,
          ['861f88967ffffff', '861f88977ffffff', '861f88957ffffff', '861f8882fffffff', '861f88877ffffff', '861f88847ffffff', '861f8886fffffff', '861f8d49fffffff', '861f8d487ffffff', '861f8d4a7ffffff', '861f8d59fffffff', '861f8d597ffffff'],
        ],
      ],
    ]);
  });
  it('ring 1', async () => {
    expect(await rows("print neighbors = geo_h3cell_rings('861f8894fffffff', 1)[1]")).toEqual([[RING1]]);
  });
  it('the cells of all rings (mv-apply)', async () => {
    expect(await rows("print rings = geo_h3cell_rings('861f8894fffffff', 1)\n| mv-apply rings on \n(\n  summarize cells = make_list(rings)\n)")).toEqual([[['861f8894fffffff', ...RING1]]]);
  });
  it('an invalid cell or distance is null', async () => {
    expect(await rows("print is_null = isnull(geo_h3cell_rings('abc', 3))")).toEqual([[true]]);
    expect(await rows("print is_null = isnull(geo_h3cell_rings('861f8894fffffff', 150))")).toEqual([[true]]);
  });
});

describe('column arguments and what the pages leave open', () => {
  it('a token with a reserved bit set (bits 56-58) is not a cell, in SQL and in the host pass alike', async () => {
    // 862a1072fffffff with bit 56 set; H3's validity check rejects it
    expect(await rows("print l = isnull(geo_h3cell_level('962a1072fffffff')), p = isnull(geo_h3cell_to_central_point('962a1072fffffff')), ok = geo_h3cell_level('862a1072fffffff')")).toEqual([
      [true, true, 6],
    ]);
  });
  it('a column of cells: one answer per row, in order, nulls for invalid tokens', async () => {
    const got = await rows(`datatable(i:long, c:string, d:int)[1, "862a1072fffffff", 1, 2, "abc", 1, 3, "", 0, 4, "862a1072fffffff", int(null), 5, "861f8894fffffff", 143]
      | extend p = geo_h3cell_to_central_point(c), n = array_length(geo_h3cell_neighbors(c)), r = geo_h3cell_rings(c, d)
      | project i, isnull(p), n, r`);
    expect(got).toEqual([
      [1, false, 6, [['862a1072fffffff'], NEIGHBOURS]],
      [2, true, null, null],
      [3, true, null, null],
      [4, false, 6, null],
      [5, false, 6, null],
    ]);
  });
  it('points from columns (nulls, NaN and edges of the ranges)', async () => {
    const got = await rows(`datatable(i:long, x:real, y:real, r:long)[1, -74.04450446039874, 40.689250859314974, 6, 2, real(null), 1.0, 6, 3, real(nan), 1.0, 6, 4, 180.0, 90.0, 0, 5, -180.5, 0.0, 3, 6, 10.0, 10.0, -1]
      | project i, c = geo_point_to_h3cell(x, y, r), d = geo_point_to_h3cell(x, y)`);
    expect(got.map((r) => [r[0], r[1] === '' ? '' : 'cell', r[2] === '' ? '' : 'cell'])).toEqual([
      [1, 'cell', 'cell'],
      [2, '', ''],
      [3, '', ''],
      [4, 'cell', 'cell'],
      [5, '', ''],
      [6, '', 'cell'],
    ]);
    expect(got[0].slice(1)).toEqual(['862a1072fffffff', '862a1072fffffff']);
  });
  it('distance 0 is the cell itself, also for a pentagon', async () => {
    expect(await rows("print geo_h3cell_rings('8009fffffffffff', 0)")).toEqual([[[['8009fffffffffff']]]]);
  });
  it('neighbours and rings that meet a pentagon are refused (the page does not say which cells are left out)', async () => {
    const call = "geo_h3cell_neighbors('8009fffffffffff')";
    const r = await refusal(`print ${call}`);
    expect([r.code, r.at]).toEqual(['HB120', call]);
    expect(r.message).toMatch(/pentagon/);
    expect((await refusal("print geo_h3cell_rings(geo_point_to_h3cell(10.5, 64.7, 0), 2)")).message).toMatch(/pentagon/);
  });
  it('an upper-case token and a polygon across the antimeridian are refused', async () => {
    expect((await refusal("print geo_h3cell_to_central_point('862A1072FFFFFFF')")).message).toMatch(/upper-case/);
    expect((await refusal('print geo_h3cell_to_polygon(geo_point_to_h3cell(180.0, 0.0, 2))')).message).toMatch(/antimeridian/);
  });
  it('a pure compile needs the first pass (HB133)', () => {
    const r = compile("print geo_h3cell_neighbors('862a1072fffffff')", { catalog: null, now: NOW });
    expect(r.diagnostics[0]?.code).toBe('HB133');
    expect(r.probe?.host?.fn).toBe('geo_h3cell_neighbors');
  });
});
