/**
 * The KQL → DuckDB SQL compiler: `compile = irToSql ∘ kqlToIr ∘ parseKql`.
 * See ARCHITECTURE.md for the stages.
 */
export * from './api.ts';
export { compile, compileWithProbes } from './compile.ts';
export { answerProbe } from './host/index.ts';
export { DEFAULT_HUNT_DAYS, defaultHuntWindow, type HuntWindow, mentionsPlaceholder } from './hunt-window.ts';
