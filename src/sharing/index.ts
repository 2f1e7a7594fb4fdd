import { JupyterFrontEnd } from '@jupyterlab/application';
import { ICommandPalette, Notification } from '@jupyterlab/apputils';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';
import { checkIcon } from '@jupyterlab/ui-components';

import { CommandIDs } from '../commands';
import { PromoteModel } from '../model';
import { IFinding, IFix } from '../report';
import { revealFinding } from '../reveal';
import { BadgeExtension, BadgeReports } from './badge';
import { blockingFindings } from './labels';
import { showShareDialog } from './sharedialog';
import { VerifyRunner } from './verify';
import { showVerifyDialog } from './verifydialog';

export { applyKernelFix } from './kernelfix';
export { isKernelFinding, KernelStateChecker } from './kernelstate';

/**
 * The command ids of "before sharing".
 */
export namespace SharingCommandIDs {
  /** Re-run the active notebook in a clean kernel and stamp the result. */
  export const verify = 'jupyterlab-promote:verify';
  /** The blocking findings, the badge and its Markdown. */
  export const checkBeforeSharing = 'jupyterlab-promote:check-before-sharing';
  /** File → Download: a notebook with blocking findings is checked first. */
  export const download = 'jupyterlab-promote:download';
}

/**
 * What "before sharing" needs of the rest of the extension.
 */
export interface ISharingOptions {
  tracker: INotebookTracker;
  model: PromoteModel;
  trans: TranslationBundle;
  palette: ICommandPalette | null;
  /** Apply a finding's fix through the panel's fix path. */
  applyFix: (finding: IFinding, fix: IFix) => void;
}

/**
 * Register the toolbar badge of every notebook, the clean re-run
 * (`verify`) and "Check Before Sharing…" (palette, File menu through the
 * settings schema, and the badge's context menu).
 */
export function registerSharing(
  app: JupyterFrontEnd,
  options: ISharingOptions
): void {
  const { tracker, model, trans } = options;
  const settings = app.serviceManager.serverSettings;
  const runner = new VerifyRunner(settings);
  const activate = (panel: NotebookPanel): void => {
    app.shell.activateById(panel.id);
  };
  app.docRegistry.addWidgetExtension(
    'Notebook',
    new BadgeExtension({
      reports: new BadgeReports(model),
      trans,
      open: (panel, showPanel = true) => {
        activate(panel);
        if (showPanel) {
          void app.commands.execute(CommandIDs.openPanel);
        }
      }
    })
  );
  const verify = (): void => {
    const panel = tracker.currentWidget;
    if (!panel) {
      return;
    }
    showVerifyDialog(runner, trans);
    void runner.run(panel).then(state => {
      if (state.status === 'done' && state.stamped) {
        Notification.info(
          state.reply.passed
            ? trans.__(
                'Verified %1: save the notebook to keep the stamp.',
                state.path
              )
            : trans.__(
                '%1 failed its clean re-run: see the readiness panel.',
                state.path
              ),
          { autoClose: 6000 }
        );
      }
    });
  };
  app.commands.addCommand(SharingCommandIDs.verify, {
    label: trans.__('Re-run in a Clean Kernel'),
    caption: trans.__(
      'Run the saved notebook top to bottom in a fresh kernel, compare the outputs and stamp the result'
    ),
    icon: checkIcon,
    isEnabled: () => tracker.currentWidget !== null && !runner.busy,
    execute: verify
  });
  app.commands.addCommand(SharingCommandIDs.checkBeforeSharing, {
    label: trans.__('Check Before Sharing…'),
    caption: trans.__(
      'Secrets, absolute paths and the clean re-run, with the readiness badge'
    ),
    isEnabled: () => tracker.currentWidget !== null,
    execute: async () => {
      const panel = tracker.currentWidget;
      if (!panel) {
        return;
      }
      const download = await showShareDialog({
        panel,
        model,
        serverSettings: settings,
        trans,
        applyFix: options.applyFix,
        reveal: finding => {
          activate(panel);
          void revealFinding(panel, finding);
        },
        verify
      });
      if (download && !panel.isDisposed) {
        activate(panel);
        await app.commands.execute('docmanager:download');
      }
    }
  });
  app.commands.addCommand(SharingCommandIDs.download, {
    label: trans.__('Download'),
    caption: trans.__(
      'Download this file; a notebook with secrets or machine-bound paths is checked first'
    ),
    isEnabled: () => app.commands.isEnabled('docmanager:download'),
    execute: () => {
      const panel = tracker.currentWidget;
      const report =
        panel && model.report?.path === panel.context.localPath
          ? model.report
          : null;
      const blocked =
        panel !== null &&
        app.shell.currentWidget === panel &&
        report !== null &&
        blockingFindings(report.findings).length > 0;
      return app.commands.execute(
        blocked ? SharingCommandIDs.checkBeforeSharing : 'docmanager:download'
      );
    }
  });
  const commands = [
    CommandIDs.openPanel,
    SharingCommandIDs.verify,
    SharingCommandIDs.checkBeforeSharing
  ];
  commands.forEach((command, rank) =>
    app.contextMenu.addItem({ command, selector: '.jp-PromoteBadge', rank })
  );
  if (options.palette) {
    const category = trans.__('Promote');
    options.palette.addItem({ command: SharingCommandIDs.verify, category });
    options.palette.addItem({
      command: SharingCommandIDs.checkBeforeSharing,
      category
    });
  }
}
