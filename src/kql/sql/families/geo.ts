/** geo functions: IR → DuckDB SQL (lowering in lower/families/geo.ts). */
import type { Template } from '../functions.ts';

export const SQL: Record<string, Template> = {
  geo_distance_2points: 'hb_geo_distance($0, $1, $2, $3)',
  // a spherical cap: the point is inside when its distance from the centre is at most the radius;
  // a radius that is not positive is invalid (null), as documented
  geo_point_in_circle: 'CASE WHEN $4 > 0 THEN hb_geo_distance($0, $1, $2, $3) <= $4 END',
  geo_point_to_geohash: "coalesce(hb_geohash($0, $1, 5), '')",
  geo_point_to_geohash_n: "coalesce(hb_geohash($0, $1, $2), '')",
  geo_geohash_to_central_point: 'hb_geohash_center($0)',
  geo_geohash_to_polygon: 'hb_geohash_polygon($0)',
  geo_azimuth: 'hb_geo_azimuth($0, $1, $2, $3)',
};

const B32 = "'0123456789bcdefghjkmnpqrstuvwxyz'";

/** SQL macros these templates call, created on every engine connection. */
export const MACROS: string[] = [
  // Great-circle distance (haversine) in metres on a sphere of radius 6371010 m; null when a
  // coordinate is outside [-180, 180] × [-90, 90] (or NaN), as documented.
  `CREATE OR REPLACE MACRO hb_geo_distance(lon1, lat1, lon2, lat2) AS (
     CASE WHEN lon1 BETWEEN -180 AND 180 AND lat1 BETWEEN -90 AND 90 AND lon2 BETWEEN -180 AND 180 AND lat2 BETWEEN -90 AND 90 THEN
       2 * 6371010.0 * asin(least(1.0, sqrt(pow(sin(radians(lat2 - lat1) / 2), 2)
         + cos(radians(lat1)) * cos(radians(lat2)) * pow(sin(radians(lon2 - lon1) / 2), 2)))) END)`,
  // The cell index of x in [lo, lo + span] cut into 2^n equal parts, as geohash's bisection finds
  // it (a value on an upper half's lower edge goes up); every grid value is exact in a DOUBLE for
  // n <= 45. A value exactly on an inner grid line is refused: whether Kusto's bisection sends it
  // up or down is not documented.
  `CREATE OR REPLACE MACRO hb_geo_cell(x, lo, span, n) AS list_transform([span * pow(2, -n)], st ->
     list_transform([CAST(floor((x - lo) / st) AS BIGINT)], k0 ->
       list_transform([least(greatest(CASE WHEN lo + k0 * st > x THEN k0 - 1 WHEN lo + (k0 + 1) * st <= x THEN k0 + 1 ELSE k0 END, 0),
                             CAST(pow(2, n) AS BIGINT) - 1)], k ->
         CASE WHEN k > 0 AND x < lo + span AND lo + k * st = x
              THEN error('HB162: geo_point_to_geohash() of a coordinate exactly on a geohash cell edge is not supported')
              ELSE k END)[1])[1])[1]`,
  // Geohash of a point: accuracy 1..18 characters, '' (null here) for invalid input as documented.
  `CREATE OR REPLACE MACRO hb_geohash(lon, lat, acc) AS (
     CASE WHEN lon BETWEEN -180 AND 180 AND lat BETWEEN -90 AND 90 AND acc BETWEEN 1 AND 18 THEN
       list_transform([[hb_geo_cell(lon, -180.0, 360.0, (5 * acc + 1) // 2), hb_geo_cell(lat, -90.0, 180.0, (5 * acc) // 2)]], ix ->
         array_to_string(list_transform(range(acc), i -> substr(${B32}, 1 + CAST(list_sum(list_transform(range(5), j ->
           CASE WHEN (5 * i + j) % 2 = 0
                THEN (ix[1] >> CAST((5 * acc + 1) // 2 - 1 - (5 * i + j) // 2 AS INTEGER)) & 1
                ELSE (ix[2] >> CAST((5 * acc) // 2 - 1 - (5 * i + j) // 2 AS INTEGER)) & 1 END * (16 >> j))) AS INTEGER), 1)), ''))[1] END)`,
  // A geohash's cell: {lo, la} the cell indexes at {nlo, nla} bits of longitude and latitude; null
  // for text that is not 1..18 geohash characters. Upper-case letters are refused: whether Kusto
  // reads them as lower case is not documented.
  String.raw`CREATE OR REPLACE MACRO hb_geohash_cell(h) AS (
     CASE WHEN regexp_full_match(h, '[0-9B-HJKMNP-Zb-hjkmnp-z]{1,18}') AND regexp_matches(h, '[A-Z]')
            THEN error('HB162: an upper-case geohash is not supported')
          WHEN regexp_full_match(h, '[0-9b-hjkmnp-z]{1,18}') THEN
       list_transform([flatten(list_transform(range(length(h)), i -> list_transform(range(5), j ->
           CAST(((strpos(${B32}, substr(h, i + 1, 1)) - 1) >> (4 - j)) & 1 AS BIGINT))))], bits ->
         {'lo': list_reduce(list_concat([0::BIGINT], list_transform(range(0, len(bits), 2), g -> bits[g + 1])), (a, b) -> a * 2 + b),
          'la': list_reduce(list_concat([0::BIGINT], list_transform(range(1, len(bits), 2), g -> bits[g + 1])), (a, b) -> a * 2 + b),
          'nlo': (len(bits) + 1) // 2, 'nla': len(bits) // 2})[1] END)`,
  // Cell edges (exact: dyadic fractions of 360 and 180) as [west, south, east, north].
  `CREATE OR REPLACE MACRO hb_geohash_box(c) AS (CASE WHEN c IS NOT NULL THEN
     [-180.0 + c.lo * 360.0 * pow(2, -c.nlo), -90.0 + c.la * 180.0 * pow(2, -c.nla),
      -180.0 + (c.lo + 1) * 360.0 * pow(2, -c.nlo), -90.0 + (c.la + 1) * 180.0 * pow(2, -c.nla)] END)`,
  `CREATE OR REPLACE MACRO hb_geohash_center(h) AS list_transform([hb_geohash_box(hb_geohash_cell(h))], b ->
     CASE WHEN b IS NOT NULL THEN {'type': 'Point', 'coordinates': [(b[1] + b[3]) / 2, (b[2] + b[4]) / 2]} END)[1]`,
  // documented vertex order: south-west, south-east, north-east, north-west, south-west
  `CREATE OR REPLACE MACRO hb_geohash_polygon(h) AS list_transform([hb_geohash_box(hb_geohash_cell(h))], b ->
     CASE WHEN b IS NOT NULL THEN {'type': 'Polygon', 'coordinates': [[[b[1], b[2]], [b[3], b[2]], [b[3], b[4]], [b[1], b[4]], [b[1], b[2]]]]} END)[1]`,
  // Initial bearing from p1 to p2 on the sphere, clockwise from north in [0, 2π); null for invalid
  // coordinates, equal or antipodal points (documented). From a pole every direction is south (or
  // north): refused, as the reference does not say what it answers.
  `CREATE OR REPLACE MACRO hb_geo_azimuth(lon1, lat1, lon2, lat2) AS (
     CASE WHEN NOT (lon1 BETWEEN -180 AND 180 AND lat1 BETWEEN -90 AND 90 AND lon2 BETWEEN -180 AND 180 AND lat2 BETWEEN -90 AND 90) THEN NULL
          WHEN lat1 = lat2 AND (lon1 = lon2 OR abs(lat1) = 90 OR abs(lon1 - lon2) = 360) THEN NULL
          WHEN lat1 = -lat2 AND (abs(lat1) = 90 OR abs(lon1 - lon2) = 180) THEN NULL
          WHEN abs(lat1) = 90 THEN error('HB162: geo_azimuth() from a pole is not supported')
          ELSE list_transform([atan2(sin(radians(lon2 - lon1)) * cos(radians(lat2)),
                 cos(radians(lat1)) * sin(radians(lat2)) - sin(radians(lat1)) * cos(radians(lat2)) * cos(radians(lon2 - lon1)))],
                 t -> CASE WHEN t < 0 THEN t + 2 * pi() ELSE t END)[1] END)`,
];
