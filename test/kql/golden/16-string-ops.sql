WITH q0 AS (SELECT "Timestamp" AS c0, "DeviceName" AS c1, "FileName" AS c2, "ProcessCommandLine" AS c3, "InitiatingProcessFileName" AS c4, "AdditionalFields" AS c5 FROM "DeviceProcessEvents"),
q1 AS (SELECT * FROM q0 WHERE (starts_with(lower(c1), lower('srv-')) AND (NOT (regexp_matches(c3, '(?i)backup') AND regexp_matches(c3, '(?i)(?:^|[^\p{L}\p{N}])backup(?:$|[^\p{L}\p{N}])'))))),
q2 AS (SELECT c0 AS c8, c1 AS c9, c2 AS c10, c3 AS c11, c4 AS c12, c5 AS c13, lower(c3) AS c6, CAST(length(c3) AS BIGINT) AS c7 FROM q1),
q3 AS (SELECT * FROM q2 WHERE (c7 > CAST(200 AS BIGINT))),
q4 AS (SELECT c9 AS c14, c6 AS c15, c7 AS c16 FROM q3),
q5 AS (SELECT * FROM q4 LIMIT greatest(CAST(100 AS BIGINT), 0))
SELECT c14, c15, c16 FROM q5
