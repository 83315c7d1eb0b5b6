/**
 * Background rows for three more Log Analytics tables that Sentinel content reads
 * (docs/tables/sentinel-tables.md):
 *  - W3CIISLog: the intranet web server `web01` (IIS, Windows authentication). The lab's people
 *    open the intranet from their devices on working days (a 401 challenge before each
 *    authenticated page, as Negotiate/NTLM does, then 200 or 304 for pages and static files); its
 *    published partner site gets the internet scanners that also try the SFTP server (404s for
 *    common exploit paths, from scanner user agents).
 *  - AWSCloudTrail: the company's AWS account, run by IT: the admins sign in to the console
 *    through single sign-on (an AssumeRoleWithSAML, then a ConsoleLogin) and look around
 *    (Describe/List calls, now and then a change), the deployment role of the build pipeline writes
 *    to its bucket every night, and AWS Config reads the configuration every hour.
 *  - VMConnection: VM insights on the lab's Azure VMs: the guest agent talking to the Azure host
 *    (168.63.129.16, the platform's documented virtual public address), Defender for Endpoint and
 *    Windows Update reaching Microsoft, and RDP from the IT admin's workstation now and then.
 * Values the reference pages do not describe (the account number, role names, site names) are the
 * lab's choice. Drawn from their own random streams, after every other table.
 */
import type * as M from './model.ts';
import { type Rng, guidOf, hexOf } from './rng.ts';
import { INTERNET_SCANNERS } from './sentinel-estate.ts';
import { writeKeyVault } from './sentinel-keyvault.ts';
import { HOUR, isWorkday, MIN, SEC } from './time.ts';
import type { Dev, Sinks } from './world.ts';

export interface MoreCtx {
  sinks: Sinks;
  days: number[];
  users: M.UserDef[];
  devs: Dev[];
  tenant: string;
}

export function writeMoreSentinel(c: MoreCtx, r: Rng): void {
  iis(c, r.fork('iis'));
  aws(c, r.fork('aws'));
  vmConnections(c, r.fork('vmconn'));
  // Last: a stream added after the others leaves their rows as they were.
  writeKeyVault({ sinks: c.sinks, days: c.days, users: c.users, publicIpOf: (u) => c.devs.find((d) => d.user === u)?.def.publicIp }, r.fork('keyvault'));
}


// --- IIS ----------------------------------------------------------------------------------------

export const WEB = { name: 'web01.corp.contoso.example', ip: '10.20.0.50' };
const BROWSER_UA = 'Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/120.0.0.0+Safari/537.36+Edg/120.0.0.0';
const SCANNER_UA = [
  'Mozilla/5.0+zgrab/0.x',
  'python-requests/2.31.0',
  'Mozilla/5.0+(compatible;+CensysInspect/1.1;++https://about.censys.io/)',
  'curl/7.88.1',
  'Go-http-client/1.1',
];
const PAGES = ['/', '/news/default.aspx', '/hr/holidays.aspx', '/it/servicedesk.aspx', '/finance/expenses.aspx', '/people/search.aspx', '/news/article.aspx'];
const STATIC = ['/css/site.css', '/js/site.js', '/img/logo.png', '/favicon.ico'];
const PROBES = ['/.env', '/wp-login.php', '/owa/auth/logon.aspx', '/admin/', '/phpmyadmin/index.php', '/.git/config', '/autodiscover/autodiscover.xml', '/cgi-bin/luci', '/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php'];

