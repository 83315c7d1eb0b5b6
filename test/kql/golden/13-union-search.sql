WITH q0 AS (SELECT "DeviceName" AS c1, "FileName" AS c2 FROM "DeviceProcessEvents"),
q1 AS (SELECT * FROM q0 WHERE (hb_ci(c2) = hb_ci('psexec.exe'))),
q2 AS (SELECT "DeviceName" AS c7, "FileName" AS c8 FROM "DeviceProcessEvents"),
q3 AS (SELECT * FROM q2 WHERE (hb_ci(c8) = hb_ci('wmic.exe'))),
q4 AS (SELECT CAST('union_arg0' AS VARCHAR) AS c12, CAST(c1 AS VARCHAR) AS c14 FROM q1 UNION ALL SELECT CAST('union_arg1' AS VARCHAR) AS c12, CAST(c7 AS VARCHAR) AS c14 FROM q3),
q5 AS (SELECT c12 AS c23, c14 AS c24, CAST(count(*) AS BIGINT) AS c25 FROM q4 GROUP BY 1, 2)
SELECT c23, c24, c25 FROM q5
