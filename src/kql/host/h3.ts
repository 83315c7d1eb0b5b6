/**
 * The H3 host functions (kusto/query/geo-point-to-h3cell-function, geo-h3cell-to-central-point-,
 * -to-polygon-, -neighbors-, -rings-function), answered with h3-js (Apache-2.0, the H3 library
 * compiled to JavaScript). This module is loaded only when a query calls one of them (a dynamic
 * import from host/index.ts), so h3-js stays out of the start-up bundle.
 *
 * Keys (lower/families/host.ts `h3Key`): the numeric arguments' text (DuckDB's shortest round-trip
 * text of a double, `null` for a null), then the cell token, joined by commas.
 *
 * What the pages document and is reproduced: a point outside [-180, 180] x [-90, 90] (or null,
 * NaN) or a resolution outside [0, 15] (or null) gives ''; an invalid cell token gives null; a
 * ring distance outside [0, 142] gives null; the central point and the polygon are GeoJSON
 * ([lng, lat], the polygon closed, in the library's vertex order); the neighbours and rings are in
 * the library's order (the documented examples are gridDisk / gridDiskDistances in order).
 * What they leave open is refused: an upper-case token (as geo_h3cell_level() does), neighbours
 * or rings that meet pentagon distortion (the page says a cell "might be not present" without
 * saying which), a polygon across the antimeridian or around a pole (how Kusto writes its
 * longitudes there is not documented).
 */
import { cellToBoundary, cellToLatLng, gridDiskDistances, gridRingUnsafe, isPentagon, isValidCell, latLngToCell } from 'h3-js';
import type { HostAnswer } from './inflate.ts';

/** A key's numeric parts and trailing text (`parts` numbers first, then the rest as one string). */
function splitKey(key: string | null, numbers: number): { nums: (number | null)[]; text: string } {
  const parts = (key ?? '').split(',');
  const nums = parts.slice(0, numbers).map(numberOf);
  return { nums, text: parts.slice(numbers).join(',') };
}

function numberOf(t: string): number | null {
  if (t === 'null' || t === '') return null;
  if (/^-?nan$/i.test(t)) return Number.NaN;
  if (/^inf(inity)?$/i.test(t)) return Number.POSITIVE_INFINITY;
  if (/^-inf(inity)?$/i.test(t)) return Number.NEGATIVE_INFINITY;
  return Number(t);
}

/** The cell of a token as geo_h3cell_level() reads it (sql/families/geo.ts hb_h3_cell), or null. */
function cellOf(token: string, fn: string): string | null | { refuse: string } {
  if (/^[0-9a-fA-F]{1,16}$/.test(token) && /[A-F]/.test(token)) return { refuse: `${fn}: an upper-case H3 cell token is not supported` };
  if (!/^[0-9a-f]{1,16}$/.test(token)) return null;
  const id = BigInt(`0x${token}`).toString(16);
  return isValidCell(id) ? id : null;
}

const inRange = (x: number | null, lo: number, hi: number): x is number => x !== null && Number.isFinite(x) && x >= lo && x <= hi;

export function pointToCell(key: string | null): HostAnswer {
  const [lng, lat, res] = splitKey(key, 3).nums;
  if (!inRange(lng, -180, 180) || !inRange(lat, -90, 90) || !inRange(res, 0, 15) || !Number.isInteger(res)) return { v: '' };
  return { v: latLngToCell(lat, lng, res) };
}

function withCell(key: string | null, fn: string, f: (cell: string) => HostAnswer): HostAnswer {
  const c = cellOf(key ?? '', fn);
  if (c === null) return { v: null };
  if (typeof c !== 'string') return c;
  return f(c);
}

export const centralPoint = (key: string | null): HostAnswer =>
  withCell(key, 'geo_h3cell_to_central_point', (c) => {
    const [lat, lng] = cellToLatLng(c);
    return { v: { type: 'Point', coordinates: [lng, lat] } };
  });

export const polygon = (key: string | null): HostAnswer =>
  withCell(key, 'geo_h3cell_to_polygon', (c) => {
    const ring = cellToBoundary(c, true);
    const lngs = ring.map((p) => p[0]);
    if (Math.max(...lngs) - Math.min(...lngs) > 180)
      return { refuse: `geo_h3cell_to_polygon: cell ${c} crosses the antimeridian or holds a pole (how Kusto writes its longitudes there is not documented)` };
    return { v: { type: 'Polygon', coordinates: [ring] } };
  });

/** Rings 0..k in the library's order, or a refusal where pentagon distortion is met. */
function rings(c: string, k: number, fn: string): HostAnswer {
  if (k > 0) {
    const distorted = isPentagon(c) || Array.from({ length: k }, (_, i) => i + 1).some((d) => {
      try {
        gridRingUnsafe(c, d);
        return false;
      } catch {
        return true;
      }
    });
    if (distorted) return { refuse: `${fn}: cell ${c} meets pentagon distortion within distance ${k} (which cells Kusto leaves out then is not documented)` };
  }
  return { v: gridDiskDistances(c, k) };
}

export const neighbors = (key: string | null): HostAnswer =>
  withCell(key, 'geo_h3cell_neighbors', (c) => {
    const r = rings(c, 1, 'geo_h3cell_neighbors');
    return 'v' in r ? { v: (r.v as string[][])[1] } : r;
  });

export function ringsOf(key: string | null): HostAnswer {
  const { nums, text } = splitKey(key, 1);
  const k = nums[0];
  return withCell(text, 'geo_h3cell_rings', (c) => (inRange(k, 0, 142) && Number.isInteger(k) ? rings(c, k, 'geo_h3cell_rings') : { v: null }));
}
