/**
 * The Practice view's state: the scenarios on offer (datasets that ship a questions.json), the open
 * scenario's questions, and the learner's progress, saved to storage after every change (so a
 * reload never loses it) and resettable. Grading is by answer value (practice/answers.ts).
 */
import { gradeAnswer } from '../practice/answers.ts';
import { blank, emptyProgress, nextOpen, parseProgress, type Progress, type QuestionProgress, storageKey, totals } from '../practice/progress.ts';
import { QUESTIONS_FORMAT, type PracticeQuestion, type QuestionsFile } from '../practice/types.ts';

export interface PracticeDeps {
  fetch: typeof fetch;
  datasetsUrl: string;
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
}

export interface ScenarioEntry {
  id: string;
  title: string;
  difficulty: string;
  description: string;
  questions: number;
}

/** `#/practice` or `#/practice/<scenario>[/<question>]`; null for other hashes. */
export function parsePracticeRoute(hash: string): { scenario?: string; question?: string } | null {
  const m = /^#\/practice(?:\/([\w.-]+)(?:\/([\w.-]+))?)?\/?$/.exec(hash);
  if (!m) return null;
  return { ...(m[1] ? { scenario: m[1] } : {}), ...(m[2] ? { question: m[2] } : {}) };
}

export class Practice {
  /** A practice route is open. */
  active = $state(false);
  scenarios = $state.raw<ScenarioEntry[]>([]);
  listed = $state(false);
  file = $state.raw<QuestionsFile | null>(null);
  progress = $state.raw<Progress | null>(null);
  /** The question in focus. */
  current = $state<string | null>(null);
  error = $state<string | null>(null);
  /** Feedback of the last check, per question. */
  feedback = $state<Record<string, string>>({});
  private files = new Map<string, QuestionsFile>();

  constructor(private readonly deps: PracticeDeps) {}

  readonly totals = $derived(this.file && this.progress ? totals(this.file.questions, this.progress) : null);

  /** Opens a route; returns false (and closes) when the hash is not a practice route. */
  async open(hash: string): Promise<boolean> {
    const r = parsePracticeRoute(hash);
    if (!r) {
      this.active = false;
      return false;
    }
    this.active = true;
    this.error = null;
    if (!r.scenario) {
      this.file = null;
      this.progress = null;
      await this.list();
      return true;
    }
    try {
      const f = await this.load(r.scenario);
      if (this.file?.scenario.id !== f.scenario.id) {
        this.file = f;
        this.progress = parseProgress(f.scenario.id, this.deps.storage.getItem(storageKey(f.scenario.id)));
        this.feedback = {};
        // another scenario's open question id means nothing here
        this.current = null;
      }
      this.current = r.question && f.questions.some((q) => q.id === r.question) ? r.question : (this.current && f.questions.some((q) => q.id === this.current) ? this.current : (nextOpen(f.questions, this.progress!) ?? f.questions[0]?.id ?? null));
    } catch (e) {
      this.file = null;
      this.error = `Scenario “${r.scenario}” cannot be opened: ${(e as Error).message ?? e}`;
    }
    return true;
  }

  async list(): Promise<void> {
    if (this.listed) return;
    let names: string[] = [];
    try {
      const res = await this.deps.fetch(`${this.deps.datasetsUrl}index.json`);
      if (res.ok) names = ((await res.json()) as { name: string }[]).map((d) => d.name);
    } catch {
      // no index: no scenarios
    }
    const out: ScenarioEntry[] = [];
    for (const n of names) {
      try {
        const f = await this.load(n);
        out.push({ id: f.scenario.id, title: f.scenario.title, difficulty: f.scenario.difficulty, description: f.scenario.description, questions: f.questions.length });
      } catch {
        // a dataset without questions is not a scenario
      }
    }
    this.scenarios = out;
    this.listed = true;
  }

  private async load(id: string): Promise<QuestionsFile> {
    const cached = this.files.get(id);
    if (cached) return cached;
    const res = await this.deps.fetch(`${this.deps.datasetsUrl}${encodeURIComponent(id)}/questions.json`);
    if (!res.ok) throw new Error(`no questions.json (HTTP ${res.status})`);
    const f = (await res.json()) as QuestionsFile;
    if (f?.format !== QUESTIONS_FORMAT || !Array.isArray(f.questions)) throw new Error('questions.json is not a huntbench questions file');
    this.files.set(id, f);
    return f;
  }

  question(id: string): PracticeQuestion | undefined {
    return this.file?.questions.find((q) => q.id === id);
  }

  state(id: string): QuestionProgress {
    return this.progress?.questions[id] ?? blank();
  }

  private update(id: string, change: Partial<QuestionProgress>): void {
    if (!this.progress) return;
    const q = { ...this.state(id), ...change };
    this.progress = { ...this.progress, questions: { ...this.progress.questions, [id]: q } };
    this.save();
  }

  private save(): void {
    if (!this.progress) return;
    try {
      this.deps.storage.setItem(storageKey(this.progress.scenario), JSON.stringify(this.progress));
    } catch {
      this.error = 'Progress could not be saved (browser storage is full or disabled).';
    }
  }

  /** Keeps what is typed (so a reload shows it) without grading. */
  draft(id: string, text: string): void {
    if (this.state(id).state === 'open') this.update(id, { last: text });
  }

  async submit(id: string, text: string): Promise<'correct' | 'incorrect' | 'unanswered'> {
    const q = this.question(id);
    if (!q || this.state(id).state !== 'open') return 'unanswered';
    const g = await gradeAnswer(q, text);
    if (g === 'unanswered') {
      this.feedback = { ...this.feedback, [id]: 'Type an answer first.' };
      return g;
    }
    const p = this.state(id);
    if (g === 'correct') {
      this.update(id, { state: 'solved', attempts: p.attempts + 1, last: text, wrong: false });
      this.feedback = { ...this.feedback, [id]: 'Correct.' };
    } else {
      this.update(id, { attempts: p.attempts + 1, last: text, wrong: true });
      this.feedback = { ...this.feedback, [id]: 'Not this one. Check the hints, or refine your query.' };
    }
    return g;
  }

  hint(id: string): void {
    const q = this.question(id);
    const p = this.state(id);
    if (q && p.state === 'open' && p.hints < q.hints.length) this.update(id, { hints: p.hints + 1 });
  }

  giveUp(id: string): void {
    if (this.state(id).state === 'open') this.update(id, { state: 'gave-up' });
  }

  /** The next open question after the current one (null when every question is done). */
  next(): string | null {
    if (!this.file || !this.progress) return null;
    return nextOpen(this.file.questions, this.progress, this.current ?? undefined);
  }

  reset(): void {
    if (!this.file) return;
    this.deps.storage.removeItem(storageKey(this.file.scenario.id));
    this.progress = emptyProgress(this.file.scenario.id);
    this.feedback = {};
    this.current = this.file.questions[0]?.id ?? null;
  }
}
