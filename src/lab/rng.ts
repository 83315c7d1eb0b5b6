/**
 * Seeded randomness. Never Math.random: the same seed must give byte-identical datasets.
 * sfc32 is fast, has a 128-bit state and passes PractRand well beyond what we need.
 */
const HEX_CODES = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
/** Scratch char-code arrays per length (a flat string comes out of one fromCharCode call). */
const HEX_BUFS: number[][] = [];

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream = 0) {
    this.a = 0x9e3779b9 ^ stream;
    this.b = 0x243f6a88 ^ Math.imul(stream, 0x85ebca6b);
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 15; i++) this.u32();
  }

  /** A child generator for a named sub-stream: changing one part of the world leaves the others' draws unchanged. */
  fork(name: string): Rng {
    return new Rng((this.u32() ^ hash32(name)) >>> 0, hash32(`${name}#`));
  }

  u32(): number {
    const a = this.a | 0;
    const b = this.b | 0;
    const c = this.c | 0;
    const d = this.d | 0;
    const t = (((a + b) | 0) + d) | 0;
    this.d = (d + 1) | 0;
    this.a = b ^ (b >>> 9);
    this.b = (c + (c << 3)) | 0;
    this.c = ((c << 21) | (c >>> 11)) + t;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** Integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }

  /** Picks by weight: items are [value, weight]. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let r = this.next() * total;
    for (const [v, w] of items) {
      r -= w;
      if (r < 0) return v;
    }
    return items[items.length - 1][0];
  }

  /** Exponential inter-arrival time with the given mean. */
  exp(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** Roughly normal (sum of uniforms), clamped at lo. */
  normal(mean: number, sd: number, lo = -Infinity): number {
    const z = this.next() + this.next() + this.next() + this.next() - 2;
    return Math.max(lo, mean + z * sd * 1.732);
  }

  /** n lowercase hex digits: the u32 draws written big-end first, 8 digits each (the last one cut short). */
  hex(n: number): string {
    let b = HEX_BUFS[n];
    if (!b) b = HEX_BUFS[n] = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i += 8) {
      const t = this.u32();
      for (let k = 0; k < 8 && i + k < n; k++) b[i + k] = HEX_CODES[(t >>> (28 - 4 * k)) & 15];
    }
    return String.fromCharCode.apply(null, b);
  }

  guid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[parseInt(h[16], 16) & 3]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}

/** FNV-1a 32-bit. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Deterministic hex of any length derived from a string (for synthetic hashes of benign binaries). */
export function hexOf(s: string, n: number): string {
  return new Rng(hash32(s), hash32(`${s}/${n}`)).hex(n);
}

/** A stable GUID-shaped id derived from a string (UUIDv5-like layout; not a real SHA-1 UUIDv5). */
export function guidOf(s: string): string {
  const h = hexOf(`guid:${s}`, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${'89ab'[parseInt(h[16], 16) & 3]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
