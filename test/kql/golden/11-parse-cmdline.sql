WITH q0 AS (SELECT "Timestamp" AS c0, "DeviceName" AS c1, "FileName" AS c2, "ProcessCommandLine" AS c3, "InitiatingProcessFileName" AS c4, "AdditionalFields" AS c5, '' AS d0, "Timestamp" AS d1, '' AS d2, 'DeviceProcessEvents' AS d3 FROM "DeviceProcessEvents"),
q1 AS (SELECT * FROM q0 WHERE (hb_ci(c2) = hb_ci('net.exe'))),
q2 AS (SELECT c0 AS c7, c1 AS c8, c2 AS c9, c3 AS c10, c4 AS c11, c5 AS c12, d0 AS c13, d1 AS c14, d2 AS c15, d3 AS c16, coalesce(regexp_extract(c3, '^.*?user (.*?) .*', CAST(1 AS INTEGER)), '') AS c6 FROM q1),
q3 AS (SELECT c7 AS c17, c8 AS c18, c6 AS c19 FROM q2)
SELECT c17, c18, c19 FROM q3
