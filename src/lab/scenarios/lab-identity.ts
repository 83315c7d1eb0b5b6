/**
 * The lab's own identity rows (../shared/reference/scenario.md): the invoice mail, the Day-2 AD FS
 * hybrid-join story (AD FS audits, DRS trace, client registration log), the Day-3 ActiveSync
 * quarantine and the file profiles of the attack's files, plugged into the shared identity
 * background (identity.ts) through an `IdentityEnv`.
 */
import { type AdfsAudit, adfsAuditRow, type Ctx, type IdentityEnv, type MailFn } from '../identity.ts';
import { type FileDef, UA } from '../model.ts';
import { guidOf, hexOf } from '../rng.ts';
import type { Sinks } from '../world.ts';
import * as S from './lab-data.ts';
import { T } from '../time.ts';

function invoiceMail(mail: MailFn, sinks: Sinks): void {
  // The scenario's invoice mail, to Alex and Jordan
  for (const [u, id] of [
    [S.ALEX, S.EMAIL.alexMessageId],
    [S.JORDAN, S.EMAIL.jordanMessageId],
  ] as const) {
    mail(S.EMAIL.time, S.SENDER.address, u, S.EMAIL.subject, {
      NetworkMessageId: id,
      InternetMessageId: S.EMAIL.internetMessageId,
      SenderDisplayName: 'Fabrikam Billing',
      SenderIPv4: S.SENDER.relay,
      AttachmentCount: 1,
      UrlCount: 0,
      EmailClusterId: 3147004471,
      ConfidenceLevel: '{"Phish":"Low","Spam":"Low"}',
      AdditionalFields: { IsFirstContact: true },
    });
    sinks.EmailAttachmentInfo.add({
      Timestamp: S.EMAIL.time,
      NetworkMessageId: id,
      SenderFromAddress: S.SENDER.address,
      SenderDisplayName: 'Fabrikam Billing',
      RecipientEmailAddress: u.upn,
      RecipientObjectId: u.objectId,
      FileName: S.FILES.docm.name,
      FileType: 'docm',
      SHA256: S.FILES.docm.sha256,
      FileSize: S.FILES.docm.size,
      ThreatTypes: '',
      ThreatNames: '',
      DetectionMethods: '',
      FileExtension: 'docm',
    });
  }
}

const DEVICE_CLAIMS = [
  'http://schemas.microsoft.com/2014/02/devicecontext/claims/isknown=true',
  'http://schemas.microsoft.com/2012/01/devicecontext/claims/ismanaged=false',
  'http://schemas.microsoft.com/2012/01/devicecontext/claims/identifier=f582c87e-447c-5db3-8b12-c4b922e71bc3',
  'http://schemas.microsoft.com/2012/01/devicecontext/claims/displayname=win10-hyb02',
  'http://schemas.microsoft.com/2015/09/prt=primary',
  'http://schemas.microsoft.com/2014/03/psso=true',
];

