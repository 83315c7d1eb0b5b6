/**
 * The questions file (`questions.json` next to a dataset's catalog.json), written by the generator
 * from the scenario definition and read by the practice CLI and the browser's Practice view. It
 * carries salted answer hashes, never answers.
 */
import type { AnswerType } from './answers.ts';

export const QUESTIONS_FORMAT = 'huntbench-questions';

export interface PracticeQuestion {
  id: string;
  text: string;
  answerType: AnswerType;
  points: number;
  hints: string[];
  hintCost: number;
  /** Reference KQL (shown after solving or giving up; `practice verify` runs it). */
  kql: string;
  answerFrom: 'column' | 'row';
  /** Investigation view showing the worked answer (hash route), if any. */
  view?: string;
  salt: string;
  answerHash: string;
}

export interface QuestionsFile {
  format: typeof QUESTIONS_FORMAT;
  version: 1;
  scenario: { id: string; title: string; difficulty: string; description: string; briefing: string; briefingMarkdown: string };
  questions: PracticeQuestion[];
}
