/**
 * geo functions: KQL → IR (SQL spellings in sql/families/geo.ts). The reference measures on a
 * sphere (WGS-84 coordinates, geodesic edges); its documented distances match a sphere of radius
 * 6,371,010 m (S2's Earth radius). GeoJSON line arguments are normalised to a list of lines
 * (DOUBLE[][][], `geoLines`) whatever their dynamic form (a typed struct or JSON text); S2 cells
 * follow the S2 geometry library's cell ids. The spheroid option, buffers, simplification, unions,
 * coverings and H3 cells are not implemented (see docs/kql-support.md and src/kql/exclusions.ts).
 */
import type { SqlShape } from '../../api.ts';
import type { Expr } from '../../ir/types.ts';
import type { SNode } from '../../parse/index.ts';
import { unsupported } from '../context.ts';
import { consume } from '../consume.ts';
import { convert } from '../convert.ts';
import { asScalar, fn, jsonToExpr, toStr } from '../expr.ts';
import { constString } from '../terms.ts';
import { dyn, KReal, lit, scalar } from '../values.ts';
import type { AggHandler, Handler } from './types.ts';

const R = scalar('real');

const real = (x: Expr): Expr => convert(x.ty.kql === 'dynamic' ? asScalar(x, R) : x, 'real');

const POINT = dyn({
  k: 'struct',
  fields: [
    { name: 'type', shape: { k: 'scalar', t: 'string' } },
    { name: 'coordinates', shape: { k: 'list', of: { k: 'scalar', t: 'real' } } },
  ],
});

const POLYGON = dyn({
  k: 'struct',
  fields: [
    { name: 'type', shape: { k: 'scalar', t: 'string' } },
    { name: 'coordinates', shape: { k: 'list', of: { k: 'list', of: { k: 'list', of: { k: 'scalar', t: 'real' } } } } },
  ],
});

const LINES = dyn({ k: 'list', of: { k: 'list', of: { k: 'list', of: { k: 'scalar', t: 'real' } } } });

/**
 * How deep a shape nests lists of numbers (2 for [[lng, lat], ...]); -2 for empty lists or nulls
 * (no coordinates: an invalid shape, null), -1 when it holds something else.
 */
function numDepth(s: SqlShape): number {
  if (s.k === 'scalar') return s.t === 'real' || s.t === 'long' || s.t === 'int' || s.t === 'decimal' ? 0 : -1;
  if (s.k === 'null') return -2;
  if (s.k === 'list') {
    const d = numDepth(s.of);
    return d < 0 ? d : d + 1;
  }
  return -1;
}

/**
 * A GeoJSON LineString or MultiLineString argument as a list of lines (DOUBLE[][][]), checked
 * row by row in SQL (`hb_geo_lines_ok`): null when it is not a valid line, as documented.
 */
function geoLines(x: Expr, n: SNode, what: string): Expr {
  if (x.ty.kql !== 'dynamic') return unsupported(n, `${what} of a ${x.ty.kql} value`, 'HB120');
  const s = x.ty.shape;
  if (s.k === 'json') return fn('geo_lines_json', [x], LINES);
  if (s.k === 'struct') {
    const t = s.fields.find((f) => f.name === 'type');
    const c = s.fields.find((f) => f.name === 'coordinates');
    if (t && c && t.shape.k === 'scalar' && t.shape.t === 'string') {
      const d = numDepth(c.shape);
      if (d === 2) return fn('geo_lines_s2', [x], LINES);
      if (d === 3) return fn('geo_lines_s3', [x], LINES);
      if (d === -1) return unsupported(n, `${what} of coordinates that are not numbers`, 'HB120');
    }
  }
  // no GeoJSON line has this shape: null (an invalid line), as documented
  return fn('geo_lines_none', [x], LINES);
}

const POLYS = dyn({ k: 'list', of: { k: 'list', of: { k: 'list', of: { k: 'list', of: { k: 'scalar', t: 'real' } } } } });

