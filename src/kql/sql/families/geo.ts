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
  // clockwise from the first line [p1, p2] to the second [p2, p3], at p2
  geo_angle: 'hb_geo_angle($0, $1, $2, $3, $4, $5)',
  // GeoJSON lines normalised to a list of lines (DOUBLE[][][]), from a typed struct or JSON text
  geo_lines_s2: "hb_geo_lines(struct_extract($0, 'type'), CAST(struct_extract($0, 'coordinates') AS DOUBLE[][]), NULL)",
  geo_lines_s3: "hb_geo_lines(struct_extract($0, 'type'), NULL, CAST(struct_extract($0, 'coordinates') AS DOUBLE[][][]))",
  // (JSON text: its members 'type' and 'coordinates' read once, by their hex keys)
  geo_lines_json:
    "list_transform([hb_json_map($0)], m -> list_transform([hb_json_dec(nullif(map_extract_value(m, 'S636F6F7264696E61746573'), 'N'))], c -> hb_geo_lines(hb_json_str(hb_json_dec(nullif(map_extract_value(m, 'S74797065'), 'N'))), hb_geo_num_list2(c), hb_geo_num_list3(c)))[1])[1]",
  geo_lines_none: 'CAST(CASE WHEN $0 IS NULL THEN NULL END AS DOUBLE[][][])',
  geo_line_length: 'hb_geo_line_length(hb_geo_lines_ok($0))',
  geo_distance_point_to_line: 'hb_geo_point_line_dist($0, $1, hb_geo_lines_ok($2))',
  geo_polys_s3: "hb_geo_polys(struct_extract($0, 'type'), CAST(struct_extract($0, 'coordinates') AS DOUBLE[][][]), NULL)",
  geo_polys_s4: "hb_geo_polys(struct_extract($0, 'type'), NULL, CAST(struct_extract($0, 'coordinates') AS DOUBLE[][][][]))",
  geo_polys_json:
    "list_transform([hb_json_map($0)], m -> list_transform([hb_json_dec(nullif(map_extract_value(m, 'S636F6F7264696E61746573'), 'N'))], c -> hb_geo_polys(hb_json_str(hb_json_dec(nullif(map_extract_value(m, 'S74797065'), 'N'))), hb_geo_num_list3(c), hb_geo_num_list4(c)))[1])[1]",
  geo_polys_none: 'CAST(CASE WHEN $0 IS NULL THEN NULL END AS DOUBLE[][][][])',
  geo_line_interpolate_point: 'hb_geo_line_interpolate(hb_geo_one_line(hb_geo_lines_ok($0)), $1)',
  geo_line_locate_point: 'hb_geo_line_locate(hb_geo_one_line(hb_geo_lines_ok($0)), $1, $2)',
  geo_closest_point_on_line: 'hb_geo_closest_on_lines($0, $1, hb_geo_lines_ok($2))',
  geo_line_centroid: 'hb_geo_line_centroid(hb_geo_lines_ok($0))',
  geo_intersects_2lines: 'hb_geo_lines_intersect(hb_geo_lines_ok($0), hb_geo_lines_ok($1))',
  geo_point_in_polygon: 'hb_geo_point_in_polys($0, $1, hb_geo_polys_prep(hb_geo_polys_ok($2)))',
  geo_polygon_area: 'hb_geo_polys_area(hb_geo_polys_prep(hb_geo_polys_ok($0)))',
  geo_polygon_perimeter: 'hb_geo_polys_perimeter(hb_geo_polys_prep(hb_geo_polys_ok($0)))',
  geo_distance_point_to_polygon: 'hb_geo_point_polys_dist($0, $1, hb_geo_polys_prep(hb_geo_polys_ok($2)))',
  geo_closest_point_on_polygon: 'hb_geo_closest_on_polys($0, $1, hb_geo_polys_prep(hb_geo_polys_ok($2)))',
  geo_intersects_2polygons: 'hb_geo_polys_intersect(hb_geo_polys_prep(hb_geo_polys_ok($0)), hb_geo_polys_prep(hb_geo_polys_ok($1)))',
  geo_intersects_line_with_polygon: 'hb_geo_line_polys_intersect(hb_geo_lines_ok($0), hb_geo_polys_prep(hb_geo_polys_ok($1)))',
  geo_h3cell_level: 'hb_h3_cell($0).res',
  geo_h3cell_parent: "coalesce(hb_h3_parent($0, $1), '')",
  geo_h3cell_parent_1: "coalesce(hb_h3_parent($0, NULL), '')",
  geo_h3cell_children: 'hb_h3_children($0, $1)',
  geo_h3cell_children_1: 'hb_h3_children($0, NULL)',
  geo_polygon_centroid: 'hb_geo_polys_centroid(hb_geo_polys_prep(hb_geo_polys_ok($0)))',
  geo_point_to_s2cell: "coalesce(hb_s2_token($0, $1, $2), '')",
  geo_s2cell_to_central_point: 'hb_s2_center($0)',
  geo_s2cell_to_polygon: 'hb_s2_polygon($0)',
};

