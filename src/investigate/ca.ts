/**
 * Conditional Access decision logic (identity-and-compliance.md B.1–B.4), pure: which applied
 * policies are satisfied for a device/MFA state, what the sign-in's outcome is, and the error code
 * that outcome produces. Used to explain a logged sign-in and to answer "what if the device had been
 * compliant / MFA had been done?".
 */
import type { Catalog } from '../catalog/types.ts';
import type { JsonValue } from '../engine/values.ts';

export type Control = 'mfa' | 'compliantDevice' | 'domainJoinedDevice' | 'block' | 'other';

export interface CaPolicy {
  id: string;
  displayName: string;
  operator: 'AND' | 'OR';
  controls: Control[];
  /** Where the definition came from: the dataset's catalog, or inferred from the log entry. */
  source: 'lab' | 'inferred';
}

const CONTROLS = new Set<Control>(['mfa', 'compliantDevice', 'domainJoinedDevice', 'block']);

/**
 * The tenant's policies (identity-and-compliance.md B.2) as the dataset's catalog records them
 * (the generator writes the policies it applied), so a changed policy changes the explanation too.
 */
export function policiesFromCatalog(catalog: Catalog | null | undefined): CaPolicy[] {
  return (catalog?.caPolicies ?? []).map((p) => ({
    id: p.id,
    displayName: p.displayName,
    operator: p.operator === 'AND' ? 'AND' : 'OR',
    controls: p.builtInControls.map((c) => (CONTROLS.has(c as Control) ? (c as Control) : 'other')),
    source: 'lab' as const,
  }));
}

const GRANT: Record<string, Control> = {
  mfa: 'mfa',
  requirecompliantdevice: 'compliantDevice',
  compliantdevice: 'compliantDevice',
  requiredomainjoineddevice: 'domainJoinedDevice',
  domainjoineddevice: 'domainJoinedDevice',
  block: 'block',
};

export const CONTROL_TEXT: Record<Control, string> = {
  mfa: 'multi-factor authentication',
  compliantDevice: 'a compliant device',
  domainJoinedDevice: 'a hybrid-joined device',
  block: 'block access',
  other: 'another control',
};

/** A policy entry of a sign-in's ConditionalAccessPolicies. */
export interface AppliedPolicy {
  id: string;
  displayName: string;
  result: string;
  enforcedGrantControls: string[];
  policy: CaPolicy;
}

export function parsePolicies(v: JsonValue | undefined, known: CaPolicy[] = []): AppliedPolicy[] {
  let list: JsonValue = v ?? [];
  if (typeof list === 'string') {
    try {
      list = JSON.parse(list) as JsonValue;
    } catch {
      list = [];
    }
  }
  if (!Array.isArray(list)) return [];
  return list
    .filter((p): p is { [k: string]: JsonValue } => !!p && typeof p === 'object' && !Array.isArray(p))
    .map((p) => {
      const id = String(p.id ?? '');
      const displayName = String(p.displayName ?? id);
      const grants = Array.isArray(p.enforcedGrantControls) ? p.enforcedGrantControls.map(String) : [];
      const policy = known.find((k) => k.id === id) ?? {
        id,
        displayName,
        // the log does not record the operator: read it from the name, else assume "require all"
        operator: / OR /.test(displayName) ? 'OR' : 'AND',
        controls: grants.map((g) => GRANT[g.toLowerCase()] ?? 'other'),
        source: 'inferred' as const,
      };
      return { id, displayName, result: String(p.result ?? ''), enforcedGrantControls: grants, policy };
    });
}

/** Applied = the policy's conditions matched this sign-in (success or failure, not notApplied). */
export function isApplied(p: AppliedPolicy): boolean {
  return p.result === 'success' || p.result === 'failure';
}

export interface AccessState {
  compliant: boolean;
  mfa: boolean;
  domainJoined: boolean;
}

export interface PolicyVerdict {
  policy: AppliedPolicy;
  controls: { control: Control; satisfied: boolean }[];
  satisfied: boolean;
}

export type Decision = 'allowed' | 'mfa-required' | 'blocked';

