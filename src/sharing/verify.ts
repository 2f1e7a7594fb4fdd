import { NotebookPanel } from '@jupyterlab/notebook';
import { ServerConnection } from '@jupyterlab/services';
import { ISignal, Signal } from '@lumino/signaling';

import { describeError } from '../api';
import { applyNotebookEdits } from '../fixes/apply';
import { cancelVerify, IVerifyReply, requestVerify } from './api';

/**
 * Where a clean re-run stands.
 */
export type VerifyState =
  | { status: 'idle' }
  | { status: 'saving' | 'running'; path: string; started: number }
  | { status: 'cancelling'; path: string; started: number }
  | {
      status: 'done';
      path: string;
      reply: IVerifyReply;
      /** Whether the stamp edit reached the open notebook. */
      stamped: boolean;
    }
  | { status: 'failed'; path: string; message: string };

/**
 * Runs "Re-run in a clean kernel" for one notebook at a time: saves it,
 * asks the server to run the saved file in a fresh kernel (the user's
 * kernel is never touched), and applies the returned stamp to the open
 * notebook as one undoable edit (the user saves it).
 */
export class VerifyRunner {
  /**
   * Create a runner for the application's server.
   */
  constructor(private readonly _settings: ServerConnection.ISettings) {}

  /**
   * Emitted whenever the state changes.
   */
  get stateChanged(): ISignal<VerifyRunner, VerifyState> {
    return this._stateChanged;
  }

  /**
   * The current state.
   */
  get state(): VerifyState {
    return this._state;
  }

  /**
   * Whether a run is under way.
   */
  get busy(): boolean {
    const { status } = this._state;
    return (
      status === 'saving' || status === 'running' || status === 'cancelling'
    );
  }

  /**
   * Verify the notebook of `panel`; resolves when the run is over.
   */
  async run(panel: NotebookPanel): Promise<VerifyState> {
    if (this.busy) {
      return this._state;
    }
    const path = panel.context.localPath;
    const started = Date.now();
    try {
      if (panel.context.model.dirty) {
        this._set({ status: 'saving', path, started });
        await panel.context.save();
      }
      this._set({ status: 'running', path, started });
      const reply = await requestVerify(this._settings, path);
      const model = panel.isDisposed ? null : panel.model;
      let stamped = false;
      if (model && reply.edits.length > 0) {
        applyNotebookEdits(model.sharedModel, reply.edits);
        stamped = true;
      }
      this._set({ status: 'done', path, reply, stamped });
    } catch (reason) {
      this._set({ status: 'failed', path, message: describeError(reason) });
    }
    return this._state;
  }

  /**
   * Ask the server to stop the running re-run (it stamps nothing).
   */
  async cancel(): Promise<void> {
    const state = this._state;
    if (state.status !== 'running') {
      return;
    }
    this._set({ ...state, status: 'cancelling' });
    try {
      await cancelVerify(this._settings, state.path);
    } catch {
      // The run ended meanwhile: its reply settles the state.
    }
  }

  private _set(state: VerifyState): void {
    this._state = state;
    this._stateChanged.emit(state);
  }

  private _state: VerifyState = { status: 'idle' };
  private _stateChanged = new Signal<VerifyRunner, VerifyState>(this);
}

/**
 * Per-status counts of a run's cells, e.g. `{same: 4, differs: 1}`.
 */
export function statusCounts(
  reply: Pick<IVerifyReply, 'cells'>
): Partial<Record<string, number>> {
  const counts: Partial<Record<string, number>> = {};
  for (const cell of reply.cells) {
    counts[cell.status] = (counts[cell.status] ?? 0) + 1;
  }
  return counts;
}
