import { ISessionContext } from '@jupyterlab/apputils';
import { Notebook, NotebookActions, NotebookPanel } from '@jupyterlab/notebook';
import { Kernel, ServerConnection } from '@jupyterlab/services';
import { JSONExt } from '@lumino/coreutils';
import { IDisposable } from '@lumino/disposable';
import { Debouncer } from '@lumino/polling';

import { notebookJSON } from '../extract/plan';
import { PromoteModel } from '../panel/model';
import { IFinding, IReportEntry, IRequestFilters } from '../sync/report';
import { requestKernelState } from './api';

/**
 * Quiet time after an analysis round before the kernel is asked.
 */
export const KERNEL_CHECK_DELAY = 1500;

/**
 * Rule names whose findings come from the live kernel (kernel_history.py).
 */
const KERNEL_RULES = ['name-from-deleted-cell', 'edited-since-run'];

interface IKernelResult {
  kernelId: string;
  /** The change count when the kernel was asked. */
  generation: number;
  findings: IFinding[];
  entry: IReportEntry | null;
  /** The versions of the notebook's imports the kernel has loaded. */
  packages: Record<string, string>;
}

/**
 * Asks the active notebook's running IPython kernel, after analysis rounds
 * that follow a change (a run, an edit, another notebook, a restart), which
 * names exist only in the kernel and which cells were edited since they
 * ran, and merges those findings (marked `origin: 'kernel'`) into the
 * reports the panel shows.
 */
export class KernelStateChecker implements IDisposable {
  /**
   * Create the checker; it starts nothing until the model reports.
   */
  constructor(private readonly _options: KernelStateChecker.IOptions) {
    this._debouncer = new Debouncer(() => this._check(), KERNEL_CHECK_DELAY);
    _options.model.stateChanged.connect(this._onModel, this);
    NotebookActions.executed.connect(this._onExecuted, this);
  }

  /**
   * Whether the kernel is asked (the `kernelChecks` setting).
   */
  get enabled(): boolean {
    return this._enabled;
  }
  set enabled(value: boolean) {
    if (value === this._enabled) {
      return;
    }
    this._enabled = value;
    this._results.clear();
    this._touch();
    this._options.refresh();
  }

  /**
   * Whether the checker is disposed.
   */
  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /**
   * The report with the kernel's findings for its notebook. While nothing
   * changed since the kernel was asked, it is the kernel route's own report
   * (scored with those findings); otherwise the findings are appended.
   */
  merge(report: IReportEntry): IReportEntry {
    const result = this._enabled ? this._results.get(report.path) : undefined;
    if (!result || result.findings.length === 0) {
      return report;
    }
    if (result.entry && result.generation === this._generation) {
      return {
        ...result.entry,
        path: report.path,
        findings: result.entry.findings.map(markKernel)
      };
    }
    const seen = new Set(report.findings.map(findingKey));
    const extra = result.findings.filter(f => !seen.has(findingKey(f)));
    return {
      ...report,
      findings: [...report.findings, ...extra.map(markKernel)]
    };
  }

  /**
   * The versions of the notebook's imports its kernel had loaded when last
   * asked; null when the kernel was not asked or told none.
   */
  packages(path: string): Record<string, string> | null {
    const packages = this._enabled ? this._results.get(path)?.packages : null;
    return packages && Object.keys(packages).length > 0 ? packages : null;
  }

