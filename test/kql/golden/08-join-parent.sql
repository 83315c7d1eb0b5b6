WITH q0 AS (SELECT "Timestamp" AS c8, "DeviceName" AS c9, "FileName" AS c10, "ProcessCommandLine" AS c11, "InitiatingProcessFileName" AS c12, "AdditionalFields" AS c13, '' AS d4, "Timestamp" AS d5, '' AS d6, 'DeviceProcessEvents' AS d7 FROM "DeviceProcessEvents"),
q1 AS (SELECT * FROM q0 WHERE (hb_ci(c12) = hb_ci('rundll32.exe'))),
q2 AS (SELECT "Timestamp" AS c0, "DeviceName" AS c1, "FileName" AS c2 FROM "DeviceProcessEvents"),
q3 AS (SELECT * FROM q2 WHERE (hb_ci(c2) = hb_ci('rundll32.exe'))),
q4 AS (SELECT c1 AS c6, c0 AS c7 FROM q3),
q5 AS (SELECT l.c8 AS c14, l.c9 AS c15, l.c10 AS c16, l.c11 AS c17, l.c12 AS c18, l.c13 AS c19, l.d4 AS c20, l.d5 AS c21, l.d6 AS c22, l.d7 AS c23, r.c6 AS c24, r.c7 AS c25 FROM q1 l INNER JOIN q4 r ON l.c9 IS NOT DISTINCT FROM r.c6),
q6 AS (SELECT * FROM q5 WHERE (c14 BETWEEN c25 AND hb_dt_range(c25 + to_microseconds(CAST(300000000 AS BIGINT))))),
q7 AS (SELECT c15 AS c26, c16 AS c27, c25 AS c28, c14 AS c29 FROM q6)
SELECT c26, c27, c28, c29 FROM q7
