/** Grading by value: normalisation per answer type, and salted hashes that never hold the answer. */
import { describe, expect, it } from 'vitest';
import { type AnswerType, type AnswerValue, gradeAnswer, hashAnswer, normaliseAnswer } from '../../src/practice/answers.ts';

const CASES: [AnswerType, AnswerValue, string][] = [
  ['text', '  PowerShell.EXE ', 'powershell.exe'],
  ['text', ['wscript.exe'], 'wscript.exe'],
  ['device', 'WIN10-LAB01', 'win10-lab01'],
  ['hash', '4AD493D890092D6DA645043BE925925BCA4CFF27', '4ad493d890092d6da645043be925925bca4cff27'],
  ['number', '27', '27'],
  ['number', 27, '27'],
  ['number', ' 2,456,789 ', '2456789'],
  ['number', '27.0', '27'],
  ['time', '2024-05-14T09:46:41.300Z', '2024-05-14T09:46:41Z'],
  ['time', '2024-05-14 09:46:41', '2024-05-14T09:46:41Z'],
  ['time', '2024-05-14T11:46:41+02:00', '2024-05-14T09:46:41Z'],
  ['time', 'datetime(2024-05-14T09:46:41Z)', '2024-05-14T09:46:41Z'],
  ['list', ['B', 'a', 'b'], 'a\nb'],
  ['list', 'wscript.exe, PowerShell.exe;\nRuntimeBroker.exe', 'powershell.exe\nruntimebroker.exe\nwscript.exe'],
];

describe('normaliseAnswer', () => {
  for (const [type, v, want] of CASES) it(`${type} ${JSON.stringify(v)}`, () => expect(normaliseAnswer(type, v)).toBe(want));

  it('refuses values that are not of the type', () => {
    expect(() => normaliseAnswer('number', 'many')).toThrow(/not a number/);
    expect(() => normaliseAnswer('time', 'yesterday')).toThrow(/not a date/);
    expect(() => normaliseAnswer('text', ['a', 'b'])).toThrow(/one value/);
    expect(() => normaliseAnswer('list', ' , ')).toThrow(/empty/);
  });
});

describe('gradeAnswer', () => {
  it('grades by value through the salted hash', async () => {
    const q = { answerType: 'list' as const, salt: 's1', answerHash: await hashAnswer('s1', 'list', ['powershell.exe', 'wscript.exe']) };
    expect(q.answerHash).toMatch(/^[0-9a-f]{64}$/);
    expect(q.answerHash).not.toContain('powershell');
    expect(await gradeAnswer(q, 'WScript.exe, powershell.exe')).toBe('correct');
    expect(await gradeAnswer(q, ['powershell.exe'])).toBe('incorrect');
    expect(await gradeAnswer(q, '')).toBe('unanswered');
    expect(await gradeAnswer(q, undefined)).toBe('unanswered');
    // the same answer under another salt hashes differently
    expect(await hashAnswer('s2', 'list', ['powershell.exe', 'wscript.exe'])).not.toBe(q.answerHash);
  });

  it('an unreadable answer is incorrect, not an error', async () => {
    const q = { answerType: 'time' as const, salt: 'x', answerHash: await hashAnswer('x', 'time', '2024-05-14T10:19:40Z') };
    expect(await gradeAnswer(q, 'ten past ten')).toBe('incorrect');
    expect(await gradeAnswer(q, '2024-05-14 10:19:40.999')).toBe('correct');
  });
});
