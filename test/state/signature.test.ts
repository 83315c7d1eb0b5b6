import { describe, expect, it } from 'vitest';
import { enclosingCall } from '../../src/ui/editor/kql-language.ts';

describe('enclosingCall', () => {
  it('finds the innermost call and the argument index', () => {
    const t = 'T | extend x = strcat(a, tolower(b), "(,)" ';
    expect(enclosingCall(t, t.length)).toEqual({ nameOffset: t.indexOf('strcat'), argIndex: 2 });
    const u = 'T | extend x = strcat(a, tolower(b';
    expect(enclosingCall(u, u.length)).toEqual({ nameOffset: u.indexOf('tolower'), argIndex: 0 });
  });
  it('returns null outside calls and for bare parentheses', () => {
    expect(enclosingCall('T | where (a', 12)).toBeNull();
    expect(enclosingCall('T | take 1', 10)).toBeNull();
  });
});
