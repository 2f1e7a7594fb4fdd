import { DocumentRegistry } from '@jupyterlab/docregistry';
import {
  INotebookModel,
  INotebookTracker,
  Notebook,
  NotebookActions,
  NotebookPanel
} from '@jupyterlab/notebook';
import { IDisposable } from '@lumino/disposable';
import { Debouncer } from '@lumino/polling';

import { PromoteModel } from '../panel/model';
import { describeError } from './api';
import { IReportEntry } from './report';

/**
 * The default pause in typing, in milliseconds, before a re-analysis.
 */
export const DEFAULT_DEBOUNCE_DELAY = 300;

/**
 * Sends a notebook, as it is in the editor, to the analysis engine.
 */
export type AnalyzeFunction = (
  path: string,
  model: INotebookModel
) => Promise<IReportEntry>;

/**
 * Follows the active notebook and keeps the model's report up to date.
 *
 * It re-analyzes when the user switches notebooks, when a notebook is saved,
 * renamed or run, and, after a pause in typing, when its content changes.
 */
export class NotebookWatcher implements IDisposable {
  /**
   * Start following the tracker's current notebook.
   */
  constructor(options: NotebookWatcher.IOptions) {
    this._tracker = options.tracker;
    this._model = options.model;
    this._analyze = options.analyze;
    this._debouncer = this._createDebouncer(
      options.debounceDelay ?? DEFAULT_DEBOUNCE_DELAY
    );
    this._tracker.currentChanged.connect(this._onCurrentChanged, this);
    NotebookActions.executed.connect(this._onExecuted, this);
    this._follow(this._tracker.currentWidget);
  }

  /**
   * The notebook panel being followed, if any.
   */
  get current(): NotebookPanel | null {
    return this._current;
  }

  /**
   * Pause in typing, in milliseconds, before the notebook is re-analyzed.
   */
  get debounceDelay(): number {
    return this._debouncer.limit;
  }
  set debounceDelay(value: number) {
    if (value === this._debouncer.limit) {
      return;
    }
    this._debouncer.dispose();
    this._debouncer = this._createDebouncer(value);
  }

  /**
   * Whether edits trigger a re-analysis (saves, runs and switches always do).
   */
  liveUpdates = true;

  /**
   * Whether the watcher is disposed.
   */
  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /**
   * Analyze the current notebook now.
   */
  async refresh(): Promise<void> {
    const panel = this._current;
    if (!panel || !panel.model) {
      this._model.clear();
      return;
    }
    const path = panel.context.localPath;
    const ticket = this._model.begin(path);
    try {
      const report = await this._analyze(path, panel.model);
      this._model.resolve(ticket, report);
    } catch (reason) {
      this._model.fail(ticket, describeError(reason));
    }
  }

  /**
   * Stop following notebooks.
   */
  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._unfollow();
    this._debouncer.dispose();
    this._tracker.currentChanged.disconnect(this._onCurrentChanged, this);
    NotebookActions.executed.disconnect(this._onExecuted, this);
  }

  private _createDebouncer(delay: number): Debouncer<void> {
    return new Debouncer(() => this.refresh(), Math.max(0, delay));
  }

  private _onCurrentChanged(
    _tracker: INotebookTracker,
    panel: NotebookPanel | null
  ): void {
    this._follow(panel);
  }

  private _follow(panel: NotebookPanel | null): void {
    if (panel && panel === this._current) {
      return;
    }
    this._unfollow();
    this._current = panel;
    if (!panel) {
      this._model.clear();
      return;
    }
    panel.context.saveState.connect(this._onSaveState, this);
    panel.context.pathChanged.connect(this._onPathChanged, this);
    panel.disposed.connect(this._onPanelDisposed, this);
    void panel.context.ready.then(() => {
      if (panel !== this._current || !panel.model) {
        return;
      }
      panel.model.contentChanged.connect(this._onContentChanged, this);
      void this.refresh();
    });
  }

  private _unfollow(): void {
    const panel = this._current;
    if (!panel) {
      return;
    }
    panel.context.saveState.disconnect(this._onSaveState, this);
    panel.context.pathChanged.disconnect(this._onPathChanged, this);
    panel.disposed.disconnect(this._onPanelDisposed, this);
    panel.model?.contentChanged.disconnect(this._onContentChanged, this);
    this._current = null;
  }

  private _onContentChanged(_model: INotebookModel): void {
    if (this.liveUpdates) {
      // A debouncer that is replaced or disposed rejects its pending call;
      // that only means the re-analysis was superseded.
      this._debouncer.invoke().catch(() => undefined);
    }
  }

  private _onSaveState(
    _context: DocumentRegistry.IContext<INotebookModel>,
    state: DocumentRegistry.SaveState
  ): void {
    if (state === 'completed') {
      void this.refresh();
    }
  }

  private _onPathChanged(): void {
    void this.refresh();
  }

  private _onExecuted(
    _sender: unknown,
    args: { notebook: Notebook; success: boolean }
  ): void {
    if (this._current && args.notebook === this._current.content) {
      this._debouncer.invoke().catch(() => undefined);
    }
  }

  private _onPanelDisposed(): void {
    this._unfollow();
    const next = this._tracker.currentWidget;
    this._follow(next && !next.isDisposed ? next : null);
  }

  private _tracker: INotebookTracker;
  private _model: PromoteModel;
  private _analyze: AnalyzeFunction;
  private _debouncer: Debouncer<void>;
  private _current: NotebookPanel | null = null;
  private _isDisposed = false;
}

/**
 * A namespace for NotebookWatcher statics.
 */
export namespace NotebookWatcher {
  /**
   * Options to create a watcher.
   */
  export interface IOptions {
    /** The application's notebook tracker. */
    tracker: INotebookTracker;
    /** The model the watcher writes reports into. */
    model: PromoteModel;
    /** Sends a notebook to the server. */
    analyze: AnalyzeFunction;
    /** Pause in typing before a re-analysis, in milliseconds. */
    debounceDelay?: number;
  }
}
