import { collectTokens, kids, namedParams, paramText } from '../syntax.ts';
import type { OperatorLowerer } from './common.ts';

/** `render chart [with (…)]`: not a data operator; kept as a chart hint on the result. */
export const render: OperatorLowerer = (n, input, cx) => {
  const toks = n.ch.filter((c) => c.k === 'Tok').map((c) => c.text ?? '');
  const visualization = toks[1] ?? kids(n).map((k) => collectTokens(k).join(''))[0] ?? 'table';
  const properties: Record<string, string | string[]> = {};
  for (const [k, v] of namedParams(n)) properties[k] = paramText(v);
  const withClause = n.ch.find((c) => c.k === 'RenderWithClause');
  if (withClause) {
    for (const l of withClause.ch.filter((c) => c.k === 'List')) {
      for (const p of l.ch.filter((c) => c.k === 'NamedParameter')) {
        const [name, value] = kids(p);
        properties[collectTokens(name).join('')] = collectTokens(value).join('').replace(/^['"]|['"]$/g, '');
      }
    }
  }
  cx.render = { visualization, properties };
  return input;
};
