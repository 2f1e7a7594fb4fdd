import { JupyterFrontEnd } from '@jupyterlab/application';
import { ICommandPalette, Notification } from '@jupyterlab/apputils';
import { PathExt } from '@jupyterlab/coreutils';
import {
  INotebookTracker,
  Notebook,
  NotebookPanel
} from '@jupyterlab/notebook';
import { ITranslator, TranslationBundle } from '@jupyterlab/translation';
import { ReadonlyPartialJSONObject } from '@lumino/coreutils';

import { applyNotebookEdits } from '../fixes/apply';
import { describeError } from '../sync/api';
import { IFinding } from '../sync/report';
import { showExtractDialog } from './dialog';
import {
  buildExtractRequest,
  defaultModulePath,
  duplicateOf,
  IDuplicateBlock,
  IExtractForm,
  moduleServerPath,
  notebookJSON,
  writtenFiles
} from './plan';

export { isExtractFix } from './plan';
import { folderListing, requestExtract } from './request';

/**
 * The command that extracts the selected cells (or the cells given as the
 * `cellIds` argument) of the active notebook into a module.
 */
export const EXTRACT_COMMAND = 'jupyterlab-promote:extract-to-module';

/**
 * Rank of the item in the cell context menu.
 */
const CONTEXT_MENU_RANK = 60;

/**
 * What the extraction needs of the application.
 */
export interface IExtractOptions {
  tracker: INotebookTracker;
  translator: ITranslator;
  palette: ICommandPalette | null;
}

/**
 * Register "Extract to Module…": a command in the palette (category
 * Promote) and in the notebook cell context menu.
 */
export function registerExtract(
  app: JupyterFrontEnd,
  options: IExtractOptions
): void {
  const { tracker } = options;
  const trans = options.translator.load('jupyterlab_promote');
  app.commands.addCommand(EXTRACT_COMMAND, {
    label: trans.__('Extract to Module…'),
    caption: trans.__(
      'Move the selected cells into a Python module with tests; the notebook then imports it'
    ),
    describedBy: {
      args: {
        type: 'object',
        properties: {
          cellIds: {
            type: 'array',
            items: { type: 'string' },
            description: trans.__('Ids of the cells to extract')
          },
          duplicate: {
            type: 'object',
            properties: {
              cell_id: { type: 'string' },
              line: { type: 'integer' }
            },
            description: trans.__(
              'A repeated block (cell id and line of its first copy) to make one function'
            )
          }
        }
      }
    },
    isEnabled: () => tracker.currentWidget?.content.activeCell != null,
    execute: args => {
      const panel = tracker.currentWidget;
      if (!panel) {
        return false;
      }
      const duplicate = duplicateOf(args);
      if (duplicate) {
        return extractCells(app, panel, [duplicate.cell_id], trans, duplicate);
      }
      const cellIds = cellIdsOf(args) ?? selectedCellIds(panel.content);
      return extractCells(app, panel, cellIds, trans);
    }
  });
  app.contextMenu.addItem({
    command: EXTRACT_COMMAND,
    selector: '.jp-Notebook .jp-Cell',
    rank: CONTEXT_MENU_RANK
  });
  options.palette?.addItem({
    command: EXTRACT_COMMAND,
    category: trans.__('Promote')
  });
}

/**
 * The quick-fix of a `modularity`/`duplication` finding: open the dialog
 * for the finding's cell. Resolves to whether something was extracted.
 */
export async function extractFinding(
  app: JupyterFrontEnd,
  finding: IFinding
): Promise<boolean> {
  if (!finding.cell_id) {
    return false;
  }
  const result = await app.commands.execute(EXTRACT_COMMAND, {
    cellIds: [finding.cell_id]
  });
  return result === true;
}

/**
 * The ids of the selected cells in notebook order, or the active cell's.
 */
export function selectedCellIds(notebook: Notebook): string[] {
  return notebook.widgets
    .filter(cell => notebook.isSelectedOrActive(cell))
    .map(cell => cell.model.id);
}

/**
 * Show the dialog for the cells (or for a repeated block: one function
 * called at every copy), then write the module and test file,
 * change the notebook in one undoable step, open the module and say which
 * files were written. Resolves to whether the extraction happened.
 */
export async function extractCells(
  app: JupyterFrontEnd,
  panel: NotebookPanel,
  cellIds: string[],
  trans: TranslationBundle,
  duplicate: IDuplicateBlock | null = null
): Promise<boolean> {
  const model = panel.model;
  if (!model || cellIds.length === 0) {
    return false;
  }
  const settings = app.serviceManager.serverSettings;
  const path = panel.context.localPath;
  const listing = await folderListing(
    app.serviceManager.contents,
    PathExt.dirname(path)
  );
  const snapshot = notebookJSON(model.sharedModel);
  const form = await showExtractDialog({
    trans,
    initial: {
      module: defaultModulePath(path, listing),
      functionName: '',
      tests: true,
      append: false
    },
    cellCount: cellIds.length,
    intro: duplicate
      ? trans.__(
          'Make the repeated block one function in a Python module; every copy in the notebook then calls it.'
        )
      : undefined,
    cells: model.sharedModel.cells.map(cell => ({
      id: cell.id,
      cell_type: cell.cell_type,
      source: cell.getSource()
    })),
    plan: (choice: IExtractForm) =>
      requestExtract(
        settings,
        buildExtractRequest(path, snapshot, cellIds, choice, true, duplicate)
      )
  });
  if (!form) {
    return false;
  }
  let written: string[] = [];
  let modulePath = '';
  try {
    const plan = await requestExtract(
      settings,
      buildExtractRequest(
        path,
        notebookJSON(model.sharedModel),
        cellIds,
        form,
        false,
        duplicate
      )
    );
    written = plan.written;
    modulePath = moduleServerPath(path, plan.module_path);
    applyNotebookEdits(model.sharedModel, plan.edits);
  } catch (reason) {
    const message = describeError(reason);
    Notification.error(
      written.length > 0
        ? trans.__(
            'Wrote %1, but the notebook was not changed: %2',
            written.join(', '),
            message
          )
        : message.startsWith('Nothing was extracted')
          ? message
          : trans.__('Nothing was extracted: %1', message),
      { autoClose: 10000 }
    );
    return false;
  }
  Notification.success(
    trans.__(
      'Wrote %1. One undo in the notebook restores its cells.',
      writtenFiles(path, written).join(', ')
    ),
    { autoClose: 8000 }
  );
  if (app.commands.hasCommand('filebrowser:refresh')) {
    void app.commands.execute('filebrowser:refresh');
  }
  try {
    await app.commands.execute('docmanager:open', { path: modulePath });
  } catch (reason) {
    Notification.warning(
      trans.__('Could not open %1: %2', modulePath, describeError(reason)),
      { autoClose: 8000 }
    );
  }
  return true;
}

/**
 * The `cellIds` argument of the command, when given.
 */
function cellIdsOf(args: ReadonlyPartialJSONObject): string[] | null {
  const ids = args.cellIds;
  if (!Array.isArray(ids)) {
    return null;
  }
  return ids.filter((id): id is string => typeof id === 'string');
}
