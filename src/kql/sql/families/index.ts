/**
 * SQL spellings and macros of the function families (one file per family). Each family's lowering
 * lives in the same-named file of lower/families/; this side knows only IR function names.
 */
import type { Template } from '../functions.ts';
import * as datetime from './datetime.ts';
import * as dynamic from './dynamic.ts';
import * as general from './general.ts';
import * as geo from './geo.ts';
import * as host from './host.ts';
import * as ip from './ip.ts';
import * as math from './math.ts';
import * as plugins from './plugins.ts';
import * as series from './series.ts';
import * as sketches from './sketches.ts';
import * as strings from './strings.ts';
import * as aggregates from './aggregates.ts';

export interface SqlFamily {
  SQL: Record<string, Template>;
  MACROS: string[];
}

const FAMILIES: SqlFamily[] = [aggregates, datetime, dynamic, general, geo, host, ip, math, plugins, series, sketches, strings];

export const FAMILY_SQL: Record<string, Template> = Object.assign({}, ...FAMILIES.map((f) => f.SQL));
export const FAMILY_MACROS: string[] = FAMILIES.flatMap((f) => f.MACROS);
