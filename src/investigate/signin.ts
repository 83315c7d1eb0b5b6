/**
 * "Why was this sign-in blocked?" (`#/signin/<CorrelationId>`): one explained causal chain
 *   alerts → device risk change → Intune compliance change → each CA policy's result → ErrorCode,
 * with the AD FS / DRS trace for federated sign-ins, the Exchange ActiveSync device state for EAS
 * sign-ins, when access came back, and counterfactuals ("with the device compliant", "with MFA")
 * computed by the same CA logic (ca.ts) that explains the logged outcome.
 */
import {
  type AccessState,
  type AppliedPolicy,
  type CaPolicy,
  CONTROL_TEXT,
  ERROR_CODES,
  type Evaluation,
  errorText,
  evaluate,
  parsePolicies,
} from './ca.ts';
import { type Card, card, dt, type KqlRunner, num, type Row, rowsOf, str, text } from './kql.ts';

export function signinRowsKql(correlationId: string): string {
  return `AADSignInEventsBeta
| where CorrelationId == ${str(correlationId)}
| project Timestamp, ErrorCode, AccountUpn, Application, ResourceDisplayName, ResourceId, ClientAppUsed, DeviceName, AadDeviceId, DeviceTrustType, IsManaged, IsCompliant, AuthenticationRequirement, ConditionalAccessStatus, ConditionalAccessPolicies, TokenIssuerType, IPAddress, UserAgent, CorrelationId
| sort by Timestamp asc`;
}

export function complianceKql(aadDeviceId: string, until: string): string {
  return `DeviceComplianceEvents
| where AadDeviceId == ${str(aadDeviceId)} and Timestamp <= ${dt(until)}
| project Timestamp, DeviceName, PolicyName, SettingName, Expected, Actual, PreviousState, NewState, Reason
| sort by Timestamp desc`;
}

export function riskKql(aadDeviceId: string, until: string): string {
  return `DeviceRiskEvents
| where AadDeviceId == ${str(aadDeviceId)} and Timestamp <= ${dt(until)}
| project Timestamp, DeviceName, DeviceId, PreviousRiskScore, RiskScore, TriggerAlertId, Reason
| sort by Timestamp desc`;
}

export function alertsByIdKql(ids: string[]): string {
  return `AlertInfo
| where AlertId in (${ids.map(str).join(', ') || '""'})
| join kind=leftouter (AlertStatus | summarize arg_max(Timestamp, Status, ResolvedTime, Classification) by AlertId) on AlertId
| project Timestamp, AlertId, Title, Severity, Category, Status, ResolvedTime, Classification
| sort by Timestamp asc`;
}

export function laterSigninsKql(upn: string, resourceId: string, after: string): string {
  return `AADSignInEventsBeta
| where AccountUpn =~ ${str(upn)} and ResourceId == ${str(resourceId)} and Timestamp > ${dt(after)}
| project Timestamp, ErrorCode, ClientAppUsed, IsCompliant, AuthenticationRequirement, CorrelationId
| sort by Timestamp asc
| take 20`;
}

export function adfsKql(aadDeviceId: string, account: string, at: string): string {
  const t = dt(at);
  return `// AD FS audit events for this device or user within 10 minutes before the sign-in, grouped by ActivityId
AdfsEvents
| where TimeCreated between ((${t} - 10m) .. (${t} + 1m))
| where DeviceId == ${str(aadDeviceId)} or UserId endswith ${str(`\\${account}`)}
| project TimeCreated, EventId, ActivityId, AuditResult, RelyingParty, UserId, NetworkLocation, IpAddress, DeviceAuth, DeviceId, MfaPerformed, Claims
| sort by TimeCreated asc`;
}

export function drsKql(aadDeviceId: string, at: string): string {
  return `// device registration trail (client) and DRS trace lines (AD FS server) for the device
DeviceRegistrationEvents
| where TimeCreated <= ${dt(at)}
| where DeviceId == ${str(aadDeviceId)} or Message has ${str(aadDeviceId)} or Message has "Hybrid AAD mode"
| project TimeCreated, LogName, EventId, Level, Message
| sort by TimeCreated asc`;
}

export function easKql(upn: string): string {
  return `MobileDevices
| where UserPrincipalName =~ ${str(upn)}
| project Timestamp, DeviceId, DeviceType, DeviceModel, DeviceAccessState, DeviceAccessStateReason, IntuneExchangeAccessState, IntuneExchangeAccessStateReason, AadDeviceId
| sort by Timestamp asc`;
}

