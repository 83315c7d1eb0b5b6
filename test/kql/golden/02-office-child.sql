WITH q0 AS (SELECT "DeviceName" AS c1, "FileName" AS c2, "InitiatingProcessFileName" AS c4 FROM "DeviceProcessEvents"),
q1 AS (SELECT * FROM q0 WHERE (lower(c4) IN (lower('winword.exe'), lower('excel.exe'), lower('outlook.exe')))),
q2 AS (SELECT * FROM q1 WHERE (lower(c2) = lower('cmd.exe'))),
q3 AS (SELECT c1 AS c6, CAST(count(*) AS BIGINT) AS c7 FROM q2 GROUP BY 1)
SELECT c6, c7 FROM q3
