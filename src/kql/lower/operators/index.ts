/** KQL operator (syntax class) → its lowering; one file per operator. */
import { topHitters } from './top-hitters.ts';
import { as_ } from './as.ts';
import type { OperatorLowerer } from './common.ts';
import { count } from './count.ts';
import { datatable } from './datatable.ts';
import { externaldata } from './externaldata.ts';
import { distinct } from './distinct.ts';
import { extend } from './extend.ts';
import { join } from './join.ts';
import { lookup } from './lookup.ts';
import { makeSeries } from './make-series.ts';
import { mvApply } from './mv-apply.ts';
import { mvExpand } from './mv-expand.ts';
import { parse, parseWhere } from './parse.ts';
import { print } from './print.ts';
import { project } from './project.ts';
import { projectByAnalyzer } from './project-away.ts';
import { projectRename } from './project-rename.ts';
import { range } from './range.ts';
import { render } from './render.ts';
import { serialize } from './serialize.ts';
import { sort } from './sort.ts';
import { summarize } from './summarize.ts';
import { take } from './take.ts';
import { top } from './top.ts';
import { topNested } from './top-nested.ts';
import { union } from './union.ts';
import { where } from './where.ts';
import { invoke } from './invoke.ts';
import { evaluate } from './evaluate.ts';
import { find } from './find.ts';
import { scan } from './scan.ts';
import { search } from './search.ts';
import { parseKv } from './parse-kv.ts';
import { getschema } from './getschema.ts';
import { partition } from './partition.ts';
import { sample, sampleDistinct } from './sample.ts';
import { type GraphOperatorLowerer, graphMatch } from './graph-match.ts';
import { graphToTable } from './graph-to-table.ts';

export const OPERATORS: Record<string, OperatorLowerer> = {
  FilterOperator: where,
  ProjectOperator: project,
  ProjectAwayOperator: projectByAnalyzer,
  ProjectKeepOperator: projectByAnalyzer,
  ProjectReorderOperator: projectByAnalyzer,
  ProjectRenameOperator: projectRename,
  ExtendOperator: extend,
  SummarizeOperator: summarize,
  CountOperator: count,
  DistinctOperator: distinct,
  SortOperator: sort,
  TakeOperator: take,
  TopOperator: top,
  JoinOperator: join,
  LookupOperator: lookup,
  UnionOperator: union,
  MvExpandOperator: mvExpand,
  ParseOperator: parse,
  ParseWhereOperator: parseWhere,
  SerializeOperator: serialize,
  AsOperator: as_,
  RenderOperator: render,
  DataTableExpression: datatable,
  ExternalDataExpression: externaldata,
  PrintOperator: print,
  RangeOperator: range,
  InvokeOperator: invoke,
  EvaluateOperator: evaluate,
  FindOperator: find,
  ScanOperator: scan,
  MakeSeriesOperator: makeSeries,
  TopNestedOperator: topNested,
  MvApplyOperator: mvApply,
  SearchOperator: search,
  ParseKvOperator: parseKv,
  GetSchemaOperator: getschema,
  PartitionOperator: partition,
  SampleOperator: sample,
  SampleDistinctOperator: sampleDistinct,
  TopHittersOperator: topHitters,
};

/** Graph operators (syntax class) → their lowering: each reads the `… | make-graph …` before it. */
export const GRAPH_OPERATORS: Record<string, GraphOperatorLowerer> = {
  GraphMatchOperator: graphMatch,
  GraphToTableOperator: graphToTable,
};
