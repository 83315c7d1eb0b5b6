WITH q0 AS (SELECT "Timestamp" AS c0, "DeviceName" AS c1, "FileName" AS c2, "ProcessCommandLine" AS c3 FROM "DeviceProcessEvents"),
q1 AS (SELECT c1 AS c6, c2 AS c7, min(c0) AS c8, max(c0) AS c9, coalesce(list(DISTINCT c3) FILTER (WHERE c3 IS NOT NULL), [])[1:CAST(10 AS BIGINT)] AS c10 FROM q0 GROUP BY 1, 2)
SELECT c6, c7, c8, c9, c10 FROM q1
