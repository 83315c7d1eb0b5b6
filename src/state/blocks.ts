/**
 * Statement blocks: like the ADX web UI, the editor holds several queries separated by blank lines,
 * and Run executes the block under the caret.
 */
export interface Block {
  /** Offsets into the whole text, end exclusive (trailing newline not included). */
  start: number;
  end: number;
  text: string;
}

/** Splits text at lines that are empty or whitespace-only. Blocks of whitespace only are dropped. */
export function splitBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let blockStart = -1;
  let blockEnd = -1;
  let pos = 0;
  while (pos <= text.length) {
    const nl = text.indexOf('\n', pos);
    const lineEnd = nl === -1 ? text.length : nl;
    const line = text.slice(pos, lineEnd);
    if (line.trim() === '') {
      if (blockStart >= 0) blocks.push({ start: blockStart, end: blockEnd, text: text.slice(blockStart, blockEnd) });
      blockStart = -1;
    } else {
      if (blockStart < 0) blockStart = pos;
      blockEnd = line.endsWith('\r') ? lineEnd - 1 : lineEnd;
    }
    if (nl === -1) break;
    pos = nl + 1;
  }
  if (blockStart >= 0) blocks.push({ start: blockStart, end: blockEnd, text: text.slice(blockStart, blockEnd) });
  return blocks;
}

/**
 * The block containing `offset`; when the caret sits on a blank line, the block just above it
 * (where one usually is after typing a query), else the one below.
 */
export function blockAt(text: string, offset: number): Block | null {
  const blocks = splitBlocks(text);
  if (!blocks.length) return null;
  const inside = blocks.find((b) => offset >= b.start && offset <= b.end);
  if (inside) return inside;
  const above = blocks.filter((b) => b.end < offset).pop();
  return above ?? blocks.find((b) => b.start > offset) ?? null;
}
