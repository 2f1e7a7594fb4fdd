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
 * A step an undo manager pushed or popped.
 */
interface IStackEvent {
  stackItem: object;
  /** 'undo' or 'redo': the stack pushed to, or the action that popped. */
  type: 'undo' | 'redo';
}

/**
 * A Yjs undo manager as the fix history follows it. Undoing or redoing a
 * step pushes a new step on the other stack ('stack-item-added', during the
 * transaction), then reports the step it took ('stack-item-popped').
 */
interface IFollowedStacks extends IUndoStacks {
  on(
    name: 'stack-item-added' | 'stack-item-popped',
    listener: (event: IStackEvent) => void
  ): void;
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
 * the notebook; the record follows the step through undos and redos made
 * elsewhere (command mode's Z and Shift+Z). With document-wide undo the
 * editor already undoes notebook steps, and the keys are left alone.
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
    this._follow(notebook, stacks);
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
    return true;
  }

  /**
   * Keep the notebook's fix records on their steps through every undo and
   * redo, the editors' and the notebook's own (command mode's Z and
   * Shift+Z, the Edit menu): each one replaces the step with a new one on
   * the other stack.
   */
  private _follow(notebook: ISharedNotebook, stacks: IUndoStacks | null): void {
    if (this._followed.has(notebook) || !isFollowable(stacks)) {
      return;
    }
    this._followed.add(notebook);
    let pushed: object | null = null;
    stacks.on('stack-item-added', event => {
      pushed = event.stackItem;
    });
    stacks.on('stack-item-popped', event => {
      const record = (this._records.get(notebook) ?? []).find(
        r => r.step === event.stackItem
      );
      if (record && pushed) {
        record.step = pushed;
        record.undone = event.type === 'undo';
      }
      pushed = null;
    });
  }

  private _records = new WeakMap<ISharedNotebook, IFixRecord[]>();
  private _followed = new WeakSet<ISharedNotebook>();
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

function isFollowable(stacks: IUndoStacks | null): stacks is IFollowedStacks {
  const followed = stacks as Partial<IFollowedStacks> | null;
  return followed !== null && typeof followed.on === 'function';
}

function topOf(stacks: IUndoStacks | null): object | null {
  return stacks?.undoStack[stacks.undoStack.length - 1] ?? null;
}
