/**
 * String functions, regexes and parse, table-driven. Expected values are the documented examples
 * of the KQL reference (substring, string_size, extract_all, trim, regex syntax, parse) or follow
 * from the documented rule named in the comment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import { compile } from '../../src/kql/index.ts';
import { runKql } from './helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(() => engine.close());

const CASES: [string, string, unknown[][]][] = [
  // substring(): documented examples; a negative start counts from the end
  ['substring docs', 'print a = substring("123456", 1), b = substring("123456", 2, 2), c = substring("ABCD", 0, 2), d = substring("123456", -2, 2)', [['23456', '34', 'AB', '56']]],
  // a start before the first character or past the end, or a negative length, selects nothing
  ['substring out of range', 'print a = substring("abc", -5, 2), b = substring("abc", 3), c = substring("abc", 1, -1), d = substring("abc", -1, 5)', [['', '', '', 'c']]],
  ['substring on a column', 'datatable(s:string, i:long)[ "hello",-3, "hi",-3, "hello",1 ] | project r = substring(s, i, 2)', [['ll'], [''], ['el']]],
  // string_size(): bytes of UTF-8 (documented: "⒦⒰⒮⒯⒪" is 15); strlen(): characters
  ['string_size docs', 'print a = string_size("hello"), b = string_size("⒦⒰⒮⒯⒪"), c = strlen("⒦⒰⒮⒯⒪")', [[5, 15, 5]]],
  // extract_all(): documented examples (one group, several groups, a subset of groups); no match is null
  ['extract_all one group', 'print a = extract_all(@"(\\d+)", "a set of numbers: 123, 567 and 789")', [[['123', '567', '789']]]],
  ['extract_all groups', 'print a = extract_all(@"(\\w)(\\w+)(\\w)", "82b8be2d-dfa7-4bd1-8f63-24ad26d31449")',
    [[[['8', '2b8be2', 'd'], ['d', 'fa', '7'], ['4', 'bd', '1'], ['8', 'f6', '3'], ['2', '4ad26d3144', '9']]]]],
  ['extract_all subset', 'print a = extract_all(@"(\\w)(\\w+)(\\w)", dynamic([1,3]), "82b8be2d-dfa7-4bd1-8f63-24ad26d31449")',
    [[[['8', 'd'], ['d', '7'], ['4', '1'], ['8', '3'], ['2', '9']]]]],
  ['extract_all no match', 'print a = extract_all(@"(\\d)", "none")', [[null]]],
  // trim(): the documented example; the regex is removed once at each end, not repeatedly
  ['trim docs', 'print a = trim("--", "--https://bing.com--"), b = trim_start("[^\\\\w]+", "$$abc"), c = trim_end("[^\\\\w]+", "abc!!")', [['https://bing.com', 'abc', 'abc']]],
  ['trim once', 'print a = trim("x", "xxaxx"), b = trim_start("x", "xxa"), c = trim_end("x", "axx"), d = trim("x+", "xxaxx")', [['xax', 'xa', 'ax', 'a']]],
  // regex syntax page: \d is \p{Nd}, \s and \w are Unicode classes
  ['unicode \\d', 'print a = "٣" matches regex @"^\\d$", b = "x" matches regex @"\\d", c = extract(@"(\\w+)", 1, "über alles")', [[true, false, 'über']]],
  ['unicode \\s', 'print a = trim(@"\\s+", "\u00a0 hi\u3000"), b = "a\u2003b" matches regex @"a\\sb"', [['hi', true]]],
  // replace() is the obsolete alias of replace_regex with the arguments (regex, rewrite, source)
  ['replace alias', 'print a = replace(@"is (\\d+)", @"was: \\1", "Number is 1"), b = replace_regex("Number is 1", @"is (\\d+)", @"was: \\1")', [['Number was: 1', 'Number was: 1']]],
  // bools in string contexts print as .NET does; inside dynamic values as JSON
  ['bool text', 'print a = tostring(true), b = strcat("x", false), c = tostring(dynamic(true)), d = tostring(dynamic({"b":true}).b)', [['True', 'xFalse', 'true', 'true']]],
  // `* !contains x`: no column contains x (the negation of `* contains x`)
  ['star negation', 'datatable(s:string, t:string)[ "ab","cd", "ab","xy" ] | where * !contains "x" | count', [[1]]],
  // parse kind=regex: string columns are greedy, integer columns -?\d+; flags=U makes strings lazy
  ['parse regex greedy', 'print s = "abc123def" | parse kind=regex s with a:string @"\\d+" b:string | project a, b', [['abc12', 'def']]],
  // U swaps greediness everywhere: `\d+` then takes one digit
  ['parse regex lazy', 'print s = "abc123def" | parse kind=regex flags=U s with a:string @"\\d+" b:string "$" | project a, b', [['abc', '23def']]],
  // an escaped bracket inside a class is the documented way (`[\[\]]`); trim_start removes one match
  ['escaped bracket in a class', "print a = trim_start(@'[\\[]', '[[x'), b = trim_end(@'[\\]]+', 'x]]')", [['[x', 'x']]],
  ['parse regex int', 'print s = "v1.22.-3" | parse kind=regex s with "v" x:long @"\\." y:int @"\\." z:long | project x, y, z', [[1, 22, -3]]],
];

describe('string semantics', () => {
  it.each(CASES)('%s', async (_name, kql, rows) => {
    expect(await runKql(engine, kql)).toEqual(rows);
  });
});

describe('refused string constructs', () => {
  it.each([
    ['print a = "a" matches regex "[a-z&&[^b]]"', 'set operation'],
    // community probe: trim_start(@'[[]', …). Kusto's regex page nests classes, so `[[]` never closes
    ["print a = trim_start(@'[[]', '[x')", "escape it as \\["],
    ['print a = extract_all(@"\\d+", "12 34")', 'without capture groups'],
    ['print a = extract_all(@"(a)", dynamic([2]), "a")', 'capture groups'],
    ['print s = "1.5" | parse kind=regex s with x:real', 'kind=regex column of type real'],
  ])('%s', (kql, msg) => {
    const r = compile(kql, { catalog: null, now: '2024-01-15T12:00:00Z' });
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0].code).toMatch(/^HB1\d\d$/);
    expect(r.diagnostics[0].message).toContain(msg);
    expect(r.diagnostics[0].start).toBeGreaterThan(0);
  });
});