  /**
   * Stop listening.
   */
  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._debouncer.dispose();
    this._options.model.stateChanged.disconnect(this._onModel, this);
    NotebookActions.executed.disconnect(this._onExecuted, this);
    this._follow(null);
  }

  private _onModel(model: PromoteModel): void {
    const panel = this._options.current();
    if (panel !== this._panel) {
      this._follow(panel);
    }
    if (
      this._enabled &&
      this._dirty &&
      model.status === 'ready' &&
      panel &&
      model.path === panel.context.localPath
    ) {
      this._debouncer.invoke().catch(() => undefined);
    }
  }

  private _follow(panel: NotebookPanel | null): void {
    const before = this._panel;
    if (before) {
      before.model?.contentChanged.disconnect(this._touch, this);
      before.sessionContext.statusChanged.disconnect(this._onStatus, this);
    }
    this._panel = panel;
    this._touch();
    if (panel) {
      panel.model?.contentChanged.connect(this._touch, this);
      panel.sessionContext.statusChanged.connect(this._onStatus, this);
    }
  }

  private _touch(): void {
    this._generation += 1;
    this._dirty = true;
  }

  private _onExecuted(_: unknown, args: { notebook: Notebook }): void {
    if (this._panel && args.notebook === this._panel.content) {
      this._touch();
    }
  }

  private _onStatus(_: ISessionContext, status: Kernel.Status): void {
    const panel = this._panel;
    if (!panel) {
      return;
    }
    if (status === 'restarting' || status === 'dead' || status === 'starting') {
      if (this._results.delete(panel.context.localPath)) {
        this._touch();
        this._options.refresh();
      }
    } else if (status === 'idle' && this._dirty && this._enabled) {
      this._debouncer.invoke().catch(() => undefined);
    }
  }

  private async _check(): Promise<void> {
    const panel = this._panel;
    const kernel = panel?.sessionContext.session?.kernel;
    if (!panel || !panel.model || !this._enabled) {
      return;
    }
    const path = panel.context.localPath;
    if (!kernel || this._skipped.has(kernel.id)) {
      this._dirty = false;
      if (this._results.delete(path)) {
        this._options.refresh();
      }
      return;
    }
    if (kernel.status !== 'idle') {
      return;
    }
    this._dirty = false;
    const generation = this._generation;
    try {
      const reply = await requestKernelState(this._options.serverSettings, {
        path,
        notebook: notebookJSON(panel.model.sharedModel),
        kernel_id: kernel.id,
        ...this._options.filters()
      });
      if (reply.skipped) {
        this._skipped.add(kernel.id);
      }
      const before = this._results.get(path);
      this._results.set(path, {
        kernelId: kernel.id,
        generation,
        findings: reply.findings,
        entry: reply.entry,
        packages: reply.packages ?? {}
      });
      // New findings, or versions the analysis has not seen (drift, Pin what ran).
      if (
        before?.findings.length ||
        reply.findings.length ||
        !JSONExt.deepEqual(before?.packages ?? {}, reply.packages ?? {})
      ) {
        this._options.refresh();
      }
    } catch {
      // The kernel could not be asked (busy, gone): the next round retries.
      this._dirty = true;
    }
  }

  private _debouncer: Debouncer<void>;
  private _enabled = true;
  private _dirty = true;
  private _generation = 0;
  private _panel: NotebookPanel | null = null;
  private _results = new Map<string, IKernelResult>();
  private _skipped = new Set<string>();
  private _isDisposed = false;
}

/**
 * A namespace for KernelStateChecker statics.
 */
export namespace KernelStateChecker {
  /**
   * What the checker needs.
   */
  export interface IOptions {
    model: PromoteModel;
    serverSettings: ServerConnection.ISettings;
    /** The notebook the panel follows. */
    current: () => NotebookPanel | null;
    /** Analyze the current notebook again (its report is then merged). */
    refresh: () => void;
    /** The user's filters, sent as with every analysis. */
    filters: () => IRequestFilters;
  }
}

/**
 * Whether a finding comes from the live kernel.
 */
export function isKernelFinding(finding: IFinding): boolean {
  return finding.origin === 'kernel' || KERNEL_RULES.includes(finding.name);
}

function markKernel(finding: IFinding): IFinding {
  return KERNEL_RULES.includes(finding.name)
    ? { ...finding, origin: 'kernel' }
    : finding;
}

function findingKey(finding: IFinding): string {
  return `${finding.code}:${finding.cell_id}:${finding.line}:${finding.message}`;
}
