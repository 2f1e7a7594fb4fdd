/**
 * The "before sharing" routes (routes_sharing.py): the badge SVG, the clean
 * re-run and its cancellation, and the live kernel's state.
 */
import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

import {
  API_NAMESPACE,
  errorMessageFrom,
  postAPI,
  PromoteAPIError,
  requestAPI
} from '../sync/api';
import { Grade, IFinding, IReportEntry, NotebookEdit } from '../sync/report';
import { IVerifyStamp } from './stamp';

/**
 * How a code cell came out of the clean re-run.
 */
export type CellStatus = 'same' | 'ran' | 'differs' | 'error' | 'skipped';

/**
 * One code cell of the clean re-run.
 */
export interface IVerifiedCell {
  /** 0-based position among all cells. */
  index: number;
  cell_id: string | null;
  status: CellStatus;
  duration: number;
  /** A short diff of stored and new outputs (`differs`), or null. */
  diff: string | null;
  ename: string | null;
  evalue: string | null;
}

/**
 * The reply of `POST verify`.
 */
export interface IVerifyReply {
  path: string;
  kernel: string;
  passed: boolean;
  cancelled: boolean;
  timed_out: boolean;
  duration: number;
  cells: IVerifiedCell[];
  python: string | null;
  packages: Record<string, string>;
  stamp: IVerifyStamp | null;
  stamp_written: boolean;
  score: number;
  grade: Grade;
  /** One `set_metadata` edit with the stamp (none when cancelled). */
  edits: NotebookEdit[];
  entry: IReportEntry;
}

/**
 * The reply of `POST kernel-state`.
 */
export interface IKernelStateReply {
  kernel_id: string | null;
  /** The kernel-based findings, in the report format. */
  findings: IFinding[];
  /** The whole report entry with them, or null when nothing was asked. */
  entry: IReportEntry | null;
  /** Why nothing was asked (turned off, not IPython), else null. */
  skipped: string | null;
  /**
   * The versions of the notebook's imports the kernel has loaded (and
   * "python"), read without importing anything; sent back with fix requests.
   */
  packages?: Record<string, string>;
}

/**
 * Re-run the saved notebook in a fresh kernel; the stamp comes back as an
 * edit for the open notebook (`write_stamp: false`), the file is untouched.
 */
export function requestVerify(
  settings: ServerConnection.ISettings,
  path: string
): Promise<IVerifyReply> {
  return postAPI<IVerifyReply>('verify', settings, {
    path,
    write_stamp: false
  });
}

/**
 * Where a clean re-run stands on the server: running, or waiting behind
 * `ahead` others (re-runs have a few slots of their own).
 */
export interface IVerifyPosition {
  path: string;
  state: 'running' | 'waiting';
  ahead: number;
}

/**
 * Ask where the clean re-run of `path` stands (`GET verify?path=`).
 */
export function fetchVerifyPosition(
  settings: ServerConnection.ISettings,
  path: string
): Promise<IVerifyPosition> {
  return requestAPI<IVerifyPosition>(
    `verify${URLExt.objectToQueryString({ path })}`,
    settings,
    { method: 'GET' }
  );
}

/**
 * Cancel the running clean re-run of `path`.
 */
export function cancelVerify(
  settings: ServerConnection.ISettings,
  path: string
): Promise<unknown> {
  return requestAPI<unknown>(
    `verify${URLExt.objectToQueryString({ path })}`,
    settings,
    { method: 'DELETE' }
  );
}

/**
 * Ask the notebook's running kernel which names and code it holds.
 */
export function requestKernelState(
  settings: ServerConnection.ISettings,
  request: {
    path: string;
    notebook: unknown;
    kernel_id: string;
    ignore?: string[];
    categories?: string[];
  }
): Promise<IKernelStateReply> {
  return postAPI<IKernelStateReply>('kernel-state', settings, request);
}

/**
 * The badge SVG of the saved notebook (`GET badge?path=`).
 */
export async function fetchBadge(
  settings: ServerConnection.ISettings,
  path: string
): Promise<string> {
  const url = URLExt.join(
    settings.baseUrl,
    API_NAMESPACE,
    `badge${URLExt.objectToQueryString({ path })}`
  );
  const response = await ServerConnection.makeRequest(url, {}, settings);
  const body = await response.text();
  if (!response.ok) {
    throw new PromoteAPIError(
      response.status,
      errorMessageFrom(response.status, response.statusText, body)
    );
  }
  return body;
}
