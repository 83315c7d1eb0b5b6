/**
 * Decimals whose exact value is known at compile time.
 *
 * Kusto's decimal is a 128-bit decimal number; here decimals are kept as DOUBLE, so
 * `decimal(0.1) + decimal(0.2) == decimal(0.3)` would be false where Kusto says true. Constants
 * (decimal literals, todecimal() of a constant number or numeric text) and their sums, differences
 * and products are folded exactly here, so such comparisons and results are Kusto's; a comparison
 * of any other decimal stays a coded refusal (lower/expr.ts).
 */
import type { Expr } from '../ir/types.ts';
import { lit, numSql, scalar } from './values.ts';

/** value = digits / 10^scale */
export interface Exact {
  digits: bigint;
  scale: number;
}

const known = new WeakMap<Expr, Exact>();
/**
 * Constants whose .NET text has no fraction digits however the scale is kept: made only of
 * whole-number text or literals (`todecimal("100")`, `decimal(3) * 2`). `decimal(1.0)` or
 * `decimal(1.5) * 2` is 1.0 / 3.0 to .NET's decimal (the scale is kept), which `known` does not
 * remember (it holds the value without trailing zeros).
 */
const whole = new WeakSet<Expr>();

/** The text of a decimal constant when it is the same whether or not the scale is kept. */
export function wholeText(e: Expr): string | undefined {
  const x = exactOf(e);
  if (x?.scale !== 0) return undefined;
  if (whole.has(e) || ((e.ty.kql === 'long' || e.ty.kql === 'int') && e.k === 'lit')) return exactText(x);
  return undefined;
}

/** Marks a decimal constant made from whole-number text (see `whole`). */
export function markWhole(e: Expr, text: string): Expr {
  if (/^\s*[+-]?\d+\s*$/.test(text)) whole.add(e);
  return e;
}

/** .NET's decimal keeps 28 significant digits: anything longer is not folded. */
const MAX_DIGITS = 28;

/** Exact value of decimal text (`-1.25`, `3e2`), or undefined. */
export function parseDecimal(text: string): Exact | undefined {
  const m = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?\s*$/i.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const frac = m[3] ?? '';
  let scale = frac.length - Number(m[4] ?? 0);
  let digits = BigInt(`${m[2]}${frac}` || '0');
  if (scale < 0) {
    digits *= 10n ** BigInt(-scale);
    scale = 0;
  }
  if (m[1] === '-') digits = -digits;
  return fits(norm({ digits, scale }));
}

function norm(x: Exact): Exact {
  let { digits, scale } = x;
  while (scale > 0 && digits % 10n === 0n) {
    digits /= 10n;
    scale--;
  }
  return { digits, scale };
}

function fits(x: Exact): Exact | undefined {
  const len = (x.digits < 0n ? -x.digits : x.digits).toString().length;
  return len <= MAX_DIGITS && x.scale <= MAX_DIGITS ? x : undefined;
}

export function exactText(x: Exact): string {
  const neg = x.digits < 0n;
  const s = (neg ? -x.digits : x.digits).toString().padStart(x.scale + 1, '0');
  const int = s.slice(0, s.length - x.scale);
  const frac = s.slice(s.length - x.scale);
  return `${neg ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

/** A decimal constant: a DOUBLE literal that remembers its exact value. */
export function exactDecimal(x: Exact): Expr {
  const e = lit(numSql(Number(exactText(x))), scalar('decimal'));
  known.set(e, x);
  return e;
}

/** The exact value of a decimal (or integer) constant expression, if known. */
export function exactOf(e: Expr): Exact | undefined {
  const k = known.get(e);
  if (k) return k;
  if ((e.ty.kql === 'long' || e.ty.kql === 'int') && e.k === 'lit') {
    const m = /^CAST\((-?\d+) AS (BIGINT|INTEGER)\)$/.exec(e.sql);
    if (m) return fits({ digits: BigInt(m[1]), scale: 0 });
  }
  return undefined;
}

/**
 * todecimal() of a constant: numeric text is read exactly; a real converts as .NET does, to 15
 * significant digits, so only reals whose shortest text has at most 15 are taken.
 */
export function exactFromConstant(e: Expr): Exact | undefined {
  const direct = exactOf(e);
  if (direct) return direct;
  if (e.k !== 'lit') return undefined;
  if (e.ty.kql === 'string') {
    const m = /^'(.*)'$/s.exec(e.sql);
    // (text with an exponent: whether todecimal() reads it is not documented, sql string_to_decimal)
    return m && !/e/i.test(m[1]) ? parseDecimal(m[1].replaceAll("''", "'")) : undefined;
  }
  if (e.ty.kql === 'real') {
    const m = /^CAST\((-?[\d.e+-]+) AS DOUBLE\)$/i.exec(e.sql);
    if (!m) return undefined;
    const n = Number(m[1]);
    if (!Number.isFinite(n) || Number(n.toPrecision(15)) !== n) return undefined;
    return parseDecimal(n.toPrecision(15));
  }
  return undefined;
}

function align(a: Exact, b: Exact): [bigint, bigint, number] {
  const s = Math.max(a.scale, b.scale);
  return [a.digits * 10n ** BigInt(s - a.scale), b.digits * 10n ** BigInt(s - b.scale), s];
}

/** `+`, `-`, `*` of two exact decimals, folded (undefined when not exact or too long). */
export function foldArith(op: string, l: Expr, r: Expr): Expr | undefined {
  const a = exactOf(l);
  const b = exactOf(r);
  if (!a || !b) return undefined;
  let out: Exact | undefined;
  if (op === '+' || op === '-') {
    const [x, y, s] = align(a, b);
    out = fits(norm({ digits: op === '+' ? x + y : x - y, scale: s }));
  } else if (op === '*') out = fits(norm({ digits: a.digits * b.digits, scale: a.scale + b.scale }));
  if (!out) return undefined;
  const e = exactDecimal(out);
  if (wholeText(l) !== undefined && wholeText(r) !== undefined) whole.add(e);
  return e;
}

/** A comparison of two exact decimals, folded to true/false (undefined when not exact). */
export function foldCompare(op: string, l: Expr, r: Expr): Expr | undefined {
  const a = exactOf(l);
  const b = exactOf(r);
  if (!a || !b) return undefined;
  const [x, y] = align(a, b);
  const c = x < y ? -1 : x > y ? 1 : 0;
  const res: Record<string, boolean> = { '==': c === 0, '!=': c !== 0, '<>': c !== 0, '<': c < 0, '<=': c <= 0, '>': c > 0, '>=': c >= 0 };
  return op in res ? lit(res[op] ? 'true' : 'false', scalar('bool')) : undefined;
}

/** Unary minus of an exact decimal. */
export function foldNeg(x: Expr): Expr | undefined {
  const a = known.get(x);
  if (!a) return undefined;
  const e = exactDecimal({ digits: -a.digits, scale: a.scale });
  if (whole.has(x)) whole.add(e);
  return e;
}
