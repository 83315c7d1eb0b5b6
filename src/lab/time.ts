/** Times are carried as microseconds since the Unix epoch (plain numbers: exact up to 2^53). */
export type Micros = number;

export const SEC = 1_000_000;
export const MIN = 60 * SEC;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

/** Parses an ISO time; a missing zone means UTC. */
export function T(iso: string): Micros {
  const s = /[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`;
  const ms = Date.parse(s);
  if (Number.isNaN(ms)) throw new Error(`bad time ${iso}`);
  return ms * 1000;
}

/** Whether a time falls on a working day (Monday to Friday, UTC). */
export function isWorkday(t: Micros): boolean {
  const wd = new Date(Math.floor(t / 1000)).getUTCDay();
  return wd !== 0 && wd !== 6;
}

export function iso(t: Micros): string {
  return new Date(Math.floor(t / 1000)).toISOString();
}
