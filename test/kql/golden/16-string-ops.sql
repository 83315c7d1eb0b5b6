WITH q0 AS (SELECT "Timestamp" AS c0, "DeviceName" AS c1, "FileName" AS c2, "ProcessCommandLine" AS c3, "InitiatingProcessFileName" AS c4, "AdditionalFields" AS c5, '' AS d0, "Timestamp" AS d1, '' AS d2, 'DeviceProcessEvents' AS d3 FROM "DeviceProcessEvents"),
q1 AS (SELECT * FROM q0 WHERE (starts_with(hb_ci(c1), hb_ci('srv-')) AND (NOT hb_term_ci(c3, '(?i)backup', '(?i)(?:^|[^\p{L}\p{N}])backup(?:$|[^\p{L}\p{N}])')))),
q2 AS (SELECT c0 AS c8, c1 AS c9, c2 AS c10, c3 AS c11, c4 AS c12, c5 AS c13, d0 AS c14, d1 AS c15, d2 AS c16, d3 AS c17, hb_tolower(c3) AS c6, CAST(length(c3) AS BIGINT) AS c7 FROM q1),
q3 AS (SELECT * FROM q2 WHERE (c7 > CAST(200 AS BIGINT))),
q4 AS (SELECT c9 AS c18, c6 AS c19, c7 AS c20 FROM q3),
q5 AS (SELECT * FROM q4 LIMIT greatest(CAST(100 AS BIGINT), 0))
SELECT c18, c19, c20 FROM q5
