import { TranslationBundle } from '@jupyterlab/translation';

import { CATEGORY_IDS, IFinding, Severity } from '../sync/report';
import { categoryLabel } from './labels';

/**
 * How the panel arranges findings.
 */
export type FindingsGrouping = 'impact' | 'category' | 'cell';

/**
 * A titled run of findings.
 */
export interface IFindingGroup {
  /** Stable key for rendering. */
  key: string;
  /** Heading shown above the group; empty for the flat impact list. */
  label: string;
  findings: IFinding[];
}

const SEVERITY_RANK: Record<Severity, number> = {
  error: 0,
  warning: 1,
  info: 2
};

/**
 * Order findings by what fixing them gains: highest impact first, then
 * severity, then position in the notebook. Does not modify its input.
 */
export function sortByImpact(findings: ReadonlyArray<IFinding>): IFinding[] {
  return [...findings].sort(
    (a, b) =>
      b.impact - a.impact ||
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      cellOrder(a) - cellOrder(b) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      a.code.localeCompare(b.code)
  );
}

/**
 * Arrange findings for display.
 *
 * - `impact`: one group, sorted by impact.
 * - `category`: one group per category in the canonical order, each sorted
 *   by impact.
 * - `cell`: notebook-level findings first, then one group per cell in
 *   notebook order, each sorted by impact.
 */
export function groupFindings(
  findings: ReadonlyArray<IFinding>,
  grouping: FindingsGrouping,
  trans: TranslationBundle
): IFindingGroup[] {
  const sorted = sortByImpact(findings);
  if (grouping === 'impact') {
    return sorted.length ? [{ key: 'all', label: '', findings: sorted }] : [];
  }
  if (grouping === 'category') {
    const known: ReadonlyArray<string> = CATEGORY_IDS;
    const others = sorted
      .map(f => f.category as string)
      .filter(c => !known.includes(c));
    const order = [...known, ...new Set(others)];
    return order
      .map(category => ({
        key: category,
        label: categoryLabel(category as IFinding['category'], trans),
        findings: sorted.filter(f => f.category === category)
      }))
      .filter(group => group.findings.length > 0);
  }
  const indices = [...new Set(sorted.map(cellOrder))].sort((a, b) => a - b);
  return indices.map(index => ({
    key: `cell-${index}`,
    label:
      index < 0 ? trans.__('Whole notebook') : trans.__('Cell %1', index + 1),
    findings: sorted.filter(f => cellOrder(f) === index)
  }));
}

/**
 * The findings the user wants to see: not of an ignored code, of an enabled
 * category, and (when `category` is given) of that category.
 */
export function visibleFindings(
  findings: ReadonlyArray<IFinding>,
  settings: {
    ignoredCodes: ReadonlyArray<string>;
    enabledCategories: ReadonlyArray<string>;
  },
  category: string | null = null
): IFinding[] {
  const ignored = new Set(settings.ignoredCodes);
  const enabled = new Set(settings.enabledCategories);
  return findings.filter(
    f =>
      !ignored.has(f.code) &&
      enabled.has(f.category) &&
      (category === null || f.category === category)
  );
}

/**
 * Total points to gain by fixing all findings.
 */
export function totalImpact(findings: ReadonlyArray<IFinding>): number {
  return findings.reduce((sum, f) => sum + Math.max(0, f.impact), 0);
}

/**
 * Where a finding sits: its cell index, or -1 for notebook-level findings.
 */
function cellOrder(finding: IFinding): number {
  return finding.cell_index ?? -1;
}
