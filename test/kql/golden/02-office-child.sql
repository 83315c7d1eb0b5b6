WITH q0 AS (SELECT "DeviceName" AS c1, "FileName" AS c2, "InitiatingProcessFileName" AS c4 FROM "DeviceProcessEvents"),
q1 AS (SELECT * FROM q0 WHERE (hb_ci(c4) IN (hb_ci('winword.exe'), hb_ci('excel.exe'), hb_ci('outlook.exe')))),
q2 AS (SELECT * FROM q1 WHERE (hb_ci(c2) = hb_ci('cmd.exe'))),
q3 AS (SELECT c1 AS c6, CAST(count(*) AS BIGINT) AS c7 FROM q2 GROUP BY 1)
SELECT c6, c7 FROM q3
