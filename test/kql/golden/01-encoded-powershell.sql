WITH q0 AS (SELECT "Timestamp" AS c0, "DeviceName" AS c1, "FileName" AS c2, "ProcessCommandLine" AS c3 FROM "DeviceProcessEvents"),
q1 AS (SELECT * FROM q0 WHERE (c0 > hb_dt_range(TIMESTAMP '2024-01-15 12:00:00' - to_microseconds(CAST(604800000000 AS BIGINT))))),
q2 AS (SELECT * FROM q1 WHERE (hb_ci(c2) IN (hb_ci('powershell.exe'), hb_ci('pwsh.exe')))),
q3 AS (SELECT * FROM q2 WHERE (hb_term_ci(c3, '(?i)-enc', '(?i)-enc(?:$|[^\p{L}\p{N}])') OR hb_term_ci(c3, '(?i)-EncodedCommand', '(?i)-EncodedCommand(?:$|[^\p{L}\p{N}])'))),
q4 AS (SELECT c0 AS c6, c1 AS c7, c3 AS c8 FROM q3)
SELECT c6, c7, c8 FROM q4
