/**
 * parse_xml(), computed in JavaScript (a host function: lower/families/host.ts). The answer is the
 * JSON text of the dynamic value, or null.
 *
 * The parse_xml page gives the conversion as a table, and that is what is answered:
 *  - `<e/>` → {"e": null}; `<e>text</e>` → {"e": "text"};
 *  - attributes → "@name" keys (`<e name="value"/>` → {"e": {"@name": "value"}}), with the element's
 *    text as "#text" (`<e name="value">text</e>`);
 *  - child elements → keys in document order (whitespace between them is not text), a name that
 *    repeats → an array (`<e><a>text</a><a>text</a></e>` → {"e": {"a": ["text", "text"]}});
 *  - text before the first child element → "#text" first, trimmed (`<e> text <a>text</a> </e>`);
 *  - text that is not well-formed XML → null, as is text over 1 MB (1,048,576 UTF-8 bytes).
 * Text is a JSON string, as the table maps it (`<e>text</e>` → "text"). The page's closing example
 * prints `<value>118.0</value>` as 118.0, a number: an element text spelled as a number with a
 * fraction or an exponent is therefore refused (which of the two Kusto gives is not settled by the
 * page), while whole numbers stay text as the table says.
 *
 * Refused (`{ refuse }`, the compile stops with HB120): what the page leaves open — comments,
 * processing instructions other than a leading XML declaration, CDATA sections and DOCTYPEs (the
 * page says they are "skipped", not how the text around them then joins), prefixed (namespaced)
 * names other than a default `xmlns` declaration (kept as the attribute "@xmlns", which the
 * DOM counts among an element's attributes), attribute values an attribute reading might type
 * (number-like, true/false/null, empty or padded), text with leading or trailing whitespace outside
 * mixed content, whitespace-only element content, text after a child element or between two of
 * them, mixed content with attributes, a repeated child name that is not adjacent, a carriage
 * return (line-end normalisation), and names outside ASCII.
 */
import type { HostAnswer } from './inflate.ts';

/** The page: "Maximal input string length for parse_xml is 1 MB (1,048,576 bytes)". */
export const MAX_XML_BYTES = 1_048_576;

class Invalid extends Error {}
class Refused extends Error {}

type Node = { name: string; attrs: [string, string][]; kids: (Node | string)[] };

const NAME = /[A-Za-z_][A-Za-z0-9_.-]*/y;
const WS = /[ \t\n\r]*/y;

/** The five predefined entities and character references; anything else is not well-formed. */
function decode(s: string): string {
  return s.replace(/&([^;&]*);?/g, (m, body: string) => {
    if (!m.endsWith(';')) throw new Invalid();
    if (body === 'lt') return '<';
    if (body === 'gt') return '>';
    if (body === 'amp') return '&';
    if (body === 'quot') return '"';
    if (body === 'apos') return "'";
    const num = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(body);
    if (!num) throw new Invalid();
    const cp = num[1] !== undefined ? parseInt(num[1], 16) : parseInt(num[2], 10);
    // XML 1.0 Char: tab, LF, CR, U+0020..U+D7FF, U+E000..U+FFFD, U+10000..U+10FFFF
    if (!(cp === 9 || cp === 10 || cp === 13 || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff))) throw new Invalid();
    if (cp === 13) throw new Refused('parse_xml() of a carriage return (XML line-end handling is not documented)');
    return String.fromCodePoint(cp);
  });
}

/**
 * A recursive-descent reader of the XML subset above. What is not well-formed throws `Invalid`
 * (the answer is null); what the page leaves open is noted in `refusal` and reading goes on, so
 * that text which is not well-formed anyway is still null.
 */
