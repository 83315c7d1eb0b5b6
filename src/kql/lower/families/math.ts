/** math functions: KQL → IR (SQL spellings in sql/families/math.ts). */
import type { AggHandler, Handler } from './types.ts';

export const HANDLERS: Record<string, Handler> = {};

export const AGGREGATES: Record<string, AggHandler> = {};
