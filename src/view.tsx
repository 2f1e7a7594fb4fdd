import { TranslationBundle } from '@jupyterlab/translation';
import { refreshIcon } from '@jupyterlab/ui-components';
import * as React from 'react';

import { FindingsGrouping, totalImpact } from './findings';
import { FindingList } from './findinglist';
import { categoryLabel, gradeClass, gradeLabel, gradeOf } from './labels';
import { PromoteModel } from './model';
import { CATEGORY_IDS, IFinding, IReportEntry } from './report';

/**
 * Properties of the panel's view.
 */
export interface IPromoteViewProps {
  model: PromoteModel;
  trans: TranslationBundle;
  /** Called when the user picks a finding (click, Enter or Space). */
  onSelectFinding: (finding: IFinding) => void;
  /** Called when the user asks for a fresh analysis. */
  onRefresh: () => void;
}

/**
 * The whole panel: header, status, score, category bars and findings.
 */
export function PromoteView(props: IPromoteViewProps): JSX.Element {
  const { model, trans } = props;
  const [grouping, setGrouping] = React.useState<FindingsGrouping>('impact');
  const report = model.report;
  const stale = model.status === 'loading';
  return (
    <div className="jp-PromotePanel-content">
      <header className="jp-PromotePanel-header">
        <h2 className="jp-PromotePanel-title">
          {trans.__('Promotion readiness')}
        </h2>
        <button
          className="jp-PromotePanel-refresh"
          onClick={props.onRefresh}
          disabled={model.status === 'no-notebook'}
          title={trans.__('Analyze again')}
          aria-label={trans.__('Analyze the notebook again')}
        >
          <refreshIcon.react tag="span" elementSize="normal" />
        </button>
      </header>
      <StatusLine model={model} trans={trans} />
      {report && report.score !== null && (
        <div
          className={`jp-PromotePanel-report${stale ? ' jp-mod-stale' : ''}`}
          aria-busy={stale}
        >
          <ScoreSummary report={report} trans={trans} />
          <CategoryBars report={report} trans={trans} />
          <FindingList
            findings={report.findings}
            grouping={grouping}
            onGroupingChange={setGrouping}
            onSelectFinding={props.onSelectFinding}
            trans={trans}
          />
        </div>
      )}
    </div>
  );
}

/**
 * One sentence saying what the panel is doing or why it shows nothing.
 */
function StatusLine(props: {
  model: PromoteModel;
  trans: TranslationBundle;
}): JSX.Element | null {
  const { model, trans } = props;
  const name = model.path ? baseName(model.path) : '';
  switch (model.status) {
    case 'idle':
    case 'no-notebook':
      return (
        <p className="jp-PromotePanel-status jp-mod-empty" role="status">
          {trans.__(
            'No notebook is open. Open or select a notebook to see how ready it is for production.'
          )}
        </p>
      );
    case 'loading':
      return (
        <p className="jp-PromotePanel-status" role="status" aria-live="polite">
          {trans.__('Checking %1…', name)}
        </p>
      );
    case 'error':
      return (
        <div className="jp-PromotePanel-error" role="alert">
          <p className="jp-PromotePanel-errorTitle">
            {trans.__('Could not analyze %1', name)}
          </p>
          <p className="jp-PromotePanel-errorMessage">{model.error}</p>
        </div>
      );
    case 'ready':
      return null;
  }
}

/**
 * The big score, its grade and what there is to gain.
 */
function ScoreSummary(props: {
  report: IReportEntry;
  trans: TranslationBundle;
}): JSX.Element {
  const { report, trans } = props;
  const score = report.score ?? 0;
  const grade = report.grade ?? gradeOf(score);
  const gain = Math.min(100 - score, totalImpact(report.findings));
  return (
    <section
      className={`jp-PromotePanel-summary ${gradeClass(grade)}`}
      aria-label={trans.__('Readiness score')}
    >
      <div className="jp-PromotePanel-path" title={report.path}>
        {baseName(report.path)}
      </div>
      <div className="jp-PromotePanel-scoreRow">
        <span
          className="jp-PromotePanel-score"
          data-testid="promote-score"
          aria-label={trans.__('Score %1 out of 100', score)}
        >
          {score}
        </span>
        <span className="jp-PromotePanel-scoreMax">/100</span>
        <span className="jp-PromotePanel-grade">
          {gradeLabel(grade, trans)}
        </span>
      </div>
      <div className="jp-PromotePanel-gain">
        {report.findings.length === 0
          ? trans.__('No findings')
          : trans._n(
              '%1 finding, up to +%2 points to gain',
              '%1 findings, up to +%2 points to gain',
              report.findings.length,
              gain
            )}
      </div>
    </section>
  );
}

/**
 * One bar per category, in the canonical order.
 */
function CategoryBars(props: {
  report: IReportEntry;
  trans: TranslationBundle;
}): JSX.Element {
  const { report, trans } = props;
  return (
    <section aria-label={trans.__('Categories')}>
      <h3 className="jp-PromotePanel-heading">{trans.__('Categories')}</h3>
      <ul className="jp-PromotePanel-categories">
        {CATEGORY_IDS.map(id => {
          const entry = report.categories[id] ?? { score: 100, findings: 0 };
          const label = categoryLabel(id, trans);
          return (
            <li
              key={id}
              className={`jp-PromotePanel-category ${gradeClass(gradeOf(entry.score))}`}
              data-category={id}
              title={trans._n(
                '%2: %1 finding',
                '%2: %1 findings',
                entry.findings,
                label
              )}
            >
              <span className="jp-PromotePanel-categoryLabel">{label}</span>
              <span
                className="jp-PromotePanel-bar"
                role="meter"
                aria-label={label}
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={entry.score}
              >
                <span
                  className="jp-PromotePanel-barFill"
                  style={{
                    width: `${Math.max(0, Math.min(100, entry.score))}%`
                  }}
                />
              </span>
              <span className="jp-PromotePanel-categoryScore">
                {entry.score}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/**
 * The file name of a path.
 */
function baseName(path: string): string {
  return path.split('/').pop() || path;
}