class Reader {
  i = 0;
  refusal: string | undefined;
  constructor(readonly s: string) {}
  refuse(why: string): void {
    this.refusal ??= why;
  }
  ws(): void {
    WS.lastIndex = this.i;
    WS.exec(this.s);
    this.i = WS.lastIndex;
  }
  name(): string {
    NAME.lastIndex = this.i;
    const m = NAME.exec(this.s);
    // a name character outside ASCII or a prefix: XML allows these, the page does not say
    const other = /[^\s<>/=!?"'&;,()[\]{}]+/uy;
    other.lastIndex = this.i;
    if (!m) {
      const o = other.exec(this.s);
      if (!o || /^[-.0-9:]/.test(o[0])) throw new Invalid();
      this.refuse('parse_xml() of a name outside ASCII letters, digits, _ . -');
      this.i = other.lastIndex;
      return o[0];
    }
    this.i = NAME.lastIndex;
    if (this.s[this.i] === ':' || /^[^\s<>/=!?"'&;,()[\]{}]/u.test(this.s.slice(this.i, this.i + 2))) {
      const o = other.exec(this.s);
      this.i = other.lastIndex;
      this.refuse(o![0].includes(':') ? 'parse_xml() of a prefixed (namespaced) name (its JSON key is not documented)' : 'parse_xml() of a name outside ASCII letters, digits, _ . -');
      return o![0];
    }
    return m[0];
  }
  decode(raw: string): string {
    try {
      return decode(raw);
    } catch (err) {
      if (!(err instanceof Refused)) throw err;
      this.refuse(err.message);
      return raw;
    }
  }
  /** A comment, processing instruction or CDATA section at `i`: skipped (well-formedness checked) and refused. */
  skipOther(): boolean {
    const forms: [string, string][] = [['<!--', '-->'], ['<?', '?>'], ['<![CDATA[', ']]>']];
    for (const [open, close] of forms) {
      if (!this.s.startsWith(open, this.i)) continue;
      const end = this.s.indexOf(close, this.i + open.length);
      if (end < 0) throw new Invalid();
      this.i = end + close.length;
      this.refuse('parse_xml() of XML holding comments, processing instructions or CDATA sections (the page skips them without saying how the text around them joins)');
      return true;
    }
    if (this.s.startsWith('<!', this.i)) throw new Refused('parse_xml() of XML holding a DOCTYPE or another declaration (not documented)');
    return false;
  }
  element(): Node {
    if (this.s[this.i] !== '<') throw new Invalid();
    this.i++;
    const name = this.name();
    const attrs: [string, string][] = [];
    for (;;) {
      const before = this.i;
      this.ws();
      const c = this.s[this.i];
      if (c === '/' || c === '>') break;
      if (this.i === before) throw new Invalid();
      const an = this.name();
      this.ws();
      if (this.s[this.i] !== '=') throw new Invalid();
      this.i++;
      this.ws();
      const q = this.s[this.i];
      if (q !== '"' && q !== "'") throw new Invalid();
      const end = this.s.indexOf(q, this.i + 1);
      if (end < 0) throw new Invalid();
      const raw = this.s.slice(this.i + 1, end);
      if (raw.includes('<')) throw new Invalid();
      if (/[\t\n\r]/.test(raw)) this.refuse('parse_xml() of an attribute value holding a tab or line break (attribute-value normalisation is not documented)');
      this.i = end + 1;
      if (attrs.some(([k]) => k === an)) throw new Invalid();
      attrs.push([an, this.decode(raw)]);
    }
    if (this.s.startsWith('/>', this.i)) {
      this.i += 2;
      return { name, attrs, kids: [] };
    }
    this.i++;
    const kids: (Node | string)[] = [];
    for (;;) {
      const lt = this.s.indexOf('<', this.i);
      if (lt < 0) throw new Invalid();
      if (lt > this.i) {
        const raw = this.s.slice(this.i, lt);
        if (raw.includes('>') && raw.includes(']]>')) throw new Invalid();
        if (raw.includes('\r')) this.refuse('parse_xml() of a carriage return (XML line-end handling is not documented)');
        kids.push(this.decode(raw));
      }
      this.i = lt;
      if (this.s.startsWith('</', lt)) {
        this.i = lt + 2;
        if (this.name() !== name) throw new Invalid();
        this.ws();
        if (this.s[this.i] !== '>') throw new Invalid();
        this.i++;
        return { name, attrs, kids };
      }
      if (this.skipOther()) continue;
      kids.push(this.element());
    }
  }
}

const blank = (s: string) => /^[ \t\n\r]*$/.test(s);
const trimXml = (s: string) => s.replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, '');
/** A decimal number with a fraction or an exponent: the page's example prints such text as a number. */
const REAL_LIKE = /^[-+]?(\d+\.\d*|\.\d+|\d+(\.\d*)?[eE][-+]?\d+|\.\d+[eE][-+]?\d+)$/;
/** Attribute values that an attribute reading might type (the existing rule of parse_xml's attributes). */
const TYPED_ATTR = /^(|[ \t\r\n].*|.*[ \t\r\n]|[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?|(?:[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee]|[Nn][Uu][Ll][Ll]|[-+]?(?:[Ii][Nn][Ff]|[Ii][Nn][Ff][Ii][Nn][Ii][Tt][Yy]|[Nn][Aa][Nn])))$/s;

function text(s: string): string {
  if (REAL_LIKE.test(s))
    throw new Refused(`parse_xml() of element text spelled as a number with a fraction or exponent (${JSON.stringify(s.slice(0, 40))}): the page's example shows such text as a number, its table as text`);
  return s;
}

/** The JSON value of one element's content (its key is the element's name). */
function value(e: Node): unknown {
  const elems = e.kids.filter((k): k is Node => typeof k !== 'string');
  const texts = e.kids.filter((k): k is string => typeof k === 'string');
  const out: Record<string, unknown> = {};
  for (const [k, v] of e.attrs) {
    if (k !== 'xmlns' && TYPED_ATTR.test(v))
      throw new Refused('parse_xml() of an attribute value that could be read as a number, a boolean or null, or is empty or padded with spaces (whether Kusto types it is not documented)');
    out[`@${k}`] = v;
  }
  if (elems.length === 0) {
    const t = texts.join('');
    if (t === '') return e.attrs.length ? out : null;
    if (blank(t)) throw new Refused('parse_xml() of an element holding only whitespace (null or the text: not documented)');
    if (t !== trimXml(t)) throw new Refused('parse_xml() of element text with leading or trailing whitespace (whether it is kept is not documented)');
    if (!e.attrs.length) return text(t);
    out['#text'] = text(t);
    return out;
  }
  // mixed content: the page's one case is text before the first child element, trimmed
  const firstElem = e.kids.findIndex((k) => typeof k !== 'string');
  const lead = e.kids.slice(0, firstElem).join('');
  if (e.kids.slice(firstElem).some((k) => typeof k === 'string' && !blank(k)))
    throw new Refused('parse_xml() of text after a child element (the page shows text only before them)');
  if (!blank(lead)) {
    if (e.attrs.length) throw new Refused('parse_xml() of an element with attributes, text and child elements (the order of its keys is not documented)');
    out['#text'] = text(trimXml(lead));
  }
  let prev: string | undefined;
  for (const c of elems) {
    const v = value(c);
    if (c.name in out) {
      if (prev !== c.name) throw new Refused(`parse_xml() of a repeated child element <${c.name}> that is not next to its namesake (where its array goes is not documented)`);
      // value() never gives an array, so an array here is the repeat's
      const cur = out[c.name];
      if (Array.isArray(cur)) cur.push(v);
      else out[c.name] = [cur, v];
    } else out[c.name] = v;
    prev = c.name;
  }
  return out;
}

/** The answer of parse_xml() for one string (Kusto's null string is empty). */
export function parseXml(s: string | null): HostAnswer {
  const src = s ?? '';
  if (new TextEncoder().encode(src).length > MAX_XML_BYTES) return { v: null };
  try {
    let t = src.replace(/^[ \t\n\r]*/, '');
    const decl = /^<\?xml[ \t\n\r][^<>?]*\?>/.exec(t);
    if (decl) t = t.slice(decl[0].length);
    const r = new Reader(t);
    let root: Node | undefined;
    for (;;) {
      r.ws();
      if (r.i === r.s.length) break;
      if (r.s[r.i] !== '<') return { v: null };
      if (r.s.startsWith('<![CDATA[', r.i)) return { v: null };
      if (r.skipOther()) continue;
      // a second root element is not well-formed
      if (root) return { v: null };
      root = r.element();
    }
    if (!root) return { v: null };
    if (r.refusal) return { refuse: r.refusal };
    return { v: JSON.stringify({ [root.name]: value(root) }) };
  } catch (err) {
    if (err instanceof Invalid) return { v: null };
    if (err instanceof Refused) return { refuse: err.message };
    throw err;
  }
}
