/**
 * The incident graph (src/investigate/graph.ts) on the committed lab: from the injection alert,
 * the lab's alerts on win10-lab01, the dropped files, Alex, and his blocked then restored sign-ins.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGraph, edgePath, layoutGraph, loadIncidentGraph, MAX_PER_COLUMN, MIN_NODE_W, NODE_W } from '../../src/investigate/graph.ts';
import { formatRoute, parseRoute } from '../../src/investigate/routes.ts';
import { type Lab, openLab } from './lab.ts';

const A3 = 'da638512766602210975_-402117653';
const DEVICE = 'win10-lab01';
const UPN = 'alex.rivera@contoso.example';

let lab: Lab;
beforeAll(async () => {
  lab = await openLab();
}, 120_000);
afterAll(async () => {
  await lab?.engine.close();
});

describe('incident graph on the lab', () => {
  it('links the injection alert to its sibling alerts, the device, the user, the files and the sign-ins', async () => {
    const g = await loadIncidentGraph(lab.run, A3);
    expect(g.found).toBe(true);
    const byKind = (k: string) => g.nodes.filter((n) => n.kind === k);
    const seed = g.nodes.find((n) => n.seed)!;
    expect(seed).toMatchObject({ kind: 'alert', label: 'Suspicious process injection observed', tone: 'bad', route: { kind: 'alert', alertId: A3 } });
    const titles = byKind('alert').map((n) => n.label);
    expect(titles).toEqual(expect.arrayContaining(['Suspicious script launched by an Office application', 'Anomaly detected in ASEP registry', 'Suspicious network connection from an injected process']));
    const device = byKind('device').find((n) => n.label === DEVICE)!;
    expect(device.route).toMatchObject({ kind: 'device' });
    const user = byKind('user').find((n) => n.label === UPN)!;
    expect(user.route).toEqual({ kind: 'identity', upn: UPN });
    expect(byKind('file').length).toBeGreaterThan(0);
    // every edge joins two nodes of the graph, and the seed touches the device
    const ids = new Set(g.nodes.map((n) => n.id));
    for (const e of g.edges) expect(ids.has(e.from) && ids.has(e.to)).toBe(true);
    expect(g.edges).toContainEqual({ from: seed.id, to: device.id });
    // Alex's sign-ins: the Exchange block (53000) is there, red, and opens its chain; it came from the device
    const blocked = byKind('signin').find((n) => n.label.includes('error 53000'))!;
    expect(blocked.tone).toBe('bad');
    expect(blocked.route?.kind).toBe('signin');
    expect(g.edges).toContainEqual({ from: user.id, to: blocked.id });
    expect(g.edges).toContainEqual({ from: device.id, to: blocked.id });
    expect(byKind('signin').some((n) => n.tone === 'good')).toBe(true);
    // the cards are the queries the graph ran
    expect(lab.log).toContain(g.related.kql);
    expect(g.related.kql).toContain('AlertEvidence');
  });

  it('says not found for an unknown alert', async () => {
    const g = await loadIncidentGraph(lab.run, 'da000_1');
    expect(g.found).toBe(false);
    expect(g.nodes).toEqual([]);
  });
});

describe('incident graph model', () => {
  const ev = (alertId: string, extra: Record<string, string>) => ({ AlertId: alertId, Title: `t ${alertId}`, Severity: 'Low', AlertTime: '2024-05-14T09:00:00Z', ...extra });
  it('caps each column, keeping the seed and the best-linked nodes, and counts what it left out', () => {
    const rows = Array.from({ length: MAX_PER_COLUMN + 5 }, (_, i) => ev(`a${i}`, { DeviceId: 'a'.repeat(40), DeviceName: 'pc' }));
    const g = buildGraph('a28', rows, []);
    expect(g.nodes.filter((n) => n.kind === 'alert')).toHaveLength(MAX_PER_COLUMN);
    expect(g.nodes.some((n) => n.id === 'alert:a28' && n.seed)).toBe(true);
    expect(g.omitted).toEqual({ alert: 5 });
  });
  it('ignores values that are not ids (no route is built from them)', () => {
    const g = buildGraph('a', [ev('a', { DeviceId: 'not-a-device', AccountUpn: 'x y', EntityType: 'File', SHA1: 'zz' })], []);
    expect(g.nodes.map((n) => n.kind)).toEqual(['alert']);
  });
  it('lays columns out left to right in the order files, alerts, devices, users, sign-ins, dropping empty ones', () => {
    const g = buildGraph('a', [ev('a', { DeviceId: 'b'.repeat(40), AccountUpn: 'u@x.example' })], []);
    const l = layoutGraph(g.nodes);
    expect(l.columns.map((c) => c.kind)).toEqual(['alert', 'device', 'user']);
    expect(l.at.get('alert:a')!.x).toBeLessThan(l.at.get(`device:${'b'.repeat(40)}`)!.x);
    const p = edgePath(l.at.get('alert:a')!, l.at.get('user:u@x.example')!);
    expect(p.startsWith(`M${NODE_W},`)).toBe(true);
  });
  it('narrows its gaps, then its nodes, to fit the width it is given, down to a minimum', () => {
    const g = buildGraph('a', [ev('a', { DeviceId: 'b'.repeat(40), AccountUpn: 'u@x.example', EntityType: 'File', SHA1: 'c'.repeat(40) })], []);
    const wide = layoutGraph(g.nodes);
    expect(wide.nodeW).toBe(NODE_W);
    expect(wide.width).toBeGreaterThan(900);
    const fitted = layoutGraph(g.nodes, 900);
    expect(fitted.width).toBeLessThanOrEqual(900);
    expect(fitted.columns.map((c) => c.kind)).toEqual(wide.columns.map((c) => c.kind));
    const last = fitted.columns[fitted.columns.length - 1];
    expect(last.x + fitted.nodeW).toBeLessThanOrEqual(900);
    expect(edgePath(fitted.at.get('alert:a')!, fitted.at.get('user:u@x.example')!, fitted.nodeW).startsWith(`M${fitted.columns[1].x + fitted.nodeW},`)).toBe(true);
    const tight = layoutGraph(g.nodes, 300);
    expect(tight.nodeW).toBe(MIN_NODE_W);
    expect(tight.width).toBeGreaterThan(300);
  });
  it('has a route of its own', () => {
    const r = parseRoute(`#/graph/${A3}`);
    expect(r).toEqual({ ok: true, route: { kind: 'graph', alertId: A3 } });
    expect(formatRoute({ kind: 'graph', alertId: A3 })).toBe(`#/graph/${A3}`);
    expect(parseRoute('#/graph/<script>')).toMatchObject({ ok: false });
  });
});