// ---- lines: closest points, interpolation, centroids, crossings
const LINE_MACROS: string[] = [
  // a unit vector → a GeoJSON point (as S2's LatLng: latitude from atan2(z, √(x² + y²)))
  `CREATE OR REPLACE MACRO hb_geo_point_of(v) AS {'type': 'Point', 'coordinates': [degrees(atan2(v[2], v[1])), degrees(atan2(v[3], sqrt(v[1] * v[1] + v[2] * v[2])))]}`,
  // documented: these functions take a single line; a MultiLineString is refused (not documented)
  `CREATE OR REPLACE MACRO hb_geo_one_line(lines) AS list_transform([lines], gls_ -> CASE WHEN gls_ IS NULL THEN NULL WHEN len(gls_) = 1 THEN gls_[1]
     ELSE error('HB162: a MultiLineString is not supported here (the function takes a single line)') END)[1]`,
  // the point of the arc a–b nearest to p
  `CREATE OR REPLACE MACRO hb_geo_foot(p, a, b) AS list_transform([hb_geo_cross(a, b)], gfn_ ->
     CASE WHEN hb_geo_dot(hb_geo_cross(a, p), gfn_) > 0 AND hb_geo_dot(hb_geo_cross(p, b), gfn_) > 0
          THEN list_transform([hb_geo_dot(p, gfn_) / hb_geo_dot(gfn_, gfn_)], gfk_ -> hb_geo_unit([p[1] - gfk_ * gfn_[1], p[2] - gfk_ * gfn_[2], p[3] - gfk_ * gfn_[3]]))[1]
          WHEN hb_geo_ang(p, a) <= hb_geo_ang(p, b) THEN a ELSE b END)[1]`,
  // per edge of a line (unit vectors): {d: distance from p, s: length along the line to the foot, q: the foot}
  `CREATE OR REPLACE MACRO hb_geo_feet(p, l) AS list_transform([list_transform(range(1, len(l)), gi_ -> hb_geo_ang(l[gi_], l[gi_ + 1]))], glen_ ->
     list_transform(range(1, len(l)), gi_ -> list_transform([hb_geo_foot(p, l[gi_], l[gi_ + 1])], gq_ ->
       {'d': hb_geo_ang(p, gq_), 's': coalesce(list_sum(list_slice(glen_, 1, gi_ - 1)), 0.0) + hb_geo_ang(l[gi_], gq_), 'q': gq_})[1]))[1]`,
  `CREATE OR REPLACE MACRO hb_geo_closest_on_lines(lon, lat, lines) AS list_transform([lines], gls_ -> CASE WHEN gls_ IS NOT NULL AND lon BETWEEN -180 AND 180 AND lat BETWEEN -90 AND 90 THEN
     list_transform([hb_geo_xyz([lon, lat])], gp_ -> hb_geo_point_of(list_sort(flatten(list_transform(gls_, l -> hb_geo_feet(gp_, list_transform(l, v -> hb_geo_xyz(v))))))[1].q))[1] END)[1]`,
  `CREATE OR REPLACE MACRO hb_geo_line_locate(line, lon, lat) AS list_transform([line], gl_ -> CASE WHEN gl_ IS NOT NULL AND lon BETWEEN -180 AND 180 AND lat BETWEEN -90 AND 90 THEN
     list_transform([list_transform(gl_, v -> hb_geo_xyz(v))], l -> list_transform([list_sum(list_transform(range(1, len(l)), gi_ -> hb_geo_ang(l[gi_], l[gi_ + 1])))], gt_ ->
       CASE WHEN gt_ = 0 THEN error('HB162: a line of zero length is not supported') ELSE list_sort(hb_geo_feet(hb_geo_xyz([lon, lat]), l))[1].s / gt_ END)[1])[1] END)[1]`,
  // as S2's polyline interpolation: walk the edges until the remaining length falls inside one,
  // then move that far from its start along it; fraction <= 0 is the first vertex, >= 1 the last
  `CREATE OR REPLACE MACRO hb_geo_line_interpolate(line, fr) AS list_transform([line], gl_ -> CASE WHEN gl_ IS NOT NULL AND fr BETWEEN 0 AND 1 THEN
     list_transform([list_transform(gl_, v -> hb_geo_xyz(v))], l -> list_transform([list_transform(range(1, len(l)), gi_ -> hb_geo_ang(l[gi_], l[gi_ + 1]))], glen_ ->
       list_transform([fr * list_sum(glen_)], gt_ -> list_transform([list_filter(range(1, len(l)), gi_ -> gt_ - coalesce(list_sum(list_slice(glen_, 1, gi_ - 1)), 0.0) < glen_[gi_])], gk_ ->
         CASE WHEN fr <= 0 THEN hb_geo_point_of(l[1]) WHEN len(gk_) = 0 THEN hb_geo_point_of(l[len(l)]) ELSE
           list_transform([gt_ - coalesce(list_sum(list_slice(glen_, 1, gk_[1] - 1)), 0.0)], gx_ ->
             list_transform([hb_geo_cross(hb_geo_cross(l[gk_[1]], l[gk_[1] + 1]), l[gk_[1]])], gtan_ ->
               hb_geo_point_of(hb_geo_unit(list_transform([1, 2, 3], gc_ -> cos(gx_) * l[gk_[1]][gc_] + sin(gx_) / hb_geo_norm(gtan_) * gtan_[gc_]))))[1])[1] END)[1])[1])[1])[1] END)[1]`,
  // S2's polyline centroid: the sum of the edges' true centroids ((a + b) scaled to 2 sin(θ/2)),
  // normalised; lines of a multiline that may overlap are refused (Kusto takes their union)
  `CREATE OR REPLACE MACRO hb_geo_line_centroid(lines) AS list_transform([lines], gls_ -> CASE WHEN gls_ IS NOT NULL THEN
     CASE WHEN hb_geo_line_length(gls_) IS NULL THEN NULL ELSE
     list_transform([flatten(list_transform(gls_, l -> list_transform(range(1, len(l)), gi_ -> list_transform([[hb_geo_xyz(l[gi_]), hb_geo_xyz(l[gi_ + 1])]], ge_ ->
         list_transform([[ge_[1][1] - ge_[2][1], ge_[1][2] - ge_[2][2], ge_[1][3] - ge_[2][3]]], gd_ -> list_transform([[ge_[1][1] + ge_[2][1], ge_[1][2] + ge_[2][2], ge_[1][3] + ge_[2][3]]], gs_ ->
           CASE WHEN hb_geo_dot(gs_, gs_) = 0 THEN [0.0, 0.0, 0.0] ELSE list_transform(gs_, gv_ -> sqrt(hb_geo_dot(gd_, gd_) / hb_geo_dot(gs_, gs_)) * gv_) END)[1])[1])[1])))], gcs_ ->
       list_transform([[list_sum(list_transform(gcs_, v -> v[1])), list_sum(list_transform(gcs_, v -> v[2])), list_sum(list_transform(gcs_, v -> v[3]))]], gc_ ->
         CASE WHEN hb_geo_norm(gc_) = 0 THEN error('HB162: a line whose centroid is the centre of the Earth is not supported') ELSE hb_geo_point_of(hb_geo_unit(gc_)) END)[1])[1] END END)[1]`,
  // arcs a–b and c–d: 2 = they cross, 1 = one's end is on (or within 1e-12 of) the other (refused:
  // whether touching counts is not documented), 0 = apart
  `CREATE OR REPLACE MACRO hb_geo_near_arc(p, a, b, n) AS (abs(hb_geo_dot(n, p)) <= 1e-12 * hb_geo_norm(n) AND hb_geo_dot(hb_geo_cross(a, p), n) >= -1e-12 * hb_geo_dot(n, n)
     AND hb_geo_dot(hb_geo_cross(p, b), n) >= -1e-12 * hb_geo_dot(n, n) AND hb_geo_dot(p, [a[1] + b[1], a[2] + b[2], a[3] + b[3]]) > 0)`,
  `CREATE OR REPLACE MACRO hb_geo_arc_code(a, b, c, d) AS list_transform([[hb_geo_cross(a, b), hb_geo_cross(c, d)]], gn_ ->
     CASE WHEN hb_geo_near_arc(c, a, b, gn_[1]) OR hb_geo_near_arc(d, a, b, gn_[1]) OR hb_geo_near_arc(a, c, d, gn_[2]) OR hb_geo_near_arc(b, c, d, gn_[2]) THEN 1
          WHEN hb_geo_dot(gn_[1], c) * hb_geo_dot(gn_[1], d) < 0 AND hb_geo_dot(gn_[2], a) * hb_geo_dot(gn_[2], b) < 0
               AND list_transform([hb_geo_cross(gn_[1], gn_[2])], gx_ -> sign(hb_geo_dot(gx_, [a[1] + b[1], a[2] + b[2], a[3] + b[3]])) = sign(hb_geo_dot(gx_, [c[1] + d[1], c[2] + d[2], c[3] + d[3]])))[1] THEN 2
          ELSE 0 END)[1]`,
  `CREATE OR REPLACE MACRO hb_geo_segs(lines) AS flatten(list_transform(lines, l -> list_transform(range(1, len(l)), gi_ -> [hb_geo_xyz(l[gi_]), hb_geo_xyz(l[gi_ + 1])])))`,
  `CREATE OR REPLACE MACRO hb_geo_lines_intersect(l1, l2) AS list_transform([[hb_geo_segs(l1), hb_geo_segs(l2)]], gss_ -> CASE WHEN gss_[1] IS NOT NULL AND gss_[2] IS NOT NULL THEN
     list_transform([list_max(list_transform(gss_[1], gs_ -> list_max(list_transform(gss_[2], gt_ -> hb_geo_arc_code(gs_[1], gs_[2], gt_[1], gt_[2])))))], gc_ ->
       CASE gc_ WHEN 2 THEN true WHEN 0 THEN false ELSE error('HB162: lines that touch (an end on the other line) are not supported (whether touching intersects is not documented)') END)[1] END)[1]`,
];

