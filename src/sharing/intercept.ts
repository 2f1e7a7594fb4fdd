import { JupyterFrontEnd } from '@jupyterlab/application';
import { IMainMenu } from '@jupyterlab/mainmenu';
import { INotebookTracker } from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';
import { ReadonlyPartialJSONObject } from '@lumino/coreutils';

import { CommandIDs } from '../panel/commands';
import { PromoteModel } from '../panel/model';
import { SharingCommandIDs } from './commandids';
import { EXPORT_COMMAND, interceptExportMenu } from './exportmenu';
import { blockingFindings } from './labels';

/**
 * What the share dialog's primary button goes on with.
 */
export interface IContinuation {
  command: string;
  args?: ReadonlyPartialJSONObject;
  /** The button's label, e.g. "Download" or "Export as HTML". */
  label: string;
  /** The button's accessible name. */
  ariaLabel: string;
}

/**
 * The core File → Download, checked first.
 */
export function downloadContinuation(trans: TranslationBundle): IContinuation {
  return {
    command: 'docmanager:download',
    label: trans.__('Download'),
    ariaLabel: trans.__('Download the notebook file')
  };
}

/**
 * Check Before Sharing asked for by itself: the user only asked to check,
 * so its main action opens the readiness panel to work on the findings.
 */
export function panelContinuation(trans: TranslationBundle): IContinuation {
  return {
    command: CommandIDs.openPanel,
    label: trans.__('Open Panel'),
    ariaLabel: trans.__('Open the promotion readiness panel')
  };
}

/**
 * What the sharing wrappers of the File menu need.
 */
export interface IInterceptOptions {
  tracker: INotebookTracker;
  model: PromoteModel;
  trans: TranslationBundle;
  mainMenu: IMainMenu | null;
  /** Analyse the active notebook's current content now. */
  refresh: () => Promise<void>;
  /** Open the share dialog for the active notebook; its button continues. */
  check: (next: IContinuation) => Promise<void>;
}

/**
 * Register File → Download and File → Save and Export Notebook As → <format>
 * wrappers: they analyse the active notebook as it is now, then, when it has
 * blocking findings, open the share dialog first; otherwise they run the
 * core command at once.
 */
export function registerInterceptions(
  app: JupyterFrontEnd,
  options: IInterceptOptions
): void {
  const { tracker, model, trans } = options;
  const blocked = (): boolean => {
    const panel = tracker.currentWidget;
    const report =
      panel && model.report?.path === panel.context.localPath
        ? model.report
        : null;
    return (
      panel !== null &&
      app.shell.currentWidget === panel &&
      report !== null &&
      blockingFindings(report.findings).length > 0
    );
  };
  const checkThen = async (next: IContinuation): Promise<void> => {
    // Decide on what the notebook holds now, not on the last analysis: a secret typed within the
    // debounce delay, or a notebook opened a moment ago, would otherwise go out unchecked.
    if (
      tracker.currentWidget &&
      app.shell.currentWidget === tracker.currentWidget
    ) {
      await options.refresh();
    }
    if (blocked()) {
      await options.check(next);
    } else {
      await app.commands.execute(next.command, next.args);
    }
  };
  app.commands.addCommand(SharingCommandIDs.download, {
    label: trans.__('Download'),
    caption: trans.__(
      'Download this file; a notebook with secrets or machine-bound paths is checked first'
    ),
    isEnabled: () => app.commands.isEnabled('docmanager:download'),
    execute: () => checkThen(downloadContinuation(trans))
  });
  app.commands.addCommand(SharingCommandIDs.exportToFormat, {
    label: args => app.commands.label(EXPORT_COMMAND, args),
    caption: trans.__(
      'Save and export the notebook; one with secrets or machine-bound paths is checked first'
    ),
    isEnabled: args => app.commands.isEnabled(EXPORT_COMMAND, args),
    isVisible: args => app.commands.isVisible(EXPORT_COMMAND, args),
    describedBy: () => app.commands.describedBy(EXPORT_COMMAND),
    execute: args => {
      const format =
        typeof args.label === 'string' ? args.label : String(args.format);
      return checkThen({
        command: EXPORT_COMMAND,
        args,
        label: trans.__('Export as %1', format),
        ariaLabel: trans.__('Save and export the notebook as %1', format)
      });
    }
  });
  if (options.mainMenu) {
    interceptExportMenu(
      options.mainMenu.fileMenu,
      SharingCommandIDs.exportToFormat
    );
  }
}
