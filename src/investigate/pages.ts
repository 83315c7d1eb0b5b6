/**
 * One entry point for the views: a route in, a page model out (plain data, every card carrying the
 * KQL that produced it).
 */
import { type FilePage, loadFilePage } from './file.ts';
import type { KqlRunner } from './kql.ts';
import { loadProcessTree, type ProcessTreeView } from './process-tree.ts';
import type { Route } from './routes.ts';

export type Page = { kind: 'file'; file: FilePage } | { kind: 'process'; process: ProcessTreeView };

export async function loadPage(run: KqlRunner, route: Route): Promise<Page> {
  switch (route.kind) {
    case 'file':
      return { kind: 'file', file: await loadFilePage(run, route.hash) };
    case 'process':
      return {
        kind: 'process',
        process: await loadProcessTree(run, [{ deviceId: route.deviceId, processId: route.processId, creationTime: route.creationTime }]),
      };
    default:
      throw new Error(`the ${route.kind} view is not available yet`);
  }
}
