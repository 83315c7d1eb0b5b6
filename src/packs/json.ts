/**
 * A strict JSON reader that remembers where every value starts, so that a pack problem can be
 * reported at `line:column` as well as at its path. It also refuses what JSON.parse lets through
 * but a hostile file could use: duplicate keys (which copy would the UI show?), prototype keys,
 * and nesting deep enough to blow the stack.
 */
import type { JsonValue } from './types.ts';

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

export interface JsonWithPositions {
  value: JsonValue;
  /** path (`queries[0].body`) → offset of the value's first character */
  positions: Map<string, number>;
}

export const MAX_JSON_DEPTH = 64;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, column: offset - last };
}

export const childPath = (parent: string, key: string | number): string =>
  typeof key === 'number' ? `${parent}[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? (parent ? `${parent}.${key}` : key) : `${parent}[${JSON.stringify(key)}]`;

export function parseJsonWithPositions(text: string): JsonWithPositions {
  const positions = new Map<string, number>();
  let i = 0;
  const fail = (msg: string, at = i): never => {
    const { line, column } = lineColumn(text, at);
    throw new JsonSyntaxError(`${msg} at ${line}:${column}`, at, line, column);
  };
  const ws = () => {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const describe = (at: number) => (at >= text.length ? 'end of input' : `${JSON.stringify(text[at])}`);
  const str = (): string => {
    const start = i;
    i++; // opening quote
    let out = '';
    let run = i;
    while (true) {
      if (i >= text.length) fail('unterminated string', start);
      const c = text.charCodeAt(i);
      if (c === 34) {
        out += text.slice(run, i);
        i++;
        return out;
      }
      if (c < 32) fail('control character in a string (escape it)');
      if (c === 92) {
        out += text.slice(run, i);
        const e = text[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && e in simple) {
          out += simple[e];
          i += 2;
        } else if (e === 'u') {
          const hex = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad \\u escape');
          out += String.fromCharCode(Number.parseInt(hex, 16));
          i += 6;
        } else fail(`bad escape \\${e ?? ''}`);
        run = i;
        continue;
      }
      i++;
    }
  };
  const num = (): number => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) fail(`unexpected ${describe(i)}`);
    i += m![0].length;
    const n = Number(m![0]);
    if (!Number.isFinite(n)) fail('number out of range', i - m![0].length);
    return n;
  };
  const value = (path: string, depth: number): JsonValue => {
    ws();
    if (depth > MAX_JSON_DEPTH) fail(`nested deeper than ${MAX_JSON_DEPTH} levels`);
    positions.set(path, i);
    const c = text[i];
    if (c === '{') {
      i++;
      const obj: Record<string, JsonValue> = {};
      ws();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      while (true) {
        ws();
        if (text[i] !== '"') fail(`expected a property name in double quotes, found ${describe(i)}`);
        const keyAt = i;
        const key = str();
        if (FORBIDDEN_KEYS.has(key)) fail(`property name "${key}" is not allowed`, keyAt);
        if (Object.hasOwn(obj, key)) fail(`duplicate property "${key.slice(0, 60)}"`, keyAt);
        ws();
        if (text[i] !== ':') fail(`expected ':' after a property name, found ${describe(i)}`);
        i++;
        obj[key] = value(childPath(path, key), depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return obj;
        }
        fail(`expected ',' or '}' in an object, found ${describe(i)}`);
      }
    }
    if (c === '[') {
      i++;
      const arr: JsonValue[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      while (true) {
        arr.push(value(childPath(path, arr.length), depth + 1));
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return arr;
        }
        fail(`expected ',' or ']' in an array, found ${describe(i)}`);
      }
    }
    if (c === '"') return str();
    if (text.startsWith('true', i)) {
      i += 4;
      return true;
    }
    if (text.startsWith('false', i)) {
      i += 5;
      return false;
    }
    if (text.startsWith('null', i)) {
      i += 4;
      return null;
    }
    if (c === '-' || (c >= '0' && c <= '9')) return num();
    return fail(`unexpected ${describe(i)}`);
  };
  // a UTF-8 byte-order mark is common in files saved on Windows
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  const v = value('', 0);
  ws();
  if (i < text.length) fail(`unexpected ${describe(i)} after the end of the JSON value`);
  return { value: v, positions };
}
