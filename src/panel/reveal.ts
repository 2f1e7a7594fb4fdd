import { NotebookPanel } from '@jupyterlab/notebook';

import { IFinding, NotebookEdit } from '../sync/report';

/**
 * Index of the cell with id `cellId` in a notebook panel, or -1.
 *
 * Findings address cells by id because positions shift while the user edits.
 */
export function cellIndexById(panel: NotebookPanel, cellId: string): number {
  const cells = panel.content.widgets;
  for (let i = 0; i < cells.length; i++) {
    if (cells[i].model.id === cellId) {
      return i;
    }
  }
  return -1;
}

/**
 * Select the cell a finding points at, scroll it into view and, for code
 * cells with a known line, put the cursor there.
 *
 * Falls back to the reported `cell_index` when the id is unknown (a notebook
 * written without cell ids). Returns whether a cell was found.
 */
export async function revealFinding(
  panel: NotebookPanel,
  finding: IFinding
): Promise<boolean> {
  const notebook = panel.content;
  let index = finding.cell_id ? cellIndexById(panel, finding.cell_id) : -1;
  if (
    index < 0 &&
    finding.cell_index !== null &&
    finding.cell_index < notebook.widgets.length
  ) {
    index = finding.cell_index;
  }
  if (index < 0) {
    return false;
  }
  notebook.mode = 'command';
  notebook.activeCellIndex = index;
  notebook.deselectAll();
  const cell = notebook.widgets[index];
  await notebook.scrollToCell(cell, 'center');
  const line = finding.line;
  if (cell.model.type === 'code' && typeof line === 'number' && line > 0) {
    await cell.ready;
    const editor = cell.editor;
    if (editor) {
      const lastLine = Math.max(0, editor.lineCount - 1);
      editor.setCursorPosition({
        line: Math.min(line - 1, lastLine),
        column: Math.max(0, finding.column ?? 0)
      });
      notebook.mode = 'edit';
      editor.focus();
    }
  }
  return true;
}

/**
 * The id of the first cell an edit changed that is still in the notebook
 * (an inserted cell has no id yet, a deleted one is gone), else `fallback`.
 */
export function changedCellId(
  panel: NotebookPanel,
  edits: ReadonlyArray<NotebookEdit>,
  fallback: string | null
): string | null {
  for (const edit of edits) {
    const id = 'cell_id' in edit ? edit.cell_id : null;
    if (id && edit.type !== 'delete_cell' && cellIndexById(panel, id) >= 0) {
      return id;
    }
  }
  return fallback;
}

/**
 * Give the keyboard back to the notebook after an action taken elsewhere (a
 * button of the panel or of a hover card): the cell `cellId` becomes the
 * active one and the notebook gets the focus in command mode, so Esc then Z
 * undoes right away.
 */
export function focusCell(panel: NotebookPanel, cellId: string | null): void {
  const notebook = panel.content;
  const index = cellId ? cellIndexById(panel, cellId) : -1;
  notebook.mode = 'command';
  if (index >= 0) {
    notebook.activeCellIndex = index;
    notebook.deselectAll();
  }
  notebook.activate();
}
