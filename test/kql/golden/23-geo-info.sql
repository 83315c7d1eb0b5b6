WITH q0 AS (SELECT "Timestamp" AS c0, "DeviceName" AS c1, "FileName" AS c2, "ProcessCommandLine" AS c3, "InitiatingProcessFileName" AS c4, "AdditionalFields" AS c5, '' AS d0, "Timestamp" AS d1, '' AS d2, 'DeviceProcessEvents' AS d3 FROM "DeviceProcessEvents"),
q1 AS (SELECT * FROM q0 WHERE (hb_ci(c2) = hb_ci('curl.exe'))),
q2 AS (SELECT c0 AS c7, c1 AS c8, c2 AS c9, c3 AS c10, c4 AS c11, c5 AS c12, d0 AS c13, d1 AS c14, d2 AS c15, d3 AS c16, coalesce(regexp_extract(c3, '(\p{Nd}+\.\p{Nd}+\.\p{Nd}+\.\p{Nd}+)', CAST(CAST(1 AS BIGINT) AS INTEGER)), '') AS c6 FROM q1),
q3 AS (SELECT * FROM q2 WHERE ((c6 IS NOT NULL AND c6 <> '') AND (NOT hb_ipv4_is_private(c6)))),
q4 AS (SELECT c7 AS c18, c8 AS c19, c9 AS c20, c10 AS c21, c11 AS c22, c12 AS c23, c13 AS c24, c14 AS c25, c15 AS c26, c16 AS c27, c6 AS c28, (SELECT CASE WHEN count(*) = 1 THEN first({'country': hb_g.c, 'state': hb_g.s, 'city': hb_g.t, 'latitude': hb_g.la, 'longitude': hb_g.lo})
     WHEN count(*) = 0 THEN error(concat('HB162: geo_info_from_ip_address(): no geolocation data is available offline for ''', coalesce(CAST(c6 AS VARCHAR), 'null'), ''': the lab''s geo-IP table GeoIpLocations holds the public addresses of its data only, and what Kusto returns for an address without data (private, reserved, unknown, or not an IPv4 address) is not documented; keep such rows out first, e.g. | where RemoteIPType == "Public" or | where not(ipv4_is_private(RemoteIP))'))
     ELSE error('HB162: geo_info_from_ip_address(): the address is in several networks of GeoIpLocations') END
   FROM (SELECT "Country" AS c, "State" AS s, "City" AS t, "Latitude" AS la, "Longitude" AS lo, hb_parse_ipv4("Network") AS n0,
           hb_parse_ipv4("Network") + CAST(pow(2, 32 - hb_ipv4_prefix("Network")) AS BIGINT) - 1 AS n1 FROM "GeoIpLocations") AS hb_g
   WHERE hb_ip4_quad(c6) BETWEEN hb_g.n0 AND hb_g.n1) AS c17 FROM q3),
q5 AS (SELECT c18 AS c29, c19 AS c30, c28 AS c31, coalesce(CAST(c17['country'] AS VARCHAR), '') AS c32, coalesce(CAST(c17['city'] AS VARCHAR), '') AS c33 FROM q4)
SELECT c29, c30, c31, c32, c33 FROM q5
