/**
 * Wrong answers found by probing edge values of string, conversion, parse and datetime/timespan
 * formatting functions (audit6, session 24); each case names its evidence.
 */
import { describe, expect, it } from 'vitest';
import { useAnswer } from './helpers.ts';

/** The rows, or the error's code when the query is refused. */
const answer = useAnswer();

describe('format_timespan() reads only the elements its page lists', () => {
  // The page (format-timespan-function) lists d…dddddddd, f…fffffff, F…FFFFFFF, H/HH, m/mm, s/ss
  // (h/hh in its example) and the delimiters ' ', '/', '-', ':', ',', '.', '_', '[', ']'. 'hhh' was
  // a zero-padded hour ('001'), though format_datetime reads 'ddd' as 'dd' 'd' (oracle
  // saoc-r3-datetime-timespan-0041: '099'); 'ffffffff' gave 7 digits; quoted literals, backslash
  // escapes and other characters were copied. The oracle's Kusto refused a format holding
  // 'd\\.hh\\:mm\\:ss' (saoc-r3-datetime-timespan-0022); format_datetime already refuses all these.
  it.each([
    ['hhh', "print format_timespan(1h, 'hhh')"],
    ['mmm', "print format_timespan(1h + 2m, 'mmm')"],
    ['sss', "print format_timespan(3s, 'sss')"],
    ['HHH', "print format_timespan(3h, 'HHH')"],
    ['nine d', "print format_timespan(1d, 'ddddddddd')"],
    ['eight f', "print format_timespan(1.5s, 'ffffffff')"],
    ['quoted literal', "print format_timespan(1h, \"hh' h'\")"],
    ['backslash escape', "print format_timespan(1h, 'hh\\\\:mm')"],
    ['other character', "print format_timespan(1h, 'hh#mm')"],
    ['other character (column)', "datatable(t:timespan)[1h] | project f = format_timespan(t, 'hh(mm)')"],
  ])('%s is refused', async (_what, kql) => {
    expect(await answer(kql)).toBe('HB100');
  });
  it('the documented elements and delimiters still answer', async () => {
    // the page's example; and saoc-r3-datetime-timespan-0046 ('dddd' of 1d is '0001')
    expect(await answer("let t = time(29.09:00:05.12345); print v1=format_timespan(t, 'dd.hh:mm:ss:FF'), v2=format_timespan(t, 'ddd.h:mm:ss [fffffff]')")).toEqual([['29.09:00:05:12', '029.9:00:05 [1234500]']]);
    expect(await answer("print a = format_timespan(1d, 'dddd'), b = format_timespan(1d, 'dddddddd'), c = format_timespan(-1d - 1h, 'd_H,m/s-ff')")).toEqual([['0001', '00000001', '-1_1,0/0-00']]);
  });
});

describe('indexof() with a negative start before the text, or past a character beyond the BMP', () => {
  // The indexof page says a negative start counts from the end (its example: indexof("abcdefg",
  // "cde", -5) is 2) and also that a start below 0 gives null; where the offset reaches before the
  // text's start, which holds is not shown. It was read as 0 (indexof("abc", "a", -5) was 0).
  it('a negative start reaching before the start is refused', async () => {
    expect(await answer('print indexof("abc", "a", -5)')).toBe('HB162');
    expect(await answer('datatable(s:string)["abc", "x"] | project i = indexof(s, "c", -2)')).toBe('HB162');
  });
  it('the page example and starts within the text still answer', async () => {
    // page example idx5; a start past the end is -1 (oracle saoc-r3-string-ops-0012: indexof("''", "'", 3))
    expect(await answer('print a = indexof("abcdefg", "cde", -5), b = indexof("abc", "c", -1), c = indexof("abc", "a", -3), d = indexof("ab", "b", 3)')).toEqual([[2, 2, 0, -1]]);
  });
  // strlen's page says it counts code points (strlen("😀") is 1 in the oracle), .NET's IndexOf counts
  // UTF-16 units; what indexof counts is not documented. indexof("a😀b", "b") answered 2.
  it('a match after a character beyond the BMP is refused', async () => {
    expect(await answer('print indexof("a😀b", "b")')).toBe('HB162');
    expect(await answer('print indexof("a😀b", "b", 1)')).toBe('HB162');
    expect(await answer('datatable(s:string)["😀x"] | project i = indexof(s, "x")')).toBe('HB162');
  });
  it('matches before such a character, misses and BMP text still answer', async () => {
    expect(await answer('print a = indexof("a😀b", "a"), b = indexof("a😀b", "x"), c = indexof("a😀b", "😀"), d = indexof("café", "é")')).toEqual([[0, -1, 1, 3]]);
  });
});