function iis(c: MoreCtx, r: Rng): void {
  const add = (t: number, site: string, port: number, method: string, stem: string, query: string, user: string, client: string, ua: string, status: number, sub: number, win32: number, scBytes: number, csBytes: number, taken: number, referer = '-') =>
    c.sinks.W3CIISLog.add({
      AzureDeploymentID: '', cIP: client, Computer: WEB.name, Confidence: '', csBytes, csCookie: '-', csHost: site === 'Intranet' ? 'intranet.corp.contoso.example' : 'partners.contoso.example',
      csMethod: method, csReferer: referer, csUriQuery: query, csUriStem: stem, csUserAgent: ua, csUserName: user, csVersion: 'HTTP/1.1', Description: '', FirstReportedDateTime: '',
      IndicatorThreatType: '', IsActive: '', LastReportedDateTime: '', MaliciousIP: '', ManagementGroupName: 'AOI-ws', RemoteIPCountry: '', RemoteIPLatitude: null, RemoteIPLongitude: null,
      Role: '', RoleInstance: '', scBytes, scStatus: String(status), scSubStatus: String(sub), scWin32Status: String(win32), Severity: null, sIP: WEB.ip, SourceSystem: 'OpsManager',
      sPort: port, sSiteName: site, StorageAccount: '', TimeGenerated: t, TimeTaken: taken, TLPLevel: '', Type: 'W3CIISLog',
    });
  const people = c.devs.filter((d) => d.user && d.def.localIp);
  for (const d0 of c.days) {
    if (isWorkday(d0)) {
      for (const d of people) {
        const u = d.user!;
        for (let k = r.int(0, 4); k > 0; k--) {
          let t = d0 + r.int(8 * 60, 17 * 60) * MIN + r.int(0, 59) * SEC;
          const page = r.pick(PAGES);
          const query = page === '/news/article.aspx' ? `id=${r.int(100, 480)}` : page === '/people/search.aspx' ? `q=${r.pick(c.users).displayName.split(' ')[1] ?? 'a'}` : '-';
          // Windows authentication: the anonymous request is challenged (401.2), the retry authenticated
          add(t, 'Intranet', 443, 'GET', page, query, '-', d.def.localIp, BROWSER_UA, 401, 2, 5, 1293, r.int(400, 700), r.int(0, 3));
          t += r.int(20, 400) * 1000;
          add(t, 'Intranet', 443, 'GET', page, query, `CORP\\${u.accountName}`, d.def.localIp, BROWSER_UA, 200, 0, 0, r.int(8000, 60000), r.int(900, 2400), r.int(15, 400));
          for (const s of STATIC.filter(() => r.chance(0.6))) {
            const cached = r.chance(0.7);
            add(t + r.int(50, 900) * 1000, 'Intranet', 443, 'GET', s, '-', `CORP\\${u.accountName}`, d.def.localIp, BROWSER_UA, cached ? 304 : 200, 0, 0, cached ? 210 : r.int(2000, 90000), r.int(900, 2400), r.int(0, 40), `https://intranet.corp.contoso.example${page}`);
          }
          if (page === '/finance/expenses.aspx' && u.department === 'Finance' && r.chance(0.5))
            add(t + r.int(30, 600) * SEC, 'Intranet', 443, 'POST', page, '-', `CORP\\${u.accountName}`, d.def.localIp, BROWSER_UA, 302, 0, 0, 420, r.int(3000, 40000), r.int(60, 900), `https://intranet.corp.contoso.example${page}`);
        }
      }
    }
    // the published partner site: internet scanners probing for well-known paths
    for (let k = r.int(6, 30); k > 0; k--) {
      const t = d0 + r.int(0, 24 * 60 - 1) * MIN + r.int(0, 59) * SEC;
      const src = r.pick(INTERNET_SCANNERS);
      const ua = r.pick(SCANNER_UA);
      for (let j = r.int(1, 5); j > 0; j--) {
        const probe = r.pick(PROBES);
        add(t + j * r.int(1, 4) * SEC, 'Partner Portal', 443, r.chance(0.85) ? 'GET' : 'POST', probe, '-', '-', src, ua, 404, 0, 2, 1245, r.int(150, 600), r.int(0, 6));
      }
      if (r.chance(0.3)) add(t, 'Partner Portal', 80, 'GET', '/', '-', '-', src, ua, 301, 0, 0, 405, r.int(80, 200), 0);
    }
  }
}

// --- AWS ----------------------------------------------------------------------------------------

export const AWS_ACCOUNT = '210987654321';
export const AWS_REGION = 'eu-west-1';
const CONSOLE_UA = 'AWS Internal';
const SSO_ROLE = 'AWSReservedSSO_AdministratorAccess_4f2c1a7e9b3d5c60';