export interface Evaluation {
  decision: Decision;
  errorCode: number;
  verdicts: PolicyVerdict[];
  /** The applied policies that are not satisfied. */
  failing: PolicyVerdict[];
}

function controlMet(c: Control, s: AccessState): boolean {
  switch (c) {
    case 'mfa':
      return s.mfa;
    case 'compliantDevice':
      return s.compliant;
    case 'domainJoinedDevice':
      return s.domainJoined;
    case 'block':
      return false;
    default:
      return false;
  }
}

function verdict(p: AppliedPolicy, s: AccessState): PolicyVerdict {
  const controls = p.policy.controls.map((control) => ({ control, satisfied: controlMet(control, s) }));
  const ok = controls.length === 0 || (p.policy.operator === 'OR' ? controls.some((c) => c.satisfied) : controls.every((c) => c.satisfied));
  return { policy: p, controls, satisfied: ok };
}

/**
 * Every applied policy must be satisfied (policies AND together); inside a policy, its operator.
 * If MFA alone would satisfy every failing policy the user is prompted (50074); otherwise the device
 * state is the obstacle and the request fails: 53000 (not compliant), 53001 (not hybrid joined),
 * 53003 (blocked by policy), else 50131 (generic CA failure).
 */
export function evaluate(policies: AppliedPolicy[], s: AccessState): Evaluation {
  const verdicts = policies.filter(isApplied).map((p) => verdict(p, s));
  const failing = verdicts.filter((v) => !v.satisfied);
  if (!failing.length) return { decision: 'allowed', errorCode: 0, verdicts, failing };
  const withMfa = failing.map((v) => verdict(v.policy, { ...s, mfa: true }));
  if (!s.mfa && withMfa.every((v) => v.satisfied)) return { decision: 'mfa-required', errorCode: 50074, verdicts, failing };
  const needs = (c: Control) => failing.some((v) => v.controls.some((x) => x.control === c && !x.satisfied));
  const code = needs('block') ? 53003 : needs('compliantDevice') ? 53000 : needs('domainJoinedDevice') ? 53001 : 50131;
  return { decision: 'blocked', errorCode: code, verdicts, failing };
}

/** AADSTS codes that matter in the lab (identity-and-compliance.md B.4). */
export const ERROR_CODES: Record<number, { name: string; meaning: string }> = {
  0: { name: 'Success', meaning: 'The sign-in succeeded.' },
  50074: { name: 'UserStrongAuthClientAuthNRequiredInterrupt', meaning: 'Strong authentication is required and was not yet done: the interactive MFA prompt.' },
  50076: { name: 'UserStrongAuthClientAuthNRequired', meaning: 'MFA is now required (policy); the client must retry interactively.' },
  50079: { name: 'UserStrongAuthEnrollmentRequired', meaning: 'The user must register for MFA.' },
  50097: { name: 'DeviceAuthenticationRequired', meaning: 'Device authentication is required.' },
  50126: { name: 'InvalidUserNameOrPassword', meaning: 'Wrong user name or password.' },
  50131: { name: 'ConditionalAccessFailed', meaning: 'Generic Conditional Access failure (device state, suspicious request, policy).' },
  50140: { name: 'KmsiInterrupt', meaning: '"Stay signed in?" prompt, not a failure.' },
  50155: { name: 'DeviceAuthenticationFailed', meaning: 'Device authentication failed.' },
  50158: { name: 'ExternalSecurityChallenge', meaning: 'An external challenge (federated IdP, custom control) was not satisfied.' },
  53000: { name: 'DeviceNotCompliant', meaning: 'Conditional Access requires a compliant device and the device is not compliant (or not enrolled).' },
  53001: { name: 'DeviceNotDomainJoined', meaning: 'Conditional Access requires a hybrid/domain-joined device.' },
  53003: { name: 'BlockedByConditionalAccess', meaning: 'A Conditional Access policy blocks access.' },
};

export function errorText(code: number): string {
  const e = ERROR_CODES[code];
  return e ? `${code} ${e.name}` : String(code);
}
