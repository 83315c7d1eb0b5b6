/**
 * State shared by the lowering of one query: fresh ids, let bindings, diagnostics, options.
 */
import type { Catalog, Diagnostic, KqlType, RenderHint } from '../api.ts';
import type { Col, Expr, Rel, Ty } from '../ir/types.ts';
import { makeDiagnostic, type SNode } from '../parse/index.ts';

export type Binding =
  /** `node`: a `let`'s value, read again by lower/ticks.ts when it is a constant finer than a microsecond */
  | { k: 'scalar'; e: Expr; node?: SNode }
  | { k: 'tabular'; rel: Rel }
  | { k: 'function'; params: { name: string; tabular: boolean; dflt?: SNode }[]; view?: boolean };

/** A lowering failure: becomes a coded diagnostic at the node's span. */
export class LowerError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly node: { s: number; e: number } | null,
  ) {
    super(message);
  }
}

/**
 * HB141: `_GetWatchlist` names an alias that neither the dataset nor the user has loaded. The alias
 * travels with the error, so the workbench can offer to load a CSV as that watchlist.
 */
export class MissingWatchlist extends LowerError {
  constructor(
    readonly alias: string,
    known: string[],
    node: { s: number; e: number } | null,
  ) {
    // the CLI and the browser both load a CSV as a watchlist (catalog/user-watchlists.ts); say how,
    // as the alias may be one of the user's
    super(
      'HB141',
      `unknown watchlist '${alias}'${known.length ? ` (this dataset has: ${known.join(', ')})` : ': this dataset has no watchlists'}; ` +
        `load a CSV as this watchlist with the CLI option --watchlist ${alias}[:SEARCHKEY]=PATH, or pick the file in the error panel (browser)`,
      node,
    );
  }
}

/**
 * A `union isfuzzy=true` left out sources that do not exist. Kusto drops them before it derives
 * the schema, so the analyzer's view of everything after the union (which still counts their
 * columns, e.g. as X_string / X_unknown) is not Kusto's: `compile` analyzes the query again with
 * the text of those sources blanked out (same positions), once per fuzzy union.
 */
export class DropFuzzySources extends Error {
  constructor(
    /** The query text with the missing sources (and their commas) replaced by blanks. */
    readonly text: string,
    readonly names: string[],
    readonly node: { s: number; e: number },
  ) {
    super('union isfuzzy=true: analyze again without the missing sources');
  }
}

/**
 * A first pass is needed before the compile can finish (lower/probe.ts, compile.ts
 * `compileWithProbes`): the caller reads `probe`'s rows (first column, as text) and, for a host
 * function, computes its answers (kql/host), then compiles again.
 */
export class NeedsProbe extends LowerError {
  constructor(
    code: string,
    message: string,
    node: SNode,
    /** The relation whose rows (first column, as text) the caller reads. */
    readonly probe: Rel,
    /** Explain's label for the pass. */
    readonly label: string,
    /** More rows than this are refused by the lowering: the probe reads one more. */
    readonly limit: number,
    /** A host function (kql/host) whose answers for the values are needed too. */
    readonly host?: string,
  ) {
    super(code, message, node);
  }
}

export function unsupported(node: SNode | null, what: string, code = 'HB100'): never {
  throw new LowerError(code, `unsupported: ${what}`, node);
}

export class Ctx {
  private n = 0;
  private scopes: Map<string, Binding>[] = [new Map()];
  readonly diagnostics: Diagnostic[] = [];
  render?: RenderHint;
  /** The relation each tabular node lowered to (for per-stage explain). */
  readonly relOf = new Map<SNode, Rel>();
  /** The left side of the pipe whose operator is being lowered (`union` names its input by it). */
  pipeInput: SNode | undefined;
  /** While a lazy function handler runs: what lowerExpr made of each node (see consume.ts). */
  seen?: Map<SNode, Expr>;
  /** Names of result columns holding Kusto's engine type where its analyzer's differs (engine-types.ts). */
  readonly engineReal = new Set<string>();
  /**
   * Column names that mean one column to Kusto's analyzer and another (or none) in a union's
   * output as the union operator page names it (operators/union.ts): a later reference by such a
   * name is refused (HB100), never resolved to a column the analyzer did not mean.
   */
  readonly unionRenamed = new Map<string, { why: string; node: SNode }>();
  /** Pinned now() as a SQL literal. */
  readonly nowSql: string;

  constructor(
    readonly text: string,
    readonly catalog: Catalog | null,
    now: string,
  ) {
    // `now` arrives validated and normalised (YYYY-MM-DD HH:MM:SS[.ffffff]): it cannot leave the literal.
    this.nowSql = `TIMESTAMP '${now}'`;
  }

  id(): string {
    return `c${this.n++}`;
  }

