/**
 * The typed protocol between the page and the KQL worker (one copy of the Kusto parser serving the
 * compiler and the editor). Only plain data crosses.
 */
import type { Catalog, CompileResult, Diagnostic } from './api.ts';

/** Completion item kinds the editor knows how to draw. */
export type CompletionKind =
  | 'keyword'
  | 'operator'
  | 'column'
  | 'table'
  | 'function'
  | 'aggregate'
  | 'variable'
  | 'value'
  | 'render'
  | 'type'
  | 'other';

export interface CompletionEntry {
  label: string;
  kind: CompletionKind;
  /** Text inserted in place of [editStart, editStart + editLength); `$0` marks the caret if present. */
  insert: string;
  /** Sort key (Kusto's own order). */
  sort: string;
  detail?: string;
}

export interface CompletionList {
  editStart: number;
  editLength: number;
  items: CompletionEntry[];
}

export type KqlRequest =
  | { type: 'init'; catalog: Catalog | null; now?: string }
  | { type: 'compile'; kql: string; /** pins now()/ago() for this compile (a pack test's own time) */ now?: string; /** local copies of externaldata URLs */ externalData?: Record<string, string>; /** first-pass answers (CompileOptions.probeValues) */ probeValues?: Record<string, (string | null)[]>; /** what {{StartTimeISO}}/{{EndTimeISO}} stand for (CompileOptions.huntWindow) */ huntWindow?: { from: string; to: string } }
  | { type: 'diagnostics'; kql: string }
  | { type: 'complete'; kql: string; offset: number }
  | { type: 'hover'; kql: string; offset: number }
  | { type: 'format'; kql: string }
  | { type: 'stages'; kql: string };

export interface KqlResponses {
  init: { ms: number };
  compile: CompileResult;
  diagnostics: Diagnostic[];
  complete: CompletionList;
  hover: string | null;
  format: string;
  stages: NonNullable<CompileResult['stages']>;
}

export type KqlMessage = KqlRequest & { id: number };
export type KqlReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };
