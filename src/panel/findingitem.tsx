import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { isActionableFix } from '../extract/plan';
import { IFinding, IFix, IRule } from '../sync/report';
import { fixButtonLabel, severityLabel } from './labels';

/**
 * What the user can do with a finding.
 */
export interface IFindingActions {
  /** Reveal the finding in the notebook (click, Enter or Space). */
  onSelect: (finding: IFinding) => void;
  /** Apply one of its fixes. */
  onApplyFix: (finding: IFinding, fix: IFix) => void;
  /** Suppress it. */
  onIgnore: (finding: IFinding) => void;
}

/**
 * One finding: a button revealing it (impact, message, location), its
 * quick-fix buttons and "Ignore", manual guidance, and the rule's
 * description behind its code.
 */
export function FindingItem(
  props: IFindingActions & {
    finding: IFinding;
    rule: IRule | undefined;
    trans: TranslationBundle;
  }
): JSX.Element {
  const { finding, trans, rule } = props;
  const where = locationLabel(finding, trans);
  const fixes = finding.fixes ?? [];
  const applicable = fixes.filter(isActionableFix);
  const manual = fixes.filter(fix => !isActionableFix(fix));
  return (
    <li
      className={`jp-PromotePanel-finding jp-mod-${finding.severity}`}
      data-testid="promote-finding"
      data-code={finding.code}
      data-category={finding.category}
      data-cell-id={finding.cell_id ?? ''}
      onClick={event => {
        // A click on the row itself (not on an action) reveals the finding too.
        const target = event.target as Element;
        if (!target.closest('button, details')) {
          props.onSelect(finding);
        }
      }}
    >
      <button
        className="jp-PromotePanel-findingButton"
        onClick={() => props.onSelect(finding)}
        aria-label={
          trans.__(
            '%1 %2: %3. %4. Fixing it gains %5 points.',
            severityLabel(finding.severity, trans),
            finding.code,
            finding.message,
            where,
            finding.impact
          ) + (finding.blocking ? ' ' + trans.__('It blocks the grade.') : '')
        }
      >
        <span
          className="jp-PromotePanel-impact"
          title={trans.__('+%1 if fixed', finding.impact)}
        >
          +{finding.impact}
        </span>
        <span className="jp-PromotePanel-findingBody">
          <span className="jp-PromotePanel-message">{finding.message}</span>
          <span className="jp-PromotePanel-location">{where}</span>
          {finding.blocking && (
            <span
              className="jp-PromotePanel-blocking"
              data-testid="promote-blocking-tag"
              title={trans.__(
                'While this finding is here the grade is at most "needs work"'
              )}
            >
              {trans.__('blocks the grade')}
            </span>
          )}
          {finding.origin === 'kernel' && (
            <span className="jp-PromotePanel-origin">
              {trans.__('from the kernel')}
            </span>
          )}
        </span>
      </button>
      <div className="jp-PromotePanel-findingFooter">
        <details className="jp-PromotePanel-rule">
          <summary
            className="jp-PromotePanel-ruleSummary"
            title={rule?.summary ?? finding.name}
            aria-label={trans.__(
              'About rule %1 (%2)',
              finding.code,
              finding.name
            )}
          >
            <code className="jp-PromotePanel-code">{finding.code}</code>
            <span className="jp-PromotePanel-name">{finding.name}</span>
          </summary>
          <div className="jp-PromotePanel-ruleDoc">
            {rule?.description ?? trans.__('No description available.')}
          </div>
        </details>
        <div
          className="jp-PromotePanel-actions"
          role="group"
          aria-label={trans.__('Actions for %1', finding.code)}
        >
          {applicable.map(fix => (
            <button
              key={fix.id}
              className={`jp-PromotePanel-fix jp-mod-${fix.applicability}`}
              data-testid="promote-fix"
              data-applicability={fix.applicability}
              onClick={() => props.onApplyFix(finding, fix)}
              title={
                fix.applicability === 'manual'
                  ? trans.__('Opens the extraction dialog')
                  : fix.applicability === 'unsafe'
                    ? trans.__('May change behaviour: shows the change first')
                    : trans.__('Keeps the meaning: applied in one click')
              }
            >
              {fixButtonLabel(fix)}
            </button>
          ))}
          <button
            className="jp-PromotePanel-ignore"
            onClick={() => props.onIgnore(finding)}
            title={
              finding.cell_id
                ? trans.__('Add a promote: ignore[%1] marker', finding.code)
                : trans.__('Ignore %1 in every notebook', finding.code)
            }
            aria-label={trans.__('Ignore %1 here', finding.code)}
          >
            {trans.__('Ignore')}
          </button>
        </div>
      </div>
      {manual.map(fix => (
        <p key={fix.id} className="jp-PromotePanel-guidance">
          {trans.__('How to fix: %1', fix.title)}
        </p>
      ))}
    </li>
  );
}

/**
 * "Cell 4, line 2" (1-based for people), or "Whole notebook".
 */
export function locationLabel(
  finding: IFinding,
  trans: TranslationBundle
): string {
  if (finding.cell_index === null) {
    return trans.__('Whole notebook');
  }
  if (typeof finding.line === 'number') {
    return trans.__('Cell %1, line %2', finding.cell_index + 1, finding.line);
  }
  return trans.__('Cell %1', finding.cell_index + 1);
}
