/**
 * Scalar expressions: syntax node → typed IR `Expr`. Types come from Kusto's analyzer (`n.ty`);
 * dynamic shapes are tracked here.
 */
import type { KqlType } from '../api.ts';
import type { Expr, Rel, Ty } from '../ir/types.ts';
import { someExpr } from '../ir/walk.ts';
import type { SNode } from '../parse/index.ts';
import { str } from '../sql/quote.ts';
import { sqlType as sqlTypeOf } from '../sql/types.ts';
import { type Ctx, kqlTypeOf, LowerError, NeedsProbe, unsupported } from './context.ts';
import { convert } from './convert.ts';
import { consume } from './consume.ts';
import { callName, exactFormat, lowerCall } from './functions.ts';
import { foldTicks } from './ticks.ts';
import { foldHostMember } from './host-fold.ts';
import { refuseSketchUse } from './families/sketches.ts';
import { refuseInt128Use } from './families/strings.ts';
import { exactDecimal, foldArith, foldCompare, foldNeg, markWhole, parseDecimal } from './decimal.ts';
import { engineCompared, engineRef } from './engine-types.ts';
import { kustoRegex, regexText } from './regex.ts';
import { constString, joinableText, type TermKind, termMatch, termMatchAny, textMayHold } from './terms.ts';
import { colRef, findCol, type RowScope } from './scope.ts';
import { kids, nameOf, pipeOps, toks } from './syntax.ts';
import {
  dyn,
  holdsDecimal,
  isInt128,
  jsonText,
  KDate,
  KReal,
  lit,
  needsTicks,
  normaliseDatetime,
  nullOf,
  numSql,
  parseTimespanTicksExact,
  floorDiv10,
  scalar,
  shapeOfValue,
  TICKS_REFUSED,
  timestampSql,
  undocumentedDatetimeForm,
  unify,
  valueSql,
} from './values.ts';

export type TabularLowerer = (n: SNode, cx: Ctx) => import('../ir/types.ts').Rel;
let lowerTabular: TabularLowerer;
export function setTabularLowerer(f: TabularLowerer): void {
  lowerTabular = f;
}
export const tabular = (n: SNode, cx: Ctx) => lowerTabular(n, cx);

export const fn = (name: string, args: Expr[], ty: Ty): Expr => ({ k: 'fn', fn: name, args, ty });

export function tyOfNode(n: SNode): Ty {
  const t = kqlTypeOf(n.ty, n);
  return t === 'dynamic' ? dyn({ k: 'null' }) : scalar(t);
}

const isNum = (t: KqlType) => t === 'int' || t === 'long' || t === 'real' || t === 'decimal';
const isInt = (t: KqlType) => t === 'int' || t === 'long';

/** Every expression node's lowering (the sketch guard reads operands through it). */
const LOWERED = new WeakMap<SNode, Expr>();
const loweredOf = (x: SNode) => LOWERED.get(x);

export function lowerExpr(n: SNode, row: RowScope, cx: Ctx): Expr {
  let e: Expr;
  try {
    e = lowerExprNode(n, row, cx);
    refuseTickText(e, n, cx);
  } catch (err) {
    // Refused for needing 100 ns ticks: a constant expression is computed exactly instead (lower/ticks.ts).
    const exact = err instanceof LowerError && err.code === 'HB107' ? foldTicks(n, row, cx, exactFormat) : undefined;
    if (!exact) throw err;
    e = exact;
  }
  LOWERED.set(n, e);
  // hll()/tdigest() sketches are only stored and read by their own functions (families/sketches.ts)
  refuseSketchUse(n, e, loweredOf, callName);
  refuseInt128Use(n, e, loweredOf);
  if (e.ty.kql === 'dynamic' && holdsDecimal(e.ty.shape))
    unsupported(n, 'a decimal value inside a dynamic value (Kusto holds it as its text, whose trailing zeros are not kept here)', 'HB121');
  cx.seen?.set(n, e);
  return e;
}

function lowerExprNode(n: SNode, row: RowScope, cx: Ctx): Expr {
  switch (n.k) {
    case 'ParenthesizedExpression':
      return lowerExpr(kids(n)[0], row, cx);
    case 'LiteralExpression':
      return literal(n, cx);
    case 'DynamicExpression':
      return dynamicLiteral(n, cx);
    case 'NameReference':
    case 'BrackettedExpression':
      return nameRef(n, row, cx);
    case 'TokenName':
      return nameRef(n, row, cx);
    case 'BinaryExpression':
      return binary(n, row, cx);
    case 'PrefixUnaryExpression':
    case 'UnaryExpression': {
      const [e] = kids(n);
      const x0 = lowerExpr(e, row, cx);
      if (toks(n)[0] !== '-') return x0;
      // Kusto negates an int as a long (the analyzer types `-i` long; -(-2147483648) is 2147483648)
      const x: Expr = x0.ty.kql === 'int' && n.ty === 'long' ? { k: 'cast', e: x0, to: 'BIGINT', try: false, ty: scalar('long') } : x0;
      return foldNeg(x) ?? fn('$neg', [x], x.ty);
    }
    case 'InExpression':
      return inExpr(n, row, cx);
    case 'HasAnyExpression':
    case 'HasAllExpression':
      return hasAny(n, row, cx);
    case 'BetweenExpression': {
      const [e, ...rest] = kids(n);
      const x0 = lowerExpr(e, row, cx);
      const flatten = (r: SNode): SNode[] =>
        r.k === 'List' || r.k === 'ExpressionList' || r.k === 'ExpressionCouple' || r.k === 'ParenthesizedExpression' ? kids(r).flatMap(flatten) : [r];
      const flat = rest.flatMap(flatten);
      const [lo, hi] = flat.map((r) => lowerExpr(r, row, cx));
      if (!lo || !hi) unsupported(n, 'between form');
      let x = engineCompared(x0, [lo, hi]);
      // a dynamic value between numbers: compared as the number it holds (as coerceCompare does)
      const numeric = (t: KqlType) => t === 'long' || t === 'int' || t === 'real';
      if (x.ty.kql === 'dynamic' && numeric(lo.ty.kql) && numeric(hi.ty.kql)) {
        if (x.ty.shape.k === 'json') x = fn('$json_num_or_refuse', [x], scalar('real'));
        else if (x.ty.shape.k === 'scalar' && numeric(x.ty.shape.t)) x = asScalar(x, x.ty);
        else throw new LowerError('HB106', `between of a dynamic value that holds a ${x.ty.shape.k === 'scalar' ? x.ty.shape.t : x.ty.shape.k} and numbers: Kusto's answer is not documented; convert it (todouble(), tolong())`, n);
      }
      const neg = toks(n).some((t) => t.startsWith('!'));
      refuseFineOperands([x, lo, hi], 'between', n);
      let [l, h] = [lo, hi];
      if (x.ty.kql === 'datetime' && h.ty.kql === 'timespan') h = fn('$dt_add', [l, h], x.ty);
      const real = [x, l, h].some((e) => e.ty.kql === 'real');
      const op = `${neg ? '$notbetween' : '$between'}${real ? '_real' : ''}`;
      return tieGuards(x, [l, h], fn(op, [x, l, h], scalar('bool')), cx);
    }
    case 'FunctionCallExpression':
      return lowerCall(n, row, cx);
    case 'PathExpression':
      return path(n, row, cx);
    case 'ElementExpression':
      return element(n, row, cx);
    case 'ToScalarExpression': {
      const inner = kids(n).find((c) => c.k !== 'NamedParameter' && c.k !== 'List') ?? kids(n)[0];
      // toscalar() of a scalar expression is that value (toscalar docs: "the evaluated expression"),
      // computed once: `toscalar(new_guid())` is one value for every row (the page's g1 / g2
      // example), so an expression with rand() or new_guid() becomes a one-row subquery.
      if (!inner.cols && inner.ty && inner.ty !== 'tuple') {
        const e = lowerExpr(inner, row, cx);
        if (!volatile(e)) return e;
        const col = cx.col('print_0', e.ty);
        return { k: 'scalar', rel: { op: 'values', cols: [col], rows: [[e]], ord: cx.ord() }, ty: e.ty };
      }
      const rel = tabular(inner, cx);
      const c = rel.cols[0];
      if (!c) unsupported(n, 'toscalar of a table with no columns');
      return { k: 'scalar', rel, ty: c.ty };
    }
    case 'SimpleNamedExpression':
      return lowerExpr(kids(n)[1], row, cx);
    case 'TypeOfLiteralExpression':
      // typeof(T) only steers a function's result type, which the analyzer already gave it.
      return consume(lit('NULL', scalar('string')));
    case 'StarExpression':
      // `* has "x"`: the left side of a term/string operator over every column (see binary()).
      return unsupported(n, '* outside `* has "term"`');
    case 'CompoundStringLiteralExpression':
      // "a" "b" — adjacent string literals are one string.
      return lit(str(splicedString(n)), scalar('string'));
    case 'PipeExpression':
      // a graph (make-graph without graph-match, graph-match without project) has no columns, so
      // it arrives here: its operators say why it is refused
      if (pipeOps(n).some((o) => o.k === 'MakeGraphOperator' || o.k === 'GraphMatchOperator')) tabular(n, cx);
      return unsupported(n, `expression ${n.k}`);
    default:
      return unsupported(n, `expression ${n.k}`);
  }
}


