import { JupyterFrontEnd } from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';

import { NotebookWatcher } from '../sync/watcher';
import { promoteIcon } from './icon';
import { PANEL_ID } from './panel';

/**
 * The command ids of the extension.
 */
export namespace CommandIDs {
  /** Show the promotion readiness sidebar. */
  export const openPanel = 'jupyterlab-promote:open-panel';
  /** Analyze the active notebook again. */
  export const refresh = 'jupyterlab-promote:refresh';
}

/**
 * Palette category of the extension's commands.
 */
const PALETTE_CATEGORY = 'Promote';

/**
 * Register the extension's commands, and add them to the palette if there
 * is one.
 */
export function registerCommands(
  app: JupyterFrontEnd,
  watcher: NotebookWatcher,
  trans: TranslationBundle,
  palette: ICommandPalette | null
): void {
  app.commands.addCommand(CommandIDs.openPanel, {
    label: trans.__('Show Promotion Readiness'),
    caption: trans.__('Show how ready the active notebook is for production'),
    icon: promoteIcon,
    execute: () => {
      app.shell.activateById(PANEL_ID);
    }
  });
  app.commands.addCommand(CommandIDs.refresh, {
    label: trans.__('Check Promotion Readiness Again'),
    caption: trans.__('Analyze the active notebook again'),
    isEnabled: () => watcher.current !== null,
    execute: () => watcher.refresh()
  });
  if (palette) {
    const category = trans.__(PALETTE_CATEGORY);
    palette.addItem({ command: CommandIDs.openPanel, category });
    palette.addItem({ command: CommandIDs.refresh, category });
  }
}
