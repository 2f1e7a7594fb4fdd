import { ISharedCell, ISharedNotebook } from '@jupyter/ydoc';
import { Extension, Prec } from '@codemirror/state';
import { keymap } from '@codemirror/view';

import { NotebookEdit } from '../sync/report';

/**
 * The parts of a Yjs undo manager the fix history reads and drives.
 */
interface IUndoStacks {
  undoStack: ReadonlyArray<object>;
  redoStack: ReadonlyArray<object>;
}

/**
 * How many fixes per notebook the editors can still undo on their own.
 */
const MAX_RECORDS = 20;

/**
 * One fix applied to a notebook, as its undo managers saw it.
 */
interface IFixRecord {
  /** The fix's step: on the notebook's undo stack, or on its redo stack. */
  step: object;
  undone: boolean;
  /** The cells whose text, outputs or metadata the fix changed. */
  cellIds: ReadonlySet<string>;
  /** Each changed cell's own newest undo step when the fix was applied. */
  cellTops: WeakMap<ISharedCell, object | null>;
}

/**
 * Lets Ctrl+Z (Cmd+Z) in a cell editor revert the fix just applied to that
 * cell, and Ctrl+Shift+Z / Ctrl+Y bring it back.
 *
 * Fixes are applied in one notebook transaction, so that one undo reverts
 * the whole fix, however many cells it touches. With JupyterLab's default
 * per-cell undo (`documentWideUndoRedo: false`) a cell editor undoes only
 * its own cell's steps and would not see the fix. The history remembers each
 * fix's notebook undo step and, while that step is the notebook's newest and
 * nothing was typed into the cell since, the editor's undo key undoes it on
 * the notebook. With document-wide undo the editor already undoes notebook
 * steps, and the keys are left alone.
 */
export class FixHistory {
  /**
   * Apply a fix's notebook edits with `apply` (one notebook transaction) and
   * remember the undo step it made, if it made one.
   */
  track(
    notebook: ISharedNotebook,
    edits: ReadonlyArray<NotebookEdit>,
    apply: () => void
  ): void {
    const stacks = stacksOf(notebook);
    const before = topOf(stacks);
    apply();
    const step = topOf(stacks);
    if (!step || step === before) {
      return;
    }
    const cellIds = new Set(touchedCellIds(edits));
    const cellTops = new WeakMap<ISharedCell, object | null>();
    for (const cell of notebook.cells) {
      if (cellIds.has(cell.id)) {
        cellTops.set(cell, topOf(stacksOf(cell)));
      }
    }
    const records = this._records.get(notebook) ?? [];
    records.push({ step, undone: false, cellIds, cellTops });
    this._records.set(notebook, records.slice(-MAX_RECORDS));
  }

  /**
   * Undo the newest fix of the cell's notebook if it changed this cell, is
   * the notebook's newest undo step and nothing was typed into the cell
   * since; returns whether it did.
   */
  undo(cell: ISharedCell): boolean {
    return this._step(cell, false);
  }

  /**
   * Redo the fix the editor's undo reverted, if nothing happened since.
   */
  redo(cell: ISharedCell): boolean {
    return this._step(cell, true);
  }

  private _step(cell: ISharedCell, redo: boolean): boolean {
    const notebook = cell.notebook;
    const stacks = notebook ? stacksOf(notebook) : null;
    if (!notebook || !stacks || stacksOf(cell) === stacks) {
      return false;
    }
    const stack = redo ? stacks.redoStack : stacks.undoStack;
    const top = stack[stack.length - 1];
    const record = (this._records.get(notebook) ?? []).find(
      r => r.step === top && r.undone === redo
    );
    if (
      !record ||
      !record.cellIds.has(cell.id) ||
      !record.cellTops.has(cell) ||
      record.cellTops.get(cell) !== topOf(stacksOf(cell))
    ) {
      return false;
    }
    if (redo) {
      notebook.redo();
    } else {
      notebook.undo();
    }
    const other = redo ? stacks.undoStack : stacks.redoStack;
    record.step = other[other.length - 1];
    record.undone = !redo;
    return true;
  }

  private _records = new WeakMap<ISharedNotebook, IFixRecord[]>();
}

/**
 * The editor key bindings of one cell: undo and redo of the fixes applied
 * to it, ahead of JupyterLab's own bindings (they run when this returns
 * false).
 */
export function fixUndoKeymap(
  history: FixHistory,
  cell: ISharedCell
): Extension {
  return Prec.highest(
    keymap.of([
      { key: 'Mod-z', run: () => history.undo(cell) },
      { key: 'Mod-y', mac: 'Mod-Shift-z', run: () => history.redo(cell) },
      { linux: 'Ctrl-Shift-z', run: () => history.redo(cell) }
    ])
  );
}

/**
 * The cells a fix's edits change (a moved cell is a new cell object with
 * the same id, found by `record` after the fix).
 */
function touchedCellIds(edits: ReadonlyArray<NotebookEdit>): string[] {
  const ids: string[] = [];
  for (const edit of edits) {
    switch (edit.type) {
      case 'text':
      case 'replace_cell':
      case 'move_cell':
        ids.push(edit.cell_id);
        break;
      case 'set_metadata':
        if (edit.cell_id !== null) {
          ids.push(edit.cell_id);
        }
        break;
    }
  }
  return ids;
}

/**
 * The undo manager of a notebook or cell, when it has one.
 */
function stacksOf(owner: object): IUndoStacks | null {
  const manager = (owner as { undoManager?: unknown }).undoManager;
  if (
    typeof manager === 'object' &&
    manager !== null &&
    Array.isArray((manager as IUndoStacks).undoStack) &&
    Array.isArray((manager as IUndoStacks).redoStack)
  ) {
    return manager as IUndoStacks;
  }
  return null;
}

function topOf(stacks: IUndoStacks | null): object | null {
  return stacks?.undoStack[stacks.undoStack.length - 1] ?? null;
}
