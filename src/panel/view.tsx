import { TranslationBundle } from '@jupyterlab/translation';
import { refreshIcon } from '@jupyterlab/ui-components';
import * as React from 'react';

import { CategoryId, IFinding, IReportEntry } from '../sync/report';
import { CategoryBars } from './categories';
import { checklistRows } from './checklist';
import { ChecklistSection } from './checklistview';
import { IFindingActions } from './findingitem';
import { FindingList } from './findinglist';
import { FindingsGrouping, totalImpact, visibleFindings } from './findings';
import { gradeClass, gradeLabel, gradeOf } from './labels';
import { PromoteModel } from './model';

/**
 * Properties of the panel's view.
 */
export interface IPromoteViewProps extends IFindingActions {
  model: PromoteModel;
  trans: TranslationBundle;
  /** Called when the user asks for a fresh analysis. */
  onRefresh: () => void;
  /** Called when the user asks to re-run the notebook in a clean kernel. */
  onVerify: () => void;
}

/**
 * The whole panel: header, status, score, category bars and findings.
 */
export function PromoteView(props: IPromoteViewProps): JSX.Element {
  const { model, trans } = props;
  const [grouping, setGrouping] = React.useState<FindingsGrouping>('impact');
  const [category, setCategory] = React.useState<CategoryId | null>(null);
  const report = model.report;
  const stale = model.status === 'loading';
  const settings = model.settings;
  // What the settings let through; the category bar selected narrows the list, not the checklist.
  const visible = report ? visibleFindings(report.findings, settings) : [];
  const shown =
    category && settings.enabledCategories.includes(category)
      ? visible.filter(finding => finding.category === category)
      : visible;
  return (
    <div className="jp-PromotePanel-content">
      <header className="jp-PromotePanel-header">
        <h2 className="jp-PromotePanel-title">
          {trans.__('Promotion readiness')}
        </h2>
        <button
          className="jp-PromotePanel-verify"
          onClick={props.onVerify}
          disabled={model.status === 'no-notebook'}
          title={trans.__(
            'Run the notebook top to bottom in a fresh kernel and compare its outputs'
          )}
        >
          {trans.__('Re-run clean')}
        </button>
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
          <CategoryBars
            report={report}
            enabled={settings.enabledCategories}
            selected={category}
            onSelect={setCategory}
            trans={trans}
          />
          <ChecklistSection
            rows={checklistRows(report, visible)}
            onSelect={props.onSelect}
            onApplyFix={props.onApplyFix}
            trans={trans}
          />
          <FindingList
            findings={shown}
            hidden={report.findings.length - shown.length}
            rules={model.rules}
            grouping={grouping}
            onGroupingChange={setGrouping}
            onSelect={props.onSelect}
            onApplyFix={props.onApplyFix}
            onIgnore={props.onIgnore}
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
      <BlockedLine findings={report.findings} trans={trans} />
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
 * The findings that hold the grade at "needs work" at best, whatever the
 * score, or nothing.
 */
function BlockedLine(props: {
  findings: ReadonlyArray<IFinding>;
  trans: TranslationBundle;
}): JSX.Element | null {
  const { findings, trans } = props;
  const blocking = findings.filter(finding => finding.blocking);
  if (blocking.length === 0) {
    return null;
  }
  const names = [...new Set(blocking.map(finding => finding.name))];
  return (
    <div
      className="jp-PromotePanel-blocked"
      data-testid="promote-blocked"
      role="note"
      title={trans.__(
        'While a blocking finding is here, the grade is at most "needs work", whatever the score'
      )}
    >
      {trans._n(
        '%1 blocking finding: %2',
        '%1 blocking findings: %2',
        blocking.length,
        names.join(', ')
      )}
    </div>
  );
}

/**
 * The file name of a path.
 */
function baseName(path: string): string {
  return path.split('/').pop() || path;
}
