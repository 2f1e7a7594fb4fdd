import { NotebookEdit } from '../sync/report';
import { EditError, offsetOf } from './apply';

/**
 * What a preview needs of a cell.
 */
export interface IPreviewCell {
  id: string;
  cell_type: string;
  source: string;
}

/**
 * One changed cell of a fix: its source before (null: new cell) and after
 * (null: deleted), and a note for changes that are not text.
 */
export interface ICellChange {
  cellId: string | null;
  /** 0-based position of the cell before the fix, null for a new cell. */
  index: number | null;
  before: string | null;
  after: string | null;
  notes: string[];
}

/**
 * One line of a diff.
 */
export interface IDiffLine {
  kind: 'same' | 'add' | 'remove';
  text: string;
}

/**
 * The marker a diff line is shown with: `+ `, `- ` or two spaces.
 */
export function diffMarker(line: IDiffLine): string {
  return line.kind === 'add' ? '+ ' : line.kind === 'remove' ? '- ' : '  ';
}

/**
 * The cells a fix changes, worked out on plain copies of the sources (the
 * notebook is not touched), in notebook order.
 */
export function previewEdits(
  cells: ReadonlyArray<IPreviewCell>,
  edits: ReadonlyArray<NotebookEdit>
): ICellChange[] {
  const changes = new Map<string, ICellChange>();
  const change = (id: string): ICellChange => {
    let entry = changes.get(id);
    if (!entry) {
      const index = cells.findIndex(cell => cell.id === id);
      if (index < 0) {
        throw new EditError(`no cell with id ${id} (was it deleted?)`);
      }
      const source = cells[index].source;
      entry = { cellId: id, index, before: source, after: source, notes: [] };
      changes.set(id, entry);
    }
    return entry;
  };
  const texts = edits
    .filter(e => e.type === 'text')
    .sort((a, b) =>
      a.type === 'text' && b.type === 'text'
        ? b.start.line - a.start.line || b.start.column - a.start.column
        : 0
    );
  for (const edit of texts) {
    if (edit.type !== 'text') {
      continue;
    }
    const entry = change(edit.cell_id);
    const source = entry.after ?? '';
    const start = offsetOf(source, edit.start.line, edit.start.column);
    const end = offsetOf(source, edit.end.line, edit.end.column);
    entry.after = source.slice(0, start) + edit.text + source.slice(end);
  }
  const added: ICellChange[] = [];
  for (const edit of edits) {
    switch (edit.type) {
      case 'insert_cell':
        added.push({
          cellId: null,
          index: null,
          before: null,
          after: edit.cell.source,
          notes: []
        });
        break;
      case 'delete_cell':
        change(edit.cell_id).after = null;
        break;
      case 'replace_cell': {
        const entry = change(edit.cell_id);
        if (edit.source !== undefined) {
          entry.after = edit.source;
        }
        if (edit.outputs !== undefined) {
          entry.notes.push('outputs');
        }
        if (edit.execution_count !== undefined) {
          entry.notes.push('execution_count');
        }
        break;
      }
      case 'move_cell':
        change(edit.cell_id).notes.push('moved');
        break;
      case 'set_metadata':
        if (edit.cell_id !== null) {
          change(edit.cell_id).notes.push(`metadata.${edit.key}`);
        }
        break;
    }
  }
  const sorted = [...changes.values()].sort(
    (a, b) => (a.index ?? 0) - (b.index ?? 0)
  );
  return [...added, ...sorted];
}

/**
 * A line diff of two texts (longest common subsequence; cells are small).
 */
export function diffLines(before: string, after: string): IDiffLine[] {
  const a = before === '' ? [] : before.split('\n');
  const b = after === '' ? [] : after.split('\n');
  const rows = a.length + 1;
  const cols = b.length + 1;
  const lcs = new Array<number>(rows * cols).fill(0);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * cols + j] =
        a[i] === b[j]
          ? lcs[(i + 1) * cols + j + 1] + 1
          : Math.max(lcs[(i + 1) * cols + j], lcs[i * cols + j + 1]);
    }
  }
  const lines: IDiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      lines.push({ kind: 'same', text: a[i++] });
      j++;
    } else if (
      i < a.length &&
      (j >= b.length || lcs[(i + 1) * cols + j] >= lcs[i * cols + j + 1])
    ) {
      lines.push({ kind: 'remove', text: a[i++] });
    } else {
      lines.push({ kind: 'add', text: b[j++] });
    }
  }
  return lines;
}
