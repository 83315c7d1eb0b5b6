WITH q0 AS (SELECT "Timestamp" AS c0, "DeviceName" AS c1 FROM "DeviceProcessEvents"),
q1 AS (SELECT time_bucket(INTERVAL '3600000000 microseconds', c0) AS c6, c1 AS c7, CAST(count(*) AS BIGINT) AS c8 FROM q0 GROUP BY 1, 2)
SELECT c6, c7, c8 FROM q1 ORDER BY c6 ASC NULLS FIRST
