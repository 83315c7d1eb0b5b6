/**
 * The incident graph (`#/graph/<AlertId>`): the alerts that share a device or a user with one alert
 * within a day of it, and what they touch: the files in their evidence, the devices and users they
 * name, and those users' sign-ins (grouped by application and outcome). Each node opens its own
 * view; each card keeps the KQL that produced it.
 *
 * Columns, left to right: files ← alerts → devices → users → sign-ins. A sign-in group is also
 * linked to the device it came from when that device is in the graph (the device's risk is what
 * Conditional Access weighed).
 */
import { type Card, card, ms, type KqlRunner, num, type Row, str, text } from './kql.ts';
import type { Route } from './routes.ts';
import { DEVICE_ID_RE, HASH_RE, UPN_RE } from './routes.ts';
import { outcomeTone, type Tone } from './signin.ts';

export type NodeKind = 'file' | 'alert' | 'device' | 'user' | 'signin';

/** Column order of the layout. */
export const COLUMNS: NodeKind[] = ['file', 'alert', 'device', 'user', 'signin'];

export interface GraphNode {
  id: string;
  kind: NodeKind;
  label: string;
  /** A second line: severity and time, sign-in counts, a hash prefix… */
  detail: string;
  tone: Tone;
  /** The view the node opens (none for a node that has no page). */
  route: Route | null;
  /** The seed alert. */
  seed?: boolean;
}

export interface GraphEdge {
  from: string;
  to: string;
}

export interface IncidentGraph {
  alertId: string;
  found: boolean;
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Nodes left out per kind when a column was capped. */
  omitted: Partial<Record<NodeKind, number>>;
  seed: Card;
  related: Card;
  signins: Card;
}

/** At most this many nodes per column; the rest are counted in `omitted`. */
export const MAX_PER_COLUMN = 24;

export function seedEvidenceKql(alertId: string): string {
  return `AlertEvidence
| where AlertId == ${str(alertId)}
| project Timestamp, DeviceId, DeviceName, AccountUpn`;
}

/** Every alert sharing a device or a user with the seed within ±1 day, with its evidence. */
export function relatedAlertsKql(at: string, deviceIds: string[], upns: string[]): string {
  const preds: string[] = [];
  if (deviceIds.length) preds.push(`DeviceId in (${deviceIds.map(str).join(', ')})`);
  if (upns.length) preds.push(`AccountUpn in~ (${upns.map(str).join(', ')})`);
  return `let t0 = datetime(${at});
let related = AlertEvidence
| where Timestamp between ((t0 - 1d) .. (t0 + 1d))
| where ${preds.length ? preds.join(' or ') : 'false'}
| distinct AlertId;
AlertEvidence
| where AlertId in (related)
| join kind=inner (AlertInfo | project AlertId, Title, Severity, AlertTime = Timestamp) on AlertId
| project AlertTime, AlertId, Title, Severity, EntityType, DeviceId, DeviceName, AccountUpn, FileName, SHA1
| sort by AlertTime asc, AlertId asc`;
}

/** The users' sign-ins from the day before the seed to two days after, grouped by app and outcome. */
export function signinGroupsKql(at: string, upns: string[]): string {
  return `let t0 = datetime(${at});
AADSignInEventsBeta
| where Timestamp between ((t0 - 1d) .. (t0 + 2d))
| where AccountUpn in~ (${upns.map(str).join(', ')})
| summarize Count = count(), First = min(Timestamp), arg_max(Timestamp, CorrelationId) by AccountUpn = tolower(AccountUpn), Application, ErrorCode, DeviceName
| sort by AccountUpn asc, First asc`;
}

const SEVERITY_TONE: Record<string, Tone> = { High: 'bad', Medium: 'warn', Low: 'neutral', Informational: 'neutral' };

function shortTime(v: unknown): string {
  const t = ms(v as string);
  return t === null ? '' : new Date(t).toISOString().slice(5, 16).replace('T', ' ');
}

/**
 * Builds the graph from the related alerts' evidence and the sign-in groups (pure: the tests feed it
 * rows). Devices are keyed by DeviceId, users by lower-case UPN, files by SHA1.
 */
