/**
 * Both flavours of every Defender table. Microsoft Sentinel receives the advanced-hunting tables
 * through its Defender XDR connector as Log Analytics tables, which carry the workspace's standard
 * columns as well (Azure Monitor Logs table reference, e.g. DeviceProcessEvents: TenantId,
 * TimeGenerated, SourceSystem, Type). Queries written for Sentinel use them (`TimeGenerated >
 * ago(1d)`, `summarize by Type`), so each advanced-hunting table offers them too.
 *
 * They are computed columns, not stored copies: `TimeGenerated` is `Timestamp`, `Type` is the
 * table name, `TenantId` is the dataset's workspace id, `SourceSystem` is empty (the value the
 * connector writes is not documented). Because they are real columns in Sentinel, they behave as
 * columns everywhere here too: `*`, `project-away`, `getschema`, joins, `union`.
 *
 * The hidden billing columns (`_BilledSize`, `_IsBillable`) are not offered: Log Analytics leaves
 * them out of `*`, which the analyzer here cannot express.
 *
 * Hidden standard columns that hunting queries name (`_ResourceId`, `_SubscriptionId`, `_ItemId`,
 * and `TenantId` where a table's reference page leaves it out): every Log Analytics table reference
 * page lists `_ResourceId` and `_SubscriptionId` (string), and the workspace's table schema lists
 * `TenantId` as a hidden standard column even where the page does not. `_ItemId` ("a unique
 * identifier for the record", log-standard-columns.md) is stored: the lab writes one per record of
 * its Log Analytics tables, listed in the catalog under `hiddenColumns` (Sentinel's UEBA hunts join
 * BehaviorAnalytics.SourceRecordId to it). Log Analytics does not show
 * hidden columns unless a query names them, which the analyzer cannot express either; so the
 * compiler adds them to the Sentinel tables only for a query whose text names one of them
 * (`hiddenStandardColumns`). In that query they are ordinary columns: `*`, `getschema` and
 * `project-away` see them, where Log Analytics would leave them out. The editor always knows them
 * (no false "unknown column"); the schema browser does not list them, as Log Analytics does not.
 */
import { legacyColumns } from './legacy.ts';
import type { Catalog, CatalogColumn, CatalogTable } from './types.ts';

const cache = new WeakMap<Catalog, Catalog>();

/**
 * Columns that the Log Analytics page of a table spells differently from the Defender page, for
 * the same datum: [Sentinel name, Defender name]. IdentityInfo: Azure Monitor Logs reference
 * (AccountUPN "user principal name of the account", AccountSID "on premises security identifier",
 * AccountCloudSID "Azure AD security identifier", MailAddress "primary email address",
 * OnPremisesDistinguishedName "Active Directory distinguished name", UserType "the user type as
 * appears in Azure AD", i.e. Member or Guest) against the advanced-hunting page (AccountUpn,
 * OnPremSid, CloudSid, EmailAddress, DistinguishedName, TenantMembershipType "Member or Guest").
 * AccountCreationTime "the date the user account was created" = CreatedDateTime, AccountTenantId
 * "the Azure Active Directory tenant ID of the account" = TenantId (Defender: "Entra tenant id"),
 * AdditionalMailAddresses = OtherMailAddresses, RiskState "at risk now or remediated" = RiskStatus
 * (the same Entra riskState values), StreetAddress = Address. Sentinel-only columns with no
 * Defender counterpart (IsMFARegistered, LastSeenDate, UserState, InvestigationPriority, …) are
 * stored by the lab itself (lab/schema.ts).
 */
const SENTINEL_SPELLINGS: Record<string, [string, string][]> = {
  IdentityInfo: [
    ['AccountUPN', 'AccountUpn'],
    ['AccountSID', 'OnPremSid'],
    ['AccountCloudSID', 'CloudSid'],
    ['MailAddress', 'EmailAddress'],
    ['OnPremisesDistinguishedName', 'DistinguishedName'],
    ['UserType', 'TenantMembershipType'],
    ['AccountCreationTime', 'CreatedDateTime'],
    ['AccountTenantId', 'TenantId'],
    ['AdditionalMailAddresses', 'OtherMailAddresses'],
    ['RiskState', 'RiskStatus'],
    ['StreetAddress', 'Address'],
  ],
  // IdentityAccountInfo: the Defender page's `Type` (User / ServiceAccount) is the Log Analytics
  // page's IdentityType; the Log Analytics `Type` (the table name) cannot share the name and is
  // not offered for this table (docs/tables/identity-accounts.md).
  IdentityAccountInfo: [['IdentityType', 'Type']],
};

