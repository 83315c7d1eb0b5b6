/**
 * The official parser's own list of built-in scalar functions and aggregates with their
 * signatures (Kusto.Language `Functions.All` / `Aggregates.All`), as plain data. Tests enumerate
 * it to try every function with every argument count, and docs/kql-support.md is generated from
 * it, so the support list is Kusto's list rather than ours.
 */
import { Bridge, Kusto } from './kusto.ts';

export interface BuiltinParam {
  name: string;
  /** Kusto.Language ParameterTypeKind: `Declared` (see `types`), `Scalar`, `Integer`, `Number` … */
  typeKind: string;
  /** Declared types when `typeKind` is `Declared` (`string`, `long`, `datetime` …). */
  types: string[];
  /** ArgumentKind: `Expression`, `Constant`, `Literal`, `Column`, `StarAllowed` … */
  argKind: string;
  minOccurring: number;
  maxOccurring: number;
  optional: boolean;
  repeatable: boolean;
  /** Allowed literal values when Kusto lists them (e.g. datetime_part's parts). */
  values: string[];
}

export interface BuiltinSignature {
  params: BuiltinParam[];
  minArgs: number;
  maxArgs: number;
}

export interface BuiltinFunction {
  name: string;
  kind: 'scalar' | 'aggregate';
  hidden: boolean;
  obsolete: boolean;
  /** Returns a table (e.g. `materialize`), not a scalar. */
  tabular: boolean;
  signatures: BuiltinSignature[];
}

// Bridge.NET collections: arrays, or enumerables with GetEnumerator().
function items(x: any): any[] {
  if (x == null) return [];
  if (Array.isArray(x)) return x;
  const out: any[] = [];
  const en = typeof x.GetEnumerator === 'function' ? x.GetEnumerator() : Bridge.getEnumerator(x);
  while (en.moveNext()) out.push(en.Current);
  return out;
}

function enumName(e: any, v: number): string {
  for (const k of Object.keys(e)) if (!k.startsWith('$') && e[k] === v) return k;
  return String(v);
}

let cache: BuiltinFunction[] | undefined;

/** Every built-in scalar function and aggregate the parser knows, sorted by name. */
export function builtinFunctions(): BuiltinFunction[] {
  if (cache) return cache;
  const S = Kusto.Language.Symbols;
  const fromSymbol = (f: any, kind: BuiltinFunction['kind']): BuiltinFunction => ({
    name: f.Name,
    kind,
    hidden: !!f.IsHidden,
    obsolete: !!f.IsObsolete,
    tabular: !!f.IsTabular,
    signatures: items(f.Signatures).map((s) => ({
      minArgs: s.MinArgumentCount,
      maxArgs: s.MaxArgumentCount,
      params: items(s.Parameters).map((p) => ({
        name: p.Name,
        typeKind: enumName(S.ParameterTypeKind, p.TypeKind),
        types: items(p.DeclaredTypes).map((t) => String(t.Name)),
        argKind: enumName(S.ArgumentKind, p.ArgumentKind),
        minOccurring: p.MinOccurring,
        maxOccurring: p.MaxOccurring,
        optional: !!p.IsOptional,
        repeatable: !!p.IsRepeatable,
        values: items(p.Values).map((v) => String(v)),
      })),
    })),
  });
  const all = [...items(Kusto.Language.Functions.All).map((f) => fromSymbol(f, 'scalar')), ...items(Kusto.Language.Aggregates.All).map((f) => fromSymbol(f, 'aggregate'))];
  cache = all.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.kind < b.kind ? -1 : 1));
  return cache;
}

let firstArgNamed: Set<string> | undefined;

/**
 * Built-in functions whose unnamed result column takes the name of their first argument
 * (Kusto.Language `ResultNameKind.FirstArgument`): `extend round(x)` replaces column x.
 */
export function namedAfterFirstArgument(name: string): boolean {
  if (!firstArgNamed) {
    const S = Kusto.Language.Symbols;
    firstArgNamed = new Set(items(Kusto.Language.Functions.All).filter((f) => f.ResultNameKind === S.ResultNameKind.FirstArgument).map((f) => String(f.Name)));
  }
  return firstArgNamed.has(name);
}
