WITH q0 AS (SELECT "Timestamp" AS c0, "DeviceName" AS c1, "FileName" AS c2 FROM "DeviceProcessEvents"),
q1 AS (SELECT c0 AS c6, c1 AS c7, c2 AS c8 FROM q0),
q2 AS (SELECT * FROM q1 WHERE (hb_term_ci(concat_ws(chr(1), 'union_arg0', c7, c8), '(?i)psexec', '(?i)(?:^|[^\p{L}\p{N}])psexec(?:$|[^\p{L}\p{N}])') AND (c6 > hb_dt_range(TIMESTAMP '2024-01-15 12:00:00' - to_microseconds(CAST(86400000000 AS BIGINT)))))),
q3 AS (SELECT "Timestamp" AS c9, "DeviceName" AS c10, "ProcessCommandLine" AS c12 FROM "DeviceProcessEvents"),
q4 AS (SELECT c9 AS c15, c10 AS c16, c12 AS c17 FROM q3),
q5 AS (SELECT * FROM q4 WHERE (hb_term_ci(concat_ws(chr(1), 'union_arg1', c16, c17), '(?i)psexec', '(?i)(?:^|[^\p{L}\p{N}])psexec(?:$|[^\p{L}\p{N}])') AND (c15 > hb_dt_range(TIMESTAMP '2024-01-15 12:00:00' - to_microseconds(CAST(86400000000 AS BIGINT)))))),
q6 AS (SELECT c18, c19, c20, coalesce(c21, '') AS c21, c22 FROM (SELECT CAST('union_arg0' AS VARCHAR) AS c18, CAST(c6 AS TIMESTAMP) AS c19, CAST(c7 AS VARCHAR) AS c20, CAST(c8 AS VARCHAR) AS c21, CAST('' AS VARCHAR) AS c22 FROM q2 UNION ALL BY NAME SELECT CAST('union_arg1' AS VARCHAR) AS c18, CAST(c15 AS TIMESTAMP) AS c19, CAST(c16 AS VARCHAR) AS c20, CAST(c17 AS VARCHAR) AS c22 FROM q5) AS hb_union),
q7 AS (SELECT * FROM q6 LIMIT greatest(CAST(10 AS BIGINT), 0))
SELECT c18, c19, c20, c21, c22 FROM q7