function aws(c: MoreCtx, r: Rng): void {
  const admins = c.users.filter((u) => u.department === 'IT').slice(0, 2);
  const egress = '198.51.100.31';
  const base = (t: number, source: string, name: string, type: string, identity: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
    c.sinks.AWSCloudTrail.add({
      AdditionalEventData: '', APIVersion: '', AwsEventId: r.guid(), AWSRegion: AWS_REGION, AwsRequestId: '', AwsRequestId_: r.guid(), Category: 'Management', CidrIp: '',
      CipherSuite: 'TLS_AES_128_GCM_SHA256', ClientProvidedHostHeader: `${source.split('.')[0]}.${AWS_REGION}.amazonaws.com`, DestinationPort: '', EC2RoleDelivery: '', ErrorCode: '',
      ErrorMessage: '', EventName: name, EventSource: source, EventTypeName: type, EventVersion: '1.08', IpProtocol: '', ManagementEvent: true, OperationName: 'CloudTrail',
      ReadOnly: /^(Describe|List|Get)/.test(name), RecipientAccountId: AWS_ACCOUNT, RequestParameters: '', Resources: '', ResponseElements: '', ServiceEventDetails: '',
      SessionCreationDate: null, SessionIssuerAccountId: '', SessionIssuerArn: '', SessionIssuerPrincipalId: '', SessionIssuerType: '', SessionIssuerUserName: '',
      SessionMfaAuthenticated: false, SharedEventId: '', SourceIpAddress: egress, SourcePort: '', SourceSystem: 'AWS', TenantId: c.tenant, TimeGenerated: t, TlsVersion: 'TLSv1.3',
      Type: 'AWSCloudTrail', UserAgent: CONSOLE_UA, UserIdentityAccessKeyId: '', UserIdentityAccountId: AWS_ACCOUNT, UserIdentityArn: '', UserIdentityInvokedBy: '',
      UserIdentityPrincipalid: '', UserIdentityType: '', UserIdentityUserName: '', VpcEndpointId: '',
      ...identity,
      ...extra,
    });
  };
  const roleId = `AROA${hexOf('aws:sso-role', 17).toUpperCase()}`;
  const session = (u: M.UserDef, t0: number) => ({
    SessionCreationDate: t0, SessionIssuerAccountId: AWS_ACCOUNT, SessionIssuerArn: `arn:aws:iam::${AWS_ACCOUNT}:role/aws-reserved/sso.amazonaws.com/${SSO_ROLE}`,
    SessionIssuerPrincipalId: roleId, SessionIssuerType: 'Role', SessionIssuerUserName: SSO_ROLE, SessionMfaAuthenticated: false,
    UserIdentityAccessKeyId: `ASIA${hexOf(`aws:key:${u.upn}:${t0}`, 16).toUpperCase()}`, UserIdentityArn: `arn:aws:sts::${AWS_ACCOUNT}:assumed-role/${SSO_ROLE}/${u.upn}`,
    UserIdentityPrincipalid: `${roleId}:${u.upn}`, UserIdentityType: 'AssumedRole',
  });
  const looks: [string, string][] = [
    ['ec2.amazonaws.com', 'DescribeInstances'], ['ec2.amazonaws.com', 'DescribeSecurityGroups'], ['ec2.amazonaws.com', 'DescribeVpcs'], ['s3.amazonaws.com', 'ListBuckets'],
    ['iam.amazonaws.com', 'ListRoles'], ['iam.amazonaws.com', 'ListUsers'], ['cloudtrail.amazonaws.com', 'DescribeTrails'], ['logs.amazonaws.com', 'DescribeLogGroups'],
    ['cloudformation.amazonaws.com', 'DescribeStacks'], ['rds.amazonaws.com', 'DescribeDBInstances'],
  ];
  const changes: [string, string, (x: Rng) => string][] = [
    ['ec2.amazonaws.com', 'StartInstances', (x) => JSON.stringify({ instancesSet: { items: [{ instanceId: `i-0${hexOf(`aws:i:${x.int(1, 4)}`, 16)}` }] } })],
    ['ec2.amazonaws.com', 'StopInstances', (x) => JSON.stringify({ instancesSet: { items: [{ instanceId: `i-0${hexOf(`aws:i:${x.int(1, 4)}`, 16)}` }] }, force: false })],
    ['ec2.amazonaws.com', 'CreateSnapshot', (x) => JSON.stringify({ volumeId: `vol-0${hexOf(`aws:v:${x.int(1, 4)}`, 16)}`, description: 'before patching' })],
  ];
  for (const d0 of c.days) {
    if (isWorkday(d0)) {
      for (const u of admins) {
        if (!r.chance(0.6)) continue;
        const t0 = d0 + r.int(8 * 60, 16 * 60) * MIN;
        base(t0, 'sts.amazonaws.com', 'AssumeRoleWithSAML', 'AwsApiCall', { UserIdentityType: 'SAMLUser', UserIdentityPrincipalid: `${hexOf('aws:saml', 28)}:${u.upn}`, UserIdentityUserName: u.upn }, {
          ReadOnly: false, UserAgent: 'aws-internal/3 aws-sdk-java/1.12.0', RequestParameters: JSON.stringify({ roleArn: `arn:aws:iam::${AWS_ACCOUNT}:role/aws-reserved/sso.amazonaws.com/${SSO_ROLE}`, durationSeconds: 3600 }),
        });
        base(t0 + 2 * SEC, 'signin.amazonaws.com', 'ConsoleLogin', 'AwsConsoleSignIn', session(u, t0), {
          ReadOnly: false, UserAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0',
          ResponseElements: JSON.stringify({ ConsoleLogin: 'Success' }), AdditionalEventData: JSON.stringify({ MobileVersion: 'No', MFAUsed: 'No' }), Category: 'Management',
        });
        let t = t0 + r.int(10, 90) * SEC;
        for (let k = r.int(3, 14); k > 0; k--) {
          t += r.int(3, 120) * SEC;
          const [src, name] = r.pick(looks);
          base(t, src, name, 'AwsApiCall', session(u, t0));
        }
        if (r.chance(0.25)) {
          const [src, name, params] = r.pick(changes);
          base(t + r.int(30, 600) * SEC, src, name, 'AwsApiCall', session(u, t0), { RequestParameters: params(r) });
        }
      }
    }
    // the build pipeline's deployment role uploads the nightly build
    const deploy = { UserIdentityType: 'AssumedRole', UserIdentityArn: `arn:aws:sts::${AWS_ACCOUNT}:assumed-role/build-deploy/nightly`, UserIdentityPrincipalid: `AROA${hexOf('aws:deploy', 17).toUpperCase()}:nightly`,
      SessionIssuerArn: `arn:aws:iam::${AWS_ACCOUNT}:role/build-deploy`, SessionIssuerType: 'Role', SessionIssuerUserName: 'build-deploy', SessionIssuerAccountId: AWS_ACCOUNT,
      UserIdentityAccessKeyId: `ASIA${hexOf(`aws:deploy:${d0}`, 16).toUpperCase()}`, SourceIpAddress: '203.0.113.200', UserAgent: 'aws-cli/2.15.10 Python/3.11.6 Linux/5.15.0 exe/x86_64.ubuntu.22' };
    const nt = d0 + 2 * HOUR + r.int(0, 40) * MIN;
    base(nt, 'cloudformation.amazonaws.com', 'DescribeStacks', 'AwsApiCall', deploy, { SessionCreationDate: nt - 30 * SEC });
    base(nt + r.int(20, 90) * SEC, 'cloudformation.amazonaws.com', 'UpdateStack', 'AwsApiCall', deploy, { SessionCreationDate: nt - 30 * SEC, RequestParameters: JSON.stringify({ stackName: 'intranet-static', templateURL: 'https://s3.amazonaws.com/contoso-builds/intranet-static.yaml' }) });
    // AWS Config records the configuration every hour
    for (let h = 0; h < 24; h++) {
      const t = d0 + h * HOUR + r.int(0, 10) * MIN;
      const [src, name] = r.pick(looks.slice(0, 3));
      base(t, src, name, 'AwsApiCall', {
        UserIdentityType: 'AssumedRole', UserIdentityArn: `arn:aws:sts::${AWS_ACCOUNT}:assumed-role/AWSServiceRoleForConfig/AWSConfig-Describe`, UserIdentityPrincipalid: `AROA${hexOf('aws:config', 17).toUpperCase()}:AWSConfig-Describe`,
        UserIdentityInvokedBy: 'config.amazonaws.com', SessionIssuerType: 'Role', SessionIssuerUserName: 'AWSServiceRoleForConfig', SessionIssuerAccountId: AWS_ACCOUNT,
        SessionIssuerArn: `arn:aws:iam::${AWS_ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`, SourceIpAddress: 'config.amazonaws.com', UserAgent: 'config.amazonaws.com',
      });
    }
  }
}

