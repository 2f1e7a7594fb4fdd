import { NotebookModel } from '@jupyterlab/notebook';

import { applyNotebookEdits } from '../fixes/apply';
import { FixHistory } from '../fixes/undo';
import { SECRET_FIX } from './fixtures';

/**
 * A notebook with per-cell undo (JupyterLab's default) or document-wide
 * undo, two code cells and an empty history.
 */
function notebook(documentWide = false): NotebookModel {
  const model = new NotebookModel({
    disableDocumentWideUndoRedo: !documentWide
  });
  model.sharedModel.insertCells(0, [
    { id: 'a', cell_type: 'code', source: 'import pandas as pd\n' },
    { id: 'b', cell_type: 'code', source: 'api_key = "sk-live-123"' },
    { id: 'c', cell_type: 'code', source: 'print(1)' }
  ]);
  model.sharedModel.clearUndoHistory();
  return model;
}

function cell(model: NotebookModel, id: string) {
  return model.sharedModel.cells.find(c => c.id === id)!;
}

function applyFix(history: FixHistory, model: NotebookModel): void {
  history.track(model.sharedModel, SECRET_FIX, () =>
    applyNotebookEdits(model.sharedModel, SECRET_FIX)
  );
}

describe('FixHistory', () => {
  it("lets a cell's undo key revert the whole fix, and redo it", () => {
    const model = notebook();
    const history = new FixHistory();
    applyFix(history, model);
    expect(cell(model, 'b').getSource()).toContain('os.environ');
    // The cell's own undo manager does not see the notebook transaction.
    expect(cell(model, 'b').canUndo()).toBe(false);

    expect(history.undo(cell(model, 'b'))).toBe(true);
    expect(cell(model, 'b').getSource()).toBe('api_key = "sk-live-123"');
    expect(cell(model, 'a').getSource()).toBe('import pandas as pd\n');
    expect(history.undo(cell(model, 'b'))).toBe(false);

    expect(history.redo(cell(model, 'b'))).toBe(true);
    expect(cell(model, 'b').getSource()).toContain('os.environ');
    expect(cell(model, 'a').getSource()).toContain('import os');
    expect(history.redo(cell(model, 'b'))).toBe(false);
    expect(history.undo(cell(model, 'a'))).toBe(true);
    expect(cell(model, 'a').getSource()).toBe('import pandas as pd\n');
  });

  it('leaves the key to the cell when it was typed into since', () => {
    const model = notebook();
    const history = new FixHistory();
    applyFix(history, model);
    const b = cell(model, 'b');
    b.updateSource(b.getSource().length, b.getSource().length, '\nx = 1');
    expect(history.undo(b)).toBe(false);
    // Once the typing is undone, the next undo reverts the fix.
    b.undo();
    expect(b.getSource()).not.toContain('x = 1');
    expect(history.undo(b)).toBe(true);
    expect(b.getSource()).toBe('api_key = "sk-live-123"');
  });

  it('ignores cells the fix did not change and older fixes', () => {
    const model = notebook();
    const history = new FixHistory();
    applyFix(history, model);
    expect(history.undo(cell(model, 'c'))).toBe(false);
    // A later notebook step (a new cell) comes first.
    model.sharedModel.insertCell(3, { cell_type: 'code', source: '' });
    expect(history.undo(cell(model, 'b'))).toBe(false);
    expect(cell(model, 'b').getSource()).toContain('os.environ');
  });

  it("follows the fix through the notebook's own undo and redo (Z, Shift+Z)", () => {
    const model = notebook();
    const history = new FixHistory();
    applyFix(history, model);
    // Command mode's Z and Shift+Z undo and redo on the notebook: the redo
    // puts a new step on the notebook's undo stack.
    model.sharedModel.undo();
    expect(cell(model, 'b').getSource()).toBe('api_key = "sk-live-123"');
    expect(history.undo(cell(model, 'b'))).toBe(false);
    model.sharedModel.redo();
    expect(cell(model, 'b').getSource()).toContain('os.environ');

    expect(history.undo(cell(model, 'b'))).toBe(true);
    expect(cell(model, 'b').getSource()).toBe('api_key = "sk-live-123"');
    expect(cell(model, 'a').getSource()).toBe('import pandas as pd\n');
    expect(history.redo(cell(model, 'b'))).toBe(true);
    expect(cell(model, 'a').getSource()).toContain('import os');
  });

  it('records nothing when the fix changed nothing', () => {
    const model = notebook();
    const history = new FixHistory();
    history.track(model.sharedModel, SECRET_FIX, () => undefined);
    expect(history.undo(cell(model, 'b'))).toBe(false);
  });

  it('leaves document-wide undo to JupyterLab, which reverts the fix', () => {
    const model = notebook(true);
    const history = new FixHistory();
    applyFix(history, model);
    const b = cell(model, 'b');
    expect(history.undo(b)).toBe(false);
    b.undo();
    expect(b.getSource()).toBe('api_key = "sk-live-123"');
    expect(cell(model, 'a').getSource()).toBe('import pandas as pd\n');
  });
});
