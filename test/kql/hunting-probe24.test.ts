/**
 * Fixes found by a twenty-fourth probe of public hunting queries (Sentinel and Defender XDR,
 * /work/wt/probes/probe24). Each expected value follows from the cited documentation; what it does
 * not settle stays a coded refusal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import { refused, runKql } from './helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => {
  await engine?.close();
});

const run = (kql: string) => runKql(engine, kql);

// The regex syntax page (learn.microsoft.com/kusto/query/re2): "[xyz] Character class matching either
// x, y or z (union)", "Any named character class can appear inside a bracketed [...] class", negation
// applies to the whole class ("[^a-z&&b] == [^[a-z&&b]]"), and \s / \w are Unicode classes there
// (\d is \p{Nd}). So [\S] is "not white space", [\s\S] any character, [^\S] white space.
describe('negated Perl classes inside a bracketed class', () => {
  it('[\\S]+ as Azure-Sentinel ADFSDBLocalSqlStatements writes it', async () => {
    // extract("action_id:([\\S]+)", 1, RenderedDescription): the run of non-space text after the key;
    // before, the pattern was refused (HB100).
    expect(await run(`print extract("action_id:([\\\\S]+)", 1, "x action_id:SL  next")`)).toEqual([['SL']]);
  });
  it('is Unicode: a no-break space (U+00A0) ends the run, as it ends \\S', async () => {
    expect(await run(`print a = extract(@"([\\S]+)", 1, "ab\\u00a0cd"), b = extract(@"(\\S+)", 1, "ab\\u00a0cd")`)).toEqual([['ab', 'ab']]);
  });
  it('[\\s\\S] is any character, a line break included', async () => {
    expect(await run(`print extract(@"a([\\s\\S]+)z", 1, "a1\\n2z")`)).toEqual([['1\n2']]);
  });
  it('a union with other members: [\\W\\d] is non-word characters or digits', async () => {
    expect(await run(`print extract(@"([\\W\\d]+)", 1, "ab-3!x")`)).toEqual([['-3!']]);
  });
  it('[^\\S] is white space', async () => {
    expect(await run(`print strlen(extract(@"([^\\S]+)", 1, "ab \\t\\u00a0cd"))`)).toEqual([[3]]);
  });
  it('a negated class holding \\S and other members, or \\S at a range dash, stays refused', () => {
    // [^\Sx] is white space other than x: an intersection RE2 cannot spell inside one class.
    expect(refused(`print extract(@"([^\\Sx]+)", 1, "a b")`).code).toBe('HB100');
    // [\S-x] has no union form (a range whose end is a class).
    expect(refused(`print extract(@"([\\S-x]+)", 1, "a b")`).code).toBe('HB100');
  });
});
