import { ISignal, Signal } from '@lumino/signaling';

import { CATEGORY_IDS, CategoryId, IReportEntry, IRule } from '../sync/report';

/**
 * The user's settings that shape what the panel shows.
 */
export interface IViewSettings {
  /** Finding codes never shown. */
  ignoredCodes: ReadonlyArray<string>;
  /** Categories whose findings are shown. */
  enabledCategories: ReadonlyArray<CategoryId>;
}

/**
 * What the panel is showing.
 */
export type PromoteStatus =
  'idle' | 'loading' | 'ready' | 'error' | 'no-notebook';

/**
 * The state behind the panel: the active notebook's report and where the
 * latest analysis stands.
 *
 * Every analysis takes a ticket from `begin()`; a reply is accepted only with
 * the newest ticket, so a slow reply to an older request never overwrites a
 * newer one.
 */
export class PromoteModel {
  /**
   * Emitted whenever status, report, path or error change.
   */
  get stateChanged(): ISignal<PromoteModel, void> {
    return this._stateChanged;
  }

  /**
   * Where the latest analysis stands.
   */
  get status(): PromoteStatus {
    return this._status;
  }

  /**
   * The last report received for the current notebook, kept while a newer
   * analysis is loading so the panel does not flicker.
   */
  get report(): IReportEntry | null {
    return this._report;
  }

  /**
   * Path of the notebook being analyzed, `null` when none is open.
   */
  get path(): string | null {
    return this._path;
  }

  /**
   * Message of the last failed analysis.
   */
  get error(): string | null {
    return this._error;
  }

  /**
   * The user's view settings.
   */
  get settings(): IViewSettings {
    return this._settings;
  }
  set settings(value: IViewSettings) {
    this._settings = value;
    this._stateChanged.emit();
  }

  /**
   * The rule catalogue by code, once it has been fetched.
   */
  get rules(): ReadonlyMap<string, IRule> | null {
    return this._rules;
  }
  set rules(value: ReadonlyMap<string, IRule> | null) {
    this._rules = value;
    this._stateChanged.emit();
  }

  /**
   * The ticket of the newest request.
   */
  get version(): number {
    return this._version;
  }

  /**
   * Start an analysis of `path` and return its ticket.
   */
  begin(path: string): number {
    this._version += 1;
    if (path !== this._path) {
      this._report = null;
    }
    this._path = path;
    this._error = null;
    this._status = 'loading';
    this._stateChanged.emit();
    return this._version;
  }

  /**
   * Accept a report if `ticket` is still the newest; return whether it was.
   */
  resolve(ticket: number, report: IReportEntry): boolean {
    if (ticket !== this._version) {
      return false;
    }
    this._report = report;
    this._error = report.error;
    this._status = report.error ? 'error' : 'ready';
    this._stateChanged.emit();
    return true;
  }

  /**
   * Record a failed analysis if `ticket` is still the newest; return whether
   * it was.
   */
  fail(ticket: number, message: string): boolean {
    if (ticket !== this._version) {
      return false;
    }
    this._error = message;
    this._status = 'error';
    this._stateChanged.emit();
    return true;
  }

  /**
   * Forget the report: no notebook is active. Replies still in flight are
   * dropped.
   */
  clear(): void {
    this._version += 1;
    this._path = null;
    this._report = null;
    this._error = null;
    this._status = 'no-notebook';
    this._stateChanged.emit();
  }

  private _status: PromoteStatus = 'idle';
  private _report: IReportEntry | null = null;
  private _path: string | null = null;
  private _error: string | null = null;
  private _version = 0;
  private _settings: IViewSettings = {
    ignoredCodes: [],
    enabledCategories: CATEGORY_IDS
  };
  private _rules: ReadonlyMap<string, IRule> | null = null;
  private _stateChanged = new Signal<PromoteModel, void>(this);
}
