/**
 * The generic generator: builds the estate (the scenario's scripted users and devices plus
 * background ones), runs the background simulation, lets the scenario's incident write its script,
 * derives risk → compliance → Conditional Access → sign-in outcomes from the rules, and fills every
 * table. Everything scenario-specific comes in through an `Incident` (see scenarios/lab.ts).
 */
import { writeGeoIpLocations } from './geoip.ts';
import { pickAddress } from './addresses.ts';
import { keepPortalReads } from './appservice-http.ts';
import { type BootState, boot, ipFor, type Session, type SessionFixed, site, systemDay, userSession } from './background.ts';
import { type Row, type SpillOptions, TableSink } from './builder.ts';
import { keepCampaignReads } from './campaign-info.ts';
import { keepDefenderMoreReads } from './defender-more.ts';
import { adminAcctOf, writeEstate } from './estate.ts';
import { writeAdminEstate } from './estate-admin.ts';
import { writeAdminCloud } from './estate-admin-cloud.ts';
import { travelAttempts } from './estate-cloud.ts';
import { keepDeskReads, writeDeskEstate } from './estate-desk.ts';
import { writeEndpointEstate } from './estate-endpoint.ts';
import { PIPE_CREATORS, writeNamedPipes } from './estate-pipes.ts';
import { writePlumbing } from './estate-plumbing.ts';
import { writeDeskApps } from './estate-apps.ts';
import { type RdpFromDevice, writeRdpClients } from './estate-rdp.ts';
import { writeRoutineEstate } from './estate-routine.ts';
import { writeServerEstate } from './estate-servers.ts';
import { writeSocEstate } from './estate-soc.ts';
import { keepTenantReads, writeRemoteDropAlerts, writeTenantEstate } from './estate-tenant.ts';
import { IME_AGENT, writeWow64Remediations } from './estate-wow64.ts';
import { writeBaselinesAndExposure } from './exposure.ts';
import { keepIdentityAccountReads } from './identity-accounts.ts';
import { IMG, type Img } from './images.ts';
import { keepLegacyReads } from './legacy-tables.ts';
import * as S from './model.ts';
import { makeDevices, makeUsers } from './people.ts';
import { guidOf, hexOf, Rng } from './rng.ts';
import {
  type ComplianceChange,
  computeCompliance,
  computeRisk,
  type DeviceState,
  evaluateSignIn,
  type RiskChange,
  type SignInResult,
} from './rules.ts';
import { buildTableDefs, hasItemId, ITEM_ID, type TableDef } from './schema.ts';
import { keepAnomalyReads } from './sentinel-anomalies.ts';
import { keepFirewallThreatReads } from './sentinel-azfw-ti.ts';
import { writeServerProcesses } from './sentinel-processes.ts';
import { keepQueryLogReads } from './sentinel-querylogs.ts';
import { keepFirewallReads, WS, writeSentinelTables } from './sentinel-rows.ts';
import { keepSysmonReads, writeSysmon } from './sentinel-sysmon.ts';
import { keepForwardedLogons } from './sentinel-windows.ts';
import { keepWorkspaceReads } from './sentinel-workspace.ts';
import { keepTeamsReads } from './teams-messages.ts';
import { DAY, HOUR, MIN, SEC, T } from './time.ts';
import { meteredTables, meterRows, newMeter, writeUsage } from './usage.ts';
import { Dev, DeviceEmitter, type Sinks } from './world.ts';

/** What a scenario's incident writes, and where it hooks into the generic run. */
export interface Incident {
  tenant: { domain: string; tenantId: string };
  /** First of the four simulated days (YYYY-MM-DD, UTC). */
  day0: string;
  /** The SOC account that requests response actions and resolves alerts. */
  analyst: string;
  /** Scripted users (the estate adds background ones); `routineSignIns` also get background sign-ins. */
  users: S.UserDef[];
  routineSignIns: S.UserDef[];
  /** Scripted devices, in this order; `intunePolicy: false` leaves the tenant default to decide compliance. */
  devices: { def: S.DeviceDef; user: string; intunePolicy?: boolean }[];
  /** A scripted device's boot (default: a morning boot on day 0 at a random minute). */
  boot?(dev: Dev, em: DeviceEmitter, days: number[]): BootState | undefined;
  /**
   * Who logs on to a scripted device on day k: a fixed session, a logon time, or null (nobody);
   * undefined keeps the default rule. `dflt()` draws the default logon time (when the rule keeps
   * the random stream of that device in step).
   */
  logon?(dev: Dev, k: number, days: number[], dflt: () => number | null): SessionFixed | number | null | undefined;
  /** Registers the rows the incident reads back from big tables (TableSink.keep), before any row is written. */
  keep?(sinks: Sinks): void;
  /** Rows written after a device's day-k session (e.g. unrelated processes reusing PIDs). */
  afterSession?(dev: Dev, k: number, b: BootState, s: Session, em: DeviceEmitter): void;
  /** The attack: its rows on the devices (sessions keyed `${deviceKey}:${day}`). */
  run(c: { em: DeviceEmitter; sinks: Sinks; devByKey: Map<string, Dev>; boots: Map<string, BootState>; sessions: Map<string, Session> }): void;
  alerts: S.AlertDef[];
  /** Intune check-ins of scripted devices (background devices get a schedule). */
  checkins: Record<string, number[]>;
  signins: S.SignInAttempt[];
  mfaEvents: { session: string; time: number }[];
  machineActions: S.MachineActionDef[];
  /** The device the response actions target, and its isolation windows. */
  responseDevice: string;
  isolation: { from: number; to: number }[];
  /** Devices outside MDE that sign in (e.g. a phone): their state at a time, and how sign-ins show them. */
  otherDevices?: { key: string; state(t: number, P: S.ScenarioPolicies): DeviceState; aadDeviceId: string; name: string; os: string; osText: string; browser: string }[];
  /** Compliance rows of devices outside MDE. */
  otherCompliance?(sinks: Sinks): void;
  /** Token issuer name of federated sign-ins. */
  federation?: string;
  /** Users whose background sign-ins are federated (token issued by AD FS; wrong passwords stay at AD FS). */
  federated?(u: S.UserDef): boolean;
  /** After the per-device inventory: the scenario's own certificate rows, identity, mail and cloud tables. */
  finish(c: { sinks: Sinks; root: Rng; days: number[]; users: Map<string, S.UserDef>; bgUsers: S.UserDef[]; allDevs: Dev[]; devByKey: Map<string, Dev>; alerts: S.AlertDef[]; results: SignInResult[] }): void;
}

