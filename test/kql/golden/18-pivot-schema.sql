WITH q0 AS (SELECT "DeviceName" AS c1, "FileName" AS c2 FROM "DeviceProcessEvents"),
q1 AS (SELECT c1 AS c6, c2 AS c7 FROM q0),
q2 AS (SELECT c6 AS c8, CAST(count(*) FILTER (WHERE (c7 = 'powershell.exe')) AS BIGINT) AS c9, CAST(count(*) FILTER (WHERE (c7 = 'cmd.exe')) AS BIGINT) AS c10 FROM q1 GROUP BY 1)
SELECT c8, c9, c10 FROM q2
