/**
 * `huntbench practice list|questions|check|verify` (contract: issue 12). Questions come from the
 * scenario registry (the same build that writes each dataset's questions.json); `verify` runs the
 * reference queries on the scenario's generated dataset and also checks that the dataset's
 * questions.json is the one the registry builds.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type AnswerValue, gradeAnswer } from '../practice/answers.ts';
import type { QuestionsFile } from '../practice/types.ts';
import { verifyQuestion } from '../practice/verify.ts';
import { type Args, UsageError } from './args.ts';
import { resolveDataset } from './datasets.ts';
import type { Io } from './main.ts';
import { createLocalRunner } from './runner.ts';

async function registry(): Promise<{ ids: string[]; questionsOf(id: string): QuestionsFile }> {
  const { SCENARIOS } = await import('../lab/scenarios/index.ts');
  const { buildQuestionsFile } = await import('../lab/scenarios/questions.ts');
  return {
    ids: SCENARIOS.map((s) => s.id),
    questionsOf(id) {
      const s = SCENARIOS.find((x) => x.id === id);
      if (!s) throw new UsageError(`unknown scenario '${id}' (known: ${SCENARIOS.map((x) => x.id).join(', ')})`);
      return buildQuestionsFile(s);
    },
  };
}

function readAnswers(file: string): Record<string, AnswerValue> {
  let text: string;
  try {
    text = fs.readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read answers file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`answers file ${file} is not JSON: ${(e as Error).message}`);
  }
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw new UsageError(`answers file ${file} must hold an object {"<questionId>": answer}`);
  const ok = (v: unknown): boolean => v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number'));
  for (const [k, v] of Object.entries(obj)) if (!ok(v)) throw new UsageError(`answers file ${file}: the answer to "${k}" must be a string, a number or a list of those`);
  return obj as Record<string, AnswerValue>;
}

export async function cmdPractice(args: Args, io: Io): Promise<number> {
  const reg = await registry();
  const json = args.formatGiven && args.format === 'json';
  switch (args.practiceCommand!) {
    case 'list': {
      const rows = reg.ids.map((id) => {
        const q = reg.questionsOf(id);
        return { id, title: q.scenario.title, difficulty: q.scenario.difficulty, questions: q.questions.length };
      });
      if (json) io.out(`${JSON.stringify(rows)}\n`);
      else for (const r of rows) io.out(`${r.id}\t${r.difficulty}\t${r.questions} questions\t${r.title}\n`);
      return 0;
    }
    case 'questions': {
      const qs = reg.questionsOf(args.scenario!).questions.map((q) => ({ id: q.id, text: q.text, answerType: q.answerType }));
      if (json) io.out(`${JSON.stringify(qs)}\n`);
      else for (const q of qs) io.out(`${q.id}. [${q.answerType}] ${q.text}\n`);
      return 0;
    }
    case 'check': {
      const file = reg.questionsOf(args.scenario!);
      const answers = readAnswers(args.answers!);
      const known = new Set(file.questions.map((q) => q.id));
      const stray = Object.keys(answers).filter((k) => !known.has(k));
      if (stray.length) io.err(`huntbench: ignoring answers to unknown questions: ${stray.join(', ')}\n`);
      let score = 0;
      for (const q of file.questions) {
        const g = await gradeAnswer(q, answers[q.id]);
        if (g === 'correct') score++;
        io.out(`${q.id}\t${g}\n`);
      }
      io.out(`score: ${score}/${file.questions.length}\n`);
      return 0;
    }
    case 'verify': {
      const ids = args.scenario ? [reg.questionsOf(args.scenario).scenario.id] : reg.ids;
      let failed = 0;
      for (const id of ids) {
        const built = reg.questionsOf(id);
        const spec = resolveDataset(id, false);
        const runner = await createLocalRunner({ dataset: spec }, (m) => io.err(`${m}\n`));
        try {
          if (spec.kind === 'dir') {
            const p = path.join(spec.dir, 'questions.json');
            const shipped = fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : '';
            if (shipped !== `${JSON.stringify(built, null, 1)}\n`) {
              failed++;
              io.out(`${id}\tquestions.json\tFAIL ${shipped ? 'differs from the scenario definition (regenerate the dataset)' : 'missing'}\n`);
            }
          }
          const now = runner.catalog?.now;
          for (const q of built.questions) {
            const v = await verifyQuestion(q, async (kql) => {
              const r = await runner.run(kql);
              return r.ok ? r : { ok: false as const, error: r.error };
            });
            if (!v.ok) failed++;
            io.out(`${id}\t${q.id}\t${v.ok ? 'ok' : `FAIL ${v.reason}`}\n`);
          }
          void now;
        } finally {
          await runner.close();
        }
      }
      io.out(failed ? `verify: ${failed} failure(s)\n` : 'verify: all reference answers match\n');
      return failed ? 1 : 0;
    }
  }
}
