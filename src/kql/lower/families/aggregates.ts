/** aggregates functions: KQL → IR (SQL spellings in sql/families/aggregates.ts). */
import type { AggHandler, Handler } from './types.ts';

export const HANDLERS: Record<string, Handler> = {};

export const AGGREGATES: Record<string, AggHandler> = {};
