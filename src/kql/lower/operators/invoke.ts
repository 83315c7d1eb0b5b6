import { unsupported } from '../context.ts';
import { callArgs, callUserFunction } from '../functions.ts';
import { fileProfile } from '../hunting.ts';
import { tableRel } from '../tabular.ts';
import { kids, type OperatorLowerer } from './common.ts';

/** `T | invoke f(args)`: calls a let-defined tabular function with T as its first argument. */
export const invoke: OperatorLowerer = (n, input, cx) => {
  const call = kids(n).find((c) => c.k === 'FunctionCallExpression');
  if (call && call.sym?.name === 'FileProfile' && !cx.lookup('FileProfile')) return fileProfile(call, callArgs(call), n, input, cx, tableRel);
  if (!call?.expansion) return unsupported(n, 'invoke of a function that is not defined with let in the query');
  const r = callUserFunction(call, { cols: [] }, cx, input);
  if (r.k !== 'tabular') return unsupported(n, 'invoke of a scalar function');
  return r.rel;
};