describe('case-insensitive term tests of text with letters the case foldings disagree on', () => {
  // has/hasprefix/hassuffix/has_any/search matched with RE2's (?i), which folds the Kelvin sign to
  // k and ſ to s: "\u212Aelvin" has "kelvin" was true. .NET's OrdinalIgnoreCase compares upper
  // cases (the Kelvin sign's is itself), and which folding Kusto uses is not documented; =~, in~ and
  // contains already refuse such text (hb_ci, HB162), so the term tests now do too.
  it.each([
    ['has', 'print a = "\\u212Aelvin" has "kelvin"'],
    ['hasprefix', 'datatable(s:string)["\\u212Aelvin"] | where s hasprefix "kel"'],
    ['hassuffix', 'datatable(s:string)["fooſ"] | where s hassuffix "s"'],
    ['has_any', 'datatable(s:string)["x µ y", "abc"] | where s has_any ("abc", "q")'],
    ['search', 'datatable(s:string)["\\u212Aelvin"] | search "kelvin"'],
    ['computed needle', 'datatable(s:string, n:string)["\\u212Aelvin", "kelvin"] | where s has n'],
    ['needle holding one', 'print a = "kelvin" has "\\u212Aelvin"'],
  ])('%s is refused', async (_what, kql) => {
    expect(await answer(kql)).toBe('HB162');
  });
  it('other text and the case-sensitive forms still answer', async () => {
    // oracle saoc-r1-string-ops-0010: "NAÏVE" has "naïve"
    expect(await answer('print a = "NAÏVE x" has "naïve", b = "\\u212Aelvin" has_cs "Kelvin", c = "hello world" hasprefix "WOR", d = "straße" has "strasse"')).toEqual([[true, false, true, false]]);
    expect(await answer('datatable(s:string, n:string)["hello world", "WORLD", "xx", "x"] | where s has n')).toEqual([['hello world', 'WORLD']]);
  });
});

describe('decimals that are NaN, infinite, out of range, or read from undocumented text', () => {
  // Decimals are kept as reals here, so todecimal("NaN") was NaN, todecimal(1)/todecimal(0)
  // Infinity, decimal(1e20) * decimal(1e20) 1e40 and decimal(nan) a literal. The decimal page
  // (scalar-data-types/decimal) describes a 128-bit decimal number with literals decimal(1.0),
  // decimal(1e5) and decimal(null) only: no NaN or infinity, and nothing beyond its range; what
  // Kusto gives instead (null or an error) is not documented. todecimal("1e3") and "1,000": .NET's
  // decimal parsing takes or leaves exponents and separators by its NumberStyles, not documented.
  it.each([
    ['todecimal("NaN")', 'datatable(s:string)["NaN"] | project d = todecimal(s)'],
    ['todecimal("inf")', 'print todecimal("inf")'],
    ['todecimal("1e3")', 'print todecimal("1e3")'],
    ['todecimal of "1e3" in a column', 'datatable(s:string)["1e3"] | project d = todecimal(s)'],
    ['todecimal("1,000")', 'datatable(s:string)["1,000"] | project d = todecimal(s)'],
    ['todecimal of a NaN real', 'datatable(r:real)[real(nan)] | project d = todecimal(r)'],
    ['decimal division by zero', 'print todecimal(1) / todecimal(0)'],
    ['decimal modulo by zero', 'datatable(d:decimal)[decimal(5)] | project m = d % decimal(0)'],
    ['a product beyond the range', 'datatable(d:decimal)[decimal(1e20)] | project x = d * d'],
    ['parse into a decimal column', 'datatable(s:string)["a=NaN"] | parse s with "a=" d:decimal'],
    ['parse-kv into a decimal column', 'datatable(s:string)["a=1e3"] | parse-kv s as (a:decimal) with (pair_delimiter=";", kv_delimiter="=")'],
    ['todecimal of text in a dynamic value', 'datatable(d:dynamic)[dynamic({"a":"1e3"})] | project x = todecimal(d.a)'],
  ])('%s is refused', async (_what, kql) => {
    expect(await answer(kql)).toBe('HB162');
  });
  it('decimal(nan) is refused at compile time', async () => {
    expect(await answer('print decimal(nan)')).toBe('HB100');
  });
  it('plain decimal text and arithmetic still answer', async () => {
    // oracle saoc-r1-type-casts-coercion-0009 (todecimal("3.14159"), "abc" null, 10/3) and the
    // datatable division of saoc-r1-type-casts-coercion-0033
    expect(await answer('print d1 = todecimal("3.25"), d2 = todecimal("abc"), d3 = todecimal(10) / todecimal(3)')).toEqual([[3.25, null, 3.3333333333333335]]);
    expect(await answer('datatable(d:decimal)[ decimal(10), decimal(3), decimal(0) ] | extend div = d / decimal(3)')).toEqual([[10, 3.3333333333333335], [3, 1], [0, 0]]);
    expect(await answer('datatable(s:string)[" 2.5 ", "", "-3", ".5"] | project d = todecimal(s)')).toEqual([[2.5], [null], [-3], [0.5]]);
  });
});

