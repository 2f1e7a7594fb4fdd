/**
 * The analysis report as the server sends it (DESIGN §3).
 *
 * JSON keys are snake_case, as in Jupyter's own REST APIs; this file is the
 * only place where the TypeScript side describes them.
 */

import { PartialJSONObject } from '@lumino/coreutils';

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
 * A position inside a cell's source: 0-based line, 0-based character column.
 */
export interface IEditPosition {
  line: number;
  column: number;
}

/**
 * One edit of a fix (engine/edits.py): notebook edits address cells by id,
 * `file` edits change a project file, `command` edits run a JupyterLab
 * command on the notebook.
 */
export type NotebookEdit =
  | {
      type: 'text';
      cell_id: string;
      start: IEditPosition;
      end: IEditPosition;
      text: string;
    }
  | {
      type: 'insert_cell';
      after_cell_id: string | null;
      cell: {
        cell_type: 'code' | 'markdown' | 'raw';
        source: string;
        metadata?: Record<string, unknown>;
      };
    }
  | { type: 'delete_cell'; cell_id: string }
  | {
      type: 'replace_cell';
      cell_id: string;
      source?: string;
      outputs?: unknown[];
      execution_count?: number | null;
    }
  | { type: 'move_cell'; cell_id: string; after_cell_id: string | null }
  | {
      type: 'set_metadata';
      cell_id: string | null;
      key: string;
      value: unknown;
    }
  | {
      type: 'file';
      path: string;
      /** `replace` swaps the whole text; refused when the file changed. */
      action: 'create' | 'append' | 'replace';
      content: string;
      /** For `replace`: sha256 of the text it replaces. */
      sha256?: string;
    }
  | {
      /** Run a JupyterLab command on the notebook (e.g. restart and run all). */
      type: 'command';
      command: string;
      /** What the command does, for the user ("Restart the kernel and run all cells"). */
      label: string;
      /** Arguments of the command, if it takes any. */
      args?: PartialJSONObject;
    };

/**
 * An edit that runs a JupyterLab command.
 */
export type CommandEdit = Extract<NotebookEdit, { type: 'command' }>;

/**
 * A machine-applicable fix offered for a finding.
 */
export interface IFix {
  id: string;
  title: string;
  applicability: Applicability;
  /** The edits of the fix, as analyzed (the fix route sends them fresh). */
  edits?: NotebookEdit[];
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
  /**
   * Holds the grade at `needs_work` at best and stops Check Before Sharing
   * (a secret, leaked rows, a failed clean re-run...: the project's
   * `blocking` list).
   */
  blocking?: boolean;
  fixes?: IFix[];
  /** Set by the client on findings the live kernel reported (not sent by the server). */
  origin?: 'kernel';
}

/**
 * Score and number of findings of one category.
 */
export interface ICategoryScore {
  score: number;
  findings: number;
}

/**
 * Where a path-to-production checklist item stands for the notebook.
 */
export type ChecklistState = 'done' | 'not_yet' | 'not_applicable';

/**
 * The one action that moves a checklist item forward: a fix of one of the
 * findings holding it back, or guidance when no finding offers one
 * (`fix_id` is `null`).
 */
export interface IChecklistAction {
  code: string;
  cell_id: string | null;
  fix_id: string | null;
  title: string;
  applicability: Applicability;
}

/**
 * One item of the path-to-production checklist (engine/report/checklist.py).
 */
export interface IChecklistItem {
  id: string;
  title: string;
  state: ChecklistState;
  /** Codes of the findings that hold it back, most important first. */
  codes: string[];
  /** How many findings hold it back. */
  findings: number;
  /** Why it does not apply, when `state` is `not_applicable`. */
  reason: string | null;
  action: IChecklistAction | null;
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
  /** The seven path-to-production items; `null` when it could not be read. */
  checklist?: IChecklistItem[] | null;
}

/**
 * A cell of an incremental request: the full cell JSON with a `hash`, or a
 * reference `{id, hash}` to a cell sent before.
 */
export type IncrementalCell =
  | { id: string; hash: string }
  | (Record<string, unknown> & { id: string; hash: string; cell_type: string });

/**
 * The incremental form of a request: the server assembles the notebook from
 * the cells it remembers for `document_id` and the ones sent in full.
 */
export interface IIncrementalNotebook {
  document_id: string;
  cells: IncrementalCell[];
  /** Notebook metadata, only when it changed since the last request. */
  metadata?: unknown;
  nbformat_minor?: number;
}

/**
 * The body of `POST jupyterlab-promote/analyze`: the whole notebook or its
 * incremental form.
 */
export type IAnalyzeRequest = {
  path: string;
  /** The versions the kernel-state route read from the notebook's kernel. */
  kernel_packages?: Record<string, string>;
} & IRequestFilters &
  ({ notebook?: unknown } | IIncrementalNotebook);

/**
 * What the user's settings leave out of the analysis: findings of ignored
 * codes (or rule names) and of disabled categories are neither reported nor
 * scored.
 */
export interface IRequestFilters {
  /** Codes, code prefixes or rule names not to report. */
  ignore?: string[];
  /** The category ids to report; the others are left out. */
  categories?: CategoryId[];
}

/**
 * The body of `POST jupyterlab-promote/fix`.
 */
export type IFixRequest = IAnalyzeRequest & {
  fix_id: string;
  apply_files?: boolean;
};

/**
 * A project file a fix changes, as text before (null: absent) and after.
 */
export interface IFileChange {
  /** Path relative to the server root. */
  path: string;
  before: string | null;
  after: string;
}

/**
 * The reply of `POST jupyterlab-promote/fix`.
 */
export interface IFixReply {
  code: string;
  fix: IFix;
  /** Notebook edits for the client to apply. */
  edits: NotebookEdit[];
  files: IFileChange[];
  files_written: boolean;
}

/**
 * One rule of the catalogue (`GET jupyterlab-promote/rules`).
 */
export interface IRule {
  code: string;
  name: string;
  category: CategoryId;
  severity: Severity;
  summary: string;
  description: string;
  fixable: boolean;
}
