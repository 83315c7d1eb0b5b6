/**
 * One entry point for the views: a route in, a page model out (plain data, every card carrying the
 * KQL that produced it).
 */
import { type AlertStory, loadAlertStory } from './alert.ts';
import type { CaPolicy } from './ca.ts';
import { type DevicePage, type IdentityPage, loadDevicePage, loadIdentityPage } from './device.ts';
import { type FilePage, loadFilePage } from './file.ts';
import { type IncidentGraph, loadIncidentGraph } from './graph.ts';
import type { KqlRunner } from './kql.ts';
import { loadProcessTree, type ProcessTreeView } from './process-tree.ts';
import type { Route } from './routes.ts';
import { loadSigninChain, type SigninChain } from './signin.ts';

export type Page =
  | { kind: 'file'; file: FilePage }
  | { kind: 'process'; process: ProcessTreeView }
  | { kind: 'alert'; alert: AlertStory }
  | { kind: 'device'; device: DevicePage }
  | { kind: 'signin'; signin: SigninChain }
  | { kind: 'identity'; identity: IdentityPage }
  | { kind: 'graph'; graph: IncidentGraph };

/** What the views need to know of the open dataset (from its catalog). */
export interface PageContext {
  /** The dataset's Conditional Access policies (`policiesFromCatalog`). */
  policies?: CaPolicy[];
  /** The dataset has the file hash index (catalog/file-hash-index.ts): of keys (`true`, `'keys'`) or with counts. */
  fileIndex?: boolean | 'keys' | 'counts';
  /** The dataset has the device timeline (catalog/device-timeline.ts). */
  deviceTimeline?: boolean;
  /** The dataset has the device page's histogram rows (catalog/device-hours.ts). */
  deviceHours?: boolean;
  /** The cards the dataset's device summary holds (catalog/device-summary.ts summaryCards). */
  deviceSummary?: Iterable<number>;
}

export async function loadPage(run: KqlRunner, route: Route, ctx: PageContext = {}): Promise<Page> {
  const policies = ctx.policies ?? [];
  switch (route.kind) {
    case 'file':
      return { kind: 'file', file: await loadFilePage(run, route.hash, { index: ctx.fileIndex }) };
    case 'process':
      return {
        kind: 'process',
        process: await loadProcessTree(run, [{ deviceId: route.deviceId, processId: route.processId, creationTime: route.creationTime }], { index: ctx.deviceTimeline }),
      };
    case 'alert':
      return { kind: 'alert', alert: await loadAlertStory(run, route.alertId, { index: ctx.deviceTimeline }) };
    case 'device':
      return { kind: 'device', device: await loadDevicePage(run, route.device, route.at, route.minutes, { index: ctx.deviceTimeline, hours: ctx.deviceHours, summary: ctx.deviceSummary }) };
    case 'signin':
      return { kind: 'signin', signin: await loadSigninChain(run, route.correlationId, policies) };
    case 'identity':
      return { kind: 'identity', identity: await loadIdentityPage(run, route.upn) };
    case 'graph':
      return { kind: 'graph', graph: await loadIncidentGraph(run, route.alertId) };
  }
}