  private derived = 0;
  /** Local copies of externaldata URLs (URL → file text), supplied by the caller. */
  externalData: Readonly<Record<string, string>> = {};
  /** First-pass answers (evaluate pivot's distinct values), keyed by the probe's SQL. */
  probeValues: Readonly<Record<string, (string | null)[]>> = {};
  /**
   * Relations standing for the rows of one partition (partition, mv-apply), each with how a body
   * over it becomes the whole partition: a first pass inside a body reads all the body's rows.
   */
  readonly slots = new Map<Rel, (body: Rel) => Rel>();
  /** The probes this compile used, for Explain. */
  readonly probesUsed: { key: string; label: string; start: number; end: number }[] = [];
  /** Emits a probe relation to the SQL that keys its answer (set by compile: lower/ knows no SQL). */
  probeKey: (rel: Rel) => string = () => {
    throw new Error('no probe emitter');
  };

  /** Ids for the catalog's computed columns (`d0`, `d1` …), counted apart from `c…`. */
  derivedId(): string {
    return `d${this.derived++}`;
  }

  col(name: string, ty: Ty): Col {
    return { name, id: this.id(), ty };
  }

  /** A hidden column holding row order. `serial` marks orders that Kusto calls serialized
   * (after sort/serialize/top…), where row_number()/prev()/next() are allowed. */
  ord(serial = false): string {
    return `${serial ? 's' : 'o'}${this.n++}`;
  }

  bind(name: string, b: Binding): void {
    this.scopes[this.scopes.length - 1].set(name, b);
  }

  lookup(name: string): Binding | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const b = this.scopes[i].get(name);
      if (b) return b;
    }
    return undefined;
  }

  /** Names bound by `let … = view () {…}` in the scopes visible here. */
  viewNames(): string[] {
    const out = new Set<string>();
    for (const sc of this.scopes) for (const [k, b] of sc) if (b.k === 'function' && b.view) out.add(k);
    return [...out];
  }

  withScope<T>(f: () => T): T {
    this.scopes.push(new Map());
    try {
      return f();
    } finally {
      this.scopes.pop();
    }
  }

  /**
   * The query text holds a value finer than a microsecond (a datetime/timespan with a 7th fraction
   * digit, a tick count) or an end of a period (Kusto's ….9999999): datetime/timespan columns may
   * then hold values floored to the microsecond, and conversions that would show the lost ticks
   * (tostring, tolong, 7-digit formats) are refused (HB107).
   */
  get tickSensitive(): boolean {
    this.tickScan ??= this.tickFine || /\bendof(?:day|week|month|year)\b/i.test(this.text);
    return this.tickScan;
  }
  private tickScan?: boolean;

  /**
   * The query text holds a value finer than a microsecond (not only an end of a period): columns
   * may then hold values that differ by less than a microsecond, which flooring would merge or
   * reorder (lower/expr.ts ticksVary: grouping, ordering, joining, distinct counts).
   */
  get tickFine(): boolean {
    // bin(Column, 1tick) (or 2, 5, 10 ticks) leaves every microsecond value as it is: not a finer value.
    const text = this.text.replace(/\bbin\(\s*[A-Za-z_][\w.]*\s*,\s*(?:1|2|5|10)\s*ticks?\s*\)/gi, '');
    this.fineScan ??= /\d:\d\d:\d\d\.\d{6}\d*[1-9]|\dticks?\b|\d\s+ticks?\b/i.test(text);
    return this.fineScan;
  }
  private fineScan?: boolean;

  /**
   * An end of a period (….9999999, floored to ….999999 here) was stored in a column (extend,
   * project, print, summarize, range): a column compared with a value may then tie where Kusto's
   * differ (lower/expr.ts tieGuard). Set while lowering, before the stored column can be read.
   */
  endofStored = false;

  /**
   * lower/ticks.ts made a constant finer than a microsecond (floored, marked inexact) that the
   * query text does not show (todatetime(1.5)): columns may now hold such values. If the text was
   * already read as holding none, an earlier conversion may have relied on that: refused (HB107).
   */
  noteFinerConstant(): void {
    if (this.tickScan === false || this.fineScan === false)
      throw new LowerError('HB107', 'a constant finer than a microsecond after conversions that assumed none', null);
    this.tickScan = true;
    this.fineScan = true;
  }

  warn(code: string, message: string, node: SNode): void {
    this.diagnostics.push(makeDiagnostic(this.text, code, message, node.s, node.e, 'warning'));
  }
}

export const KQL_TYPES = new Set<string>(['bool', 'datetime', 'decimal', 'dynamic', 'guid', 'int', 'long', 'real', 'string', 'timespan']);

export function kqlTypeOf(name: string | undefined, node: SNode | null): KqlType {
  if (name === 'boolean') return 'bool';
  if (name === 'double') return 'real';
  if (name === 'date') return 'datetime';
  if (name === 'time') return 'timespan';
  if (name === 'uniqueid') return 'guid';
  if (name && KQL_TYPES.has(name)) return name as KqlType;
  return unsupported(node, `expression of type ${name ?? 'unknown'}`, 'HB101');
}
