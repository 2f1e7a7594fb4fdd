import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import {
  diffLines,
  diffMarker,
  IPreviewCell,
  previewEdits
} from '../fixes/preview';
import { IExtractPlan } from './plan';

/**
 * What the extraction makes of the cells: the function with its parameters
 * and return values, or the names the notebook will import.
 */
export function PlanSummary(props: {
  plan: IExtractPlan;
  trans: TranslationBundle;
}): JSX.Element {
  const { plan, trans } = props;
  const none = trans.__('none');
  // [term, value, whether the value is code]
  const rows: Array<[string, string, boolean]> = [];
  if (plan.applicability === 'safe') {
    rows.push([
      trans.__('Effect'),
      trans.__('the code keeps its meaning'),
      false
    ]);
  }
  if (plan.function !== null) {
    rows.push([trans.__('Function'), plan.function, true]);
    rows.push([
      trans.__('Parameters'),
      plan.parameters.join(', ') || none,
      true
    ]);
    rows.push([trans.__('Returns'), plan.returns.join(', ') || none, true]);
  }
  if (plan.exports.length > 0) {
    rows.push([trans.__('Moved unchanged'), plan.exports.join(', '), true]);
  }
  const imported = [...(plan.function ? [plan.function] : []), ...plan.exports];
  rows.push([
    trans.__('Notebook imports'),
    `from ${plan.import_name} import ${imported.join(', ')}`,
    true
  ]);
  return (
    <dl
      className="jp-PromoteExtract-summary"
      data-testid="promote-extract-summary"
      aria-label={trans.__('What the extraction makes')}
    >
      {rows.map(([term, value, code]) => (
        <React.Fragment key={term}>
          <dt>{term}</dt>
          <dd className={code ? 'jp-mod-code' : undefined}>{value}</dd>
        </React.Fragment>
      ))}
    </dl>
  );
}

/**
 * A scrollable, focusable block of source text.
 */
export function SourcePreview(props: {
  label: string;
  source: string;
  testId: string;
}): JSX.Element {
  return (
    <pre
      className="jp-PromoteExtract-source"
      data-testid={props.testId}
      tabIndex={0}
      aria-label={props.label}
    >
      {props.source}
    </pre>
  );
}

/**
 * One tab of the previews.
 */
export interface IPreviewTab {
  id: string;
  label: string;
  content: JSX.Element;
}

/**
 * The previews as tabs (WAI-ARIA tabs pattern: arrow keys, Home and End
 * move between tabs), so all of them fit in the dialog.
 */
export function PreviewTabs(props: {
  idPrefix: string;
  label: string;
  tabs: IPreviewTab[];
}): JSX.Element {
  const { tabs, idPrefix } = props;
  const [selected, setSelected] = React.useState(tabs[0]?.id ?? '');
  const current = tabs.some(tab => tab.id === selected)
    ? selected
    : (tabs[0]?.id ?? '');
  const list = React.useRef<HTMLDivElement>(null);
  const onKeyDown = (event: React.KeyboardEvent): void => {
    const index = tabs.findIndex(tab => tab.id === current);
    const next: Record<string, number> = {
      ArrowRight: (index + 1) % tabs.length,
      ArrowLeft: (index - 1 + tabs.length) % tabs.length,
      Home: 0,
      End: tabs.length - 1
    };
    if (!(event.key in next)) {
      return;
    }
    event.preventDefault();
    event.stopPropagation();
    const target = tabs[next[event.key]];
    setSelected(target.id);
    list.current
      ?.querySelector<HTMLElement>(`#${idPrefix}-tab-${target.id}`)
      ?.focus();
  };
  return (
    <div className="jp-PromoteExtract-tabs">
      <div
        role="tablist"
        aria-label={props.label}
        className="jp-PromoteExtract-tabList"
        ref={list}
        onKeyDown={onKeyDown}
      >
        {tabs.map(tab => (
          <button
            key={tab.id}
            id={`${idPrefix}-tab-${tab.id}`}
            type="button"
            role="tab"
            className="jp-PromoteExtract-tab"
            data-tab={tab.id}
            aria-selected={tab.id === current}
            aria-controls={`${idPrefix}-panel-${tab.id}`}
            tabIndex={tab.id === current ? 0 : -1}
            onClick={() => setSelected(tab.id)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      {tabs.map(tab => (
        <div
          key={tab.id}
          id={`${idPrefix}-panel-${tab.id}`}
          role="tabpanel"
          aria-labelledby={`${idPrefix}-tab-${tab.id}`}
          className="jp-PromoteExtract-tabPanel"
          hidden={tab.id !== current}
        >
          {tab.content}
        </div>
      ))}
    </div>
  );
}

/**
 * The change the extraction makes to the notebook, as a line diff per cell.
 */
export function NotebookChange(props: {
  plan: IExtractPlan;
  cells: ReadonlyArray<IPreviewCell>;
  trans: TranslationBundle;
}): JSX.Element {
  const { trans } = props;
  const label = trans.__('Notebook change');
  let changes;
  try {
    changes = previewEdits(props.cells, props.plan.edits);
  } catch {
    changes = null;
  }
  return (
    <div
      className="jp-PromoteExtract-source"
      data-testid="promote-extract-notebook"
      tabIndex={0}
      aria-label={label}
    >
      {changes === null ? (
        <p>{trans.__('The notebook changed; the preview is out of date.')}</p>
      ) : (
        changes.map(change => (
          <div key={change.cellId ?? 'new'}>
            <div className="jp-PromoteExtract-cellLabel">
              {change.after === null
                ? trans.__('Cell %1: deleted', (change.index ?? 0) + 1)
                : trans.__('Cell %1', (change.index ?? 0) + 1)}
              {change.notes.includes('outputs')
                ? ' ' + trans.__('(outputs cleared)')
                : ''}
            </div>
            {diffLines(change.before ?? '', change.after ?? '').map(
              (line, i) => (
                <div
                  key={i}
                  className={`jp-PromoteExtract-line jp-mod-${line.kind}`}
                >
                  {diffMarker(line)}
                  {line.text}
                </div>
              )
            )}
          </div>
        ))
      )}
    </div>
  );
}
