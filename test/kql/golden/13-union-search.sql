WITH q0 AS (SELECT "Timestamp" AS c0, "DeviceName" AS c1, "FileName" AS c2, "ProcessCommandLine" AS c3, "InitiatingProcessFileName" AS c4, "AdditionalFields" AS c5 FROM "DeviceProcessEvents"),
q1 AS (SELECT * FROM q0 WHERE (lower(c2) = lower('psexec.exe'))),
q2 AS (SELECT "Timestamp" AS c6, "DeviceName" AS c7, "FileName" AS c8, "ProcessCommandLine" AS c9, "InitiatingProcessFileName" AS c10, "AdditionalFields" AS c11 FROM "DeviceProcessEvents"),
q3 AS (SELECT * FROM q2 WHERE (lower(c8) = lower('wmic.exe'))),
q4 AS (SELECT CAST('union_arg0' AS VARCHAR) AS c12, CAST(c0 AS TIMESTAMP) AS c13, CAST(c1 AS VARCHAR) AS c14, CAST(c2 AS VARCHAR) AS c15, CAST(c3 AS VARCHAR) AS c16, CAST(c4 AS VARCHAR) AS c17, CAST(c5 AS STRUCT("Foo" VARCHAR)) AS c18 FROM q1 UNION ALL SELECT CAST('union_arg1' AS VARCHAR) AS c12, CAST(c6 AS TIMESTAMP) AS c13, CAST(c7 AS VARCHAR) AS c14, CAST(c8 AS VARCHAR) AS c15, CAST(c9 AS VARCHAR) AS c16, CAST(c10 AS VARCHAR) AS c17, CAST(c11 AS STRUCT("Foo" VARCHAR)) AS c18 FROM q3),
q5 AS (SELECT c12 AS c19, c14 AS c20, CAST(count(*) AS BIGINT) AS c21 FROM q4 GROUP BY 1, 2)
SELECT c19, c20, c21 FROM q5
