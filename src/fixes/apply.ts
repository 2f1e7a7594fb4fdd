import {
  ISharedCell,
  ISharedCodeCell,
  ISharedNotebook,
  SharedCell
} from '@jupyter/ydoc';
import * as nbformat from '@jupyterlab/nbformat';
import { PartialJSONValue } from '@lumino/coreutils';

import { NotebookEdit } from '../sync/report';

/**
 * An edit that no longer fits the notebook (its cell is gone, its text
 * changed). Nothing was applied.
 */
export class EditError extends Error {
  /**
   * Create the error.
   */
  constructor(message: string) {
    super(message);
    this.name = 'EditError';
  }
}

/**
 * The parts of a Yjs undo manager a fix uses: a fix must be its own undo
 * step, not merged with the typing just before or after it.
 */
interface IUndoCapture {
  stopCapturing(): void;
}

type TextEdit = Extract<NotebookEdit, { type: 'text' }>;

/**
 * Apply a fix's notebook edits to the shared model in one transaction, so
 * one notebook undo (`sharedModel.undo()`) reverts the whole fix.
 *
 * Text edits are applied first, from the end of each cell backwards so the
 * earlier ranges stay valid; then the cell edits, in order, each finding its
 * cell by id. Every cell id and text range is checked before anything
 * changes: a stale fix throws `EditError` and leaves the notebook as it was.
 * `file` and `command` edits are not notebook edits and are skipped (the
 * fix controller writes the files and runs the commands).
 */
export function applyNotebookEdits(
  notebook: ISharedNotebook,
  edits: ReadonlyArray<NotebookEdit>
): void {
  const texts = planTextEdits(notebook, edits);
  checkCellEdits(
    notebook.cells.map(cell => cell.id),
    edits
  );
  const undo = undoCaptureOf(notebook);
  undo?.stopCapturing();
  notebook.transact(() => {
    for (const { cell, start, end, text } of texts) {
      cell.updateSource(start, end, text);
    }
    const cells = new CellOrder(notebook);
    for (const edit of edits) {
      applyCellEdit(notebook, cells, edit);
    }
  });
  undo?.stopCapturing();
}

/**
 * The character offset of a 0-based line and column in `source`.
 *
 * @throws {EditError} when the position is outside the text
 */
export function offsetOf(source: string, line: number, column: number): number {
  const lines = source.split('\n');
  if (line < 0 || line >= lines.length || column < 0) {
    throw new EditError(`line ${line + 1} is outside the cell`);
  }
  if (column > lines[line].length) {
    throw new EditError(`column ${column} is outside line ${line + 1}`);
  }
  let offset = column;
  for (let i = 0; i < line; i++) {
    offset += lines[i].length + 1;
  }
  return offset;
}

/**
 * Index of the cell with `cellId`.
 *
 * @throws {EditError} when no cell has that id
 */
export function cellIndexOf(notebook: ISharedNotebook, cellId: string): number {
  const index = notebook.cells.findIndex(cell => cell.id === cellId);
  if (index < 0) {
    throw new EditError(`no cell with id ${cellId} (was it deleted?)`);
  }
  return index;
}

/**
 * Run the cell edits over a list of ids, so a missing cell is found before
 * anything changes.
 */
function checkCellEdits(
  ids: string[],
  edits: ReadonlyArray<NotebookEdit>
): void {
  const indexOf = (id: string | null): number => {
    const index = id === null ? -1 : ids.indexOf(id);
    if (id !== null && index < 0) {
      throw new EditError(`no cell with id ${id} (was it deleted?)`);
    }
    return index;
  };
  edits.forEach((edit, n) => {
    switch (edit.type) {
      case 'insert_cell':
        ids.splice(indexOf(edit.after_cell_id) + 1, 0, `new-${n}`);
        break;
      case 'delete_cell':
        ids.splice(indexOf(edit.cell_id), 1);
        break;
      case 'move_cell':
        ids.splice(indexOf(edit.cell_id), 1);
        ids.splice(indexOf(edit.after_cell_id) + 1, 0, edit.cell_id);
        break;
      case 'replace_cell':
      case 'set_metadata':
        indexOf(edit.cell_id);
        break;
    }
  });
}

/**
 * The text edits resolved to offsets, last range of each cell first.
 */
