/**
 * A learner's progress on one scenario, as plain data kept in localStorage: per question the
 * state, the hints shown, the attempts and the last answer typed. Scoring: a solved question is
 * worth its points minus the cost of the hints shown (never below zero); giving up scores zero.
 */
import type { PracticeQuestion } from './types.ts';

export type QuestionState = 'open' | 'solved' | 'gave-up';

export interface QuestionProgress {
  state: QuestionState;
  hints: number;
  attempts: number;
  /** The last answer typed (kept so a reload shows it). */
  last: string;
  /** The last attempt was wrong (cleared by a right one). */
  wrong?: boolean;
}

export interface Progress {
  version: 1;
  scenario: string;
  questions: Record<string, QuestionProgress>;
}

export const storageKey = (scenario: string) => `huntbench.practice.${scenario}`;

export const emptyProgress = (scenario: string): Progress => ({ version: 1, scenario, questions: {} });

export const blank = (): QuestionProgress => ({ state: 'open', hints: 0, attempts: 0, last: '' });

/** Reads stored progress; anything unreadable starts afresh rather than breaking the view. */
export function parseProgress(scenario: string, text: string | null): Progress {
  if (!text) return emptyProgress(scenario);
  try {
    const p = JSON.parse(text) as Progress;
    if (p?.version !== 1 || p.scenario !== scenario || typeof p.questions !== 'object' || !p.questions) return emptyProgress(scenario);
    const questions: Record<string, QuestionProgress> = {};
    for (const [id, q] of Object.entries(p.questions)) {
      if (!q || !['open', 'solved', 'gave-up'].includes(q.state)) continue;
      questions[id] = { state: q.state, hints: Math.max(0, Number(q.hints) || 0), attempts: Math.max(0, Number(q.attempts) || 0), last: String(q.last ?? ''), ...(q.wrong ? { wrong: true } : {}) };
    }
    return { version: 1, scenario, questions };
  } catch {
    return emptyProgress(scenario);
  }
}

export function questionScore(q: PracticeQuestion, p: QuestionProgress | undefined): number {
  if (p?.state !== 'solved') return 0;
  return Math.max(0, q.points - p.hints * q.hintCost);
}

export function totals(questions: PracticeQuestion[], p: Progress): { score: number; max: number; solved: number; done: number } {
  let score = 0;
  let max = 0;
  let solved = 0;
  let done = 0;
  for (const q of questions) {
    const qp = p.questions[q.id];
    max += q.points;
    score += questionScore(q, qp);
    if (qp?.state === 'solved') solved++;
    if (qp && qp.state !== 'open') done++;
  }
  return { score, max, solved, done };
}

/** The next question still open after `from` (wrapping around), or null when all are done. */
export function nextOpen(questions: PracticeQuestion[], p: Progress, from?: string): string | null {
  const i = from === undefined ? -1 : questions.findIndex((q) => q.id === from);
  for (let k = 1; k <= questions.length; k++) {
    const q = questions[(i + k + questions.length) % questions.length];
    if ((p.questions[q.id]?.state ?? 'open') === 'open') return q.id;
  }
  return null;
}