/**
 * The whole chain as one KQL query a learner can read and change: alerts → device risk → Intune
 * compliance → each Conditional Access policy → the sign-in's result, one row per step, in the
 * order the page tells it. Alerts and risk count only while the device was not compliant at
 * sign-in time, and only since its risk was last "None" (as the page's chain).
 */
export function chainKql(correlationId: string, at: string): string {
  return `// Why did sign-in ${correlationId} end as it did? The chain as rows:
// 1 alert -> 2 device risk -> 3 Intune compliance -> 4 Conditional Access -> 5 sign-in result
let signin = AADSignInEventsBeta
    | where CorrelationId == ${str(correlationId)} and Timestamp == ${dt(at)}
    | take 1;
let signinTime = toscalar(signin | project Timestamp);
let device = toscalar(signin | project AadDeviceId);
let compliance = DeviceComplianceEvents
    | where AadDeviceId == device and Timestamp <= signinTime
    | top 1 by Timestamp desc;
let compliantThen = toscalar(compliance | project NewState) == "compliant";
let risk = DeviceRiskEvents
    | where AadDeviceId == device and Timestamp <= signinTime;
let lastClear = toscalar(risk | where RiskScore == "None" | summarize max(Timestamp));
let riskSinceClear = risk
    | where not(compliantThen) and (isnull(lastClear) or Timestamp > lastClear);
union
    (AlertInfo
    | where AlertId in ((riskSinceClear | project TriggerAlertId))
    | project Timestamp, Step = "1 alert", What = Title, Detail = strcat(Severity, " severity, ", Category, " (AlertId ", AlertId, ")")),
    (riskSinceClear
    | project Timestamp, Step = "2 device risk", What = strcat(PreviousRiskScore, " -> ", RiskScore), Detail = Reason),
    (compliance
    | project Timestamp, Step = "3 compliance", What = strcat(PreviousState, " -> ", NewState), Detail = strcat(PolicyName, ": ", SettingName, " expected ", Expected, ", actual ", Actual)),
    (signin
    | mv-expand Policy = todynamic(ConditionalAccessPolicies)
    | project Timestamp, Step = "4 conditional access", What = tostring(Policy.displayName), Detail = strcat("result: ", tostring(Policy.result))),
    (signin
    | project Timestamp, Step = "5 sign-in result", What = strcat("ErrorCode ", ErrorCode), Detail = strcat(AccountUpn, " from ", DeviceName, ", ", ClientAppUsed, ", ConditionalAccessStatus ", ConditionalAccessStatus))
| sort by Step asc, Timestamp asc`;
}

export interface ChainStep {
  kind: 'alert' | 'risk' | 'compliance' | 'device' | 'policy' | 'error' | 'adfs' | 'eas' | 'restored';
  time?: string;
  title: string;
  detail: string;
  /** The card whose query backs this step. */
  card?: string;
  /** What the step means for access: drawn green (good), red (bad), amber (warn) or plain. */
  tone: Tone;
}

export type Tone = 'good' | 'bad' | 'warn' | 'neutral';

/** Error codes that are a prompt on the way to success (MFA, "stay signed in?"), not a refusal. */
export const INTERRUPT_CODES = new Set([50074, 50076, 50079, 50140, 50158]);

export function outcomeTone(code: number): Tone {
  return code === 0 ? 'good' : INTERRUPT_CODES.has(code) ? 'warn' : 'bad';
}

export interface Counterfactual {
  label: string;
  state: AccessState;
  evaluation: Evaluation;
  text: string;
}

export interface SigninChain {
  correlationId: string;
  found: boolean;
  signins: Card;
  /** The row that is explained: the first failed/interrupted one, else the last. */
  signin: Row | null;
  policies: AppliedPolicy[];
  state: AccessState;
  evaluation: Evaluation | null;
  /** The logged ErrorCode agrees with what the CA logic predicts. */
  consistent: boolean;
  steps: ChainStep[];
  /** One plain-language sentence: the outcome and its cause, read before the steps. */
  verdict: string;
  /** The whole chain as one query (chainKql). */
  chainQuery: string;
  counterfactuals: Counterfactual[];
  cards: Card[];
}

