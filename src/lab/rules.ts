/**
 * The compliance story as rules (identity-and-compliance.md A and B), evaluated over the
 * scenario's inputs: alerts → MDE device risk → Intune compliance at the next check-in → Entra
 * isCompliant → each sign-in evaluated against the Conditional Access policies.
 */
import {
  type AlertDef,
  type CaPolicy,
  type ClientAppType,
  type GrantControl,
  RISK_ORDER,
  type RiskLevel,
  type ScenarioPolicies,
  type SignInAttempt,
  APPS,
} from './model.ts';
import { HOUR, SEC } from './time.ts';

export interface RiskChange {
  time: number;
  deviceKey: string;
  previous: RiskLevel | '';
  risk: RiskLevel;
  triggerAlertId: string;
  reason: string;
}

const maxRisk = (xs: RiskLevel[]): RiskLevel =>
  xs.reduce<RiskLevel>((m, x) => (RISK_ORDER.indexOf(x) > RISK_ORDER.indexOf(m) ? x : m), 'None');

/** MDE risk per device = highest severity among its open alerts (raised after a short delay; lowered, debounced, after resolutions). */
export function computeRisk(alerts: AlertDef[], deviceKeys: string[], start: number, p: ScenarioPolicies): RiskChange[] {
  const out: RiskChange[] = [];
  for (const dk of deviceKeys) {
    out.push({ time: start, deviceKey: dk, previous: '', risk: 'None', triggerAlertId: '', reason: 'No known risks' });
    const mine = alerts.filter((a) => a.deviceKey === dk);
    type Ev = { t: number; kind: 'open' | 'resolve'; a: AlertDef };
    const evs: Ev[] = [];
    for (const a of mine) {
      evs.push({ t: a.time + p.riskDelaySec * SEC, kind: 'open', a });
      if (a.resolvedAt !== undefined) evs.push({ t: a.resolvedAt, kind: 'resolve', a });
    }
    evs.sort((x, y) => x.t - y.t);
    const open = new Set<AlertDef>();
    let cur: RiskLevel = 'None';
    let pendingClear: number | null = null;
    const flushClear = (until: number) => {
      if (pendingClear !== null && pendingClear <= until) {
        const r = maxRisk([...open].map((a) => a.severity as RiskLevel));
        if (r !== cur) {
          out.push({
            time: pendingClear,
            deviceKey: dk,
            previous: cur,
            risk: r,
            triggerAlertId: '',
            reason: r === 'None' ? 'No known risks' : 'Alerts resolved',
          });
          cur = r;
        }
        pendingClear = null;
      }
    };
    for (const e of evs) {
      flushClear(e.t);
      if (e.kind === 'open') {
        open.add(e.a);
        const r = maxRisk([...open].map((a) => a.severity as RiskLevel));
        if (RISK_ORDER.indexOf(r) > RISK_ORDER.indexOf(cur)) {
          out.push({ time: e.t, deviceKey: dk, previous: cur, risk: r, triggerAlertId: e.a.alertId, reason: `Alert: ${e.a.title}` });
          cur = r;
        }
      } else {
        open.delete(e.a);
        pendingClear = e.t + p.riskClearDelaySec * SEC;
      }
    }
    flushClear(Infinity);
  }
  return out.sort((a, b) => a.time - b.time);
}

export function riskAt(changes: RiskChange[], deviceKey: string, t: number): RiskLevel {
  let r: RiskLevel = 'None';
  for (const c of changes) if (c.deviceKey === deviceKey && c.time <= t) r = c.risk;
  return r;
}

function byDevice<T extends { deviceKey: string }>(xs: T[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    let l = m.get(x.deviceKey);
    if (!l) m.set(x.deviceKey, (l = []));
    l.push(x);
  }
  return m;
}

export type ComplianceState = 'compliant' | 'noncompliant' | 'inGracePeriod' | 'unknown';

export interface ComplianceChange {
  time: number;
  deviceKey: string;
  previous: ComplianceState;
  state: ComplianceState;
  expected: string;
  actual: string;
  reason: string;
}