// ---- polygons: each polygon is checked (the documented ring rules) and prepared once: its
// shell's vertex centroid c must see every vertex of the polygon (the polygon lies in the open
// hemisphere around c, else refused), so the gnomonic projection around c maps its geodesic edges
// to straight segments and its smaller region (the documented choice) to the inside of the planar
// rings: crossings and containment are planar tests there. A vertex or point on or within 1e-12
// of another ring's edge is refused (Kusto's semi-open boundary rule is not reproduced).
const POLYGON_MACROS: string[] = [
  String.raw`CREATE OR REPLACE MACRO hb_geo_num_list4(text) AS list_transform([text], j -> CASE WHEN j IS NULL THEN NULL
     WHEN NOT regexp_full_match(j, '[-+0-9.eE\[\], \t\n\r]*') THEN error('HB162: GeoJSON coordinates that are not plain numbers are not supported')
     WHEN regexp_full_match(j, '\s*\[\s*(\[\s*(\[\s*(\[[^\[\]]*\]\s*(,\s*\[[^\[\]]*\]\s*)*)?\]\s*(,\s*\[\s*(\[[^\[\]]*\]\s*(,\s*\[[^\[\]]*\]\s*)*)?\]\s*)*)?\]\s*(,\s*\[\s*(\[\s*(\[[^\[\]]*\]\s*(,\s*\[[^\[\]]*\]\s*)*)?\]\s*(,\s*\[\s*(\[[^\[\]]*\]\s*(,\s*\[[^\[\]]*\]\s*)*)?\]\s*)*)?\]\s*)*)?\]\s*') THEN TRY_CAST(j AS DOUBLE[][][][]) END)[1]`,
  `CREATE OR REPLACE MACRO hb_geo_polys(gt, c3, c4) AS list_transform([gt], t ->
     CASE WHEN t = 'Polygon' THEN CAST([c3] AS DOUBLE[][][][]) WHEN t = 'MultiPolygon' THEN CAST(c4 AS DOUBLE[][][][])
          WHEN lower(t) IN ('polygon', 'multipolygon') THEN error('HB162: a GeoJSON type spelled in another case is not supported') END)[1]`,
  // a ring: at least four entries, closed, its other vertices distinct, valid coordinates, no
  // antipodal edge (2: invalid, null); 1: a third coordinate (refused)
  `CREATE OR REPLACE MACRO hb_geo_ring_code(r) AS (CASE WHEN r IS NULL OR len(r) < 4 THEN 2 ELSE
     list_transform([list_max(list_transform(r, p -> hb_geo_pt_code(p)))], pc -> CASE WHEN pc = 2 THEN 2
       WHEN r[1][1] <> r[len(r)][1] OR r[1][2] <> r[len(r)][2] THEN 2
       WHEN len(list_distinct(list_transform(list_slice(r, 1, len(r) - 1), p -> [p[1] + 0.0, p[2] + 0.0]))) < len(r) - 1 THEN 2
       ELSE greatest(pc, list_max(list_transform(range(1, len(r)), i -> hb_geo_edge_code(r[i], r[i + 1])))) END)[1] END)`,
  `CREATE OR REPLACE MACRO hb_geo_polys_ok(polys) AS list_transform([polys], ps -> CASE WHEN ps IS NULL OR len(ps) = 0 THEN NULL ELSE
     list_transform([list_max(list_transform(ps, g -> CASE WHEN g IS NULL OR len(g) = 0 THEN 2 ELSE list_max(list_transform(g, r -> hb_geo_ring_code(r))) END))], c ->
       CASE c WHEN 0 THEN ps WHEN 1 THEN error('HB162: a polygon with a third coordinate or a vertex repeated at a pole is not supported (Kusto''s answer is not documented)') END)[1] END)[1]`,
  `CREATE OR REPLACE MACRO hb_geo_unit(a) AS list_transform([hb_geo_norm(a)], gm_ -> [a[1] / gm_, a[2] / gm_, a[3] / gm_])[1]`,
  `CREATE OR REPLACE MACRO hb_geo_orient(p, q, r) AS (q[1] - p[1]) * (r[2] - p[2]) - (q[2] - p[2]) * (r[1] - p[1])`,
  `CREATE OR REPLACE MACRO hb_geo_len2(p, q) AS sqrt((q[1] - p[1]) * (q[1] - p[1]) + (q[2] - p[2]) * (q[2] - p[2]))`,
  // planar segments: 2 = they cross properly, 1 = they touch or nearly (refused), 0 = apart
  `CREATE OR REPLACE MACRO hb_geo_seg_code(a, b, c, d) AS list_transform([[hb_geo_orient(a, b, c), hb_geo_orient(a, b, d), hb_geo_orient(c, d, a), hb_geo_orient(c, d, b),
       1e-12 * hb_geo_len2(a, b) * hb_geo_len2(c, d)]], go_ ->
     CASE WHEN ((go_[1] > go_[5] AND go_[2] < -go_[5]) OR (go_[1] < -go_[5] AND go_[2] > go_[5])) AND ((go_[3] > go_[5] AND go_[4] < -go_[5]) OR (go_[3] < -go_[5] AND go_[4] > go_[5])) THEN 2
          WHEN (abs(go_[1]) <= go_[5] OR abs(go_[2]) <= go_[5] OR abs(go_[3]) <= go_[5] OR abs(go_[4]) <= go_[5])
               AND greatest(a[1], b[1]) >= least(c[1], d[1]) - 1e-12 AND greatest(c[1], d[1]) >= least(a[1], b[1]) - 1e-12
               AND greatest(a[2], b[2]) >= least(c[2], d[2]) - 1e-12 AND greatest(c[2], d[2]) >= least(a[2], b[2]) - 1e-12 THEN 1
          ELSE 0 END)[1]`,
  // even-odd rule in the plane (the point is known not to be on the ring)
  `CREATE OR REPLACE MACRO hb_geo_pip(q, r) AS list_count(list_filter(range(1, len(r)), gi_ ->
     (r[gi_][2] > q[2]) <> (r[gi_ + 1][2] > q[2]) AND q[1] < (r[gi_ + 1][1] - r[gi_][1]) * (q[2] - r[gi_][2]) / (r[gi_ + 1][2] - r[gi_][2]) + r[gi_][1])) % 2 = 1`,
  `CREATE OR REPLACE MACRO hb_geo_seg_dist(q, a, b) AS list_transform([[b[1] - a[1], b[2] - a[2]]], gv_ -> list_transform([
       greatest(0.0, least(1.0, CASE WHEN gv_[1] * gv_[1] + gv_[2] * gv_[2] = 0 THEN 0.0 ELSE ((q[1] - a[1]) * gv_[1] + (q[2] - a[2]) * gv_[2]) / (gv_[1] * gv_[1] + gv_[2] * gv_[2]) END))], gt_ ->
     hb_geo_len2(q, [a[1] + gt_ * gv_[1], a[2] + gt_ * gv_[2]]))[1])[1]`,
  `CREATE OR REPLACE MACRO hb_geo_ring_dist(q, r) AS list_min(list_transform(range(1, len(r)), gi_ -> hb_geo_seg_dist(q, r[gi_], r[gi_ + 1])))`,
  // a polygon → {c, e1, e2 (the projection's frame), xyz (rings as unit vectors), flat (rings projected)}
  `CREATE OR REPLACE MACRO hb_geo_poly_frame(g) AS list_transform([list_transform(g, r -> list_transform(r, p -> hb_geo_xyz(p)))], xyz ->
     list_transform([hb_geo_unit([list_sum(list_transform(list_slice(xyz[1], 1, len(xyz[1]) - 1), v -> v[1])),
                                  list_sum(list_transform(list_slice(xyz[1], 1, len(xyz[1]) - 1), v -> v[2])),
                                  list_sum(list_transform(list_slice(xyz[1], 1, len(xyz[1]) - 1), v -> v[3]))])], c ->
       list_transform([hb_geo_unit(hb_geo_cross(CASE WHEN abs(c[3]) < 0.9 THEN [0.0, 0.0, 1.0] ELSE [1.0, 0.0, 0.0] END, c))], e1 ->
         list_transform([hb_geo_cross(c, e1)], e2 ->
           {'c': c, 'e1': e1, 'e2': e2, 'xyz': xyz,
            'flat': list_transform(xyz, r -> list_transform(r, v -> [hb_geo_dot(v, e1) / hb_geo_dot(v, c), hb_geo_dot(v, e2) / hb_geo_dot(v, c)])),
            'seen': list_min(list_transform(flatten(xyz), v -> hb_geo_dot(v, c)))})[1])[1])[1])[1]`,
  // 2 = invalid (rings cross: null), 1 = refused (outside one hemisphere, rings touching, a hole
  // not strictly inside the shell or inside another hole), 0 = valid
  `CREATE OR REPLACE MACRO hb_geo_poly_code(f) AS (CASE WHEN f.seen IS NULL OR isnan(f.seen) OR f.seen < 1e-9 THEN 1 ELSE
     list_transform([flatten(list_transform(range(1, len(f.flat) + 1), k -> list_transform(range(1, len(f.flat[k])), i -> [k, i, len(f.flat[k]) - 1])))], es ->
       greatest(
         coalesce(list_max(list_transform(range(1, len(es) + 1), x -> coalesce(list_max(list_transform(range(x + 1, len(es) + 1), y ->
           CASE WHEN es[x][1] = es[y][1] AND (es[y][2] = es[x][2] + 1 OR (es[x][2] = 1 AND es[y][2] = es[x][3])) THEN 0
                ELSE hb_geo_seg_code(f.flat[es[x][1]][es[x][2]], f.flat[es[x][1]][es[x][2] + 1], f.flat[es[y][1]][es[y][2]], f.flat[es[y][1]][es[y][2] + 1]) END)), 0))), 0),
         coalesce(list_max(list_transform(range(2, len(f.flat) + 1), k ->
           CASE WHEN hb_geo_ring_dist(f.flat[k][1], f.flat[1]) < 1e-12 OR NOT hb_geo_pip(f.flat[k][1], f.flat[1]) THEN 1
                WHEN list_bool_or(list_transform(range(2, len(f.flat) + 1), m -> m <> k AND hb_geo_pip(f.flat[k][1], f.flat[m]))) THEN 1 ELSE 0 END)), 0)))[1] END)`,
  `CREATE OR REPLACE MACRO hb_geo_polys_prep(polys) AS list_transform([polys], ps -> CASE WHEN ps IS NOT NULL THEN
     list_transform([list_transform(ps, g -> hb_geo_poly_frame(g))], fs ->
       list_transform([list_max(list_transform(fs, f -> hb_geo_poly_code(f)))], c ->
         CASE c WHEN 0 THEN fs WHEN 1 THEN error('HB162: a polygon wider than a hemisphere, with touching rings or with holes sharing the boundary is not supported (Kusto''s answer is not documented)') END)[1])[1] END)[1]`,
  `CREATE OR REPLACE MACRO hb_geo_point_in_polys(lon, lat, fsx) AS list_transform([fsx], fs -> CASE WHEN fs IS NOT NULL AND lon BETWEEN -180 AND 180 AND lat BETWEEN -90 AND 90 THEN
     list_transform([hb_geo_xyz([lon, lat])], p -> list_bool_or(list_transform(fs, f -> CASE WHEN hb_geo_dot(p, f.c) <= 1e-9 THEN false ELSE
       list_transform([[hb_geo_dot(p, f.e1) / hb_geo_dot(p, f.c), hb_geo_dot(p, f.e2) / hb_geo_dot(p, f.c)]], q ->
         CASE WHEN list_min(list_transform(f.flat, r -> hb_geo_ring_dist(q, r))) < 1e-12
                THEN error('HB162: geo_point_in_polygon() of a point on (or within 1e-12 of) a polygon edge is not supported')
              ELSE hb_geo_pip(q, f.flat[1]) AND NOT coalesce(list_bool_or(list_transform(list_slice(f.flat, 2, len(f.flat)), r -> hb_geo_pip(q, r))), false) END)[1] END)))[1] END)[1]`,
  // polygons of a multipolygon that may overlap: Kusto measures their union, so refused
  `CREATE OR REPLACE MACRO hb_geo_arc_meet(a, b, c, d) AS list_transform([[hb_geo_cross(a, b), hb_geo_cross(c, d)]], gn_ ->
     list_transform([hb_geo_cross(gn_[1], gn_[2])], gx_ -> CASE WHEN hb_geo_norm(gx_) <= 1e-12 * hb_geo_norm(gn_[1]) * hb_geo_norm(gn_[2]) THEN true ELSE
       list_transform([hb_geo_unit(gx_)], gu_ -> list_bool_or(list_transform([gu_, [-gu_[1], -gu_[2], -gu_[3]]], gw_ ->
         hb_geo_dot(hb_geo_cross(a, gw_), gn_[1]) >= -1e-12 * hb_geo_norm(gn_[1]) AND hb_geo_dot(hb_geo_cross(gw_, b), gn_[1]) >= -1e-12 * hb_geo_norm(gn_[1])
         AND hb_geo_dot(hb_geo_cross(c, gw_), gn_[2]) >= -1e-12 * hb_geo_norm(gn_[2]) AND hb_geo_dot(hb_geo_cross(gw_, d), gn_[2]) >= -1e-12 * hb_geo_norm(gn_[2]))))[1] END)[1])[1]`,
  `CREATE OR REPLACE MACRO hb_geo_inside_frame(v, f) AS (hb_geo_dot(v, f.c) > 0 AND
     hb_geo_pip([hb_geo_dot(v, f.e1) / hb_geo_dot(v, f.c), hb_geo_dot(v, f.e2) / hb_geo_dot(v, f.c)], f.flat[1]))`,
  `CREATE OR REPLACE MACRO hb_geo_polys_disjoint(fs) AS (len(fs) = 1 OR NOT list_bool_or(list_transform(range(1, len(fs) + 1), x ->
     list_bool_or(list_transform(range(x + 1, len(fs) + 1), y ->
       hb_geo_inside_frame(fs[x].xyz[1][1], fs[y]) OR hb_geo_inside_frame(fs[y].xyz[1][1], fs[x])
       OR list_bool_or(list_transform(range(1, len(fs[x].xyz[1])), i -> list_bool_or(list_transform(range(1, len(fs[y].xyz[1])), j ->
            hb_geo_arc_meet(fs[x].xyz[1][i], fs[x].xyz[1][i + 1], fs[y].xyz[1][j], fs[y].xyz[1][j + 1]))))))))))`,
  // distance to a polygon: 0 inside, else to the nearest edge of any ring
  `CREATE OR REPLACE MACRO hb_geo_point_polys_dist(lon, lat, fsx) AS list_transform([fsx], gfs_ -> CASE WHEN hb_geo_point_in_polys(lon, lat, gfs_) THEN 0.0
     WHEN gfs_ IS NOT NULL AND lon BETWEEN -180 AND 180 AND lat BETWEEN -90 AND 90 THEN list_transform([hb_geo_xyz([lon, lat])], gp_ ->
       6371010.0 * list_min(list_transform(flatten(list_transform(gfs_, f -> f.xyz)), r -> list_min(list_transform(range(1, len(r)), gi_ -> hb_geo_arc_dist(gp_, r[gi_], r[gi_ + 1]))))))[1] END)[1]`,
  `CREATE OR REPLACE MACRO hb_geo_closest_on_polys(lon, lat, fsx) AS list_transform([fsx], gfs_ -> CASE WHEN hb_geo_point_in_polys(lon, lat, gfs_) THEN {'type': 'Point', 'coordinates': [lon, lat]}
     WHEN gfs_ IS NOT NULL AND lon BETWEEN -180 AND 180 AND lat BETWEEN -90 AND 90 THEN list_transform([hb_geo_xyz([lon, lat])], gp_ ->
       hb_geo_point_of(list_sort(flatten(list_transform(flatten(list_transform(gfs_, f -> f.xyz)), r -> hb_geo_feet(gp_, r))))[1].q))[1] END)[1]`,
  // closed regions (documented for geo_intersects_2polygons: a polygon contains its vertices):
  // edges that cross intersect; edges that touch are refused; otherwise one polygon is inside the
  // other exactly when a vertex of it is
  `CREATE OR REPLACE MACRO hb_geo_inside_polys(v, fs) AS list_bool_or(list_transform(fs, f -> hb_geo_dot(v, f.c) > 1e-9 AND
     list_transform([[hb_geo_dot(v, f.e1) / hb_geo_dot(v, f.c), hb_geo_dot(v, f.e2) / hb_geo_dot(v, f.c)]], gq_ ->
       hb_geo_pip(gq_, f.flat[1]) AND NOT coalesce(list_bool_or(list_transform(list_slice(f.flat, 2, len(f.flat)), r -> hb_geo_pip(gq_, r))), false))[1]))`,
  `CREATE OR REPLACE MACRO hb_geo_edges_code(sa, sb) AS coalesce(list_max(list_transform(sa, gs_ -> list_max(list_transform(sb, gt_ -> hb_geo_arc_code(gs_[1], gs_[2], gt_[1], gt_[2]))))), 0)`,
  `CREATE OR REPLACE MACRO hb_geo_poly_edges(fs) AS flatten(list_transform(flatten(list_transform(fs, f -> f.xyz)), r -> list_transform(range(1, len(r)), gi_ -> [r[gi_], r[gi_ + 1]])))`,
  `CREATE OR REPLACE MACRO hb_geo_polys_intersect(fa, fb) AS list_transform([[fa, fb]], gab_ -> CASE WHEN gab_[1] IS NOT NULL AND gab_[2] IS NOT NULL THEN
     list_transform([hb_geo_edges_code(hb_geo_poly_edges(gab_[1]), hb_geo_poly_edges(gab_[2]))], gc_ -> CASE gc_ WHEN 2 THEN true
       WHEN 1 THEN error('HB162: polygons whose boundaries touch are not supported (Kusto''s boundary rule is not reproduced)')
       ELSE list_bool_or(list_transform(gab_[1], f -> hb_geo_inside_polys(f.xyz[1][1], gab_[2]))) OR list_bool_or(list_transform(gab_[2], f -> hb_geo_inside_polys(f.xyz[1][1], gab_[1]))) END)[1] END)[1]`,
  `CREATE OR REPLACE MACRO hb_geo_line_polys_intersect(lines, fsx) AS list_transform([fsx], gfs_ -> list_transform([lines], gls_ -> CASE WHEN gls_ IS NOT NULL AND gfs_ IS NOT NULL THEN
     list_transform([hb_geo_edges_code(hb_geo_segs(gls_), hb_geo_poly_edges(gfs_))], gc_ -> CASE gc_ WHEN 2 THEN true
       WHEN 1 THEN error('HB162: a line touching a polygon boundary is not supported (Kusto''s boundary rule is not reproduced)')
       ELSE list_bool_or(list_transform(gls_, l -> hb_geo_inside_polys(hb_geo_xyz(l[1]), gfs_))) END)[1] END)[1])[1]`,
  // S2's true centroid of the triangle (a, b, d) (its integral of position over the area), signed
  `CREATE OR REPLACE MACRO hb_geo_ra(x) AS (CASE WHEN x = 0 THEN 1.0 ELSE x / sin(x) END)`,
  `CREATE OR REPLACE MACRO hb_geo_tri_centroid(a, b, d) AS list_transform([[hb_geo_ra(hb_geo_ang(b, d)), hb_geo_ra(hb_geo_ang(d, a)), hb_geo_ra(hb_geo_ang(a, b))]], gr_ ->
     list_transform([[[a[1], b[1] - a[1], d[1] - a[1]], [a[2], b[2] - a[2], d[2] - a[2]], [a[3], b[3] - a[3], d[3] - a[3]], [gr_[1], gr_[2] - gr_[1], gr_[3] - gr_[1]]]], gm_ ->
       [0.5 * hb_geo_dot(hb_geo_cross(gm_[2], gm_[3]), gm_[4]), 0.5 * hb_geo_dot(hb_geo_cross(gm_[3], gm_[1]), gm_[4]), 0.5 * hb_geo_dot(hb_geo_cross(gm_[1], gm_[2]), gm_[4])])[1])[1]`,
  // a ring's centroid integral, oriented so that its region (the smaller one) counts positively
  `CREATE OR REPLACE MACRO hb_geo_ring_centroid(c, r) AS list_transform([sign(list_sum(list_transform(range(1, len(r)), gi_ -> hb_geo_tri_area(c, r[gi_], r[gi_ + 1]))))], gsg_ ->
     list_transform([list_transform(range(1, len(r)), gi_ -> hb_geo_tri_centroid(c, r[gi_], r[gi_ + 1]))], gts_ ->
       [gsg_ * list_sum(list_transform(gts_, v -> v[1])), gsg_ * list_sum(list_transform(gts_, v -> v[2])), gsg_ * list_sum(list_transform(gts_, v -> v[3]))])[1])[1]`,
  `CREATE OR REPLACE MACRO hb_geo_polys_centroid(fsx) AS list_transform([fsx], gfs_ -> CASE WHEN gfs_ IS NOT NULL THEN
     CASE WHEN NOT hb_geo_polys_disjoint(gfs_) THEN error('HB162: geo_polygon_centroid() of a multipolygon whose polygons may overlap or touch is not supported (Kusto takes their union)')
     ELSE list_transform([flatten(list_transform(gfs_, f -> list_transform(range(1, len(f.xyz) + 1), gk_ -> list_transform([hb_geo_ring_centroid(f.c, f.xyz[gk_])], gv_ ->
            CASE WHEN gk_ = 1 THEN gv_ ELSE [-gv_[1], -gv_[2], -gv_[3]] END)[1])))], gcs_ ->
       hb_geo_point_of(hb_geo_unit([list_sum(list_transform(gcs_, v -> v[1])), list_sum(list_transform(gcs_, v -> v[2])), list_sum(list_transform(gcs_, v -> v[3]))])))[1] END END)[1]`,
  // spherical excess of the triangle (a, b, d), signed by orientation
  // (the triple product from the edge vectors b - a, d - a: accurate for small triangles too)
  `CREATE OR REPLACE MACRO hb_geo_tri_area(a, b, d) AS 2 * atan2(hb_geo_dot(a, hb_geo_cross([b[1] - a[1], b[2] - a[2], b[3] - a[3]], [d[1] - a[1], d[2] - a[2], d[3] - a[3]])),
     1 + hb_geo_dot(a, b) + hb_geo_dot(b, d) + hb_geo_dot(d, a))`,
  `CREATE OR REPLACE MACRO hb_geo_ring_area(c, r) AS abs(list_sum(list_transform(range(1, len(r)), i -> hb_geo_tri_area(c, r[i], r[i + 1]))))`,
  `CREATE OR REPLACE MACRO hb_geo_polys_area(fsx) AS list_transform([fsx], fs -> CASE WHEN fs IS NOT NULL THEN
     CASE WHEN NOT hb_geo_polys_disjoint(fs) THEN error('HB162: geo_polygon_area() of a multipolygon whose polygons may overlap or touch is not supported (Kusto measures their union)')
          ELSE 6371010.0 * 6371010.0 * list_sum(list_transform(fs, f -> hb_geo_ring_area(f.c, f.xyz[1])
                 - coalesce(list_sum(list_transform(list_slice(f.xyz, 2, len(f.xyz)), r -> hb_geo_ring_area(f.c, r))), 0))) END END)[1]`,
  `CREATE OR REPLACE MACRO hb_geo_polys_perimeter(fsx) AS list_transform([fsx], fs -> CASE WHEN fs IS NOT NULL THEN
     CASE WHEN NOT hb_geo_polys_disjoint(fs) THEN error('HB162: geo_polygon_perimeter() of a multipolygon whose polygons may overlap or touch is not supported (Kusto measures their union)')
          ELSE 6371010.0 * list_sum(list_transform(fs, f -> list_sum(list_transform(f.xyz, r -> list_sum(list_transform(range(1, len(r)), i -> hb_geo_ang(r[i], r[i + 1]))))))) END END)[1]`,
];