export interface GenerateOptions {
  seed?: number;
  scale?: number;
  /** Override the scenario's policies (used by tests that flip a policy). */
  policies?: S.ScenarioPolicies;
  /** Per table: spill its rows in chunks while generating (the DuckDB writer of big labs). */
  sinkOptions?: (d: TableDef) => SpillOptions | undefined;
}

export interface Generated {
  defs: TableDef[];
  sinks: Sinks;
  seed: number;
  scale: number;
  /** The simulated background devices (what clone.ts may clone for bigger scales), in generation order. */
  background: { id: string; name: string; aadDeviceId: string }[];
  /** The dataset's four days, epoch microseconds [from, to). */
  window: { from: number; to: number };
}

export const DEFAULT_SEED = 20240514;

export function generate(opts: GenerateOptions, inc: Incident): Generated {
  const seed = opts.seed ?? DEFAULT_SEED;
  const scale = opts.scale ?? 1;
  const P = opts.policies ?? S.POLICIES;
  const root = new Rng(seed);
  const defs = buildTableDefs();
  const sinks: Sinks = {};
  for (const d of defs) sinks[d.name] = new TableSink(d, opts.sinkOptions?.(d));
  // Each Log Analytics record's _ItemId (schema.ts ITEM_ID): a GUID of the seed, the table and the
  // record's ordinal, so it draws nothing and no other value changes.
  for (const d of defs) if (hasItemId(d)) sinks[d.name].numberRows(ITEM_ID.name, (n) => guidOf(`_ItemId:${seed}:${d.name}:${n}`));
  const em = new DeviceEmitter(sinks);
  em.trace([...PIPE_CREATORS, IME_AGENT]);
  // rows read back later by scans that derive other tables (kept as they come: the tables may be spilled by then)
  keepTenantReads(sinks);
  keepDeskReads(sinks);
  keepFirewallReads(sinks);
  keepForwardedLogons(sinks);
  keepTeamsReads(sinks);
  keepWorkspaceReads(sinks);
  keepDefenderMoreReads(sinks);
  keepAnomalyReads(sinks);
  keepLegacyReads(sinks);
  keepQueryLogReads(sinks);
  keepIdentityAccountReads(sinks);
  keepFirewallThreatReads(sinks);
  keepCampaignReads(sinks);
  keepPortalReads(sinks);
  keepSysmonReads(sinks);
  inc.keep?.(sinks);
  // the first antivirus detection's time (the EICAR alert below), noted as rows arrive: they may be spilled by then
  const firstAv = sinks.DeviceEvents.watch('ActionType', 'AntivirusDetection', 'Timestamp');

  const day0 = T(`${inc.day0}T00:00:00`);
  const days = [0, 1, 2, 3].map((k) => day0 + k * DAY);
  const end = day0 + 4 * DAY;
  // Usage meters every Log Analytics table's rows (usage.ts): a spilled table's chunks as they go out, the rest at the end
  const meter = newMeter();
  const metered = meteredTables(sinks).map((name) => sinks[name]);
  for (const s of metered) s.beforeFlush = (x) => meterRows(meter, x, { from: day0, to: end });

  // --- people and devices
  const nBg = Math.max(2, Math.round(6 * scale));
  const bgUsers = makeUsers(root.fork('users'), nBg + Math.max(1, Math.round(nBg / 4)));
  const bgDevDefs = makeDevices(root.fork('devices'), bgUsers.slice(0, nBg));
  const users = new Map<string, S.UserDef>([...inc.users.map((u) => [u.key, u] as const), ...bgUsers.map((u) => [u.key, u] as const)]);
  const scripted = inc.devices.map((d) => new Dev(d.def, root.fork(d.def.key), users.get(d.user)!, { intunePolicy: d.intunePolicy ?? true }));
  const bgDevs = bgDevDefs.map((d) => new Dev(d, root.fork(`dev:${d.name}`), users.get(d.user)!));
  const allDevs = [...scripted, ...bgDevs];
  const devByKey = new Map(allDevs.map((d) => [d.def.key, d]));
  const target = devByKey.get(inc.responseDevice)!;
  for (const w of inc.isolation) target.isolated.push([w.from, w.to]);
  const itDevs = new Set(bgDevs.filter((_, i) => i % 5 === 1).map((d) => d.def.key));
  const eicarDev = bgDevs[0]?.def.key;
  const macroDev = bgDevs[Math.min(2, bgDevs.length - 1)]?.def.key;

  // --- device simulation
  const boots = new Map<string, BootState>();
  const sessions = new Map<string, Session>();
  const isScripted = new Set(scripted);
  for (const dev of allDevs) {
    const r = dev.rng;
    const b = (isScripted.has(dev) ? inc.boot?.(dev, em, days) : undefined) ?? boot(dev, em, days[0] + (6 * 60 + r.int(0, 120)) * MIN + r.int(0, 59999) * 1000);
    boots.set(dev.def.key, b);
    for (let k = 0; k < 4; k++) {
      const d0 = k === 0 ? b.winlogon.created + 60 * SEC : days[k];
      systemDay(dev, em, b, d0, days[k] + DAY, { itScript: itDevs.has(dev.def.key), eicar: dev.def.key === eicarDev && k === 2 });
      // Who logs on when
      const dflt = () => (dev.user && (k < 3 || r.chance(0.9)) ? days[k] + (7 * 60 + 30 + r.int(0, 90)) * MIN + r.int(0, 59999) * 1000 : null);
      const chosen = isScripted.has(dev) ? inc.logon?.(dev, k, days, dflt) : undefined;
      const logon = chosen === undefined ? dflt() : chosen;
      let fixed: SessionFixed | null = null;
      if (typeof logon === 'number') fixed = { logonTime: logon, logonId: r.int(200000, 9000000) };
      else if (logon) fixed = logon;
      if (!fixed) continue;
      const endT = fixed.logonTime + (8 * 60 + r.int(0, 150)) * MIN;
      const s = userSession(dev, em, b, fixed.logonTime, endT, fixed, {
        excelMacro: dev.def.key === macroDev,
        logonScript: dev.onPrem,
      });
      sessions.set(`${dev.def.key}:${k}`, s);
      if (isScripted.has(dev)) inc.afterSession?.(dev, k, b, s, em);
    }
  }

  // --- the scenario's script
  inc.run({ em, sinks, devByKey, boots, sessions });

  // --- background alerts (feed the same risk rules)
  const alerts: S.AlertDef[] = [...inc.alerts];
  const bgAlertRng = root.fork('alerts');
  if (eicarDev) {
    const t = firstAv.found() as number | undefined;
    if (t) {
      alerts.push({
        key: 'eicar',
        alertId: `da${638513000000000000 + bgAlertRng.int(1, 999999999)}_${bgAlertRng.int(-2000000000, 2000000000)}`,
        time: t + 20 * SEC,
        title: "'EICAR_Test_File' malware was prevented",
        category: 'Malware',
        severity: 'Informational',
        serviceSource: 'Microsoft Defender for Endpoint',
        detectionSource: 'Antivirus',
        techniques: [],
        deviceKey: eicarDev,
        inProgressAt: t + 2 * HOUR,
        resolvedAt: t + 3 * HOUR,
        classification: 'InformationalExpectedActivity',
        determination: 'SecurityTesting',
        assignedTo: inc.analyst,
        comment: 'EICAR test by IT',
      });
    }
  }
  for (const key of itDevs) {
    const t = days[1] + 2 * HOUR + 31 * MIN + bgAlertRng.int(0, 1800) * SEC;
    alerts.push({
      key: `it-${key}`,
      alertId: `da${638513000000000000 + bgAlertRng.int(1, 999999999)}_${bgAlertRng.int(-2000000000, 2000000000)}`,
      time: t,
      title: 'Suspicious PowerShell command line',
      category: 'Execution',
      severity: 'Low',
      serviceSource: 'Microsoft Defender for Endpoint',
      detectionSource: 'EDR',
      techniques: ['PowerShell (T1059.001)'],
      deviceKey: key,
      inProgressAt: t + 6 * HOUR,
      resolvedAt: t + 7 * HOUR,
      classification: 'FalsePositive',
      determination: 'Clean',
      assignedTo: inc.analyst,
      comment: 'Contoso IT inventory task',
    });
  }
  for (const a of alerts.slice(inc.alerts.length)) {
    const dev = devByKey.get(a.deviceKey)!;
    const common = { Timestamp: a.time, AlertId: a.alertId, Title: a.title, ServiceSource: a.serviceSource, DetectionSource: a.detectionSource, AttackTechniques: JSON.stringify(a.techniques), Severity: a.severity };
    sinks.AlertInfo.add({ ...common, Category: a.category });
    sinks.AlertEvidence.add({ ...common, Categories: JSON.stringify([a.category]), EntityType: 'Machine', EvidenceRole: 'Impacted', DeviceId: dev.id, DeviceName: dev.name });
  }
  for (const a of alerts) {
    const steps: [string, number][] = [['New', a.time]];
    if (a.inProgressAt) steps.push(['InProgress', a.inProgressAt]);
    if (a.resolvedAt) steps.push(['Resolved', a.resolvedAt]);
    for (const [st, t] of steps) {
      sinks.AlertStatus.add({
        Timestamp: t,
        AlertId: a.alertId,
        Title: a.title,
        Status: st,
        Classification: st === 'Resolved' ? (a.classification ?? '') : '',
        Determination: st === 'Resolved' ? (a.determination ?? '') : '',
        AssignedTo: st === 'New' ? '' : (a.assignedTo ?? ''),
        ResolvedTime: st === 'Resolved' ? t : null,
        Comments: st === 'Resolved' ? (a.comment ?? '') : '',
      });
    }
  }

  // --- risk → compliance (rules.ts)
  const mdeKeys = allDevs.map((d) => d.def.key);
  const risk: RiskChange[] = computeRisk(alerts, mdeKeys, days[0] + 5 * MIN, P);
  const checkins: Record<string, number[]> = {};
  const ciRng = root.fork('checkins');
  for (const d of allDevs) {
    if (!d.intunePolicy) continue;
    if (inc.checkins[d.def.key]) {
      checkins[d.def.key] = inc.checkins[d.def.key];
      continue;
    }
    const ts: number[] = [];
    for (let t = days[0] + ciRng.int(5, 479) * MIN; t < end; t += 8 * HOUR + ciRng.int(-20, 20) * MIN) ts.push(t);
    checkins[d.def.key] = ts;
  }
  const compliance: ComplianceChange[] = computeCompliance(risk, checkins, P);
  for (const c of risk) {
    const d = devByKey.get(c.deviceKey)!;
    sinks.DeviceRiskEvents.add({ Timestamp: c.time, DeviceId: d.id, DeviceName: d.name, AadDeviceId: d.def.aadDeviceId, PreviousRiskScore: c.previous, RiskScore: c.risk, TriggerAlertId: c.triggerAlertId, Reason: c.reason });
  }
  for (const c of compliance) {
    const d = devByKey.get(c.deviceKey)!;
    sinks.DeviceComplianceEvents.add({
      Timestamp: c.time,
      AadDeviceId: d.def.aadDeviceId,
      DeviceName: d.name,
      DeviceId: d.id,
      UserPrincipalName: d.user?.upn ?? '',
      PolicyId: P.intune.id,
      PolicyName: P.intune.name,
      SettingName: P.intune.settingName,
      Expected: c.expected,
      Actual: c.actual,
      PreviousState: c.previous,
      NewState: c.state,
      Reason: c.reason,
    });
  }
  // Device without a compliance policy: the tenant setting decides.
  const noPolicyState = P.noPolicyDevicesCompliant ? 'compliant' : 'noncompliant';
  for (const d of allDevs.filter((x) => !x.intunePolicy)) {
    sinks.DeviceComplianceEvents.add({
      Timestamp: days[0] + 6 * HOUR + 30 * MIN,
      AadDeviceId: d.def.aadDeviceId,
      DeviceName: d.name,
      DeviceId: d.id,
      UserPrincipalName: d.user?.upn ?? '',
      PolicyId: '',
      PolicyName: 'Default Device Compliance Policy',
      SettingName: 'Has a compliance policy assigned',
      Expected: 'True',
      Actual: 'False',
      PreviousState: 'unknown',
      NewState: noPolicyState,
      Reason: `No compliance policy assigned; tenant marks such devices ${P.noPolicyDevicesCompliant ? 'Compliant' : 'Not compliant'}`,
    });
  }
  inc.otherCompliance?.(sinks);

  const complianceBy = new Map<string, ComplianceChange[]>();
  for (const c of compliance) {
    if (!complianceBy.has(c.deviceKey)) complianceBy.set(c.deviceKey, []);
    complianceBy.get(c.deviceKey)!.push(c);
  }
  const entraCompliant = (key: string, t: number): boolean => {
    const d = devByKey.get(key);
    if (!d) return false;
    if (!d.intunePolicy) return P.noPolicyDevicesCompliant;
    let st = false;
    for (const c of complianceBy.get(key) ?? []) if (c.time + P.entraSyncDelaySec * SEC <= t) st = c.state !== 'noncompliant';
    return st;
  };
  const deviceState = (key: string, t: number): DeviceState => {
    const other = inc.otherDevices?.find((o) => o.key === key);
    if (other) return other.state(t, P);
    const d = devByKey.get(key);
    if (!d) return { registered: false, managed: false, compliant: false, hybridJoined: false, trustType: '' };
    const hybrid = d.def.joinType !== 'AAD Joined';
    return { registered: true, managed: true, compliant: entraCompliant(key, t), hybridJoined: hybrid, trustType: hybrid ? 'ServerAd' : 'AzureAd' };
  };

  // --- sign-ins: scripted + background, all through the CA rules
  const attempts: S.SignInAttempt[] = [...inc.signins];
  const siRng = root.fork('signins');
  const bgSignInUsers = [...inc.routineSignIns, ...bgUsers];
  const devOfUser = new Map<S.UserDef, Dev>();
  for (const d of allDevs) if (d.user && !devOfUser.has(d.user)) devOfUser.set(d.user, d);
  for (const u of bgSignInUsers) {
    const dev = devOfUser.get(u);
    const fed = inc.federated?.(u) ?? false;
    for (let k = 0; k < 4; k++) {
      const n = siRng.int(3, 9);
      let t = days[k] + (7 * 60 + 45 + siRng.int(0, 90)) * MIN;
      for (let i = 0; i < n; i++) {
        t += siRng.int(10, 80) * MIN + siRng.int(0, 59) * SEC;
        const personal = !dev || siRng.chance(0.06);
        const kind = siRng.weighted([
          ['spo', 4],
          ['exo-desktop', 3],
          ['owa', 1],
          ['teams', 3],
          ['graph', 1],
        ] as const);
        const browser = kind === 'spo' || kind === 'owa' || kind === 'graph';
        const session = `${u.key}-${personal ? 'home' : browser ? 'browser' : 'desktop'}`;
        attempts.push({
          time: t,
          user: u.key,
          device: personal ? '' : dev!.def.key,
          client: kind === 'spo' || kind === 'graph' ? 'officeHome' : kind === 'owa' ? 'owa' : kind === 'teams' ? 'teams' : 'office',
          resource: kind === 'spo' ? 'sharepoint' : kind === 'teams' ? 'teams' : kind === 'graph' ? 'graph' : 'exchange',
          clientAppUsed: browser ? 'Browser' : 'Mobile Apps and Desktop clients',
          session,
          mfaCompletesAt: siRng.chance(0.95) ? t + siRng.int(12, 60) * SEC : undefined,
          ip: personal ? pickAddress(siRng, 'homes') : (dev?.def.publicIp ?? ''),
          userAgent: browser ? S.UA.edge : S.UA.outlook,
          badPassword: siRng.chance(0.03) && !fed,
          ...(fed ? { tokenIssuerType: 1 as const } : {}),
        });
      }
    }
  }
  // business trips of background users (their own random stream)
  attempts.push(...travelAttempts(seed, days, bgUsers, (u) => devOfUser.get(u)));
  attempts.sort((a, b) => a.time - b.time);
  const mfaSince = new Map<string, number>();
  for (const m of inc.mfaEvents) mfaSince.set(m.session, m.time);
  const results: SignInResult[] = [];
  const pendingMfa = [...inc.mfaEvents].sort((a, b) => a.time - b.time);
  for (const a of attempts) {
    const since = mfaSince.get(a.session);
    const validSince = since !== undefined && since <= a.time ? since : pendingMfa.find((m) => m.session === a.session && m.time <= a.time)?.time;
    const corr = a.correlationId ?? guidOf(`corr:${a.user}:${a.time}:${a.resource}`);
    const rs = evaluateSignIn(a, deviceState(a.device, a.time), validSince, P, corr);
    for (const r of rs) {
      results.push(r);
      if (r.mfaPerformed) mfaSince.set(a.session, r.time);
    }
  }
  writeSignIns(sinks, results, users, devByKey, inc);

  // --- response actions
  for (const m of inc.machineActions) {
    const created = m.steps[0][1];
    for (const [st, t] of m.steps) {
      sinks.MachineActions.add({
        Timestamp: t,
        Id: m.id,
        Type: m.type,
        Title: m.title,
        Scope: m.scope,
        Requestor: inc.analyst,
        RequestorComment: m.comment,
        Status: st,
        MachineId: target.id,
        ComputerDnsName: target.name,
        CreationDateTimeUtc: created,
        LastUpdateDateTimeUtc: t,
      });
    }
  }

  // --- per-device inventory tables
  writeInventory(sinks, allDevs, days, root.fork('inventory'));
  writeCertificates(sinks, allDevs, days, root.fork('certs'));

  // --- the scenario's own certificate, identity, mail, cloud, AD FS, mobile and Sentinel rows
  inc.finish({ sinks, root, days, users, bgUsers, allDevs, devByKey, alerts, results });

  // --- what a real estate adds on the background devices (its own random stream: nothing above changes)
  writeEstate({ em, seed, days, devs: bgDevs, boots, sessions, adminDevKeys: itDevs });
  writeTenantEstate({ em, sinks, seed, days, tenantId: inc.tenant.tenantId, devs: bgDevs, users: bgUsers, boots, sessions, adminDevKeys: itDevs, results });
  writeEndpointEstate({ em, sinks, seed, days, devs: bgDevs, boots, sessions, adminDevKeys: itDevs, users: bgUsers });
  writeAdminEstate({ em, seed, days, devs: bgDevs, boots, sessions, adminDevKeys: itDevs });
  const rdpFromDevices: RdpFromDevice[] = [];
  const app01 = writeServerEstate({ em, sinks, seed, days, devs: bgDevs, adminDevKeys: itDevs, inventory: (devs, rng) => writeInventory(sinks, devs, days, rng), rdpFromDevices });
  writeRemoteDropAlerts({ sinks, seed, devs: bgDevs });
  writeSocEstate({ em, sinks, seed, days, devs: bgDevs, boots, sessions, adminDevKeys: itDevs });
  writeRoutineEstate({ em, sinks, seed, days, devs: bgDevs, boots, sessions, adminDevKeys: itDevs });
  writeDeskEstate({ em, sinks, seed, days, devs: bgDevs, boots, sessions, adminDevKeys: itDevs });
  writeBaselinesAndExposure({ sinks, devs: allDevs, users: [...inc.users, ...bgUsers], adminDevKeys: itDevs, adminAcct: adminAcctOf, end });
  writeSentinelTables({ sinks, seed, days, users: [...inc.users, ...bgUsers], bgUsers, devs: allDevs, alerts, analyst: inc.analyst, caPolicies: P.ca, adminDevKeys: itDevs });
  // The client side of RDP sessions from onboarded devices (last: its own stream, after every device row).
  writeRdpClients({ em, seed, sessions, rdp: rdpFromDevices });
  // Windows' and the applications' plumbing on the background devices (its own stream, after every device row).
  writePlumbing({ em, seed, days, devs: bgDevs, boots, sessions });
  // The named pipes of the processes above (its own stream, after every device row).
  const pipeCreators = new Set<string>(PIPE_CREATORS);
  writeNamedPipes({ em, seed, devs: app01 ? [...bgDevs, app01] : bgDevs, started: em.started.filter((p) => pipeCreators.has(p.img.name.toLowerCase())) });
  // Intune remediations in the default 32-bit PowerShell host (its own stream, after the pipes: it writes its hosts' pipes).
  writeWow64Remediations({ em, seed, devs: bgDevs, started: em.started });
  // Desk applications besides Microsoft's (Chrome, archivers, the admins' Sysinternals tools): its own stream, after every device row.
  writeDeskApps({ em, seed, days, devs: bgDevs, boots, sessions, adminDevKeys: itDevs });
  // Process-creation auditing (4688) on the servers that send only their Security log (its own stream, after every Security log row).
  writeServerProcesses({ sinks, seed, days, users: bgUsers });
  // Sysmon's log on the servers that collect Event rows, from their process audits and event logs above (its own stream, last).
  writeSysmon({ sinks, seed });
  // Routine cloud administration and collaboration in AuditLogs, AzureActivity and OfficeActivity (its own stream, after every other row).
  writeAdminCloud({ sinks, seed, days, users: bgUsers, devs: bgDevs, vmName: allDevs.find((d) => d.def.azureVm)?.name ?? 'vm01' });

  // --- Usage: the hourly billing records of the rows above (after every other table; reads them, draws nothing)
  for (const s of metered) {
    meterRows(meter, s, { from: day0, to: end });
    s.beforeFlush = null;
  }
  writeUsage(sinks, meter, WS.sub);

  // --- the lab's geo-IP database (reads the sign-in logs written above; draws nothing)
  writeGeoIpLocations(sinks);

  // --- finalise: time order and per-device ReportIds
  finalise(defs, sinks);
  return { defs, sinks, seed, scale, background: bgDevs.map((d) => ({ id: d.id, name: d.name, aadDeviceId: d.def.aadDeviceId })), window: { from: day0, to: end } };
}

