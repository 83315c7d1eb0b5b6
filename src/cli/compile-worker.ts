/**
 * `huntbench compile` in a worker thread: the parser can spin for minutes on a hostile text (a
 * megabyte of nested parentheses), and only a thread can be stopped from outside (see compile.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Catalog } from '../catalog/types.ts';
import { safeCompile } from './runner.ts';

const { kql, catalog, now, externalData, huntWindow } = workerData as { kql: string; catalog: Catalog | null; now?: string; externalData?: Record<string, string>; huntWindow?: { from: string; to: string } };
parentPort!.postMessage(safeCompile(kql, catalog, { now, externalData, huntWindow }));