// ---- S2 cells (the S2 geometry library's cell ids): a point → face, (u, v) → (s, t) by the
// quadratic projection → leaf (i, j) → Hilbert curve position, 2 bits a level from the face down.
const S2_MACROS: string[] = [
  `CREATE OR REPLACE MACRO hb_s2_face(p) AS (CASE WHEN abs(p[1]) > abs(p[2]) THEN (CASE WHEN abs(p[1]) > abs(p[3]) THEN 0 ELSE 2 END)
     ELSE (CASE WHEN abs(p[2]) > abs(p[3]) THEN 1 ELSE 2 END) END)`,
  `CREATE OR REPLACE MACRO hb_s2_uv(f, p) AS (CASE f WHEN 0 THEN [p[2] / p[1], p[3] / p[1]] WHEN 1 THEN [-p[1] / p[2], p[3] / p[2]]
     WHEN 2 THEN [-p[1] / p[3], -p[2] / p[3]] WHEN 3 THEN [p[3] / p[1], p[2] / p[1]] WHEN 4 THEN [p[3] / p[2], -p[1] / p[2]]
     ELSE [-p[2] / p[3], -p[1] / p[3]] END)`,
  // u → leaf index; exactly on an odd leaf edge the library's rounding and its ports disagree: refused
  `CREATE OR REPLACE MACRO hb_s2_ij1(u) AS list_transform([(CASE WHEN u >= 0 THEN 0.5 * sqrt(1 + 3 * u) ELSE 1 - 0.5 * sqrt(1 - 3 * u) END) * 1073741824.0], x ->
     CASE WHEN x = floor(x) AND x > 0 AND x < 1073741824 AND CAST(x AS BIGINT) % 2 = 1
            THEN error('HB162: the S2 cell of a point exactly on a leaf cell edge is not supported')
          ELSE least(greatest(CAST(floor(x) AS BIGINT), 0), 1073741823) END)[1]`,
  // state = position * 4 + orientation; kIJtoPos and kPosToOrientation of the library
  `CREATE OR REPLACE MACRO hb_s2_id(f, i, j, lv) AS list_transform([list_reduce(list_concat([CAST(f % 2 AS BIGINT)],
       list_transform(range(lv), k -> ((i >> CAST(29 - k AS INTEGER)) & 1) * 2 + ((j >> CAST(29 - k AS INTEGER)) & 1))),
     (s, b) -> list_transform([[0, 1, 3, 2, 0, 3, 1, 2, 2, 3, 1, 0, 2, 1, 3, 0][CAST((s % 4) * 4 + b + 1 AS INTEGER)]], pos ->
       ((s // 4) * 4 + pos) * 4 + xor(s % 4, [1, 0, 0, 3][pos + 1]))[1]) // 4], p ->
     (CAST(f AS UBIGINT) << 61) | (CAST(p AS UBIGINT) << CAST(61 - 2 * lv AS INTEGER)) | (CAST(1 AS UBIGINT) << CAST(60 - 2 * lv AS INTEGER)))[1]`,
  // the token: the id in hex without its trailing zeros; null for invalid input ('' in the template)
  `CREATE OR REPLACE MACRO hb_s2_token(lon, lat, lv) AS (CASE WHEN lon BETWEEN -180 AND 180 AND lat BETWEEN -90 AND 90 AND lv BETWEEN 0 AND 30 THEN
     list_transform([[cos(radians(lat)) * cos(radians(lon)), cos(radians(lat)) * sin(radians(lon)), sin(radians(lat))]], p ->
       list_transform([hb_s2_face(p)], a -> list_transform([CASE WHEN p[a + 1] < 0 THEN a + 3 ELSE a END], f ->
         list_transform([hb_s2_uv(f, p)], uv ->
           rtrim(lower(lpad(hex(hb_s2_id(f, hb_s2_ij1(uv[1]), hb_s2_ij1(uv[2]), lv)), 16, '0')), '0'))[1])[1])[1])[1] END)`,
  // A token → {f, lv, i, j} (i, j: the cell's indexes at its level), null when it is no valid cell
  // id (face > 5, or the lowest set bit not at a level); upper-case hex is refused (not documented).
  `CREATE OR REPLACE MACRO hb_s2_cell(t) AS (CASE WHEN regexp_full_match(t, '[0-9a-fA-F]{1,16}') AND regexp_matches(t, '[A-F]')
            THEN error('HB162: an upper-case S2 cell token is not supported')
          WHEN regexp_full_match(t, '[0-9a-f]{1,16}') THEN list_transform([CAST(concat('0x', rpad(t, 16, '0')) AS UBIGINT)], id ->
       list_transform([id & ((~id) + 1)], b ->
         CASE WHEN id >> 61 < 6 AND b & CAST(1537228672809129301 AS UBIGINT) <> 0 THEN list_transform([CAST((60 - round(log2(b))) // 2 AS BIGINT)], lv ->
           list_transform([CAST((id & ((CAST(1 AS UBIGINT) << 61) - 1)) >> CAST(61 - 2 * lv AS INTEGER) AS BIGINT)], p ->
             list_transform([list_reduce(list_concat([CAST((id >> 61) % 2 AS BIGINT)], list_transform(range(lv), k -> (p >> CAST(2 * (lv - 1 - k) AS INTEGER)) & 3)),
               (s, q) -> list_transform([[0, 1, 3, 2, 0, 2, 3, 1, 3, 2, 0, 1, 3, 1, 0, 2][CAST((s % 4) * 4 + q + 1 AS INTEGER)]], ij ->
                 (((s // 4) // 1073741824 * 2 + ij // 2) * 1073741824 + ((s // 4) % 1073741824) * 2 + ij % 2) * 4 + xor(s % 4, [1, 0, 0, 3][q + 1]))[1]) // 4], st ->
               {'f': CAST(id >> 61 AS INTEGER), 'lv': lv, 'i': st // 1073741824, 'j': st % 1073741824})[1])[1])[1] END)[1])[1] END)`,
  `CREATE OR REPLACE MACRO hb_s2_uv1(s) AS (CASE WHEN s >= 0.5 THEN (4 * s * s - 1) / 3 ELSE (1 - 4 * (1 - s) * (1 - s)) / 3 END)`,
  `CREATE OR REPLACE MACRO hb_s2_lonlat(f, u, v) AS list_transform([CASE f WHEN 0 THEN [1, u, v] WHEN 1 THEN [-u, 1, v] WHEN 2 THEN [-u, -v, 1]
       WHEN 3 THEN [-1, -v, -u] WHEN 4 THEN [v, -1, -u] ELSE [v, u, -1] END], p ->
     [degrees(atan2(p[2], p[1])), degrees(atan2(p[3], sqrt(p[1] * p[1] + p[2] * p[2])))])[1]`,
  `CREATE OR REPLACE MACRO hb_s2_center(t) AS list_transform([hb_s2_cell(t)], c -> CASE WHEN c IS NOT NULL THEN
     {'type': 'Point', 'coordinates': hb_s2_lonlat(c.f, hb_s2_uv1((2 * c.i + 1) * pow(2, -c.lv - 1)), hb_s2_uv1((2 * c.j + 1) * pow(2, -c.lv - 1)))} END)[1]`,
  // the library's vertex order: (u0, v0), (u1, v0), (u1, v1), (u0, v1), closed
  `CREATE OR REPLACE MACRO hb_s2_polygon(t) AS list_transform([hb_s2_cell(t)], c -> CASE WHEN c IS NOT NULL THEN
     list_transform([[hb_s2_uv1(c.i * pow(2, -c.lv)), hb_s2_uv1((c.i + 1) * pow(2, -c.lv)), hb_s2_uv1(c.j * pow(2, -c.lv)), hb_s2_uv1((c.j + 1) * pow(2, -c.lv))]], b ->
       {'type': 'Polygon', 'coordinates': [[hb_s2_lonlat(c.f, b[1], b[3]), hb_s2_lonlat(c.f, b[2], b[3]), hb_s2_lonlat(c.f, b[2], b[4]),
         hb_s2_lonlat(c.f, b[1], b[4]), hb_s2_lonlat(c.f, b[1], b[3])]]})[1] END)[1]`,
];

