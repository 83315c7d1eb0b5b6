/**
 * MITRE ATT&CK technique names by id, for the techniques the shipped packs and the lab's alerts
 * name (ATT&CK Enterprise). Pack queries carry ids only; alerts carry "Name (Txxxx)" text. Both are
 * shown as tags of id + name. A test keeps this table complete for the shipped packs.
 */
export const TECHNIQUES: Record<string, string> = {
  T1003: 'OS Credential Dumping',
  'T1003.001': 'LSASS Memory',
  'T1003.002': 'Security Account Manager',
  'T1021.001': 'Remote Desktop Protocol',
  'T1021.002': 'SMB/Windows Admin Shares',
  T1027: 'Obfuscated Files or Information',
  T1036: 'Masquerading',
  'T1036.005': 'Match Legitimate Name or Location',
  'T1036.008': 'Masquerade File Type',
  T1046: 'Network Service Discovery',
  T1047: 'Windows Management Instrumentation',
  T1048: 'Exfiltration Over Alternative Protocol',
  'T1048.003': 'Exfiltration Over Unencrypted Non-C2 Protocol',
  'T1052.001': 'Exfiltration over USB',
  'T1053.005': 'Scheduled Task',
  T1055: 'Process Injection',
  'T1055.002': 'Portable Executable Injection',
  'T1055.012': 'Process Hollowing',
  T1059: 'Command and Scripting Interpreter',
  'T1059.001': 'PowerShell',
  'T1059.005': 'Visual Basic',
  'T1059.007': 'JavaScript',
  'T1070.001': 'Clear Windows Event Logs',
  T1071: 'Application Layer Protocol',
  'T1071.001': 'Web Protocols',
  'T1071.004': 'DNS',
  T1078: 'Valid Accounts',
  'T1078.004': 'Cloud Accounts',
  T1105: 'Ingress Tool Transfer',
  T1110: 'Brute Force',
  'T1110.001': 'Password Guessing',
  'T1110.003': 'Password Spraying',
  'T1114.003': 'Email Forwarding Rule',
  T1204: 'User Execution',
  'T1204.002': 'Malicious File',
  'T1218.005': 'Mshta',
  'T1218.010': 'Regsvr32',
  T1485: 'Data Destruction',
  T1486: 'Data Encrypted for Impact',
  T1489: 'Service Stop',
  T1490: 'Inhibit System Recovery',
  T1530: 'Data from Cloud Storage',
  'T1543.003': 'Windows Service',
  'T1547.001': 'Registry Run Keys / Startup Folder',
  'T1552.004': 'Private Keys',
  'T1553.002': 'Code Signing',
  'T1560.001': 'Archive via Utility',
  'T1562.001': 'Disable or Modify Tools',
  'T1564.003': 'Hidden Window',
  'T1566.001': 'Spearphishing Attachment',
  T1567: 'Exfiltration Over Web Service',
  'T1569.002': 'Service Execution',
  T1571: 'Non-Standard Port',
  T1573: 'Encrypted Channel',
  'T1606.002': 'SAML Tokens',
  T1621: 'Multi-Factor Authentication Request Generation',
};

export interface TechniqueTag {
  id: string;
  name: string;
}

/** A pack query's technique ids as tags (an unknown id keeps its id as the name). */
export function techniqueTags(ids: readonly string[] | undefined): TechniqueTag[] {
  return (ids ?? []).map((id) => ({ id, name: TECHNIQUES[id] ?? id }));
}

/**
 * AlertInfo.AttackTechniques — JSON array text such as ["PowerShell (T1059.001)"] — as tags.
 * Entries without an id in parentheses are left out; unreadable text gives no tags.
 */
export function alertTechniqueTags(value: unknown): TechniqueTag[] {
  let list: unknown = value;
  if (typeof value === 'string') {
    try {
      list = JSON.parse(value);
    } catch {
      return [];
    }
  }
  if (!Array.isArray(list)) return [];
  const out: TechniqueTag[] = [];
  for (const x of list) {
    const m = /^(.*?)\s*\((T\d{4}(?:\.\d{3})?)\)\s*$/.exec(String(x));
    if (m) out.push({ id: m[2], name: m[1] || TECHNIQUES[m[2]] || m[2] });
  }
  return out;
}
