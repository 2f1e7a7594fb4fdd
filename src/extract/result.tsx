import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { IPreviewCell } from '../fixes/preview';
import { PreviewState } from './plan';
import {
  NotebookChange,
  PlanSummary,
  PreviewTabs,
  SourcePreview
} from './preview';

/**
 * The dry run's result: the refusal, or the plan with its warning, notes and
 * previews.
 */
export function Result(props: {
  state: PreviewState;
  cells: ReadonlyArray<IPreviewCell>;
  confirmed: boolean;
  onConfirm: (confirmed: boolean) => void;
  idPrefix: string;
  trans: TranslationBundle;
}): JSX.Element {
  const { state, trans } = props;
  if (state.status === 'refused' || state.status === 'failed') {
    return (
      <div
        className="jp-PromoteExtract-refusal"
        role="alert"
        data-testid="promote-extract-refusal"
      >
        {state.status === 'failed'
          ? trans.__('The preview failed: %1', state.message)
          : state.message}
      </div>
    );
  }
  const plan = state.plan;
  if (plan === null) {
    return <p className="jp-PromoteExtract-loading">{trans.__('Planning…')}</p>;
  }
  return (
    <div
      className={
        state.status === 'loading'
          ? 'jp-PromoteExtract-plan jp-mod-stale'
          : 'jp-PromoteExtract-plan'
      }
    >
      <PlanSummary plan={plan} trans={trans} />
      {plan.applicability === 'unsafe' && (
        <div className="jp-PromoteExtract-warning" role="note">
          <p>
            {trans.__(
              'Top-level code becomes a function: it runs when the notebook calls it, and its variables are no longer globals unless returned. Check the parameters and return values.'
            )}
          </p>
          <label>
            <input
              type="checkbox"
              className="jp-PromoteExtract-confirm"
              checked={props.confirmed}
              onChange={event => props.onConfirm(event.target.checked)}
            />
            {trans.__('I understand that run order and scope change')}
          </label>
        </div>
      )}
      {plan.notes.length > 0 && (
        <ul className="jp-PromoteExtract-notes" aria-label={trans.__('Notes')}>
          {plan.notes.map(note => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
      <PreviewTabs
        idPrefix={props.idPrefix}
        label={trans.__('Previews')}
        tabs={[
          {
            id: 'module',
            label: plan.appends
              ? trans.__('%1 (appended)', plan.module_path)
              : trans.__('New %1', plan.module_path),
            content: (
              <SourcePreview
                label={trans.__('Module %1', plan.module_path)}
                source={plan.module_source}
                testId="promote-extract-module"
              />
            )
          },
          ...(plan.test_path !== null && plan.test_source !== null
            ? [
                {
                  id: 'tests',
                  label: trans.__('New %1', plan.test_path),
                  content: (
                    <SourcePreview
                      label={trans.__('Test file %1', plan.test_path)}
                      source={plan.test_source}
                      testId="promote-extract-tests"
                    />
                  )
                }
              ]
            : []),
          {
            id: 'notebook',
            label: trans.__('Notebook change'),
            content: (
              <NotebookChange plan={plan} cells={props.cells} trans={trans} />
            )
          }
        ]}
      />
    </div>
  );
}
