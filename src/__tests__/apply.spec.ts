import { NotebookModel } from '@jupyterlab/notebook';

import { applyNotebookEdits, EditError, offsetOf } from '../fixes/apply';
import { NotebookEdit } from '../sync/report';
import { SECRET_FIX } from './fixtures';

/**
 * A notebook model with three code cells `a`, `b`, `c` and an empty undo
 * history, as the fix code sees it in JupyterLab.
 */
function notebook(): NotebookModel {
  const model = new NotebookModel();
  model.sharedModel.insertCells(0, [
    { id: 'a', cell_type: 'code', source: 'import pandas as pd\n' },
    {
      id: 'b',
      cell_type: 'code',
      source: 'api_key = "sk-live-123"\nprint(api_key)',
      outputs: [{ output_type: 'stream', name: 'stdout', text: 'x' }],
      execution_count: 3
    },
    { id: 'c', cell_type: 'markdown', source: '# Notes' }
  ]);
  model.sharedModel.clearUndoHistory();
  return model;
}

function sources(model: NotebookModel): string[] {
  return model.sharedModel.cells.map(cell => cell.getSource());
}

function ids(model: NotebookModel): string[] {
  return model.sharedModel.cells.map(cell => cell.id);
}

describe('offsetOf', () => {
  it('counts lines and characters', () => {
    expect(offsetOf('ab\ncd', 1, 1)).toBe(4);
    expect(offsetOf('ab\ncd', 0, 2)).toBe(2);
  });

  it('refuses positions outside the text', () => {
    expect(() => offsetOf('ab', 1, 0)).toThrow(EditError);
    expect(() => offsetOf('ab', 0, 3)).toThrow(EditError);
  });
});

describe('applyNotebookEdits', () => {
  it('applies text edits back to front within a cell', () => {
    const model = notebook();
    applyNotebookEdits(model.sharedModel, [
      SECRET_FIX[0],
      {
        type: 'text',
        cell_id: 'b',
        start: { line: 0, column: 0 },
        end: { line: 0, column: 0 },
        text: 'import os\n'
      }
    ]);
    expect(sources(model)[1]).toBe(
      'import os\napi_key = os.environ["API_KEY"]\nprint(api_key)'
    );
  });

  it('keeps an insertion in front of a range replaced from the same place', () => {
    const model = notebook();
    applyNotebookEdits(model.sharedModel, [
      {
        type: 'text',
        cell_id: 'b',
        start: { line: 0, column: 0 },
        end: { line: 0, column: 0 },
        text: 'from blocks import block\n'
      },
      {
        type: 'text',
        cell_id: 'b',
        start: { line: 0, column: 0 },
        end: { line: 1, column: 14 },
        text: 'block()'
      }
    ]);
    expect(sources(model)[1]).toBe('from blocks import block\nblock()');
  });

  it('inserts, moves and deletes cells by id', () => {
    const model = notebook();
    applyNotebookEdits(model.sharedModel, [
      {
        type: 'insert_cell',
        after_cell_id: null,
        cell: { cell_type: 'code', source: 'SEED = 0', metadata: {} }
      },
      { type: 'move_cell', cell_id: 'c', after_cell_id: 'a' },
      { type: 'delete_cell', cell_id: 'b' }
    ]);
    expect(sources(model)).toEqual([
      'SEED = 0',
      'import pandas as pd\n',
      '# Notes'
    ]);
    expect(ids(model).slice(1)).toEqual(['a', 'c']);
  });

  it('moves a cell down below another', () => {
    const model = notebook();
    applyNotebookEdits(model.sharedModel, [
      { type: 'move_cell', cell_id: 'a', after_cell_id: 'c' }
    ]);
    expect(ids(model)).toEqual(['b', 'c', 'a']);
  });

  it('replaces only the fields given and sets or deletes metadata', () => {
    const model = notebook();
    applyNotebookEdits(model.sharedModel, [
      {
        type: 'replace_cell',
        cell_id: 'b',
        outputs: [],
        execution_count: null
      },
      {
        type: 'set_metadata',
        cell_id: 'a',
        key: 'tags',
        value: ['parameters']
      },
      { type: 'set_metadata', cell_id: null, key: 'widgets', value: { a: 1 } }
    ]);
    const cell = model.sharedModel.getCell(1).toJSON();
    expect(cell.outputs).toEqual([]);
    expect(cell.execution_count).toBeNull();
    expect(cell.source).toContain('api_key');
    expect(model.sharedModel.getCell(0).getMetadata('tags')).toEqual([
      'parameters'
    ]);
    expect(model.sharedModel.getMetadata('widgets')).toEqual({ a: 1 });
    applyNotebookEdits(model.sharedModel, [
      { type: 'set_metadata', cell_id: null, key: 'widgets', value: null }
    ]);
    expect(model.sharedModel.getMetadata('widgets')).toBeUndefined();
  });

  it('reverts a multi-cell fix with one undo', () => {
    const model = notebook();
    const before = model.sharedModel.toJSON();
    const fix: NotebookEdit[] = [
      ...SECRET_FIX,
      {
        type: 'insert_cell',
        after_cell_id: 'a',
        cell: { cell_type: 'code', source: 'x = 1', metadata: {} }
      },
      { type: 'replace_cell', cell_id: 'b', outputs: [] }
    ];
    applyNotebookEdits(model.sharedModel, fix);
    expect(model.sharedModel.cells).toHaveLength(4);
    expect(sources(model)[0]).toBe('import os\nimport pandas as pd\n');

    expect(model.sharedModel.canUndo()).toBe(true);
    model.sharedModel.undo();
    expect(model.sharedModel.toJSON()).toEqual(before);
    expect(model.sharedModel.canUndo()).toBe(false);
  });

  it('changes nothing when a range no longer fits', () => {
    const model = notebook();
    const before = model.sharedModel.toJSON();
    expect(() =>
      applyNotebookEdits(model.sharedModel, [
        { type: 'delete_cell', cell_id: 'c' },
        {
          type: 'text',
          cell_id: 'a',
          start: { line: 5, column: 0 },
          end: { line: 5, column: 1 },
          text: ''
        }
      ])
    ).toThrow(EditError);
    expect(model.sharedModel.toJSON()).toEqual(before);
  });

  it('refuses an edit of a cell that is gone', () => {
    const model = notebook();
    expect(() =>
      applyNotebookEdits(model.sharedModel, [
        { type: 'delete_cell', cell_id: 'a' },
        { type: 'delete_cell', cell_id: 'zzz' }
      ])
    ).toThrow(/no cell with id zzz/);
    expect(ids(model)).toEqual(['a', 'b', 'c']);
  });
});

describe('command edits', () => {
  it('are not notebook edits: applying them changes nothing', () => {
    const model = notebook();
    const before = model.sharedModel.toJSON();
    applyNotebookEdits(model.sharedModel, [
      {
        type: 'command',
        command: 'notebook:restart-run-all',
        label: 'Restart the kernel and run all cells'
      }
    ]);
    expect(model.sharedModel.toJSON()).toEqual(before);
    expect(model.sharedModel.canUndo()).toBe(false);
  });
});
