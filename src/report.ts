/**
 * The analysis report as the server sends it (DESIGN §3).
 *
 * JSON keys are snake_case, as in Jupyter's own REST APIs; this file is the
 * only place where the TypeScript side describes them.
 */

/**
 * The ten category ids, in the order the panel shows them.
 */
export const CATEGORY_IDS = [
  'hidden_state',
  'version_control',
  'modularity',
  'testing',
  'parameters_dependencies',
  'error_handling',
  'security',
  'leakage',
  'performance',
  'duplication'
] as const;

/**
 * One of the ten category ids.
 */
export type CategoryId = (typeof CATEGORY_IDS)[number];

/**
 * Readiness grade derived from the score.
 */
export type Grade = 'ready' | 'almost' | 'needs_work' | 'not_ready';

/**
 * Severity of a finding.
 */
export type Severity = 'error' | 'warning' | 'info';

/**
 * How safely a fix may be applied.
 */
export type Applicability = 'safe' | 'unsafe' | 'manual';

/**
 * A machine-applicable fix offered for a finding.
 *
 * The edits it carries are applied by a later feature; the panel only needs
 * the id and title to offer it.
 */
export interface IFix {
  id: string;
  title: string;
  applicability: Applicability;
}

/**
 * One problem found in the notebook.
 */
export interface IFinding {
  code: string;
  name: string;
  category: CategoryId;
  severity: Severity;
  message: string;
  /** 0-based position among all cells, `null` for notebook-level findings. */
  cell_index: number | null;
  cell_id: string | null;
  /** 1-based line inside the cell source. */
  line?: number | null;
  /** 0-based column inside the line. */
  column?: number | null;
  end_line?: number | null;
  end_column?: number | null;
  /** Points the score gains when this finding goes. */
  impact: number;
  fixes?: IFix[];
}

/**
 * Score and number of findings of one category.
 */
export interface ICategoryScore {
  score: number;
  findings: number;
}

/**
 * The report entry of one notebook (one item of `notebooks`).
 */
export interface IReportEntry {
  path: string;
  score: number | null;
  grade: Grade | null;
  categories: Partial<Record<CategoryId, ICategoryScore>>;
  findings: IFinding[];
  /** A reason the notebook could not be read, else `null`. */
  error: string | null;
}

/**
 * The body of `POST jupyterlab-promote/analyze`.
 */
export interface IAnalyzeRequest {
  path: string;
  notebook: unknown;
}
