import { Dialog } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import * as React from 'react';

import { isActionableFix } from '../extract/plan';
import { locationLabel } from '../panel/findingitem';
import { fixButtonLabel } from '../panel/labels';
import { IFinding, IFix } from '../sync/report';
import { BadgeSection } from './badgesection';
import { blockingFindings, blockingKind, kindLabel } from './labels';
import { IShareDialogOptions } from './shareoptions';
import { codeSources, verificationState, VerificationState } from './stamp';

/**
 * Show the blocking findings (secrets first), the verification, the badge
 * and its Markdown; resolves to whether the user chose to go on (download
 * or export, as the primary button says).
 *
 * Dialogs queue in JupyterLab: a fix that asks first (unsafe, extraction)
 * and the clean re-run close this dialog before they open theirs.
 */
export async function showShareDialog(
  options: IShareDialogOptions
): Promise<boolean> {
  const { trans, model } = options;
  const pending: { action: (() => void) | null } = { action: null };
  const closeThen = (action: () => void): void => {
    pending.action = action;
    dialog.resolve(0);
  };
  const view: IShareDialogOptions = {
    ...options,
    applyFix: (finding, fix) =>
      fix.applicability === 'safe'
        ? options.applyFix(finding, fix)
        : closeThen(() => options.applyFix(finding, fix)),
    reveal: finding => closeThen(() => options.reveal(finding)),
    verify: () => closeThen(options.verify)
  };
  const body = ReactWidget.create(
    <UseSignal signal={model.stateChanged} initialSender={model}>
      {() => <ShareView {...view} />}
    </UseSignal>
  );
  body.addClass('jp-PromoteShare');
  const dialog = new Dialog({
    title: trans.__('Check before sharing'),
    body,
    buttons: [
      Dialog.cancelButton({ label: trans.__('Close') }),
      Dialog.okButton(
        options.proceed ?? {
          label: trans.__('Download'),
          ariaLabel: trans.__('Download the notebook file')
        }
      )
    ],
    defaultButton: 0
  });
  const result = await dialog.launch();
  if (pending.action) {
    pending.action();
    return false;
  }
  return result.button.accept;
}

function ShareView(props: IShareDialogOptions): JSX.Element {
  const { panel, model, trans } = props;
  const path = panel.context.localPath;
  const report =
    model.report && model.report.path === path ? model.report : null;
  const blocking = report ? blockingFindings(report.findings) : [];
  const shared = panel.model?.sharedModel;
  const state = shared
    ? verificationState(shared.getMetadata(), codeSources(shared.cells))
    : null;
  return (
    <div className="jp-PromoteShare-content">
      <section aria-labelledby="jp-PromoteShare-blocking">
        <h3 id="jp-PromoteShare-blocking" className="jp-PromoteShare-heading">
          {trans.__('Blocking findings')}
        </h3>
        {!report ? (
          <p className="jp-PromoteShare-note">
            {trans.__('Checking %1…', path)}
          </p>
        ) : blocking.length === 0 ? (
          <p className="jp-PromoteShare-note jp-mod-clear">
            {trans.__(
              'Nothing blocks sharing: no secrets, no absolute paths, no failed re-run.'
            )}
          </p>
        ) : (
          <ul className="jp-PromoteShare-findings">
            {blocking.map(finding => (
              <BlockingItem
                key={`${finding.code}-${finding.cell_id}-${finding.line}`}
                finding={finding}
                trans={trans}
                reveal={props.reveal}
                applyFix={props.applyFix}
              />
            ))}
          </ul>
        )}
      </section>
      <VerificationLine state={state} trans={trans} onVerify={props.verify} />
      <BadgeSection {...props} state={state} />
    </div>
  );
}

/**
 * One blocking finding: its kind, message and place; with `reveal`, the
 * message selects it in the notebook, and with `applyFix`, its fixes follow.
 */
export function BlockingItem(props: {
  finding: IFinding;
  trans: TranslationBundle;
  reveal?: (finding: IFinding) => void;
  applyFix?: (finding: IFinding, fix: IFix) => void;
}): JSX.Element {
  const { finding, trans, reveal, applyFix } = props;
  const kind = blockingKind(finding) ?? 'secret';
  const fixes = (finding.fixes ?? []).filter(isActionableFix);
  const message = (
    <>
      {finding.message}
      <span className="jp-PromoteShare-location">
        {locationLabel(finding, trans)}
      </span>
    </>
  );
  return (
    <li
      className={`jp-PromoteShare-finding jp-mod-${kind}`}
      data-testid="promote-share-finding"
      data-code={finding.code}
      data-kind={kind}
    >
      <span className="jp-PromoteShare-kind">{kindLabel(kind, trans)}</span>
      {reveal ? (
        <button
          className="jp-PromoteShare-message"
          onClick={() => reveal(finding)}
          title={trans.__('Show it in the notebook')}
        >
          {message}
        </button>
      ) : (
        <span className="jp-PromoteShare-text">{message}</span>
      )}
      {applyFix && (
        <span className="jp-PromoteShare-fixes">
          {fixes.map(fix => (
            <button
              key={fix.id}
              className={`jp-PromotePanel-fix jp-mod-${fix.applicability} jp-PromoteShare-fix`}
              data-testid="promote-fix"
              onClick={() => applyFix(finding, fix)}
            >
              {fixButtonLabel(fix)}
            </button>
          ))}
        </span>
      )}
    </li>
  );
}

function VerificationLine(props: {
  state: VerificationState;
  trans: TranslationBundle;
  onVerify: () => void;
}): JSX.Element {
  const { state, trans } = props;
  const text =
    state === 'verified'
      ? trans.__('Verified: a clean re-run of this code passed.')
      : state === 'failed'
        ? trans.__('The last clean re-run failed.')
        : state === 'stale'
          ? trans.__('The code changed since the last clean re-run.')
          : trans.__(
              'Not verified yet: re-run it in a clean kernel to earn the tick.'
            );
  return (
    <section
      className={`jp-PromoteShare-verification jp-mod-${state ?? 'none'}`}
    >
      <p>{text}</p>
      {state !== 'verified' && (
        <button
          className="jp-mod-styled jp-mod-accept"
          onClick={props.onVerify}
        >
          {trans.__('Re-run in a clean kernel')}
        </button>
      )}
    </section>
  );
}
