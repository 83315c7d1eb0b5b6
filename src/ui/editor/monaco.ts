/**
 * Monaco without its bundled languages (we only need KQL): the editor core plus all editor
 * contributions (suggest, hover, find, folding …). The editor worker is self-hosted via `?worker`.
 */
import 'monaco-editor/esm/vs/editor/edcore.main.js';
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api.js';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker.js?worker';

(globalThis as any).MonacoEnvironment = {
  getWorker: () => new EditorWorker(),
};

export { monaco };