/** The Log Analytics columns an advanced-hunting table lacks, as computed columns. */
export function logAnalyticsColumns(t: CatalogTable, tenantId: string): CatalogColumn[] {
  if (t.kind !== 'advanced-hunting') return [];
  const has = new Set(t.columns.map((c) => c.name));
  const out: CatalogColumn[] = [];
  const add = (c: CatalogColumn) => {
    if (!has.has(c.name)) out.push({ ...c, group: 'log-analytics' });
  };
  add({ name: 'TenantId', type: 'string', derived: { value: tenantId }, description: 'Log Analytics workspace ID (Sentinel)' });
  if (has.has('Timestamp'))
    add({ name: 'TimeGenerated', type: 'datetime', derived: { copy: 'Timestamp' }, description: 'Sentinel name of Timestamp' });
  add({ name: 'SourceSystem', type: 'string', derived: { value: '' }, description: 'Log Analytics agent type (Sentinel; empty here)' });
  add({ name: 'Type', type: 'string', derived: { value: t.name }, description: 'The name of the table (Sentinel)' });
  // The Defender pages spell the ISP column `Isp`; Log Analytics pages and real tenants `ISP`.
  if (has.has('Isp')) add({ name: 'ISP', type: 'string', derived: { copy: 'Isp' }, description: 'Sentinel / tenant spelling of Isp' });
  for (const [sentinel, defender] of SENTINEL_SPELLINGS[t.name] ?? []) {
    const from = t.columns.find((c) => c.name === defender);
    if (from) add({ name: sentinel, type: from.type, derived: { copy: defender }, description: `Sentinel spelling of ${defender}` });
  }
  return out;
}

/** A query that names a hidden standard column (identifier characters on neither side). */
const NAMES_HIDDEN = /(?<![A-Za-z0-9_])(?:_ResourceId|_SubscriptionId|_ItemId|TenantId)(?![A-Za-z0-9_])/;

/** Whether the query text names one of the hidden standard columns. */
export function namesHiddenColumn(kql: string): boolean {
  return NAMES_HIDDEN.test(kql);
}

/**
 * The hidden standard columns a Sentinel (Log Analytics) table lacks, as computed columns. The lab
 * does not model Azure resource ids: `_ResourceId` and `_SubscriptionId` are empty, except where the
 * table itself carries the same datum (Heartbeat: ResourceId "Azure resource ID of the machine" and
 * SubscriptionId; AzureActivity: ResourceId and SubscriptionId of the resource operated on).
 */
export function hiddenStandardColumns(t: CatalogTable, tenantId: string): CatalogColumn[] {
  if (t.kind !== 'sentinel') return [];
  const has = new Set(t.columns.map((c) => c.name));
  const out: CatalogColumn[] = [];
  const add = (c: CatalogColumn) => {
    if (!has.has(c.name)) out.push({ ...c, group: 'log-analytics' });
  };
  // the stored hidden columns first (`_ItemId`, read from the table's file like any stored column)
  for (const c of t.hiddenColumns ?? []) add(c);
  const sameDatum = t.name === 'Heartbeat' || t.name === 'AzureActivity';
  add({ name: 'TenantId', type: 'string', derived: { value: tenantId }, description: 'Log Analytics workspace ID (hidden standard column)' });
  add({
    name: '_ResourceId',
    type: 'string',
    derived: sameDatum && has.has('ResourceId') ? { copy: 'ResourceId' } : { value: '' },
    description: 'Azure resource the record is associated with (hidden standard column; empty in the lab unless the table has it)',
  });
  add({
    name: '_SubscriptionId',
    type: 'string',
    derived: sameDatum && has.has('SubscriptionId') ? { copy: 'SubscriptionId' } : { value: '' },
    description: 'Azure subscription the record is associated with (hidden standard column; empty in the lab unless the table has it)',
  });
  return out;
}

const hiddenCache = new WeakMap<Catalog, Catalog>();
const legacyCache = new WeakMap<Catalog, Catalog>();
const bothCache = new WeakMap<Catalog, Catalog>();

/**
 * The catalog as the compiler, the editor and the schema browser see it: every advanced-hunting
 * table extended with its Log Analytics columns; with `hidden`, the Sentinel tables also carry
 * their hidden standard columns (for a query that names one, and for the editor); with `legacy`,
 * the email tables their retired verdict columns (catalog/legacy.ts; likewise). Cached per
 * catalog object (the parser caches its symbols per catalog object too).
 */
export function withLogAnalyticsColumns(catalog: Catalog, hidden = false, legacy = hidden): Catalog {
  const map = hidden ? (legacy ? bothCache : hiddenCache) : legacy ? legacyCache : cache;
  let c = map.get(catalog);
  if (!c) {
    const tenant = catalog.tenantId ?? '';
    c = {
      ...catalog,
      tables: catalog.tables.map((t) => {
        const extra = [...logAnalyticsColumns(t, tenant), ...(hidden ? hiddenStandardColumns(t, tenant) : []), ...(legacy ? legacyColumns(t) : [])];
        return extra.length ? { ...t, columns: [...t.columns, ...extra] } : t;
      }),
    };
    map.set(catalog, c);
    map.set(c, c);
  }
  return c;
}
