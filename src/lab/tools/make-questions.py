# Maintenance script: writes datasets/lab/questions.json (the 22 analyst questions of scenario.md §5 with KQL, a DuckDB SQL equivalent and the expected rows). Run: python3 src/lab/tools/make-questions.py
import json
A='win10-lab01'
Q=[]
def q(id,question,kql,columns,rows,sql):
    Q.append(dict(id=id,question=question,kql=kql.strip(),expected=dict(columns=columns,rows=rows),sql=sql.strip()))
q(1,"Which process wrote the Run key, and what launched that process?",r'''
let writer = DeviceRegistryEvents
  | where RegistryKey has @"\CurrentVersion\Run" and RegistryValueName == "WinATPIntroUpdate"
  | project DeviceId, Pid = InitiatingProcessId, PTime = InitiatingProcessCreationTime;
DeviceProcessEvents
| join kind=inner writer on DeviceId, $left.ProcessId == $right.Pid, $left.ProcessCreationTime == $right.PTime
| project FileName, ProcessId, InitiatingProcessFileName, InitiatingProcessId, InitiatingProcessParentFileName
''',["FileName","ProcessId","InitiatingProcessFileName","InitiatingProcessId","InitiatingProcessParentFileName"],[["powershell.exe",7392,"wscript.exe",7044,"WINWORD.EXE"]],'''
SELECT p.FileName, p.ProcessId, p.InitiatingProcessFileName, p.InitiatingProcessId, p.InitiatingProcessParentFileName
FROM DeviceProcessEvents p JOIN DeviceRegistryEvents r ON p.DeviceId = r.DeviceId AND p.ProcessId = r.InitiatingProcessId AND p.ProcessCreationTime = r.InitiatingProcessCreationTime
WHERE r.RegistryKey LIKE '%\\CurrentVersion\\Run%' AND r.RegistryValueName = 'WinATPIntroUpdate'
''')
q(2,"What is the full process tree from WINWORD.EXE down?",r'''
DeviceProcessEvents
| where DeviceName == "win10-lab01" and Timestamp between (datetime(2024-05-14T09:42:00Z) .. datetime(2024-05-14T09:43:00Z))
| where InitiatingProcessFileName in~ ("explorer.exe", "winword.exe", "wscript.exe", "powershell.exe")
| order by ProcessCreationTime asc
| project ProcessCreationTime, FileName, ProcessId, InitiatingProcessFileName, InitiatingProcessId
''',["ProcessCreationTime","FileName","ProcessId","InitiatingProcessFileName","InitiatingProcessId"],[
 ["2024-05-14T09:42:03.117Z","WINWORD.EXE",6120,"explorer.exe",4312],
 ["2024-05-14T09:42:33.015Z","wscript.exe",7044,"WINWORD.EXE",6120],
 ["2024-05-14T09:42:34.650Z","powershell.exe",7392,"wscript.exe",7044],
 ["2024-05-14T09:42:38.551Z","RuntimeBroker.exe",8116,"powershell.exe",7392]],'''
SELECT ProcessCreationTime, FileName, ProcessId, InitiatingProcessFileName, InitiatingProcessId FROM DeviceProcessEvents
WHERE DeviceName = 'win10-lab01' AND Timestamp BETWEEN TIMESTAMP '2024-05-14 09:42:00' AND TIMESTAMP '2024-05-14 09:43:00'
AND lower(InitiatingProcessFileName) IN ('explorer.exe','winword.exe','wscript.exe','powershell.exe') ORDER BY ProcessCreationTime
''')
q(3,"Which process was injected, by whom, with which APIs?",r'''
DeviceEvents
| where DeviceName == "win10-lab01" and ActionType contains "Remote" and ActionType endswith "ApiCall" and InitiatingProcessFileName =~ "powershell.exe"
| order by Timestamp asc
| project ActionType, InitiatingProcessFileName, InitiatingProcessId, FileName, ProcessId, ProcessCreationTime
''',["ActionType","InitiatingProcessFileName","InitiatingProcessId","FileName","ProcessId","ProcessCreationTime"],[
 ["NtAllocateVirtualMemoryRemoteApiCall","powershell.exe",7392,"RuntimeBroker.exe",8116,"2024-05-14T09:42:38.551Z"],
 ["CreateRemoteThreadApiCall","powershell.exe",7392,"RuntimeBroker.exe",8116,"2024-05-14T09:42:38.551Z"]],'''
SELECT ActionType, InitiatingProcessFileName, InitiatingProcessId, FileName, ProcessId, ProcessCreationTime FROM DeviceEvents
WHERE DeviceName = 'win10-lab01' AND ActionType ILIKE '%Remote%ApiCall' AND lower(InitiatingProcessFileName) = 'powershell.exe' ORDER BY Timestamp
''')
q(4,"Why is RuntimeBroker.exe suspicious even before the injection?",r'''
DeviceProcessEvents
| where FileName =~ "RuntimeBroker.exe" and InitiatingProcessFileName !~ "svchost.exe"
| project DeviceName, ProcessId, InitiatingProcessFileName, InitiatingProcessParentFileName
''',["DeviceName","ProcessId","InitiatingProcessFileName","InitiatingProcessParentFileName"],[[A,8116,"powershell.exe","wscript.exe"]],'''
SELECT DeviceName, ProcessId, InitiatingProcessFileName, InitiatingProcessParentFileName FROM DeviceProcessEvents
WHERE lower(FileName) = 'runtimebroker.exe' AND lower(InitiatingProcessFileName) <> 'svchost.exe'
''')
H='("a9d945868f3e41c17cd2c4a5b435002d8983962f", "4ad493d890092d6da645043be925925bca4cff27", "cd9c8368d6357d821afd3f4d59433d18987f067c")'
q(5,"Where else in the org were the .docm / .js / .jpg hashes seen?",f'''
union DeviceFileEvents, DeviceProcessEvents, DeviceImageLoadEvents, DeviceEvents
| where SHA1 in {H} or InitiatingProcessSHA1 in {H}
| distinct FileName, DeviceName
| order by FileName asc, DeviceName asc
''',["FileName","DeviceName"],[["WinATP-Intro-Backdoorexe.jpg",A],["WinATP-Intro-Invoice.docm",A],["WinATP-Intro-Invoice.docm","win10-lab07"],["diy_rs3_jscript_executes_ps.js",A]],'''
SELECT DISTINCT FileName, DeviceName FROM (
 SELECT FileName, DeviceName, SHA1, InitiatingProcessSHA1 FROM DeviceFileEvents UNION ALL
 SELECT FileName, DeviceName, SHA1, InitiatingProcessSHA1 FROM DeviceProcessEvents UNION ALL
 SELECT FileName, DeviceName, SHA1, InitiatingProcessSHA1 FROM DeviceImageLoadEvents UNION ALL
 SELECT FileName, DeviceName, SHA1, InitiatingProcessSHA1 FROM DeviceEvents)
WHERE SHA1 IN ('a9d945868f3e41c17cd2c4a5b435002d8983962f','4ad493d890092d6da645043be925925bca4cff27','cd9c8368d6357d821afd3f4d59433d18987f067c')
 OR InitiatingProcessSHA1 IN ('a9d945868f3e41c17cd2c4a5b435002d8983962f','4ad493d890092d6da645043be925925bca4cff27','cd9c8368d6357d821afd3f4d59433d18987f067c')
ORDER BY FileName, DeviceName
''')
J='"4ad493d890092d6da645043be925925bca4cff27"'
q(6,"Was the dropped .jpg ever executed directly, or only written?",f'''
union DeviceProcessEvents, DeviceFileEvents
| where SHA1 == {J} or InitiatingProcessSHA1 == {J}
| summarize Events = count() by ActionType
''',["ActionType","Events"],[["FileCreated",1]],'''
SELECT ActionType, count(*) AS Events FROM (SELECT ActionType, SHA1, InitiatingProcessSHA1 FROM DeviceProcessEvents UNION ALL SELECT ActionType, SHA1, InitiatingProcessSHA1 FROM DeviceFileEvents)
WHERE SHA1 = '4ad493d890092d6da645043be925925bca4cff27' OR InitiatingProcessSHA1 = '4ad493d890092d6da645043be925925bca4cff27' GROUP BY ActionType
''')
q(7,"What did the injected process talk to, and when did it stop?",r'''
DeviceNetworkEvents
| where DeviceName == "win10-lab01" and InitiatingProcessId == 8116 and InitiatingProcessCreationTime == datetime(2024-05-14T09:42:38.551Z)
| summarize Beacons = count(), First = min(Timestamp), Last = max(Timestamp) by RemoteIP, RemotePort, RemoteUrl
''',["RemoteIP","RemotePort","RemoteUrl","Beacons","First","Last"],[["203.0.113.45",443,"updates.fabrikam-cdn.example",5,"2024-05-14T09:42:41.300Z","2024-05-14T09:46:41.000Z"]],'''
SELECT RemoteIP, RemotePort, RemoteUrl, count(*) AS Beacons, min(Timestamp) AS First, max(Timestamp) AS Last FROM DeviceNetworkEvents
WHERE DeviceName = 'win10-lab01' AND InitiatingProcessId = 8116 AND InitiatingProcessCreationTime = TIMESTAMP '2024-05-14 09:42:38.551' GROUP BY ALL
''')
q(8,"Who received the same attachment, and did they open it?",r'''
EmailEvents
| where Subject == "Invoice 4471 - please review"
| join kind=leftouter (DeviceProcessEvents | where ProcessCommandLine has "WinATP-Intro-Invoice.docm" | summarize Opened = count() by AccountUpn) on $left.RecipientEmailAddress == $right.AccountUpn
| project RecipientEmailAddress, NetworkMessageId, Opened = coalesce(Opened, 0)
| order by RecipientEmailAddress asc
''',["RecipientEmailAddress","NetworkMessageId","Opened"],[["alex.rivera@contoso.example","d79513d4-5a68-5ec3-9169-5a200fd1ab84",1],["jordan.lee@contoso.example","386702da-1da2-59c8-a2fe-f54e62684b7e",0]],'''
SELECT e.RecipientEmailAddress, e.NetworkMessageId, coalesce(o.Opened, 0) AS Opened FROM EmailEvents e
LEFT JOIN (SELECT AccountUpn, count(*) AS Opened FROM DeviceProcessEvents WHERE ProcessCommandLine LIKE '%WinATP-Intro-Invoice.docm%' GROUP BY AccountUpn) o ON e.RecipientEmailAddress = o.AccountUpn
WHERE e.Subject = 'Invoice 4471 - please review' ORDER BY 1
''')
q(9,"Which alerts fired on the victim, in which order, and which one made the device High risk?",r'''
AlertInfo
| join kind=inner (AlertEvidence | where EntityType == "Machine" and DeviceName == "win10-lab01" | distinct AlertId) on AlertId
| join kind=leftouter (DeviceRiskEvents | where TriggerAlertId != "" | project TriggerAlertId, RaisedTo = RiskScore) on $left.AlertId == $right.TriggerAlertId
| order by Timestamp asc
| project Timestamp, Title, Severity, RaisedTo
''',["Timestamp","Title","Severity","RaisedTo"],[
 ["2024-05-14T09:43:55.000Z","Suspicious script launched by an Office application","Medium","Medium"],
 ["2024-05-14T09:44:10.000Z","Anomaly detected in ASEP registry","Medium",""],
 ["2024-05-14T09:44:20.000Z","Suspicious process injection observed","High","High"],
 ["2024-05-14T09:44:35.000Z","Suspicious network connection from an injected process","Medium",""]],'''
SELECT i.Timestamp, i.Title, i.Severity, coalesce(r.RiskScore, '') AS RaisedTo FROM AlertInfo i
JOIN (SELECT DISTINCT AlertId FROM AlertEvidence WHERE EntityType = 'Machine' AND DeviceName = 'win10-lab01') e ON i.AlertId = e.AlertId
LEFT JOIN DeviceRiskEvents r ON r.TriggerAlertId = i.AlertId ORDER BY i.Timestamp
''')
q(10,"When did the device become non-compliant, and which sign-ins were blocked as a result?",r'''
let dev = toscalar(DeviceInfo | where DeviceName == "win10-lab01" | summarize any(AadDeviceId));
let nc = toscalar(DeviceComplianceEvents | where AadDeviceId == dev and NewState == "noncompliant" | summarize min(Timestamp));
let back = toscalar(DeviceComplianceEvents | where AadDeviceId == dev and NewState == "compliant" and Timestamp > nc | summarize min(Timestamp));
AADSignInEventsBeta
| where AadDeviceId == dev and Timestamp between (nc .. back) and ErrorCode == 53000
| order by Timestamp asc
| project NonCompliantSince = nc, Timestamp, ResourceDisplayName, ClientAppUsed, ErrorCode
''',["NonCompliantSince","Timestamp","ResourceDisplayName","ClientAppUsed","ErrorCode"],[
 ["2024-05-14T09:51:00.000Z","2024-05-14T09:53:20.000Z","Office 365 Exchange Online","Mobile Apps and Desktop clients",53000],
 ["2024-05-14T09:51:00.000Z","2024-05-14T09:54:02.000Z","Office 365 Exchange Online","Browser",53000]],'''
SELECT (SELECT min(Timestamp) FROM DeviceComplianceEvents WHERE DeviceName='win10-lab01' AND NewState='noncompliant') AS NonCompliantSince, Timestamp, ResourceDisplayName, ClientAppUsed, ErrorCode
FROM AADSignInEventsBeta WHERE AadDeviceId = 'afc215b4-7264-5478-b047-680308af8aab' AND ErrorCode = 53000
AND Timestamp BETWEEN TIMESTAMP '2024-05-14 09:51:00' AND TIMESTAMP '2024-05-14 10:36:00' ORDER BY Timestamp
''')
q(11,"Why could the user still reach SharePoint while Exchange was blocked?",r'''
AADSignInEventsBeta
| where AccountUpn == "alex.rivera@contoso.example" and Timestamp between (datetime(2024-05-14T09:50:00Z) .. datetime(2024-05-14T10:00:00Z))
| mv-expand Policy = ConditionalAccessPolicies
| where tostring(Policy.result) != "notApplied"
| project Timestamp, ResourceDisplayName, ErrorCode, PolicyName = tostring(Policy.displayName), Result = tostring(Policy.result), AuthenticationRequirement
| order by Timestamp asc
''',["Timestamp","ResourceDisplayName","ErrorCode","PolicyName","Result","AuthenticationRequirement"],[
 ["2024-05-14T09:53:20.000Z","Office 365 Exchange Online",53000,"CA02 - Exchange Online: compliant device AND MFA","failure","singleFactorAuthentication"],
 ["2024-05-14T09:54:02.000Z","Office 365 Exchange Online",53000,"CA02 - Exchange Online: compliant device AND MFA","failure","singleFactorAuthentication"],
 ["2024-05-14T09:55:14.000Z","Office 365 SharePoint Online",50074,"CA01 - SharePoint Online: compliant device OR MFA","failure","multiFactorAuthentication"],
 ["2024-05-14T09:55:49.000Z","Office 365 SharePoint Online",0,"CA01 - SharePoint Online: compliant device OR MFA","success","multiFactorAuthentication"]],'''
SELECT Timestamp, ResourceDisplayName, ErrorCode, p.displayName AS PolicyName, p.result AS Result, AuthenticationRequirement
FROM (SELECT *, unnest(ConditionalAccessPolicies) AS p FROM AADSignInEventsBeta WHERE AccountUpn = 'alex.rivera@contoso.example'
 AND Timestamp BETWEEN TIMESTAMP '2024-05-14 09:50:00' AND TIMESTAMP '2024-05-14 10:00:00') WHERE p.result <> 'notApplied' ORDER BY Timestamp
''')
q(12,"How long was the device isolated, and did any C2 traffic happen while isolated?",r'''
let iso = toscalar(MachineActions | where Type == "Isolate" and Status == "Succeeded" | summarize min(Timestamp));
let uniso = toscalar(MachineActions | where Type == "Unisolate" and Status == "Succeeded" | summarize min(Timestamp));
DeviceNetworkEvents
| where RemoteIP == "203.0.113.45" and Timestamp between (iso .. uniso)
| summarize C2DuringIsolation = count()
| extend IsolatedSeconds = (uniso - iso) / 1s
''',["C2DuringIsolation","IsolatedSeconds"],[[0,1655.0]],'''
SELECT (SELECT count(*) FROM DeviceNetworkEvents WHERE RemoteIP = '203.0.113.45' AND Timestamp BETWEEN TIMESTAMP '2024-05-14 10:03:05' AND TIMESTAMP '2024-05-14 10:30:40') AS C2DuringIsolation,
 date_diff('second', (SELECT min(Timestamp) FROM MachineActions WHERE Type='Isolate' AND Status='Succeeded'), (SELECT min(Timestamp) FROM MachineActions WHERE Type='Unisolate' AND Status='Succeeded'))::DOUBLE AS IsolatedSeconds
''')
q(13,"Time from first malicious process to containment (time to isolate)?",r'''
let firstProc = toscalar(DeviceProcessEvents | where DeviceName == "win10-lab01" and FileName =~ "WINWORD.EXE" and ProcessCommandLine contains ".docm" | summarize min(ProcessCreationTime));
let iso = toscalar(MachineActions | where Type == "Isolate" and Status == "Succeeded" | summarize min(Timestamp));
print FirstMalicious = firstProc, Isolated = iso, Minutes = round((iso - firstProc) / 1m, 1)
''',["FirstMalicious","Isolated","Minutes"],[["2024-05-14T09:42:03.117Z","2024-05-14T10:03:05.000Z",21.0]],'''
SELECT FirstMalicious, Isolated, round(epoch_ms(Isolated - FirstMalicious) / 60000.0, 1) AS Minutes FROM
 (SELECT min(ProcessCreationTime) AS FirstMalicious FROM DeviceProcessEvents WHERE DeviceName='win10-lab01' AND FileName='WINWORD.EXE' AND ProcessCommandLine LIKE '%.docm%'),
 (SELECT min(Timestamp) AS Isolated FROM MachineActions WHERE Type='Isolate' AND Status='Succeeded')
''')
q(14,"Was the investigation package collected before the alerts were resolved?",r'''
let pkg = toscalar(MachineActions | where Type == "CollectInvestigationPackage" and Status == "Succeeded" | summarize max(Timestamp));
let resolved = toscalar(AlertStatus | where Status == "Resolved" and AlertId startswith "da6385127" | summarize min(Timestamp));
print PackageCollected = pkg, FirstResolved = resolved, CollectedBefore = pkg < resolved
''',["PackageCollected","FirstResolved","CollectedBefore"],[["2024-05-14T10:19:40.000Z","2024-05-14T10:24:00.000Z",True]],'''
SELECT PackageCollected, FirstResolved, PackageCollected < FirstResolved AS CollectedBefore FROM
 (SELECT max(Timestamp) AS PackageCollected FROM MachineActions WHERE Type='CollectInvestigationPackage' AND Status='Succeeded'),
 (SELECT min(Timestamp) AS FirstResolved FROM AlertStatus WHERE Status='Resolved' AND AlertId LIKE 'da6385127%')
''')
q(15,"After remediation, when was access restored, and was the persistence removed?",r'''
let back = toscalar(DeviceComplianceEvents | where DeviceName == "win10-lab01" and PreviousState == "noncompliant" and NewState == "compliant" | summarize min(Timestamp));
let restored = toscalar(AADSignInEventsBeta | where AccountUpn == "alex.rivera@contoso.example" and ResourceDisplayName == "Office 365 Exchange Online" and ErrorCode == 0 and Timestamp > back | summarize min(Timestamp));
let removed = toscalar(DeviceRegistryEvents | where RegistryValueName == "WinATPIntroUpdate" and ActionType == "RegistryValueDeleted" | count);
print CompliantAgain = back, ExchangeRestored = restored, PersistenceRemoved = removed > 0
''',["CompliantAgain","ExchangeRestored","PersistenceRemoved"],[["2024-05-14T10:36:00.000Z","2024-05-14T10:38:12.000Z",False]],'''
WITH b AS (SELECT min(Timestamp) AS CompliantAgain FROM DeviceComplianceEvents WHERE DeviceName='win10-lab01' AND PreviousState='noncompliant' AND NewState='compliant')
SELECT CompliantAgain, (SELECT min(s.Timestamp) FROM AADSignInEventsBeta s WHERE s.AccountUpn='alex.rivera@contoso.example' AND s.ResourceDisplayName='Office 365 Exchange Online' AND s.ErrorCode=0 AND s.Timestamp > b.CompliantAgain) AS ExchangeRestored,
 (SELECT count(*) FROM DeviceRegistryEvents WHERE RegistryValueName='WinATPIntroUpdate' AND ActionType='RegistryValueDeleted') > 0 AS PersistenceRemoved FROM b
''')
q(16,"Is the macro execution visible without the alert?",r'''
DeviceImageLoadEvents
| where FileName =~ "VBE7.DLL" and InitiatingProcessFileName =~ "WINWORD.EXE"
| join kind=inner (DeviceProcessEvents | where InitiatingProcessFileName =~ "WINWORD.EXE" | project DeviceId, InitiatingProcessId, InitiatingProcessCreationTime, Child = FileName) on DeviceId, InitiatingProcessId, InitiatingProcessCreationTime
| project DeviceName, Timestamp, Child
''',["DeviceName","Timestamp","Child"],[[A,"2024-05-14T09:42:05.880Z","wscript.exe"]],'''
SELECT i.DeviceName, i.Timestamp, p.FileName AS Child FROM DeviceImageLoadEvents i JOIN DeviceProcessEvents p
 ON i.DeviceId = p.DeviceId AND i.InitiatingProcessId = p.InitiatingProcessId AND i.InitiatingProcessCreationTime = p.InitiatingProcessCreationTime
WHERE upper(i.FileName) = 'VBE7.DLL' AND upper(i.InitiatingProcessFileName) = 'WINWORD.EXE' AND upper(p.InitiatingProcessFileName) = 'WINWORD.EXE'
''')
q(17,"Which logon session did all of this run in?",r'''
DeviceProcessEvents
| where DeviceName == "win10-lab01" and Timestamp between (datetime(2024-05-14T09:42:00Z) .. datetime(2024-05-14T09:43:00Z))
| where FileName in~ ("WINWORD.EXE", "wscript.exe", "powershell.exe", "RuntimeBroker.exe")
| distinct LogonId
| join kind=inner (DeviceLogonEvents | where DeviceName == "win10-lab01") on LogonId
| project LogonId, Timestamp, ActionType, LogonType, AccountName, InitiatingProcessFileName
''',["LogonId","Timestamp","ActionType","LogonType","AccountName","InitiatingProcessFileName"],[[2456789,"2024-05-14T09:00:12.300Z","LogonSuccess","Interactive","alex.rivera","lsass.exe"]],'''
SELECT l.LogonId, l.Timestamp, l.ActionType, l.LogonType, l.AccountName, l.InitiatingProcessFileName FROM DeviceLogonEvents l
WHERE l.DeviceName='win10-lab01' AND l.LogonId IN (SELECT LogonId FROM DeviceProcessEvents WHERE DeviceName='win10-lab01' AND Timestamp BETWEEN TIMESTAMP '2024-05-14 09:42:00' AND TIMESTAMP '2024-05-14 09:43:00'
 AND lower(FileName) IN ('winword.exe','wscript.exe','powershell.exe','runtimebroker.exe'))
''')
q(18,"(Day 2) Did the hybrid device present device claims to AD FS, and which requests needed MFA?",r'''
AdfsEvents
| where EventId in (1200, 1202)
| order by TimeCreated asc
| project TimeCreated, EventId, RelyingParty, NetworkLocation, DeviceAuth, DeviceId, MfaPerformed
''',["TimeCreated","EventId","RelyingParty","NetworkLocation","DeviceAuth","DeviceId","MfaPerformed"],[
 ["2024-05-15T08:00:14.000Z",1200,"urn:federation:MicrosoftOnline","Intranet",True,"f582c87e-447c-5db3-8b12-c4b922e71bc3",False],
 ["2024-05-15T08:02:30.000Z",1200,"https://portal.corp.contoso.example/","Intranet",True,"f582c87e-447c-5db3-8b12-c4b922e71bc3",False],
 ["2024-05-15T08:30:05.000Z",1202,"https://portal.corp.contoso.example/","Extranet",False,"",False],
 ["2024-05-15T08:30:31.000Z",1200,"https://portal.corp.contoso.example/","Extranet",False,"",True]],'''
SELECT TimeCreated, EventId, RelyingParty, NetworkLocation, DeviceAuth, DeviceId, MfaPerformed FROM AdfsEvents WHERE EventId IN (1200,1202) ORDER BY TimeCreated
''')
q(19,"(Day 2) Which failed AD FS logons came from outside, from which IP?",r'''
AdfsEvents
| where EventId in (1203, 364) and NetworkLocation == "Extranet"
| order by TimeCreated asc
| project TimeCreated, EventId, IpAddress, UserId
''',["TimeCreated","EventId","IpAddress","UserId"],[
 ["2024-05-15T08:33:40.000Z",1203,"198.51.100.77","alex.rivera@contoso.example"],
 ["2024-05-15T08:34:05.000Z",364,"198.51.100.77","alex.rivera@contoso.example"]],'''
SELECT TimeCreated, EventId, IpAddress, UserId FROM AdfsEvents WHERE EventId IN (1203,364) AND NetworkLocation='Extranet' ORDER BY TimeCreated
''')
q(20,"(Day 3) Why was the iPhone's mail sync quarantined and when was it released?",r'''
MobileDevices
| where DeviceId == "ApplDNPX8Q2LSYNT"
| order by Timestamp asc
| project Timestamp, DeviceAccessState, DeviceAccessStateReason, IntuneExchangeAccessState, IntuneExchangeAccessStateReason
''',["Timestamp","DeviceAccessState","DeviceAccessStateReason","IntuneExchangeAccessState","IntuneExchangeAccessStateReason"],[
 ["2024-05-16T12:00:05.000Z","DeviceDiscovery","Global","none","none"],
 ["2024-05-16T12:00:40.000Z","Quarantined","ExternalEnrollment","quarantined","notEnrolled"],
 ["2024-05-16T12:26:00.000Z","Allowed","ExternalCompliance","allowed","compliant"]],'''
SELECT Timestamp, DeviceAccessState, DeviceAccessStateReason, IntuneExchangeAccessState, IntuneExchangeAccessStateReason FROM MobileDevices WHERE DeviceId='ApplDNPX8Q2LSYNT' ORDER BY Timestamp
''')
q(21,"Are any other devices at risk from the same C2?",r'''
DeviceNetworkEvents
| where RemoteIP == "203.0.113.45" or RemoteUrl has "fabrikam-cdn"
| summarize Connections = count() by DeviceName
''',["DeviceName","Connections"],[[A,5]],'''
SELECT DeviceName, count(*) AS Connections FROM DeviceNetworkEvents WHERE RemoteIP='203.0.113.45' OR RemoteUrl LIKE '%fabrikam-cdn%' GROUP BY DeviceName
''')
q(22,"Which signer/trust state do the involved binaries have?",r'''
DeviceFileCertificateInfo
| where DeviceName == "win10-lab01" and SHA1 in ("f545dc7f5baa4f061cc09a5c6ac9dc71353669c1", "4ad493d890092d6da645043be925925bca4cff27")
| project SHA1, IsSigned, Signer, IsTrusted, IsRootSignerMicrosoft
| order by SHA1 asc
''',["SHA1","IsSigned","Signer","IsTrusted","IsRootSignerMicrosoft"],[
 ["4ad493d890092d6da645043be925925bca4cff27",False,"",False,False],
 ["f545dc7f5baa4f061cc09a5c6ac9dc71353669c1",True,"Microsoft Corporation",True,True]],'''
SELECT SHA1, IsSigned, Signer, IsTrusted, IsRootSignerMicrosoft FROM DeviceFileCertificateInfo WHERE DeviceName='win10-lab01'
AND SHA1 IN ('f545dc7f5baa4f061cc09a5c6ac9dc71353669c1','4ad493d890092d6da645043be925925bca4cff27') ORDER BY SHA1
''')
json.dump(Q, open(__import__('os').path.join(__import__('os').path.dirname(__file__), '../../../datasets/lab/questions.json'),'w'), indent=1)
print(len(Q))