// ---- H3 cell indexes (the H3 library's 64-bit layout): mode bits 59-62 = 1, reserved bits 56-58 = 0, resolution bits
// 52-55, base cell bits 45-51 (0..121), then fifteen 3-bit digits, 7 past the resolution. A
// pentagon base cell's index never has 1 as its first non-zero digit (the deleted sub-sequence).
const H3_MACROS: string[] = [
  `CREATE OR REPLACE MACRO hb_h3_cell(t) AS (CASE WHEN regexp_full_match(t, '[0-9a-fA-F]{1,16}') AND regexp_matches(t, '[A-F]')
            THEN error('HB162: an upper-case H3 cell token is not supported')
          WHEN regexp_full_match(t, '[0-9a-f]{1,16}') THEN list_transform([CAST(concat('0x', t) AS UBIGINT)], gid_ ->
       list_transform([[CAST((gid_ >> 52) & 15 AS INTEGER), CAST((gid_ >> 45) & 127 AS INTEGER)]], grb_ ->
         list_transform([list_transform(range(1, 16), gr_ -> CAST((gid_ >> CAST(3 * (15 - gr_) AS INTEGER)) & 7 AS INTEGER))], gd_ ->
           CASE WHEN gid_ >> 59 = 1 AND (gid_ >> 56) & 7 = 0 AND grb_[2] < 122
                 AND list_bool_and(list_transform(range(1, 16), gr_ -> CASE WHEN gr_ <= grb_[1] THEN gd_[gr_] <= 6 ELSE gd_[gr_] = 7 END))
                 AND NOT (grb_[2] IN (4, 14, 24, 38, 49, 58, 63, 72, 83, 97, 107, 117)
                          AND coalesce(list_filter(list_slice(gd_, 1, grb_[1]), gx_ -> gx_ <> 0)[1], 0) = 1)
                THEN {'id': gid_, 'res': grb_[1], 'bc': grb_[2]} END)[1])[1])[1] END)`,
  // the digits below resolution r set (to 7); an index keeping digits 1..keep at resolution r
  `CREATE OR REPLACE MACRO hb_h3_low(r) AS (CAST(1 AS UBIGINT) << CAST(3 * (15 - r) AS INTEGER)) - 1`,
  `CREATE OR REPLACE MACRO hb_h3_set(id, keep, r) AS (id & ~(CAST(15 AS UBIGINT) << 52) & ~hb_h3_low(keep)) | (CAST(r AS UBIGINT) << 52) | hb_h3_low(r)`,
  // parent at resolution p (default: one up); '' (null here) when p is not coarser than the cell
  `CREATE OR REPLACE MACRO hb_h3_parent(t, p) AS list_transform([hb_h3_cell(t)], gc_ -> list_transform([coalesce(p, gc_.res - 1)], gp_ ->
     CASE WHEN gc_ IS NULL OR gp_ IS NULL OR gp_ < 0 OR gp_ > gc_.res THEN NULL
          WHEN gp_ = gc_.res THEN error('HB162: geo_h3cell_parent() at the cell''s own resolution is not supported (not documented)')
          ELSE lower(hex(hb_h3_set(gc_.id, gp_, gp_))) END)[1])[1]`,
  // children at resolution c (default: one down), at most 5 levels down, in index order; a
  // pentagon (pentagon base cell, all digits 0) has no child whose first non-zero digit is 1
  `CREATE OR REPLACE MACRO hb_h3_children(t, c) AS list_transform([hb_h3_cell(t)], gc_ -> list_transform([coalesce(c, gc_.res + 1)], gk_ ->
     CASE WHEN gc_ IS NULL OR gk_ IS NULL OR gk_ < gc_.res OR gk_ > 15 OR gk_ - gc_.res > 5 THEN NULL
          WHEN gk_ = gc_.res THEN error('HB162: geo_h3cell_children() at the cell''s own resolution is not supported (not documented)')
          ELSE list_transform([[hb_h3_set(gc_.id, gc_.res, gk_),
                                CASE WHEN gc_.bc IN (4, 14, 24, 38, 49, 58, 63, 72, 83, 97, 107, 117) AND (gc_.id >> CAST(3 * (15 - gc_.res) AS INTEGER)) & hb_h3_low(15 - gc_.res) = 0
                                     THEN CAST(1 AS UBIGINT) ELSE CAST(0 AS UBIGINT) END]], gb_ ->
            list_transform(
              list_filter(list_transform(range(CAST(pow(7, gk_ - gc_.res) AS BIGINT)), gn_ -> list_transform(range(1, gk_ - gc_.res + 1), gj_ -> (gn_ // CAST(pow(7, gk_ - gc_.res - gj_) AS BIGINT)) % 7)),
                gds_ -> NOT (gb_[2] = 1 AND coalesce(list_filter(gds_, gx_ -> gx_ <> 0)[1], 0) = 1)),
              gds_ -> lower(hex(gb_[1] | CAST(list_sum(list_transform(range(1, len(gds_) + 1), gj_ -> CAST(gds_[gj_] AS UBIGINT) << CAST(3 * (15 - gc_.res - gj_) AS INTEGER))) AS UBIGINT)))))[1] END)[1])[1]`,
];

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
  `CREATE OR REPLACE MACRO hb_geohash_cell(h) AS (
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
  `CREATE OR REPLACE MACRO hb_geo_angle(lon1, lat1, lon2, lat2, lon3, lat3) AS
     list_transform([hb_geo_azimuth(lon2, lat2, lon3, lat3) - hb_geo_azimuth(lon2, lat2, lon1, lat1)], d -> CASE WHEN d < 0 THEN d + 2 * pi() ELSE d END)[1]`,
  // ---- lines: a point [lng, lat] → a unit vector; angles between unit vectors (atan2 of the
  // cross product's norm and the dot product, accurate at every size)
  `CREATE OR REPLACE MACRO hb_geo_xyz(p) AS [cos(radians(p[2])) * cos(radians(p[1])), cos(radians(p[2])) * sin(radians(p[1])), sin(radians(p[2]))]`,
  `CREATE OR REPLACE MACRO hb_geo_cross(a, b) AS [a[2] * b[3] - a[3] * b[2], a[3] * b[1] - a[1] * b[3], a[1] * b[2] - a[2] * b[1]]`,
  `CREATE OR REPLACE MACRO hb_geo_dot(a, b) AS a[1] * b[1] + a[2] * b[2] + a[3] * b[3]`,
  `CREATE OR REPLACE MACRO hb_geo_norm(a) AS sqrt(a[1] * a[1] + a[2] * a[2] + a[3] * a[3])`,
  `CREATE OR REPLACE MACRO hb_geo_ang(a, b) AS atan2(hb_geo_norm(hb_geo_cross(a, b)), hb_geo_dot(a, b))`,
  // JSON text of nested number lists → DOUBLE lists of that depth (NULL when it is not one)
  String.raw`CREATE OR REPLACE MACRO hb_geo_num_list2(text) AS list_transform([text], j -> CASE WHEN j IS NULL THEN NULL
     WHEN NOT regexp_full_match(j, '[-+0-9.eE\[\], \t\n\r]*') THEN error('HB162: GeoJSON coordinates that are not plain numbers are not supported')
     WHEN regexp_full_match(j, '\s*\[\s*(\[[^\[\]]*\]\s*(,\s*\[[^\[\]]*\]\s*)*)?\]\s*') THEN TRY_CAST(j AS DOUBLE[][]) END)[1]`,
  String.raw`CREATE OR REPLACE MACRO hb_geo_num_list3(text) AS list_transform([text], j -> CASE WHEN j IS NULL THEN NULL
     WHEN NOT regexp_full_match(j, '[-+0-9.eE\[\], \t\n\r]*') THEN error('HB162: GeoJSON coordinates that are not plain numbers are not supported')
     WHEN regexp_full_match(j, '\s*\[\s*(\[\s*(\[[^\[\]]*\]\s*(,\s*\[[^\[\]]*\]\s*)*)?\]\s*(,\s*\[\s*(\[[^\[\]]*\]\s*(,\s*\[[^\[\]]*\]\s*)*)?\]\s*)*)?\]\s*') THEN TRY_CAST(j AS DOUBLE[][][]) END)[1]`,
  // A LineString ([line]) or MultiLineString (lines) by its GeoJSON type; another type is no line.
  // A type spelled in another case is refused: whether Kusto accepts it is not documented.
  `CREATE OR REPLACE MACRO hb_geo_lines(gt, c2, c3) AS list_transform([gt], t ->
     CASE WHEN t = 'LineString' THEN CAST([c2] AS DOUBLE[][][]) WHEN t = 'MultiLineString' THEN CAST(c3 AS DOUBLE[][][])
          WHEN lower(t) IN ('linestring', 'multilinestring') THEN error('HB162: a GeoJSON type spelled in another case is not supported') END)[1]`,
  // The documented validity of lines: at least one line, each of at least two vertices, each
  // [lng, lat] in range; an edge between antipodal vertices has no shortest geodesic (invalid).
  // 2 = invalid (null), 1 = not documented (refused: a third coordinate, equal consecutive vertices).
  `CREATE OR REPLACE MACRO hb_geo_pt_code(p) AS (CASE WHEN p IS NULL OR len(p) < 2 OR p[1] IS NULL OR p[2] IS NULL THEN 2
     WHEN NOT (p[1] BETWEEN -180 AND 180 AND p[2] BETWEEN -90 AND 90) THEN 2 WHEN len(p) > 2 THEN 1 ELSE 0 END)`,
  `CREATE OR REPLACE MACRO hb_geo_edge_code(p, q) AS (CASE WHEN p[2] = -q[2] AND (abs(p[2]) = 90 OR abs(p[1] - q[1]) = 180) THEN 2
     WHEN p[1] = q[1] AND p[2] = q[2] THEN 1 WHEN abs(p[2]) = 90 AND p[2] = q[2] THEN 1 ELSE 0 END)`,
  `CREATE OR REPLACE MACRO hb_geo_line_code(l) AS (CASE WHEN l IS NULL OR len(l) < 2 THEN 2 ELSE
     greatest(list_max(list_transform(l, p -> hb_geo_pt_code(p))),
              CASE WHEN list_max(list_transform(l, p -> hb_geo_pt_code(p))) = 0
                   THEN list_max(list_transform(range(1, len(l)), i -> hb_geo_edge_code(l[i], l[i + 1]))) ELSE 0 END) END)`,
  `CREATE OR REPLACE MACRO hb_geo_lines_ok(lines) AS list_transform([lines], ls -> CASE WHEN ls IS NULL OR len(ls) = 0 THEN NULL ELSE
     list_transform([list_max(list_transform(ls, l -> hb_geo_line_code(l)))], c ->
       CASE c WHEN 0 THEN ls WHEN 1 THEN error('HB162: a line with a third coordinate or repeated vertices is not supported (Kusto''s answer is not documented)') END)[1] END)[1]`,
  // Total length (documented: the length of the lines' union). Lines of a multiline that run on
  // one great circle could overlap, which a sum would count twice: refused.
  `CREATE OR REPLACE MACRO hb_geo_line_length(lines) AS list_transform([lines], ls -> CASE WHEN ls IS NOT NULL THEN
     list_transform([list_transform(ls, l -> list_transform(range(1, len(l)), i -> [hb_geo_xyz(l[i]), hb_geo_xyz(l[i + 1])]))], segs ->
       CASE WHEN len(segs) > 1 AND list_bool_or(list_transform(range(1, len(segs) + 1), a -> list_bool_or(list_transform(range(a + 1, len(segs) + 1), b ->
              list_bool_or(list_transform(segs[a], s -> list_bool_or(list_transform(segs[b], t ->
                abs(hb_geo_dot(hb_geo_cross(s[1], s[2]), t[1])) < 1e-12 AND abs(hb_geo_dot(hb_geo_cross(s[1], s[2]), t[2])) < 1e-12))))))))
            THEN error('HB162: geo_line_length() of a multiline whose lines may overlap is not supported (Kusto measures their union)')
            ELSE 6371010.0 * list_sum(list_transform(segs, sl -> list_sum(list_transform(sl, s -> hb_geo_ang(s[1], s[2]))))) END)[1] END)[1]`,
  // Distance from a point to the nearest edge (a geodesic arc): to the arc's great circle when the
  // foot of the perpendicular falls inside the arc, else to the nearer end.
  `CREATE OR REPLACE MACRO hb_geo_arc_dist(p, a, b) AS list_transform([hb_geo_cross(a, b)], gnv_ ->
     CASE WHEN hb_geo_dot(hb_geo_cross(a, p), gnv_) > 0 AND hb_geo_dot(hb_geo_cross(p, b), gnv_) > 0
          THEN list_transform([hb_geo_dot(p, gnv_) / hb_geo_norm(gnv_)], gh_ -> atan2(abs(gh_), sqrt(greatest(0.0, 1 - gh_ * gh_))))[1]
          ELSE least(hb_geo_ang(p, a), hb_geo_ang(p, b)) END)[1]`,
  `CREATE OR REPLACE MACRO hb_geo_point_line_dist(lon, lat, lines) AS list_transform([lines], ls -> CASE WHEN ls IS NOT NULL AND lon BETWEEN -180 AND 180 AND lat BETWEEN -90 AND 90 THEN
     list_transform([hb_geo_xyz([lon, lat])], p -> 6371010.0 * list_min(list_transform(ls, l ->
       list_min(list_transform(range(1, len(l)), i -> hb_geo_arc_dist(p, hb_geo_xyz(l[i]), hb_geo_xyz(l[i + 1])))))))[1] END)[1]`,
  ...LINE_MACROS,
  ...POLYGON_MACROS,
  ...S2_MACROS,
  ...H3_MACROS,
];
