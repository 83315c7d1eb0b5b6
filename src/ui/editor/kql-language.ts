/**
 * KQL in Monaco: a Monarch grammar for colouring (synchronous, no worker round-trip per keystroke)
 * and providers for completion, hover and formatting that delegate to the Kusto language service
 * in the KQL worker (through the callbacks given to `registerKql`).
 */
import type * as Monaco from 'monaco-editor/esm/vs/editor/editor.api.js';
import type { CompletionKind, CompletionList } from '../../kql/worker-protocol.ts';

export interface KqlServices {
  complete(text: string, offset: number): Promise<CompletionList | null>;
  hover(text: string, offset: number): Promise<string | null>;
  format(text: string): Promise<string>;
}

const operators = [
  'as', 'consume', 'count', 'datatable', 'distinct', 'evaluate', 'extend', 'externaldata', 'facet', 'find', 'fork',
  'getschema', 'graph-match', 'graph-to-table', 'invoke', 'join', 'limit', 'lookup', 'make-graph', 'make-series', 'materialize', 'mv-apply', 'mv-expand', 'order',
  'parse', 'parse-where', 'parse-kv', 'partition', 'print', 'project', 'project-away', 'project-keep', 'project-rename',
  'project-reorder', 'range', 'reduce', 'render', 'sample', 'sample-distinct', 'scan', 'search', 'serialize', 'sort',
  'summarize', 'take', 'top', 'top-hitters', 'top-nested', 'union', 'where', 'filter', 'let', 'set', 'declare', 'pattern',
];
const keywords = [
  'by', 'on', 'kind', 'with', 'withsource', 'asc', 'desc', 'nulls', 'first', 'last', 'and', 'or', 'not', 'in', 'has',
  'contains', 'startswith', 'endswith', 'matches', 'regex', 'between', 'true', 'false', 'null', 'inner', 'innerunique',
  'leftouter', 'rightouter', 'fullouter', 'leftanti', 'rightanti', 'leftsemi', 'rightsemi', 'anti', 'semi', 'step', 'from',
  'to', 'of', 'typeof', 'bagexpansion', 'has_any', 'has_all', 'hasprefix', 'hassuffix', 'has_cs', 'contains_cs',
  'startswith_cs', 'endswith_cs', '!contains', '!has', '!in', '!startswith', '!endswith', 'in~', '!in~', 'isfuzzy',
  'timechart', 'barchart', 'columnchart', 'piechart', 'areachart', 'scatterchart', 'linechart', 'table', 'ladderchart',
];
const types = ['bool', 'boolean', 'datetime', 'date', 'decimal', 'dynamic', 'guid', 'int', 'long', 'real', 'double', 'string', 'timespan', 'time'];

