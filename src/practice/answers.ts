/**
 * Grading by answer value. An answer (typed by the learner, or read from a reference query's
 * result) is normalised for its question's answer type and compared through a salted SHA-256, so
 * the shipped questions file never holds an answer in plain text. Runs in Node and in the browser
 * (Web Crypto), with the same bytes on both sides.
 */

export type AnswerType = 'text' | 'number' | 'time' | 'list' | 'device' | 'hash';
export const ANSWER_TYPES: readonly AnswerType[] = ['text', 'number', 'time', 'list', 'device', 'hash'];

/** What a learner may submit: a string, a number, or a list of those. */
export type AnswerValue = string | number | boolean | null | AnswerValue[];

/** Thrown when an answer cannot be read as its type (e.g. "soon" for a time). */
export class AnswerFormatError extends Error {}

const text = (v: AnswerValue): string => (v === null ? '' : String(v)).trim().replace(/\s+/g, ' ').toLowerCase();

function one(v: AnswerValue): AnswerValue {
  if (!Array.isArray(v)) return v;
  if (v.length !== 1) throw new AnswerFormatError('expected one value, not a list');
  return one(v[0]);
}

function number(v: AnswerValue): string {
  const x = one(v);
  const s = typeof x === 'number' ? x : Number(String(x).trim().replace(/[,_\s]/g, ''));
  if (typeof x === 'string' && !x.trim()) throw new AnswerFormatError('empty number');
  if (!Number.isFinite(s)) throw new AnswerFormatError(`not a number: ${String(x)}`);
  return String(s);
}

const ZONE = /(Z|[+-]\d\d:?\d\d)$/i;

/** A time to the second in UTC: "2024-05-14 09:46:41", "2024-05-14T09:46:41.300Z" and "…+02:00" forms. */
function time(v: AnswerValue): string {
  const x = one(v);
  let s = String(x).trim().replace(/^datetime\((.*)\)$/i, '$1').trim();
  if (!s) throw new AnswerFormatError('empty time');
  s = s.replace(' ', 'T');
  if (!ZONE.test(s)) s += 'Z';
  const ms = Date.parse(s);
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(s) || Number.isNaN(ms)) throw new AnswerFormatError(`not a date and time: ${String(x)}`);
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Lists: the elements as text, any order, duplicates once; a string is split on commas, semicolons and new lines. */
function list(v: AnswerValue): string {
  const items = Array.isArray(v) ? v.flat(Infinity as 1) : String(v ?? '').split(/[,;\n]/);
  const set = new Set(items.map((x) => text(x as AnswerValue)).filter((x) => x !== ''));
  if (!set.size) throw new AnswerFormatError('empty list');
  return [...set].sort().join('\n');
}

/** The canonical text of an answer for its type (what gets hashed). */
export function normaliseAnswer(type: AnswerType, v: AnswerValue): string {
  switch (type) {
    case 'number':
      return number(v);
    case 'time':
      return time(v);
    case 'list':
      return list(v);
    case 'hash':
    case 'device':
    case 'text': {
      const s = text(one(v));
      if (!s) throw new AnswerFormatError('empty answer');
      return s;
    }
  }
}

async function sha256Hex(s: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(s));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The text whose SHA-256 is stored: the salt and the normalised answer. */
export const digestInput = (salt: string, type: AnswerType, v: AnswerValue) => `${salt}\n${normaliseAnswer(type, v)}`;

/** The stored form of an answer (hex SHA-256 of `digestInput`). */
export function hashAnswer(salt: string, type: AnswerType, v: AnswerValue): Promise<string> {
  return sha256Hex(digestInput(salt, type, v));
}

/** The question fields grading needs (a questions-file entry). */
export interface GradedQuestion {
  answerType: AnswerType;
  salt: string;
  answerHash: string;
}

export type Grade = 'correct' | 'incorrect' | 'unanswered';

/** Grades one answer; an answer that cannot be read as the type is incorrect, an empty one unanswered. */
export async function gradeAnswer(q: GradedQuestion, v: AnswerValue | undefined): Promise<Grade> {
  if (v === undefined || v === null || (typeof v === 'string' && !v.trim()) || (Array.isArray(v) && !v.length)) return 'unanswered';
  try {
    return (await hashAnswer(q.salt, q.answerType, v)) === q.answerHash ? 'correct' : 'incorrect';
  } catch (e) {
    if (e instanceof AnswerFormatError) return 'incorrect';
    throw e;
  }
}
