WITH q0 AS (SELECT "Timestamp" AS c3, "DeviceName" AS c4, "FileName" AS c5, "ProcessCommandLine" AS c6, "InitiatingProcessFileName" AS c7, "AdditionalFields" AS c8, '' AS d0, "Timestamp" AS d1, '' AS d2, 'DeviceProcessEvents' AS d3 FROM "DeviceProcessEvents"),
q1 AS (SELECT c3 AS c10, c4 AS c11, c5 AS c12, c6 AS c13, c7 AS c14, c8 AS c15, d0 AS c16, d1 AS c17, d2 AS c18, d3 AS c19, coalesce(CAST(c8['Foo'] AS VARCHAR), '') AS c9 FROM q0),
q2 AS (SELECT c11 AS c20, c12 AS c21, c9 AS c22 FROM q1),
q3 AS (SELECT c20 AS c26, c21 AS c27, c22 AS c28, (CASE WHEN contains(c22, '/') AND hb_ip4_quad(split_part(c22, '/', 1)) IS NOT NULL
     THEN error('HB162: ipv4_lookup of a source address with an IP prefix is not supported (how it matches a range is not documented)')
     ELSE hb_ip4_quad(c22) END) AS c23 FROM q2),
q4 AS (SELECT * FROM (VALUES (CAST('10.1.0.0/16' AS VARCHAR), CAST('Head office' AS VARCHAR), 0), (CAST('10.2.4.0/24' AS VARCHAR), CAST('Branch' AS VARCHAR), 1)) AS t(c0, c1, o2)),
q5 AS (SELECT c0 AS c29, c1 AS c30, hb_ip4_lookup_lo(c0) AS c24, (hb_ip4_lookup_lo(c0) + hb_ip4_lookup_size(c0) - 1) AS c25 FROM q4),
q6 AS (SELECT l.c26 AS c31, l.c27 AS c32, l.c28 AS c33, coalesce(r.c29, '') AS c34, coalesce(r.c30, '') AS c35 FROM q3 l LEFT JOIN q5 r ON ((l.c23 BETWEEN r.c24 AND r.c25)))
SELECT c31, c32, c33, c34, c35 FROM q6