function writeSignIns(sinks: Sinks, results: SignInResult[], users: Map<string, S.UserDef>, devByKey: Map<string, Dev>, inc: Incident): void {
  const TENANT = inc.tenant;
  for (const r of results) {
    const a = r.attempt;
    const u = users.get(a.user)!;
    const dev = devByKey.get(a.device);
    const other = inc.otherDevices?.find((o) => o.key === a.device);
    const client = S.CLIENTS[a.client];
    const res = S.APPS[a.resource];
    const aadDeviceId = dev ? dev.def.aadDeviceId : other && r.device.registered ? other.aadDeviceId : '';
    const os = dev ? dev.def.osPlatform : other ? other.os : 'Windows10';
    const requestId = guidOf(`req:${r.correlationId}:${r.time}`);
    const browser = a.clientAppUsed === 'Browser' ? 'Edge 124.0.2478' : '';
    const risk = a.risk;
    const loc = a.location ?? (a.ip.startsWith('203.0.113') ? { city: 'Rotterdam', state: 'Zuid-Holland', countryOrRegion: 'NL', lat: 51.92, lon: 4.48 } : { city: 'Amsterdam', state: 'Noord-Holland', countryOrRegion: 'NL', lat: 52.37, lon: 4.9 });
    const signIn = {
      Timestamp: r.time,
      Application: client.name,
      ApplicationId: client.id,
      LogonType: '["interactiveUser"]',
      ErrorCode: r.errorCode,
      CorrelationId: r.correlationId,
      SessionId: guidOf(`sess:${a.session}:${Math.floor(a.time / DAY)}`),
      AccountDisplayName: u.displayName,
      AccountObjectId: u.objectId,
      AccountUpn: u.upn,
      IsExternalUser: 0,
      IsGuestUser: false,
      AlternateSignInName: u.upn,
      LastPasswordChangeTimestamp: T('2024-03-02T10:15:00'),
      ResourceDisplayName: res.name,
      ResourceId: res.id,
      ResourceTenantId: TENANT.tenantId,
      DeviceName: dev ? dev.name : other && r.device.registered ? other.name : '',
      AadDeviceId: aadDeviceId,
      OSPlatform: os,
      DeviceTrustType: r.device.trustType,
      IsManaged: r.device.managed ? 1 : 0,
      IsCompliant: r.device.compliant ? 1 : 0,
      AuthenticationProcessingDetails: '[{"key":"Legacy TLS (TLS 1.0, 1.1, 3DES)","value":"False"}]',
      AuthenticationRequirement: r.authRequirement,
      TokenIssuerType: a.tokenIssuerType ?? 0,
      RiskLevelAggregated: risk ? { low: 10, medium: 50, high: 100 }[risk.level] : 1,
      RiskDetails: 0,
      RiskLevelDuringSignIn: risk ? { low: 10, medium: 50, high: 100 }[risk.level] : 1,
      RiskEventTypes: JSON.stringify(risk?.types ?? []),
      RiskState: risk ? 4 : 0,
      UserAgent: a.userAgent,
      ClientAppUsed: a.clientAppUsed,
      Browser: browser,
      ConditionalAccessPolicies: r.policies,
      ConditionalAccessStatus: r.caStatus,
      IPAddress: a.ip,
      Country: loc.countryOrRegion,
      State: loc.state,
      City: loc.city,
      Latitude: String(loc.lat),
      Longitude: String(loc.lon),
      NetworkLocationDetails: '[]',
      RequestId: requestId,
      ReportId: guidOf(`rep:${requestId}`),
      EndpointCall: a.clientAppUsed === 'Exchange ActiveSync' ? 'Exchange ActiveSync' : 'Login:login',
    };
    sinks.AADSignInEventsBeta.add(signIn);
    const { AadDeviceId: entraDeviceId, ...rest } = signIn;
    sinks.EntraIdSignInEvents.add({ ...rest, EntraIdDeviceId: entraDeviceId, IsThroughGlobalSecureAccess: false, UniqueTokenId: guidOf(`tok:${requestId}`), IsSignInThroughGlobalSecureAccess: false });
    sinks.SigninLogs.add({
      AADTenantId: TENANT.tenantId,
      AlternateSignInName: u.upn,
      AppDisplayName: client.name,
      AppId: client.id,
      AppliedConditionalAccessPolicies: '',
      AppliedEventListeners: [],
      AuthenticationContextClassReferences: '[]',
      AuthenticationDetails: JSON.stringify(
        a.mfaByClaim && r.errorCode === 0
          ? [{ authenticationMethod: 'Previously satisfied', succeeded: true, authenticationStepResultDetail: 'MFA requirement satisfied by claim in the token' }]
          : r.mfaPerformed
          ? [{ authenticationMethod: 'Password', succeeded: true }, { authenticationMethod: 'Mobile app notification', succeeded: true, authenticationStepResultDetail: 'MFA successfully completed' }]
          : [{ authenticationMethod: r.errorCode === 50126 ? 'Password' : 'Previously satisfied', succeeded: r.errorCode !== 50126 }],
      ),
      AuthenticationMethodsUsed: r.mfaPerformed ? '["Password","Mobile app notification"]' : '["Password"]',
      AuthenticationProcessingDetails: '[{"key":"Legacy TLS (TLS 1.0, 1.1, 3DES)","value":"False"}]',
      AuthenticationProtocol: a.tokenIssuerType === 1 ? 'wsFederation' : 'none',
      AuthenticationRequirement: r.authRequirement,
      AuthenticationRequirementPolicies: r.authRequirement === 'multiFactorAuthentication' ? '[{"requirementProvider":"multiConditionalAccess","detail":"Conditional Access"}]' : '[]',
      AutonomousSystemNumber: '64500',
      Category: 'SignInLogs',
      ClientAppUsed: a.clientAppUsed,
      ConditionalAccessPolicies: r.policies,
      ConditionalAccessStatus: ['success', 'failure', 'notApplied'][r.caStatus],
      CorrelationId: r.correlationId,
      CreatedDateTime: r.time,
      CrossTenantAccessType: 'none',
      DeviceDetail: {
        deviceId: aadDeviceId,
        displayName: dev ? dev.name : other && r.device.registered ? other.name : '',
        operatingSystem: other ? other.osText : os,
        browser: browser || (other ? other.browser : 'Rich Client 16.0'),
        isCompliant: r.device.compliant,
        isManaged: r.device.managed,
        trustType: { AzureAd: 'Azure AD joined', ServerAd: 'Hybrid Azure AD joined', Workplace: 'Azure AD registered', '': '' }[r.device.trustType],
      },
      DurationMs: 0,
      FlaggedForReview: false,
      HomeTenantId: TENANT.tenantId,
      Id: guidOf(`id:${requestId}`),
      Identity: u.displayName,
      IPAddress: a.ip,
      IPAddressFromResourceProvider: '',
      IsInteractive: true,
      IsRisky: !!risk,
      Level: '4',
      Location: loc.countryOrRegion,
      LocationDetails: { city: loc.city, state: loc.state, countryOrRegion: loc.countryOrRegion, geoCoordinates: { latitude: loc.lat, longitude: loc.lon } },
      MfaDetail: r.mfaPerformed ? { authMethod: 'Mobile app notification', authDetail: '' } : null,
      NetworkLocationDetails: '[]',
      OperationName: 'Sign-in activity',
      OperationVersion: '1.0',
      OriginalRequestId: requestId,
      ProcessingTimeInMilliseconds: String(80 + (r.time % 300)),
      Resource: 'Microsoft.aadiam',
      ResourceDisplayName: res.name,
      ResourceGroup: 'Microsoft.aadiam',
      ResourceId: `/tenants/${TENANT.tenantId}/providers/Microsoft.aadiam`,
      ResourceIdentity: res.id,
      ResourceProvider: 'Microsoft.aadiam',
      ResourceServicePrincipalId: guidOf(`sp:${res.id}`),
      ResourceTenantId: TENANT.tenantId,
      ResultDescription: r.failureReason,
      ResultSignature: 'None',
      ResultType: String(r.errorCode),
      RiskDetail: 'none',
      RiskEventTypes: JSON.stringify(risk?.types ?? []),
      RiskEventTypes_V2: JSON.stringify(risk?.types ?? []),
      RiskLevel: '',
      RiskLevelAggregated: risk?.level ?? 'none',
      RiskLevelDuringSignIn: risk?.level ?? 'none',
      RiskState: risk ? 'atRisk' : 'none',
      ServicePrincipalId: '',
      ServicePrincipalName: '',
      SessionId: signIn.SessionId,
      SessionLifetimePolicies: '[]',
      SignInIdentifier: u.upn,
      SignInIdentifierType: 'userPrincipalName',
      SourceSystem: 'Azure AD',
      Status: { errorCode: r.errorCode, failureReason: r.failureReason || 'Other.', additionalDetails: r.errorCode === 50074 ? 'MFA required in Azure AD' : '' },
      TimeGenerated: r.time,
      TokenIssuerName: a.tokenIssuerType === 1 ? (inc.federation ?? '') : '',
      TokenIssuerType: a.tokenIssuerType === 1 ? 'ADFederationServices' : 'AzureAD',
      Type: 'SigninLogs',
      UniqueTokenIdentifier: r.errorCode === 0 ? hexOf(`tok:${requestId}`, 22) : '',
      UserAgent: a.userAgent,
      UserDisplayName: u.displayName,
      UserId: u.objectId,
      UserPrincipalName: u.upn,
      UserType: 'Member',
      TenantId: TENANT.tenantId,
    });
  }
}

