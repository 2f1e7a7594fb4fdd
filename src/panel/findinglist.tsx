import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { IFinding, IRule } from '../sync/report';
import { FindingItem, IFindingActions } from './findingitem';
import { FindingsGrouping, groupFindings } from './findings';

/**
 * Findings, grouped as the user chose, each one a button that reveals its
 * cell.
 */
export function FindingList(
  props: IFindingActions & {
    findings: IFinding[];
    /** Findings left out by the settings or the category filter. */
    hidden: number;
    rules: ReadonlyMap<string, IRule> | null;
    grouping: FindingsGrouping;
    onGroupingChange: (grouping: FindingsGrouping) => void;
    trans: TranslationBundle;
  }
): JSX.Element {
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
      {groups.length === 0 && props.hidden === 0 && (
        <p className="jp-PromotePanel-status jp-mod-empty">
          {trans.__('No findings: nothing stands in the way of production.')}
        </p>
      )}
      {props.hidden > 0 && (
        <p className="jp-PromotePanel-status jp-PromotePanel-hidden">
          {trans._n(
            '%1 finding hidden by the category filter or your settings.',
            '%1 findings hidden by the category filter or your settings.',
            props.hidden
          )}
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
                rule={props.rules?.get(finding.code)}
                onSelect={props.onSelect}
                onApplyFix={props.onApplyFix}
                onIgnore={props.onIgnore}
                trans={trans}
              />
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
