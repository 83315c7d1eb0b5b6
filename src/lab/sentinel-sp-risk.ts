/**
 * AADServicePrincipalRiskEvents (Entra ID Protection's risk detections for workload identities,
 * through the Entra ID connector). Columns and types: the table's Log Analytics reference page
 * (MicrosoftDocs/azure-reference-other `azure-monitor-ref/tables/includes/aadserviceprincipalriskevents-include.md`),
 * in its order, without `_BilledSize` and `_IsBillable` (docs/tables/sentinel-tables.md).
 *
 * One detection in the window, a benign look-alike: the offline "suspicious sign-ins" detection
 * (riskEventType suspiciousSignins, servicePrincipalRiskDetection in Microsoft Graph) on a sign-in
 * of the Litware Billing Connector, the external vendor's app that signs in from its own cloud
 * region in the US while the tenant works from the Netherlands; low risk, still at risk (no one
 * dismissed it). Every id, the address, the key and the location are the sign-in's own
 * (AADServicePrincipalSignInLogs, read back); which sign-in (the first successful one of the
 * window's third day) and the detection delay are the lab's choices. No random draws, so no
 * other table's rows change. Without that app's sign-ins (a scenario without it) the table is empty.
 */
import { hexOf } from './rng.ts';
import type { RefTable } from './schema-data.ts';
import { refColumns } from './sentinel-tables.ts';
import { DAY, MIN } from './time.ts';
import type { Sinks } from './world.ts';
import type { Shape } from './arrow.ts';

export const SP_RISK_TABLES: RefTable[] = [
  {
    name: 'AADServicePrincipalRiskEvents',
    kind: 'sentinel',
    ref: 'docs/tables/sentinel-tables.md',
    description: 'Entra ID Protection risk detections on service principals (workload identities): one record per detection and update.',
    columns: refColumns(`Activity:string ActivityDateTime:datetime AdditionalInfo:dynamic AppId:string CorrelationId:string DetectedDateTime:datetime
      DetectionTimingType:string Id:string IpAddress:string KeyIds:dynamic LastUpdatedDateTime:datetime Location:dynamic OperationName:string
      RequestId:string RiskDetail:string RiskEventType:string RiskLevel:string RiskState:string ServicePrincipalDisplayName:string
      ServicePrincipalId:string Source:string SourceSystem:string TenantId:string TimeGenerated:datetime TokenIssuerType:string Type:string`),
  },
];

export const SP_RISK_SHAPES: Record<string, Shape> = {
  'AADServicePrincipalRiskEvents.AdditionalInfo': { list: { struct: [['Key', 'string'], ['Value', 'string']] } },
  'AADServicePrincipalRiskEvents.KeyIds': { list: 'string' },
  'AADServicePrincipalRiskEvents.Location': {
    struct: [
      ['city', 'string'],
      ['state', 'string'],
      ['countryOrRegion', 'string'],
    ],
  },
};

const APP = 'Litware Billing Connector';
const h = (s: string, m: number) => Number.parseInt(hexOf(s, 8), 16) % m;

export function writeSpRisk(c: { sinks: Sinks; days: number[]; tenant: string }): void {
  const out = c.sinks.AADServicePrincipalRiskEvents;
  const sp = c.sinks.AADServicePrincipalSignInLogs;
  if (!out || !sp || c.days.length < 3) return;
  const from = c.days[2];
  let pick = -1;
  for (let i = 0; i < sp.length; i++) {
    const t = sp.get(i, 'TimeGenerated') as number;
    if (sp.get(i, 'ServicePrincipalName') !== APP || sp.get(i, 'ResultType') !== '0' || t < from || t >= from + DAY) continue;
    if (pick < 0 || t < (sp.get(pick, 'TimeGenerated') as number)) pick = i;
  }
  if (pick < 0) return;
  const g = (k: string) => sp.get(pick, k);
  const at = g('TimeGenerated') as number;
  const detected = at + (3 * 60 + h(`sprisk:${at}`, 240)) * MIN;
  const loc = JSON.parse(String(g('LocationDetails'))) as { city: string; state: string; countryOrRegion: string };
  out.add({
    Activity: 'signin',
    ActivityDateTime: at,
    AdditionalInfo: [],
    AppId: g('AppId'),
    CorrelationId: g('CorrelationId'),
    DetectedDateTime: detected,
    DetectionTimingType: 'offline',
    Id: hexOf(`sprisk:${g('Id')}`, 64),
    IpAddress: g('IPAddress'),
    KeyIds: [g('ServicePrincipalCredentialKeyId')],
    LastUpdatedDateTime: detected,
    Location: { city: loc.city, state: loc.state, countryOrRegion: loc.countryOrRegion },
    OperationName: 'Service principal risk detection',
    RequestId: g('Id'),
    RiskDetail: 'none',
    RiskEventType: 'suspiciousSignins',
    RiskLevel: 'low',
    RiskState: 'atRisk',
    ServicePrincipalDisplayName: APP,
    ServicePrincipalId: g('ServicePrincipalId'),
    Source: 'IdentityProtection',
    SourceSystem: 'Azure AD',
    TenantId: c.tenant,
    TimeGenerated: detected + (2 + h(`sprisk:${at}:ing`, 8)) * MIN,
    TokenIssuerType: 'AzureAD',
    Type: 'AADServicePrincipalRiskEvents',
  });
}
