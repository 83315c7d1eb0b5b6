/**
 * Schema descriptions are written with a little inline Markdown (`code`, *emphasis*, **strong**,
 * [text](link)). They are shown as text pieces rendered by Svelte — never as HTML — so a
 * description can hold no markup of its own; links keep their text only (the site is offline).
 */
export interface MdPiece {
  kind: 'text' | 'code' | 'em' | 'strong';
  text: string;
}

const PATTERN = /`([^`]+)`|\*\*([^*]+)\*\*|\*([^*\s][^*]*)\*|\[([^\]]+)\]\([^)]*\)/g;

export function inlineMarkdown(s: string): MdPiece[] {
  const out: MdPiece[] = [];
  let at = 0;
  const text = (t: string) => {
    if (!t) return;
    const last = out[out.length - 1];
    if (last?.kind === 'text') last.text += t;
    else out.push({ kind: 'text', text: t });
  };
  for (const m of s.matchAll(PATTERN)) {
    text(s.slice(at, m.index));
    if (m[1] !== undefined) out.push({ kind: 'code', text: m[1] });
    else if (m[2] !== undefined) out.push({ kind: 'strong', text: m[2] });
    else if (m[3] !== undefined) out.push({ kind: 'em', text: m[3] });
    else text(m[4]);
    at = m.index + m[0].length;
  }
  text(s.slice(at));
  return out;
}

/** The description as plain text (for title attributes): the markers removed. */
export function plainMarkdown(s: string): string {
  return inlineMarkdown(s)
    .map((p) => p.text)
    .join('');
}
