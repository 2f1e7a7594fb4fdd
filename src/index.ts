import {
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';

import { analyzeNotebook } from './api';
import { registerCommands } from './commands';
import { PromoteModel } from './model';
import { PromotePanel } from './panel';
import { revealFinding } from './reveal';
import { DEFAULT_DEBOUNCE_DELAY, NotebookWatcher } from './watcher';

/**
 * The id of the plugin; also the key of its settings.
 */
const PLUGIN_ID = 'jupyterlab_promote:plugin';

/**
 * Rank of the panel in the left sidebar (after the built-in panels).
 */
const SIDEBAR_RANK = 1000;

/**
 * The promotion readiness sidebar, following the active notebook.
 */
const plugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description:
    'Shows how ready the active notebook is for production, live while you edit.',
  autoStart: true,
  requires: [INotebookTracker],
  optional: [ICommandPalette, ILayoutRestorer, ITranslator, ISettingRegistry],
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    palette: ICommandPalette | null,
    restorer: ILayoutRestorer | null,
    translator: ITranslator | null,
    settingRegistry: ISettingRegistry | null
  ): void => {
    const trans = (translator ?? nullTranslator).load('jupyterlab_promote');
    const serverSettings = app.serviceManager.serverSettings;
    const model = new PromoteModel();
    const watcher = new NotebookWatcher({
      tracker,
      model,
      analyze: (path, notebook) =>
        analyzeNotebook(serverSettings, { path, notebook })
    });
    const panel = new PromotePanel({
      model,
      translator: translator ?? nullTranslator,
      onSelectFinding: finding => {
        const current = watcher.current;
        if (current) {
          app.shell.activateById(current.id);
          void revealFinding(current, finding);
        }
      },
      onRefresh: () => void watcher.refresh()
    });
    app.shell.add(panel, 'left', { rank: SIDEBAR_RANK });
    if (restorer) {
      restorer.add(panel, panel.id);
    }
    registerCommands(app, watcher, trans, palette);

    if (settingRegistry) {
      const applySettings = (settings: ISettingRegistry.ISettings): void => {
        const delay = settings.get('debounceDelay').composite;
        watcher.debounceDelay =
          typeof delay === 'number' ? delay : DEFAULT_DEBOUNCE_DELAY;
        watcher.liveUpdates = settings.get('liveUpdates').composite !== false;
      };
      Promise.all([settingRegistry.load(PLUGIN_ID), app.restored])
        .then(([settings]) => {
          applySettings(settings);
          settings.changed.connect(applySettings);
        })
        .catch(reason => {
          console.error(
            'jupyterlab_promote: could not load settings, using defaults.',
            reason
          );
        });
    }
  }
};

export default plugin;
