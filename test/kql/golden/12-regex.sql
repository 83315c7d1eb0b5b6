WITH q0 AS (SELECT "DeviceName" AS c1, "ProcessCommandLine" AS c3 FROM "DeviceProcessEvents"),
q1 AS (SELECT * FROM q0 WHERE regexp_matches(c3, '(?i)\\\\[a-z0-9]+\\(admin|c)\$')),
q2 AS (SELECT c1 AS c6, c3 AS c7 FROM q1)
SELECT c6, c7 FROM q2
