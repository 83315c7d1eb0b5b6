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
]);
