/**
 * Row sinks per table. A row is a small object of its own fields plus an optional shared
 * "actor" object (the InitiatingProcess* fields of the process that caused it, computed once per
 * process), so memory stays proportional to the row-specific fields even at millions of rows.
 * Columns are materialised only when the Arrow table is built.
 */
import type { Table } from 'apache-arrow';
import { buildTable } from './arrow.ts';
import type { TableDef } from './schema.ts';

export type Row = Record<string, unknown>;

const DEFAULT_BY_TYPE: Record<string, unknown> = {
  string: '',
  guid: '',
  bool: false,
  int: null,
  long: null,
  real: null,
  datetime: null,
  timespan: null,
  dynamic: null,
  decimal: null,
};

const NO_ACTOR: Row = {};

export class TableSink {
  rows: Row[] = [];
  actors: Row[] = [];

  constructor(readonly def: TableDef) {}

  get length(): number {
    return this.rows.length;
  }

  add(row: Row, actor?: Row): void {
    this.rows.push(row);
    this.actors.push(actor ?? NO_ACTOR);
  }

  /** Value of column `k` in row i (row fields first, then the actor's). */
  get(i: number, k: string): unknown {
    const v = this.rows[i][k];
    return v === undefined ? this.actors[i][k] : v;
  }

  /** Stable sort of all rows by a time column (then by insertion order). */
  sortBy(name: string): void {
    const n = this.rows.length;
    const k = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = this.get(i, name);
      k[i] = v === null || v === undefined ? -Infinity : (v as number);
    }
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((x, y) => k[x] - k[y] || x - y);
    const rows = new Array<Row>(n);
    const actors = new Array<Row>(n);
    for (let i = 0; i < n; i++) {
      rows[i] = this.rows[order[i]];
      actors[i] = this.actors[order[i]];
    }
    this.rows = rows;
    this.actors = actors;
  }

  /** ReportId as a per-device counter in time order (mde-schema.md §0.2). */
  numberPerDevice(deviceCol: string, reportCol: string, counters: Map<string, number>): void {
    for (let i = 0; i < this.rows.length; i++) {
      const d = String(this.get(i, deviceCol));
      const n = (counters.get(d) ?? 0) + 1;
      counters.set(d, n);
      this.rows[i][reportCol] = n;
    }
  }

  column(name: string): unknown[] {
    const c = this.def.columns.find((x) => x.name === name);
    if (!c) throw new Error(`${this.def.name}: no column ${name}`);
    const dflt = DEFAULT_BY_TYPE[c.type];
    const n = this.rows.length;
    const out = new Array(n);
    for (let i = 0; i < n; i++) {
      let v = this.rows[i][name];
      if (v === undefined) v = this.actors[i][name];
      out[i] = v === undefined ? dflt : v;
    }
    return out;
  }

  toArrow(): Table {
    return buildTable(
      this.def.columns.map((c) => ({ name: c.name, type: c.type, shape: c.shape, values: this.column(c.name) })),
      this.rows.length,
    );
  }
}