/** A GeoJSON Polygon or MultiPolygon argument as a list of polygons (rings of [lng, lat]: DOUBLE[][][][]). */
function geoPolys(x: Expr, n: SNode, what: string): Expr {
  if (x.ty.kql !== 'dynamic') return unsupported(n, `${what} of a ${x.ty.kql} value`, 'HB120');
  const s = x.ty.shape;
  if (s.k === 'json') return fn('geo_polys_json', [x], POLYS);
  if (s.k === 'struct') {
    const t = s.fields.find((f) => f.name === 'type');
    const c = s.fields.find((f) => f.name === 'coordinates');
    if (t && c && t.shape.k === 'scalar' && t.shape.t === 'string') {
      const d = numDepth(c.shape);
      if (d === 3) return fn('geo_polys_s3', [x], POLYS);
      if (d === 4) return fn('geo_polys_s4', [x], POLYS);
      if (d === -1) return unsupported(n, `${what} of coordinates that are not numbers`, 'HB120');
    }
  }
  // no GeoJSON polygon has this shape: null (an invalid polygon), as documented
  return fn('geo_polys_none', [x], POLYS);
}

/** A constant false (use_spheroid = false: the sphere, as without the argument). */
const isFalse = (x: Expr): boolean => x.k === 'lit' && /^(false|0|CAST\(0 AS BIGINT\))$/i.test(x.sql);

/** Why a constant WKT text is refused: its GeoJSON form (or validity) in Kusto is not documented. */
class WktRefused extends Error {}

/**
 * Well-known text → GeoJSON (the documented forms: upper-case keywords, 2-D coordinates, MULTIPOINT
 * without parentheses around its points). Malformed text is null (documented); EMPTY, Z/M
 * coordinates, lower-case keywords, out-of-range coordinates, short or unclosed rings are refused.
 */
function wktToGeoJson(text: string): unknown {
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const fail = (): never => {
    throw new SyntaxError('wkt');
  };
  const eat = (c: string) => {
    ws();
    if (text[i] !== c) fail();
    i++;
  };
  const peek = () => {
    ws();
    return text[i];
  };
  const num = (): number => {
    ws();
    const m = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?/.exec(text.slice(i));
    if (!m) return fail();
    i += m[0].length;
    return Number(m[0]);
  };
  const real = (v: number) => (Number.isInteger(v) ? new KReal(v) : v);
  const coord = () => {
    const x = num();
    const y = num();
    if (/^[-+.\d]/.test(peek() ?? '')) throw new WktRefused();
    if (!(x >= -180 && x <= 180 && y >= -90 && y <= 90)) throw new WktRefused();
    return [real(x), real(y)];
  };
  const list = <T>(item: () => T): T[] => {
    eat('(');
    const out = [item()];
    while (peek() === ',') {
      i++;
      out.push(item());
    }
    eat(')');
    return out;
  };
  const line = () => {
    const l = list(coord);
    if (l.length < 2) throw new WktRefused();
    return l;
  };
  const ring = () => {
    const r = list(coord);
    const [a, b] = [r[0], r[r.length - 1]].map((p) => p.map((v) => (v instanceof KReal ? v.v : v)));
    if (r.length < 4 || a[0] !== b[0] || a[1] !== b[1]) throw new WktRefused();
    return r;
  };
  const geom = (): unknown => {
    ws();
    const kw = /^[A-Za-z]+/.exec(text.slice(i))?.[0] ?? '';
    if (kw !== kw.toUpperCase()) throw new WktRefused();
    i += kw.length;
    if (peek() === 'E' || peek() === 'Z' || peek() === 'M') throw new WktRefused();
    switch (kw) {
      case 'POINT':
        return { type: 'Point', coordinates: list(coord)[0] };
      case 'LINESTRING':
        return { type: 'LineString', coordinates: line() };
      case 'POLYGON':
        return { type: 'Polygon', coordinates: list(ring) };
      case 'MULTIPOINT':
        ws();
        if (text[i + 1] !== undefined && text.slice(i + 1).trimStart().startsWith('(')) throw new WktRefused();
        return { type: 'MultiPoint', coordinates: list(coord) };
      case 'MULTILINESTRING':
        return { type: 'MultiLineString', coordinates: list(line) };
      case 'MULTIPOLYGON':
        return { type: 'MultiPolygon', coordinates: list(() => list(ring)) };
      case 'GEOMETRYCOLLECTION':
        return { type: 'GeometryCollection', geometries: list(geom) };
      default:
        return fail();
    }
  };
  try {
    const g = geom();
    ws();
    return i === text.length ? g : null;
  } catch (e) {
    if (e instanceof SyntaxError) return null;
    throw e;
  }
}

