/**
 * Kusto built-in functions huntbench deliberately does not implement, each with its reason. The
 * support page (support.ts → docs/kql-support.md) and its coverage test read this table: every
 * function of the parser's list is implemented, excluded here, or listed as missing.
 *
 * `cluster`: bound to a live Kusto cluster (its databases, storage extents, cursors, principals,
 * stored graph models): there is nothing to compute offline. These are left out
 * of the coverage percentage. Every other exclusion counts against it.
 * `graph`: meaningful only inside the `graph-match` / `graph-shortest-paths` operators; graph-match
 * supports properties of its variables (`n.Prop`) only (lower/operators/graph-match.ts), not these.
 * `unspecified`: Kusto's numbers come from an algorithm its documentation does not pin down (period
 * detection, outlier scores, FFT scaling), or its analyzer and engine disagree on the result type;
 * an approximation would be a wrong answer, so the function is refused.
 * `engine`: Kusto's answer is specified, but computing it needs what DuckDB's core SQL does not
 * have offline (no function is in this class at present).
 */
export type ExclusionClass = 'cluster' | 'graph' | 'unspecified' | 'engine';

export interface Exclusion {
  /** The function kinds the exclusion applies to (some names are both an aggregate and a scalar function). */
  kinds: ('scalar' | 'aggregate')[];
  class: ExclusionClass;
  reason: string;
}

const cluster = (reason: string): Exclusion => ({ kinds: ['scalar'], class: 'cluster', reason });
const graph = (reason: string): Exclusion => ({ kinds: ['scalar'], class: 'graph', reason });
const unspecified = (reason: string): Exclusion => ({ kinds: ['scalar'], class: 'unspecified', reason });
const PERIODS = 'automatic period detection (series_periods_detect) is not specified beyond "a score threshold"';
const OUTLIERS = 'the custom Tukey score (percentile interpolation and scaling) is not specified';
const FFT =
  "the scaling of the transforms is not documented: the example's output is only a chart, and its round trip (series_ifft of series_fft gives the input back) pins only the product of the two scalings";
const TWO_LINES =
  "the best split maximises the total r-square (documented), but not which split indexes are tried (the shortest segment), which segment the split index belongs to, where the right line's x starts (its interception), nor the total r-square's and residual variances' formulas; the examples' output is only a chart";
const BUFFER = 'the buffer polygon approximates circles with vertices whose count and placement are not documented';
const SIMPLIFY = 'which vertices the simplification keeps (its algorithm and tolerance handling) is not documented';
const GEO_UNION = "the output geometry's vertices (their order, the starting vertex, merged and split edges) follow an undocumented algorithm";
const DENSIFY =
  'how many points are added for a tolerance is not documented (the documented example splits a 130 km edge into 8 equal steps without saying how 8 follows from the 10 m tolerance)';
const COVERING = 'the covering (how many cells, of which levels, and their order) comes from an undocumented covering algorithm';
const NEIGHBOURS = "the order of the neighbours in the array follows no documented rule (the documented examples' order is neither clockwise nor by cell id)";
// the one documented example of each (re-read for issue 10): geohash 'sunny' lists its neighbours
// SW, NW, SE, N, W, NE, E, S; S2 cell 89c259 lists SE, NW, SW, W, E, S, N, NE (by their documented
// polygons), which is not the S2 library's AppendAllNeighbors order (NW, SW, W, E, N, S, NE, SE
// there) nor sorted by token: one example each does not pin a rule down.
const COMPRESS = 'the compressed bytes depend on the compressor (implementation and level), which is not documented';

