/**
 * parse_xml()'s answers (src/kql/host/xml.ts), one case per line: the page's conversion table, null
 * for text that is not well-formed, and a refusal for what the page leaves open.
 */
import { describe, expect, it } from 'vitest';
import { MAX_XML_BYTES, parseXml } from '../../src/kql/host/xml.ts';

const json = (x: string) => {
  const a = parseXml(x);
  if ('refuse' in a) throw new Error(a.refuse);
  return a.v === null ? null : JSON.parse(a.v as string);
};

describe('parse_xml answers', () => {
  it.each([
    // the page's table
    ['<e/>', { e: null }],
    ['<e>text</e>', { e: 'text' }],
    ['<e name="value" />', { e: { '@name': 'value' } }],
    ['<e name="value">text</e>', { e: { '@name': 'value', '#text': 'text' } }],
    ['<e> <a>text</a> <b>text</b> </e>', { e: { a: 'text', b: 'text' } }],
    ['<e> <a>text</a> <a>text</a> </e>', { e: { a: ['text', 'text'] } }],
    ['<e> text <a>text</a> </e>', { e: { '#text': 'text', a: 'text' } }],
    // the same infoset written otherwise: an empty element with an end tag, single quotes, a declaration
    ['<e></e>', { e: null }],
    ["<e a='v'/>", { e: { '@a': 'v' } }],
    ['<?xml version="1.0" encoding="UTF-8"?>\n<e>t</e>\n', { e: 't' }],
    // entities and character references are the characters they stand for
    ['<e>a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#65;&#x42;</e>', { e: 'a & b <c> "d" \'e\' AB' }],
    // whole numbers and hex stay text (the table maps element text to a string)
    ['<e><a>4228</a><b>0x3e7</b><c>-</c></e>', { e: { a: '4228', b: '0x3e7', c: '-' } }],
    // three repeats, nested elements, and the default namespace declaration as an attribute
    ['<r xmlns="urn:x"><d n="a">1</d><d n="b">2</d><d n="c"/></r>', { r: { '@xmlns': 'urn:x', d: [{ '@n': 'a', '#text': '1' }, { '@n': 'b', '#text': '2' }, { '@n': 'c' }] } }],
  ])('%s', (x, want) => {
    expect(json(x)).toEqual(want);
  });

  it.each([['<e>'], ['</e>'], ['<e><a></e></a>'], ['<e/><f/>'], ['x<e/>'], ['<e/>x'], ['<e>a & b</e>'], ['<e>&nbsp;</e>'], ['<e a="1" a="2"/>'], ['<e a="<"/>'], ['<e a=v/>'], ['<e>&#0;</e>'], [''], ['plain']])(
    'not well-formed: %s → null',
    (x) => {
      expect(parseXml(x)).toEqual({ v: null });
    },
  );

  it('text over 1 MB is null (the page)', () => {
    expect(parseXml(`<e>${'x'.repeat(MAX_XML_BYTES)}</e>`)).toEqual({ v: null });
    expect(json(`<e>${'x'.repeat(MAX_XML_BYTES - 9)}</e>`)).toEqual({ e: 'x'.repeat(MAX_XML_BYTES - 9) });
  });

  it.each([
    ['<e>118.0</e>', /fraction or exponent/],
    ['<e>1e5</e>', /fraction or exponent/],
    ['<e a="5"/>', /attribute value/],
    ['<e a=" x"/>', /attribute value/],
    ['<e a="false"/>', /attribute value/],
    ['<e> t </e>', /leading or trailing whitespace/],
    ['<e> </e>', /only whitespace/],
    ['<e><a/>t</e>', /after a child element/],
    ['<e n="v">t<a/></e>', /attributes, text and child elements/],
    ['<e><a/><b/><a/></e>', /not next to its namesake/],
    ['<e><!-- c --></e>', /comments/],
    ['<e><![CDATA[x]]></e>', /CDATA/],
    ['<?pi x?><e/>', /processing instructions/],
    ['<!DOCTYPE e><e/>', /DOCTYPE/],
    ['<p:e/>', /prefixed/],
    ['<e xmlns:p="urn:x"/>', /prefixed/],
    ['<é/>', /outside ASCII/],
    ['<e>a\r\nb</e>', /carriage return/],
    ['<e a="x\ty"/>', /tab or line break/],
  ])('refuses %s', (x, why) => {
    const a = parseXml(x);
    expect('refuse' in a && a.refuse).toMatch(why);
  });

  it('a refusal waits for the whole text: what is not well-formed anyway is null', () => {
    expect(parseXml('<p:e>')).toEqual({ v: null });
    expect(parseXml('<e><!-- c --></f>')).toEqual({ v: null });
  });
});