function writeInventory(sinks: Sinks, devs: Dev[], days: number[], rng: Rng): void {
  for (const d of devs) {
    const adf = { AsimovId: guidOf(`asimov:${d.id}`) };
    for (let t = days[0] + 5 * MIN; t < days[0] + 4 * DAY; t += HOUR) {
      const isolated = d.isIsolated(t);
      sinks.DeviceInfo.add({
        Timestamp: t + rng.int(0, 20) * SEC,
        DeviceId: d.id,
        DeviceName: d.name,
        ClientVersion: '10.8760.19045.1000',
        PublicIP: d.def.publicIp,
        OSArchitecture: '64-bit',
        OSPlatform: d.def.osPlatform,
        OSBuild: d.def.osBuild,
        IsAzureADJoined: d.def.joinType !== 'Domain Joined',
        JoinType: d.def.joinType,
        AadDeviceId: d.def.aadDeviceId,
        LoggedOnUsers: d.user ? [{ UserName: d.user.accountName, DomainName: d.onPrem ? 'CORP' : 'AzureAD', Sid: d.onPrem ? (d.user.onPremSid ?? '') : d.user.cloudSid }] : [],
        RegistryDeviceTag: '',
        OSVersion: '10.0',
        MachineGroup: d.def.machineGroup ?? 'Workstations',
        OnboardingStatus: 'Onboarded',
        AdditionalFields: adf,
        DeviceCategory: 'Endpoint',
        DeviceType: d.isServer ? 'Server' : 'Workstation',
        DeviceSubtype: '',
        Model: d.def.model,
        Vendor: d.def.vendor,
        OSDistribution: '',
        OSVersionInfo: d.def.osVersionInfo,
        MergedDeviceIds: '',
        MergedToDeviceId: '',
        IsInternetFacing: false,
        SensorHealthState: 'Active',
        IsExcluded: false,
        ExclusionReason: '',
        ExposureLevel: d.def.exposureLevel ?? 'Low',
        AssetValue: 'Normal',
        DeviceManualTags: '',
        DeviceDynamicTags: '',
        ConnectivityType: 'Streamlined',
        HostDeviceId: '',
        AzureResourceId: d.def.azureVm ? `/subscriptions/${guidOf('sub')}/resourceGroups/rg-lab/providers/Microsoft.Compute/virtualMachines/${d.name}` : '',
        AwsResourceName: '',
        GcpFullResourceName: '',
        HardwareUuid: guidOf(`hw:${d.id}`).toUpperCase(),
        CloudPlatforms: d.def.azureVm ? 'Azure' : '',
        AzureVmId: d.def.azureVm ? guidOf(`vm:${d.id}`) : '',
        AzureVmSubscriptionId: d.def.azureVm ? guidOf('sub') : '',
        IsTransient: false,
        OsBuildRevision: d.def.osBuild === 19045 ? '4355' : d.def.osBuild === 17763 ? '5830' : '3527',
        MitigationStatus: isolated ? 'Contained' : '',
        Site: d.onPrem ? 'HQ' : 'Azure West Europe',
        DiscoverySources: '["Microsoft Defender for Endpoint"]',
        DeviceRoles: '[]',
        DlpInfo: '',
      });
    }
    for (let t = days[0] + 10 * MIN; t < days[0] + 4 * DAY; t += 6 * HOUR) {
      sinks.DeviceNetworkInfo.add({
        Timestamp: t + rng.int(0, 60) * SEC,
        DeviceId: d.id,
        DeviceName: d.name,
        NetworkAdapterName: 'Ethernet',
        MacAddress: `00-15-5D-${hexOf(`mac:${d.id}`, 6).toUpperCase().match(/../g)!.join('-')}`,
        NetworkAdapterType: 'Ethernet',
        NetworkAdapterStatus: 'Up',
        TunnelType: '',
        ConnectedNetworks: JSON.stringify([{ Name: d.onPrem ? 'corp.contoso.example' : 'Network', Category: d.onPrem ? 'Domain' : 'Private', Description: '', IsConnectedToInternet: true }]),
        DnsAddresses: JSON.stringify([d.onPrem ? '10.20.0.5' : '168.63.129.16']),
        IPv4Dhcp: d.onPrem ? '10.20.0.5' : '168.63.129.16',
        IPv6Dhcp: '',
        DefaultGateways: JSON.stringify([d.def.localIp.replace(/\.\d+$/, '.1')]),
        IPAddresses: JSON.stringify([{ IPAddress: d.def.localIp, SubnetPrefix: 24, AddressType: 'Private' }]),
        NetworkAdapterVendor: 'Microsoft',
      });
    }
  }
}

