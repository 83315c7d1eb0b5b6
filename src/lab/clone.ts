/**
 * Big labs by cloning devices inside DuckDB.
 *
 * Simulating a background device in JavaScript costs about 30 CPU s per million rows, so a lab of
 * 10M process events (`--scale 2850`, about 77M rows) would take about 40 CPU minutes. Above the
 * distinct-device threshold (`DISTINCT_SCALE`, an option of writeScenario), the generator instead
 * simulates the estate of the threshold scale and then copies background devices inside the
 * database with SQL until the estate has the background devices of the requested scale
 * (6 per scale unit, as the simulation would have).
 *
 * What a clone is: the rows of one simulated background device (its "source") in every per-device
 * table (CLONE_TABLES: the device event tables, DeviceInfo, DeviceNetworkInfo, the vulnerability
 * management and baseline tables, DeviceComplianceEvents, and the derived DeviceTimeline), with
 *   - its own DeviceId (the clone batch number in the first four hex digits, the source's other 36),
 *     DeviceName (the next free `win10-wks<n>` / `win11-wks<n>` number, same domain suffix as the
 *     source), AadDeviceId (derived from the name as the simulation derives it), HardwareUuid and
 *     MacAddress; the source's name inside any text column of its rows (command lines, paths,
 *     URLs) becomes the clone's where it stands as a whole host name (not inside a longer one);
 *   - every timestamp inside the dataset's four days shifted by one constant per clone (seconds,
 *     within ±30 minutes and within what keeps every cloned row inside the four days), so a
 *     device's rows keep their order and their gaps (a process is still created before its
 *     children); timestamps outside the window (certificate dates, CVE dates) are kept;
 *   - ReportId kept (it is numbered per device, so DeviceId + ReportId stays unique).
 * What clones share with their source: the users (account names, SIDs, UPNs: the identity and
 * sign-in tables are per user and are not cloned, so the account joins keep holding), IP addresses,
 * processes, files, hashes, and the behaviour itself: a hunt on a cloned lab sees each source's
 * activity repeated on its clones, shifted by minutes. Devices with an alert (AlertEvidence; so
 * their DeviceRiskEvents rows are the "No known risks" baseline) and the scenario's scripted
 * devices are never cloned, so alerts, risk and the incident stay where they were. The Sentinel tables keyed by computer name
 * (Heartbeat, SecurityEvent, Event, WindowsEvent, ...) are not cloned.
 *
 * As views (the default): each cloned table becomes a view of its simulated rows, then the join of
 * the clones with the sources' rows that do not hold their device's name, then the stored clones of
 * those that do (few). Every column but the device's identity and times passes through the join,
 * so a query's filters run on the sources' rows before it; times shift as integer microseconds and
 * the cut at the window's edges compares with per-clone bounds (interval arithmetic and text
 * replaces in the view made full scans cost 5-15 times more).
 * As rows (`table`): rows are appended after the simulated ones, one INSERT per clone batch (batch c holds clone c of
 * each source), each batch in the source rows' device layout order (grouped by DeviceId, time order
 * within a device), so a query on one clone reads few row groups. A cloned lab has no FileHashIndex
 * (writeScenario does not derive it: its per-hash counts are sums over devices, which clones would
 * change), so the file view searches the tables themselves there.
 */
import type { CatalogTable } from '../catalog/types.ts';
import type { DatabaseWriter } from '../engine/db-writer.ts';
import { quoteIdent, quoteString } from '../engine/setup.ts';
import { guidOf, Rng } from './rng.ts';

/** The scale above which background devices are cloned (the scale that is simulated then). */
export const DISTINCT_SCALE = 30;

/** The most a clone's timestamps move (seconds either way). */
const MAX_SHIFT_SEC = 30 * 60;
/** Timestamps this close to the dataset's days move with their clone (older or later ones, e.g. certificate or CVE dates, stay). */
const LIVE_US = 7 * 24 * 3600 * 1_000_000;

