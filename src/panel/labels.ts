import { TranslationBundle } from '@jupyterlab/translation';

import { CategoryId, Grade, IFix, Severity } from '../sync/report';

/**
 * Lowest score of each grade (DESIGN §3), best grade first.
 */
export const GRADE_THRESHOLDS: ReadonlyArray<[Grade, number]> = [
  ['ready', 90],
  ['almost', 75],
  ['needs_work', 50],
  ['not_ready', 0]
];

/**
 * The grade a score falls in, using the server's thresholds.
 *
 * Used to colour category bars, which carry a score but no grade.
 */
export function gradeOf(score: number): Grade {
  for (const [grade, lowest] of GRADE_THRESHOLDS) {
    if (score >= lowest) {
      return grade;
    }
  }
  return 'not_ready';
}

/**
 * CSS modifier class of a grade, e.g. `jp-mod-needs-work`.
 */
export function gradeClass(grade: Grade): string {
  return `jp-mod-${grade.replace(/_/g, '-')}`;
}

/**
 * Human label of a grade.
 */
export function gradeLabel(grade: Grade, trans: TranslationBundle): string {
  switch (grade) {
    case 'ready':
      return trans.__('Ready');
    case 'almost':
      return trans.__('Almost ready');
    case 'needs_work':
      return trans.__('Needs work');
    case 'not_ready':
      return trans.__('Not ready');
  }
}

/**
 * Human label of a category id.
 */
export function categoryLabel(
  category: CategoryId,
  trans: TranslationBundle
): string {
  switch (category) {
    case 'hidden_state':
      return trans.__('Hidden state');
    case 'version_control':
      return trans.__('Version control');
    case 'modularity':
      return trans.__('Modularity');
    case 'testing':
      return trans.__('Testing');
    case 'parameters_dependencies':
      return trans.__('Parameters & dependencies');
    case 'error_handling':
      return trans.__('Error handling');
    case 'security':
      return trans.__('Security');
    case 'leakage':
      return trans.__('Data leakage');
    case 'performance':
      return trans.__('Performance');
    case 'duplication':
      return trans.__('Duplication');
  }
  return category;
}

/**
 * Human label of a severity.
 */
export function severityLabel(
  severity: Severity,
  trans: TranslationBundle
): string {
  switch (severity) {
    case 'error':
      return trans.__('Error');
    case 'warning':
      return trans.__('Warning');
    case 'info':
      return trans.__('Info');
  }
  return severity;
}

/**
 * A fix button's text: its title, with an ellipsis when it shows a change or
 * a dialog before it runs.
 */
export function fixButtonLabel(fix: IFix): string {
  return fix.applicability === 'safe' ? fix.title : `${fix.title}…`;
}