const MS_CERT = { Signer: 'Microsoft Windows', Issuer: 'Microsoft Windows Production PCA 2011' };
const OFFICE_CERT = { Signer: 'Microsoft Corporation', Issuer: 'Microsoft Code Signing PCA 2011' };

export function certRow(d: Dev, t: number, img: Img, signed: boolean): Row {
  const cert = img.path.includes('Office') ? OFFICE_CERT : MS_CERT;
  return {
    Timestamp: t,
    DeviceId: d.id,
    DeviceName: d.name,
    SHA1: img.sha1,
    IsSigned: signed,
    SignatureType: signed ? 'Embedded' : '',
    Signer: signed ? cert.Signer : '',
    SignerHash: signed ? hexOf(`signer:${cert.Signer}`, 40) : '',
    Issuer: signed ? cert.Issuer : '',
    IssuerHash: signed ? hexOf(`issuer:${cert.Issuer}`, 40) : '',
    CertificateSerialNumber: signed ? `33000003${hexOf(`serial:${cert.Signer}`, 28)}` : '',
    CrlDistributionPointUrls: signed ? '["http://www.microsoft.com/pkiops/crl/MicCodSigPCA2011_2011-07-08.crl"]' : '',
    CertificateCreationTime: signed ? T('2023-11-16T19:09:00') : null,
    CertificateExpirationTime: signed ? T('2024-11-14T19:09:00') : null,
    CertificateCountersignatureTime: signed ? T('2024-04-09T02:11:00') : null,
    IsTrusted: signed,
    IsRootSignerMicrosoft: signed,
  };
}

