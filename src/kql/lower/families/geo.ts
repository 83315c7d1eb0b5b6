/**
 * geo functions: KQL → IR (SQL spellings in sql/families/geo.ts). The reference measures on a
 * sphere (WGS-84 coordinates, geodesic edges); its documented distances match a sphere of radius
 * 6,371,010 m (S2's Earth radius). The spheroid option, polygons, lines, S2 and H3 cells are not
 * implemented here (see docs/kql-support.md and src/kql/exclusions.ts).
 */
import type { Expr } from '../../ir/types.ts';
import type { SNode } from '../../parse/index.ts';
import { unsupported } from '../context.ts';
import { consume } from '../consume.ts';
import { convert } from '../convert.ts';
import { asScalar, fn, toStr } from '../expr.ts';
import { dyn, scalar } from '../values.ts';
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

export const HANDLERS: Record<string, Handler> = {
  geo_distance_2points: (a, out, n) => {
    if (a[4]) {
      // use_spheroid: only a constant false (the sphere, as without it) is supported
      const x = a[4];
      const isFalse = x.k === 'lit' && /^(false|0|CAST\(0 AS BIGINT\))$/i.test(x.sql);
      if (!isFalse) return unsupported(n, 'geo_distance_2points() on the spheroid (use_spheroid other than a constant false)', 'HB120');
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
};

export const AGGREGATES: Record<string, AggHandler> = {};