/** The value of adjacent string literals ("a" 'b' @"c"), spliced into one string. */
function splicedString(n: SNode): string {
  return n.k === 'Tok' ? kustoStringToken(n.text ?? '') : n.ch.map(splicedString).join('');
}

/** The value of one Kusto string-literal token: "…" / '…' with escapes, @"…" verbatim, h"…". */
export function kustoStringToken(raw: string): string {
  let t = raw.trim().replace(/^[hH](?=[@"'])/, '');
  if (t.startsWith('@')) {
    t = t.slice(1);
    const q = t[0];
    return t.slice(1, -1).replaceAll(q + q, q);
  }
  const q = t[0];
  const body = t.slice(1, -1);
  return body.replace(/\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/g, (_, e: string) => {
    const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', '\\': '\\', '"': '"', "'": "'" };
    if (e[0] === 'u' || e[0] === 'x') return String.fromCharCode(Number.parseInt(e.slice(1), 16));
    return map[e] ?? (e === q ? q : e);
  });
}

function nameRef(n: SNode, row: RowScope, cx: Ctx): Expr {
  const name = n.k === 'BrackettedExpression' ? bracketName(n) : nameOf(n);
  const p = row.params?.get(name);
  if (p) return p;
  const symk = n.sym?.k;
  if (symk !== 'ColumnSymbol') {
    const b = cx.lookup(name);
    if (b?.k === 'scalar') return b.e;
    if (b?.k === 'tabular') unsupported(n, `tabular value '${name}' used as a scalar`);
  }
  // a name the union operator page and the analyzer give different columns (operators/union.ts)
  const renamed = cx.unionRenamed.get(name);
  if (renamed) throw new LowerError('HB100', renamed.why, n);
  const c = findCol(row.cols, name);
  if (c) return engineRef(colRef(c), name, n.ty, cx);
  if (symk === 'FunctionSymbol') return lowerCall({ ...n, k: 'FunctionCallExpression', ch: [n] }, row, cx);
  throw new LowerError('HB102', `unknown name '${name}'`, n);
}

function bracketName(n: SNode): string {
  const lit = kids(n).find((c) => c.k === 'LiteralExpression' || c.k === 'List');
  if (lit?.value !== undefined) return String(lit.value);
  return nameOf(n);
}

// ---------------------------------------------------------------- literals

/** Type of a literal the analyzer left untyped (inside scan steps), read from its text. */
function literalType(n: SNode): Ty {
  if (n.ty && n.ty !== 'unknown') return tyOfNode(n);
  const t = (n.ch.find((c) => c.k === 'Tok')?.text ?? '').trim();
  if (/^(true|false)$/i.test(t)) return scalar('bool');
  if (/^-?\d+$/.test(t)) return scalar('long');
  if (/^-?\d*\.\d+(e[+-]?\d+)?$/i.test(t)) return scalar('real');
  if (typeof n.value === 'string') return scalar('string');
  return tyOfNode(n);
}

export function literal(n: SNode, _cx: Ctx): Expr {
  const ty = literalType(n);
  const text = (n.ch.find((c) => c.k === 'Tok')?.text ?? '').trim();
  const inner = /^[a-z]+\((.*)\)$/is.exec(text)?.[1]?.trim();
  if (/^[a-z]+\(\s*null\s*\)$/i.test(text)) return nullOf(ty);
  switch (ty.kql) {
    case 'string':
      if (typeof n.value === 'string') return lit(str(n.value), ty);
      return unsupported(n, 'string literal form');
    case 'bool':
      return lit(/true/i.test(inner ?? text) ? 'true' : 'false', ty);
    case 'long':
    case 'int': {
      const v = inner ?? text;
      if (!/^[+-]?(\d+|0x[0-9a-f]+)$/i.test(v)) return unsupported(n, `numeric literal ${text}`);
      const big = BigInt(v.replace(/^\+/, ''));
      return lit(`CAST(${big.toString()} AS ${ty.kql === 'int' ? 'INTEGER' : 'BIGINT'})`, ty);
    }
    case 'real':
    case 'decimal': {
      const v = (inner ?? text).toLowerCase();
      // a decimal holds neither (its page lists no such literal)
      if (ty.kql === 'decimal' && /^[+-]?(nan|inf)$/.test(v)) return unsupported(n, `decimal literal ${text} (a decimal holds no NaN or infinity)`);
      if (v === 'nan') return lit(numSql(Number.NaN), ty);
      if (v === '+inf' || v === 'inf') return lit(numSql(Number.POSITIVE_INFINITY), ty);
      if (v === '-inf') return lit(numSql(Number.NEGATIVE_INFINITY), ty);
      const num = Number(v);
      if (Number.isNaN(num)) return unsupported(n, `real literal ${text}`);
      const exact = ty.kql === 'decimal' ? parseDecimal(v) : undefined;
      if (exact) return markWhole(exactDecimal(exact), v);
      return lit(numSql(num), ty);
    }
    case 'datetime': {
      const open = undocumentedDatetimeForm(inner ?? text);
      if (open) throw new LowerError('HB103', `cannot read datetime literal ${text}: ${open}`, n);
      const norm = normaliseDatetime(inner ?? text);
      if (norm === null) return nullOf(ty);
      if (norm === undefined) {
        // `datetime("8:00:00 AM")`: the datetime page lists no form without a date, and which date
        // Kusto would give such a value is not documented.
        const why = /^['"]?\s*\d{1,2}:\d{2}/.test(inner ?? '') ? ': a time of day without a date is not among the datetime page\'s formats' : '';
        throw new LowerError('HB103', `cannot read datetime literal ${text}${why}`, n);
      }
      // A 7th fraction digit is floored away (values are kept in microseconds); `inexact` lets the
      // conversions that would show it refuse (ticksShown).
      return needsTicks(inner ?? text) ? { k: 'lit', sql: timestampSql(norm), ty, inexact: true } : lit(timestampSql(norm), ty);
    }
    case 'timespan': {
      const ticks = parseTimespanTicksExact(text);
      if (ticks === null) return nullOf(ty);
      if (ticks === undefined) throw new LowerError('HB103', `cannot read timespan literal ${text}`, n);
      // beyond Int64's ticks (TimeSpan.MaxValue 10675199.02:48:05.4775807, MinValue -…5808) Kusto cannot hold it (sql/functions.ts $ts_range)
      if (ticks > 9223372036854775807n || ticks < -9223372036854775808n) throw new LowerError('HB103', `timespan literal ${text} is beyond Kusto's range (±10675199.02:48:05.4775807)`, n);
      // Values are kept in microseconds; a constant finer than that keeps its exact ticks for the
      // arithmetic that can use them (x / 1tick, 1tick * n).
      const e: Expr = { k: 'lit', sql: `CAST(${floorDiv10(ticks)} AS BIGINT)`, ty };
      return ticks % 10n === 0n ? e : { ...e, ticks: String(ticks), inexact: true };
    }
    case 'guid': {
      const g = (inner ?? text).toLowerCase();
      return lit(str(g), ty);
    }
    default:
      return unsupported(n, `literal ${text}`);
  }
}

/**
 * Why `==`/`!=`/`<` … of an array or property bag is refused (HB106). Against another dynamic
 * value Kusto refuses it too: "Cannot compare dynamic values without explicit cast" (reported for
 * `extract_all(…) == dynamic([…])`, MicrosoftDocs/dataexplorer-docs issue #43). Against a string
 * (`AssignedRoles != "[]"`) neither the docs nor Kusto.Language (whose `==` takes any scalar) say
 * whether the JSON text is compared or the row never matches.
 */
function nestedCompareRefusal(op: string, other: Expr): string {
  const fix = 'compare tostring() of it, or test array_length() / isempty()';
  if (other.ty.kql === 'dynamic')
    return `operator ${op} of two dynamic values holding arrays or property bags: Kusto refuses it too ("Cannot compare dynamic values without explicit cast"); ${fix}`;
  return `operator ${op} between an array or property bag and a ${other.ty.kql}: Kusto's answer is not documented (its JSON text compared, or never equal); ${fix}`;
}

/** JSON value of a constant syntax node inside dynamic(...). */
export function jsonValue(n: SNode, cx: Ctx): unknown {
  switch (n.k) {
    case 'JsonArrayExpression':
      return kids(n).flatMap((c) => (c.k === 'List' ? kids(c) : [c])).map((c) => jsonValue(c, cx));
    case 'JsonObjectExpression': {
      const o: Record<string, unknown> = {};
      for (const l of kids(n)) {
        for (const p of l.k === 'List' ? kids(l) : [l]) {
          if (p.k !== 'JsonPair') continue;
          const k = p.ch[0];
          const v = kids(p).at(-1)!;
          const keyTok = k.k === 'Tok' ? k.text : (k.ch.find((c) => c.k === 'Tok')?.text ?? '');
          const key = k.value !== undefined ? String(k.value) : unquote(keyTok ?? '');
          o[key] = jsonValue(v, cx);
        }
      }
      return o;
    }
    case 'ParenthesizedExpression':
      return jsonValue(kids(n)[0], cx);
    // dynamic(["a" "b"]): adjacent string literals are spliced into one (the string data type
    // page, "Splicing string literals"), inside a dynamic literal as elsewhere.
    case 'CompoundStringLiteralExpression':
      return splicedString(n);
    // dynamic([dynamic({"a":1}), …]): a dynamic literal nested in another is its value (Kusto runs it)
    case 'DynamicExpression': {
      const inner = kids(n)[0];
      return inner ? jsonValue(inner, cx) : null;
    }
    case 'PrefixUnaryExpression':
    case 'UnaryExpression': {
      const inner = kids(n)[0];
      const digits = inner.k === 'LiteralExpression' ? (inner.ch.find((c) => c.k === 'Tok')?.text ?? '').trim() : '';
      if (toks(n)[0] === '-' && digits === '9223372036854775808') return -9223372036854775808n; // the smallest long
      const v = jsonValue(inner, cx);
      if (toks(n)[0] !== '-') return v;
      return v instanceof KReal ? new KReal(-v.v) : -(v as number);
    }
    case 'LiteralExpression': {
      const text = (n.ch.find((c) => c.k === 'Tok')?.text ?? '').trim();
      if (/^null$/i.test(text)) return null;
      const t = n.ty;
      if (t === 'string') return n.value;
      if (t === 'bool') return /true/i.test(text);
      const big = /^[+-]?\d+$/.test(text) ? BigInt(text) : undefined;
      if (t === 'long' || t === 'int' || t === 'real') {
        // Kusto refuses a number its types cannot hold (dynamic(9223372036854775808), dynamic(1e400)).
        if ((big !== undefined && (big > 9223372036854775807n || big < -9223372036854775808n)) || (/^[+-]?[\d.]+(e[+-]?\d+)?$/i.test(text) && !Number.isFinite(Number(text))))
          return unsupported(n, `number ${text} out of the range of long and real values`, 'HB103');
      }
      if (t === 'real') {
        const r = Number(n.value ?? text);
        return Number.isInteger(r) ? new KReal(r) : r;
      }
      if (t === 'long' || t === 'int') {
        // A long beyond 2^53 stays a bigint: a JS number would round its last digits.
        const num = Number(n.value ?? text);
        return big !== undefined && !Number.isSafeInteger(num) ? big : num;
      }
      if (t === 'datetime') {
        // A datetime finer than a microsecond inside a dynamic value is refused: its JSON text would
        // show the floored digits.
        if (needsTicks(text)) throw new LowerError('HB107', `datetime ${TICKS_REFUSED}`, n);
        const inside = /\((.*)\)/s.exec(text)?.[1] ?? text;
        const open = undocumentedDatetimeForm(inside);
        if (open) throw new LowerError('HB103', `cannot read datetime literal ${text}: ${open}`, n);
        const norm = normaliseDatetime(inside);
        return norm ? new KDate(norm) : null;
      }
      // A timespan inside a dynamic literal: Kusto keeps it as a timespan whose JSON text is a
      // string, which these values (numbers, strings, KDate) cannot carry; refused rather than shown
      // as a number of microseconds.
      if (t === 'timespan') return unsupported(n, `timespan ${text} inside a dynamic literal`);
      if (n.value !== undefined) return n.value;
      if (text === 'true' || text === 'false') return text === 'true';
      return unsupported(n, `dynamic literal element ${text}`);
    }
    default: {
      if (n.k.startsWith('Json') && n.k.includes('Null')) return null;
      const text = (n.ch.find((c) => c.k === 'Tok')?.text ?? '').trim();
      if (text === 'null') return null;
      if (text === 'true' || text === 'false') return text === 'true';
      return unsupported(n, `dynamic literal element ${n.k}`);
    }
  }
}

function unquote(t: string): string {
  if (/^["']/.test(t)) {
    try {
      return JSON.parse(t.startsWith("'") ? `"${t.slice(1, -1).replaceAll('"', '\\"')}"` : t);
    } catch {
      return t.slice(1, -1);
    }
  }
  return t;
}

const holdsDate = (v: unknown): boolean =>
  v instanceof KDate || (Array.isArray(v) ? v.some(holdsDate) : typeof v === 'object' && v !== null && !(v instanceof KReal) && Object.values(v).some(holdsDate));

export function jsonToExpr(v: unknown, n: SNode): Expr {
  const shape = shapeOfValue(v);
  // Values mixing kinds (e.g. [1, "a"]) cannot be one DuckDB list: they travel as JSON text.
  if (!shape) {
    // JSON text has no datetime kind: a datetime there would be read back as a string (gettype,
    // comparisons and its text all differ from Kusto's datetime element)
    if (holdsDate(v)) return unsupported(n, 'a datetime inside a dynamic literal that mixes kinds of values', 'HB110');
    return lit(str(jsonText(v)), dyn({ k: 'json' }));
  }
  void n;
  return lit(valueSql(v, shape), dyn(shape));
}

function dynamicLiteral(n: SNode, cx: Ctx): Expr {
  const inner = kids(n)[0];
  if (!inner) return lit('NULL', dyn({ k: 'null' }));
  return jsonToExpr(jsonValue(inner, cx), n);
}

// ---------------------------------------------------------------- operators

const STRING_OPS = new Set([
  'has', '!has', 'has_cs', '!has_cs', 'hasprefix', '!hasprefix', 'hasprefix_cs', '!hasprefix_cs',
  'hassuffix', '!hassuffix', 'hassuffix_cs', '!hassuffix_cs', 'contains', '!contains', 'contains_cs',
  '!contains_cs', 'startswith', '!startswith', 'startswith_cs', '!startswith_cs', 'endswith',
  '!endswith', 'endswith_cs', '!endswith_cs', '=~', '!~', 'matches',
]);

/** String operators true only where the right side is part of the left side's text. */
const SUBSTRING_OPS = new Set(['has', 'has_cs', 'hasprefix', 'hasprefix_cs', 'hassuffix', 'hassuffix_cs', 'contains', 'contains_cs', 'startswith', 'startswith_cs', 'endswith', 'endswith_cs', '==', '=~']);

const CMP: Record<string, string> = { '==': '$eq', '!=': '$ne', '<>': '$ne', '<': '$lt', '<=': '$le', '>': '$gt', '>=': '$ge' };

function binary(n: SNode, row: RowScope, cx: Ctx): Expr {
  const [ln, rn] = kids(n);
  const op = toks(n).join(' ').replace(/^notcontains/, '!contains').replace(/^notbetween/, '!between');
  const out = tyOfNode(n);
  if (ln.k === 'StarExpression' && STRING_OPS.has(op)) {
    // `* has "x"` / `* contains "x"`: true when any column matches; `* !has "x"` when none does.
    const B = scalar('bool');
    const neg = op.startsWith('!');
    const pos = neg ? op.slice(1) : op;
    // A column whose type's text cannot hold a constant needle is not turned into text: each of
    // these operators is true only where the needle is part of the text (lower/terms.ts).
    const needle = rn.k === 'LiteralExpression' && typeof rn.value === 'string' && SUBSTRING_OPS.has(pos) ? rn.value : undefined;
    const cols = needle === undefined ? row.cols : row.cols.filter((c) => textMayHold(c.ty, needle, pos.endsWith('_cs') || pos === '=='));
    // has/hasprefix/hassuffix of a constant: most columns' texts tested with one pattern
    // (lower/terms.ts termMatchAny), the others one by one after them.
    const term = /^(has|hasprefix|hassuffix)(_cs)?$/.exec(pos);
    const joined = term && needle !== undefined ? cols.filter((c) => joinableText(c.ty)) : [];
    const first = joined.length > 1 ? [termMatchAny(joined.map((c) => toStr(colRef(c))), needle!, term![1] as TermKind, term![2] !== undefined)] : [];
    const rest = first.length ? cols.filter((c) => !joined.includes(c)) : cols;
    const tests = [...first, ...rest.map((c) => binaryOn(pos, toStr(colRef(c)), lowerExpr(rn, row, cx), out, n))];
    const any = tests.reduce((p, q) => fn('$or', [p, q], B), lit('false', B) as Expr);
    return neg ? fn('$not', [any], B) : any;
  }
  const l0 = lowerExpr(ln, row, cx);
  const r0 = lowerExpr(rn, row, cx);
  const l = CMP[op] ? engineCompared(l0, [r0]) : l0;
  const r = CMP[op] ? engineCompared(r0, [l0]) : r0;
  refuseLostTicks(op, l, r, n, cx);
  if (op === 'and') return fn('$and', [l, r], out);
  if (op === 'or') return fn('$or', [l, r], out);
  if (STRING_OPS.has(op) || op === 'matches regex') return binaryOn(op, l, r, out, n);
  if (CMP[op]) {
    const nested = (x: Expr): boolean => x.ty.shape.k === 'list' || x.ty.shape.k === 'struct' || x.ty.shape.k === 'map';
    if (nested(l) || nested(r)) throw new LowerError('HB106', nestedCompareRefusal(op, nested(l) ? r : l), n);
    // JSON text holds an array or a bag only in some rows: those rows are refused while the query
    // runs (comparing its text would answer where Kusto's semantics are not documented).
    const scalarOnly = (x: Expr): Expr => (x.ty.kql === 'dynamic' && x.ty.shape.k === 'json' ? fn('json_scalar_or_refuse', [x], x.ty) : x);
    // A constant finer than a microsecond is floored here: 1tick > 0tick would be false. Refused
    // (HB107); when both sides are constants lower/ticks.ts compares them exactly instead.
    if ((l.k === 'lit' && l.inexact) || (r.k === 'lit' && r.inexact))
      throw new LowerError('HB107', `operator ${op} on a constant that ${TICKS_REFUSED}`, n);
    const [a, b] = coerceCompare(scalarOnly(l), scalarOnly(r), n);
    const mixed = mixedCompare(op, a, b, n);
    if (mixed) return mixed;
    // Decimals are kept as reals: 0.1 + 0.2 == 0.3 would be false where Kusto's decimal says true.
    // Constants are compared exactly (lower/decimal.ts); anything else is refused.
    const folded = (a.ty.kql === 'decimal' || b.ty.kql === 'decimal') && foldCompare(op, a, b);
    if (folded) return folded;
    // parse_version() values are exact HUGEINTs: compared as they are
    if (isInt128(a) && isInt128(b)) return fn(CMP[op], [a, b], out);
    if (a.ty.kql === 'decimal' || b.ty.kql === 'decimal')
      throw new LowerError('HB101', `operator ${op} on decimal values is not supported (decimals are kept as real numbers, so exact comparisons could differ from Kusto); compare todouble() of them`, n);
    // NaN compares unequal to everything (itself included) and neither below nor above any value;
    // DuckDB orders NaN above all numbers and makes it equal to itself.
    const isReal = (t: KqlType) => t === 'real' || t === 'decimal';
    if (isReal(a.ty.kql) || isReal(b.ty.kql)) return fn(`${CMP[op]}_real`, [a, b], out);
    return tieGuard(a, b, fn(CMP[op], [a, b], out), cx);
  }
  return arith(op, l, r, out, n);
}

const NUMERIC_KQL = new Set(['int', 'long', 'real', 'decimal']);
const WHOLE_KQL = new Set(['int', 'long']);

/**
 * `==`/`!=` between scalars of different kinds. The analyzer accepts any pair (Kusto.Language's
 * Equal operator takes any scalar on the right), but no page says what Kusto answers for, say, a
 * string against a number or a bool: it might convert the string, convert the number, or never
 * match. A string against a whole number is the one pair hunts rely on (Sentinel's SigninLogs
 * `ResultType` is a string: `where ResultType == 0`), and there the readings agree on two kinds of
 * text: the number's own decimal text (equal exactly when it is that number) and text that is no
 * number at all (never equal). Those rows are answered (`$eq_str_num`); text that reads as a number
 * in another spelling ("00", " 1", "1.0") and a null number are refused row by row (HB162). A
 * string against a bool is answered for "True"/"False" (`$eq_str_bool`: tostring(true) is "True",
 * oracle), other text refused per row. Every
 * other pair is refused here (HB106) instead of DuckDB's implicit casts deciding ("true" == true,
 * datetime == "2024-01-01" …). Returns undefined for a pair of one kind.
 */
function mixedCompare(op: string, a: Expr, b: Expr, n: SNode): Expr | undefined {
  const ka = a.ty.kql;
  const kb = b.ty.kql;
  if (comparesDirectly(ka, kb)) return undefined;
  const eq = op === '==';
  if ((eq || op === '!=' || op === '<>') && ((ka === 'string' && WHOLE_KQL.has(kb)) || (kb === 'string' && WHOLE_KQL.has(ka)))) {
    const [s, num] = ka === 'string' ? [a, b] : [b, a];
    return fn(eq ? '$eq_str_num' : '$ne_str_num', [s, num], scalar('bool'));
  }
  // a string against a bool: its own text "True"/"False" is answered, other text refused per row
  if ((eq || op === '!=' || op === '<>') && ((ka === 'string' && kb === 'bool') || (ka === 'bool' && kb === 'string'))) {
    const [s, bool] = ka === 'string' ? [a, b] : [b, a];
    return fn(eq ? '$eq_str_bool' : '$ne_str_bool', [s, bool], scalar('bool'));
  }
  throw new LowerError(
    'HB106',
    `operator ${op} between a ${ka} and a ${kb}: Kusto's answer is not documented (which side is converted, or never equal); convert one side (tostring(), tolong(), todatetime() …)`,
    n,
  );
}

/**
 * Whether two kinds compare without mixedCompare's rule: the same kind, two numbers, a dynamic
 * value (its own coercion), a bool against a whole number (bool page: true and false are "internally
 * encoded as 1 and 0"; Defender hunts write `IsLocalAdmin == 1`), and a guid against a string, which
 * keeps comparing its lower-case text (not settled by a page either).
 */
function comparesDirectly(ka: string, kb: string): boolean {
  if (ka === kb || (NUMERIC_KQL.has(ka) && NUMERIC_KQL.has(kb)) || ka === 'dynamic' || kb === 'dynamic') return true;
  if ((ka === 'bool' && WHOLE_KQL.has(kb)) || (kb === 'bool' && WHOLE_KQL.has(ka))) return true;
  return (ka === 'guid' && kb === 'string') || (ka === 'string' && kb === 'guid');
}

/** Whether `x in (v)` compares values of kinds mixedCompare decides (or refuses). */
const mixedIn = (x: Expr, v: Expr): boolean => !comparesDirectly(x.ty.kql, v.ty.kql);

/**
 * Two datetimes/timespans floored to the microsecond compare as Kusto's do unless they are equal:
 * `datatable(x:timespan)[1tick] | where x > 0s` holds 0 µs where Kusto holds 1 tick. When either
 * side may have lost ticks (ticksLost), a row whose two values tie is refused while the query runs
 * (HB107); other rows keep their answer (a < b on floored values implies it on the exact ones).
 */
function tieGuard(a: Expr, b: Expr, cmp: Expr, cx: Ctx): Expr {
  return tieNeeded(a, b, cx) ? fn('ticks_tie_or_refuse', [a, b, cmp], cmp.ty) : cmp;
}

function tieNeeded(a: Expr, b: Expr, cx: Ctx): boolean {
  const timed = (x: Expr) => x.ty.kql === 'datetime' || x.ty.kql === 'timespan';
  // a column holds floored values only when the text has finer values or an end of a period was
  // stored in one: `TimeGenerated between (startofmonth(now()) .. endofmonth(now()))` is guarded
  // against the end only
  const cols = cx.tickFine || cx.endofStored;
  return timed(a) && timed(b) && (ticksLost(a, cx, cols) || ticksLost(b, cx, cols));
}

/** tieGuard for `between` and `in`: one test of x against every bound or listed value that needs it. */
function tieGuards(x: Expr, others: Expr[], test: Expr, cx: Ctx): Expr {
  const guarded = others.filter((o) => tieNeeded(x, o, cx));
  return guarded.length === 0 ? test : fn('ticks_tie_any_or_refuse', [test, x, ...guarded], test.ty);
}

/** A regex operand: a constant is translated to RE2 (lower/regex.ts). */
function regexOperand(x: Expr, n: SNode): Expr {
  const s = constString(x);
  return s === undefined ? x : lit(str(kustoRegex(s, n).re), scalar('string'));
}

/** A string/term operator applied to two lowered operands. */
function binaryOn(op: string, l: Expr, r: Expr, out: Ty, n: SNode): Expr {
  {
    const a = toStr(l);
    const b = toStr(r);
    if (op === '=~') return fn('$eq_ci', [a, b], out);
    if (op === '!~') return fn('$ne_ci', [a, b], out);
    if (op === 'matches regex' || op === 'matches') return fn('matches_regex', [regexText(a, b, n), regexOperand(b, n)], out);
    const term = /^(!?)(has|hasprefix|hassuffix)(_cs)?$/.exec(op);
    if (term) {
      const m = termMatch(a, b, term[2] as TermKind, term[3] !== undefined);
      return term[1] ? fn('$not', [m], out) : m;
    }
    return fn(op, [a, b], out);
  }
}

/**
 * A dynamic operand of arithmetic whose result type the analyzer gave. A number of that kind is
 * used as it is; anything else (1.5 in a long sum: truncated, rounded, or the sum made a real?; the
 * string "3") has no documented answer: refused, row by row for JSON text. (parse_json('{"a":1.5}').a
 * + 1 answered 2, and dynamic({"a":1.5}).a + 1 was an internal error.)
 */
function arithOperand(e: Expr, out: Ty, op: string, n: SNode): Expr {
  const s = e.ty.shape;
  const whole = out.kql === 'long' || out.kql === 'int';
  if (!whole && out.kql !== 'real')
    throw new LowerError('HB106', `operator ${op} of a dynamic value where the result is a ${out.kql}: Kusto's answer is not documented; convert it (totimespan(), todatetime(), tolong())`, n);
  if (s.k === 'json') {
    if (whole) return fn('$json_long_or_refuse', [e], scalar('long'));
    if (out.kql === 'real') return fn('$json_num_or_refuse', [e], scalar('real'));
    return asScalar(e, out);
  }
  if (s.k === 'scalar' && (out.kql === 'long' || out.kql === 'int' || out.kql === 'real')) {
    const ok = whole ? s.t === 'long' || s.t === 'int' : s.t === 'long' || s.t === 'int' || s.t === 'real';
    if (!ok) throw new LowerError('HB106', `operator ${op} of a dynamic value that holds a ${s.t} where the result is a ${out.kql}: Kusto's answer is not documented; convert it (tolong(), todouble())`, n);
  }
  return asScalar(e, out);
}

export function arith(op: string, l: Expr, r: Expr, out: Ty, n: SNode): Expr {
  const exact = out.kql === 'decimal' ? foldArith(op, l, r) : undefined;
  if (exact) return exact;
  // Decimals are kept as reals, which can become NaN, infinite or larger than a decimal holds;
  // Kusto's decimal cannot (what it does instead, an error or null, is not documented): refused.
  if (out.kql === 'decimal') {
    const div = op === '/' || op === '%';
    return fn('dec_checked', [arithOn(op, l, div ? fn('dec_divisor', [r], r.ty) : r, out, n)], out);
  }
  const e = arithOn(op, l, r, out, n);
  // timespan + - * / timespan or number: Kusto's range is ±Int64.MaxValue ticks (sql/functions.ts
  // $ts_range); datetime - datetime stays within it (at most 3652058 days)
  const dtDiff = l.ty.kql === 'datetime' && r.ty.kql === 'datetime';
  return out.kql === 'timespan' && e.k !== 'lit' && !dtDiff ? fn('$ts_range', [e], out) : e;
}

function arithOn(op: string, l: Expr, r: Expr, out: Ty, n: SNode): Expr {
  const lt = l.ty.kql;
  const rt = r.ty.kql;
  if (lt === 'dynamic' && rt === 'dynamic')
    throw new LowerError('HB106', `operator ${op} needs a typed operand: convert a dynamic value with tolong()/todouble() first`, n);
  if (lt === 'dynamic' || rt === 'dynamic') {
    l = l.ty.kql === 'dynamic' ? arithOperand(l, out, op, n) : l;
    r = r.ty.kql === 'dynamic' ? arithOperand(r, out, op, n) : r;
  }
  // Integer arithmetic is done in the result type (int + int is long in Kusto) and wraps around
  // on overflow as Kusto's does, where DuckDB would raise an error.
  if (out.kql === 'long' && isInt(l.ty.kql) && isInt(r.ty.kql)) {
    const wide = (x: Expr): Expr => (x.ty.kql === 'long' ? x : { k: 'cast', e: x, to: 'BIGINT', try: false, ty: scalar('long') });
    if (op === '+' || op === '-' || op === '*') return fn({ '+': '$add_wrap', '-': '$sub_wrap', '*': '$mul_wrap' }[op], [wide(l), wide(r)], out);
    // int / int and int % int are long too: compute them on BIGINTs so the result is one.
    l = wide(l);
    r = wide(r);
  }
  // x - 3tick floors to x - 1µs (a tick constant's `sql` is floored, which is right for `+`); the
  // result lost ticks as x + 3tick does (`inexact`: tostring/tolong/7-digit formats of it refuse).
  if (op === '-' && r.k === 'lit' && r.ticks !== undefined) r = { k: 'lit', sql: `CAST(${-Math.floor(-Number(r.ticks) / 10)} AS BIGINT)`, ty: r.ty, inexact: true };
  switch (op) {
    case '+':
      if (lt === 'datetime' && rt === 'timespan') return fn('$dt_add', [l, r], out);
      if (lt === 'timespan' && rt === 'datetime') return fn('$dt_add', [r, l], out);
      return fn('$add', [l, r], out);
    case '-':
      if (lt === 'datetime' && rt === 'datetime') return fn('$dt_diff', [l, r], out);
      if (lt === 'datetime' && rt === 'timespan') return fn('$dt_sub', [l, r], out);
      return fn('$sub', [l, r], out);
    case '*':
      if (lt === 'timespan' && isNum(rt)) return tickMul(l, r, out);
      if (rt === 'timespan' && isNum(lt)) return tickMul(r, l, out);
      return fn('$mul', [l, r], out);
    case '/':
      if (lt === 'timespan' && rt === 'timespan') return fn('$ts_div', tickLit(r) ? [l, tickLit(r)!, lit('10', scalar('long'))] : [l, r], out);
      if (lt === 'timespan' && isInt(rt)) return fn('$ts_divn_int', [l, r], out);
      if (lt === 'timespan' && isNum(rt)) return fn('$ts_divn', [l, r], out);
      if (isInt(l.ty.kql) && isInt(r.ty.kql)) return fn('$idiv', [l, r], out);
      return fn('$div', [{ k: 'cast', e: l, to: 'DOUBLE', try: false, ty: scalar('real') }, r], out);
    case '%':
      return fn('$mod', [l, r], out);
    default:
      return unsupported(n, `operator ${op}`);
  }
}

/**
 * Values are floored to the microsecond. Adding a constant finer than that (`x - 1tick`) to an
 * exact value stays within a microsecond of Kusto's result; adding it to a value that already lost
 * ticks (an end of a period, a floored constant) could cross a second, day or year boundary, and
 * dividing such values by a tick constant counts the lost ticks: both are refused (HB107).
 */
function refuseLostTicks(op: string, l: Expr, r: Expr, n: SNode, cx: Ctx): void {
  const tick = (x: Expr) => x.k === 'lit' && x.ticks !== undefined;
  if ((op === '+' || op === '-') && ((tick(l) && ticksLost(r, cx)) || (tick(r) && ticksLost(l, cx))))
    throw new LowerError('HB107', `adding a tick constant to a value that ${TICKS_REFUSED}`, n);
  if (op === '/' && l.ty.kql === 'timespan' && r.ty.kql === 'timespan' && (tick(r) || ticksLost(r, cx)) && (tick(r) ? ticksLost(l, cx) : true))
    throw new LowerError('HB107', `dividing by a tick constant a value that ${TICKS_REFUSED}`, n);
}

/**
 * Could this datetime/timespan value have lost ticks (be floored to the microsecond where Kusto
 * keeps 100 ns)? A constant finer than a microsecond, an end of a period (….9999999 in Kusto),
 * a timespan scaled by a number, or — when the query text holds such values — any column.
 */
export function ticksLost(e: Expr, cx: Ctx, cols = cx.tickSensitive): boolean {
  const lost = (x: Expr) => ticksLost(x, cx, cols);
  switch (e.k) {
    case 'lit':
      return e.inexact === true;
    case 'col':
    case 'param':
      return cols && (e.ty.kql === 'datetime' || e.ty.kql === 'timespan' || e.ty.kql === 'dynamic');
    case 'fn':
      if (/^endof|^\$ts_divn$|^\$ts_mul$/.test(e.fn)) return true;
      // make_datetime() of real seconds: floored to the microsecond (sql/functions.ts)
      if (e.fn === 'make_datetime' && e.args[5]?.ty.kql === 'real') return true;
      // make_timespan() of real seconds: rounded to the microsecond (sql/functions.ts)
      if (e.fn === 'make_timespan' && e.args[3]?.ty.kql === 'real') return true;
      // The start of a period of a floored value is exact (flooring keeps the period), and so is
      // its bin() by a whole number of microseconds (binFn refuses finer sizes).
      if (/^startof/.test(e.fn)) return false;
      if (/^bin_(?:dt|dt_day|ts)$/.test(e.fn)) return e.args[1] !== undefined && e.args[1].k !== 'lit' && lost(e.args[1]);
      return e.args.some((a) => lost(a));
    case 'agg':
    case 'win':
      return e.args.some((a) => lost(a));
    case 'case':
      return e.whens.some(([w, t]) => lost(w) || lost(t)) || lost(e.else);
    case 'cast':
      return lost(e.e);
    case 'lambda':
      return lost(e.body);
    case 'scalar':
    case 'insub':
      return cx.tickSensitive;
  }
}

/**
 * Could values of e differ by less than a microsecond, so that flooring them merges or reorders
 * values Kusto keeps apart (grouping, ordering, join keys, distinct counts)? Unlike ticksLost, an
 * end of a period does not: its values (….9999999) are a microsecond or more apart, and so are the
 * starts of periods and bins by whole microseconds.
 */
export function ticksVary(e: Expr, cx: Ctx): boolean {
  switch (e.k) {
    case 'lit':
      return false;
    case 'col':
    case 'param':
      return cx.tickFine && (e.ty.kql === 'datetime' || e.ty.kql === 'timespan' || e.ty.kql === 'dynamic');
    case 'fn':
      if (/^endof|^startof|^bin_(?:dt|dt_day|ts)$/.test(e.fn)) return false;
      if (/^\$ts_divn$|^\$ts_mul$/.test(e.fn)) return true;
      if (e.fn === 'make_datetime' && e.args[5]?.ty.kql === 'real') return true;
      if (e.fn === 'make_timespan' && e.args[3]?.ty.kql === 'real') return true;
      return e.args.some((a) => ticksVary(a, cx));
    case 'agg':
    case 'win':
      return e.args.some((a) => ticksVary(a, cx));
    case 'case':
      return e.whens.some(([w, t]) => ticksVary(w, cx) || ticksVary(t, cx)) || ticksVary(e.else, cx);
    case 'cast':
      return ticksVary(e.e, cx);
    case 'lambda':
      return ticksVary(e.body, cx);
    case 'scalar':
    case 'insub':
      return cx.tickFine;
  }
}

/** Notes an end of a period stored in a column (Ctx.endofStored). */
export function noteStored(e: Expr, cx: Ctx): void {
  if (!cx.endofStored && someExpr(e, (x) => x.k === 'fn' && /^endof/.test(x.fn))) cx.endofStored = true;
}

/** IR conversions that show a datetime's/timespan's every tick: its text, its tick count, its hash. */
const SHOWS_TICKS = new Set(['datetime_to_string', 'timespan_to_string', 'ts_to_long', 'dt_to_long', 'xxh64_dt']);

/**
 * The conversions of SHOWS_TICKS made anywhere (strcat(1tick), a datetime compared with text, …)
 * of a value that may have lost ticks: HB107, as refuseTicksShown does for the explicit ones.
 */
function refuseTickText(e: Expr, n: SNode, cx: Ctx): void {
  if (someExpr(e, (x) => x.k === 'fn' && SHOWS_TICKS.has(x.fn) && x.args[0] !== undefined && ticksLost(x.args[0], cx)))
    throw new LowerError('HB107', `text or tick count of a value that ${TICKS_REFUSED}`, n);
}

/** `in`/`between` compare their values as `==`/`<=` do: a constant finer than a microsecond would be floored. */
function refuseFineOperands(xs: Expr[], op: string, n: SNode): void {
  if (xs.some((x) => x.k === 'lit' && x.inexact)) throw new LowerError('HB107', `operator ${op} on a constant that ${TICKS_REFUSED}`, n);
}

/** Refuses a conversion that would show the ticks a value lost (tostring, tolong, 7-digit formats). */
export function refuseTicksShown(e: Expr, n: SNode, cx: Ctx, what: string): void {
  if ((e.ty.kql === 'datetime' || e.ty.kql === 'timespan' || e.ty.kql === 'dynamic') && ticksLost(e, cx))
    throw new LowerError('HB107', `${what} of a value that ${TICKS_REFUSED}`, n);
}

/** timespan × number; a constant finer than a microsecond times an integer constant stays exact. */
function tickMul(span: Expr, k: Expr, out: Ty): Expr {
  const ticks = span.k === 'lit' ? span.ticks : undefined;
  if (ticks === undefined) return fn(isInt(k.ty.kql) ? '$ts_mul_int' : '$ts_mul', [span, k], out);
  const int = k.k === 'lit' ? /^CAST\((-?\d+) AS (?:BIGINT|INTEGER)\)$/.exec(k.sql)?.[1] : undefined;
  if (int !== undefined) {
    const t = BigInt(ticks) * BigInt(int);
    const us = (t < 0n ? t - 5n : t + 5n) / 10n;
    const e: Expr = { k: 'lit', sql: `CAST(${us} AS BIGINT)`, ty: out };
    return t % 10n === 0n ? e : { k: 'lit', sql: e.sql, ty: out, ticks: String(t), inexact: true };
  }
  return fn('$ts_mul', [tickLit(span)!, k, lit('10', scalar('long'))], out);
}

/** A timespan constant finer than a microsecond, as its exact tick count. */
function tickLit(x: Expr): Expr | undefined {
  return x.k === 'lit' && x.ticks !== undefined ? lit(`CAST(${x.ticks} AS BIGINT)`, scalar('long')) : undefined;
}

/** A dynamic value used where a scalar of type `want` is expected. */
export function asScalar(e: Expr, want: Ty): Expr {
  if (e.ty.kql !== 'dynamic') return e;
  const s = e.ty.shape;
  if (s.k === 'scalar') return { ...e, ty: scalar(s.t) };
  if (s.k === 'null') {
    // a known null (e.g. a key the column's property bags never have): its value is read, it is null
    if (e.k === 'lit' && e.sql === 'NULL') consume(e);
    return nullOf(want.kql === 'dynamic' ? scalar('real') : want);
  }
  if (s.k === 'json') {
    const t = want.kql === 'int' || want.kql === 'long' ? 'long' : want.kql === 'real' || want.kql === 'decimal' ? 'real' : want.kql === 'bool' ? 'bool' : 'string';
    if (t === 'bool') return fn('json_to_bool', [e], scalar('bool'));
    return convert(e, t);
  }
  return e;
}

function coerceCompare(l: Expr, r: Expr, n: SNode): [Expr, Expr] {
  if (l.ty.kql !== 'dynamic' && r.ty.kql !== 'dynamic') return [l, r];
  const ls = l.ty.kql === 'dynamic' ? l.ty.shape : l.ty.shape;
  const rs = r.ty.kql === 'dynamic' ? r.ty.shape : r.ty.shape;
  if (ls.k === 'scalar' && rs.k === 'scalar') {
    const num = (t: string) => t === 'long' || t === 'int' || t === 'real' || t === 'decimal';
    if (ls.t === rs.t || (num(ls.t) && num(rs.t))) return [asScalar(l, l.ty), asScalar(r, r.ty)];
  }
  if (ls.k === 'null' || rs.k === 'null') return [asScalar(l, r.ty), asScalar(r, l.ty)];
  // A bool against a dynamic value: comparing text would set JSON's `true` against tostring(true),
  // which is "True", so `parse_json('{"b":true}').b == true` was false. A JSON bool is compared as
  // the bool it is (as a typed dynamic bool already is, above) and a JSON null as a null; what
  // Kusto answers for another kind (the string "true", the number 1) is not documented: refused,
  // row by row for JSON text, here for a typed value.
  if (l.ty.kql === 'bool' || r.ty.kql === 'bool') {
    const d = l.ty.kql === 'bool' ? r : l;
    if (d.ty.shape.k !== 'json')
      throw new LowerError('HB106', `operator between a bool and a dynamic value that holds a ${d.ty.shape.k === 'scalar' ? d.ty.shape.t : d.ty.shape.k}: Kusto's answer is not documented; compare tobool() of it`, n);
    const j = fn('$json_bool_or_refuse', [d], scalar('bool'));
    return l === d ? [j, r] : [l, j];
  }
  // A number against JSON text: comparing text made parse_json('{"a":10}').a > 9 false ("10" < "9")
  // and 10 == 10.0 false. A JSON number is compared as a number, a JSON null as a null; other
  // kinds are refused row by row ($json_num_or_refuse). A typed dynamic string against a number is
  // a string against a number (mixedCompare: "10" == 10 answered, "10" > 9 refused).
  const num = (t: string) => t === 'long' || t === 'int' || t === 'real';
  if (num(l.ty.kql) || num(r.ty.kql)) {
    const d = num(l.ty.kql) ? r : l;
    if (d.ty.shape.k === 'json') {
      const j = fn('$json_num_or_refuse', [d], scalar('real'));
      return l === d ? [j, r] : [l, j];
    }
    if (d.ty.shape.k === 'scalar' && d.ty.shape.t === 'string') return [asScalar(l, l.ty), asScalar(r, r.ty)];
  }
  return [toStr(l), toStr(r)];
}

/** Kusto's tostring() of any value. */
export function toStr(e: Expr): Expr {
  return convert(e, 'string');
}

function inExpr(n: SNode, row: RowScope, cx: Ctx): Expr {
  const [en, listNode] = kids(n);
  const op = toks(n).find((t) => t.includes('in')) ?? 'in';
  const negate = op.startsWith('!');
  const ci = op.endsWith('~');
  const x = lowerExpr(en, row, cx);
  const elems = kids(listNode).flatMap((c) => (c.k === 'List' ? kids(c) : [c]));
  const out = scalar('bool');
  // A single tabular argument is a subquery.
  if (elems.length === 1 && elems[0].cols) {
    const rel = tabular(elems[0], cx);
    // The first column is the list; a string against a datetime (say) has no answer we can vouch for.
    const c = rel.cols[0];
    const num = (t: string) => t === 'long' || t === 'int' || t === 'real' || t === 'decimal';
    if (!ci && c && c.ty.shape.k !== 'list' && x.ty.kql !== 'dynamic' && c.ty.kql !== 'dynamic' && c.ty.kql !== x.ty.kql && !(num(c.ty.kql) && num(x.ty.kql)))
      throw new LowerError('HB106', `operator ${op}: a ${x.ty.kql} value cannot be looked up in the first column '${c.name}' (${c.ty.kql}) of the tabular expression; convert one side (e.g. tostring())`, n);
    if (c && (c.ty.kql === 'datetime' || c.ty.kql === 'timespan') && (ticksLost(x, cx) || cx.tickFine))
      throw new LowerError('HB107', `operator ${op} looking up a value that ${TICKS_REFUSED}`, n);
    return { k: 'insub', e: ci ? toStr(x) : x, rel, negate, ci, ty: out };
  }
  const vals: Expr[] = [];
  // Arrays known only at run time (a dynamic column, make_list …): each adds its elements to the
  // list, beside the other values (in-operator: "Each expression can be a scalar value …").
  const arrays: Expr[] = [];
  for (const el of elems) {
    const v = lowerExpr(el, row, cx);
    if (v.ty.kql === 'dynamic' && v.ty.shape.k === 'list') {
      if (v.ty.shape.of.k === 'null') continue; // dynamic([]) adds nothing to the list
      if (v.k === 'lit') {
        // Expand constant arrays into the IN list.
        const m = /^CAST\(\[(.*)\] AS/s.exec(v.sql);
        if (m && v.ty.shape.of.k === 'scalar') {
          const of = v.ty.shape.of;
          const elems = splitTop(m[1]).map((s) => lit(s, scalar(of.t)));
          // The in-operator page's note: "Nested arrays are flattened into a single list of values.
          // For example, x in (dynamic([1,[2,3]])) becomes x in (1,2,3)": a constant array is its
          // elements written as the list, so an element of another kind than x compares as in a
          // list of values (inList: as == does, mixedCompare). Before: HB106 (SlimKQL's Medusa
          // hunt, `LocalPort in (dynamic(["21", "22", …]))`).
          vals.push(...elems);
          continue;
        }
      }
      arrays.push(arrayMember(x, v, ci, op, n));
      continue;
    }
    if (v.ty.kql === 'dynamic' && v.ty.shape.k === 'json' && v.k === 'lit') {
      // A constant array mixing kinds or nesting arrays (held as JSON text): the same note, "x in
      // (dynamic([1,[2,3]])) becomes x in (1,2,3)", so its scalars, nested arrays flattened, are
      // the list. Before: the JSON text itself was one string value of the list ("x" in
      // (dynamic(["x", 1])) was false, 2 in (dynamic([1, [2, 3]])) an engine error).
      const flat = flattenConstArray(v);
      if (typeof flat === 'string') throw new LowerError('HB106', `operator ${op} over ${flat}: Kusto's answer is not documented`, el);
      vals.push(...flat);
      continue;
    }
    if (v.ty.kql === 'dynamic' && v.ty.shape.k === 'json' && v.k !== 'lit') {
      // JSON text: an array's elements, any other value itself
      arrays.push(arrayMember(x, fn('$json_elems', [v], dyn({ k: 'list', of: { k: 'json' } })), ci, op, n));
      continue;
    }
    vals.push(v);
  }
  const timed = x.ty.kql === 'datetime' || x.ty.kql === 'timespan';
  if (arrays.length > 0) {
    if (timed && (ticksLost(x, cx) || cx.tickFine)) throw new LowerError('HB107', `operator ${op} looking up a value that ${TICKS_REFUSED}`, n);
    if (vals.length > 0) arrays.push(inList(x, vals, ci, false, op, n));
    return fn(negate ? '$none_true' : '$any_true', arrays, out);
  }
  return timed && !ci ? tieGuards(x, vals, inList(x, vals, ci, negate, op, n), cx) : inList(x, vals, ci, negate, op, n);
}

/**
 * The scalars of a constant array held as JSON text (jsonToExpr: kinds mixed or arrays nested), in
 * order, nested arrays flattened, as literals of their kind: strings, whole numbers (long), other
 * numbers (real), bools. What is not such an array (a property bag, a bag or a null inside it) is
 * returned as a description, to be refused: the in-operator page flattens arrays only.
 */
function flattenConstArray(v: Expr): Expr[] | string {
  const text = /^'(.*)'$/s.exec(v.k === 'lit' ? v.sql : '')?.[1]?.replaceAll("''", "'");
  if (text === undefined || !text.startsWith('[')) return 'a dynamic value that is not an array';
  const out: Expr[] = [];
  // JSON tokens: strings (with their escapes), numbers, literals, punctuation
  const tok = /\s*("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null|[[\],{}:])/y;
  let m: RegExpExecArray | null;
  let at = 0;
  while (at < text.length && (m = tok.exec(text)) !== null) {
    at = tok.lastIndex;
    const t = m[1];
    if (t === '[' || t === ']' || t === ',') continue;
    if (t === '{' || t === '}' || t === ':') return 'a dynamic array holding a property bag';
    if (t === 'null') return 'a dynamic array holding a null element';
    if (t === 'true' || t === 'false') out.push(lit(t, scalar('bool')));
    else if (t.startsWith('"')) out.push(lit(str(JSON.parse(t) as string), scalar('string')));
    else if (/^-?\d+$/.test(t) && BigInt(t) >= -(2n ** 63n) && BigInt(t) < 2n ** 63n) out.push(lit(`CAST(${t} AS BIGINT)`, scalar('long')));
    else if (Number.isFinite(Number(t))) out.push(lit(numSql(Number(t)), scalar('real')));
    else return `a dynamic array holding the number ${t}`;
  }
  if (text.slice(at).trim() !== '') return 'a dynamic value that is not an array';
  return out;
}

/** `x in (v1, v2 …)` over scalar values. */
function inList(x: Expr, vals: Expr[], ci: boolean, negate: boolean, op: string, n: SNode): Expr {
  const out = scalar('bool');
  refuseFineOperands([x, ...vals], op, n);
  if (vals.length === 0) return lit(negate ? 'true' : 'false', out);
  if (ci) return fn(negate ? '$notin_ci' : '$in_ci', [toStr(x), ...vals.map(toStr)], out);
  const xs = x.ty.kql === 'dynamic' ? (x.ty.shape.k === 'scalar' ? asScalar(x, x.ty) : toStr(x)) : x;
  // A value of another kind in the list is compared as == compares it (mixedCompare): a string
  // against whole numbers is answered where the readings agree, other pairs are refused. Before,
  // the numbers were compared as text here ("01" in (1) false) while == read the string as a
  // number ("01" == 1 true).
  const other = vals.filter((v) => mixedIn(xs, v));
  if (other.length > 0) {
    const same = vals.filter((v) => !mixedIn(xs, v));
    const tests = other.map((v) => mixedCompare('==', xs, v, n) as Expr);
    if (same.length > 0) tests.push(fn('$in', [xs, ...same], out));
    const any = tests.reduce((p, q) => fn('$or', [p, q], out));
    return negate ? fn('$not', [any], out) : any;
  }
  const answer = fn(negate ? '$notin' : '$in', [xs, ...vals], out);
  const reals = vals.filter((v) => v.ty.kql === 'real');
  return xs.ty.kql === 'real' && reals.length > 0 ? fn('$in_nan_guard', [answer, xs, ...reals], out) : answer;
}

/**
 * Whether x is an element of an array known only at run time (false for a null x). Elements held
 * as JSON text are compared as set_has_element() compares them (a string never equals a number);
 * `in~` compares strings without case, as over a list of values.
 */
function arrayMember(x: Expr, arr: Expr, ci: boolean, op: string, n: SNode): Expr {
  const out = scalar('bool');
  const s = arr.ty.shape;
  if (s.k !== 'list') return unsupported(n, `operator ${op} over a dynamic value`, 'HB120');
  const xt = x.ty.kql === 'dynamic' ? (x.ty.shape.k === 'scalar' ? x.ty.shape.t : undefined) : x.ty.kql;
  const xs = x.ty.kql === 'dynamic' && x.ty.shape.k === 'scalar' ? asScalar(x, scalar(x.ty.shape.t)) : x;
  if (s.of.k === 'json') {
    const kind = xt === 'string' || xt === 'guid' ? 'string' : xt === 'long' || xt === 'int' || xt === 'real' ? 'number' : xt === 'bool' && !ci ? 'bool' : undefined;
    if (!kind || (ci && kind !== 'string')) return unsupported(n, `operator ${op} of a ${xt ?? 'dynamic'} value in an array known only at run time`, 'HB120');
    if (ci) return fn('$jlist_in_ci', [arr, toStr(xs)], out);
    return fn('any_match', [fn(`jlist_matches_${kind}`, [arr, xt === 'guid' ? toStr(xs) : xs], dyn({ k: 'list', of: { k: 'scalar', t: 'bool' } })), xs], out);
  }
  if (ci) {
    if (s.of.k !== 'scalar' || (s.of.t !== 'string' && s.of.t !== 'guid')) return unsupported(n, `operator ${op} over an array that does not hold strings`, 'HB120');
    return fn('$list_in_ci', [toStr(xs), arr], out);
  }
  // elements of another kind than the value (a string among longs, a datetime among strings):
  // whether Kusto converts one side is not documented
  const num = (t?: string) => t === 'long' || t === 'int' || t === 'real' || t === 'decimal';
  const et = s.of.k === 'scalar' ? s.of.t : undefined;
  if (et !== xt && !(num(et) && num(xt)) && !((et === 'string' || et === 'guid') && (xt === 'string' || xt === 'guid')))
    return unsupported(n, `operator ${op} of a ${xt ?? 'dynamic'} value in an array of ${et ?? 'mixed'} values`, 'HB120');
  return fn('$list_in', [xs, arr], out);
}

/** Splits a comma-separated SQL list at top level (outside quotes and brackets). */
function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let q = false;
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (q) {
      cur += ch;
      if (ch === "'" && s[i + 1] === "'") cur += s[++i];
      else if (ch === "'") q = false;
      continue;
    }
    if (ch === "'") q = true;
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    if (ch === ')' || ch === ']' || ch === '}') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

function hasAny(n: SNode, row: RowScope, cx: Ctx): Expr {
  const [en, listNode] = kids(n);
  const all = n.k === 'HasAllExpression';
  const x = toStr(lowerExpr(en, row, cx));
  const elems = kids(listNode).flatMap((c) => (c.k === 'List' ? kids(c) : [c]));
  const vals: Expr[] = [];
  for (const el of elems) {
    // A tabular expression (documented, has-any-operator): the distinct values of its first column.
    let v = el.cols ? tabularValues(el, cx) : lowerExpr(el, row, cx);
    // An array whose elements are JSON text (make_list of parse_json values) or known only at run
    // time: its elements' text are the needles (the JSON text itself, quotes included, matched
    // nothing); a real, boolean or nested element is refused per row. A constant array held as
    // JSON text (kinds mixed: dynamic(["a", 1])) is read the same way; before, its JSON text was
    // the one needle ("a b" has_any (dynamic(["a", 1])) was false).
    const sh = v.ty.shape;
    if (v.ty.kql === 'dynamic' && (sh.k === 'json' || (sh.k === 'list' && sh.of.k === 'json' && v.k !== 'lit'))) {
      const arr = sh.k === 'json' ? fn('$json_elems', [v], dyn({ k: 'list', of: { k: 'json' } })) : v;
      v = fn('json_elements_terms', [arr], dyn({ k: 'list', of: { k: 'scalar', t: 'string' } }));
    }
    if (v.ty.kql === 'dynamic' && v.ty.shape.k === 'list' && v.k === 'lit') {
      const m = /^CAST\(\[(.*)\] AS/s.exec(v.sql);
      if (m) {
        vals.push(...splitTop(m[1]).map((s) => toStr(lit(s, scalar(v.ty.shape.k === 'list' && v.ty.shape.of.k === 'scalar' ? v.ty.shape.of.t : 'string')))));
        continue;
      }
    }
    if (v.ty.kql === 'dynamic' && v.ty.shape.k === 'list') {
      if (all) unsupported(el, 'has_all with a computed array');
      return fn('has_any_list', [x, v], scalar('bool'));
    }
    vals.push(toStr(v));
  }
  const B = scalar('bool');
  if (vals.length === 0) return lit(all ? 'true' : 'false', B);
  return vals.map((v) => termMatch(x, v, 'has', false)).reduce((p, q) => fn(all ? '$and' : '$or', [p, q], B));
}

/**
 * has_any (tabular expression): "If a tabular expression has multiple columns, the first column is
 * used. The search will consider up to 10,000 distinct values" (has-any-operator). The values are
 * read by a first pass (as pivot's columns are: NeedsProbe, HB133 on a pure compile) and become a
 * constant list. Which values beyond 10,000 Kusto leaves out is not said: more is refused (HB132).
 */
const HAS_ANY_VALUES = 10000;
function tabularValues(el: SNode, cx: Ctx): Expr {
  const rel = tabular(el, cx);
  const first = rel.cols[0];
  if (!first) return unsupported(el, 'has_any of a tabular expression without columns');
  const S = scalar('string');
  const value = cx.col('value', S);
  const probe: Rel = { op: 'aggregate', input: rel, keys: [{ col: value, e: toStr(colRef(first)) }], aggs: [], cols: [value] };
  const key = cx.probeKey(probe);
  const got = cx.probeValues[key];
  if (!got)
    throw new NeedsProbe('HB133', 'has_any of a tabular expression: its values are read by a first pass (huntbench runs it when an engine is at hand; a pure compile cannot)', el, probe, `distinct values of ${first.name}`, HAS_ANY_VALUES);
  if (got.length > HAS_ANY_VALUES) return unsupported(el, `has_any of a tabular expression with more than ${HAS_ANY_VALUES} distinct values (which ones Kusto considers is not documented)`, 'HB132');
  cx.probesUsed.push({ key, label: `has_any pass 1: distinct values of ${first.name}`, start: el.s, end: el.e });
  const vals = got.filter((v): v is string => v !== null).sort();
  return lit(`CAST([${vals.map((v) => str(v)).join(', ')}] AS VARCHAR[])`, dyn({ k: 'list', of: { k: 'scalar', t: 'string' } }));
}

// ---------------------------------------------------------------- dynamic access

function path(n: SNode, row: RowScope, cx: Ctx): Expr {
  const [base, member] = kids(n);
  const bname = base.k === 'NameReference' ? (base.ch.find((c) => c.k === 'TokenName')?.ch[0]?.text ?? nameOf(base)) : '';
  if ((bname === '$left' || bname === '$right') && row.left && row.right) {
    const cols = bname === '$left' ? row.left : row.right;
    const c = findCol(cols, nameOf(member));
    if (!c) throw new LowerError('HB102', `unknown column ${bname}.${nameOf(member)}`, n);
    return colRef(c);
  }
  const step = row.steps?.get(bname);
  if (step) {
    const v = step.get(nameOf(member));
    if (!v) throw new LowerError('HB102', `unknown scan variable ${bname}.${nameOf(member)}`, n);
    return v;
  }
  const b = lowerExpr(base, row, cx);
  // `x.[expr]`: a computed (or constant) key, read as `x[expr]` is.
  if (member.k === 'BracketedExpression') {
    const inner = kids(member).find((c) => c.k !== 'Tok');
    if (!inner) return unsupported(n, 'empty brackets after "."');
    return elementOf(b, lowerExpr(inner, row, cx), n);
  }
  // `x.["name"]`: the literal inside the brackets is the key.
  const bracketed = member.k === 'NameReference' ? kids(member).find((c) => c.k === 'BracketedName') : undefined;
  const key = bracketed ? bracketName(bracketed) : nameOf(member);
  return member_(b, key, n);
}

export function member_(b: Expr, key: string, n: SNode): Expr {
  const s = b.ty.shape;
  if (b.ty.kql !== 'dynamic') return unsupported(n, 'member access on a non-dynamic value');
  if (s.k === 'struct') {
    const f = s.fields.find((x) => x.name === key);
    if (!f) return lit('NULL', dyn({ k: 'null' }));
    return fn('struct_field', [b, lit(str(key), scalar('string'))], dyn(f.shape));
  }
  if (s.k === 'map') return fn('map_value', [b, lit(str(key), scalar('string'))], dyn(s.value));
  if (s.k === 'null' || s.k === 'scalar' || s.k === 'list') return lit('NULL', dyn({ k: 'null' }));
  return foldHostMember(b, key) ?? fn('json_get', [b, lit(str(key), scalar('string'))], dyn({ k: 'json' }));
}

function element(n: SNode, row: RowScope, cx: Ctx): Expr {
  const [base, sel] = kids(n);
  const b = lowerExpr(base, row, cx);
  const idxNode = kids(sel)[0] ?? sel;
  return elementOf(b, lowerExpr(idxNode.k === 'List' ? kids(idxNode)[0] : idxNode, row, cx), n);
}

/** `b[idx]`: a property (string key) or an array element (index) of a dynamic value. */
function elementOf(b: Expr, idx: Expr, n: SNode): Expr {
  if (b.ty.shape.k === 'json') {
    if (idx.ty.kql === 'string') {
      // a plain string literal ('…' with '' for a quote; not one spliced with chr(0))
      const folded = idx.k === 'lit' && /^'(?:[^']|'')*'$/s.test(idx.sql) ? foldHostMember(b, idx.sql.slice(1, -1).replaceAll("''", "'")) : undefined;
      if (!folded) return fn('json_get', [b, idx], dyn({ k: 'json' }));
      consume(idx);
      return folded;
    }
    return fn('array_index_dyn', [fn('json_list', [b], dyn({ k: 'list', of: { k: 'json' } })), asScalar(idx, scalar('long'))], dyn({ k: 'json' }));
  }
  if (idx.ty.kql === 'string') {
    if (idx.k === 'lit' && /^'.*'$/s.test(idx.sql)) return member_(b, idx.sql.slice(1, -1).replaceAll("''", "'"), n);
    if (b.ty.shape.k === 'map') return fn('map_value', [b, idx], dyn(b.ty.shape.value));
    if (b.ty.shape.k === 'struct') {
      // A computed key picks one of the declared fields. Fields of one kind (and, for bags, one
      // key order: lower/values.ts unify) keep it; otherwise each field is carried as its JSON
      // text, the representation that holds any dynamic value in its own key order (as iif/case
      // do with values of different kinds, lower/functions.ts dynamicValues).
      const fields = b.ty.shape.fields;
      let shape: import('../api.ts').SqlShape | undefined = { k: 'null' };
      for (const f of fields) shape = shape && unify(shape, f.shape);
      const asJson = !shape;
      const ty = dyn(shape ?? { k: 'json' });
      const key = toStr(idx);
      const pick = (f: { name: string }): Expr => {
        const m = member_(b, f.name, n);
        return asJson && m.ty.shape.k !== 'json' ? fn('$json_text', [m], ty) : m;
      };
      const whens: [Expr, Expr][] = fields.map((f) => [fn('$eq', [key, lit(str(f.name), scalar('string'))], scalar('bool')), pick(f)]);
      return { k: 'case', whens, else: lit(`CAST(NULL AS ${sqlTypeOf(ty.shape)})`, ty), ty };
    }
    return lit('NULL', dyn({ k: 'null' }));
  }
  const s = b.ty.shape;
  if (s.k !== 'list') return lit('NULL', dyn({ k: 'null' }));
  return fn('array_index_dyn', [b, asScalar(idx, scalar('long'))], dyn(s.of));
}

/** Whether an expression calls rand() or new_guid() (a new value at each evaluation). */
function volatile(e: Expr): boolean {
  return someExpr(e, (x) => x.k === 'fn' && (x.fn === 'rand' || x.fn === 'new_guid'));
}
