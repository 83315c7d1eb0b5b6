/**
 * Reading an answer out of a query result, and checking a questions file's reference queries: the
 * answer is the first column (the single row's value, or every row's value for `list`), or the
 * single row's cells with `answerFrom: 'row'`. Used by `huntbench practice verify` and its test.
 */
import { stringifyExact } from '../kql/json-exact.ts';
import type { JsonValue, KustoResult } from '../engine/values.ts';
import { type AnswerValue, hashAnswer } from './answers.ts';
import type { PracticeQuestion } from './types.ts';

const scalar = (v: JsonValue): AnswerValue => (typeof v === 'bigint' ? v.toString() : v !== null && typeof v === 'object' ? stringifyExact(v) : v);

/** The answer a result gives for a question, or an error message when its shape does not fit. */
export function answerFromResult(q: Pick<PracticeQuestion, 'answerType' | 'answerFrom'>, r: KustoResult): { ok: true; answer: AnswerValue } | { ok: false; error: string } {
  if (!r.columns.length) return { ok: false, error: 'the result has no columns' };
  if (q.answerFrom === 'row') {
    if (r.rows.length !== 1) return { ok: false, error: `expected one row, got ${r.rows.length}` };
    return { ok: true, answer: r.rows[0].map(scalar) };
  }
  if (q.answerType === 'list') return { ok: true, answer: r.rows.map((row) => scalar(row[0])) };
  if (r.rows.length !== 1) return { ok: false, error: `expected one row, got ${r.rows.length}` };
  return { ok: true, answer: scalar(r.rows[0][0]) };
}

export type Verdict = { id: string; ok: true } | { id: string; ok: false; reason: string };

/** Runs a question's reference KQL and checks that it yields the stored answer. */
export async function verifyQuestion(q: PracticeQuestion, run: (kql: string) => Promise<{ ok: true; result: KustoResult } | { ok: false; error: { code: string; message: string } }>): Promise<Verdict> {
  const out = await run(q.kql);
  if (!out.ok) return { id: q.id, ok: false, reason: `query error ${out.error.code}: ${out.error.message}` };
  const a = answerFromResult(q, out.result);
  if (!a.ok) return { id: q.id, ok: false, reason: a.error };
  let hash: string;
  try {
    hash = await hashAnswer(q.salt, q.answerType, a.answer);
  } catch (e) {
    return { id: q.id, ok: false, reason: `the result ${JSON.stringify(a.answer)} is not a ${q.answerType}: ${(e as Error).message}` };
  }
  return hash === q.answerHash ? { id: q.id, ok: true } : { id: q.id, ok: false, reason: `the reference query gives ${JSON.stringify(a.answer)}, not the stored answer` };
}
