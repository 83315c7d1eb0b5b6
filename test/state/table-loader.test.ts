import { describe, expect, it } from 'vitest';
import { PREFETCH_AHEAD, TableLoader, tablesInSql } from '../../src/state/table-loader.ts';

const src = (name: string, rowCount?: number) => ({ name, rowCount, bytes: async () => new Uint8Array([rowCount ?? 1]) });

describe('TableLoader', () => {
  it('loads everything in order, counting rows', async () => {
    const order: string[] = [];
    const l = new TableLoader([src('A', 1), src('B', 2)], async (n, b) => {
      order.push(n);
      return b[0];
    });
    await l.run();
    expect(order).toEqual(['A', 'B']);
    expect(l.rows).toBe(3);
  });

  it('lets a query jump the queue', async () => {
    const order: string[] = [];
    const l = new TableLoader([src('A'), src('B'), src('C'), src('D')], async (n) => {
      order.push(n);
      await new Promise((r) => setTimeout(r, 5));
      return 1;
    });
    const all = l.run();
    await l.ensure(['d']);
    expect(order.slice(0, 2)).toEqual(['A', 'D']);
    await all;
    expect(order).toEqual(['A', 'D', 'B', 'C']);
  });

  it('with yieldTo, loads a table no query asked for only once the runs are idle; an asked-for or urgent table goes at once', async () => {
    const order: string[] = [];
    let setIdle: () => void = () => {};
    const idle = new Promise<void>((r) => (setIdle = r));
    const l = new TableLoader(
      [src('A'), src('B'), src('C'), src('D')],
      async (n) => {
        order.push(n);
        return 1;
      },
      () => {},
      { idle: () => idle, urgent: (n) => n === 'A' },
    );
    const all = l.run();
    await new Promise((r) => setTimeout(r, 10));
    // A is urgent (a run in flight names it); B waits for the runs
    expect(order).toEqual(['A']);
    // a query asks for C: it loads while B still waits
    await l.ensure(['C']);
    await new Promise((r) => setTimeout(r, 10));
    expect(order).toEqual(['A', 'C']);
    setIdle();
    await all;
    expect(order).toEqual(['A', 'C', 'B', 'D']);
  });

  it('reports a row-count mismatch for that table and still loads the others', async () => {
    const l = new TableLoader([src('A', 5), src('B', 1)], async () => 1);
    await expect(l.run()).rejects.toThrow('A: 1 rows loaded, catalog says 5');
    await expect(l.ensure(['B'])).resolves.toEqual([1]);
    await expect(l.ensure(['A'])).rejects.toThrow();
  });

  it('downloads a table only when the loader gets near it, following a query that jumps the queue', async () => {
    const asked: string[] = [];
    const names = ['A', 'B', 'C', 'D', 'E', 'F'];
    const sources = names.map((name) => {
      let p: Promise<Uint8Array> | null = null;
      return {
        name,
        bytes: () => {
          if (!p) asked.push(name);
          p ??= Promise.resolve(new Uint8Array([1]));
          return p;
        },
      };
    });
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const l = new TableLoader(sources, async () => {
      await gate;
      return 1;
    });
    const all = l.run();
    await new Promise((r) => setTimeout(r, 5));
    // loading A: A and the next PREFETCH_AHEAD tables are downloading, nothing else
    expect(asked).toEqual(names.slice(0, 1 + PREFETCH_AHEAD));
    l.ensure(['F']);
    expect(asked).toContain('F');
    expect(asked).not.toContain('E');
    release();
    await all;
    expect(asked.sort()).toEqual(names);
  });

  it('finds the tables a SQL text uses', () => {
    expect(tablesInSql('SELECT * FROM "DeviceInfo" JOIN "AlertInfo"', ['DeviceInfo', 'AlertInfo', 'Device'])).toEqual(['DeviceInfo', 'AlertInfo']);
  });
});
