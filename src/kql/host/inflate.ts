/**
 * zlib_decompress_from_base64_string / gzip_decompress_from_base64_string, computed in JavaScript
 * (DuckDB core SQL has no inflate). One implementation of DEFLATE decoding (RFC 1951) serves the
 * browser and the CLI, synchronously, so both give the same answer for the same text.
 *
 * Kusto documents: base64, then zlib (window size 15 only) or gzip (ID1, ID2 and CM checked, FLG
 * expected to be zero, no optional header fields); the result is the UTF-8 text; when decoding or
 * decompression fails the result is empty. What it does not document is refused (the answer is
 * `{ refuse }`), never guessed:
 *  - base64 text that decoders disagree on (whitespace, the URL-safe alphabet, missing padding,
 *    non-zero bits after the last byte) when the answer would depend on it;
 *  - a stream that ends early, a wrong or missing checksum, bytes after the stream (whether Kusto
 *    checks these is not documented);
 *  - a zlib window smaller than 15, a gzip FLG byte that is not zero;
 *  - output that is not valid UTF-8, starts with a byte-order mark or holds NUL; output over 16 MiB.
 * The DEFLATE decoder rejects what zlib rejects (over-subscribed or incomplete codes, invalid
 * lengths, distances too far back), so a stream zlib cannot decode is "decompression failed".
 */

export type HostAnswer = { v: unknown } | { refuse: string };

/** Decompressed output larger than this is refused (a bomb guard; Kusto's limit is not documented). */
export const MAX_INFLATED_BYTES = 16 * 1024 * 1024;

class Failed extends Error {}
class Truncated extends Error {}
class Refused extends Error {}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Map([...B64].map((c, i) => [c, i]));

/**
 * Strict base64 (RFC 4648: alphabet, `=` padding, length a multiple of 4). `canonical`: the bits
 * after the last byte must be zero. Undefined when the text is not base64 in that sense.
 */
