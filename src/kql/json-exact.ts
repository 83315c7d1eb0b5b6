/**
 * JSON text with Kusto's 64-bit integers kept exact. JavaScript numbers hold integers up to 2^53;
 * a long beyond that (inside a dynamic value, or in a user's JSON file) travels as a bigint and is
 * written back as its digits, never rounded and never turned into a string.
 */

/**
 * JSON.parse, except that integers beyond 2^53 come back exactly, as bigint: such number tokens
 * are wrapped in a marker object before parsing and unwrapped after (the text is parsed as is
 * first, so errors keep their positions). `integralReal`, when given, receives each number written
 * as a real (a fraction or an exponent: `1.0`, `1e3`) whose value is whole, and its answer stands
 * for it: JSON.parse alone would make it indistinguishable from the integer `1`.
 */
export function parseJsonExact(text: string, integralReal?: (n: number) => unknown): unknown {
  const plain = JSON.parse(text);
  let marker = 'hb-exact-integer';
  while (text.includes(marker)) marker += '-';
  let out = '';
  let last = 0;
  let found = false;
  const num = /-?\d+(\.\d+)?([eE][+-]?\d+)?/y;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
      continue;
    }
    if (c === 45 || (c >= 48 && c <= 57)) {
      num.lastIndex = i;
      const m = num.exec(text)!;
      const tok = m[0];
      const real = Boolean(m[1] || m[2]);
      if (real ? integralReal && Number.isInteger(Number(tok)) : !Number.isSafeInteger(Number(tok))) {
        out += `${text.slice(last, i)}{"${marker}":"${real ? 'r' : ''}${tok}"}`;
        last = i + tok.length;
        found = true;
      }
      i += tok.length - 1;
    }
  }
  if (!found) return plain;
  const unwrap = (v: unknown): unknown => {
    if (!v || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map(unwrap);
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && keys[0] === marker) {
      const tok = o[marker] as string;
      return tok.startsWith('r') ? integralReal!(Number(tok.slice(1))) : BigInt(tok);
    }
    for (const k of keys) o[k] = unwrap(o[k]);
    return o;
  };
  return unwrap(JSON.parse(out + text.slice(last)));
}

/**
 * JSON.stringify for JSON values that may hold bigints: a bigint is written as its exact digits (a
 * JSON number, as Kusto writes a long). `indent` pretty-prints like JSON.stringify's third argument.
 * Values that JSON cannot hold behave as in JSON.stringify (undefined properties are left out,
 * NaN and the infinities become null).
 */
export function stringifyExact(v: unknown, indent = 0): string {
  return write(v, indent > 0 ? ' '.repeat(indent) : '', '') ?? 'null';
}

function write(v: unknown, step: string, pad: string): string | undefined {
  if (typeof v === 'bigint') return v.toString();
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return write((v as { toJSON: () => unknown }).toJSON(), step, pad);
  const inner = pad + step;
  const open = step ? `\n${inner}` : '';
  const sep = step ? `,\n${inner}` : ',';
  const close = step ? `\n${pad}` : '';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[${open}${v.map((x) => write(x, step, inner) ?? 'null').join(sep)}${close}]`;
  }
  const parts: string[] = [];
  for (const k of Object.keys(v)) {
    const x = write((v as Record<string, unknown>)[k], step, inner);
    if (x !== undefined) parts.push(`${JSON.stringify(k)}:${step ? ' ' : ''}${x}`);
  }
  return parts.length ? `{${open}${parts.join(sep)}${close}}` : '{}';
}
