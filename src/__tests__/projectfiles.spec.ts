import { Notification } from '@jupyterlab/apputils';
import { NotebookModel, NotebookPanel } from '@jupyterlab/notebook';
import { Contents } from '@jupyterlab/services';
import { nullTranslator } from '@jupyterlab/translation';

import { FixController } from '../fixes/controller';
import { confirmFix } from '../fixes/dialog';
import { PromoteClient } from '../sync/client';
import { IFileChange, IFinding, IFix, IFixReply } from '../sync/report';

jest.mock('../fixes/dialog', () => ({
  confirmFix: jest.fn(async () => true)
}));

const PIN: IFix = {
  id: 'LK008:c0:1:0:pin-what-ran',
  title: 'Pin what ran (the running kernel) in requirements.txt',
  applicability: 'unsafe'
};

const DRIFT: IFinding = {
  code: 'LK008',
  name: 'environment-drift',
  category: 'leakage',
  severity: 'warning',
  message:
    'pandas 2.2.2 ran (the running kernel), but requirements.txt pins pandas==1.5.3',
  cell_index: 0,
  cell_id: 'c0',
  impact: 5,
  fixes: [PIN]
};

/**
 * A contents manager over a map of files (text) and folders (null), that
 * answers 404 as the server does for a missing path.
 */
function fakeContents(entries: Record<string, string | null>) {
  const files = new Map(Object.entries(entries));
  const missing = () =>
    Object.assign(new Error('Not found'), { response: { status: 404 } });
  const contents = {
    get: jest.fn(async (path: string) => {
      if (!files.has(path)) {
        throw missing();
      }
      const content = files.get(path);
      return { path, type: content === null ? 'directory' : 'file', content };
    }),
    save: jest.fn(
      async (path: string, model: { type: string; content?: string }) => {
        const parent = path.split('/').slice(0, -1).join('/');
        if (parent && files.get(parent) !== null) {
          throw missing(); // the contents API saves only into an existing folder
        }
        files.set(path, model.type === 'directory' ? null : model.content!);
        return { path };
      }
    ),
    delete: jest.fn(async (path: string) => {
      files.delete(path);
    })
  };
  return { files, contents: contents as unknown as Contents.IManager };
}

function setUp(
  changes: IFileChange[],
  entries: Record<string, string | null>,
  kernelPackages: Record<string, string> | null = null
) {
  const model = new NotebookModel();
  model.sharedModel.insertCells(0, [
    { id: 'c0', cell_type: 'code', source: 'import pandas' }
  ]);
  const reply: IFixReply = {
    code: 'LK008',
    fix: PIN,
    edits: [],
    files: changes,
    files_written: false
  };
  const fix = jest.fn(async () => reply);
  const { files, contents } = fakeContents(entries);
  const controller = new FixController({
    client: { fix } as unknown as PromoteClient,
    contents,
    translator: nullTranslator,
    refresh: () => undefined,
    ignoreCode: async () => undefined,
    commands: { hasCommand: () => true, execute: async () => undefined },
    activate: () => undefined,
    kernelPackages: () => kernelPackages
  });
  const panel = {
    id: 'notebook-1',
    model,
    content: {
      widgets: [{ model: { id: 'c0' } }],
      mode: 'command',
      activeCellIndex: 0,
      deselectAll: () => undefined,
      activate: () => undefined
    },
    context: { localPath: 'nb.ipynb' }
  } as unknown as NotebookPanel;
  return { controller, panel, files, contents, fix };
}

const PINNED: IFileChange = {
  path: 'requirements.txt',
  before: 'pandas==1.5.3\nrequests\n',
  after: 'pandas==2.2.2\nrequests\n'
};

