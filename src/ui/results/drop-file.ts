/**
 * `use:dropFile`: turns an element into a drop zone for one file. `onover` reports whether a drag
 * is over the element (for its highlight), `onfile` gets the dropped file (or undefined when the
 * drop carried none). The drop goes no further: the page would load the file as a table too.
 * Shared by the error panels that ask for a local file.
 */
export interface DropFile {
  onover: (over: boolean) => void;
  onfile: (file: File | undefined) => void;
}

export function dropFile(node: HTMLElement, handlers: DropFile) {
  let current = handlers;
  const over = (e: DragEvent) => {
    e.preventDefault();
    current.onover(true);
  };
  const leave = () => current.onover(false);
  const drop = (e: DragEvent) => {
    // the page itself loads any file dropped on it as a table: a file meant for this zone stops here
    e.preventDefault();
    e.stopPropagation();
    current.onover(false);
    current.onfile(e.dataTransfer?.files?.[0]);
  };
  node.addEventListener('dragover', over);
  node.addEventListener('dragleave', leave);
  node.addEventListener('drop', drop);
  return {
    update(next: DropFile) {
      current = next;
    },
    destroy() {
      node.removeEventListener('dragover', over);
      node.removeEventListener('dragleave', leave);
      node.removeEventListener('drop', drop);
    },
  };
}
