import { compile } from '../../src/kql/index.ts';

/** True while src/kql is still the placeholder that rejects every query. */
export const compilerIsStub = (() => {
  try {
    const r = compile('print 1', { catalog: null });
    return !r.ok && r.diagnostics.some((d) => /not built yet/.test(d.message));
  } catch {
    return false;
  }
})();
