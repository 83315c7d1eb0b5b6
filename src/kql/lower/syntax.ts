/** Small helpers to read the plain syntax tree. */
import type { SNode } from '../parse/index.ts';

/** Non-token children. */
export const kids = (n: SNode): SNode[] => n.ch.filter((c) => c.k !== 'Tok');

/** Token texts, lower-cased. */
export const toks = (n: SNode): string[] => n.ch.filter((c) => c.k === 'Tok').map((c) => (c.text ?? '').toLowerCase());

/** Items of the first List child (or of `n` itself when it is a List). */
export const items = (n: SNode | undefined): SNode[] => {
  if (!n) return [];
  if (n.k === 'List') return n.ch.filter((c) => c.k !== 'Tok');
  // Operators list their named parameters first and their expressions last.
  const l = n.ch.filter((c) => c.k === 'List').at(-1);
  return l ? l.ch.filter((c) => c.k !== 'Tok') : [];
};

export const lists = (n: SNode): SNode[] => n.ch.filter((c) => c.k === 'List');

export const child = (n: SNode, k: string): SNode | undefined => n.ch.find((c) => c.k === k);

/** The operators of a pipeline (`T | where … | take 1`, parenthesized or not), source first. */
export function pipeOps(n: SNode): SNode[] {
  if (n.k === 'PipeExpression') {
    const [left, op] = kids(n);
    return [...pipeOps(left), op];
  }
  if (n.k === 'ParenthesizedExpression') return pipeOps(kids(n)[0]);
  return [n];
}

/** Text of a name node (NameDeclaration / NameReference / TokenName / BrackettedName). */
export function nameOf(n: SNode): string {
  if (n.k === 'Tok') return unquoteName(n.text ?? '');
  if (n.sym && (n.k === 'NameDeclaration' || n.k === 'NameReference')) return n.sym.name;
  for (const c of n.ch) {
    const t = nameOf(c);
    if (t) return t;
  }
  return '';
}

function unquoteName(t: string): string {
  if ((t.startsWith("'") && t.endsWith("'")) || (t.startsWith('"') && t.endsWith('"'))) return t.slice(1, -1);
  return t;
}

/** Named parameters (`kind=inner`, `withsource=T`) of an operator, name → value node. */
export function namedParams(n: SNode): Map<string, SNode> {
  const out = new Map<string, SNode>();
  for (const l of lists(n)) {
    for (const p of l.ch) {
      if (p.k !== 'NamedParameter') continue;
      const [name, value] = kids(p);
      if (name && value) out.set(nameOf(name).toLowerCase(), value);
    }
  }
  return out;
}

/** The plain text of a parameter value (identifier or literal). */
export function paramText(n: SNode): string {
  if (n.value !== undefined) return String(n.value);
  const t = collectTokens(n).join('');
  return t.replace(/^['"]|['"]$/g, '');
}

export function collectTokens(n: SNode): string[] {
  if (n.k === 'Tok') return [n.text ?? ''];
  return n.ch.flatMap(collectTokens);
}

export function sourceText(text: string, n: SNode): string {
  return text.slice(n.s, n.e);
}
