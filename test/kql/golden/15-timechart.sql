WITH q0 AS (SELECT "Timestamp" AS c0, "FileName" AS c2 FROM "DeviceProcessEvents"),
q1 AS (SELECT * FROM q0 WHERE (c0 > hb_dt_range(TIMESTAMP '2024-01-15 12:00:00' - to_microseconds(CAST(86400000000 AS BIGINT))))),
q2 AS (SELECT time_bucket(INTERVAL '900000000 microseconds', c0) AS c6, c2 AS c7, CAST(count(*) AS BIGINT) AS c8 FROM q1 GROUP BY 1, 2)
SELECT c6, c7, c8 FROM q2
