/** Practice progress: scoring with hint costs, next-question flow, and tolerant reading of storage. */
import { describe, expect, it } from 'vitest';
import { briefingHtml } from '../../src/practice/markdown.ts';
import { nextOpen, parseProgress, questionScore, totals } from '../../src/practice/progress.ts';
import type { PracticeQuestion } from '../../src/practice/types.ts';

const Q = (id: string): PracticeQuestion => ({ id, text: id, answerType: 'text', points: 10, hints: ['a', 'b'], hintCost: 2, kql: '', answerFrom: 'column', salt: '', answerHash: '' });
const QS = ['1', '2', '3'].map(Q);

describe('progress', () => {
  it('scores solved questions minus hint costs; giving up scores zero', () => {
    const p = parseProgress('s', JSON.stringify({ version: 1, scenario: 's', questions: { '1': { state: 'solved', hints: 1, attempts: 2, last: 'x' }, '2': { state: 'gave-up', hints: 2, attempts: 0, last: '' } } }));
    expect(questionScore(QS[0], p.questions['1'])).toBe(8);
    expect(questionScore(QS[1], p.questions['2'])).toBe(0);
    expect(totals(QS, p)).toEqual({ score: 8, max: 30, solved: 1, done: 2 });
    expect(nextOpen(QS, p, '1')).toBe('3');
    expect(nextOpen(QS, p, '3')).toBe('3');
  });

  it('never lets hints push a score below zero', () => {
    expect(questionScore({ ...QS[0], hintCost: 7 }, { state: 'solved', hints: 2, attempts: 1, last: '' })).toBe(0);
  });

  it('starts afresh on unreadable or foreign storage', () => {
    expect(parseProgress('s', '{not json').questions).toEqual({});
    expect(parseProgress('s', JSON.stringify({ version: 1, scenario: 'other', questions: { '1': { state: 'solved' } } })).questions).toEqual({});
    expect(parseProgress('s', JSON.stringify({ version: 1, scenario: 's', questions: { '1': { state: 'bogus' } } })).questions).toEqual({});
  });
});

describe('briefingHtml', () => {
  it('renders the subset and escapes markup', () => {
    const html = briefingHtml('# Title\n\nSome **bold** and `code` <script>x</script>\n\n- one\n  more\n- two\n\n```sh\na < b\n```');
    expect(html).toContain('<h2>Title</h2>');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('<ul><li>one more</li><li>two</li></ul>');
    expect(html).toContain('<pre><code>a &lt; b</code></pre>');
  });
});
