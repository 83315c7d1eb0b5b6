WITH q0 AS (SELECT "Timestamp" AS c0, "DeviceName" AS c1, "FileName" AS c2 FROM "DeviceProcessEvents"),
q1 AS (SELECT * FROM q0 WHERE (c0 > hb_dt_range(TIMESTAMP '2024-01-15 12:00:00' - to_microseconds(CAST(86400000000 AS BIGINT))))),
q2 AS (SELECT c1 AS c6, c2 AS c7 FROM q1 GROUP BY 1, 2),
q3 AS (SELECT "Timestamp" AS c8, "DeviceName" AS c9, "FileName" AS c10 FROM "DeviceProcessEvents"),
q4 AS (SELECT * FROM q3 WHERE (c8 BETWEEN hb_dt_range(TIMESTAMP '2024-01-15 12:00:00' - to_microseconds(CAST(2592000000000 AS BIGINT))) AND hb_dt_range(TIMESTAMP '2024-01-15 12:00:00' - to_microseconds(CAST(86400000000 AS BIGINT))))),
q5 AS (SELECT c9 AS c14, c10 AS c15 FROM q4 GROUP BY 1, 2),
q6 AS (SELECT l.c6 AS c16, l.c7 AS c17 FROM q2 l ANTI JOIN q5 r ON l.c6 IS NOT DISTINCT FROM r.c14 AND l.c7 IS NOT DISTINCT FROM r.c15)
SELECT c16, c17 FROM q6