describe('totimespan() of text with white space around it', () => {
  // totimespan(" 01:00 ") was 01:00:00 (trimmed). The totimespan page shows "0.00:03:00" only, and
  // todatetime() already refuses such text (hb_str_to_dt: whether Kusto trims it is not documented).
  it.each([
    ['constant', 'print totimespan(" 01:00 ")'],
    ['column', 'datatable(s:string)["1d "] | project t = totimespan(s)'],
    ['parse column', 'datatable(s:string)["a= 01:00"] | parse s with "a=" t:timespan'],
  ])('%s is refused', async (_what, kql) => {
    expect(await answer(kql)).toBe('HB162');
  });
  it('the oracle forms still answer', async () => {
    // saoc-r1-type-casts-coercion-0022/0025 and saoc-r2-datetime-timespan-0024
    expect(await answer('print a = totimespan("1.02:03:04"), b = totimespan("01:00:00"), c = totimespan("abc"), d = totimespan("1d"), e = totimespan(\'-00:30:00\')')).toEqual([['1.02:03:04', '01:00:00', null, '1.00:00:00', '-00:30:00']]);
  });
});

describe('parse (kind=simple/relaxed) of a number column whose text is not plain digits', () => {
  // The column read the text up to the next delimiter and converted it as toint()/todouble() do:
  // parse "a= 5" with "a=" t:int gave 5, "+5" 5, "0x10" 16, "1e3" 1000. The parse page gives
  // kind=regex's pattern for a long (`\-\d+`), not kind=simple's; whether that mode's pattern takes
  // white space, a plus sign, hex or an exponent is not documented.
  it.each([
    ['white space', 'datatable(s:string)["a= 5"] | parse s with "a=" t:int'],
    ['plus sign', 'datatable(s:string)["a=+5,"] | parse s with "a=" t:int "," *'],
    ['hex', 'datatable(s:string)["a=0x10,"] | parse s with "a=" t:long "," *'],
    ['exponent (relaxed)', 'datatable(s:string)["a=1e3,"] | parse kind=relaxed s with "a=" t:real "," *'],
    ['real with white space', 'datatable(s:string)["a= 1.5,"] | parse-where s with "a=" t:real "," *'],
  ])('%s is refused', async (_what, kql) => {
    expect(await answer(kql)).toBe('HB162');
  });
  it('plain digits and text that does not convert still answer', async () => {
    // oracle saoc-r1-parse-search-0000 ("garbage" leaves the columns empty)
    expect(await answer('datatable(s:string)[ "name=alice age=30", "name=bob age=25", "garbage" ] | parse s with "name=" name " age=" age:int | project name, age')).toEqual([['alice', 30], ['bob', 25], ['', null]]);
    expect(await answer('datatable(s:string)["a=5,b=-1.25", "a=x,b=2"] | parse kind=relaxed s with "a=" t:int ",b=" r:real | project t, r')).toEqual([[5, -1.25], [null, 2]]);
  });
});

describe('tolower(İ) and toupper(ı)', () => {
  // DuckDB applies Unicode's Turkish mappings (İ → i, ı → I); .NET's invariant casing leaves them
  // out (İ stays İ, ı stays ı). The tolower/toupper pages do not say which casing Kusto uses, and =~
  // already refuses these letters (hb_ci), so text holding them is refused here too.
  it.each([
    ['tolower("İ")', 'print tolower("İstanbul")'],
    ['toupper("ı")', 'datatable(s:string)["kırmızı"] | project u = toupper(s)'],
  ])('%s is refused', async (_what, kql) => {
    expect(await answer(kql)).toBe('HB162');
  });
  it('other letters still answer', async () => {
    // oracle saoc-r1-string-ops-0027 (café, naïve, Über) and ß kept by toupper
    expect(await answer('print a = toupper("straße"), b = tolower("ÜBER"), c = toupper("i"), d = tolower("I"), e = toupper("naïve")')).toEqual([['STRAßE', 'über', 'I', 'i', 'NAÏVE']]);
  });
});

describe('has_any() over a list known only at run time, of text the case foldings disagree on', () => {
  // has_any with a dynamic column compared lower() of the text's terms with lower() of the needles:
  // "\u212Aelvin" has_any (["kelvin"]) was true (the Kelvin sign lower-cases to k). Refused as for
  // the other case-insensitive term tests (above).
  it('is refused', async () => {
    expect(await answer('datatable(s:string, l:dynamic)["\\u212Aelvin", dynamic(["kelvin"])] | where s has_any (l)')).toBe('HB162');
    expect(await answer('datatable(s:string, l:dynamic)["x", dynamic(["\\u212Aelvin"])] | where s has_any (l)')).toBe('HB162');
  });
  it('other text still answers', async () => {
    expect(await answer('datatable(s:string, l:dynamic)["hello World", dynamic(["world"]), "x", dynamic(["y"])] | where s has_any (l) | project s')).toEqual([['hello World']]);
  });
});