function planTextEdits(
  notebook: ISharedNotebook,
  edits: ReadonlyArray<NotebookEdit>
): Array<{ cell: ISharedCell; start: number; end: number; text: string }> {
  const texts = edits.filter((e): e is TextEdit => e.type === 'text');
  // Of two edits starting at the same place the longer goes first, so an
  // insertion there stays in front of the range the other one replaces.
  texts.sort(
    (a, b) =>
      b.start.line - a.start.line ||
      b.start.column - a.start.column ||
      b.end.line - a.end.line ||
      b.end.column - a.end.column
  );
  return texts.map(edit => {
    const cell = notebook.cells[cellIndexOf(notebook, edit.cell_id)];
    const source = cell.getSource();
    const start = offsetOf(source, edit.start.line, edit.start.column);
    const end = offsetOf(source, edit.end.line, edit.end.column);
    if (end < start) {
      throw new EditError('an edit ends before it starts');
    }
    return { cell, start, end, text: edit.text };
  });
}

/**
 * The notebook's cells as the transaction changes them.
 *
 * `ISharedNotebook.cells` is only refreshed when a transaction ends, so
 * inside one the edits keep their own list of the cells, in order.
 */
class CellOrder {
  constructor(private readonly notebook: ISharedNotebook) {
    this._cells = [...notebook.cells];
  }

  /** The cell with `cellId`. */
  get(cellId: string): ISharedCell {
    return this._cells[this.indexOf(cellId)];
  }

  /** Where the cell with `cellId` is. */
  indexOf(cellId: string): number {
    const index = this._cells.findIndex(cell => cell.id === cellId);
    if (index < 0) {
      throw new EditError(`no cell with id ${cellId} (was it deleted?)`);
    }
    return index;
  }

  /** The position just after `cellId`, 0 for `null` (the top). */
  after(cellId: string | null): number {
    return cellId === null ? 0 : this.indexOf(cellId) + 1;
  }

  insert(at: number, cell: SharedCell.Cell): void {
    this._cells.splice(at, 0, this.notebook.insertCell(at, cell));
  }

  delete(at: number): void {
    this.notebook.deleteCell(at);
    this._cells.splice(at, 1);
  }

  private _cells: ISharedCell[];
}

/**
 * Apply one structural, output or metadata edit.
 */
function applyCellEdit(
  notebook: ISharedNotebook,
  cells: CellOrder,
  edit: NotebookEdit
): void {
  switch (edit.type) {
    case 'insert_cell':
      cells.insert(cells.after(edit.after_cell_id), {
        cell_type: edit.cell.cell_type,
        source: edit.cell.source,
        metadata: (edit.cell.metadata ?? {}) as nbformat.IBaseCellMetadata
      });
      break;
    case 'delete_cell':
      cells.delete(cells.indexOf(edit.cell_id));
      break;
    case 'replace_cell': {
      const cell = cells.get(edit.cell_id);
      if (edit.source !== undefined) {
        cell.setSource(edit.source);
      }
      if (cell.cell_type === 'code') {
        const code = cell as ISharedCodeCell;
        if (edit.outputs !== undefined) {
          code.setOutputs(edit.outputs as nbformat.IOutput[]);
        }
        if (edit.execution_count !== undefined) {
          code.execution_count = edit.execution_count;
        }
      }
      break;
    }
    case 'move_cell': {
      // A move is a delete and an insert of the same cell, as in YNotebook.
      const from = cells.indexOf(edit.cell_id);
      const json = cells.get(edit.cell_id).toJSON() as SharedCell.Cell;
      cells.delete(from);
      cells.insert(cells.after(edit.after_cell_id), json);
      break;
    }
    case 'set_metadata': {
      const value = edit.value as PartialJSONValue | null;
      const target = edit.cell_id === null ? notebook : cells.get(edit.cell_id);
      if (value === null) {
        target.deleteMetadata(edit.key);
      } else {
        target.setMetadata(edit.key, value);
      }
      break;
    }
    case 'text':
    case 'file':
    case 'command':
      break;
  }
}

/**
 * The notebook's undo manager, when it has one.
 */
function undoCaptureOf(notebook: ISharedNotebook): IUndoCapture | null {
  const manager = (notebook as unknown as { undoManager?: unknown })
    .undoManager;
  if (
    typeof manager === 'object' &&
    manager !== null &&
    typeof (manager as IUndoCapture).stopCapturing === 'function'
  ) {
    return manager as IUndoCapture;
  }
  return null;
}
