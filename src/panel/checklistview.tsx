import { TranslationBundle } from '@jupyterlab/translation';
import { caretDownIcon } from '@jupyterlab/ui-components';
import * as React from 'react';

import { ChecklistState, IFinding } from '../sync/report';
import { IChecklistRow, checklistProgress } from './checklist';
import { IFindingActions, locationLabel } from './findingitem';
import { fixButtonLabel } from './labels';

/**
 * The "Path to production" section: the seven checklist items, each with
 * its state, the findings holding it back (revealed in the notebook on
 * click) and the one action that moves it forward. Its heading folds it
 * away to the progress line, so the findings below come up.
 */
export function ChecklistSection(
  props: Pick<IFindingActions, 'onSelect' | 'onApplyFix'> & {
    rows: IChecklistRow[];
    trans: TranslationBundle;
  }
): JSX.Element | null {
  const { rows, trans } = props;
  const [open, setOpen] = React.useState<string | null>(null);
  const [collapsed, setCollapsed] = React.useState(false);
  if (rows.length === 0) {
    return null;
  }
  const progress = checklistProgress(rows);
  const listId = 'jp-PromotePanel-checklistItems';
  return (
    <section
      className="jp-PromotePanel-checklist"
      data-testid="promote-checklist"
      aria-label={trans.__('Path to production')}
    >
      <div className="jp-PromotePanel-checklistHeader">
        <h3 className="jp-PromotePanel-heading">
          <button
            className="jp-PromotePanel-checklistToggle"
            aria-expanded={!collapsed}
            aria-controls={listId}
            onClick={() => setCollapsed(!collapsed)}
          >
            <caretDownIcon.react
              tag="span"
              className={`jp-PromotePanel-checklistCaret${collapsed ? ' jp-mod-collapsed' : ''}`}
            />
            {trans.__('Path to production')}
          </button>
        </h3>
        <span className="jp-PromotePanel-checklistProgress">
          {trans.__('%1 of %2 done', progress.done, progress.applicable)}
        </span>
      </div>
      {!collapsed && (
        <ul id={listId} className="jp-PromotePanel-checklistItems">
          {rows.map(row => (
            <ChecklistRow
              key={row.id}
              row={row}
              expanded={open === row.id && row.findings.length > 0}
              onToggle={() => setOpen(open === row.id ? null : row.id)}
              onSelect={props.onSelect}
              onApplyFix={props.onApplyFix}
              trans={trans}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function ChecklistRow(
  props: Pick<IFindingActions, 'onSelect' | 'onApplyFix'> & {
    row: IChecklistRow;
    expanded: boolean;
    onToggle: () => void;
    trans: TranslationBundle;
  }
): JSX.Element {
  const { row, trans } = props;
  const title = checklistTitle(row.id, row.title, trans);
  const listId = `jp-PromotePanel-checklist-${row.id}`;
  const action = row.action;
  return (
    <li
      className={`jp-PromotePanel-checklistItem jp-mod-${row.state.replace('_', '-')}`}
      data-testid="promote-checklist-item"
      data-item={row.id}
      data-state={row.state}
    >
      <div className="jp-PromotePanel-checklistRow">
        <StateMark state={row.state} trans={trans} />
        <span
          className="jp-PromotePanel-checklistTitle"
          title={
            row.state === 'not_applicable' && row.reason
              ? trans.__('Not applicable: %1', row.reason)
              : title
          }
        >
          {title}
        </span>
        {row.findings.length > 0 && (
          <button
            className="jp-PromotePanel-checklistCount"
            data-testid="promote-checklist-count"
            aria-expanded={props.expanded}
            aria-controls={listId}
            aria-label={trans._n(
              '%2: %1 finding holds it back. Show it.',
              '%2: %1 findings hold it back. Show them.',
              row.findings.length,
              title
            )}
            onClick={props.onToggle}
          >
            {row.findings.length}
          </button>
        )}
      </div>
      {action?.kind === 'fix' && (
        <button
          className={`jp-PromotePanel-checklistAction jp-mod-${action.fix.applicability}`}
          data-testid="promote-checklist-action"
          title={trans.__(
            '%1 (fixes %2)',
            action.fix.title,
            action.finding.code
          )}
          onClick={() => props.onApplyFix(action.finding, action.fix)}
        >
          {fixButtonLabel(action.fix)}
        </button>
      )}
      {action?.kind === 'guidance' && (
        <p className="jp-PromotePanel-checklistGuidance">
          {trans.__('Next: %1', action.text)}
        </p>
      )}
      {props.expanded && (
        <ul id={listId} className="jp-PromotePanel-checklistFindings">
          {row.findings.map((finding, i) => (
            <li key={`${finding.code}-${finding.cell_id ?? ''}-${i}`}>
              <button
                className="jp-PromotePanel-checklistFinding"
                onClick={() => props.onSelect(finding)}
                title={finding.message}
              >
                <code className="jp-PromotePanel-code">{finding.code}</code>{' '}
                {heldByLabel(finding, trans)}
              </button>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

function StateMark(props: {
  state: ChecklistState;
  trans: TranslationBundle;
}): JSX.Element {
  const { state, trans } = props;
  const labels: Record<ChecklistState, [string, string]> = {
    done: ['✓', trans.__('Done')],
    not_yet: ['', trans.__('Not yet')],
    not_applicable: ['–', trans.__('Not applicable')]
  };
  const [glyph, label] = labels[state];
  return (
    <span
      className="jp-PromotePanel-checklistMark"
      role="img"
      aria-label={label}
      title={label}
    >
      {glyph}
    </span>
  );
}

/**
 * Where a holding finding is and what it says, shortened for the list.
 */
function heldByLabel(finding: IFinding, trans: TranslationBundle): string {
  const message =
    finding.message.length > 70
      ? `${finding.message.slice(0, 69)}…`
      : finding.message;
  return `${locationLabel(finding, trans)}: ${message}`;
}

/**
 * An item's title in the user's language; the server's (English) title for
 * an item this version does not know.
 */
export function checklistTitle(
  id: string,
  fallback: string,
  trans: TranslationBundle
): string {
  switch (id) {
    case 'version_control':
      return trans.__('Version control with output stripping');
    case 'modules':
      return trans.__('Logic in modules with clear interfaces');
    case 'configuration':
      return trans.__('Configuration, secrets and paths outside the code');
    case 'environment':
      return trans.__('A containerised, reproducible environment');
    case 'tests_ci':
      return trans.__('Automated tests wired into CI');
    case 'logging':
      return trans.__('Logging and error handling');
    case 'exploration':
      return trans.__('Notebook for exploration, stable code in libraries');
    default:
      return fallback;
  }
}
