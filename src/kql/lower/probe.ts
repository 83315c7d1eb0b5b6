/**
 * First passes: what a compile needs from the data before it can finish (see compile.ts
 * `compileWithProbes`). A lowering throws `NeedsProbe` with a relation; the caller runs its SQL
 * (distinct values, first column as text), for a host function also computes the answers in
 * JavaScript (kql/host), and compiles again with both under `CompileOptions.probeValues`.
 */
// NeedsProbe lives in context.ts, next to LowerError (context.ts is loaded inside an import cycle).
export { NeedsProbe } from './context.ts';

/** Where a host function's answers for a probe's values are kept in `probeValues`. */
export const hostAnswersKey = (fn: string, probeKey: string): string => `host ${fn}\n${probeKey}`;
