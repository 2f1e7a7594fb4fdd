/**
 * Extract to module: the request and reply of `POST jupyterlab-promote/extract`
 * (DESIGN §5) and the pure logic of the dialog (default module path, request
 * building, preview state).
 */
import { ISharedNotebook } from '@jupyter/ydoc';
import { PathExt } from '@jupyterlab/coreutils';
import * as nbformat from '@jupyterlab/nbformat';

import { describeError, PromoteAPIError } from '../sync/api';
import { IFix, NotebookEdit } from '../sync/report';

/**
 * What the user chooses in the dialog.
 */
export interface IExtractForm {
  /** Module path relative to the notebook's folder, e.g. `pkg/features.py`. */
  module: string;
  /** Function name; empty for the server's default. */
  functionName: string;
  /** Write a test file too. */
  tests: boolean;
  /** Append to the module when it exists (refused on a name collision). */
  append: boolean;
}

/**
 * The body of `POST jupyterlab-promote/extract`.
 */
export interface IExtractRequest {
  path: string;
  notebook: nbformat.INotebookContent;
  /** The cells to extract; absent when `duplicate` names a repeated block. */
  cell_ids?: string[];
  /** A repeated block (the duplication rule's fix): one function for every copy. */
  duplicate?: IDuplicateBlock;
  module: string;
  function?: string;
  tests: boolean;
  append: boolean;
  dry_run: boolean;
}

/**
 * A repeated block, by the cell and 1-based line of its first copy.
 */
export interface IDuplicateBlock {
  cell_id: string;
  line: number;
}

/**
 * The reply of `POST jupyterlab-promote/extract` (engine/extract.py
 * `ExtractPlan` plus the files written).
 */
export interface IExtractPlan {
  /** Relative to the notebook's folder, with forward slashes. */
  module_path: string;
  import_name: string;
  module_source: string;
  /** True when the module exists and the code is appended to it. */
  appends: boolean;
  /** Relative to the notebook's folder; null without tests. */
  test_path: string | null;
  test_source: string | null;
  /** Null when the cells hold only definitions, which move as they are. */
  function: string | null;
  parameters: string[];
  returns: string[];
  /** Names the notebook imports from the module. */
  exports: string[];
  applicability: 'safe' | 'unsafe';
  /** Notebook edits, to apply in one transaction. */
  edits: NotebookEdit[];
  notes: string[];
  /** Files written, relative to the server root (empty for a dry run). */
  written: string[];
}

/**
 * What the dialog shows in place of the preview.
 */
export type PreviewState =
  | { status: 'loading'; plan: IExtractPlan | null }
  | { status: 'ready'; plan: IExtractPlan }
  | { status: 'refused'; message: string }
  | { status: 'failed'; message: string };

/**
 * A folder beside the notebook: its files, and its package sub-folders
 * (those holding `__init__.py`) with their files.
 */
export interface IFolderListing {
  files: string[];
  packages: Array<{ name: string; files: string[] }>;
}

/**
 * A Python module name made from a notebook's file name: `Churn Model
 * (v2).ipynb` gives `churn_model_v2`.
 */
export function moduleStem(notebookPath: string): string {
  const stem = PathExt.basename(notebookPath, PathExt.extname(notebookPath))
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '');
  if (!stem) {
    return 'notebook';
  }
  return /^[0-9]/.test(stem) ? `nb_${stem}` : stem;
}

/**
 * The module path the dialog proposes, relative to the notebook's folder:
 * `<notebook stem>_lib.py`, inside the first package folder beside the
 * notebook if there is one (test folders aside), numbered when the name is
 * taken.
 */
export function defaultModulePath(
  notebookPath: string,
  listing: IFolderListing
): string {
  const stem = `${moduleStem(notebookPath)}_lib`;
  const packages = listing.packages
    .filter(p => !/^tests?$/.test(p.name) && /^[A-Za-z_]\w*$/.test(p.name))
    .sort((a, b) => a.name.localeCompare(b.name));
  const target = packages[0] ?? null;
  const taken = new Set(target ? target.files : listing.files);
  let name = `${stem}.py`;
  for (let n = 2; taken.has(name); n++) {
    name = `${stem}_${n}.py`;
  }
  return target ? `${target.name}/${name}` : name;
}