// --- VM insights ---------------------------------------------------------------------------------

const WIRESERVER = '168.63.129.16';

function vmConnections(c: MoreCtx, r: Rng): void {
  const vms = c.devs.filter((d) => d.def.azureVm && d.def.localIp);
  const itAdminIp = '10.20.1.3';
  for (const vm of vms) {
    const host = vm.name.split('.')[0];
    const agent = guidOf(`vmagent:${host}`);
    const machine = `m-${guidOf(`vmmachine:${host}`)}`;
    const proc = (name: string) => `p-${hexOf(`vmproc:${host}:${name}`, 40)}`;
    const add = (t: number, name: string, dir: 'outbound' | 'inbound', remote: string, port: number, country: string, sent: number, recv: number, links: number) =>
      c.sinks.VMConnection.add({
        AgentId: agent, BytesReceived: recv, BytesSent: sent, Computer: host, Confidence: '', ConnectionId: '', Description: '',
        DestinationIp: dir === 'outbound' ? remote : vm.def.localIp, DestinationPort: port, Direction: dir, FirstReportedDateTime: '', IndicatorThreatType: '', IsActive: '',
        LastReportedDateTime: '', LinksEstablished: links, LinksFailed: 0, LinksLive: r.chance(0.3) ? 1 : 0, LinksTerminated: links, Machine: machine, MaliciousIp: '',
        Process: proc(name), ProcessName: name, Protocol: 'tcp', RemoteClassification: '', RemoteCountry: country, RemoteDnsCanonicalNames: '[]', RemoteDnsQuestions: '[]',
        RemoteIp: remote, RemoteLatitude: null, RemoteLongitude: null, Responses: links * r.int(1, 6), ResponseTimeMax: r.int(20, 300), ResponseTimeMin: r.int(1, 20),
        ResponseTimeSum: links * r.int(20, 200), Severity: null, SourceIp: dir === 'outbound' ? vm.def.localIp : remote, SourceSystem: 'Insights', TimeGenerated: t, TLPLevel: '',
        Type: 'VMConnection',
      });
    const minute = (d0: number, h: number) => d0 + h * HOUR + r.int(0, 59) * MIN;
    for (const d0 of c.days) {
      for (let h = 0; h < 24; h++) {
        add(minute(d0, h), 'WindowsAzureGuestAgent', 'outbound', WIRESERVER, 80, '', r.int(2000, 9000), r.int(4000, 30000), r.int(2, 12));
        if (r.chance(0.5)) add(minute(d0, h), 'MsSense', 'outbound', `20.190.${r.int(128, 191)}.${r.int(1, 254)}`, 443, 'United States', r.int(5000, 80000), r.int(2000, 20000), r.int(1, 4));
      }
      if (r.chance(0.4)) add(minute(d0, r.int(1, 5)), 'svchost', 'outbound', `13.107.${r.int(4, 6)}.${r.int(1, 254)}`, 443, 'United States', r.int(20000, 90000), r.int(5e6, 9e7), r.int(2, 20));
      if (isWorkday(d0) && r.chance(0.3)) add(minute(d0, r.int(9, 16)), 'svchost', 'inbound', itAdminIp, 3389, '', r.int(2e5, 3e6), r.int(5e5, 2e7), 1);
    }
  }
}