describe('project files a fix changes', () => {
  let success: jest.SpyInstance;

  beforeEach(() => {
    success = jest.spyOn(Notification, 'success');
    (confirmFix as jest.Mock).mockClear();
  });

  afterEach(() => {
    success.mockRestore();
  });

  it('replaces a file through the contents API, named in the confirmation and the notice, with the kernel versions asked for', async () => {
    const packages = { pandas: '2.2.2', python: '3.11.9' };
    const { controller, panel, files, fix } = setUp(
      [PINNED],
      { 'requirements.txt': PINNED.before },
      packages
    );
    expect(await controller.apply(panel, DRIFT, PIN)).toBe(true);
    expect(fix).toHaveBeenCalledWith(
      'nb.ipynb',
      panel.model,
      PIN.id,
      false,
      packages
    );
    const [, title, , shown] = (confirmFix as jest.Mock).mock.calls[0];
    expect(title).toBe(PIN.title);
    expect(shown).toEqual([PINNED]);
    expect(files.get('requirements.txt')).toBe(PINNED.after);
    const [message, options] = success.mock.calls[0];
    expect(message).toBe(
      'Applied "Pin what ran (the running kernel) in requirements.txt"; changed requirements.txt.'
    );
    expect(options.actions.map((a: { label: string }) => a.label)).toEqual([
      'Undo'
    ]);
  });

  it('undo restores the previous text', async () => {
    const { controller, panel, files } = setUp([PINNED], {
      'requirements.txt': PINNED.before
    });
    await controller.apply(panel, DRIFT, PIN);
    expect(await controller.undoFiles(PIN.title, [PINNED])).toBe(true);
    expect(files.get('requirements.txt')).toBe(PINNED.before);
  });

  it('refuses a file that changed since the preview, changing nothing', async () => {
    const { controller, panel, files, contents } = setUp([PINNED], {
      'requirements.txt': 'pandas==1.5.3\nrequests\nrich\n'
    });
    expect(await controller.apply(panel, DRIFT, PIN)).toBe(false);
    expect(files.get('requirements.txt')).toBe(
      'pandas==1.5.3\nrequests\nrich\n'
    );
    expect(contents.save).not.toHaveBeenCalled();
  });

  it('undo refuses a file edited after the fix wrote it', async () => {
    const { controller, panel, files } = setUp([PINNED], {
      'requirements.txt': PINNED.before
    });
    await controller.apply(panel, DRIFT, PIN);
    files.set('requirements.txt', 'pandas==2.2.2\nrequests\nrich\n');
    expect(await controller.undoFiles(PIN.title, [PINNED])).toBe(false);
    expect(files.get('requirements.txt')).toBe(
      'pandas==2.2.2\nrequests\nrich\n'
    );
  });

  it('creates the folders a new file needs, and undo deletes the file', async () => {
    const workflow: IFileChange = {
      path: 'project/.github/workflows/notebook-promote.yml',
      before: null,
      after: 'name: Notebook promote\n'
    };
    const { controller, panel, files, fix } = setUp([workflow], {
      project: null
    });
    expect(await controller.apply(panel, DRIFT, PIN)).toBe(true);
    expect(fix.mock.calls[0]).toEqual([
      'nb.ipynb',
      panel.model,
      PIN.id,
      false,
      null
    ]);
    expect(files.get('project/.github')).toBeNull();
    expect(files.get('project/.github/workflows')).toBeNull();
    expect(files.get(workflow.path)).toBe(workflow.after);
    expect(await controller.undoFiles(PIN.title, [workflow])).toBe(true);
    expect(files.has(workflow.path)).toBe(false);
  });

  it('never writes over a file that appeared where one is to be created', async () => {
    const script: IFileChange = {
      path: 'ci/promote.sh',
      before: null,
      after: '#!/bin/sh\n'
    };
    const { controller, panel, files } = setUp([script], {
      ci: null,
      'ci/promote.sh': 'echo mine\n'
    });
    expect(await controller.apply(panel, DRIFT, PIN)).toBe(false);
    expect(files.get('ci/promote.sh')).toBe('echo mine\n');
  });
});