/**
 * The notebook as JSON with every cell's id, whatever its `nbformat_minor`
 * (`ISharedNotebook.toJSON` drops ids below 4.5; the server needs them).
 */
export function notebookJSON(
  notebook: ISharedNotebook
): nbformat.INotebookContent {
  const json = notebook.toJSON();
  return {
    ...json,
    nbformat_minor: Math.max(json.nbformat_minor, 5),
    cells: notebook.cells.map(cell => cell.toJSON())
  };
}

/**
 * The request for the form's choices.
 *
 * @param path - the notebook's path relative to the server root
 * @param dryRun - plan only, write nothing
 * @param duplicate - a repeated block to extract instead of `cellIds`
 */
export function buildExtractRequest(
  path: string,
  notebook: nbformat.INotebookContent,
  cellIds: ReadonlyArray<string>,
  form: IExtractForm,
  dryRun: boolean,
  duplicate: IDuplicateBlock | null = null
): IExtractRequest {
  const request: IExtractRequest = {
    path,
    notebook,
    module: form.module.trim(),
    tests: form.tests,
    append: form.append,
    dry_run: dryRun
  };
  if (duplicate) {
    request.duplicate = { cell_id: duplicate.cell_id, line: duplicate.line };
  } else {
    request.cell_ids = [...cellIds];
  }
  const name = form.functionName.trim();
  if (name) {
    request.function = name;
  }
  return request;
}

/**
 * The module's path relative to the server root, to open it.
 */
export function moduleServerPath(
  notebookPath: string,
  modulePath: string
): string {
  return PathExt.join(PathExt.dirname(notebookPath), modulePath);
}

/**
 * The written files as the user knows them: relative to the notebook's
 * folder (`tests/test_geo.py`), server-relative when outside it.
 */
export function writtenFiles(
  notebookPath: string,
  written: ReadonlyArray<string>
): string[] {
  const folder = PathExt.dirname(notebookPath);
  return written.map(path => {
    const relative = folder ? PathExt.relative(folder, path) : path;
    return relative.startsWith('..') ? path : relative;
  });
}

/**
 * The preview state while a new dry run is under way: the last plan stays
 * on screen (dimmed) instead of flickering away.
 */
export function previewLoading(previous: PreviewState): PreviewState {
  const plan =
    previous.status === 'ready' || previous.status === 'loading'
      ? previous.plan
      : null;
  return { status: 'loading', plan };
}

/**
 * The preview state for a failed dry run. A refusal (409) or bad input
 * (400) is shown as the server worded it; anything else (the server is
 * unreachable, say) is a failure of the request.
 */
export function previewFromError(reason: unknown): PreviewState {
  if (
    reason instanceof PromoteAPIError &&
    (reason.status === 409 || reason.status === 400)
  ) {
    return { status: 'refused', message: reason.message };
  }
  return { status: 'failed', message: describeError(reason) };
}

/**
 * Whether the Extract button may be pressed: a fresh plan, and an explicit
 * confirmation when it changes run order and scope.
 */
export function canExtract(
  state: PreviewState,
  confirmedUnsafe: boolean
): boolean {
  return (
    state.status === 'ready' &&
    (state.plan.applicability === 'safe' || confirmedUnsafe)
  );
}

/**
 * Whether a fix is the engine's "Extract to module" guidance (`CODE:extract`,
 * manual), which the extraction dialog carries out.
 */
export function isExtractFix(fix: IFix): boolean {
  return fix.applicability === 'manual' && fix.id.endsWith(':extract');
}

/**
 * Whether a fix gets a button: every safe or unsafe fix, and "Extract to
 * module", whose dialog runs it; other manual fixes are guidance to read.
 */
export function isActionableFix(fix: IFix): boolean {
  return fix.applicability !== 'manual' || isExtractFix(fix);
}

/**
 * The `duplicate` argument of the extract command (`{cell_id, line}`), when
 * given and well formed.
 */
export function duplicateOf(args: {
  [key: string]: unknown;
}): IDuplicateBlock | null {
  const value = args.duplicate;
  if (typeof value !== 'object' || value === null) {
    return null;
  }
  const { cell_id, line } = value as Record<string, unknown>;
  if (typeof cell_id !== 'string' || typeof line !== 'number') {
    return null;
  }
  return { cell_id, line };
}
