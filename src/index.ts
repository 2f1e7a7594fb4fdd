import {
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ISharedCell } from '@jupyter/ydoc';
import { ICommandPalette } from '@jupyterlab/apputils';
import {
  EditorExtensionRegistry,
  IEditorExtensionRegistry
} from '@jupyterlab/codemirror';
import { IFileBrowserFactory } from '@jupyterlab/filebrowser';
import { IMainMenu } from '@jupyterlab/mainmenu';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { IFormRendererRegistry } from '@jupyterlab/ui-components';

import { extractFinding, isExtractFix, registerExtract } from './extract';
import { FixController } from './fixes/controller';
import { fixUndoKeymap } from './fixes/undo';
import { CellMarkers } from './inline/cellmarkers';
import { inlineDiagnostics } from './inline/lint';
import { InlineFindings } from './inline/store';
import { registerCommands } from './panel/commands';
import { PromoteModel } from './panel/model';
import { PromotePanel } from './panel/panel';
import { revealFinding } from './panel/reveal';
import { IPromoteSettings, readSettings } from './panel/settings';
import { ChecklistField, CodeListField } from './panel/settingsform';
import {
  applyKernelFix,
  isKernelFinding,
  KernelStateChecker,
  registerSharing,
  SharingCommandIDs
} from './sharing';
import { PromoteClient } from './sync/client';
import { IFinding, IFix } from './sync/report';
import { NotebookWatcher } from './sync/watcher';

/**
 * The id of the plugin; also the key of its settings.
 */
const PLUGIN_ID = 'jupyterlab_promote:plugin';

/**
 * Rank of the panel in the left sidebar (after the built-in panels).
 */
const SIDEBAR_RANK = 1000;

/**
 * The promotion readiness sidebar, following the active notebook, with
 * inline diagnostics in the cell editors and one-click quick-fixes.
 */
const plugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description:
    'Shows how ready the active notebook is for production, live while you edit.',
  autoStart: true,
  requires: [INotebookTracker],
  optional: [
    ICommandPalette,
    ILayoutRestorer,
    ITranslator,
    ISettingRegistry,
    IEditorExtensionRegistry,
    IMainMenu,
    IFileBrowserFactory,
    IFormRendererRegistry
  ],
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    palette: ICommandPalette | null,
    restorer: ILayoutRestorer | null,
    translator: ITranslator | null,
    settingRegistry: ISettingRegistry | null,
    editorExtensions: IEditorExtensionRegistry | null,
    mainMenu: IMainMenu | null,
    fileBrowsers: IFileBrowserFactory | null,
    formRenderers: IFormRendererRegistry | null
  ): void => {
    const translation = translator ?? nullTranslator;
    const trans = translation.load('jupyterlab_promote');
    const client = new PromoteClient(app.serviceManager.serverSettings);
    const model = new PromoteModel();
    // The watcher comes first: its constructor clears the model when no
    // notebook is open, and the kernel checker answers that signal by asking
    // the watcher for its notebook. Its analyze callback runs only later.
    const watcher: NotebookWatcher = new NotebookWatcher({
      tracker,
      model,
      analyze: (path, notebook) =>
        client
          .analyze(path, notebook, kernelState.packages(path))
          .then(r => kernelState.merge(r))
    });
    const kernelState = new KernelStateChecker({
      model,
      serverSettings: app.serviceManager.serverSettings,
      current: (): NotebookPanel | null => watcher.current,
      refresh: () => void watcher.refresh(),
      filters: () => client.filters
    });
    let settings: ISettingRegistry.ISettings | null = null;
    const fixes = new FixController({
      client,
      contents: app.serviceManager.contents,
      translator: translation,
      refresh: () => void watcher.refresh(),
      ignoreCode: async code => {
        if (settings) {
          const codes = readSettings(key => settings?.get(key).composite);
          await settings.set('ignoredCodes', [...codes.ignoredCodes, code]);
        }
      },
      commands: app.commands,
      activate: panel => app.shell.activateById(panel.id),
      kernelPackages: path => kernelState.packages(path)
    });
    const applyFix = (finding: IFinding, fix: IFix): void => {
      if (isExtractFix(fix)) {
        void extractFinding(app, finding);
      } else if (watcher.current && isKernelFinding(finding)) {
        const { history, confirmUnsafe: confirm } = fixes;
        void applyKernelFix(watcher.current, finding, fix, {
          history,
          trans,
          confirm
        }).then(() => watcher.refresh());
      } else if (watcher.current) {
        void fixes.apply(watcher.current, finding, fix);
      }
    };
    const ignore = (finding: IFinding): void => {
      if (watcher.current) {
        void fixes.ignore(watcher.current, finding);
      }
    };
    const panel = new PromotePanel({
      model,
      translator: translation,
      onSelect: finding => {
        const current = watcher.current;
        if (current) {
          app.shell.activateById(current.id);
          void revealFinding(current, finding);
        }
      },
      onApplyFix: applyFix,
      onIgnore: ignore,
      onRefresh: () => void watcher.refresh(),
      onVerify: () => void app.commands.execute(SharingCommandIDs.verify)
    });
    app.shell.add(panel, 'left', { rank: SIDEBAR_RANK });
    if (restorer) {
      restorer.add(panel, panel.id);
    }
    registerCommands(app, watcher, trans, palette);
    registerExtract(app, { tracker, translator: translation, palette });
    registerSharing(app, {
      tracker,
      model,
      trans,
      palette,
      mainMenu,
      fileBrowsers,
      applyFix,
      refresh: () => watcher.refresh()
    });

    const inline = new InlineFindings({ applyFix, ignore });
    new CellMarkers(inline, trans);
    const showReport = (): void => {
      const report = model.report;
      const shown = report && report.path === model.path ? report : null;
      const { ignoredCodes, enabledCategories } = model.settings;
      inline.update(
        watcher.current,
        (shown?.findings ?? []).filter(
          f =>
            !ignoredCodes.includes(f.code) &&
            enabledCategories.includes(f.category)
        )
      );
    };
    model.stateChanged.connect(showReport);
    if (editorExtensions) {
      editorExtensions.addExtension({
        name: 'jupyterlab_promote:diagnostics',
        factory: options => {
          const shared = options.model.sharedModel as Partial<ISharedCell>;
          if (typeof shared.id !== 'string') {
            return null;
          }
          return EditorExtensionRegistry.createImmutableExtension([
            inlineDiagnostics(inline, shared, trans),
            fixUndoKeymap(fixes.history, shared as ISharedCell)
          ]);
        }
      });
    }

    client.rules().then(
      rules => (model.rules = rules),
      reason => console.warn('jupyterlab_promote: no rule catalogue', reason)
    );

    if (formRenderers) {
      formRenderers.addRenderer(`${PLUGIN_ID}.enabledCategories`, {
        fieldRenderer: ChecklistField
      });
      formRenderers.addRenderer(`${PLUGIN_ID}.ignoredCodes`, {
        fieldRenderer: CodeListField
      });
    }

    if (settingRegistry) {
      const apply = (loaded: ISettingRegistry.ISettings): void => {
        const values: IPromoteSettings = readSettings(
          key => loaded.get(key).composite
        );
        watcher.debounceDelay = values.debounceDelay;
        watcher.liveUpdates = values.liveUpdates;
        fixes.confirmUnsafe = values.confirmUnsafeFixes;
        inline.enabled = values.showInlineDiagnostics;
        kernelState.enabled = values.kernelChecks;
        const filters = {
          ignore: values.ignoredCodes,
          categories: values.enabledCategories
        };
        const changed =
          JSON.stringify(filters) !== JSON.stringify(client.filters);
        client.filters = filters;
        model.settings = {
          ignoredCodes: values.ignoredCodes,
          enabledCategories: values.enabledCategories
        };
        if (changed && watcher.current) {
          void watcher.refresh();
        }
      };
      Promise.all([settingRegistry.load(PLUGIN_ID), app.restored])
        .then(([loaded]) => {
          settings = loaded;
          apply(loaded);
          loaded.changed.connect(apply);
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
