/**
 * Builds a dataset's questions file from its scenario: each answer is normalised for its type and
 * stored as a salted SHA-256 (the salt is derived from the scenario and question ids, so the file
 * is byte-stable across runs).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { digestInput } from '../../practice/answers.ts';
import { type PracticeQuestion, QUESTIONS_FORMAT, type QuestionsFile } from '../../practice/types.ts';
import { DEFAULT_POINTS, HINT_COST, type Scenario } from './types.ts';

const saltOf = (scenario: string, question: string) => createHash('sha256').update(`huntbench-practice:${scenario}:${question}`).digest('hex').slice(0, 16);

export function buildQuestionsFile(s: Scenario): QuestionsFile {
  const seen = new Set<string>();
  const questions: PracticeQuestion[] = [];
  for (const q of s.questions) {
    if (seen.has(q.id)) throw new Error(`scenario ${s.id}: duplicate question id ${q.id}`);
    seen.add(q.id);
    const salt = saltOf(s.id, q.id);
    questions.push({
      id: q.id,
      text: q.text,
      answerType: q.answerType,
      points: q.points ?? DEFAULT_POINTS,
      hints: q.hints,
      hintCost: HINT_COST,
      kql: q.kql,
      answerFrom: q.answerFrom ?? 'column',
      ...(q.view ? { view: q.view } : {}),
      salt,
      answerHash: createHash('sha256').update(digestInput(salt, q.answerType, q.answer)).digest('hex'),
    });
  }
  return {
    format: QUESTIONS_FORMAT,
    version: 1,
    scenario: { id: s.id, title: s.title, difficulty: s.difficulty, description: s.description, briefing: s.briefing, briefingMarkdown: readFileSync(new URL(`../../../${s.briefing}`, import.meta.url), 'utf8') },
    questions,
  };
}

export const questionsJson = (f: QuestionsFile) => `${JSON.stringify(f, null, 1)}\n`;
