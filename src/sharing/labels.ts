/**
 * Words and ordering of the badge and the "before sharing" check: pure
 * functions, kept in step with engine/badge.py.
 */
import { TranslationBundle } from '@jupyterlab/translation';

import { gradeClass, gradeLabel } from '../panel/labels';
import { Grade, IFinding } from '../sync/report';
import { VerificationState } from './stamp';

/**
 * The file name the Markdown snippet shows, as in the README's
 * `jupyter-promote badge NB -o badge.svg --markdown`.
 */
export const BADGE_FILE = 'badge.svg';

const GRADE_WORDS: Record<Grade, string> = {
  ready: 'ready',
  almost: 'almost',
  needs_work: 'needs work',
  not_ready: 'not ready'
};

const STATE_WORDS: Record<string, string> = {
  verified: 'verified',
  failed: 'verification failed',
  stale: 'verification stale',
  none: 'not verified'
};

/**
 * The badge's title as the server's SVG words it (engine/badge.py), e.g.
 * "promotion readiness: 84 (almost), verified". Kept in English: it is the
 * alt text of a file others read.
 */
export function badgeTitle(
  score: number,
  grade: Grade,
  state: VerificationState
): string {
  return `promotion readiness: ${score} (${GRADE_WORDS[grade]}), ${
    STATE_WORDS[state ?? 'none']
  }`;
}

/**
 * The Markdown image showing the badge file, as `--markdown` prints it.
 */
export function badgeMarkdown(
  title: string,
  file: string = BADGE_FILE
): string {
  return `![${title}](${file})`;
}

/**
 * The `<title>` of an SVG badge, or null when it has none.
 */
export function svgTitle(svg: string): string | null {
  const match = /<title>([^<]*)<\/title>/.exec(svg);
  if (!match) {
    return null;
  }
  return match[1]
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/**
 * What the toolbar badge shows.
 */
export interface IBadgeLook {
  /** The visible text: the score, or a dash before the first report. */
  text: string;
  /** The tick (verified) or cross (failed) after the score, if any. */
  mark: '✓' | '✗' | null;
  /** CSS classes: the grade's modifier (panel colours) or `jp-mod-unknown`. */
  className: string;
  /** The whole state in words, for screen readers and the tooltip. */
  label: string;
}

/**
 * The toolbar badge's text, mark, colour class and label.
 */
export function badgeLook(
  score: number | null,
  grade: Grade | null,
  state: VerificationState,
  trans: TranslationBundle
): IBadgeLook {
  const mark = state === 'verified' ? '✓' : state === 'failed' ? '✗' : null;
  const states: Record<string, string> = {
    verified: trans.__('verified in a clean kernel'),
    failed: trans.__('the clean re-run failed'),
    stale: trans.__('verification stale: the code changed since'),
    none: trans.__('not verified')
  };
  if (score === null || grade === null) {
    return {
      text: '–',
      mark,
      className: 'jp-PromoteBadge jp-mod-unknown',
      label: trans.__('Promotion readiness: not checked yet')
    };
  }
  return {
    text: String(score),
    mark,
    className: `jp-PromoteBadge ${gradeClass(grade)}`,
    label: trans.__(
      'Promotion readiness %1 of 100, %2, %3. Open the readiness panel.',
      score,
      gradeLabel(grade, trans),
      states[state ?? 'none']
    )
  };
}

/**
 * Why a finding blocks sharing, most urgent first: secrets (in code or
 * outputs), absolute paths, a failed or differing clean re-run, leaked rows,
 * undefined names, then whatever else the project's `blocking` list names.
 */
export type BlockingKind =
  'secret' | 'path' | 'verify' | 'leakage' | 'name' | 'other';

const VERIFY_NAMES = ['failed-clean-run', 'differs-on-clean-run'];

/**
 * The blocking kind of a finding, or null when it does not block sharing.
 * The engine decides what blocks (the `blocking` flag, from the project's
 * list), so the grade and this dialog never disagree.
 */
export function blockingKind(finding: IFinding): BlockingKind | null {
  if (!finding.blocking) {
    return null;
  }
  if (finding.category === 'security') {
    return 'secret';
  }
  if (finding.name === 'absolute-path') {
    return 'path';
  }
  if (VERIFY_NAMES.includes(finding.name)) {
    return 'verify';
  }
  if (finding.category === 'leakage') {
    return 'leakage';
  }
  if (finding.name === 'undefined-name') {
    return 'name';
  }
  return 'other';
}

const KIND_ORDER: BlockingKind[] = [
  'secret',
  'path',
  'verify',
  'leakage',
  'name',
  'other'
];

/**
 * The findings that block sharing, in KIND_ORDER; in notebook order within
 * each kind.
 */
export function blockingFindings(
  findings: ReadonlyArray<IFinding>
): IFinding[] {
  const ranked = findings
    .map(finding => ({ finding, kind: blockingKind(finding) }))
    .filter(
      (item): item is { finding: IFinding; kind: BlockingKind } =>
        item.kind !== null
    );
  const position = (f: IFinding): number =>
    f.cell_index === null ? -1 : f.cell_index;
  ranked.sort(
    (a, b) =>
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      position(a.finding) - position(b.finding) ||
      (a.finding.line ?? 0) - (b.finding.line ?? 0)
  );
  return ranked.map(item => item.finding);
}

/**
 * A blocking kind in words, as the share dialogs label each finding.
 */
export function kindLabel(
  kind: BlockingKind,
  trans: TranslationBundle
): string {
  switch (kind) {
    case 'secret':
      return trans.__('Secret');
    case 'path':
      return trans.__('Absolute path');
    case 'verify':
      return trans.__('Clean re-run');
    case 'leakage':
      return trans.__('Leakage');
    case 'name':
      return trans.__('Undefined name');
    case 'other':
      return trans.__('Blocking');
  }
}
