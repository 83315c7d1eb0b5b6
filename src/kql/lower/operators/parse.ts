import type { Expr, NamedExpr } from '../../ir/types.ts';
import type { SNode } from '../../parse/index.ts';
import { unsupported } from '../context.ts';
import { lowerExpr, toStr } from '../expr.ts';
import { regexEscape, str } from '../../sql/quote.ts';
import { colRef, findCol } from '../scope.ts';
import { namedParams, paramText } from '../syntax.ts';
import { conform } from '../tabular.ts';
import { kustoRegex } from '../regex.ts';
import { lit, nullOf, scalar } from '../values.ts';
import { kids, nameOf, type OperatorLowerer, scopeOf } from './common.ts';

/**
 * `parse [kind=simple|regex|relaxed] Source with "lit" Col:type "lit" * …`: the pattern becomes
 * one RE2 expression; each column is a capture group. No match leaves the columns empty/null.
 * `parse-where` keeps only matching rows.
 */
export const parse: OperatorLowerer = (n, input, cx) => build(n, input, cx, false);
export const parseWhere: OperatorLowerer = (n, input, cx) => build(n, input, cx, true);

function build(n: SNode, input: Parameters<OperatorLowerer>[1], cx: Parameters<OperatorLowerer>[2], filter: boolean) {
  const params = namedParams(n);
  const kind = params.get('kind') ? paramText(params.get('kind')!).toLowerCase() : 'simple';
  if (kind !== 'simple' && kind !== 'regex' && kind !== 'relaxed') unsupported(n, `parse kind=${kind}`);
  const parts = kids(n).filter((c) => c.k !== 'List' || c.ch.some((x) => x.k !== 'Tok'));
  const srcNode = parts.find((c) => c.k !== 'List' && c.k !== 'NamedParameter')!;
  const patternList = kids(n).filter((c) => c.k === 'List').at(-1)!;
  const pattern = kids(patternList);
  const src = toStr(lowerExpr(srcNode, scopeOf(input), cx));
  const flags = params.get('flags') ? paramText(params.get('flags')!) : '';
  if (flags && kind !== 'regex') unsupported(params.get('flags')!, 'parse flags outside kind=regex');
  if (flags && !/^[imsU]+$/.test(flags)) unsupported(params.get('flags')!, `parse flags '${flags}' (only i, m, s, U)`);
  let re = flags ? `(?${flags})` : '';
  const caps: { name: string; type: string; node: SNode }[] = [];
  // a \b or \B in a kind=regex piece: Unicode in Kusto, ASCII in RE2 (lower/regex.ts regexText)
  let boundary = false;
  pattern.forEach((p, i) => {
    const last = i === pattern.length - 1;
    if (p.k === 'LiteralExpression') {
      const s = String(p.value ?? '');
      // (a group the pattern's own regex opens must not shift the columns' group numbers)
      const rx = kind === 'regex' ? kustoRegex(s, p) : undefined;
      if (rx?.wordBoundary) boundary = true;
      re += rx ? nonCapturing(rx.re) : regexEscape(s);
    } else if (p.k === 'StarExpression') {
      re += last ? '.*' : '.*?';
    } else if (p.k === 'NameAndTypeDeclaration' || p.k === 'NameDeclaration' || p.k === 'NameReference') {
      const name = nameOf(p);
      // A name the input already has with another type: Kusto.Language then lists the name twice (the
      // input's column and the parsed one, each with its type), and the page does not say what the
      // result holds under it. (Lowered as before, that gave an internal type error, HB098, or
      // overflowed, HB006.) With the same type the parsed text replaces the column (see `order` below).
      const declared = (n.cols ?? []).filter((c) => c.name === name);
      if (new Set(declared.map((c) => c.type)).size > 1)
        unsupported(p, `parse into '${name}', a column the input already has with another type (what the result keeps under that name is not documented)`, 'HB132');
      const type = (n.cols ?? []).find((c) => c.name === name)?.type ?? 'string';
      // A dynamic column (`k:dynamic`): whether the text is read as JSON is not shown by the page
      // (it was an internal DuckDB error, HB900)
      if (type === 'dynamic') unsupported(p, `parse into a dynamic column '${name}' (how the captured text is converted is not documented)`, 'HB120');
      caps.push({ name, type, node: p });
      // A column right before `*`: a lazy capture would always be empty. The page's example
      // (`totalSlices: long * "sliceNumber="` → 27) shows a number is read there; for other types
      // what is captured is not shown (and "the `*` can't be used after a string type column").
      const beforeStar = kind !== 'regex' && pattern[i + 1]?.k === 'StarExpression';
      if (beforeStar && type !== 'long' && type !== 'int') unsupported(pattern[i + 1], `parse: \`*\` right after a ${type} column (what the column captures is not documented)`);
      if (beforeStar) re += '(-?\\d+)';
      else if (kind !== 'regex') re += last ? '(.*)' : '(.*?)';
      // kind=regex: a string column is a greedy `.*` (lazy under flags=U), an integer `-?\d+`; a
      // datetime reads like a string (the page's regex examples: `lockTime: datetime "(.*?)releaseTime="`
      // gets the whole date, with the newline before it under flags=s, which converts).
      else if (type === 'string' || type === 'datetime') re += '(.*)';
      else if (type === 'long' || type === 'int') re += '(-?\\d+)';
      else unsupported(p, `parse kind=regex column of type ${type}`);
    } else unsupported(p, `parse pattern element ${p.k}`);
  });
  const full = kind === 'regex' ? re : `^${re}`;
  const pat = lit(str(full), scalar('string'));
  // kind=simple/relaxed over text with a line break: the pattern's `*` and columns are read here as
  // a regex whose `.` stops at a newline (RE2's default); the page documents the pattern as plain
  // strings and says only of kind=regex that a regex is made (with flag s to cross a newline), so a
  // row whose answer depends on crossing one is refused (HB162) rather than read either way
  const srcChecked: Expr = kind === 'regex' ? (boundary ? { k: 'fn', fn: 'regex_text_ascii', args: [src], ty: src.ty } : src) : { k: 'fn', fn: 'parse_nl_checked', args: [src, pat, lit(str(`(?s)${full}`), scalar('string')), lit(String(caps.length), scalar('long'))], ty: scalar('string') };
  const typed = caps.map((c, i) => {
    const grp = lit(String(i + 1), scalar('long'));
    const raw: Expr = { k: 'fn', fn: 'extract', args: [pat, grp, srcChecked], ty: scalar('string') };
    const want = c.type === 'string' ? scalar('string') : scalar(c.type as never);
    // (a regex-mode datetime is read without the white space around it, as the flags=s example shows)
    const text: Expr = kind === 'regex' && c.type === 'datetime' ? { k: 'fn', fn: 'trim_white_space', args: [raw], ty: scalar('string') } : raw;
    let e = c.type === 'string' ? raw : conform({ k: 'fn', fn: 'nonempty_str', args: [text], ty: scalar('string') }, want);
    // The page gives kind=regex's pattern for a long (`\-\d+`) but not kind=simple's: a number
    // column reads the text between its delimiters here, converted as toint()/todouble() would
    // (which take " 5", "+5", "0x10", "1e3"); text other than plain digits that converts is refused.
    const plain = c.type === 'long' || c.type === 'int' ? '-?[0-9]+' : c.type === 'real' || c.type === 'decimal' ? '-?[0-9]+([.][0-9]+)?' : undefined;
    if (kind !== 'regex' && plain) e = { k: 'fn', fn: 'parse_num_checked', args: [e, raw, lit(str(plain), scalar('string'))], ty: want };
    // A typed column that ends the pattern takes the rest of the text here; Kusto reads it with a
    // pattern of its type, which may stop earlier ("12 apples" → 12?), and which is not shown: text
    // that does not convert is refused unless nothing of the type could start it.
    if (kind !== 'regex' && c.type !== 'string' && pattern.at(-1) === c.node) {
      const start = c.type === 'long' || c.type === 'int' || c.type === 'real' || c.type === 'decimal' ? "'^\\s*[-+]?[0-9]'" : "'\\S'";
      e = { k: 'fn', fn: 'parse_tail_checked', args: [e, raw, lit(start, scalar('string'))], ty: want };
    }
    return { c, want, e };
  });
  // kind=simple (and regex) is strict: "all extended columns must match the required types" — a typed column
  // that does not convert leaves every extended column empty (the page: kind=simple on the relaxed
  // example "gives null results for all extended columns"); kind=relaxed nulls just that column.
  const strictOk: Expr | undefined =
    kind !== 'relaxed' && typed.some((t) => t.c.type !== 'string')
      ? typed
          .filter((t) => t.c.type !== 'string')
          .map((t): Expr => ({ k: 'fn', fn: '$isnotnull', args: [t.e], ty: scalar('bool') }))
          .reduce((a, b) => ({ k: 'fn', fn: '$and', args: [a, b], ty: scalar('bool') }))
      : undefined;
  const newItems: NamedExpr[] = typed.map(({ c, want, e }) => {
    const empty: Expr = c.type === 'string' ? lit("''", want) : nullOf(want);
    const v: Expr = strictOk ? { k: 'case', whens: [[strictOk, e]], else: empty, ty: want } : e;
    return { col: cx.col(c.name, want), e: v };
  });
  const byName = new Map<string, NamedExpr>();
  for (const c of input.cols) byName.set(c.name, { col: cx.col(c.name, c.ty), e: colRef(c) });
  for (const it of newItems) byName.set(it.col.name, it);
  // A parsed name the input already has (same type): Kusto.Language lists it twice, which no result
  // has. The page calls parse "a streamlined way to extend a table by using multiple extract
  // applications", and extend of an existing name replaces that column where it stands, so the
  // name is kept once, at its first place. (Before: the result had two columns of that name.)
  let order = [...new Set((n.cols ?? []).map((c) => c.name))];
  // After an operator whose columns only the data decides (evaluate pivot, bag_unpack) the analyzer
  // lists only the columns it knows: the input's columns stay in their order (a parsed one replaced
  // where it stands, as above), the parsed names the input lacks after them, as extend does.
  const listed = new Set(order);
  if (n.cols && input.cols.some((c) => !listed.has(c.name))) {
    const inputNames = new Set(input.cols.map((c) => c.name));
    for (const it of newItems) {
      const was = input.cols.find((c) => c.name === it.col.name);
      if (was && !listed.has(was.name) && was.ty.kql !== it.col.ty.kql)
        unsupported(n, `parse into '${was.name}', a column the input already has with another type (what the result keeps under that name is not documented)`, 'HB132');
    }
    order = [...input.cols.map((c) => c.name), ...order.filter((x) => !inputNames.has(x))];
  }
  const items = order.map((name) => byName.get(name)!).filter(Boolean);
  let from = input;
  if (filter) {
    // parse-where keeps the rows parse fills: the pattern matches and (kind=simple) every typed column converts
    const matched: Expr = { k: 'fn', fn: 'matches_regex', args: [srcChecked, pat], ty: scalar('bool') };
    const pred: Expr = strictOk ? { k: 'fn', fn: '$and', args: [matched, strictOk], ty: scalar('bool') } : matched;
    from = { op: 'where', input, pred, cols: input.cols, ord: input.ord };
  }
  void findCol;
  return { op: 'select' as const, input: from, items, cols: items.map((i) => i.col), ord: from.ord };
}

/**
 * The groups a regex opens, made non-capturing (`(` → `(?:`, `(?P<n>` / `(?<n>` → `(?:`): the columns
 * are read by group number, which a literal's own groups would shift (the parse page's regex
 * example has `"(.*?)[a-zA-Z]*="` before its first column).
 */
function nonCapturing(re: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < re.length; i++) {
    const ch = re[i];
    if (ch === '\\') {
      out += ch + (re[i + 1] ?? '');
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      out += ch;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      out += ch;
      if (re[i + 1] === '^') out += re[++i];
      if (re[i + 1] === ']') out += re[++i];
      continue;
    }
    if (ch === '(' && re[i + 1] !== '?') {
      out += '(?:';
      continue;
    }
    const named = ch === '(' ? /^\(\?P?<[A-Za-z_][A-Za-z0-9_]*>/.exec(re.slice(i)) : null;
    if (named) {
      out += '(?:';
      i += named[0].length - 1;
      continue;
    }
    out += ch;
  }
  return out;
}