/** Intune evaluates "at or under the machine risk score" at each check-in; a row is written on the first check-in and on every change. */
export function computeCompliance(
  risk: RiskChange[],
  checkins: Record<string, number[]>,
  p: ScenarioPolicies,
): ComplianceChange[] {
  const out: ComplianceChange[] = [];
  const riskBy = byDevice(risk);
  for (const [dk, times] of Object.entries(checkins)) {
    const mine = riskBy.get(dk) ?? [];
    let prev: ComplianceState = 'unknown';
    let failingSince: number | null = null;
    for (const t of [...times].sort((a, b) => a - b)) {
      const r = riskAt(mine, dk, t);
      const ok = RISK_ORDER.indexOf(r) <= RISK_ORDER.indexOf(p.intune.maxRisk);
      let state: ComplianceState;
      if (ok) {
        state = 'compliant';
        failingSince = null;
      } else {
        failingSince ??= t;
        state = t - failingSince < p.intune.graceDays * 24 * HOUR ? 'inGracePeriod' : 'noncompliant';
      }
      if (state !== prev) {
        out.push({
          time: t,
          deviceKey: dk,
          previous: prev,
          state,
          expected: p.intune.maxRisk,
          actual: r,
          reason: ok
            ? `Machine risk score ${r} is at or under ${p.intune.maxRisk}`
            : `Machine risk score ${r} is above ${p.intune.maxRisk}`,
        });
        prev = state;
      }
    }
  }
  return out.sort((a, b) => a.time - b.time);
}

/** What Entra ID knows about a device at time t. */
export interface DeviceState {
  registered: boolean;
  managed: boolean;
  compliant: boolean;
  hybridJoined: boolean;
  trustType: '' | 'AzureAd' | 'ServerAd' | 'Workplace';
}

export interface SignInResult {
  time: number;
  attempt: SignInAttempt;
  errorCode: number;
  caStatus: 0 | 1 | 2;
  policies: { id: string; displayName: string; enforcedGrantControls: string[]; enforcedSessionControls: string[]; result: string }[];
  authRequirement: 'singleFactorAuthentication' | 'multiFactorAuthentication';
  device: DeviceState;
  correlationId: string;
  failureReason: string;
  mfaPerformed: boolean;
}

const GRANT_NAME: Record<GrantControl, string> = {
  mfa: 'Mfa',
  compliantDevice: 'RequireCompliantDevice',
  domainJoinedDevice: 'RequireDomainJoinedDevice',
  block: 'Block',
};

const CLIENT_TYPE: Record<SignInAttempt['clientAppUsed'], ClientAppType> = {
  Browser: 'browser',
  'Mobile Apps and Desktop clients': 'mobileAppsAndDesktopClients',
  'Exchange ActiveSync': 'exchangeActiveSync',
};

export const ERROR_TEXT: Record<number, string> = {
  0: '',
  50074: 'Strong Authentication is required.',
  50126: 'Error validating credentials due to invalid username or password.',
  50140: "This error occurred due to 'Keep me signed in' interrupt when the user was signing in.",
  53000: 'Device is not in required device state: compliant. Conditional Access policy requires a compliant device, and the device is not compliant.',
  53001: 'Device is not in required device state: domain joined.',
  53003: 'Access has been blocked by Conditional Access policies.',
};

type Verdict = 'notApplied' | 'notEnabled' | 'success' | 'prompt' | 'fail';