export function buildGraph(seedId: string, related: Row[], signins: Row[]): Pick<IncidentGraph, 'nodes' | 'edges' | 'omitted'> {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  const deviceByName = new Map<string, string>();
  const add = (n: GraphNode) => {
    if (!nodes.has(n.id)) nodes.set(n.id, n);
    return n.id;
  };
  const link = (from: string, to: string) => edges.set(`${from}→${to}`, { from, to });
  for (const r of related) {
    const alertId = text(r.AlertId);
    const a = add({
      id: `alert:${alertId}`,
      kind: 'alert',
      label: text(r.Title) || alertId,
      detail: `${text(r.Severity)} · ${shortTime(r.AlertTime)}`,
      tone: SEVERITY_TONE[text(r.Severity)] ?? 'neutral',
      route: { kind: 'alert', alertId },
      seed: alertId === seedId,
    });
    const dev = text(r.DeviceId).toLowerCase();
    if (DEVICE_ID_RE.test(dev)) {
      const name = text(r.DeviceName);
      const d = add({ id: `device:${dev}`, kind: 'device', label: name || dev.slice(0, 12), detail: dev.slice(0, 12), tone: 'neutral', route: { kind: 'device', device: dev } });
      if (name) deviceByName.set(name.toLowerCase(), d);
      link(a, d);
    }
    const upn = text(r.AccountUpn).toLowerCase();
    if (UPN_RE.test(upn)) link(a, add({ id: `user:${upn}`, kind: 'user', label: upn, detail: '', tone: 'neutral', route: { kind: 'identity', upn } }));
    const sha1 = text(r.SHA1).toLowerCase();
    if (text(r.EntityType) === 'File' && HASH_RE.test(sha1)) {
      link(add({ id: `file:${sha1}`, kind: 'file', label: text(r.FileName) || sha1.slice(0, 12), detail: `SHA1 ${sha1.slice(0, 12)}…`, tone: 'neutral', route: { kind: 'file', hash: sha1 } }), a);
    }
  }
  for (const s of signins) {
    const upn = text(s.AccountUpn).toLowerCase();
    const user = `user:${upn}`;
    if (!nodes.has(user)) continue;
    const code = num(s.ErrorCode) ?? 0;
    const corr = text(s.CorrelationId).toLowerCase();
    const n = num(s.Count) ?? 0;
    const id = `signin:${upn}|${text(s.Application)}|${code}|${text(s.DeviceName)}`;
    add({
      id,
      kind: 'signin',
      label: `${text(s.Application) || 'sign-in'} · ${code === 0 ? 'success' : `error ${code}`}`,
      detail: `${n} sign-in${n === 1 ? '' : 's'}${text(s.DeviceName) ? ` from ${text(s.DeviceName)}` : ''} · last ${shortTime(s.Timestamp)}`,
      tone: outcomeTone(code),
      route: /^[0-9a-f-]{36}$/.test(corr) ? { kind: 'signin', correlationId: corr } : null,
    });
    link(user, id);
    const dev = deviceByName.get(text(s.DeviceName).toLowerCase());
    if (dev) link(dev, id);
  }
  // cap each column, keeping the seed and the nodes with the most links
  const degree = new Map<string, number>();
  for (const e of edges.values()) for (const k of [e.from, e.to]) degree.set(k, (degree.get(k) ?? 0) + 1);
  const keep = new Set<string>();
  const omitted: IncidentGraph['omitted'] = {};
  for (const kind of COLUMNS) {
    const col = [...nodes.values()].filter((n) => n.kind === kind);
    const ranked = [...col].sort((x, y) => Number(!!y.seed) - Number(!!x.seed) || (degree.get(y.id) ?? 0) - (degree.get(x.id) ?? 0));
    for (const n of ranked.slice(0, MAX_PER_COLUMN)) keep.add(n.id);
    if (col.length > MAX_PER_COLUMN) omitted[kind] = col.length - MAX_PER_COLUMN;
  }
  return {
    nodes: [...nodes.values()].filter((n) => keep.has(n.id)),
    edges: [...edges.values()].filter((e) => keep.has(e.from) && keep.has(e.to)),
    omitted,
  };
}

