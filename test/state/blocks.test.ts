import { describe, expect, it } from 'vitest';
import { blockAt, splitBlocks } from '../../src/state/blocks.ts';

describe('splitBlocks', () => {
  it.each([
    ['', []],
    ['   \n\n', []],
    ['T | take 1', ['T | take 1']],
    ['A\n| take 1\n\nB\n  \nC', ['A\n| take 1', 'B', 'C']],
    ['\n\nA\r\n\r\nB\r\n', ['A', 'B']],
  ])('%j', (text, expected) => {
    const blocks = splitBlocks(text);
    expect(blocks.map((b) => b.text)).toEqual(expected);
    for (const b of blocks) expect(text.slice(b.start, b.end)).toBe(b.text);
  });
});

describe('blockAt', () => {
  const text = 'A\n| take 1\n\nB | count\n\n\nC';
  it('finds the block under the caret', () => {
    expect(blockAt(text, 0)?.text).toBe('A\n| take 1');
    expect(blockAt(text, 4)?.text).toBe('A\n| take 1');
    expect(blockAt(text, text.indexOf('B') + 3)?.text).toBe('B | count');
    expect(blockAt(text, text.length)?.text).toBe('C');
  });
  it('on a blank line prefers the block above', () => {
    expect(blockAt(text, text.indexOf('B') - 1)?.text).toBe('A\n| take 1');
    expect(blockAt('\n\nX', 0)?.text).toBe('X');
  });
  it('returns null for empty text', () => {
    expect(blockAt('  ', 1)).toBeNull();
  });
});
