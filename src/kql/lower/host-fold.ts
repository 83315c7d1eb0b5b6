/**
 * Member access on a host function's JSON-text answer (`parse_xml(x).a.b`), folded into the
 * answers at compile time.
 *
 * A host call is a per-row lookup of its answers (lower/families/host.ts). `.a` on JSON text is
 * `hb_json_get` (sql/macros.ts), which re-reads the whole text with core SQL on every row: for the
 * Sentinel Sysmon idiom (`parse_xml(EventData).DataItem.EventData.Data`, kilobytes of text per
 * row) three such reads were most of the query's time, and every first pass re-ran them. Here the
 * access is applied to each distinct answer instead, and the lookup returns the member: the same
 * value for every row, since a row's value is a function of its key's answer.
 *
 * hb_json_get's answer for JSON text `j` and key `k`: when `j` is a bag holding `k` with a value
 * other than null, that value as compact JSON text (strings quoted and escaped as JSON.stringify
 * does for the characters it allows); otherwise SQL NULL. The fold is made only where JavaScript
 * gives that same text without doubt: answers that are JSON.stringify's own text, holding no
 * control character or lone surrogate (hb_json_quote and hb_json_unescape refuse those row by row),
 * no number (its spelling is kept by SQL, not by JSON.stringify), no integer-like key (a JavaScript
 * object lists those first) and no deep nesting (hb_json_ok refuses past 16 levels). Anything else
 * keeps the SQL access.
 */
import type { Expr, Ty } from '../ir/types.ts';

/** What a host lookup expression answers: its key expression, the distinct keys and their values. */
export interface HostLookup {
  keys: (string | null)[];
  /** each key's answer: JSON text or null (only JSON-text answers are registered) */
  values: (string | null)[];
  /** renders the lookup of `values` (same keys) with type `ty` */
  render(values: (string | null)[], ty: Ty): Expr;
}

const LOOKUPS = new WeakMap<Expr, HostLookup>();

export function registerHostLookup(e: Expr, h: HostLookup): Expr {
  LOOKUPS.set(e, h);
  return e;
}

const INT_KEY = /^(?:0|[1-9][0-9]*)$/;
/** What hb_json_quote (control characters) and hb_json_unescape (lone surrogates) refuse per row. */
const REFUSED_TEXT = /[\x00-\x07\x0b\x0e-\x1f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Nesting the fold accepts: well inside the 16 levels hb_json_ok reads (deeper is HB160 there). */
const MAX_DEPTH = 12;

/** JSON.stringify(JSON.parse(text)) is the text hb_json_dec would give for it, member by member. */
function plain(v: unknown, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  if (v === null || typeof v === 'boolean') return true;
  if (typeof v === 'string') return !REFUSED_TEXT.test(v);
  if (Array.isArray(v)) return v.every((x) => plain(x, depth + 1));
  if (typeof v === 'object') return Object.entries(v as Record<string, unknown>).every(([k, x]) => !INT_KEY.test(k) && !REFUSED_TEXT.test(k) && plain(x, depth + 1));
  return false;
}

/** `b.key` folded into b's host answers, or undefined when b is not such a lookup (or not plainly JSON). */
export function foldHostMember(b: Expr, key: string): Expr | undefined {
  const h = LOOKUPS.get(b);
  if (!h) return undefined;
  const out: (string | null)[] = [];
  for (const text of h.values) {
    if (text === null) {
      out.push(null);
      continue;
    }
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      return undefined;
    }
    if (!plain(v)) return undefined;
    // JSON.stringify's text is compact, as hb_json_dec's is; only then is re-writing it the same
    if (JSON.stringify(v) !== text) return undefined;
    const bag = v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
    const m = bag && Object.hasOwn(bag, key) ? bag[key] : null;
    out.push(m === null || m === undefined ? null : JSON.stringify(m));
  }
  const e = h.render(out, b.ty);
  return registerHostLookup(e, { ...h, values: out });
}
