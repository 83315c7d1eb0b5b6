/** A reference answer that the data does not give is caught (verify's failure path). */
import { describe, expect, it } from 'vitest';
import type { KustoResult } from '../../src/engine/values.ts';
import { hashAnswer } from '../../src/practice/answers.ts';
import { answerFromResult, verifyQuestion } from '../../src/practice/verify.ts';
import type { PracticeQuestion } from '../../src/practice/types.ts';

const result = (rows: (string | number)[][]): KustoResult => ({ columns: [{ name: 'A', type: 'string' }, { name: 'B', type: 'string' }], rows });

describe('answerFromResult', () => {
  it('takes the single cell, every row of a list, or the cells of a row', () => {
    expect(answerFromResult({ answerType: 'text', answerFrom: 'column' }, result([['x', 'y']]))).toEqual({ ok: true, answer: 'x' });
    expect(answerFromResult({ answerType: 'list', answerFrom: 'column' }, result([['x', 'y'], ['z', 'w']]))).toEqual({ ok: true, answer: ['x', 'z'] });
    expect(answerFromResult({ answerType: 'list', answerFrom: 'row' }, result([['x', 'y']]))).toEqual({ ok: true, answer: ['x', 'y'] });
    expect(answerFromResult({ answerType: 'text', answerFrom: 'column' }, result([['x', 'y'], ['z', 'w']]))).toMatchObject({ ok: false });
  });
});

describe('verifyQuestion', () => {
  it('reports a mismatch and a query error', async () => {
    const q: PracticeQuestion = { id: 'q', text: '', answerType: 'number', points: 10, hints: [], hintCost: 2, kql: 'print 1', answerFrom: 'column', salt: 's', answerHash: await hashAnswer('s', 'number', 2) };
    const runs = (rows: number[][]) => async () => ({ ok: true as const, result: { columns: [{ name: 'x', type: 'long' as const }], rows } });
    expect(await verifyQuestion(q, runs([[2]]))).toEqual({ id: 'q', ok: true });
    expect(await verifyQuestion(q, runs([[1]]))).toMatchObject({ ok: false, reason: expect.stringContaining('not the stored answer') });
    expect(await verifyQuestion(q, async () => ({ ok: false as const, error: { code: 'HB001', message: 'bad' } }))).toMatchObject({ ok: false, reason: expect.stringContaining('HB001') });
  });
});