/** Per-device tables whose rows of a source device are cloned (when present and not empty). */
export const CLONE_TABLES = [
  'DeviceProcessEvents',
  'DeviceFileEvents',
  'DeviceRegistryEvents',
  'DeviceNetworkEvents',
  'DeviceEvents',
  'DeviceImageLoadEvents',
  'DeviceLogonEvents',
  'DeviceFileCertificateInfo',
  'DeviceInfo',
  'DeviceNetworkInfo',
  'DeviceComplianceEvents',
  'DeviceRiskEvents',
  'DeviceTvmSoftwareVulnerabilities',
  'DeviceTvmSoftwareInventory',
  'DeviceTvmSoftwareInventoryVulnerabilities',
  'DeviceTvmSoftwareEvidenceBeta',
  'DeviceTvmSecureConfigurationAssessment',
  'DeviceTvmBrowserExtensions',
  'DeviceTvmHardwareFirmware',
  'DeviceTvmCertificateInfo',
  'DeviceTvmInfoGathering',
  'DeviceBaselineComplianceAssessment',
  'DeviceTimeline',
];

/** Background devices the simulation makes at a scale (generate.ts). */
export const backgroundDevices = (scale: number): number => Math.max(2, Math.round(6 * scale));

export interface CloneInput {
  writer: DatabaseWriter;
  /** Catalog entries of the tables written so far; rowCount and actionTypes of cloned tables are updated in place. */
  tables: CatalogTable[];
  /** The simulated background devices (Generated.background). */
  background: { id: string; name: string; aadDeviceId: string }[];
  /** The requested scale (its background device count is reached). */
  scale: number;
  seed: number;
  /** The dataset's days, epoch microseconds [from, to). */
  window: { from: number; to: number };
  /** 'view' (default): the clones are views computed when read; 'table': they are inserted as rows. */
  cloneAs?: CloneMode;
}

export type CloneMode = 'view' | 'table';

/** In view mode: the table of clones the views join, and the prefix of the simulated tables they read. */
export const CLONES_TABLE = '_hb_clones';
export const SIM_PREFIX = '_hb_sim_';
/** In view mode: the prefix of the tables of the sources' rows the views join with the clones (their "plain" rows, see cloneDevices). */
export const TPL_PREFIX = '_hb_tpl_';
/** In view mode: the prefix of the tables of the clones' rows stored as rows (those of the sources' "named" rows). */
export const NAMED_PREFIX = '_hb_named_';

export interface CloneResult {
  /** Background devices cloned from. */
  sources: number;
  /** Devices added. */
  clones: number;
}

const lit = quoteString;
const q = quoteIdent;
const tsLit = (us: number) => `make_timestamp(${Math.trunc(us)}::BIGINT)`;
const guidSql = (x: string) => `regexp_replace(md5(${x}), '^(.{8})(.{4})(.{4})(.{4})(.{12})$', '\\1-\\2-\\3-\\4-\\5')`;

/** Marks of a source's name in its rows' text (see `marked`): the name as written in lower (or mixed) case, and in upper case. */
const MARK_LOWER = 'chr(1)';
const MARK_UPPER = 'chr(2)';

/** A regular expression (RE2) matching `name` as a whole host name: not inside a longer one (win10-wks1 in win10-wks12). */
export const hostNamePattern = (name: string): string => `(^|[^A-Za-z0-9-])${name.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}($|[^A-Za-z0-9-])`;

/**
 * SQL: text `x` with every whole-name occurrence of its source's name (`ciPat`, case-insensitive;
 * `upPat`, upper case) replaced by a mark, so a clone's text is `unmarked(x)`. Each pattern is
 * applied twice: a match takes the character after the name, which may be the one before the next.
 */
