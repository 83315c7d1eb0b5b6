/** `huntbench practice` (issue 12 contract), run in-process on the committed datasets. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.ts';
import { SCENARIOS } from '../../src/lab/scenarios/index.ts';

async function hb(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(argv, { out: (s) => void (out += s), err: (s) => void (err += s) });
  return { code, out, err };
}

function answersFile(obj: unknown): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hb-practice-'));
  const f = path.join(dir, 'answers.json');
  fs.writeFileSync(f, typeof obj === 'string' ? obj : JSON.stringify(obj));
  return f;
}

describe('huntbench practice', () => {
  it('list --format json gives id, title, difficulty and the number of questions of every scenario', async () => {
    const r = await hb(['practice', 'list', '--format', 'json']);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.out);
    expect(list.map((x: { id: string }) => x.id)).toEqual(SCENARIOS.map((s) => s.id));
    expect(list[0]).toEqual({ id: 'lab', title: expect.any(String), difficulty: 'introductory', questions: 22 });
  });

  it('questions: lab ids are "1".."22" with text and answer type, and no answers', async () => {
    const r = await hb(['practice', 'questions', '--scenario', 'lab', '--format', 'json']);
    expect(r.code).toBe(0);
    const qs = JSON.parse(r.out);
    expect(qs.map((q: { id: string }) => q.id)).toEqual(Array.from({ length: 22 }, (_, i) => String(i + 1)));
    expect(Object.keys(qs[0]).sort()).toEqual(['answerType', 'id', 'text']);
    expect(r.out).not.toContain('4ad493d890092d6da645043be925925bca4cff27",'); // Q22's answer is not printed as a value
  });

  it('check grades by value: correct, incorrect, unanswered, then the score', async () => {
    const f = answersFile({ '4': 'PowerShell.exe', '7': '2024-05-14 09:46:41.3', '12': 28, '22': '4AD493D890092D6DA645043BE925925BCA4CFF27', '1': ['wscript.exe', 'powershell.exe'] });
    const r = await hb(['practice', 'check', '--scenario', 'lab', '--answers', f]);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines).toHaveLength(23);
    const grade = Object.fromEntries(lines.slice(0, 22).map((l) => l.split('\t')));
    expect(grade).toMatchObject({ '1': 'correct', '4': 'correct', '7': 'correct', '12': 'incorrect', '22': 'correct', '2': 'unanswered' });
    expect(lines[22]).toBe('score: 4/22');
  });

  it('usage errors exit 2', async () => {
    expect((await hb(['practice'])).code).toBe(2);
    expect((await hb(['practice', 'questions'])).code).toBe(2);
    expect((await hb(['practice', 'questions', '--scenario', 'nope'])).code).toBe(2);
    expect((await hb(['practice', 'check', '--scenario', 'lab'])).code).toBe(2);
    expect((await hb(['practice', 'check', '--scenario', 'lab', '--answers', '/no/such/file.json'])).code).toBe(2);
    expect((await hb(['practice', 'check', '--scenario', 'lab', '--answers', answersFile('[1,2]')])).code).toBe(2);
    expect((await hb(['practice', 'check', '--scenario', 'lab', '--answers', answersFile('{"1": {"a": 1}}')])).code).toBe(2);
  });

  it('verify runs every reference query of the lab and finds the stored answers', async () => {
    const r = await hb(['practice', 'verify', '--scenario', 'lab']);
    expect(r.out).toContain('verify: all reference answers match');
    expect(r.out.split('\n').filter((l) => l.endsWith('\tok'))).toHaveLength(22);
    expect(r.code).toBe(0);
  }, 120_000);
});