function base64(text: string, canonical: boolean): Uint8Array | undefined {
  if (text.length % 4 !== 0) return undefined;
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const body = text.slice(0, text.length - pad);
  const out = new Uint8Array((body.length * 6) >> 3);
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (const c of body) {
    const v = B64_INDEX.get(c);
    if (v === undefined) return undefined;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  if (canonical && bits > 0 && (acc & ((1 << bits) - 1)) !== 0) return undefined;
  return out;
}

/** A lenient base64 reading (whitespace skipped, URL-safe letters, padding added). */
function lenientBase64(text: string): Uint8Array | undefined {
  let t = text.replace(/[\s]/g, '').replaceAll('-', '+').replaceAll('_', '/');
  t = t.replace(/=+$/, '');
  if (t.length % 4 === 1) return undefined;
  return base64(t + '='.repeat((4 - (t.length % 4)) % 4), false);
}

// ---- DEFLATE (RFC 1951), zlib's acceptance rules ----

const LBASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LEXT = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DBASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DEXT = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
const CL_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

interface Huffman {
  count: Uint16Array;
  symbol: Uint16Array;
}

/**
 * A canonical Huffman code from code lengths. As zlib: an over-subscribed set is invalid; an
 * incomplete one is valid only for literal/length and distance codes made of one 1-bit code (the
 * code-length code must be complete).
 */
function huffman(lengths: number[], codeLengthCode: boolean, builtin = false): Huffman {
  const count = new Uint16Array(16);
  for (const l of lengths) count[l]++;
  let max = 15;
  while (max >= 1 && count[max] === 0) max--;
  let left = 1;
  for (let len = 1; len <= 15; len++) {
    left = (left << 1) - count[len];
    if (left < 0) throw new Failed('over-subscribed code');
  }
  if (!builtin && left > 0 && max > 0 && (codeLengthCode || max !== 1)) throw new Failed('incomplete code');
  if (codeLengthCode && max === 0) throw new Failed('empty code-length code');
  const offs = new Uint16Array(16);
  for (let len = 1; len < 15; len++) offs[len + 1] = offs[len] + count[len];
  const symbol = new Uint16Array(lengths.length);
  lengths.forEach((l, s) => {
    if (l !== 0) symbol[offs[l]++] = s;
  });
  count[0] = 0;
  return { count, symbol };
}

class Reader {
  pos: number;
  private bitBuf = 0;
  private bitCnt = 0;
  constructor(
    readonly data: Uint8Array,
    start: number,
  ) {
    this.pos = start;
  }
  bits(n: number): number {
    let v = this.bitBuf;
    while (this.bitCnt < n) {
      if (this.pos >= this.data.length) throw new Truncated('input ends inside the stream');
      v |= this.data[this.pos++] << this.bitCnt;
      this.bitCnt += 8;
    }
    this.bitBuf = v >>> n;
    this.bitCnt -= n;
    return v & ((1 << n) - 1);
  }
  /** Drops the bits left in the current byte. */
  align(): void {
    this.bitBuf = 0;
    this.bitCnt = 0;
  }
  decode(h: Huffman): number {
    let code = 0;
    let first = 0;
    let index = 0;
    for (let len = 1; len <= 15; len++) {
      code |= this.bits(1);
      const count = h.count[len];
      if (code - count < first) return h.symbol[index + (code - first)];
      index += count;
      first = (first + count) << 1;
      code <<= 1;
    }
    throw new Failed('invalid code');
  }
}

class Output {
  buf = new Uint8Array(1024);
  len = 0;
  private room(n: number) {
    if (this.len + n > MAX_INFLATED_BYTES) throw new Refused(`decompressed text over ${MAX_INFLATED_BYTES} bytes`);
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
  byte(b: number) {
    this.room(1);
    this.buf[this.len++] = b;
  }
  copy(dist: number, n: number) {
    if (dist > this.len) throw new Failed('distance too far back');
    this.room(n);
    for (let i = 0; i < n; i++, this.len++) this.buf[this.len] = this.buf[this.len - dist];
  }
}

let fixedCodes: { lit: Huffman; dist: Huffman } | undefined;
function fixed() {
  if (!fixedCodes) {
    const l: number[] = [];
    for (let s = 0; s < 288; s++) l.push(s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8);
    // the fixed distance code is incomplete by definition (30 of 32 five-bit codes)
    fixedCodes = { lit: huffman(l, false, true), dist: huffman(new Array(30).fill(5), false, true) };
  }
  return fixedCodes;
}

function codes(r: Reader, out: Output, lit: Huffman, dist: Huffman): void {
  for (;;) {
    const s = r.decode(lit);
    if (s < 256) out.byte(s);
    else if (s === 256) return;
    else {
      const i = s - 257;
      if (i >= 29) throw new Failed('invalid literal/length code');
      const len = LBASE[i] + r.bits(LEXT[i]);
      const d = r.decode(dist);
      if (d >= 30) throw new Failed('invalid distance code');
      out.copy(DBASE[d] + r.bits(DEXT[d]), len);
    }
  }
}

function dynamicCodes(r: Reader): { lit: Huffman; dist: Huffman } {
  const nlen = r.bits(5) + 257;
  const ndist = r.bits(5) + 1;
  const ncode = r.bits(4) + 4;
  if (nlen > 286 || ndist > 30) throw new Failed('too many length or distance symbols');
  const cl = new Array(19).fill(0);
  for (let i = 0; i < ncode; i++) cl[CL_ORDER[i]] = r.bits(3);
  const clCode = huffman(cl, true);
  const lengths: number[] = [];
  while (lengths.length < nlen + ndist) {
    const s = r.decode(clCode);
    if (s < 16) lengths.push(s);
    else {
      let rep: number;
      let v = 0;
      if (s === 16) {
        if (lengths.length === 0) throw new Failed('repeat with no first length');
        v = lengths[lengths.length - 1];
        rep = 3 + r.bits(2);
      } else if (s === 17) rep = 3 + r.bits(3);
      else rep = 11 + r.bits(7);
      if (lengths.length + rep > nlen + ndist) throw new Failed('too many lengths');
      for (let i = 0; i < rep; i++) lengths.push(v);
    }
  }
  if (lengths[256] === 0) throw new Failed('missing end-of-block code');
  return { lit: huffman(lengths.slice(0, nlen), false), dist: huffman(lengths.slice(nlen), false) };
}

/** Raw DEFLATE from `start`: the bytes and the position after the last block (byte aligned). */
function inflateRaw(data: Uint8Array, start: number): { bytes: Uint8Array; end: number } {
  const r = new Reader(data, start);
  const out = new Output();
  let last = 0;
  while (!last) {
    last = r.bits(1);
    const type = r.bits(2);
    if (type === 0) {
      r.align();
      if (r.pos + 4 > data.length) throw new Truncated('input ends inside a stored block');
      const len = data[r.pos] | (data[r.pos + 1] << 8);
      const nlen = data[r.pos + 2] | (data[r.pos + 3] << 8);
      r.pos += 4;
      if (len !== (~nlen & 0xffff)) throw new Failed('invalid stored block lengths');
      if (r.pos + len > data.length) throw new Truncated('input ends inside a stored block');
      for (let i = 0; i < len; i++) out.byte(data[r.pos + i]);
      r.pos += len;
    } else if (type === 1) {
      const f = fixed();
      codes(r, out, f.lit, f.dist);
    } else if (type === 2) {
      const d = dynamicCodes(r);
      codes(r, out, d.lit, d.dist);
    } else throw new Failed('invalid block type');
  }
  r.align();
  return { bytes: out.buf.subarray(0, out.len), end: r.pos };
}

function adler32(b: Uint8Array): number {
  let a = 1;
  let s = 0;
  for (let i = 0; i < b.length; ) {
    const n = Math.min(b.length - i, 3800);
    for (let j = 0; j < n; j++, i++) {
      a += b[i];
      s += a;
    }
    a %= 65521;
    s %= 65521;
  }
  return ((s << 16) | a) >>> 0;
}

let crcTable: Uint32Array | undefined;
function crc32(b: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < b.length; i++) c = crcTable[(c ^ b[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const u32be = (b: Uint8Array, i: number) => ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
const u32le = (b: Uint8Array, i: number) => (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;

/** The zlib container (RFC 1950) around DEFLATE. */
function unzlib(b: Uint8Array): Uint8Array {
  if (b.length < 2) throw new Failed('no zlib header');
  const cmf = b[0];
  const flg = b[1];
  if ((cmf & 0x0f) !== 8 || cmf >> 4 > 7 || ((cmf << 8) | flg) % 31 !== 0) throw new Failed('not a zlib header');
  if (flg & 0x20) throw new Failed('a preset dictionary is needed');
  if (cmf >> 4 !== 7) throw new Refused('a zlib window smaller than 15 bits (Kusto documents window size 15 only)');
  const { bytes, end } = inflateRaw(b, 2);
  if (end + 4 > b.length) throw new Refused('the stream has no Adler-32 checksum (whether Kusto checks it is not documented)');
  if (u32be(b, end) !== adler32(bytes)) throw new Refused('the Adler-32 checksum does not match (whether Kusto checks it is not documented)');
  if (end + 4 !== b.length) throw new Refused('bytes after the end of the zlib stream (not documented)');
  return bytes;
}

/** The gzip container (RFC 1952) as Kusto documents it: FLG zero, no optional fields. */
function ungzip(b: Uint8Array): Uint8Array {
  if (b.length < 10 || b[0] !== 0x1f || b[1] !== 0x8b || b[2] !== 8) throw new Failed('not a gzip header');
  if (b[3] !== 0) throw new Refused('a gzip FLG byte that is not zero (Kusto documents only that it expects zero)');
  const { bytes, end } = inflateRaw(b, 10);
  if (end + 8 > b.length) throw new Refused('the stream has no gzip trailer (whether Kusto checks it is not documented)');
  if (u32le(b, end) !== crc32(bytes) || u32le(b, end + 4) !== bytes.length >>> 0)
    throw new Refused('the gzip CRC-32 or size does not match (whether Kusto checks them is not documented)');
  if (end + 8 !== b.length) throw new Refused('bytes after the end of the gzip member (not documented)');
  return bytes;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** '' for failed decoding or decompression, the text, or an undocumented case (Refused). */
function decompress(bytes: Uint8Array | undefined, kind: 'zlib' | 'gzip'): string {
  if (!bytes) return '';
  let out: Uint8Array;
  try {
    out = kind === 'zlib' ? unzlib(bytes) : ungzip(bytes);
  } catch (e) {
    if (e instanceof Failed) return '';
    if (e instanceof Truncated) throw new Refused('the compressed stream ends early (Kusto may return the partial text or nothing: not documented)');
    throw e;
  }
  let text: string;
  try {
    text = UTF8.decode(out);
  } catch {
    throw new Refused('the decompressed bytes are not UTF-8 (Kusto does not document what it returns)');
  }
  if (text.startsWith('\uFEFF')) throw new Refused('the decompressed text starts with a byte-order mark (whether Kusto keeps it is not documented)');
  if (text.includes('\0')) throw new Refused('the decompressed text holds a NUL character');
  return text;
}

/** The answer for one argument value (null: Kusto's null string, which is ''). */
export function inflateBase64(text: string | null, kind: 'zlib' | 'gzip'): HostAnswer {
  const t = text ?? '';
  try {
    // Decoders differ on non-canonical base64; the answer stands only when they all agree.
    const strict = decompress(base64(t, false), kind);
    const canonical = decompress(base64(t, true), kind);
    const lenient = decompress(lenientBase64(t), kind);
    if (strict !== canonical || strict !== lenient)
      return { refuse: `${kind}_decompress_from_base64_string: base64 text whose reading is not documented (whitespace, URL-safe letters, missing padding or stray bits)` };
    return { v: strict };
  } catch (e) {
    if (e instanceof Refused) return { refuse: `${kind}_decompress_from_base64_string: ${e.message}` };
    throw e;
  }
}
