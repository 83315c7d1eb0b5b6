WITH q0 AS (SELECT "Timestamp" AS c0, "DeviceName" AS c1, "FileName" AS c2, "ProcessCommandLine" AS c3, "InitiatingProcessFileName" AS c4, "AdditionalFields" AS c5, '' AS d0, "Timestamp" AS d1, '' AS d2, 'DeviceProcessEvents' AS d3 FROM "DeviceProcessEvents"),
q1 AS (SELECT c2 AS c6, CAST(count(DISTINCT c1) AS BIGINT) AS c7 FROM q0 GROUP BY 1),
q2 AS (SELECT * FROM q1 WHERE (c7 < CAST(3 AS BIGINT))),
q3 AS (SELECT c6, c7, row_number() OVER (ORDER BY c7 ASC NULLS FIRST) AS s8 FROM (SELECT * FROM q2 ORDER BY c7 ASC NULLS FIRST LIMIT greatest(CAST(10 AS BIGINT), 0)))
SELECT c6, c7 FROM q3 ORDER BY s8
