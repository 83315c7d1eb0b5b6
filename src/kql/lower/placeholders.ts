/**
 * Microsoft Sentinel's hunting-query placeholders. Sentinel's hunting queries (the Azure-Sentinel
 * repository's "Hunting Queries") begin `let starttime = todatetime('{{StartTimeISO}}'); let
 * endtime = todatetime('{{EndTimeISO}}');`, and the hunting page replaces the two names with the
 * ISO-8601 start and end of the time range the hunt runs over before the query is run. Left as
 * written, `todatetime()` of the text is null and such a hunt silently finds nothing.
 *
 * Here the query text stays as the user wrote it (editor, saved queries, packs) and the
 * placeholders are filled at compile time, in the string literals of the parsed tree: a token's
 * text and a literal's value have `{{Name}}` replaced, spans unchanged, so every diagnostic still
 * points into the text as written. Only these two names are filled — their meaning (the start and
 * end of the hunt's time range) is what the repository's hunts use them for; any other `{{Name}}`
 * in a string literal is HB143 at its position, never left as text that quietly turns into null.
 * Outside a string literal a placeholder is not filled: in a datetime literal's token
 * (`datetime({{StartTimeISO}})`) it is HB143 naming the string form; elsewhere the parser's
 * syntax error.
 */
import type { SNode } from '../parse/index.ts';
import { type HuntWindow, PLACEHOLDER, PLACEHOLDERS } from '../hunt-window.ts';
import { LowerError } from './context.ts';

/**
 * The tree with the placeholders of its string literals filled from `win`; the same tree when it
 * has none. Throws HB143 (a LowerError at the placeholder's own span) for an unknown name.
 */
export function fillPlaceholders(tree: SNode, win: HuntWindow): SNode {
  // `at`: where `text` starts in the query (a token's raw text), else null and `node`'s span is used
  const fill = (text: string, at: number | null, node: SNode): string =>
    text.replace(PLACEHOLDER, (whole: string, name: string, offset: number) => {
      const end = PLACEHOLDERS[name];
      if (end) return win[end];
      const span: SNode = at === null ? { k: 'Tok', s: node.s, e: node.e, ch: [] } : { k: 'Tok', s: at + offset, e: at + offset + whole.length, ch: [] };
      throw new LowerError(
        'HB143',
        `unknown template placeholder ${whole}: Microsoft Sentinel's hunting page fills {{StartTimeISO}} and {{EndTimeISO}} (the hunt's time range), and no other name is known here; replace it with a value (to search for the text itself, split it: strcat('{{', '${name}}}'))`,
        span,
      );
    });
  const visit = (n: SNode, inString: boolean, inExpansion: boolean): SNode => {
    const stringNode = (n.k === 'LiteralExpression' && typeof n.value === 'string') || n.k === 'CompoundStringLiteralExpression';
    if (n.k === 'Tok') {
      if (!n.text?.includes('{{')) return n;
      if (!inString) {
        // `datetime({{StartTimeISO}})` reads as a datetime literal that is not one (HB103 otherwise)
        PLACEHOLDER.lastIndex = 0;
        const m = PLACEHOLDER.exec(n.text);
        if (!m) return n;
        const s = inExpansion ? n.s : n.s + m.index;
        const e = inExpansion ? n.e : s + m[0].length;
        throw new LowerError('HB143', `the template placeholder ${m[0]} is filled only inside a string literal: write todatetime('${m[0]}')`, { s, e });
      }
      // nodes of a let function's expansion carry the call's span, not their own
      const text = fill(n.text, inExpansion ? null : n.s, n);
      return text === n.text ? n : { ...n, text };
    }
    let changed = false;
    const ch = n.ch.map((c) => {
      const d = visit(c, inString || stringNode, inExpansion);
      if (d !== c) changed = true;
      return d;
    });
    const expansion = n.expansion ? visit(n.expansion, false, true) : undefined;
    if (expansion !== n.expansion) changed = true;
    let value = n.value;
    if (typeof value === 'string' && n.k === 'LiteralExpression' && value.includes('{{')) {
      value = fill(value, null, n);
      if (value !== n.value) changed = true;
    }
    return changed ? { ...n, ch, ...(expansion ? { expansion } : {}), value } : n;
  };
  return visit(tree, false, false);
}