function evalPolicy(pol: CaPolicy, a: SignInAttempt, dev: DeviceState, mfa: boolean): { v: Verdict; mfaNeeded: boolean; hard?: GrantControl } {
  if (pol.state === 'disabled') return { v: 'notEnabled', mfaNeeded: false };
  const resourceId = APPS[a.resource].id;
  if (!pol.includeApplications.includes(resourceId) && !pol.includeApplications.includes('All')) return { v: 'notApplied', mfaNeeded: false };
  if (!pol.clientAppTypes.includes(CLIENT_TYPE[a.clientAppUsed]) && !pol.clientAppTypes.includes('other')) {
    return { v: 'notApplied', mfaNeeded: false };
  }
  const sat = (c: GrantControl, withMfa: boolean): boolean =>
    c === 'mfa' ? withMfa : c === 'compliantDevice' ? dev.compliant : c === 'domainJoinedDevice' ? dev.hybridJoined : false;
  const ok = (withMfa: boolean) =>
    pol.operator === 'OR' ? pol.builtInControls.some((c) => sat(c, withMfa)) : pol.builtInControls.every((c) => sat(c, withMfa));
  const hasMfa = pol.builtInControls.includes('mfa');
  if (ok(false)) return { v: 'success', mfaNeeded: false };
  if (hasMfa && ok(true)) return mfa ? { v: 'success', mfaNeeded: true } : { v: 'prompt', mfaNeeded: true };
  const hard = pol.builtInControls.find((c) => c !== 'mfa' && !sat(c, true)) ?? 'block';
  return { v: 'fail', mfaNeeded: hasMfa, hard };
}

/** Evaluates one attempt; returns one row, or two (MFA interrupt + completion) sharing a CorrelationId. */
export function evaluateSignIn(
  a: SignInAttempt,
  dev: DeviceState,
  mfaAt: number | undefined,
  p: ScenarioPolicies,
  correlationId: string,
): SignInResult[] {
  const mfaValid = (t: number, since: number | undefined) => since !== undefined && since <= t && t - since < p.mfaLifetimeHours * HOUR;
  const row = (time: number, mfa: boolean, performed: boolean): SignInResult => {
    if (a.badPassword) {
      return {
        time,
        attempt: a,
        errorCode: 50126,
        caStatus: 2,
        policies: p.ca.map((pol) => ({ id: pol.id, displayName: pol.displayName, enforcedGrantControls: [], enforcedSessionControls: [], result: 'notApplied' })),
        authRequirement: 'singleFactorAuthentication',
        device: dev,
        correlationId,
        failureReason: ERROR_TEXT[50126],
        mfaPerformed: false,
      };
    }
    const ev = p.ca.map((pol) => ({ pol, ...evalPolicy(pol, a, dev, mfa) }));
    const applied = ev.filter((e) => e.v === 'success' || e.v === 'prompt' || e.v === 'fail');
    const fails = ev.filter((e) => e.v === 'fail');
    const prompts = ev.filter((e) => e.v === 'prompt');
    let errorCode = 0;
    if (fails.length) {
      const hard = fails.map((f) => f.hard);
      errorCode = hard.includes('block') ? 53003 : hard.includes('compliantDevice') ? 53000 : 53001;
    } else if (prompts.length) errorCode = 50074;
    const policies = ev.map((e) => ({
      id: e.pol.id,
      displayName: e.pol.displayName,
      enforcedGrantControls: e.v === 'notApplied' || e.v === 'notEnabled' ? [] : e.pol.builtInControls.map((c) => GRANT_NAME[c]),
      enforcedSessionControls: [] as string[],
      result: e.v === 'prompt' || e.v === 'fail' ? 'failure' : e.v,
    }));
    return {
      time,
      attempt: a,
      errorCode,
      caStatus: applied.length === 0 ? 2 : errorCode === 0 ? 0 : 1,
      policies,
      authRequirement: applied.some((e) => e.mfaNeeded && (e.v === 'success' || e.v === 'prompt')) ? 'multiFactorAuthentication' : 'singleFactorAuthentication',
      device: dev,
      correlationId,
      failureReason: ERROR_TEXT[errorCode] ?? 'Other',
      mfaPerformed: performed,
    };
  };
  const first = row(a.time, mfaValid(a.time, mfaAt), false);
  if (first.errorCode === 50074 && a.mfaCompletesAt !== undefined) {
    return [first, row(a.mfaCompletesAt, true, true)];
  }
  return [first];
}
