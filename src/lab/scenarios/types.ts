/**
 * A scenario as a value: its cast (people, devices, files, addresses), its timed script, the
 * policies the rules compute consequences from, and the practice questions with their reference
 * KQL and answers. One file per scenario in this folder, listed in `index.ts`; the generator takes
 * the scenario as its argument and writes the dataset, its catalog and its questions file.
 */
import type { AnswerType } from '../../practice/answers.ts';
import type { Generated, GenerateOptions } from '../generate.ts';
import type { DeviceDef, FileDef, ScenarioPolicies, UserDef } from '../model.ts';

export type Difficulty = 'introductory' | 'intermediate' | 'advanced';

/** A practice question. The answer stays in the source; the questions file carries only its salted hash. */
export interface QuestionDef {
  /** Stable id, e.g. "1" (the lab keeps scenario.md §5's numbering). */
  id: string;
  text: string;
  answerType: AnswerType;
  /** The expected answer (normalised before hashing, see practice/answers.ts). */
  answer: string | number | (string | number)[];
  /**
   * Reference query. Its answer is the first column: the single row's value for scalar types, all
   * rows' values for `list`; with `answerFrom: 'row'` the single row's cells form the list.
   */
  kql: string;
  answerFrom?: 'column' | 'row';
  /** Progressive hints, mildest first; each one shown costs `hintCost` points. */
  hints: string[];
  points?: number;
  /** Investigation view (hash route) that shows the worked answer. */
  view?: string;
}

/** One timed step of the script: a row the scenario writes (checked against the generated dataset). */
export interface ScriptStep {
  /** ISO-8601 UTC, to the millisecond as written. */
  at: string;
  table: string;
  /** Column holding `at` when it is not the table's Timestamp. */
  timeColumn?: string;
  what: string;
}

export interface Cast {
  tenant: { domain: string; tenantId: string };
  users: UserDef[];
  devices: DeviceDef[];
  files: FileDef[];
  ips: { ip: string; role: string }[];
}

export interface Scenario {
  id: string;
  title: string;
  difficulty: Difficulty;
  /** One line for catalogs and lists. */
  description: string;
  /** The analyst-facing briefing (no spoilers), relative to the repository root. */
  briefing: string;
  /** Pinned now() of the dataset (ISO-8601 UTC). */
  now: string;
  cast: Cast;
  script: ScriptStep[];
  policies: ScenarioPolicies;
  questions: QuestionDef[];
  /** Fills the scenario's tables (estate, background, the script, rule-driven consequences). */
  generate(opts: GenerateOptions): Generated;
}

export const DEFAULT_POINTS = 10;
export const HINT_COST = 2;
