import { describe, expect, it } from 'vitest';
import { checkMemory, formatBytes, memoryBudget, memoryNeed, WASM_LIMIT } from '../../src/state/memory.ts';

const GiB = 2 ** 30;
const MiB = 2 ** 20;

describe('memory budget', () => {
  it("is WebAssembly's 4 GiB when the browser tells nothing", () => {
    expect(memoryBudget({})).toEqual({ bytes: WASM_LIMIT, why: expect.stringContaining('WebAssembly') });
    expect(WASM_LIMIT).toBe(4 * GiB);
  });

  it('takes the smallest of the JavaScript heap limit and half the device memory', () => {
    expect(memoryBudget({ jsHeapLimit: 2 * GiB }).bytes).toBe(2 * GiB);
    expect(memoryBudget({ jsHeapLimit: 2 * GiB, deviceMemoryGb: 2 })).toEqual({ bytes: GiB, why: "half of this device's 2 GB of memory" });
    expect(memoryBudget({ deviceMemoryGb: 16 }).bytes).toBe(WASM_LIMIT);
  });

  it('uses the setting when one is given, even above what the browser tells', () => {
    expect(memoryBudget({ deviceMemoryGb: 1, overrideMb: 3000 })).toEqual({ bytes: 3000 * MiB, why: 'your Memory limit setting' });
    expect(memoryBudget({ deviceMemoryGb: 1, overrideMb: 0 }).bytes).toBe(GiB / 2);
  });
});

describe('checkMemory', () => {
  const budget = { bytes: 100 * MiB, why: 'a test' };

  it('refuses a text table whose parse would not fit, and says what to do', () => {
    const v = checkMemory('text-table', 10 * MiB, 'big.csv', budget);
    expect(memoryNeed('text-table', 10 * MiB)).toBe(160 * MiB);
    expect(v.ok).toBe(false);
    if (!v.ok) {
      expect(v.text).toContain('big.csv was not loaded: it is 10.0 MiB and loading it needs about 160 MiB of memory');
      expect(v.text).toContain('(100 MiB, set by a test)');
      expect(v.text).toContain('Nothing was changed');
      expect(v.text).toContain('--table NAME=PATH');
    }
    expect(checkMemory('text-table', 6 * MiB, 'ok.csv', budget)).toEqual({ ok: true });
  });

  it('charges Arrow files and datasets less than text', () => {
    expect(checkMemory('arrow-table', 30 * MiB, 'a.arrow', budget).ok).toBe(true);
    expect(checkMemory('arrow-table', 40 * MiB, 'a.arrow', budget).ok).toBe(false);
    const ds = checkMemory('arrow-dataset', 40 * MiB, 'big/', budget);
    expect(ds.ok).toBe(false);
    if (!ds.ok) expect(ds.text).toContain('--format duckdb');
  });

  it('never refuses a database file (read block by block) but notes one larger than the limit', () => {
    expect(checkMemory('database', 50 * MiB, 'a.duckdb', budget)).toEqual({ ok: true });
    const v = checkMemory('database', 5 * GiB, 'huge.duckdb', budget);
    expect(v.ok).toBe(true);
    if (v.ok) expect(v.note).toContain('--engine native --dataset huge.duckdb');
  });

  it('formats sizes', () => {
    expect(formatBytes(512)).toBe('512 bytes');
    expect(formatBytes(262 * 1024)).toBe('262 KiB');
    expect(formatBytes(1.5 * MiB)).toBe('1.5 MiB');
    expect(formatBytes(4 * GiB)).toBe('4.0 GiB');
  });
});
