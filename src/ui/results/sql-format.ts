/**
 * A small SQL pretty-printer for Explain: the generated DuckDB SQL is one CTE per line with very
 * long lines, readable by machines only. This breaks lines before the clauses of each query block
 * (FROM, WHERE, GROUP BY, HAVING, QUALIFY, ORDER BY, LIMIT, joins, set operations), puts each CTE on
 * its own lines, indents subqueries by nesting and splits long SELECT lists one item per line.
 *
 * It only changes whitespace outside literals, quoted identifiers and comments, so the result is the
 * same query (tested: the tokens are unchanged, and formatting twice changes nothing).
 */

/** A token; `sp` when whitespace preceded it in the source (kept as one space unless a line breaks there). */
type Tok = { k: 'ws' | 'str' | 'word' | 'open' | 'close' | 'comma' | 'other'; t: string; sp?: boolean };

export function tokenizeSql(sql: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    const start = i;
    if (/\s/.test(c)) {
      while (i < sql.length && /\s/.test(sql[i])) i++;
      out.push({ k: 'ws', t: sql.slice(start, i) });
    } else if (c === "'" || c === '"') {
      // '' (or "") inside is an escaped quote, not the end
      i++;
      while (i < sql.length) {
        if (sql[i] === c && sql[i + 1] === c) i += 2;
        else if (sql[i] === c) {
          i++;
          break;
        } else i++;
      }
      out.push({ k: 'str', t: sql.slice(start, i) });
    } else if (c === '-' && sql[i + 1] === '-') {
      while (i < sql.length && sql[i] !== '\n') i++;
      out.push({ k: 'str', t: sql.slice(start, i) });
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
      out.push({ k: 'str', t: sql.slice(start, i) });
    } else if (/[A-Za-z_0-9$.]/.test(c)) {
      while (i < sql.length && /[A-Za-z_0-9$.]/.test(sql[i])) i++;
      out.push({ k: 'word', t: sql.slice(start, i) });
    } else {
      i++;
      out.push({ k: c === '(' ? 'open' : c === ')' ? 'close' : c === ',' ? 'comma' : 'other', t: c });
    }
  }
  return out;
}

/** Clause keywords that start a new line at their query block's indentation. */
const CLAUSES = new Set(['SELECT', 'FROM', 'WHERE', 'HAVING', 'QUALIFY', 'WINDOW', 'LIMIT', 'OFFSET', 'UNION', 'INTERSECT', 'EXCEPT']);
/** Two-word clauses, broken before their first word. */
const PAIRS: Record<string, string> = { GROUP: 'BY', ORDER: 'BY' };
/** Words that may precede JOIN; the line breaks before the first of them. */
const JOIN_WORDS = new Set(['LEFT', 'RIGHT', 'FULL', 'INNER', 'OUTER', 'CROSS', 'NATURAL', 'ANTI', 'SEMI', 'ASOF', 'POSITIONAL']);
/** A SELECT list longer than this goes on lines of its own, wrapped after about WRAP characters. */
const LONG_LIST = 100;
const WRAP = 90;
const INDENT = '  ';

interface Frame {
  /** true for a parenthesised query (subquery or CTE body); false for function calls and lists */
  block: boolean;
  indent: number;
  /** inside WITH's list of CTEs (commas at this level separate CTEs) */
  ctes: boolean;
  /** commas at this level split the SELECT list */
  splitList: boolean;
}

export function formatSql(sql: string): string {
  const all = tokenizeSql(sql.trim());
  const toks = all.filter((t, i) => {
    if (t.k !== 'ws') t.sp = all[i - 1]?.k === 'ws';
    return t.k !== 'ws';
  });
  const upper = (i: number) => (toks[i]?.k === 'word' ? toks[i].t.toUpperCase() : '');
  const lines: string[] = [];
  let line = '';
  let lineIndent = 0;
  const stack: Frame[] = [{ block: true, indent: 0, ctes: false, splitList: false }];
  const top = () => stack[stack.length - 1];
  const newline = (indent: number) => {
    if (line.trim()) lines.push(INDENT.repeat(lineIndent) + line.trim());
    line = '';
    lineIndent = indent;
  };
  // length of a SELECT list: from the token after SELECT to the next clause at the same depth
  const listLength = (from: number): number => {
    let depth = 0;
    let len = 0;
    for (let j = from; j < toks.length; j++) {
      const t = toks[j];
      if (t.k === 'open') depth++;
      else if (t.k === 'close') {
        if (depth === 0) break;
        depth--;
      } else if (depth === 0 && t.k === 'word' && (CLAUSES.has(t.t.toUpperCase()) || t.t.toUpperCase() in PAIRS)) break;
      len += t.t.length + 1;
    }
    return len;
  };
  let joinRun = false;
  let prev: Tok | undefined;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    const f = top();
    const w = upper(i);
    // spacing as in the source (operators such as >= or :: must stay glued)
    const glue = !t.sp;
    if (f.block && t.k === 'word') {
      if (w === 'WITH') {
        newline(f.indent);
        line += 'WITH';
        f.ctes = true;
        newline(f.indent + 1);
        prev = t;
        continue;
      }
      let breakHere = false;
      // IS [NOT] DISTINCT FROM is an operator, not a FROM clause
      const distinctFrom = w === 'FROM' && upper(i - 1) === 'DISTINCT' && (upper(i - 2) === 'IS' || upper(i - 3) === 'IS');
      if (CLAUSES.has(w) && !distinctFrom && !(w === 'SELECT' && prev && upper(i - 1) === 'ALL' && /^(UNION|INTERSECT|EXCEPT)$/.test(upper(i - 2)))) breakHere = true;
      if (PAIRS[w] && upper(i + 1) === PAIRS[w]) breakHere = true;
      if (!joinRun && (w === 'JOIN' || JOIN_WORDS.has(w))) {
        let j = i;
        while (JOIN_WORDS.has(upper(j))) j++;
        if (upper(j) === 'JOIN') {
          breakHere = true;
          joinRun = true;
        }
      }
      if (w === 'JOIN') joinRun = false;
      if (w === 'SELECT' && f.ctes) f.ctes = false;
      if (breakHere) {
        f.splitList = false;
        newline(f.indent);
        line += t.t;
        if (w === 'SELECT' && listLength(i + 1) > LONG_LIST) {
          f.splitList = true;
          newline(f.indent + 1);
        }
        prev = t;
        continue;
      }
    }
    if (t.k === 'open') {
      // a parenthesis that holds a query opens an indented block
      const next = upper(i + 1);
      const isBlock = next === 'SELECT' || next === 'WITH' || next === 'FROM';
      line += (glue ? '' : ' ') + '(';
      const indent = isBlock ? (f.ctes ? f.indent + 2 : f.indent + 1) : f.indent;
      stack.push({ block: isBlock, indent, ctes: false, splitList: false });
      prev = t;
      continue;
    }
    if (t.k === 'close') {
      const closed = stack.length > 1 ? stack.pop()! : f;
      if (closed.block) {
        newline(closed.indent - 1);
        line += ')';
      } else line += ')';
      prev = t;
      continue;
    }
    if (t.k === 'comma') {
      line += ',';
      if (f.block && f.ctes) newline(f.indent + 1);
      else if (f.block && f.splitList && line.length >= WRAP) newline(f.indent + 1);
      prev = t;
      continue;
    }
    line += (glue ? '' : ' ') + t.t;
    // a line comment ends its line
    if (t.k === 'str' && t.t.startsWith('--')) newline(f.indent);
    prev = t;
  }
  newline(0);
  return lines.join('\n');
}
