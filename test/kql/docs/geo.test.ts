/** Documented examples of the geo functions (lower/families/geo.ts). */
import { runDocCases } from './doc-harness.ts';

runDocCases('geo', [
  {
    fn: 'geo_distance_2points',
    page: 'geo-distance-2points-function',
    kql: 'print distance_in_meters = geo_distance_2points(-122.407628, 47.578557, -118.275287, 34.019056)',
    rows: [[1546754.35197381]],
  },
  { fn: 'geo_distance_2points', page: 'geo-distance-2points-function', kql: 'print distance = geo_distance_2points(300,1,1,1)', rows: [[null]] },
  { fn: 'geo_distance_2points', page: 'geo-distance-2points-function', kql: 'print geo_distance_2points(-122.407628, 47.578557, -118.275287, 34.019056, true)', error: 'HB120' },
  {
    fn: 'geo_point_in_circle',
    page: 'geo-point-in-circle-function',
    kql: `datatable(longitude:real, latitude:real, place:string)[real(-122.317404), 47.609119, 'Seattle', real(-123.497688), 47.458098, 'Olympic National Forest',
      real(-122.201741), 47.677084, 'Kirkland', real(-122.443663), 47.247092, 'Tacoma', real(-122.121975), 47.671345, 'Redmond']
      | where geo_point_in_circle(longitude, latitude, -122.317404, 47.609119, 18000) | project place`,
    rows: [['Seattle'], ['Kirkland'], ['Redmond']],
  },
  {
    fn: 'geo_point_in_circle',
    page: 'geo-point-in-circle-function',
    kql: `print a = geo_point_in_circle(-122.143564, 47.535677, -122.100896, 47.527351, 3500), b = geo_point_in_circle(-122.137575, 47.630683, -122.100896, 47.527351, 3500),
      c = geo_point_in_circle(200, 1, 1, 1, 1), d = geo_point_in_circle(1, 1, 1, 1, -1)`,
    rows: [[true, false, null, null]],
  },
  { fn: 'geo_point_to_geohash', page: 'geo-point-to-geohash-function', kql: 'print geohash = geo_point_to_geohash(139.806115, 35.554128, 12)', rows: [['xn76m27ty9g4']] },
  { fn: 'geo_point_to_geohash', page: 'geo-point-to-geohash-function', kql: 'print geohash = geo_point_to_geohash(-80.195829, 25.802215, 8)', rows: [['dhwfz15h']] },
  {
    fn: 'geo_point_to_geohash',
    page: 'geo-point-to-geohash-function',
    kql: `datatable(location_id:string, longitude:real, latitude:real)["A", double(-122.303404), 47.570482, "B", double(-122.304745), 47.567052, "C", double(-122.278156), 47.566936]
      | summarize count = count(), locations = make_list(location_id) by geohash = geo_point_to_geohash(longitude, latitude) | order by geohash asc`,
    rows: [['c23n8', 2, ['A', 'B']], ['c23n9', 1, ['C']]],
  },
  { fn: 'geo_point_to_geohash', page: 'geo-point-to-geohash-function', kql: 'print a = geo_point_to_geohash(200,1,8), b = geo_point_to_geohash(1,1,int(null))', rows: [['', '']] },
  {
    fn: 'geo_geohash_to_central_point',
    page: 'geo-geohash-to-central-point-function',
    kql: 'print point = geo_geohash_to_central_point("sunny") | extend coordinates = point.coordinates | extend longitude = coordinates[0], latitude = coordinates[1]',
    rows: [[{ type: 'Point', coordinates: [42.47314453125, 23.70849609375] }, [42.47314453125, 23.70849609375], 42.47314453125, 23.70849609375]],
  },
  { fn: 'geo_geohash_to_central_point', page: 'geo-geohash-to-central-point-function', kql: 'print geohash = geo_geohash_to_central_point("a")', rows: [[null]] },
  {
    fn: 'geo_geohash_to_central_point',
    page: 'geo-geohash-to-central-point-function',
    kql: "print p = geo_geohash_to_central_point('sv8wzvy7') | project lat = todouble(p.coordinates[1]), lon = todouble(p.coordinates[0])",
    rows: [[32.15620994567871, 34.80245590209961]],
  },
  {
    fn: 'geo_geohash_to_polygon',
    page: 'geo-geohash-to-polygon-function',
    kql: 'print GeohashPolygon = geo_geohash_to_polygon("dr5ru")',
    rows: [[{ type: 'Polygon', coordinates: [[[-74.00390625, 40.7373046875], [-73.9599609375, 40.7373046875], [-73.9599609375, 40.78125], [-74.00390625, 40.78125], [-74.00390625, 40.7373046875]]] }]],
  },
  {
    fn: 'geo_geohash_to_polygon',
    page: 'geo-geohash-to-polygon-function',
    kql: `datatable(lng:real, lat:real)[-73.975212, 40.789608, -73.916869, 40.818314, -73.989148, 40.743273]
      | project geohash = geo_point_to_geohash(lng, lat, 5) | project geohash_polygon = geo_geohash_to_polygon(geohash)`,
    rows: [
      [{ type: 'Polygon', coordinates: [[[-74.00390625, 40.78125], [-73.9599609375, 40.78125], [-73.9599609375, 40.8251953125], [-74.00390625, 40.8251953125], [-74.00390625, 40.78125]]] }],
      [{ type: 'Polygon', coordinates: [[[-73.9599609375, 40.78125], [-73.916015625, 40.78125], [-73.916015625, 40.8251953125], [-73.9599609375, 40.8251953125], [-73.9599609375, 40.78125]]] }],
      [{ type: 'Polygon', coordinates: [[[-74.00390625, 40.7373046875], [-73.9599609375, 40.7373046875], [-73.9599609375, 40.78125], [-74.00390625, 40.78125], [-74.00390625, 40.7373046875]]] }],
    ],
  },
  { fn: 'geo_geohash_to_polygon', page: 'geo-geohash-to-polygon-function', kql: 'print GeohashPolygon = geo_geohash_to_polygon("a")', rows: [[null]] },
  { fn: 'geo_azimuth', page: 'geo-azimuth-function', kql: 'print azimuth_in_radians = geo_azimuth(5, 10, 10, -40)', rows: [[3.05459939796449]] },
  { fn: 'geo_azimuth', page: 'geo-azimuth-function', kql: 'let azimuth_in_radians = geo_azimuth(5, 10, 10, -40); print azimuth_in_degrees = degrees(azimuth_in_radians)', rows: [[175.015653606568]] },
  { fn: 'geo_azimuth', page: 'geo-azimuth-function', kql: 'print is_null = isnull(geo_azimuth(5, 10, 5, 10)), antipodal = isnull(geo_azimuth(0, 10, 180, -10)), invalid = isnull(geo_azimuth(200, 0, 0, 0))', rows: [[true, true, true]] },
  { fn: 'geo_angle', page: 'geo-angle-function', kql: 'print angle_in_radians = geo_angle(0, 10, 0,5, 3,-10)', rows: [[2.94493843406882]] },
  { fn: 'geo_angle', page: 'geo-angle-function', kql: 'let angle_in_radians = geo_angle(0, 10, 0,5, 3,-10); print angle_in_degrees = degrees(angle_in_radians)', rows: [[168.732543198009]] },
  { fn: 'geo_angle', page: 'geo-angle-function', kql: 'print is_null = isnull(geo_angle(0, 10, 0, 10, 3, -10))', rows: [[true]] },
  {
    fn: 'geo_line_length',
    page: 'geo-line-length-function',
    kql: 'let line = dynamic({"type":"LineString","coordinates":[[-73.95807266235352,40.800426144169315],[-73.94966125488281,40.79691751000055],[-73.97317886352539,40.764486356930334]]}); print length = geo_line_length(line)',
    rows: [[4922.48016992081]],
  },
  {
    fn: 'geo_line_length',
    page: 'geo-line-length-function',
    kql: 'let line = dynamic({"type":"MultiLineString","coordinates":[[[-73.95798683166502,40.800556090021466],[-73.98193359375,40.76819171855746]],[[-73.94940376281738,40.79691751000055],[-73.97317886352539,40.76435634049001]]]}); print length = geo_line_length(line)',
    rows: [[8262.24339753741]],
  },
  { fn: 'geo_line_length', page: 'geo-line-length-function', kql: 'print is_bad_line = isnull(geo_line_length(dynamic({"type":"LineString","coordinates":[[1, 1]]})))', rows: [[true]] },
  {
    fn: 'geo_line_length',
    page: 'geo-line-length-function',
    kql: `datatable(line:dynamic)[dynamic({"type":"LineString","coordinates":[[-73.95807266235352,40.800426144169315],[-73.94966125488281,40.79691751000055],[-73.97317886352539,40.764486356930334]]}),
      dynamic({"type":"LineString","coordinates":[[1, 1]]}), dynamic({"type":"Polygon","coordinates":[[[1, 1],[2, 2],[1, 2],[1, 1]]]}), dynamic(null)] | project length = geo_line_length(line)`,
    rows: [[4922.48016992081], [null], [null], [null]],
  },
  {
    fn: 'geo_distance_point_to_line',
    page: 'geo-distance-point-to-line-function',
    kql: `print distance_in_meters = geo_distance_point_to_line(-115.199625, 36.210419, dynamic({ "type":"LineString","coordinates":[[-115.115385,36.229195],[-115.136995,36.200366],[-115.140252,36.192470],[-115.143558,36.188523],[-115.144076,36.181954],[-115.154662,36.174483],[-115.166431,36.176388],[-115.183289,36.175007],[-115.192612,36.176736],[-115.202485,36.173439],[-115.225355,36.174365]]}))`,
    rows: [[3797.88887253334]],
  },
  { fn: 'geo_distance_point_to_line', page: 'geo-distance-point-to-line-function', kql: 'print distance_in_meters = geo_distance_point_to_line(1,1, dynamic({ "type":"LineString"}))', rows: [[null]] },
  { fn: 'geo_distance_point_to_line', page: 'geo-distance-point-to-line-function', kql: 'print distance_in_meters = geo_distance_point_to_line(300, 3, dynamic({ "type":"LineString","coordinates":[[1,1],[2,2]]}))', rows: [[null]] },
  { fn: 'geo_point_to_s2cell', page: 'geo-point-to-s2cell-function', kql: 'print s2cell = geo_point_to_s2cell(-80.195829, 25.802215, 8)', rows: [['88d9b']] },
  {
    fn: 'geo_point_to_s2cell',
    page: 'geo-point-to-s2cell-function',
    kql: `datatable(location_id:string, longitude:real, latitude:real)["A", 10.1234, 53, "B", 10.3579, 53, "C", 10.6842, 53]
      | summarize count = count(), locations = make_list(location_id) by s2cell = geo_point_to_s2cell(longitude, latitude, 8) | order by s2cell desc`,
    rows: [['47b1d', 2, ['A', 'B']], ['47ae3', 1, ['C']]],
  },
  {
    fn: 'geo_point_to_s2cell',
    page: 'geo-point-to-s2cell-function',
    kql: 'print a = geo_point_to_s2cell(300,1,8), b = geo_point_to_s2cell(1,1,35), c = geo_point_to_s2cell(1,1,int(null))',
    rows: [['', '', '']],
  },
  {
    fn: 'geo_s2cell_to_central_point',
    page: 'geo-s2cell-to-central-point-function',
    kql: 'print point = geo_s2cell_to_central_point("1234567") | extend coordinates = point.coordinates | extend longitude = coordinates[0], latitude = coordinates[1]',
    rows: [[{ type: 'Point', coordinates: [9.86830731850408, 27.4683929258276] }, [9.86830731850408, 27.4683929258276], 9.86830731850408, 27.4683929258276]],
  },
  { fn: 'geo_s2cell_to_central_point', page: 'geo-s2cell-to-central-point-function', kql: 'print point = geo_s2cell_to_central_point("a")', rows: [[null]] },
  {
    fn: 'geo_s2cell_to_polygon',
    page: 'geo-s2cell-to-polygon-function',
    kql: 'print s2cellPolygon = geo_s2cell_to_polygon("89c259")',
    rows: [[{ type: 'Polygon', coordinates: [[[-74.030012249838478, 40.8012684339439], [-74.030012249838478, 40.7222262918358], [-73.935982114337421, 40.708880489804564], [-73.935982114337421, 40.787917134506841], [-74.030012249838478, 40.8012684339439]]] }]],
  },
  {
    fn: 'geo_s2cell_to_polygon',
    page: 'geo-s2cell-to-polygon-function',
    kql: `datatable(lng:real, lat:real)[-73.956683, 40.807907, -73.916869, 40.818314, -73.989148, 40.743273]
      | project s2_hash = geo_point_to_s2cell(lng, lat, 10) | project s2_hash_polygon = geo_s2cell_to_polygon(s2_hash)`,
    rows: [
      [{ type: 'Polygon', coordinates: [[[-74.030012249838478, 40.880202851376716], [-74.030012249838478, 40.8012684339439], [-73.935982114337421, 40.787917134506841], [-73.935982114337421, 40.866846163445771], [-74.030012249838478, 40.880202851376716]]] }],
      [{ type: 'Polygon', coordinates: [[[-73.935982114337421, 40.866846163445771], [-73.935982114337421, 40.787917134506841], [-73.841906340776248, 40.774477568182071], [-73.841906340776248, 40.853401155678846], [-73.935982114337421, 40.866846163445771]]] }],
      [{ type: 'Polygon', coordinates: [[[-74.030012249838478, 40.8012684339439], [-74.030012249838478, 40.7222262918358], [-73.935982114337421, 40.708880489804564], [-73.935982114337421, 40.787917134506841], [-74.030012249838478, 40.8012684339439]]] }],
    ],
  },
  { fn: 'geo_s2cell_to_polygon', page: 'geo-s2cell-to-polygon-function', kql: 'print s2cellPolygon = geo_s2cell_to_polygon("a")', rows: [[null]] },
]);
