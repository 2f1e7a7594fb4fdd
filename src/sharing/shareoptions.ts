import { NotebookPanel } from '@jupyterlab/notebook';
import { ServerConnection } from '@jupyterlab/services';
import { TranslationBundle } from '@jupyterlab/translation';

import { PromoteModel } from '../panel/model';
import { IFinding, IFix } from '../sync/report';

/**
 * What the "Check before sharing" dialog needs.
 */
export interface IShareDialogOptions {
  panel: NotebookPanel;
  model: PromoteModel;
  serverSettings: ServerConnection.ISettings;
  trans: TranslationBundle;
  /** Apply a finding's fix through the panel's fix path. */
  applyFix: (finding: IFinding, fix: IFix) => void;
  /** Select the finding's cell in the notebook. */
  reveal: (finding: IFinding) => void;
  /** Start the clean re-run. */
  verify: () => void;
  /** The primary button, "Download" when not given. */
  proceed?: { label: string; ariaLabel: string };
}
