import { DocumentRegistry } from '@jupyterlab/docregistry';
import { INotebookModel, NotebookPanel } from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';
import { DisposableDelegate, IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';
import { Widget } from '@lumino/widgets';

import { PromoteModel } from '../panel/model';
import { IReportEntry } from '../sync/report';
import { badgeLook } from './labels';
import { codeSources, verificationState } from './stamp';

/**
 * The name of the item in the notebook toolbar.
 */
const TOOLBAR_ITEM = 'promoteBadge';

/**
 * The latest report of every notebook the panel has shown, by path: the
 * badges follow the panel's analyses and start none of their own.
 */
export class BadgeReports {
  /**
   * Follow the panel's model.
   */
  constructor(model: PromoteModel) {
    model.stateChanged.connect(() => {
      const report = model.report;
      if (report && report.path === model.path && model.status === 'ready') {
        if (this._reports.get(report.path) !== report) {
          this._reports.set(report.path, report);
          this._changed.emit(report.path);
        }
      }
    });
  }

  /**
   * Emitted with the path of a notebook whose report changed.
   */
  get changed(): ISignal<BadgeReports, string> {
    return this._changed;
  }

  /**
   * The latest report of `path`, if it was analyzed.
   */
  get(path: string): IReportEntry | null {
    return this._reports.get(path) ?? null;
  }

  private _reports = new Map<string, IReportEntry>();
  private _changed = new Signal<BadgeReports, string>(this);
}

/**
 * The readiness badge of one notebook's toolbar: score in the grade's
 * colour, a tick while a fresh clean re-run passed; a click opens the panel.
 */
export class ReadinessBadge extends Widget {
  /**
   * Create the badge of `panel`.
   */
  constructor(
    private readonly _panel: NotebookPanel,
    private readonly _options: ReadinessBadge.IOptions
  ) {
    super({ node: document.createElement('button') });
    const node = this.node as HTMLButtonElement;
    node.type = 'button';
    node.dataset.testid = 'promote-badge';
    node.addEventListener('click', this);
    node.addEventListener('contextmenu', this);
    this._score = document.createElement('span');
    this._score.className = 'jp-PromoteBadge-score';
    this._mark = document.createElement('span');
    this._mark.className = 'jp-PromoteBadge-mark';
    node.append(this._score, this._mark);
    _options.reports.changed.connect(this._onReport, this);
    void _panel.context.ready.then(() => {
      if (!this.isDisposed) {
        _panel.model?.metadataChanged.connect(this._refresh, this);
        this._refresh();
      }
    });
    _panel.context.pathChanged.connect(this._refresh, this);
    this._refresh();
  }

  /**
   * Handle the DOM events of the badge.
   */
  handleEvent(event: Event): void {
    if (event.type === 'click') {
      this._options.open(this._panel);
    } else if (event.type === 'contextmenu') {
      this._options.open(this._panel, false);
    }
  }

  /**
   * Stop following the reports.
   */
  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._options.reports.changed.disconnect(this._onReport, this);
    this._panel.model?.metadataChanged.disconnect(this._refresh, this);
    this._panel.context.pathChanged.disconnect(this._refresh, this);
    super.dispose();
  }

  private _onReport(_sender: BadgeReports, path: string): void {
    if (path === this._panel.context.localPath) {
      this._refresh();
    }
  }

  private _refresh(): void {
    const report = this._options.reports.get(this._panel.context.localPath);
    const model = this._panel.model;
    const state = model
      ? verificationState(
          model.sharedModel.getMetadata(),
          codeSources(model.sharedModel.cells)
        )
      : null;
    const look = badgeLook(
      report?.score ?? null,
      report?.grade ?? null,
      state,
      this._options.trans
    );
    for (const name of [...this.node.classList]) {
      if (name.startsWith('jp-mod-') || name === 'jp-PromoteBadge') {
        this.node.classList.remove(name);
      }
    }
    this.node.classList.add(...look.className.split(' '));
    this.node.title = look.label;
    this.node.setAttribute('aria-label', look.label);
    this.node.dataset.verification = state ?? 'none';
    this._score.textContent = look.text;
    this._mark.textContent = look.mark ?? '';
    this._mark.hidden = look.mark === null;
  }

  private _score: HTMLSpanElement;
  private _mark: HTMLSpanElement;
}

/**
 * A namespace for ReadinessBadge statics.
 */
export namespace ReadinessBadge {
  /**
   * What a badge needs.
   */
  export interface IOptions {
    reports: BadgeReports;
    trans: TranslationBundle;
    /** Make the notebook active and, unless `false`, open the panel. */
    open: (panel: NotebookPanel, showPanel?: boolean) => void;
  }
}

/**
 * Puts a readiness badge in every notebook's toolbar, before the kernel
 * name.
 */
export class BadgeExtension implements DocumentRegistry.IWidgetExtension<
  NotebookPanel,
  INotebookModel
> {
  /**
   * Create the extension.
   */
  constructor(private readonly _options: ReadinessBadge.IOptions) {}

  /**
   * Add the badge to a new notebook panel.
   */
  createNew(panel: NotebookPanel): IDisposable {
    const badge = new ReadinessBadge(panel, this._options);
    if (!panel.toolbar.insertAfter('spacer', TOOLBAR_ITEM, badge)) {
      panel.toolbar.addItem(TOOLBAR_ITEM, badge);
    }
    return new DisposableDelegate(() => badge.dispose());
  }
}