export async function loadIncidentGraph(run: KqlRunner, alertId: string): Promise<IncidentGraph> {
  const seed = await card(run, 'seed', 'Evidence of the alert', seedEvidenceKql(alertId));
  const at = seed.data.map((r) => text(r.Timestamp)).find((t) => ms(t) !== null);
  const deviceIds = [...new Set(seed.data.map((r) => text(r.DeviceId).toLowerCase()).filter((d) => DEVICE_ID_RE.test(d)))];
  const upns = [...new Set(seed.data.map((r) => text(r.AccountUpn).toLowerCase()).filter((u) => UPN_RE.test(u)))];
  if (!at) {
    const empty: Card = { id: 'related', title: 'Related alerts', kql: '', data: [] };
    return { alertId, found: false, nodes: [], edges: [], omitted: {}, seed, related: empty, signins: { ...empty, id: 'signins', title: 'Sign-ins' } };
  }
  const related = await card(run, 'related', 'Alerts sharing a device or a user (±1 day)', relatedAlertsKql(at, deviceIds, upns));
  const users = [...new Set(related.data.map((r) => text(r.AccountUpn).toLowerCase()).filter((u) => UPN_RE.test(u)))];
  const signins = users.length
    ? await card(run, 'signins', "The users' sign-ins (1 day before to 2 days after)", signinGroupsKql(at, users))
    : { id: 'signins', title: 'Sign-ins', kql: '', data: [], note: 'No user in the evidence.' };
  return { alertId, found: true, ...buildGraph(alertId, related.data, signins.data), seed, related, signins };
}

/** Node positions for an SVG: one column per kind (empty columns dropped), rows top to bottom. */
export interface Layout {
  width: number;
  height: number;
  /** Width of every node (NODE_W, or less so the graph fits the width it was given). */
  nodeW: number;
  at: Map<string, { x: number; y: number }>;
  columns: { kind: NodeKind; x: number }[];
}

export const NODE_W = 218;
/** The narrowest node and gap a graph is squeezed to before its card scrolls sideways. */
export const MIN_NODE_W = 150;
const MIN_COL_GAP = 24;
export const NODE_H = 40;
const COL_GAP = 44;
const ROW_GAP = 14;
const TOP = 28;

/**
 * Lays the nodes out; with `fit` (the pixels available) the gaps, then the nodes, narrow so all
 * columns show at once (a hunter at 1280 px sees the sign-ins without scrolling), down to
 * MIN_NODE_W.
 */
export function layoutGraph(nodes: GraphNode[], fit = Number.POSITIVE_INFINITY): Layout {
  const kinds = COLUMNS.filter((k) => nodes.some((n) => n.kind === k));
  const at = new Map<string, { x: number; y: number }>();
  const tallest = Math.max(1, ...kinds.map((k) => nodes.filter((n) => n.kind === k).length));
  const height = TOP + tallest * (NODE_H + ROW_GAP);
  const k = kinds.length;
  let nodeW = NODE_W;
  let gap = COL_GAP;
  if (k > 1 && k * NODE_W + (k - 1) * COL_GAP > fit) {
    gap = Math.max(MIN_COL_GAP, Math.floor((fit - k * NODE_W) / (k - 1)));
    if (k * NODE_W + (k - 1) * gap > fit) nodeW = Math.max(MIN_NODE_W, Math.floor((fit - (k - 1) * gap) / k));
  }
  const columns = kinds.map((kind, c) => {
    const x = c * (nodeW + gap);
    const col = nodes.filter((n) => n.kind === kind);
    const top = TOP + ((tallest - col.length) * (NODE_H + ROW_GAP)) / 2;
    col.forEach((n, i) => {
      at.set(n.id, { x, y: top + i * (NODE_H + ROW_GAP) });
    });
    return { kind, x };
  });
  return { width: Math.max(nodeW, k * (nodeW + gap) - gap), height, nodeW, at, columns };
}

/** A curve from the right side of the left node to the left side of the right node. */
export function edgePath(a: { x: number; y: number }, b: { x: number; y: number }, nodeW = NODE_W): string {
  const [l, r] = a.x <= b.x ? [a, b] : [b, a];
  const x1 = l.x + nodeW;
  const y1 = l.y + NODE_H / 2;
  const x2 = r.x;
  const y2 = r.y + NODE_H / 2;
  const dx = Math.max(30, (x2 - x1) / 2);
  return `M${x1},${y1} C${x1 + dx},${y1} ${x2 - dx},${y2} ${x2},${y2}`;
}
