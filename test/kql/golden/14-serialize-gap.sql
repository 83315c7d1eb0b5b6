WITH q0 AS (SELECT "Timestamp" AS c0, "DeviceName" AS c1, "FileName" AS c2, "ProcessCommandLine" AS c3, "InitiatingProcessFileName" AS c4, "AdditionalFields" AS c5, '' AS d0, "Timestamp" AS d1, '' AS d2, 'DeviceProcessEvents' AS d3 FROM "DeviceProcessEvents"),
q1 AS (SELECT * FROM q0 WHERE (c1 = 'host-1')),
q2 AS (SELECT c0, c1, c2, c3, c4, c5, d0, d1, d2, d3, row_number() OVER (ORDER BY c0 ASC NULLS FIRST) AS s6 FROM q1),
q3 AS (SELECT c0 AS c9, c1 AS c10, c2 AS c11, c3 AS c12, c4 AS c13, c5 AS c14, d0 AS c15, d1 AS c16, d2 AS c17, d3 AS c18, lag(c0, CAST(1 AS INTEGER), NULL) OVER (ORDER BY s6) AS c7, (epoch_us(c0) - epoch_us(lag(c0, CAST(1 AS INTEGER), NULL) OVER (ORDER BY s6))) AS c8, s6 FROM q2),
q4 AS (SELECT * FROM q3 WHERE (c8 > CAST(600000000 AS BIGINT))),
q5 AS (SELECT c9 AS c19, c11 AS c20, c8 AS c21, s6 FROM q4)
SELECT c19, c20, c21 FROM q5 ORDER BY s6
