import { ICellModel } from '@jupyterlab/cells';
import { INotebookModel } from '@jupyterlab/notebook';
import { IObservableList } from '@jupyterlab/observables';
import { UUID } from '@lumino/coreutils';
import { IDisposable } from '@lumino/disposable';

import { missingCellIds } from './api';
import { IIncrementalNotebook, IncrementalCell } from './report';

/**
 * How many times a request is resent with the cells a 409 asked for.
 */
const MAX_RESENDS = 2;

/**
 * Random per page load: hashes of two sessions never collide on the server.
 */
const SESSION = UUID.uuid4().slice(0, 8);

/**
 * Versions are drawn from one counter, so a cell object replaced by another
 * with the same id (undo of a delete) never reuses a hash.
 */
let versionCounter = 0;
let documentCounter = 0;

/**
 * Keeps the server's copy of one notebook in step with the editor using the
 * incremental analyze protocol.
 *
 * Every cell carries a version, bumped from its shared model's change signal
 * (source, outputs, metadata, execution count), and `${session}-${version}`
 * is its hash: nothing is hashed or serialized on a keystroke. A request sends
 * in full only the cells whose hash the server has not seen, references the
 * others by `{id, hash}`, and the notebook metadata only when it changed.
 * When the server lost some cells (restart, eviction) it answers 409 with
 * their ids and the request is sent again with those cells in full.
 */
export class DocumentSync implements IDisposable {
  /**
   * Start tracking a notebook model.
   */
  constructor(model: INotebookModel) {
    this._model = model;
    this.documentId = `${SESSION}-${++documentCounter}`;
    for (let i = 0; i < model.cells.length; i++) {
      this._track(model.cells.get(i));
    }
    model.cells.changed.connect(this._onCellsChanged, this);
    model.metadataChanged.connect(this._onMetadataChanged, this);
  }

  /**
   * The id the server files this notebook under.
   */
  readonly documentId: string;

  /**
   * Whether the sync is disposed.
   */
  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /**
   * The incremental body describing the notebook now. Assumes it will reach
   * the server: the cells sent count as known from here on (a lost request
   * is repaired by the 409 fallback).
   *
   * @param resend - ids of cells to send in full whatever their hash
   */
  body(resend: ReadonlyArray<string> = []): IIncrementalNotebook {
    const forced = new Set(resend);
    const known = new Map<string, string>();
    const cells: IncrementalCell[] = [];
    const model = this._model;
    for (let i = 0; i < model.cells.length; i++) {
      const cell = model.cells.get(i);
      const hash = `${SESSION}-${this._versionOf(cell)}`;
      if (this._known.get(cell.id) === hash && !forced.has(cell.id)) {
        cells.push({ id: cell.id, hash });
      } else {
        const json = cell.toJSON() as unknown as Record<string, unknown>;
        cells.push({ ...json, id: cell.id, hash, cell_type: cell.type });
      }
      known.set(cell.id, hash);
    }
    this._known = known;
    const body: IIncrementalNotebook = {
      document_id: this.documentId,
      cells,
      nbformat_minor: model.nbformatMinor
    };
    if (this._sentMetadata !== this._metadataVersion || forced.size > 0) {
      body.metadata = model.sharedModel.getMetadata();
      this._sentMetadata = this._metadataVersion;
    }
    return body;
  }

  /**
   * Send a request built from `body()`, resending the cells a 409 names.
   */
  async send<T>(call: (body: IIncrementalNotebook) => Promise<T>): Promise<T> {
    let resend: string[] = [];
    for (let attempt = 0; ; attempt++) {
      try {
        return await call(this.body(resend));
      } catch (reason) {
        const missing = missingCellIds(reason);
        if (!missing || attempt >= MAX_RESENDS) {
          throw reason;
        }
        resend = missing;
      }
    }
  }

  /**
   * Stop tracking the model.
   */
  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    const model = this._model;
    model.cells.changed.disconnect(this._onCellsChanged, this);
    model.metadataChanged.disconnect(this._onMetadataChanged, this);
    for (let i = 0; i < model.cells.length; i++) {
      model.cells
        .get(i)
        .sharedModel.changed.disconnect(this._onCellChanged, this);
    }
  }

  private _track(cell: ICellModel): void {
    this._versions.set(cell.sharedModel, ++versionCounter);
    cell.sharedModel.changed.connect(this._onCellChanged, this);
  }

  private _versionOf(cell: ICellModel): number {
    let version = this._versions.get(cell.sharedModel);
    if (version === undefined) {
      version = ++versionCounter;
      this._versions.set(cell.sharedModel, version);
    }
    return version;
  }

  private _onCellChanged(sender: object): void {
    this._versions.set(sender, ++versionCounter);
  }

  private _onCellsChanged(
    _list: unknown,
    change: IObservableList.IChangedArgs<ICellModel>
  ): void {
    // A removal names no cells (JupyterLab's cell list reports the removed,
    // already disposed cells as `undefined`); disposing a shared cell drops
    // its connections, so there is nothing to disconnect then.
    for (const cell of change.oldValues) {
      if (cell && change.type === 'set') {
        cell.sharedModel.changed.disconnect(this._onCellChanged, this);
      }
    }
    for (const cell of change.newValues) {
      if (cell && (change.type === 'add' || change.type === 'set')) {
        this._track(cell);
      }
    }
  }

  private _onMetadataChanged(): void {
    this._metadataVersion += 1;
  }

  private _model: INotebookModel;
  private _versions = new WeakMap<object, number>();
  private _known = new Map<string, string>();
  private _metadataVersion = 0;
  private _sentMetadata = -1;
  private _isDisposed = false;
}
