import { NotebookPanel } from '@jupyterlab/notebook';
import { ServerConnection } from '@jupyterlab/services';
import { ISignal, Signal } from '@lumino/signaling';

import { applyNotebookEdits } from '../fixes/apply';
import { describeError } from '../sync/api';
import {
  cancelVerify,
  fetchVerifyPosition,
  IVerifyReply,
  requestVerify
} from './api';

/**
 * How often a waiting re-run asks the server where it stands.
 */
export const POSITION_POLL_MS = 1500;

/**
 * Where a clean re-run stands.
 */
export type VerifyState =
  | { status: 'idle' }
  | { status: 'saving'; path: string; started: number }
  | {
      status: 'running';
      path: string;
      started: number;
      /** Re-runs the server runs before this one; 0 once it runs. */
      ahead: number;
    }
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
      this._set({ status: 'running', path, started, ahead: 0 });
      const replied = requestVerify(this._settings, path);
      const reply = await this._followPosition(replied, path);
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

  /**
   * Wait for the reply, asking meanwhile whether the run is still waiting
   * for a slot, so the dialog can say so.
   */
  private async _followPosition<T>(
    replied: Promise<T>,
    path: string
  ): Promise<T> {
    let over = false;
    const done = replied.finally(() => {
      over = true;
    });
    while (!over) {
      const tick = new Promise(resolve =>
        window.setTimeout(resolve, POSITION_POLL_MS)
      );
      await Promise.race([done.catch(() => undefined), tick]);
      if (over) {
        break;
      }
      try {
        const position = await fetchVerifyPosition(this._settings, path);
        const state = this._state;
        if (!over && state.status === 'running' && state.path === path) {
          const ahead = position.state === 'waiting' ? position.ahead + 1 : 0;
          if (ahead !== state.ahead) {
            this._set({ ...state, ahead });
          }
        }
      } catch {
        // Not queued (yet, or any more): the reply settles the state.
      }
    }
    return done;
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