function writeAdfs(c: Ctx): void {
  const { sinks } = c;
  const D2 = S.DAY2;
  const sec = (t: string) => T(`${D2}T${t}`);
  const base = { Computer: S.ADFS.server, ErrorCode: 'N/A', FailureType: 'None', ProxyServer: 'N/A', MfaMethod: 'N/A', Claims: [] as string[], EventXml: '' };
  sinks.AdfsEvents.add({
    ...base,
    TimeCreated: sec('07:55:02'),
    LogName: 'AD FS/Admin',
    ProviderName: 'AD FS',
    EventId: 100,
    Level: 'Information',
    Keywords: 'AD FS',
    Message: `The Federation Service started successfully. The following service hosts were started:\nhttps://${S.ADFS.farm}/adfs/services/trust/2005/windowstransport\nhttps://${S.ADFS.farm}/adfs/services/trust/13/usernamemixed\nhttps://${S.ADFS.farm}/adfs/ls/\nhttps://${S.ADFS.farm}/adfs/oauth2/`,
  });
  const ua = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80';
  type A = { t: string; id: 1200 | 1202 | 1203; activity: string; auditType: string; result: string; rp: string; protocol: string; endpoint: string; location: string; ip: string; proxy: string; deviceAuth: boolean; deviceId: string; mfa: boolean; mfaMethod: string; primaryAuth: string; failureType?: string; errorCode?: string; claims: string[]; user: string; ua: string };
  const audits: A[] = [
    { t: '08:00:14', id: 1200, activity: S.ADFS_IDS.prt, auditType: 'AppToken', result: 'Success', rp: 'urn:federation:MicrosoftOnline', protocol: 'WSTrust', endpoint: '/adfs/services/trust/2005/windowstransport', location: 'Intranet', ip: S.DEVICE_C.localIp, proxy: 'N/A', deviceAuth: true, deviceId: S.DEVICE_C.aadDeviceId, mfa: false, mfaMethod: 'N/A', primaryAuth: 'urn:federation:authentication:windows', claims: DEVICE_CLAIMS, user: 'CORP\\alex.rivera', ua: UA.windows },
    { t: '08:02:30', id: 1200, activity: S.ADFS_IDS.portal, auditType: 'AppToken', result: 'Success', rp: 'https://portal.corp.contoso.example/', protocol: 'WSFederation', endpoint: '/adfs/ls/', location: 'Intranet', ip: S.DEVICE_C.localIp, proxy: 'N/A', deviceAuth: true, deviceId: S.DEVICE_C.aadDeviceId, mfa: false, mfaMethod: 'N/A', primaryAuth: 'urn:federation:authentication:windows', claims: DEVICE_CLAIMS.slice(0, 4), user: 'CORP\\alex.rivera', ua },
    { t: '08:30:05', id: 1202, activity: S.ADFS_IDS.extranet, auditType: 'FreshCredential', result: 'Success', rp: 'https://portal.corp.contoso.example/', protocol: 'WSFederation', endpoint: '/adfs/ls/', location: 'Extranet', ip: S.ADFS_IDS.extranetIp, proxy: S.ADFS.wap, deviceAuth: false, deviceId: '', mfa: false, mfaMethod: 'N/A', primaryAuth: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport', claims: [], user: 'alex.rivera@contoso.example', ua },
    { t: '08:30:31', id: 1200, activity: S.ADFS_IDS.extranet, auditType: 'AppToken', result: 'Success', rp: 'https://portal.corp.contoso.example/', protocol: 'WSFederation', endpoint: '/adfs/ls/', location: 'Extranet', ip: S.ADFS_IDS.extranetIp, proxy: S.ADFS.wap, deviceAuth: false, deviceId: '', mfa: true, mfaMethod: 'Azure MFA authentication', primaryAuth: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport', claims: ['http://schemas.microsoft.com/claims/authnmethodsreferences=http://schemas.microsoft.com/claims/multipleauthn'], user: 'alex.rivera@contoso.example', ua },
    { t: '08:33:40', id: 1203, activity: guidOf('adfs:1203'), auditType: 'FreshCredential', result: 'Failure', rp: 'https://portal.corp.contoso.example/', protocol: 'WSFederation', endpoint: '/adfs/ls/', location: 'Extranet', ip: S.ADFS_IDS.extranetIp, proxy: S.ADFS.wap, deviceAuth: false, deviceId: '', mfa: false, mfaMethod: 'N/A', primaryAuth: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport', failureType: 'CredentialValidationError', errorCode: 'InvalidCredentialException', claims: [], user: 'alex.rivera@contoso.example', ua },
  ];
  for (const a of audits) {
    const audit: AdfsAudit = { type: a.id === 1200 ? 'AppTokenAudit' : 'FreshCredentialAudit', auditType: a.auditType, result: a.result, failureType: a.failureType ?? 'None', errorCode: a.errorCode ?? 'N/A', rp: a.rp, user: a.user, primaryAuth: a.primaryAuth, deviceAuth: a.deviceAuth, deviceId: a.deviceId, mfa: a.mfa, mfaMethod: a.mfaMethod, protocol: a.protocol, location: a.location, ip: a.ip, proxy: a.proxy, endpoint: a.endpoint, ua: a.ua };
    sinks.AdfsEvents.add(adfsAuditRow(sec(a.t), S.ADFS.server, S.ADFS.farm, a.id, a.activity, audit, a.claims));
  }
  sinks.AdfsEvents.add({
    ...base,
    TimeCreated: sec('08:34:05'),
    LogName: 'AD FS/Admin',
    ProviderName: 'AD FS',
    EventId: 364,
    Level: 'Error',
    Keywords: 'AD FS',
    ActivityId: guidOf('adfs:1203'),
    NetworkLocation: 'Extranet',
    IpAddress: S.ADFS_IDS.extranetIp,
    ProxyServer: S.ADFS.wap,
    UserId: 'alex.rivera@contoso.example',
    RelyingParty: 'https://portal.corp.contoso.example/',
    Endpoint: '/adfs/ls/',
    Message: `Encountered error during federation passive request.\n\nAdditional Data\n\nProtocol Name: wsfed\n\nRelying Party: https://portal.corp.contoso.example/\n\nException details:\nMicrosoft.IdentityServer.AuthenticationFailedException: The user name or password is incorrect.\nClient IP: ${S.ADFS_IDS.extranetIp}`,
  });
  // DRS trace (server) and client-side device registration trail
  const drs = (t: string, id: number, level: string, kw: string, msg: string, deviceId = '') =>
    sinks.DeviceRegistrationEvents.add({ TimeCreated: sec(t), Computer: S.ADFS.server, LogName: 'Device Registration Service Tracing/Debug', ProviderName: 'Device Registration Service Tracing', EventId: id, Level: level, Keywords: kw, DeviceId: deviceId, Message: msg, Synthetic: true });
  drs('07:55:03', 2034, 'Verbose', 'Service Helper', 'GetDefaultNamingContext: Returning DefaultNamingContext DC=corp,DC=contoso,DC=example');
  drs('07:55:04', 2034, 'Verbose', 'Service Helper', 'DRS is in Hybrid AAD mode, registration endpoints will NOT be enabled.');
  drs('08:00:13', 2007, 'Information', 'AD Store', `GetDevice(ID=${S.DEVICE_C.aadDeviceId}, DC=${S.ADFS.dc}): device object found`, S.DEVICE_C.aadDeviceId);
  drs('08:00:13.400', 2007, 'Information', 'AD Store', 'GetDeviceKeyFromKeyCredLink: keyVersion is 512', S.DEVICE_C.aadDeviceId);
  const client = [
    ['07:58:00', 100, 'Discovery request sent. Server: enterpriseregistration.windows.net'],
    ['07:58:01', 101, 'Discovery callback succeeded. ServerMessage: {"DeviceRegistrationService":{"RegistrationEndpoint":"https://enterpriseregistration.windows.net/EnrollmentServer/device/"}}'],
    ['07:58:02', 102, `Join request initialized. JoinRequestType: Hybrid; Domain: corp.contoso.example`],
    ['07:58:03', 103, 'Join request sent.'],
    ['07:58:06', 104, `Join response received. ActivityId: ${guidOf('hybridjoin')}`],
    ['07:58:07', 105, 'Join response completed.'],
    ['07:58:08', 106, 'Post-join tasks for the AAD Authentication Package completed.'],
    ['07:58:09', 111, 'Registration status flushed to disk.'],
  ] as const;
  for (const [t, id, msg] of client) {
    sinks.DeviceRegistrationEvents.add({
      TimeCreated: sec(t),
      Computer: S.DEVICE_C.name,
      LogName: 'Microsoft-Windows-User Device Registration/Admin',
      ProviderName: 'Microsoft-Windows-User Device Registration',
      EventId: id,
      Level: 'Information',
      Keywords: '',
      DeviceId: S.DEVICE_C.aadDeviceId,
      Message: msg,
      Synthetic: true,
    });
  }
}

function writeMobile(c: Ctx): void {
  const I = S.IPHONE;
  const row = (t: number, st: string, reason: string, ist: string, ireason: string, aad = '') =>
    c.sinks.MobileDevices.add({
      Timestamp: t,
      UserPrincipalName: S.ALEX.upn,
      DeviceId: I.easDeviceId,
      AadDeviceId: aad,
      DeviceType: I.deviceType,
      DeviceModel: I.model,
      DeviceOS: I.os,
      DeviceUserAgent: I.userAgent,
      ClientType: 'EAS',
      FirstSyncTime: I.firstSync,
      DeviceAccessState: st,
      DeviceAccessStateReason: reason,
      IntuneExchangeAccessState: ist,
      IntuneExchangeAccessStateReason: ireason,
    });
  row(I.firstSync, 'DeviceDiscovery', 'Global', 'none', 'none');
  row(I.quarantined, 'Quarantined', 'ExternalEnrollment', 'quarantined', 'notEnrolled');
  row(I.allowed, 'Allowed', 'ExternalCompliance', 'allowed', 'compliant', I.aadDeviceId);
}

function writeFileProfiles(c: Ctx): void {
  const F = S.FILES;
  const row = (f: FileDef, prevalence: number, firstSeen: string, signed: boolean, threat = '', software = '') =>
    c.sinks.FileProfiles.add({
      SHA1: f.sha1,
      SHA256: f.sha256,
      MD5: f.md5,
      FileSize: f.size,
      GlobalPrevalence: prevalence,
      GlobalFirstSeen: T(firstSeen),
      GlobalLastSeen: T(`${S.DAY3}T23:00:00`),
      Signer: signed ? 'Microsoft Corporation' : '',
      Issuer: signed ? 'Microsoft Code Signing PCA 2011' : '',
      SignerHash: signed ? hexOf('signer:Microsoft Corporation', 40) : '',
      IsCertificateValid: signed,
      IsRootSignerMicrosoft: signed,
      SignatureState: signed ? 'SignedValid' : 'Unsigned',
      IsExecutable: f.name.endsWith('.exe') || f.name.endsWith('.EXE') || f.name.endsWith('.jpg'),
      ThreatName: threat,
      Publisher: signed ? 'Microsoft Corporation' : '',
      SoftwareName: software,
      ProfileAvailability: 'Available',
    });
  row(F.docm, 3, `${S.DAY1}T09:30:05`, false);
  row(F.jpg, 1, `${S.DAY1}T09:42:31`, false);
  row(F.js, 1, `${S.DAY1}T09:42:31`, false);
  row(F.winword, 1_824_331, '2024-04-09T17:00:00', true, '', 'office');
  row(F.wscript, 9_850_112, '2019-12-07T09:10:00', true, '', 'windows_10');
  row(F.powershell, 12_410_904, '2024-01-09T18:00:00', true, '', 'windows_10');
  row(F.runtimebroker, 10_002_917, '2023-11-14T18:00:00', true, '', 'windows_10');
  row(F.explorer, 11_700_452, '2024-04-09T18:00:00', true, '', 'windows_10');
}

export const LAB_IDENTITY = (sinks: Sinks): IdentityEnv => ({
  tenant: S.TENANT,
  now: S.NOW,
  dc: { name: S.ADFS.dc, ip: S.ADFS.dcIp },
  users: [S.ALEX, S.JORDAN],
  hybrid: (u) => u === S.ALEX,
  // the hybrid device C first logs on on Day 2
  kerberosLogon: (d, k) => (d.def.key !== 'C' ? undefined : k < 2 ? null : k === 2 ? T(`${S.DAY2}T08:00:10.800`) : undefined),
  mail: (mail) => invoiceMail(mail, sinks),
  adfs: writeAdfs,
  mobile: writeMobile,
  fileProfiles: writeFileProfiles,
});
