import { NotebookModel } from '@jupyterlab/notebook';
import { Signal } from '@lumino/signaling';

import { PromoteAPIError } from '../sync/api';
import { DocumentSync } from '../sync/documentsync';
import { IIncrementalNotebook } from '../sync/report';

function notebook(): NotebookModel {
  const model = new NotebookModel();
  model.sharedModel.insertCells(0, [
    { id: 'a', cell_type: 'code', source: 'x = 1' },
    { id: 'b', cell_type: 'code', source: 'y = 2' },
    { id: 'c', cell_type: 'markdown', source: '# Notes' }
  ]);
  return model;
}

const full = (body: IIncrementalNotebook): string[] =>
  body.cells.filter(cell => 'cell_type' in cell).map(cell => cell.id);

describe('DocumentSync', () => {
  it('sends everything first, then only the edited cell', () => {
    const model = notebook();
    const sync = new DocumentSync(model);
    const first = sync.body();
    expect(full(first)).toEqual(['a', 'b', 'c']);
    expect(first.metadata).toBeDefined();

    model.sharedModel.getCell(1).updateSource(0, 1, 'z');
    const second = sync.body();
    expect(full(second)).toEqual(['b']);
    expect(second.cells.map(cell => cell.id)).toEqual(['a', 'b', 'c']);
    expect(second.metadata).toBeUndefined();
    expect(second.document_id).toBe(first.document_id);
    sync.dispose();
  });

  it('sends the metadata only when it changed', () => {
    const model = notebook();
    const sync = new DocumentSync(model);
    sync.body();
    model.sharedModel.setMetadata('papermill', { a: 1 });
    expect(sync.body().metadata).toMatchObject({ papermill: { a: 1 } });
    expect(sync.body().metadata).toBeUndefined();
  });

  it('sends a new cell in full', () => {
    const model = notebook();
    const sync = new DocumentSync(model);
    sync.body();
    model.sharedModel.insertCell(1, { id: 'n', cell_type: 'code', source: '' });
    expect(full(sync.body())).toEqual(['n']);
  });

  it('follows a cell removal without throwing, and sends the cells left', () => {
    const model = notebook();
    const sync = new DocumentSync(model);
    sync.body();
    // Lumino reports a throwing slot to its exception handler, not the caller.
    const errors: unknown[] = [];
    const previous = Signal.setExceptionHandler(error => errors.push(error));
    try {
      model.sharedModel.deleteCell(1);
      model.sharedModel.deleteCellRange(0, 1);
    } finally {
      Signal.setExceptionHandler(previous);
    }
    expect(errors).toEqual([]);
    expect(sync.body().cells.map(cell => cell.id)).toEqual(['c']);
    model.sharedModel.getCell(0).setSource('# Changed');
    expect(full(sync.body())).toEqual(['c']);
    sync.dispose();
  });

  it('resends the cells a 409 names', async () => {
    const model = notebook();
    const sync = new DocumentSync(model);
    sync.body();
    const bodies: IIncrementalNotebook[] = [];
    const reply = await sync.send(async body => {
      bodies.push(body);
      if (bodies.length === 1) {
        throw new PromoteAPIError(409, 'send these cells', {
          missing_cell_ids: ['a', 'c']
        });
      }
      return 'ok';
    });
    expect(reply).toBe('ok');
    expect(full(bodies[0])).toEqual([]);
    expect(full(bodies[1])).toEqual(['a', 'c']);
  });
});
