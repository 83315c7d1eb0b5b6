import type { CompileOptions, CompileResult } from './api.ts';

/** Placeholder until the lowering lands: every query is reported as unsupported. */
export function compile(kql: string, _opts: CompileOptions): CompileResult {
  return {
    ok: false,
    diagnostics: [{ code: 'HB001', severity: 'error', message: 'compiler not built yet', start: 0, end: kql.length, line: 1, column: 1 }],
  };
}