export const HANDLERS: Record<string, Handler> = {
  geo_distance_2points: (a, out, n) => {
    if (a[4]) {
      // use_spheroid: only a constant false (the sphere, as without it) is supported
      const x = a[4];
      if (!isFalse(x)) return unsupported(n, 'geo_distance_2points() on the spheroid (use_spheroid other than a constant false)', 'HB120');
      consume(x);
    }
    return fn('geo_distance_2points', a.slice(0, 4).map(real), out);
  },
  geo_point_in_circle: (a, out) => fn('geo_point_in_circle', a.map(real), out),
  geo_point_to_geohash: (a, out, n) => {
    const acc = a[2];
    if (acc && acc.ty.kql !== 'long' && acc.ty.kql !== 'int') return unsupported(n, `geo_point_to_geohash() accuracy of type ${acc.ty.kql}`, 'HB120');
    return fn(acc ? 'geo_point_to_geohash_n' : 'geo_point_to_geohash', [real(a[0]), real(a[1]), ...(acc ? [convert(acc, 'long')] : [])], out);
  },
  geo_geohash_to_central_point: (a, _out, n) => {
    if (a[0].ty.kql !== 'string') return unsupported(n, 'geo_geohash_to_central_point() of a non-string value', 'HB120');
    return fn('geo_geohash_to_central_point', [toStr(a[0])], POINT);
  },
  geo_geohash_to_polygon: (a, _out, n) => {
    if (a[0].ty.kql !== 'string') return unsupported(n, 'geo_geohash_to_polygon() of a non-string value', 'HB120');
    return fn('geo_geohash_to_polygon', [toStr(a[0])], POLYGON);
  },
  geo_azimuth: (a, out) => fn('geo_azimuth', a.map(real), out),
  geo_angle: (a, out) => fn('geo_angle', a.map(real), out),
  geo_line_length: (a, out, n) => fn('geo_line_length', [geoLines(a[0], n, 'geo_line_length()')], out),
  geo_distance_point_to_line: (a, out, n) => fn('geo_distance_point_to_line', [real(a[0]), real(a[1]), geoLines(a[2], n, 'geo_distance_point_to_line()')], out),
  geo_line_interpolate_point: (a, _out, n) => fn('geo_line_interpolate_point', [geoLines(a[0], n, 'geo_line_interpolate_point()'), real(a[1])], POINT),
  geo_line_locate_point: (a, out, n) => {
    if (a[3] && !isFalse(a[3])) return unsupported(n, 'geo_line_locate_point() on the spheroid (use_spheroid other than a constant false)', 'HB120');
    consume(a[3]);
    return fn('geo_line_locate_point', [geoLines(a[0], n, 'geo_line_locate_point()'), real(a[1]), real(a[2])], out);
  },
  geo_closest_point_on_line: (a, _out, n) => fn('geo_closest_point_on_line', [real(a[0]), real(a[1]), geoLines(a[2], n, 'geo_closest_point_on_line()')], POINT),
  geo_line_centroid: (a, _out, n) => fn('geo_line_centroid', [geoLines(a[0], n, 'geo_line_centroid()')], POINT),
  geo_intersects_2lines: (a, out, n) => fn('geo_intersects_2lines', [geoLines(a[0], n, 'geo_intersects_2lines()'), geoLines(a[1], n, 'geo_intersects_2lines()')], out),
  geo_point_in_polygon: (a, out, n) => fn('geo_point_in_polygon', [real(a[0]), real(a[1]), geoPolys(a[2], n, 'geo_point_in_polygon()')], out),
  geo_polygon_area: (a, out, n) => fn('geo_polygon_area', [geoPolys(a[0], n, 'geo_polygon_area()')], out),
  geo_polygon_perimeter: (a, out, n) => fn('geo_polygon_perimeter', [geoPolys(a[0], n, 'geo_polygon_perimeter()')], out),
  geo_polygon_centroid: (a, _out, n) => fn('geo_polygon_centroid', [geoPolys(a[0], n, 'geo_polygon_centroid()')], POINT),
  geo_distance_point_to_polygon: (a, out, n) => fn('geo_distance_point_to_polygon', [real(a[0]), real(a[1]), geoPolys(a[2], n, 'geo_distance_point_to_polygon()')], out),
  geo_closest_point_on_polygon: (a, _out, n) => fn('geo_closest_point_on_polygon', [real(a[0]), real(a[1]), geoPolys(a[2], n, 'geo_closest_point_on_polygon()')], POINT),
  geo_intersects_2polygons: (a, out, n) => fn('geo_intersects_2polygons', [geoPolys(a[0], n, 'geo_intersects_2polygons()'), geoPolys(a[1], n, 'geo_intersects_2polygons()')], out),
  geo_intersects_line_with_polygon: (a, out, n) =>
    fn('geo_intersects_line_with_polygon', [geoLines(a[0], n, 'geo_intersects_line_with_polygon()'), geoPolys(a[1], n, 'geo_intersects_line_with_polygon()')], out),
  geo_h3cell_level: (a, out, n) => {
    if (a[0].ty.kql !== 'string') return unsupported(n, 'geo_h3cell_level() of a non-string value', 'HB120');
    return fn('geo_h3cell_level', [toStr(a[0])], out);
  },
  geo_h3cell_parent: (a, out, n) => {
    if (a[0].ty.kql !== 'string') return unsupported(n, 'geo_h3cell_parent() of a non-string value', 'HB120');
    if (a[1] && a[1].ty.kql !== 'long' && a[1].ty.kql !== 'int') return unsupported(n, `geo_h3cell_parent() resolution of type ${a[1].ty.kql}`, 'HB120');
    return a[1] ? fn('geo_h3cell_parent', [toStr(a[0]), convert(a[1], 'long')], out) : fn('geo_h3cell_parent_1', [toStr(a[0])], out);
  },
  geo_h3cell_children: (a, _out, n) => {
    if (a[0].ty.kql !== 'string') return unsupported(n, 'geo_h3cell_children() of a non-string value', 'HB120');
    if (a[1] && a[1].ty.kql !== 'long' && a[1].ty.kql !== 'int') return unsupported(n, `geo_h3cell_children() resolution of type ${a[1].ty.kql}`, 'HB120');
    const ty = dyn({ k: 'list', of: { k: 'scalar', t: 'string' } });
    return a[1] ? fn('geo_h3cell_children', [toStr(a[0]), convert(a[1], 'long')], ty) : fn('geo_h3cell_children_1', [toStr(a[0])], ty);
  },
  geo_from_wkt: (a, _out, n) => {
    const text = constString(a[0]);
    if (text === undefined) return unsupported(n, 'geo_from_wkt() of a text that is not a constant', 'HB120');
    try {
      return jsonToExpr(wktToGeoJson(text), n);
    } catch (e) {
      if (e instanceof WktRefused) return unsupported(n, 'geo_from_wkt() of this WKT (EMPTY, Z/M or lower-case forms, out-of-range coordinates, short or unclosed rings: not documented)', 'HB120');
      throw e;
    }
  },
  geo_point_to_s2cell: (a, out, n) => {
    const lv = a[2];
    if (lv && lv.ty.kql !== 'long' && lv.ty.kql !== 'int') return unsupported(n, `geo_point_to_s2cell() level of type ${lv.ty.kql}`, 'HB120');
    return fn('geo_point_to_s2cell', [real(a[0]), real(a[1]), lv ? convert(lv, 'long') : lit('11', scalar('long'))], out);
  },
  geo_s2cell_to_central_point: (a, _out, n) => {
    if (a[0].ty.kql !== 'string') return unsupported(n, 'geo_s2cell_to_central_point() of a non-string value', 'HB120');
    return fn('geo_s2cell_to_central_point', [toStr(a[0])], POINT);
  },
  geo_s2cell_to_polygon: (a, _out, n) => {
    if (a[0].ty.kql !== 'string') return unsupported(n, 'geo_s2cell_to_polygon() of a non-string value', 'HB120');
    return fn('geo_s2cell_to_polygon', [toStr(a[0])], POLYGON);
  },
};

export const AGGREGATES: Record<string, AggHandler> = {};
