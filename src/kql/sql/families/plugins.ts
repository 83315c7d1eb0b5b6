/** SQL of evaluate plugins' row functions (lowering in lower/operators/<plugin>.ts). */
import type { Template } from '../functions.ts';

const ERR = (what: string) => `error('HB162: ${what}')`;

export const SQL: Record<string, Template> = {
  // ipv4_lookup (lower/operators/ipv4-lookup.ts): the source address as a number (NULL when it is
  // not a dotted quad: it matches nothing); an address with a prefix is refused (not documented).
  ipv4_lookup_addr: `(CASE WHEN contains($0, '/') AND hb_ip4_quad(split_part($0, '/', 1)) IS NOT NULL
     THEN ${ERR('ipv4_lookup of a source address with an IP prefix is not supported (how it matches a range is not documented)')}
     ELSE hb_ip4_quad($0) END)`,
  // The first and last number of a lookup key's range (a.b.c.d or a.b.c.d/p, p in 0..32); NULL otherwise.
  ipv4_lookup_lo: 'hb_ip4_lookup_lo($0)',
  ipv4_lookup_hi: '(hb_ip4_lookup_lo($0) + hb_ip4_lookup_size($0) - 1)',
  ipv4_lookup_in: '($0 BETWEEN $1 AND $2)',
};

/** SQL macros these templates call. */
export const MACROS: string[] = [
  String.raw`CREATE OR REPLACE MACRO hb_ip4_lookup_pre(s) AS (CASE
     WHEN NOT contains(s, '/') THEN 32
     WHEN regexp_full_match(split_part(s, '/', 2), '\d{1,2}') AND CAST(split_part(s, '/', 2) AS INTEGER) <= 32
       AND length(s) - length(replace(s, '/', '')) = 1 THEN CAST(split_part(s, '/', 2) AS INTEGER) END)`,
  `CREATE OR REPLACE MACRO hb_ip4_lookup_size(s) AS (CAST(pow(2, 32 - hb_ip4_lookup_pre(s)) AS BIGINT))`,
  `CREATE OR REPLACE MACRO hb_ip4_lookup_lo(s) AS (
     (hb_ip4_quad(split_part(s, '/', 1)) // hb_ip4_lookup_size(s)) * hb_ip4_lookup_size(s))`,
];