export const EXCLUSIONS: Record<string, Exclusion> = {
  current_cluster_endpoint: cluster('the address of the cluster running the query'),
  current_database: cluster('the database the query runs in'),
  current_principal: cluster('the signed-in identity of the cluster connection'),
  current_principal_details: cluster('the signed-in identity of the cluster connection'),
  current_principal_is_member_of: cluster('Entra ID group membership of the signed-in identity'),
  cursor_after: cluster('database cursors (ingestion positions)'),
  cursor_before_or_at: cluster('database cursors (ingestion positions)'),
  cursor_current: cluster('database cursors (ingestion positions)'),
  extent_id: cluster('the storage extent (data shard) holding the row'),
  extent_tags: cluster('the tags of the storage extent holding the row'),
  graph: cluster('a graph model persisted in the database'),
  all: graph('a graph-match path predicate'),
  any: graph('a graph-match path predicate (the aggregate any() is a different function)'),
  inner_nodes: graph('the inner nodes of a graph-match variable-length path'),
  labels: graph('the labels of a graph node or edge'),
  map: graph('a graph-match path projection'),
  node_degree_in: graph('the in-degree of a graph node'),
  node_degree_out: graph('the out-degree of a graph node'),
  node_id: graph('the id of a graph node'),
  series_decompose_anomalies: unspecified(`series_decompose (${PERIODS}) followed by series_outliers (${OUTLIERS})`),
  series_decompose_forecast: unspecified(`series_decompose: ${PERIODS}`),
  series_outliers: unspecified(OUTLIERS),
  series_periods_detect: unspecified('the period scoring is not specified'),
  series_periods_validate: unspecified('the period scoring is not specified'),
  series_fft: unspecified(FFT),
  series_ifft: unspecified(FFT),
  series_fit_2lines: unspecified(TWO_LINES),
  series_fit_2lines_dynamic: unspecified(TWO_LINES),
  geo_point_buffer: unspecified(BUFFER),
  geo_line_buffer: unspecified(BUFFER),
  geo_polygon_buffer: unspecified(BUFFER),
  geo_line_simplify: unspecified(SIMPLIFY),
  geo_polygon_simplify: unspecified(SIMPLIFY),
  geo_simplify_polygons_array: unspecified(SIMPLIFY),
  geo_union_lines_array: unspecified(GEO_UNION),
  geo_union_polygons_array: unspecified(GEO_UNION),
  geo_intersection_2lines: unspecified(GEO_UNION),
  geo_intersection_2polygons: unspecified(GEO_UNION),
  geo_intersection_line_with_polygon: unspecified(GEO_UNION),
  geo_line_densify: unspecified(DENSIFY),
  geo_polygon_densify: unspecified(DENSIFY),
  geo_line_to_s2cells: unspecified(COVERING),
  geo_polygon_to_s2cells: unspecified(COVERING),
  // Its page does document the set (the cells whose centres are inside the polygon) and the
  // example's 13 cells are exactly h3-js 4.5 polygonToCells' set, but not in its order (nor sorted):
  // the array's order is what is undocumented.
  geo_polygon_to_h3cells: unspecified('the cells are documented (those whose centres are inside the polygon) but not their order in the array: the documented example lists the H3 library\'s cells in another order than the library (h3-js 4.5) returns them, and not sorted'),
  geo_geohash_neighbors: unspecified(NEIGHBOURS),
  geo_s2cell_neighbors: unspecified(NEIGHBOURS),
  hash_combine: unspecified('how two hashes are combined is not documented (one example value, which no usual 64-bit combining scheme reproduces)'),
  hash_many: unspecified('hash() of each value combined as hash_combine() does, and that combining step is not documented'),
  base64_decode_toguid: unspecified("the reference's example (JpbpECu8dUy7Pv5gbeJXAA== → 10e99626-bc2b-754c-…) reads the third group big-endian, unlike the .NET layout base64_encode_fromguid's example uses"),
  zlib_compress_to_base64_string: unspecified(COMPRESS),
  gzip_compress_to_base64_string: unspecified(COMPRESS),
  parse_user_agent: unspecified('the answer depends on the user-agent rule set (and its version) Kusto ships, which is not documented'),
  row_id: unspecified('not documented in the KQL reference'),
  datetime_list_timezones: unspecified("the reference shows the output only as an image: whether it is exactly the reference's time-zone list, and in which order, is not documented"),
};

/** The exclusion of one of Kusto's functions, if any. */
export function exclusionOf(kind: 'scalar' | 'aggregate', name: string): Exclusion | undefined {
  const e = Object.hasOwn(EXCLUSIONS, name) ? EXCLUSIONS[name] : undefined;
  return e?.kinds.includes(kind) ? e : undefined;
}
