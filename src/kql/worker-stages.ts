/**
 * Pipeline stages for Explain when the compiler does not report them: the last statement is cut at
 * its top-level `|` and every prefix is compiled on its own, so each stage's SQL yields the rows
 * the pipeline has after that operator. `render` is skipped (it does not change rows).
 */
import type { CompileResult } from './api.ts';

export interface PipeSegment {
  /** Offsets into the query text, end exclusive. */
  start: number;
  end: number;
}

/**
 * The top-level pipe segments of the last statement, plus the offset where that statement starts
 * (earlier `let` statements are kept in every prefix). Strings, comments and bracketed parts
 * (subqueries of join/union/…) are not split.
 */
export function splitPipeline(kql: string): { stmtStart: number; segments: PipeSegment[] } {
  let depth = 0;
  let stmtStart = 0;
  let segStart = 0;
  let segments: PipeSegment[] = [];
  let i = 0;
  const n = kql.length;
  while (i < n) {
    const ch = kql[i];
    if (ch === '/' && kql[i + 1] === '/') {
      const nl = kql.indexOf('\n', i);
      i = nl < 0 ? n : nl + 1;
      continue;
    }
    if (kql.startsWith('```', i)) {
      const close = kql.indexOf('```', i + 3);
      i = close < 0 ? n : close + 3;
      continue;
    }
    if (ch === '"' || ch === "'") {
      // @"…" is verbatim: a backslash does not escape
      const verbatim = i > 0 && kql[i - 1] === '@';
      let j = i + 1;
      while (j < n && kql[j] !== ch && kql[j] !== '\n') j += !verbatim && kql[j] === '\\' ? 2 : 1;
      i = j + 1;
      continue;
    }
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if ((ch === ')' || ch === ']' || ch === '}') && depth > 0) depth--;
    else if (depth === 0 && ch === ';') {
      // a new statement starts after the semicolon (if anything but whitespace follows)
      if (kql.slice(i + 1).trim()) {
        stmtStart = i + 1;
        segStart = i + 1;
        segments = [];
      }
    } else if (depth === 0 && ch === '|') {
      segments.push({ start: segStart, end: i });
      segStart = i + 1;
    }
    i++;
  }
  segments.push({ start: segStart, end: n });
  return { stmtStart, segments: segments.filter((s) => kql.slice(s.start, s.end).trim() !== '') };
}

function label(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > 80 ? `${t.slice(0, 79)}…` : t;
}

export function fallbackStages(kql: string, compileText: (text: string) => CompileResult): NonNullable<CompileResult['stages']> {
  const { stmtStart, segments } = splitPipeline(kql);
  const stages: NonNullable<CompileResult['stages']> = [];
  for (let k = 0; k < segments.length; k++) {
    const seg = segments[k];
    const body = kql.slice(seg.start, seg.end).trim();
    if (k > 0 && /^render\b/.test(body)) continue;
    const prefix = kql.slice(0, seg.end);
    const r = compileText(prefix);
    if (!r.ok || !r.sql) break;
    stages.push({ label: label(k === 0 ? kql.slice(stmtStart, seg.end) : `| ${body}`), start: seg.start, end: seg.end, sql: r.sql });
  }
  return stages;
}
