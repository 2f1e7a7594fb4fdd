import { NotebookModel, NotebookPanel } from '@jupyterlab/notebook';
import { Contents } from '@jupyterlab/services';
import { nullTranslator } from '@jupyterlab/translation';
import { ReadonlyPartialJSONObject } from '@lumino/coreutils';

import { FixController } from '../fixes/controller';
import { PromoteClient } from '../sync/client';
import { IFinding, IFix, IFixReply, NotebookEdit } from '../sync/report';

const RESTART: IFix = {
  id: 'fix-restart',
  title: 'Restart the kernel and run all cells',
  applicability: 'unsafe'
};

const FINDING: IFinding = {
  code: 'HS001',
  name: 'out-of-order-execution',
  category: 'hidden_state',
  severity: 'warning',
  message: 'Cells ran out of order',
  cell_index: null,
  cell_id: null,
  impact: 4,
  fixes: [RESTART]
};

/**
 * A controller over a fake server reply and a fake command registry that
 * records what it runs.
 */
function setUp(edits: NotebookEdit[], known = ['notebook:restart-run-all']) {
  const model = new NotebookModel();
  model.sharedModel.insertCells(0, [
    { id: 'a', cell_type: 'code', source: 'x = 1' }
  ]);
  const ran: Array<{ id: string; args?: ReadonlyPartialJSONObject }> = [];
  const activated: string[] = [];
  const reply: IFixReply = {
    code: 'HS001',
    fix: RESTART,
    edits,
    files: [],
    files_written: false
  };
  const client = {
    fix: jest.fn(async () => reply)
  } as unknown as PromoteClient;
  const controller = new FixController({
    client,
    contents: {} as Contents.IManager,
    translator: nullTranslator,
    refresh: () => undefined,
    ignoreCode: async () => undefined,
    commands: {
      hasCommand: id => known.includes(id),
      execute: async (id, args) => {
        ran.push({ id, args });
      }
    },
    activate: panel => activated.push(panel.id)
  });
  controller.confirmUnsafe = false;
  const content = {
    widgets: [{ model: { id: 'b' } }, { model: { id: 'a' } }],
    mode: 'edit',
    activeCellIndex: 0,
    deselectAll: () => undefined,
    activate: jest.fn()
  };
  const panel = {
    id: 'notebook-1',
    model,
    content,
    context: { localPath: 'nb.ipynb' }
  } as unknown as NotebookPanel;
  return { controller, panel, model, ran, activated, content };
}

describe('FixController command edits', () => {
  it('runs the command on the notebook, after activating it', async () => {
    const { controller, panel, model, ran, activated } = setUp([
      {
        type: 'command',
        command: 'notebook:restart-run-all',
        label: 'Restart the kernel and run all cells'
      }
    ]);
    expect(await controller.apply(panel, FINDING, RESTART)).toBe(true);
    await Promise.resolve();
    expect(activated).toEqual(['notebook-1']);
    expect(ran).toEqual([
      {
        id: 'notebook:restart-run-all',
        args: { semanticWidget: 'notebook-1' }
      }
    ]);
    // Nothing changed in the notebook: no undo step either.
    expect(model.sharedModel.cells[0].getSource()).toBe('x = 1');
  });

  it('refuses a command JupyterLab does not have, changing nothing', async () => {
    const { controller, panel, model, ran } = setUp(
      [
        {
          type: 'text',
          cell_id: 'a',
          start: { line: 0, column: 4 },
          end: { line: 0, column: 5 },
          text: '2'
        },
        { type: 'command', command: 'no:such-command', label: 'Nothing' }
      ],
      []
    );
    expect(await controller.apply(panel, FINDING, RESTART)).toBe(false);
    expect(ran).toEqual([]);
    expect(model.sharedModel.cells[0].getSource()).toBe('x = 1');
  });

  it('gives the focus back to the changed cell, in command mode', async () => {
    const { controller, panel, model, activated, content } = setUp([
      {
        type: 'text',
        cell_id: 'a',
        start: { line: 0, column: 4 },
        end: { line: 0, column: 5 },
        text: '2'
      }
    ]);
    expect(await controller.apply(panel, FINDING, RESTART)).toBe(true);
    expect(model.sharedModel.cells[0].getSource()).toBe('x = 2');
    expect(activated).toEqual(['notebook-1']);
    expect(content.activeCellIndex).toBe(1);
    expect(content.mode).toBe('command');
    expect(content.activate).toHaveBeenCalled();
  });
});
