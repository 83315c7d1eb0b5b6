WITH q0 AS (SELECT "Timestamp" AS c0, "DeviceName" AS c1, "FileName" AS c2 FROM "DeviceProcessEvents"),
q1 AS (SELECT * FROM q0 WHERE (c0 > hb_dt_range(TIMESTAMP '2024-01-15 12:00:00' - to_microseconds(CAST(259200000000 AS BIGINT))))),
q2 AS (SELECT * FROM q1 WHERE (hb_ci(c2) IN (hb_ci('mimikatz.exe'), hb_ci('procdump.exe')))),
q3 AS (SELECT c0 AS c6, c1 AS c7, c2 AS c8 FROM q2)
SELECT c6, c7, c8 FROM q3
