import { isActionableFix } from '../extract/plan';
import {
  ChecklistState,
  IChecklistItem,
  IFinding,
  IFix,
  IReportEntry
} from '../sync/report';

/**
 * The action of a checklist row: a fix of one of its findings, run through
 * the same path as the finding's own fix button, or guidance to read.
 */
export type ChecklistRowAction =
  | { kind: 'fix'; finding: IFinding; fix: IFix }
  | { kind: 'guidance'; text: string };

/**
 * One row of the "Path to production" section, as the panel shows it.
 */
export interface IChecklistRow {
  id: string;
  title: string;
  state: ChecklistState;
  /** Why it does not apply (only for `not_applicable`). */
  reason: string | null;
  /** The findings holding it back that the user's settings show. */
  findings: IFinding[];
  action: ChecklistRowAction | null;
}

/**
 * The rows of the checklist for a report, seen through the user's settings.
 *
 * The server decides which items apply and which findings hold each back;
 * a finding the user chose not to see (an ignored code, a category turned
 * off) holds nothing back here, so an item whose holding findings are all
 * hidden shows as done, and never offers an action.
 */
export function checklistRows(
  report: IReportEntry,
  visible: ReadonlyArray<IFinding>
): IChecklistRow[] {
  return (report.checklist ?? []).map(item => {
    if (item.state === 'not_applicable') {
      return { ...rowBase(item), findings: [], action: null };
    }
    const codes = new Set(item.codes);
    const findings = visible.filter(finding => codes.has(finding.code));
    return {
      ...rowBase(item),
      state: findings.length ? 'not_yet' : 'done',
      findings,
      action: findings.length ? rowAction(item, report.findings) : null
    };
  });
}

/**
 * How many applicable items are done, and how many apply.
 */
export function checklistProgress(rows: ReadonlyArray<IChecklistRow>): {
  done: number;
  applicable: number;
} {
  const applicable = rows.filter(row => row.state !== 'not_applicable');
  return {
    done: applicable.filter(row => row.state === 'done').length,
    applicable: applicable.length
  };
}

function rowBase(
  item: IChecklistItem
): Pick<IChecklistRow, 'id' | 'title' | 'state' | 'reason'> {
  return {
    id: item.id,
    title: item.title,
    state: item.state,
    reason: item.reason
  };
}

/**
 * The fix the item names, found on its finding in the report; its title as
 * guidance when no finding carries it (a manual step, or a report older
 * than the notebook's last edit).
 */
function rowAction(
  item: IChecklistItem,
  findings: ReadonlyArray<IFinding>
): ChecklistRowAction | null {
  const action = item.action;
  if (!action) {
    return null;
  }
  for (const finding of findings) {
    const fix = (finding.fixes ?? []).find(f => f.id === action.fix_id);
    // A manual fix is guidance, except "Extract to module": its dialog runs it.
    if (
      fix &&
      finding.code === action.code &&
      finding.cell_id === action.cell_id &&
      isActionableFix(fix)
    ) {
      return { kind: 'fix', finding, fix };
    }
  }
  return { kind: 'guidance', text: action.title };
}