export const marked = (x: string, ciPat: string, upPat: string): string => {
  const mark = (v: string, pat: string, m: string) => `regexp_replace(${v}, ${pat}, '\\1' || ${m} || '\\2', 'g')`;
  let v = x;
  for (const [pat, m] of [[upPat, MARK_UPPER], [upPat, MARK_UPPER], [ciPat, MARK_LOWER], [ciPat, MARK_LOWER]]) v = mark(v, pat, m);
  return v;
};
/** SQL: marked text `x` with the marks replaced by a clone's name (`newShort`, SQL; lower/mixed-case marks get it as it is, upper-case ones in upper case). */
export const unmarked = (x: string, newShort = 'k.new_short'): string => `replace(replace(${x}, ${MARK_LOWER}, ${newShort}), ${MARK_UPPER}, upper(${newShort}))`;

/** Adds clones of background devices until the estate has `backgroundDevices(scale)` of them. */
export async function cloneDevices(input: CloneInput): Promise<CloneResult> {
  const { writer: w, tables, background, scale, seed, window } = input;
  const asView = (input.cloneAs ?? 'view') === 'view';
  const byName = new Map(tables.map((t) => [t.name, t]));
  const needed = backgroundDevices(scale) - background.length;
  const excluded = new Set<string>();
  if (byName.get('AlertEvidence')?.columns.some((c) => c.name === 'DeviceId')) {
    for (const [id] of await w.query('SELECT DISTINCT DeviceId FROM AlertEvidence WHERE DeviceId IS NOT NULL')) excluded.add(String(id));
  }
  const sources = background.filter((d) => !excluded.has(d.id));
  if (needed <= 0 || !sources.length) return { sources: sources.length, clones: 0 };
  const cloned = CLONE_TABLES.filter((n) => byName.get(n)?.columns.some((c) => c.name === 'DeviceId') && (byName.get(n)?.rowCount ?? 0) > 0);
  const shortOf = (name: string) => name.split('.')[0];

  await w.exec('CREATE OR REPLACE TEMP TABLE hb_src (src_id VARCHAR, src_short VARCHAR, src_name VARCHAR, ci_pat VARCHAR, up_pat VARCHAR)');
  await w.exec(
    `INSERT INTO temp.hb_src VALUES ${sources
      .map((d) => `(${lit(d.id)}, ${lit(shortOf(d.name))}, ${lit(d.name)}, ${lit(`(?i)${hostNamePattern(shortOf(d.name))}`)}, ${lit(hostNamePattern(shortOf(d.name).toUpperCase()))})`)
      .join(', ')}`,
  );

  const columnsOf = new Map<string, { name: string; type: string }[]>();
  for (const n of cloned) columnsOf.set(n, (await w.query(`DESCRIBE ${q(n)}`)).map((r) => ({ name: String(r[0]), type: String(r[1]) })));

  // the clones: clone m is copy c = floor(m / sources) + 1 of source m % sources
  const rng = new Rng(seed).fork('clones');
  const rows: string[] = [];
  const batches = Math.ceil(needed / sources.length);
  if (batches > 0xffff) throw new Error(`cannot make ${needed} clones of ${sources.length} devices (at most 65,535 per device)`);
  for (let m = 0; m < needed; m++) {
    const src = sources[m % sources.length];
    const c = Math.floor(m / sources.length) + 1;
    const short = shortOf(src.name);
    const base = /^(.*?)(\d+)$/.exec(short);
    const newShort = `${base ? base[1] : `${short}-`}${String(background.length + m + 10).padStart(3, '0')}`;
    const newName = newShort + src.name.slice(short.length);
    const newId = c.toString(16).padStart(4, '0') + src.id.slice(4);
    const shift = rng.int(-MAX_SHIFT_SEC, MAX_SHIFT_SEC);
    // t_lo, t_hi: the source times that stay inside the four days once shifted (a comparison per row instead of an addition)
    rows.push(
      `(${c}, ${lit(src.id)}, ${lit(short)}, ${lit(src.aadDeviceId)}, ${lit(newId)}, ${lit(newName)}, ${lit(newShort)}, ${lit(guidOf(`aad:${newName}`))}, ${shift}, ${shift * 1_000_000}, ${tsLit(window.from - shift * 1_000_000)}, ${tsLit(window.to - shift * 1_000_000)})`,
    );
  }
  const devicesBefore = await distinctDevices(w);
  const clonesTable = asView ? CLONES_TABLE : 'temp.hb_clone';
  await w.exec(
    `CREATE ${asView ? '' : 'TEMP '}TABLE ${q(asView ? CLONES_TABLE : 'hb_clone')} (c INTEGER, src_id VARCHAR, src_short VARCHAR, src_aad VARCHAR, new_id VARCHAR, new_name VARCHAR, new_short VARCHAR, new_aad VARCHAR, shift_s INTEGER, shift_us BIGINT, t_lo TIMESTAMP, t_hi TIMESTAMP)`,
  );
  for (let i = 0; i < rows.length; i += 2000) await w.exec(`INSERT INTO ${clonesTable} VALUES ${rows.slice(i, i + 2000).join(', ')}`);
  const clonesOf = `(SELECT src_id, count(*) AS n FROM ${clonesTable} GROUP BY ALL)`;

  for (const n of cloned) {
    const entry = byName.get(n)!;
    const sim = asView ? q(SIM_PREFIX + n) : q(n);
    if (asView) await w.exec(`ALTER TABLE ${q(n)} RENAME TO ${sim}`);
    const cols = columnsOf.get(n)!;
    const hasTime = cols.some((c) => c.name === 'Timestamp' && c.type === 'TIMESTAMP');
    const hasName = cols.some((c) => c.name === 'DeviceName' && c.type === 'VARCHAR');
    // text columns that may hold a source's own name (nested columns are kept: replacing inside them needs the json extension, which the browser's DuckDB lacks)
    const texty = cols.filter((c) => !['DeviceId', 'DeviceName', 'AadDeviceId'].includes(c.name) && c.type === 'VARCHAR');
    // (a CASE, not AND: DuckDB evaluates both sides of an AND outside a filter, and the pattern is compiled per row)
    // A source row is "named" when a text column holds its device's name (as a whole host name, any case) or its
    // DeviceName is not the device's: its clones' text differs from its own, so they are stored as rows
    // (few: 161 of the 146,279 process events at scale 30); every other row is cloned by the view's join as it is.
    const named = [
      ...texty.map((c) => `CASE WHEN contains(lower(t.${q(c.name)}), lower(s.src_short)) THEN regexp_matches(t.${q(c.name)}, s.ci_pat) ELSE FALSE END`),
      ...(hasName ? ['t.DeviceName IS DISTINCT FROM s.src_name'] : []),
    ];
    const isNamed = named.length ? `(${named.join(' OR ')})` : 'FALSE';
    const markedCols = new Set([...texty.map((c) => c.name), ...(hasName ? ['DeviceName'] : [])]);
    // the sources' rows, in the order of their clones' DeviceIds (the batch prefix aside), each device's rows in table order;
    // the named ones with their device's name marked
    // (the flag computed once per row, then the marks: the patterns are per source, so compiled per row, on the named rows only)
    await w.exec(`CREATE OR REPLACE TEMP TABLE hb_flag AS SELECT t.rowid AS hb_rid, ${isNamed} AS hb_named, s.ci_pat AS hb_ci, s.up_pat AS hb_up, row_number() OVER (ORDER BY substr(t.DeviceId, 5), t.rowid) AS hb_pos
       FROM ${sim} t JOIN temp.hb_src s ON s.src_id = t.DeviceId`);
    const colList = cols.map((c) => q(c.name)).join(', ');
    const tpl = q(`${TPL_PREFIX}${n}`);
    // as views, the plain rows go straight to their table (hb_tpl keeps the named ones); as rows, hb_tpl keeps them all
    if (asView) await w.exec(`CREATE TABLE ${tpl} AS SELECT ${cols.map((c) => `t.${q(c.name)}`).join(', ')} FROM ${sim} t JOIN temp.hb_flag f ON f.hb_rid = t.rowid WHERE NOT f.hb_named ORDER BY f.hb_pos`);
    await w.exec(
      `CREATE OR REPLACE TEMP TABLE hb_tpl AS SELECT ${cols.map((c) => (markedCols.has(c.name) ? `CASE WHEN f.hb_named THEN ${marked(`t.${q(c.name)}`, 'f.hb_ci', 'f.hb_up')} ELSE t.${q(c.name)} END AS ${q(c.name)}` : `t.${q(c.name)}`)).join(', ')}, f.hb_named, f.hb_pos
       FROM ${sim} t JOIN temp.hb_flag f ON f.hb_rid = t.rowid ${asView ? 'WHERE f.hb_named' : ''} ORDER BY f.hb_pos`,
    );
    await w.exec('DROP TABLE temp.hb_flag');
    // every source row (the counts below)
    const sourceRows = asView ? `(SELECT ${colList} FROM ${tpl} UNION ALL SELECT ${colList} FROM temp.hb_tpl)` : 'temp.hb_tpl';
    // a clone's rows whose shifted Timestamp leaves the four days are cut, as the window cuts any device's log
    const keep = hasTime ? '(t.Timestamp IS NULL OR t.Timestamp >= k.t_lo AND t.Timestamp < k.t_hi)' : 'TRUE';
    // what the catalog counts: the simulated rows, each source's rows once per clone of it away from the
    // window's edges, and near the edges the clones' rows that stay inside
    const inner = hasTime ? `(t.Timestamp IS NULL OR t.Timestamp >= ${tsLit(window.from + MAX_SHIFT_SEC * 1_000_000)} AND t.Timestamp < ${tsLit(window.to - MAX_SHIFT_SEC * 1_000_000)})` : 'TRUE';
    const middle = `FROM ${sourceRows} t JOIN ${clonesOf} k ON k.src_id = t.DeviceId WHERE ${inner}`;
    const edges = `FROM ${sourceRows} t JOIN ${clonesTable} k ON k.src_id = t.DeviceId WHERE NOT (${inner}) AND ${keep}`;
    const count = async (group: string) => {
      const out = new Map<string, number>();
      for (const [key, v] of [...(await w.query(`SELECT ${group}, sum(k.n) ${middle} GROUP BY ALL`)), ...(hasTime ? await w.query(`SELECT ${group}, count(*) ${edges} GROUP BY ALL`) : [])]) {
        out.set(String(key), (out.get(String(key)) ?? 0) + Number(v ?? 0));
      }
      return out;
    };
    const rowsBefore = Number((await w.query(`SELECT count(*) FROM ${sim}`))[0][0]);
    entry.rowCount = rowsBefore + [...(await count("''")).values()].reduce((x, y) => x + y, 0);
    if (entry.actionTypes) {
      const counts = new Map(Object.entries(entry.actionTypes));
      for (const [k, v] of await count("coalesce(t.ActionType, '')")) if (v) counts.set(k, (counts.get(k) ?? 0) + v);
      entry.actionTypes = Object.fromEntries([...counts].sort((x, y) => (x[0] < y[0] ? -1 : 1)));
    }
    // a timestamp as integer microseconds plus the clone's shift (an interval addition costs several times more per row)
    const shifted = (x: string) => `make_timestamp(epoch_us(${x}) + k.shift_us)`;
    const exprsOf = (leg: 'plain' | 'named') => cols.map((c) => `${exprOf(c, leg)} AS ${q(c.name)}`);
    const exprOf = (c: { name: string; type: string }, leg: 'plain' | 'named') => {
        const x = `t.${q(c.name)}`;
        if (c.name === 'DeviceId') return 'k.new_id';
        if (c.name === 'DeviceName' && markedCols.has(c.name)) return leg === 'plain' ? 'k.new_name' : unmarked(x);
        if (c.name === 'AadDeviceId') return `CASE WHEN ${x} = k.src_aad THEN k.new_aad ELSE ${x} END`;
        if (c.name === 'HardwareUuid' && c.type === 'VARCHAR') return `CASE WHEN coalesce(${x}, '') = '' THEN ${x} ELSE upper(${guidSql(`k.new_id || ':hw'`)}) END`;
        if (c.name === 'MacAddress' && c.type === 'VARCHAR') return `CASE WHEN ${x} LIKE '00-15-5D-%' THEN '00-15-5D-' || upper(regexp_replace(md5(k.new_id || ':mac')[1:6], '(..)(..)(..)', '\\1-\\2-\\3')) ELSE ${x} END`;
        // the cut keeps a clone's Timestamp inside the days; other times move when near them (certificate or CVE dates stay)
        if (c.type === 'TIMESTAMP') return c.name === 'Timestamp' && hasTime ? shifted(x) : `CASE WHEN ${x} >= ${tsLit(window.from - LIVE_US)} AND ${x} < ${tsLit(window.to + LIVE_US)} THEN ${shifted(x)} ELSE ${x} END`;
        if (markedCols.has(c.name) && leg === 'named') return unmarked(x);
        return x;
    };
    const namedLeg = `SELECT ${exprsOf('named').join(', ')}, t.hb_pos FROM temp.hb_tpl t JOIN ${clonesTable} k ON k.src_id = t.DeviceId AND ${keep} WHERE t.hb_named`;
    const plainLeg = `SELECT ${exprsOf('plain').join(', ')}, t.hb_pos FROM temp.hb_tpl t JOIN ${clonesTable} k ON k.src_id = t.DeviceId AND ${keep} WHERE NOT t.hb_named`;
    if (asView) {
      // The plain rows' clones are a join computed when read: the view passes every other column through, so
      // DuckDB applies a query's filters on them before the join and reads only the columns it needs. The named
      // rows' clones are stored, with their names replaced.
      const stored = q(`${NAMED_PREFIX}${n}`);
      await w.exec(`CREATE TABLE ${stored} AS SELECT ${colList} FROM (${namedLeg}) ORDER BY substr(DeviceId, 1, 4), substr(DeviceId, 5), hb_pos`);
      const tplLeg = `SELECT ${exprsOf('plain').join(', ')} FROM ${tpl} t JOIN ${CLONES_TABLE} k ON k.src_id = t.DeviceId AND ${keep}`;
      await w.exec(`CREATE VIEW ${q(n)} AS SELECT * FROM ${sim} UNION ALL ${tplLeg} UNION ALL SELECT * FROM ${stored}`);
    } else {
      // each batch (clone c of every source) in the sources' layout order, a device's rows in table order
      for (let c = 1; c <= batches; c++) {
        await w.exec(`INSERT INTO ${sim} SELECT ${colList} FROM (${plainLeg} AND k.c = ${c} UNION ALL ${namedLeg} AND k.c = ${c}) ORDER BY hb_pos`);
      }
    }
    await w.exec("DROP TABLE temp.hb_tpl");
  }
  const devicesAfter = await distinctDevices(w);
  if (devicesAfter.ids !== devicesBefore.ids + needed || devicesAfter.names !== devicesBefore.names + needed) {
    throw new Error(`cloning devices: DeviceInfo has ${devicesAfter.ids} ids and ${devicesAfter.names} names, expected ${devicesBefore.ids + needed} (the clone names or ids collide)`);
  }
  await w.exec('DROP TABLE IF EXISTS temp.hb_clone');
  await w.exec('DROP TABLE IF EXISTS temp.hb_src');
  return { sources: sources.length, clones: needed };
}

async function distinctDevices(w: DatabaseWriter): Promise<{ ids: number; names: number }> {
  const [ids, names] = (await w.query('SELECT count(DISTINCT DeviceId), count(DISTINCT DeviceName) FROM DeviceInfo'))[0];
  return { ids: Number(ids), names: Number(names) };
}
