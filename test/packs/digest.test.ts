/** expect.rowsDigest: SHA-256 (checked against node:crypto), validation, and the check itself. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { rowsDigest, sha256Hex } from '../../src/packs/digest.ts';
import { checkExpectation } from '../../src/packs/run.ts';
import { validatePack } from '../../src/packs/validate.ts';
import { minimalPack } from './helpers.ts';

describe('sha256Hex', () => {
  it('agrees with node:crypto across block boundaries and on non-ASCII text', () => {
    for (const s of ['', 'abc', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(64), 'x'.repeat(1000), 'é✓🙂'.repeat(77)]) {
      expect(sha256Hex(s), `length ${s.length}`).toBe(createHash('sha256').update(s).digest('hex'));
    }
  });
});

describe('rowsDigest', () => {
  const result = { columns: [{ name: 'A', type: 'string' }, { name: 'N', type: 'long' }], rows: [['b', 2], ['a', 1]] };

  it('holds for the same rows, fails for other values, other order or a missing row', () => {
    const d = rowsDigest(result.rows);
    expect(d).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(checkExpectation({ rowsDigest: d }, result)).toEqual([]);
    expect(checkExpectation({ rowsDigest: d }, { ...result, rows: [['b', 2], ['a', 3]] })[0]).toMatch(/do not match rowsDigest/);
    expect(checkExpectation({ rowsDigest: d }, { ...result, rows: [['a', 1], ['b', 2]] })[0]).toMatch(/do not match rowsDigest/);
    expect(checkExpectation({ rowsDigest: d }, { ...result, rows: [['b', 2]] })[0]).toMatch(/do not match rowsDigest/);
  });

  it('with ordered: false, compares the rows in any order', () => {
    const d = rowsDigest(result.rows, false);
    expect(checkExpectation({ rowsDigest: d, ordered: false }, { ...result, rows: [['a', 1], ['b', 2]] })).toEqual([]);
    expect(checkExpectation({ rowsDigest: d, ordered: false }, { ...result, rows: [['a', 1], ['b', 5]] })).toHaveLength(1);
  });

  it('is validated: a digest alone is a check; a malformed one is an error at its path', () => {
    const withExpect = (expect_: unknown) => {
      const p = minimalPack() as any;
      p.queries[0].tests = [{ name: 't', expect: expect_ }];
      return validatePack(p);
    };
    const ok = withExpect({ rowsDigest: rowsDigest([['x']]), ordered: false });
    expect(ok.ok && ok.warnings).toEqual([]);
    const bad = withExpect({ rowsDigest: 'sha256:XYZ' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0].path).toBe('queries[0].tests[0].expect.rowsDigest');
  });
});

describe('rowsDigest canonical form', () => {
  it('datetimes and reals that sameValue takes as equal give the same digest', () => {
    const types = ['datetime', 'real', 'string'];
    const a = rowsDigest([['2024-05-14T09:42:41.3Z', 0.1 + 0.2, 'x']], true, types);
    expect(rowsDigest([['2024-05-14T09:42:41.300Z', 0.3, 'x']], true, types)).toBe(a);
    expect(rowsDigest([['2024-05-14T09:42:41.301Z', 0.3, 'x']], true, types)).not.toBe(a);
    expect(rowsDigest([['2024-05-14T09:42:41.300Z', 0.3, 'X']], true, types)).not.toBe(a);
  });
});
