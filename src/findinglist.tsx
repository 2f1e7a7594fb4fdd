import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { FindingsGrouping, groupFindings } from './findings';
import { severityLabel } from './labels';
import { IFinding } from './report';

/**
 * Findings, grouped as the user chose, each one a button that reveals its
 * cell.
 */
export function FindingList(props: {
  findings: IFinding[];
  grouping: FindingsGrouping;
  onGroupingChange: (grouping: FindingsGrouping) => void;
  onSelectFinding: (finding: IFinding) => void;
  trans: TranslationBundle;
}): JSX.Element {
  const { findings, grouping, trans } = props;
  const groups = groupFindings(findings, grouping, trans);
  return (
    <section aria-label={trans.__('Findings')}>
      <div className="jp-PromotePanel-findingsHeader">
        <h3 className="jp-PromotePanel-heading">{trans.__('Findings')}</h3>
        <select
          className="jp-PromotePanel-grouping"
          aria-label={trans.__('Arrange findings')}
          value={grouping}
          onChange={event =>
            props.onGroupingChange(event.target.value as FindingsGrouping)
          }
        >
          <option value="impact">{trans.__('By impact')}</option>
          <option value="category">{trans.__('By category')}</option>
          <option value="cell">{trans.__('By cell')}</option>
        </select>
      </div>
      {groups.length === 0 && (
        <p className="jp-PromotePanel-status jp-mod-empty">
          {trans.__('No findings: nothing stands in the way of production.')}
        </p>
      )}
      {groups.map(group => (
        <div key={group.key} className="jp-PromotePanel-group">
          {group.label && (
            <h4 className="jp-PromotePanel-groupLabel">{group.label}</h4>
          )}
          <ul className="jp-PromotePanel-findings">
            {group.findings.map((finding, i) => (
              <FindingItem
                key={`${finding.code}-${finding.cell_id ?? ''}-${finding.line ?? ''}-${i}`}
                finding={finding}
                onSelect={props.onSelectFinding}
                trans={trans}
              />
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

/**
 * One finding: impact badge, message, code and location.
 */
function FindingItem(props: {
  finding: IFinding;
  onSelect: (finding: IFinding) => void;
  trans: TranslationBundle;
}): JSX.Element {
  const { finding, trans } = props;
  const where = locationLabel(finding, trans);
  return (
    <li
      className={`jp-PromotePanel-finding jp-mod-${finding.severity}`}
      data-testid="promote-finding"
      data-code={finding.code}
      data-category={finding.category}
      data-cell-id={finding.cell_id ?? ''}
    >
      <button
        className="jp-PromotePanel-findingButton"
        onClick={() => props.onSelect(finding)}
        title={finding.name}
        aria-label={trans.__(
          '%1 %2: %3. %4. Fixing it gains %5 points.',
          severityLabel(finding.severity, trans),
          finding.code,
          finding.message,
          where,
          finding.impact
        )}
      >
        <span
          className="jp-PromotePanel-impact"
          title={trans.__('Points gained by fixing this')}
        >
          +{finding.impact}
        </span>
        <span className="jp-PromotePanel-findingBody">
          <span className="jp-PromotePanel-message">{finding.message}</span>
          <span className="jp-PromotePanel-meta">
            <code className="jp-PromotePanel-code">{finding.code}</code>
            <span className="jp-PromotePanel-name">{finding.name}</span>
            <span className="jp-PromotePanel-location">{where}</span>
          </span>
        </span>
      </button>
    </li>
  );
}

/**
 * "Cell 4, line 2" (1-based for people), or "Whole notebook".
 */
function locationLabel(finding: IFinding, trans: TranslationBundle): string {
  if (finding.cell_index === null) {
    return trans.__('Whole notebook');
  }
  if (typeof finding.line === 'number') {
    return trans.__('Cell %1, line %2', finding.cell_index + 1, finding.line);
  }
  return trans.__('Cell %1', finding.cell_index + 1);
}
