/**
 * Query pairs for `npm run bench` (engine section): the same question as KQL (compiled by huntbench)
 * and as hand-written DuckDB SQL. The bench reports time(translated) / time(handwritten).
 * `dataset: 'none'` pairs build their own data; 'lab' pairs need the lab dataset.
 */
export interface BenchPair {
  name: string;
  dataset: 'none' | 'lab';
  kql: string;
  sql: string;
  /** What the pair stands for (the hunting question). */
  note?: string;
}

export const PAIRS: BenchPair[] = [
  {
    name: 'range-summarize',
    dataset: 'none',
    kql: 'range x from 1 to 2000000 step 1 | summarize n = count(), s = sum(x) by k = x % 7',
    sql: 'SELECT x % 7 AS k, count(*) AS n, sum(x)::BIGINT AS s FROM range(1, 2000001) t(x) GROUP BY ALL',
  },
  {
    name: 'range-where-top',
    dataset: 'none',
    kql: 'range x from 1 to 2000000 step 1 | where x % 3 == 0 | top 10 by x desc',
    sql: 'SELECT x FROM range(1, 2000001) t(x) WHERE x % 3 = 0 ORDER BY x DESC NULLS LAST LIMIT 10',
  },
  {
    name: 'string-contains',
    dataset: 'none',
    kql: 'range x from 1 to 500000 step 1 | extend s = strcat("proc-", tostring(x)) | where s contains "99" | count',
    sql: "SELECT count(*) AS Count FROM (SELECT concat('proc-', x::VARCHAR) AS s FROM range(1, 500001) t(x)) WHERE contains(lower(s), '99')",
  },
  // --- typical hunting queries on the lab (run them at scale: `npm run bench -- --only engine --lab-dir DIR`)
  {
    name: 'encoded-powershell',
    dataset: 'lab',
    note: 'command-line hunting with has',
    kql: 'DeviceProcessEvents | where FileName =~ "powershell.exe" and ProcessCommandLine has "-EncodedCommand" | project Timestamp, DeviceName, ProcessCommandLine',
    sql: "SELECT Timestamp, DeviceName, ProcessCommandLine FROM DeviceProcessEvents WHERE lower(FileName) = 'powershell.exe' AND ProcessCommandLine ILIKE '%-encodedcommand%'",
  },
  {
    name: 'cmdline-contains',
    dataset: 'lab',
    note: 'substring search over every command line',
    kql: 'DeviceProcessEvents | where ProcessCommandLine contains "mapdrives" or ProcessCommandLine contains "ExecutionPolicy Bypass" | summarize n = count() by DeviceName, FileName',
    sql: "SELECT DeviceName, FileName, count(*) AS n FROM DeviceProcessEvents WHERE ProcessCommandLine ILIKE '%mapdrives%' OR ProcessCommandLine ILIKE '%executionpolicy bypass%' GROUP BY ALL",
  },
  {
    name: 'office-spawns-shell',
    dataset: 'lab',
    note: 'parent/child: Office or Outlook starting a shell or script host',
    kql: 'DeviceProcessEvents | where InitiatingProcessFileName in~ ("winword.exe", "excel.exe", "outlook.exe", "powerpnt.exe") and FileName in~ ("cmd.exe", "powershell.exe", "wscript.exe", "rundll32.exe", "mshta.exe") | project Timestamp, DeviceName, InitiatingProcessFileName, FileName, ProcessCommandLine',
    sql: "SELECT Timestamp, DeviceName, InitiatingProcessFileName, FileName, ProcessCommandLine FROM DeviceProcessEvents WHERE lower(InitiatingProcessFileName) IN ('winword.exe', 'excel.exe', 'outlook.exe', 'powerpnt.exe') AND lower(FileName) IN ('cmd.exe', 'powershell.exe', 'wscript.exe', 'rundll32.exe', 'mshta.exe')",
  },
  {
    name: 'process-tree-join',
    dataset: 'lab',
    note: 'self-join: conhost children with their parent and grandparent image',
    kql: 'DeviceProcessEvents | where FileName =~ "conhost.exe" | project DeviceId, ParentKey = InitiatingProcessUniqueId | join kind=inner (DeviceProcessEvents | project DeviceId, ParentKey = ProcessUniqueId, Parent = FileName, GrandParent = InitiatingProcessFileName) on DeviceId, ParentKey | summarize n = count() by Parent, GrandParent',
    sql: "SELECT p.FileName AS Parent, p.InitiatingProcessFileName AS GrandParent, count(*) AS n FROM DeviceProcessEvents c JOIN DeviceProcessEvents p ON p.DeviceId = c.DeviceId AND p.ProcessUniqueId = c.InitiatingProcessUniqueId WHERE lower(c.FileName) = 'conhost.exe' GROUP BY ALL",
  },
  {
    name: 'processes-per-hour',
    dataset: 'lab',
    note: 'summarize by bin()',
    kql: 'DeviceProcessEvents | summarize n = count() by bin(Timestamp, 1h) | order by Timestamp asc',
    sql: "SELECT time_bucket(INTERVAL 1 HOUR, Timestamp) AS Timestamp, count(*) AS n FROM DeviceProcessEvents GROUP BY 1 ORDER BY 1",
  },
  {
    name: 'rare-public-ips',
    dataset: 'lab',
    note: 'network to rare public addresses (few devices)',
    kql: 'DeviceNetworkEvents | where RemoteIPType == "Public" and ActionType == "ConnectionSuccess" | summarize devices = dcount(DeviceId), conns = count() by RemoteIP, RemoteUrl | where devices <= 3 | order by conns desc',
    sql: "SELECT RemoteIP, RemoteUrl, count(DISTINCT DeviceId) AS devices, count(*) AS conns FROM DeviceNetworkEvents WHERE RemoteIPType = 'Public' AND ActionType = 'ConnectionSuccess' GROUP BY ALL HAVING count(DISTINCT DeviceId) <= 3 ORDER BY conns DESC",
  },
  {
    name: 'dcount-per-device',
    dataset: 'lab',
    note: 'distinct images and command lines per device',
    kql: 'DeviceProcessEvents | summarize procs = count(), images = dcount(FileName), cmdlines = dcount(ProcessCommandLine) by DeviceName',
    sql: 'SELECT DeviceName, count(*) AS procs, count(DISTINCT FileName) AS images, count(DISTINCT ProcessCommandLine) AS cmdlines FROM DeviceProcessEvents GROUP BY ALL',
  },
  {
    name: 'top-cmdlines',
    dataset: 'lab',
    note: 'top N command lines',
    kql: 'DeviceProcessEvents | summarize n = count() by ProcessCommandLine | sort by n desc, ProcessCommandLine asc | take 20',
    sql: 'SELECT ProcessCommandLine, count(*) AS n FROM DeviceProcessEvents GROUP BY ALL ORDER BY n DESC, ProcessCommandLine ASC LIMIT 20',
  },
  {
    name: 'run-key-writes',
    dataset: 'lab',
    note: 'registry Run-key persistence',
    kql: 'DeviceRegistryEvents | where ActionType == "RegistryValueSet" and RegistryKey endswith @"\\CurrentVersion\\Run" | summarize n = count(), devices = dcount(DeviceId) by RegistryValueName, InitiatingProcessFileName',
    sql: "SELECT RegistryValueName, InitiatingProcessFileName, count(*) AS n, count(DISTINCT DeviceId) AS devices FROM DeviceRegistryEvents WHERE ActionType = 'RegistryValueSet' AND lower(RegistryKey) LIKE '%\\currentversion\\run' GROUP BY ALL",
  },
  {
    name: 'latest-process-per-device',
    dataset: 'lab',
    note: 'arg_max: the latest process per device',
    kql: 'DeviceProcessEvents | summarize arg_max(Timestamp, FileName, ProcessCommandLine) by DeviceId',
    sql: 'SELECT DeviceId, max(Timestamp) AS Timestamp, arg_max(FileName, Timestamp) AS FileName, arg_max(ProcessCommandLine, Timestamp) AS ProcessCommandLine FROM DeviceProcessEvents GROUP BY ALL',
  },
  {
    name: 'latest-row-per-device',
    dataset: 'lab',
    note: 'arg_max(Timestamp, *): the whole latest process row per device',
    kql: 'DeviceProcessEvents | summarize arg_max(Timestamp, *) by DeviceId',
    // the row as one struct; the table's four Log Analytics columns are computed (catalog)
    sql: "SELECT DeviceId, Timestamp, r.* EXCLUDE (Timestamp, DeviceId), 'ada22ba0-e590-5a25-9f19-a7942e547802' AS TenantId, Timestamp AS TimeGenerated, '' AS SourceSystem, 'DeviceProcessEvents' AS Type FROM (SELECT DeviceId, max(Timestamp) AS Timestamp, arg_max(DeviceProcessEvents, Timestamp) AS r FROM DeviceProcessEvents GROUP BY ALL)",
  },
  {
    name: 'failed-logons-per-day',
    dataset: 'lab',
    note: 'failed logons per account and day',
    kql: 'DeviceLogonEvents | where ActionType == "LogonFailed" | summarize failures = count() by AccountName, bin(Timestamp, 1d)',
    sql: "SELECT AccountName, time_bucket(INTERVAL 1 DAY, Timestamp) AS Timestamp, count(*) AS failures FROM DeviceLogonEvents WHERE ActionType = 'LogonFailed' GROUP BY ALL",
  },
  {
    name: 'union-file-registry',
    dataset: 'lab',
    note: 'union of two device tables, per device and action',
    kql: 'union DeviceFileEvents, DeviceRegistryEvents | summarize n = count() by DeviceName, ActionType',
    sql: 'SELECT DeviceName, ActionType, count(*) AS n FROM (SELECT DeviceName, ActionType FROM DeviceFileEvents UNION ALL SELECT DeviceName, ActionType FROM DeviceRegistryEvents) GROUP BY ALL',
  },
  {
    name: 'mv-expand-logged-on',
    dataset: 'lab',
    note: 'mv-expand of a dynamic array',
    kql: 'DeviceInfo | mv-expand u = LoggedOnUsers | summarize devices = dcount(DeviceId) by UserName = tostring(u.UserName)',
    sql: 'SELECT u.UserName AS UserName, count(DISTINCT DeviceId) AS devices FROM (SELECT DeviceId, unnest(LoggedOnUsers) AS u FROM DeviceInfo) GROUP BY ALL',
  },
  {
    name: 'network-by-process',
    dataset: 'lab',
    note: 'join network events to the process that made them',
    kql: 'DeviceNetworkEvents | where RemotePort == 443 | summarize conns = count() by DeviceId, InitiatingProcessUniqueId | join kind=inner (DeviceProcessEvents | project DeviceId, InitiatingProcessUniqueId = ProcessUniqueId, FileName) on DeviceId, InitiatingProcessUniqueId | summarize conns = sum(conns), processes = count() by FileName',
    sql: 'SELECT p.FileName, sum(n.conns)::BIGINT AS conns, count(*) AS processes FROM (SELECT DeviceId, InitiatingProcessUniqueId, count(*) AS conns FROM DeviceNetworkEvents WHERE RemotePort = 443 GROUP BY ALL) n JOIN DeviceProcessEvents p ON p.DeviceId = n.DeviceId AND p.ProcessUniqueId = n.InitiatingProcessUniqueId GROUP BY ALL',
  },
];
