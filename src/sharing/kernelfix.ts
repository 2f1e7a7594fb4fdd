import { Notification } from '@jupyterlab/apputils';
import { NotebookPanel } from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';

import { applyNotebookEdits } from '../fixes/apply';
import { confirmFix } from '../fixes/dialog';
import { previewEdits } from '../fixes/preview';
import { FixHistory } from '../fixes/undo';
import { describeError } from '../sync/api';
import { IFinding, IFix } from '../sync/report';

/**
 * Apply the fix of a finding the live kernel reported (e.g. restore a
 * deleted cell's code from the kernel's history). The server's fix route
 * cannot recompute it (it has no kernel), so its edits travel with the
 * finding; they are applied as any fix is: shown first when unsafe, then
 * in one undoable transaction. Resolves to whether it was applied.
 */
export async function applyKernelFix(
  panel: NotebookPanel,
  finding: IFinding,
  fix: IFix,
  options: { history: FixHistory; trans: TranslationBundle; confirm: boolean }
): Promise<boolean> {
  const { trans } = options;
  const notebook = panel.model?.sharedModel;
  const edits = (fix.edits ?? []).filter(
    edit => edit.type !== 'file' && edit.type !== 'command'
  );
  if (!notebook || edits.length === 0) {
    return false;
  }
  if (fix.applicability === 'unsafe' && options.confirm) {
    const cells = previewEdits(
      notebook.cells.map(cell => ({
        id: cell.id,
        cell_type: cell.cell_type,
        source: cell.getSource()
      })),
      edits
    );
    if (!(await confirmFix(trans, fix.title, cells, []))) {
      return false;
    }
  }
  try {
    options.history.track(notebook, edits, () =>
      applyNotebookEdits(notebook, edits)
    );
  } catch (reason) {
    Notification.error(
      trans.__('That fix no longer applies: %1', describeError(reason)),
      { autoClose: 8000 }
    );
    return false;
  }
  Notification.success(trans.__('Applied "%1". Undo reverts it.', fix.title), {
    autoClose: 5000
  });
  return true;
}
