import { JupyterFrontEnd } from '@jupyterlab/application';
import { ICommandPalette, Notification } from '@jupyterlab/apputils';
import { IFileBrowserFactory } from '@jupyterlab/filebrowser';
import { IMainMenu } from '@jupyterlab/mainmenu';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';
import { fastForwardIcon } from '@jupyterlab/ui-components';

import { CommandIDs } from '../panel/commands';
import { PromoteModel } from '../panel/model';
import { revealFinding } from '../panel/reveal';
import { IFinding, IFix } from '../sync/report';
import { BadgeExtension, BadgeReports } from './badge';
import { registerBrowserDownload } from './browserdownload';
import { SharingCommandIDs } from './commandids';
import {
  IContinuation,
  panelContinuation,
  registerInterceptions
} from './intercept';
import { showShareDialog } from './sharedialog';
import { VerifyRunner } from './verify';
import { showVerifyDialog } from './verifydialog';

export { SharingCommandIDs } from './commandids';
export { applyKernelFix } from './kernelfix';
export { isKernelFinding, KernelStateChecker } from './kernelstate';

/**
 * What "before sharing" needs of the rest of the extension.
 */
export interface ISharingOptions {
  tracker: INotebookTracker;
  model: PromoteModel;
  trans: TranslationBundle;
  palette: ICommandPalette | null;
  /** The main menu, whose Save and Export Notebook As is checked first. */
  mainMenu: IMainMenu | null;
  /** The file browsers, whose Download checks the selected notebooks first. */
  fileBrowsers: IFileBrowserFactory | null;
  /** Apply a finding's fix through the panel's fix path. */
  applyFix: (finding: IFinding, fix: IFix) => void;
  /** Analyse the active notebook's current content now (unsaved edits included). */
  refresh: () => Promise<void>;
}

/**
 * Register the toolbar badge of every notebook, the clean re-run
 * (`verify`) and "Check Before Sharing…" (palette, File menu through the
 * settings schema, and the badge's context menu), which File → Download and
 * File → Save and Export Notebook As open first for a notebook with
 * blocking findings.
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
    // JupyterLab's icon for "Restart Kernel and Run All Cells": a check
    // mark read as a ticked toggle in the badge's context menu.
    icon: fastForwardIcon,
    isEnabled: () => tracker.currentWidget !== null && !runner.busy,
    execute: verify
  });
  const checkBeforeSharing = async (next: IContinuation): Promise<void> => {
    const panel = tracker.currentWidget;
    if (!panel) {
      return;
    }
    const proceed = await showShareDialog({
      panel,
      model,
      serverSettings: settings,
      trans,
      applyFix: options.applyFix,
      reveal: finding => {
        activate(panel);
        void revealFinding(panel, finding);
      },
      verify,
      proceed: next
    });
    if (proceed && !panel.isDisposed) {
      activate(panel);
      await app.commands.execute(next.command, next.args);
    }
  };
  app.commands.addCommand(SharingCommandIDs.checkBeforeSharing, {
    label: trans.__('Check Before Sharing…'),
    caption: trans.__(
      'Secrets, absolute paths and the clean re-run, with the readiness badge'
    ),
    isEnabled: () => tracker.currentWidget !== null,
    execute: () => {
      // The dialog follows the model: it shows the notebook as it is now once this analysis lands.
      void options.refresh();
      return checkBeforeSharing(panelContinuation(trans));
    }
  });
  registerInterceptions(app, {
    tracker,
    model,
    trans,
    mainMenu: options.mainMenu,
    refresh: options.refresh,
    check: checkBeforeSharing
  });
  if (options.fileBrowsers) {
    registerBrowserDownload(app, {
      factory: options.fileBrowsers,
      trans,
      serverSettings: settings
    });
  }
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