const DECISION_TEXT = { allowed: 'allowed', 'mfa-required': 'MFA prompt, then allowed once MFA is done', blocked: 'blocked' };

function describe(ev: Evaluation): string {
  if (ev.decision === 'allowed') return 'allowed (ErrorCode 0)';
  return `${DECISION_TEXT[ev.decision]} (ErrorCode ${errorText(ev.errorCode)})`;
}

export async function loadSigninChain(run: KqlRunner, correlationId: string, known: CaPolicy[] = []): Promise<SigninChain> {
  const signins = await card(run, 'signins', 'Sign-in rows with this CorrelationId', signinRowsKql(correlationId));
  const empty: SigninChain = {
    correlationId,
    found: false,
    signins,
    signin: null,
    policies: [],
    state: { compliant: false, mfa: false, domainJoined: false },
    evaluation: null,
    consistent: false,
    steps: [],
    verdict: '',
    chainQuery: '',
    counterfactuals: [],
    cards: [],
  };
  if (!signins.data.length) return empty;
  const rows = signins.data;
  const s = rows.find((r) => num(r.ErrorCode) !== 0) ?? rows[rows.length - 1];
  const t = text(s.Timestamp);
  const code = num(s.ErrorCode) ?? 0;
  const aad = text(s.AadDeviceId);
  const upn = text(s.AccountUpn);
  const app = text(s.ClientAppUsed);
  const policies = parsePolicies(s.ConditionalAccessPolicies, known);
  // an interrupt row records the MFA requirement, not MFA done
  const mfaDone = text(s.AuthenticationRequirement) === 'multiFactorAuthentication' && code !== 50074 && code !== 50076;
  const state: AccessState = { compliant: num(s.IsCompliant) === 1, mfa: mfaDone, domainJoined: text(s.DeviceTrustType) === 'ServerAd' };
  const ev = evaluate(policies, state);
  const steps: ChainStep[] = [];
  const cards: Card[] = [];

  // device side: compliance at sign-in time, and the risk (and alerts) behind it
  let compliance: Card | null = null;
  if (aad) {
    compliance = await card(run, 'compliance', 'Intune compliance history (up to the sign-in)', complianceKql(aad, t), 'DeviceComplianceEvents is a lab side table (not an advanced-hunting table).');
    const risk = await card(run, 'risk', 'Device risk history (up to the sign-in)', riskKql(aad, t), 'DeviceRiskEvents is a lab side table.');
    cards.push(compliance, risk);
    const now = compliance.data[0];
    if (now && text(now.NewState) !== 'compliant') {
      // the risk changes since the device was last at "None", oldest first
      const sinceClear: Row[] = [];
      for (const r of risk.data) {
        if (text(r.RiskScore) === 'None') break;
        sinceClear.unshift(r);
      }
      const alertIds = sinceClear.map((r) => text(r.TriggerAlertId)).filter(Boolean);
      if (alertIds.length) {
        const alerts = await card(run, 'alerts', 'Alerts that raised the device risk', alertsByIdKql(alertIds));
        cards.push(alerts);
        for (const a of alerts.data)
          steps.push({ kind: 'alert', tone: 'warn', time: text(a.Timestamp), title: `Alert: ${text(a.Title)}`, detail: `${text(a.Severity)} severity, ${text(a.Category)} (AlertId ${text(a.AlertId)})`, card: 'alerts' });
      }
      for (const r of sinceClear)
        steps.push({
          kind: 'risk',
          tone: text(r.RiskScore) === 'None' || text(r.RiskScore) === 'Low' ? 'neutral' : 'warn',
          time: text(r.Timestamp),
          title: `Device risk ${text(r.PreviousRiskScore) || '—'} → ${text(r.RiskScore)}`,
          detail: text(r.Reason) || `triggered by ${text(r.TriggerAlertId)}`,
          card: 'risk',
        });
      steps.push({
        kind: 'compliance',
        tone: 'bad',
        time: text(now.Timestamp),
        title: `Intune: ${text(now.PreviousState)} → ${text(now.NewState)} (check-in)`,
        detail: `Policy “${text(now.PolicyName)}”, setting “${text(now.SettingName)}”: expected ${text(now.Expected)}, actual ${text(now.Actual)}. ${text(now.Reason)}`,
        card: 'compliance',
      });
    } else if (now) {
      steps.push({ kind: 'compliance', tone: text(now.NewState) === 'compliant' ? 'good' : 'bad', time: text(now.Timestamp), title: `Intune: device ${text(now.NewState)}`, detail: `${text(now.PolicyName)}: ${text(now.Reason)}`, card: 'compliance' });
    }
  } else {
    steps.push({
      kind: 'device',
      tone: 'neutral',
      title: 'No registered device on the sign-in',
      detail: 'The sign-in carries no AadDeviceId: the device is not registered/enrolled, so it cannot be compliant.',
    });
  }
  steps.push({
    kind: 'device',
    tone: 'neutral',
    time: t,
    title: `At sign-in: IsCompliant ${text(s.IsCompliant)}, IsManaged ${text(s.IsManaged)}, ${text(s.DeviceTrustType) || 'no trust type'}`,
    detail: `${text(s.AuthenticationRequirement)}; ${app} to ${text(s.ResourceDisplayName)} (${text(s.Application)})`,
    card: 'signins',
  });

  // Exchange ActiveSync: the device access state
  if (/ActiveSync/i.test(app) && upn) {
    const eas = await card(run, 'eas', 'Exchange ActiveSync device access state', easKql(upn), 'MobileDevices is a lab side table (Get-MobileDevice / Intune exchangeAccessState).');
    cards.push(eas);
    const at = [...eas.data].reverse().find((r) => text(r.Timestamp) <= t) ?? eas.data[0];
    if (at)
      steps.push({
        kind: 'eas',
        tone: /^allowed$/i.test(text(at.DeviceAccessState)) ? 'good' : /quarantin|block/i.test(text(at.DeviceAccessState)) ? 'bad' : 'neutral',
        time: text(at.Timestamp),
        title: `EAS device ${text(at.DeviceId)}: ${text(at.DeviceAccessState)} (${text(at.DeviceAccessStateReason)})`,
        detail: `Intune exchangeAccessState ${text(at.IntuneExchangeAccessState)}, reason ${text(at.IntuneExchangeAccessStateReason)}`,
        card: 'eas',
      });
  }

  // federated (AD FS) sign-ins: the AD FS events and the DRS trace
  if (num(s.TokenIssuerType) === 1) {
    const account = upn.split('@')[0];
    const adfs = await card(run, 'adfs', 'AD FS events (device claims)', adfsKql(aad, account, t), 'AdfsEvents is a lab side table (Security 1200/1202/1203, AD FS/Admin).');
    const drs = await card(run, 'drs', 'Device registration / DRS trace', drsKql(aad, t), 'DeviceRegistrationEvents is a lab side table.');
    cards.push(adfs, drs);
    for (const a of adfs.data) {
      const claims = Array.isArray(a.Claims) ? a.Claims.map(String) : [];
      const short = claims.map((c) => c.replace(/^.*\/claims\/|^http:\/\/schemas\.microsoft\.com\/\d+\/\d+\//, '')).filter((c) => /^(isknown|ismanaged|iscompliant|prt|psso)=/.test(c));
      steps.push({
        kind: 'adfs',
        tone: 'neutral',
        time: text(a.TimeCreated),
        title: `AD FS ${text(a.EventId)} for ${text(a.RelyingParty)} (ActivityId ${text(a.ActivityId)})`,
        detail: `DeviceAuth ${text(a.DeviceAuth)}, MfaPerformed ${text(a.MfaPerformed)}, ${text(a.NetworkLocation)}${short.length ? `; claims ${short.join(', ')}` : ''}`,
        card: 'adfs',
      });
    }
  }

  // the policies, then the outcome
  for (const v of ev.verdicts) {
    const ctl = v.controls.map((c) => `${CONTROL_TEXT[c.control]} ${c.satisfied ? '✓' : '✗'}`).join(v.policy.policy.operator === 'OR' ? ' OR ' : ' AND ');
    steps.push({
      kind: 'policy',
      tone: v.policy.result === 'notApplied' ? 'neutral' : v.satisfied ? 'good' : 'bad',
      time: t,
      title: `${v.policy.displayName}: ${v.satisfied ? 'satisfied' : 'not satisfied'} (logged: ${v.policy.result})`,
      detail: `Requires ${v.policy.policy.operator === 'OR' ? 'one of' : 'all of'}: ${ctl}${v.policy.policy.source === 'inferred' ? ' (operator inferred from the policy name)' : ''}`,
      card: 'signins',
    });
  }
  const notApplied = policies.filter((p) => p.result === 'notApplied').map((p) => p.displayName);
  const meaning = ERROR_CODES[code];
  steps.push({
    kind: 'error',
    tone: outcomeTone(code),
    time: t,
    title: `ErrorCode ${errorText(code)}`,
    detail: `${meaning?.meaning ?? 'See the AADSTS error reference.'}${notApplied.length ? ` Not applied: ${notApplied.join('; ')}.` : ''}`,
    card: 'signins',
  });
  const consistent = ev.errorCode === code || (code === 0 && ev.decision === 'allowed');

  // when did access come back?
  if (code !== 0 && upn && text(s.ResourceId)) {
    const later = await card(run, 'later', 'Later sign-ins of this user to this resource', laterSigninsKql(upn, text(s.ResourceId), t));
    cards.push(later);
    const ok = later.data.find((r) => num(r.ErrorCode) === 0);
    if (ok) {
      let why = '';
      if (compliance && aad) {
        const back = rowsOf(await run(complianceKql(aad, text(ok.Timestamp))))[0];
        if (back && text(back.NewState) === 'compliant' && text(back.Timestamp) > t) why = ` after the device became compliant again at ${text(back.Timestamp)} (${text(back.Reason)})`;
      }
      steps.push({ kind: 'restored', tone: 'good', time: text(ok.Timestamp), title: `Access restored at ${text(ok.Timestamp)}`, detail: `ErrorCode 0 (CorrelationId ${text(ok.CorrelationId)})${why}.`, card: 'later' });
    }
  }

  const what = (label: string, st: AccessState): Counterfactual => {
    const e = evaluate(policies, st);
    return { label, state: st, evaluation: e, text: `${label}: ${describe(e)}` };
  };
  const counterfactuals = [
    what('With the device compliant', { ...state, compliant: true }),
    what('With MFA done', { ...state, mfa: true }),
    what('With the device compliant and MFA done', { ...state, compliant: true, mfa: true }),
  ];
  const verdict = verdictText(s, code, steps, ev);
  return { correlationId, found: true, signins, signin: s, policies, state, evaluation: ev, consistent, steps, verdict, chainQuery: chainKql(correlationId, t), counterfactuals, cards };
}

/**
 * The chain in one sentence a learner reads first: who, what, the outcome in words, and the
 * first cause that made the difference (non-compliant device and the alerts behind it, a failed
 * policy), with when access came back.
 */
export function verdictText(s: Row, code: number, steps: ChainStep[], ev: Evaluation): string {
  const who = text(s.AccountUpn) || 'The user';
  const res = text(s.ResourceDisplayName) || text(s.Application) || 'the resource';
  const device = text(s.DeviceName);
  const failed = ev.verdicts.filter((v) => !v.satisfied && v.policy.result !== 'notApplied').map((v) => v.policy.displayName);
  const restored = steps.find((x) => x.kind === 'restored');
  const back = restored?.time ? ` Access came back at ${restored.time.replace('T', ' ')}.` : '';
  if (code === 0) return `Allowed: ${who} signed in to ${res}${device ? ` from ${device}` : ''} and every applied Conditional Access policy was satisfied.`;
  const meaning = ERROR_CODES[code]?.name ?? `error ${code}`;
  if (INTERRUPT_CODES.has(code))
    return `Not blocked, interrupted: ${who} was asked for more (${code} ${meaning})${failed.length ? ` by ${failed.join(', ')}` : ''} before reaching ${res}.${back}`;
  const alerts = steps.filter((x) => x.kind === 'alert').length;
  const risk = [...steps].reverse().find((x) => x.kind === 'risk');
  const nonCompliant = steps.some((x) => x.kind === 'compliance' && x.tone === 'bad');
  let cause = failed.length ? ` because ${failed.join(', ')} was not satisfied` : '';
  if (nonCompliant)
    cause = ` because ${device || 'the device'} was not compliant${risk ? ` (device risk ${risk.title.replace(/^Device risk /, '')}${alerts ? ` after ${alerts} alert${alerts > 1 ? 's' : ''}` : ''})` : ''}`;
  return `Blocked: ${who} could not reach ${res} (${code} ${meaning})${cause}.${back}`;
}