export const kqlMonarch: Monaco.languages.IMonarchLanguage = {
  defaultToken: '',
  ignoreCase: false,
  operators,
  keywords,
  types,
  tokenizer: {
    root: [
      [/\/\/.*$/, 'comment'],
      [/@?h?"/, { token: 'string.quote', next: '@dstring' }],
      [/@?h?'/, { token: 'string.quote', next: '@sstring' }],
      [/```/, { token: 'string.quote', next: '@mstring' }],
      [/\b\d+(\.\d+)?(d|h|m|s|ms|microsecond|tick|min|sec|hr|day|days)\b/, 'number.timespan'],
      [/\b0x[0-9a-fA-F]+\b/, 'number.hex'],
      [/\b\d+(\.\d+)?([eE][-+]?\d+)?\b/, 'number'],
      [/\|/, 'delimiter.pipe'],
      [/(==|!=|=~|!~|<=|>=|<|>|=|\+|-|\*|\/|%)/, 'operator'],
      [/[{}()[\]]/, '@brackets'],
      [/[,;.]/, 'delimiter'],
      [
        /[A-Za-z_][\w-]*(?=\s*\()/,
        { cases: { '@types': 'type', '@keywords': 'keyword', '@default': 'predefined' } },
      ],
      [
        /!?[A-Za-z_][\w]*(-[a-z]+)*~?/,
        { cases: { '@operators': 'keyword.operator', '@keywords': 'keyword', '@types': 'type', '@default': 'identifier' } },
      ],
      [/\s+/, 'white'],
    ],
    dstring: [
      [/[^\\"]+/, 'string'],
      [/\\./, 'string.escape'],
      [/"/, { token: 'string.quote', next: '@pop' }],
    ],
    sstring: [
      [/[^\\']+/, 'string'],
      [/\\./, 'string.escape'],
      [/'/, { token: 'string.quote', next: '@pop' }],
    ],
    mstring: [
      [/[^`]+/, 'string'],
      [/```/, { token: 'string.quote', next: '@pop' }],
      [/`/, 'string'],
    ],
  },
};

let registered = false;
let services: KqlServices | null = null;

export function registerKql(monaco: typeof Monaco, svc: KqlServices): void {
  services = svc;
  if (registered) return;
  registered = true;
  monaco.languages.register({ id: 'kql', extensions: ['.kql', '.csl'], aliases: ['KQL', 'Kusto'] });
  monaco.languages.setMonarchTokensProvider('kql', kqlMonarch);
  monaco.languages.setLanguageConfiguration('kql', {
    comments: { lineComment: '//' },
    brackets: [
      ['(', ')'],
      ['[', ']'],
      ['{', '}'],
    ],
    autoClosingPairs: [
      { open: '(', close: ')' },
      { open: '[', close: ']' },
      { open: '{', close: '}' },
      { open: '"', close: '"', notIn: ['string'] },
      { open: "'", close: "'", notIn: ['string'] },
    ],
    wordPattern: /(-?\d*\.\d\w*)|([^`~!@#%^&*()=+[{\]}\\|;:'",.<>/?\s-]+)/g,
  });
  monaco.editor.defineTheme('huntbench', {
    base: 'vs',
    inherit: true,
    rules: [
      { token: 'keyword.operator', foreground: '0b57d0', fontStyle: 'bold' },
      { token: 'keyword', foreground: '7b3fbf' },
      { token: 'predefined', foreground: '9a5b00' },
      { token: 'type', foreground: '1f7a70' },
      { token: 'number.timespan', foreground: 'b3261e' },
      { token: 'delimiter.pipe', foreground: '0b57d0', fontStyle: 'bold' },
    ],
    colors: {},
  });
  monaco.editor.defineTheme('huntbench-dark', {
    base: 'vs-dark',
    inherit: true,
    rules: [
      { token: 'keyword.operator', foreground: '8ab4ff', fontStyle: 'bold' },
      { token: 'keyword', foreground: 'c9a0f5' },
      { token: 'predefined', foreground: 'f2b95e' },
      { token: 'type', foreground: '63cdbd' },
      { token: 'number.timespan', foreground: 'ff9a8f' },
      { token: 'delimiter.pipe', foreground: '8ab4ff', fontStyle: 'bold' },
    ],
    colors: { 'editor.background': '#14181e' },
  });

  const kinds = monaco.languages.CompletionItemKind;
  const kindOf: Record<CompletionKind, Monaco.languages.CompletionItemKind> = {
    keyword: kinds.Keyword,
    operator: kinds.Operator,
    column: kinds.Field,
    table: kinds.Class,
    function: kinds.Function,
    aggregate: kinds.Method,
    variable: kinds.Variable,
    value: kinds.Value,
    render: kinds.Enum,
    type: kinds.TypeParameter,
    other: kinds.Text,
  };

  monaco.languages.registerCompletionItemProvider('kql', {
    triggerCharacters: [' ', '(', '|', '.', '"', ','],
    async provideCompletionItems(model, position) {
      if (!services) return { suggestions: [] };
      const text = model.getValue();
      const offset = model.getOffsetAt(position);
      const list = await services.complete(text, offset).catch(() => null);
      if (!list) return { suggestions: [] };
      const start = model.getPositionAt(list.editStart);
      const end = model.getPositionAt(list.editStart + list.editLength);
      const range = new monaco.Range(start.lineNumber, start.column, end.lineNumber, end.column);
      return {
        suggestions: list.items.map((it) => ({
          label: it.detail ? { label: it.label, description: it.detail } : it.label,
          kind: kindOf[it.kind],
          insertText: it.insert.includes('$0') ? it.insert.replaceAll('$', '\\$').replace('\\$0', '$0') : it.insert,
          insertTextRules: it.insert.includes('$0') ? monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet : undefined,
          filterText: it.label.replace(/\(.*$/, ''),
          sortText: it.sort,
          range,
        })),
      };
    },
  });

  monaco.languages.registerHoverProvider('kql', {
    async provideHover(model, position) {
      if (!services) return null;
      const text = await services.hover(model.getValue(), model.getOffsetAt(position)).catch(() => null);
      if (!text) return null;
      // plain text in a code block: quick info is never interpreted as HTML or markdown
      const fence = '```';
      return { contents: [{ value: `${fence}text\n${text.replaceAll(fence, "'''")}\n${fence}` }] };
    },
  });

  // Signature help from quick info: the Kusto service has no signature-help API, but its quick
  // info for a function name is the signature ("(function) name(a, b): type") plus the docs.
  monaco.languages.registerSignatureHelpProvider('kql', {
    signatureHelpTriggerCharacters: ['(', ','],
    signatureHelpRetriggerCharacters: [','],
    async provideSignatureHelp(model, position) {
      if (!services) return null;
      const text = model.getValue();
      const offset = model.getOffsetAt(position);
      const call = enclosingCall(text, offset);
      if (!call) return null;
      const info = await services.hover(text, call.nameOffset).catch(() => null);
      const first = info?.split('\n')[0] ?? '';
      const m = /^\((?:function|aggregate|plugin)\)\s*(.*)$/.exec(first) ?? /^(\w[\w.]*\(.*)$/.exec(first);
      if (!m) return null;
      const label = m[1];
      const open = label.indexOf('(');
      const close = label.lastIndexOf(')');
      const parameters: Monaco.languages.ParameterInformation[] = [];
      if (open >= 0 && close > open) {
        let start = open + 1;
        let depth = 0;
        for (let i = open + 1; i <= close; i++) {
          const ch = label[i];
          if (ch === '(' || ch === '[') depth++;
          else if ((ch === ')' || ch === ']') && depth > 0) depth--;
          else if ((ch === ',' && depth === 0) || i === close) {
            const a = start + (label.slice(start, i).length - label.slice(start, i).trimStart().length);
            if (i > a) parameters.push({ label: [a, i] });
            start = i + 1;
          }
        }
      }
      const doc = info!.split('\n').slice(1).join('\n').trim();
      return {
        value: {
          signatures: [{ label, parameters, documentation: doc || undefined }],
          activeSignature: 0,
          activeParameter: Math.min(call.argIndex, Math.max(0, parameters.length - 1)),
        },
        dispose() {},
      };
    },
  });

  monaco.languages.registerDocumentFormattingEditProvider('kql', {
    async provideDocumentFormattingEdits(model) {
      if (!services) return [];
      const text = model.getValue();
      const formatted = await services.format(text).catch(() => text);
      if (formatted === text) return [];
      return [{ range: model.getFullModelRange(), text: formatted }];
    },
  });
}

/**
 * The innermost call whose argument list contains `offset`: the offset of the function name and the
 * index of the argument under the caret. Strings and comments are skipped; null outside calls.
 */
export function enclosingCall(text: string, offset: number): { nameOffset: number; argIndex: number } | null {
  const stack: { open: number; commas: number }[] = [];
  let i = 0;
  while (i < offset) {
    const ch = text[i];
    if (ch === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? offset : nl + 1;
      continue;
    }
    if (ch === '"' || ch === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== ch && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      i = j + 1;
      continue;
    }
    if (ch === '(') stack.push({ open: i, commas: 0 });
    else if (ch === ')') stack.pop();
    else if (ch === ',' && stack.length) stack[stack.length - 1].commas++;
    i++;
  }
  for (let k = stack.length - 1; k >= 0; k--) {
    const { open, commas } = stack[k];
    // a call is a name directly followed by '(' (`where (a` is grouping, not a call)
    const e = open;
    let b = e;
    while (b > 0 && /[\w.]/.test(text[b - 1])) b--;
    if (b < e && /[A-Za-z_]/.test(text[b])) return { nameOffset: b, argIndex: commas };
  }
  return null;
}
