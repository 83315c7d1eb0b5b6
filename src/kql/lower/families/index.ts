/**
 * Function families (one file per family): KQL function → IR, merged into lower/functions.ts.
 * A family file exports HANDLERS (scalar functions) and AGGREGATES (summarize aggregates); the SQL
 * spelling of the IR functions it emits lives in the same-named file of sql/families/.
 */
import * as aggregates from './aggregates.ts';
import * as datetime from './datetime.ts';
import * as dynamic from './dynamic.ts';
import * as general from './general.ts';
import * as geo from './geo.ts';
import * as host from './host.ts';
import * as ip from './ip.ts';
import * as math from './math.ts';
import * as series from './series.ts';
import * as sketches from './sketches.ts';
import * as strings from './strings.ts';
import type { AggHandler, Handler } from './types.ts';

interface Family {
  HANDLERS: Record<string, Handler>;
  AGGREGATES: Record<string, AggHandler>;
}

const FAMILIES: Family[] = [aggregates, datetime, dynamic, general, geo, host, ip, math, series, sketches, strings];

export const FAMILY_HANDLERS: Record<string, Handler> = Object.assign({}, ...FAMILIES.map((f) => f.HANDLERS));
export const FAMILY_AGGREGATES: Record<string, AggHandler> = Object.assign({}, ...FAMILIES.map((f) => f.AGGREGATES));
