import { YNotebook } from '@jupyter/ydoc';
import { NotebookModel } from '@jupyterlab/notebook';

import { isExtractFix } from '../extract';
import {
  buildExtractRequest,
  canExtract,
  defaultModulePath,
  IExtractPlan,
  moduleServerPath,
  moduleStem,
  notebookJSON,
  PreviewState,
  previewFromError,
  previewLoading,
  writtenFiles
} from '../extract/plan';
import { PromoteAPIError } from '../sync/api';

const EMPTY = { files: [], packages: [] };

function plan(change: Partial<IExtractPlan> = {}): IExtractPlan {
  return {
    module_path: 'circles_lib.py',
    import_name: 'circles_lib',
    module_source: 'import math\n',
    appends: false,
    test_path: 'test_circles_lib.py',
    test_source: 'import circles_lib\n',
    function: null,
    parameters: [],
    returns: [],
    exports: ['RADIUS', 'area'],
    applicability: 'safe',
    edits: [],
    notes: [],
    written: [],
    ...change
  };
}

describe('moduleStem', () => {
  it('makes a Python name of the notebook file name', () => {
    expect(moduleStem('work/circles.ipynb')).toBe('circles');
    expect(moduleStem('Churn Model (v2).ipynb')).toBe('churn_model_v2');
    expect(moduleStem('2024-report.ipynb')).toBe('nb_2024_report');
    expect(moduleStem('---.ipynb')).toBe('notebook');
  });
});

describe('defaultModulePath', () => {
  it('proposes <stem>_lib.py beside the notebook', () => {
    expect(defaultModulePath('a/circles.ipynb', EMPTY)).toBe('circles_lib.py');
  });

  it('numbers the name when a file has it', () => {
    const listing = {
      files: ['circles_lib.py', 'circles_lib_2.py'],
      packages: []
    };
    expect(defaultModulePath('circles.ipynb', listing)).toBe(
      'circles_lib_3.py'
    );
  });

  it('goes into a package folder, not into tests', () => {
    const listing = {
      files: ['circles_lib.py'],
      packages: [
        { name: 'tests', files: ['__init__.py'] },
        { name: 'geometry', files: ['__init__.py', 'circles_lib.py'] },
        { name: 'not-a-package', files: ['__init__.py'] }
      ]
    };
    expect(defaultModulePath('circles.ipynb', listing)).toBe(
      'geometry/circles_lib_2.py'
    );
  });
});

describe('buildExtractRequest', () => {
  const notebook = {
    cells: [],
    metadata: {},
    nbformat: 4,
    nbformat_minor: 5
  };

  it('sends the choices, without a function name when left empty', () => {
    const request = buildExtractRequest(
      'work/circles.ipynb',
      notebook,
      ['a', 'b'],
      { module: ' geo.py ', functionName: '  ', tests: true, append: false },
      true
    );
    expect(request).toEqual({
      path: 'work/circles.ipynb',
      notebook,
      cell_ids: ['a', 'b'],
      module: 'geo.py',
      tests: true,
      append: false,
      dry_run: true
    });
  });

  it('names the function when one is typed', () => {
    const request = buildExtractRequest(
      'c.ipynb',
      notebook,
      ['a'],
      { module: 'geo.py', functionName: 'build ', tests: false, append: true },
      false
    );
    expect(request.function).toBe('build');
    expect(request.tests).toBe(false);
    expect(request.append).toBe(true);
    expect(request.dry_run).toBe(false);
  });
});

describe('notebookJSON', () => {
  it('keeps cell ids even for an nbformat 4.4 notebook', () => {
    const model = new NotebookModel();
    model.sharedModel.insertCells(0, [
      { id: 'a', cell_type: 'code', source: 'import math' },
      { id: 'b', cell_type: 'markdown', source: '# Notes' }
    ]);
    (model.sharedModel as YNotebook).nbformat_minor = 4;
    const json = notebookJSON(model.sharedModel);
    expect(json.nbformat_minor).toBe(5);
    expect(json.cells.map(cell => cell.id)).toEqual(['a', 'b']);
    expect(json.cells[0].source).toBe('import math');
  });
});

describe('moduleServerPath', () => {
  it('joins the module path to the notebook folder', () => {
    expect(moduleServerPath('work/c.ipynb', 'pkg/geo.py')).toBe(
      'work/pkg/geo.py'
    );
    expect(moduleServerPath('c.ipynb', 'geo.py')).toBe('geo.py');
  });
});

describe('writtenFiles', () => {
  it('names the files relative to the notebook folder', () => {
    expect(
      writtenFiles('work/c.ipynb', [
        'work/geo.py',
        'work/tests/test_geo.py',
        'tests/test_geo.py'
      ])
    ).toEqual(['geo.py', 'tests/test_geo.py', 'tests/test_geo.py']);
    expect(writtenFiles('c.ipynb', ['geo.py'])).toEqual(['geo.py']);
  });
});

describe('preview state', () => {
  it('keeps the last plan on screen while planning again', () => {
    const ready: PreviewState = { status: 'ready', plan: plan() };
    expect(previewLoading(ready)).toEqual({ status: 'loading', plan: plan() });
    expect(previewLoading({ status: 'refused', message: 'no' })).toEqual({
      status: 'loading',
      plan: null
    });
  });

  it('shows refusals and bad input as the server words them', () => {
    const refusal = new PromoteAPIError(
      409,
      "Nothing was extracted: cell 2 uses 'df', which no cell defines"
    );
    expect(previewFromError(refusal)).toEqual({
      status: 'refused',
      message: "Nothing was extracted: cell 2 uses 'df', which no cell defines"
    });
    expect(previewFromError(new PromoteAPIError(400, 'bad module'))).toEqual({
      status: 'refused',
      message: 'bad module'
    });
    expect(previewFromError(new Error('offline'))).toEqual({
      status: 'failed',
      message: 'offline'
    });
  });

  it('allows Extract only on a fresh plan, unsafe ones once confirmed', () => {
    const safe: PreviewState = { status: 'ready', plan: plan() };
    const unsafe: PreviewState = {
      status: 'ready',
      plan: plan({ applicability: 'unsafe', function: 'run_circles' })
    };
    expect(canExtract(safe, false)).toBe(true);
    expect(canExtract(unsafe, false)).toBe(false);
    expect(canExtract(unsafe, true)).toBe(true);
    expect(canExtract({ status: 'loading', plan: plan() }, true)).toBe(false);
    expect(canExtract({ status: 'refused', message: 'no' }, true)).toBe(false);
  });
});

describe('isExtractFix', () => {
  it('recognises the manual extract guidance of a finding', () => {
    expect(
      isExtractFix({ id: 'DU001:extract', title: 'x', applicability: 'manual' })
    ).toBe(true);
    expect(
      isExtractFix({ id: 'PD001:param', title: 'x', applicability: 'safe' })
    ).toBe(false);
  });
});