function writeCertificates(sinks: Sinks, devs: Dev[], days: number[], rng: Rng): void {
  const pool = [IMG.svchost, IMG.explorer, IMG.msedge, IMG.outlook, IMG.teams, IMG.taskhostw, IMG.runtimebroker, IMG.powershell, IMG.excel, IMG.searchProtocolHost];
  for (const d of devs) {
    for (let k = 0; k < 4; k++) {
      const n = rng.int(2, 5);
      for (let i = 0; i < n; i++) sinks.DeviceFileCertificateInfo.add(certRow(d, days[k] + rng.int(1, 23) * HOUR + rng.int(0, 3599) * SEC, rng.pick(pool), true));
    }
  }
}

const TIME_COLS = ['Timestamp', 'TimeGenerated', 'TimeCreated', 'ActivityDateTime', 'CreatedDateTime'];

function finalise(defs: TableDef[], sinks: Sinks): void {
  const counters = new Map<string, number>();
  for (const d of defs) {
    const s = sinks[d.name];
    const tcol = TIME_COLS.find((c) => d.columns.some((x) => x.name === c && x.type === 'datetime'));
    if (tcol) s.sortBy(tcol);
    const rep = d.columns.find((c) => c.name === 'ReportId');
    if (rep?.type === 'long' && d.columns.some((c) => c.name === 'DeviceId')) s.numberPerDevice('DeviceId', 'ReportId', counters);
    else if (rep?.type === 'string') {
      s.fillUnset('ReportId', (i) => hexOf(`${d.name}:${i}`, 16));
    }
  }
}

export { ipFor, site };
