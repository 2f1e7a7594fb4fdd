import { Dialog } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import * as React from 'react';

import { CellStatus, IVerifiedCell, IVerifyReply } from './api';
import { statusCounts, VerifyRunner, VerifyState } from './verify';

/**
 * Show the clean re-run's progress (elapsed time, Cancel) and then its
 * per-cell results. Closing the dialog leaves the run going; its stamp
 * still reaches the notebook.
 */
export function showVerifyDialog(
  runner: VerifyRunner,
  trans: TranslationBundle
): void {
  const body = ReactWidget.create(
    <UseSignal signal={runner.stateChanged} initialArgs={runner.state}>
      {(_, state) => (
        <VerifyView
          state={state ?? runner.state}
          trans={trans}
          onCancel={() => void runner.cancel()}
        />
      )}
    </UseSignal>
  );
  body.addClass('jp-PromoteVerify');
  const dialog = new Dialog({
    title: trans.__('Re-run in a clean kernel'),
    body,
    buttons: [Dialog.cancelButton({ label: trans.__('Close') })]
  });
  void dialog.launch().then(() => dialog.dispose());
}

/**
 * What the dialog shows for a state.
 */
export function VerifyView(props: {
  state: VerifyState;
  trans: TranslationBundle;
  onCancel: () => void;
}): JSX.Element {
  const { state, trans } = props;
  switch (state.status) {
    case 'idle':
      return <p>{trans.__('No clean re-run has been started.')}</p>;
    case 'saving':
    case 'running':
    case 'cancelling':
      return (
        <div
          className="jp-PromoteVerify-running"
          role="status"
          aria-live="polite"
        >
          <p>
            {state.status === 'saving'
              ? trans.__('Saving %1…', state.path)
              : state.status === 'cancelling'
                ? trans.__('Cancelling…')
                : state.ahead > 0
                  ? trans._n(
                      'Waiting for %1 other clean re-run to finish before %2 runs…',
                      'Waiting for %1 other clean re-runs to finish before %2 runs…',
                      state.ahead,
                      state.path
                    )
                  : trans.__(
                      'Running %1 top to bottom in a fresh kernel (your kernel is not touched)…',
                      state.path
                    )}
          </p>
          <p className="jp-PromoteVerify-elapsed">
            <Elapsed since={state.started} trans={trans} />
          </p>
          <button
            className="jp-mod-styled jp-mod-warn jp-PromoteVerify-cancel"
            onClick={props.onCancel}
            disabled={state.status !== 'running'}
          >
            {trans.__('Cancel run')}
          </button>
        </div>
      );
    case 'failed':
      return (
        <div className="jp-PromoteVerify-error" role="alert">
          {trans.__('The notebook could not be re-run: %1', state.message)}
        </div>
      );
    case 'done':
      return (
        <VerifyResults
          reply={state.reply}
          stamped={state.stamped}
          trans={trans}
        />
      );
  }
}

/**
 * Seconds since `since`, ticking once a second.
 */
function Elapsed(props: {
  since: number;
  trans: TranslationBundle;
}): JSX.Element {
  const [now, setNow] = React.useState(Date.now());
  React.useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  const seconds = Math.max(0, Math.round((now - props.since) / 1000));
  return <>{props.trans.__('%1 s elapsed', seconds)}</>;
}

/**
 * The verdict, the counts and one row per code cell.
 */
function VerifyResults(props: {
  reply: IVerifyReply;
  stamped: boolean;
  trans: TranslationBundle;
}): JSX.Element {
  const { reply, trans } = props;
  const counts = statusCounts(reply);
  const summary = (Object.keys(counts) as CellStatus[])
    .map(status => `${counts[status]} ${statusLabel(status, trans)}`)
    .join(', ');
  const verdict = reply.cancelled
    ? trans.__('Cancelled: nothing was stamped.')
    : reply.passed
      ? trans.__('Passed: every cell gives the same result in a fresh kernel.')
      : reply.timed_out
        ? trans.__('Failed: the run timed out.')
        : trans.__(
            'Failed: some cells fail or give other results in a fresh kernel.'
          );
  return (
    <div
      className="jp-PromoteVerify-results"
      data-testid="promote-verify-results"
    >
      <p
        className={`jp-PromoteVerify-verdict ${reply.passed ? 'jp-mod-passed' : 'jp-mod-failed'}`}
        role="status"
      >
        {verdict}
      </p>
      <p className="jp-PromoteVerify-summary">
        {trans.__(
          '%1 in %2 s (kernel %3).',
          summary || trans.__('no code cells'),
          reply.duration.toFixed(1),
          reply.kernel
        )}
        {props.stamped
          ? ' ' +
            trans.__(
              "The stamp is in the notebook's metadata: save the notebook to keep it."
            )
          : ''}
      </p>
      <ol
        className="jp-PromoteVerify-cells"
        aria-label={trans.__('Results per code cell')}
      >
        {reply.cells.map(cell => (
          <CellRow
            key={`${cell.index}-${cell.cell_id}`}
            cell={cell}
            trans={trans}
          />
        ))}
      </ol>
    </div>
  );
}

function CellRow(props: {
  cell: IVerifiedCell;
  trans: TranslationBundle;
}): JSX.Element {
  const { cell, trans } = props;
  const detail = cell.ename
    ? `${cell.ename}: ${cell.evalue ?? ''}`
    : cell.evalue;
  return (
    <li
      className={`jp-PromoteVerify-cell jp-mod-${cell.status}`}
      data-status={cell.status}
    >
      <span className="jp-PromoteVerify-cellName">
        {trans.__('Cell %1', cell.index + 1)}
      </span>
      <span className="jp-PromoteVerify-status">
        {statusLabel(cell.status, trans)}
      </span>
      <span className="jp-PromoteVerify-duration">
        {trans.__('%1 s', cell.duration.toFixed(2))}
      </span>
      {detail && <span className="jp-PromoteVerify-detail">{detail}</span>}
      {cell.diff && <pre className="jp-PromoteVerify-diff">{cell.diff}</pre>}
    </li>
  );
}

/**
 * A cell status in words.
 */
export function statusLabel(
  status: CellStatus,
  trans: TranslationBundle
): string {
  switch (status) {
    case 'same':
      return trans.__('same');
    case 'ran':
      return trans.__('ran (nothing stored)');
    case 'differs':
      return trans.__('differs');
    case 'error':
      return trans.__('error');
    case 'skipped':
      return trans.__('skipped');
  }
  return status;
}
