import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

import {
  IAnalyzeRequest,
  IFixReply,
  IFixRequest,
  IReportEntry,
  IRule
} from './report';

/**
 * The URL namespace of the server extension's routes.
 */
export const API_NAMESPACE = 'jupyterlab-promote';

/**
 * A request that reached the server but was refused or failed there.
 *
 * `message` is the server's own JSON `message` when it sent one, so it can be
 * shown to the user as it is.
 */
export class PromoteAPIError extends Error {
  /**
   * Create an error for a failed response.
   *
   * @param status - HTTP status code of the response
   * @param message - text a person can act on
   * @param data - the decoded JSON body of the reply, if it had one
   */
  constructor(status: number, message: string, data: unknown = null) {
    super(message);
    this.name = 'PromoteAPIError';
    this.status = status;
    this.data = data;
  }

  /**
   * HTTP status code of the response.
   */
  readonly status: number;

  /**
   * The decoded JSON body of the reply (e.g. `missing_cell_ids` of a 409).
   */
  readonly data: unknown;
}

/**
 * The cell ids a 409 reply to an incremental request asks for, or null when
 * the error is something else.
 */
export function missingCellIds(reason: unknown): string[] | null {
  if (!(reason instanceof PromoteAPIError) || reason.status !== 409) {
    return null;
  }
  const data = reason.data;
  if (typeof data !== 'object' || data === null) {
    return null;
  }
  const ids = (data as Record<string, unknown>).missing_cell_ids;
  return Array.isArray(ids) ? ids.filter(id => typeof id === 'string') : null;
}

/**
 * Work out the message to show for a failed response.
 *
 * Prefers the `message` field of a JSON body (the server's contract for 4xx
 * replies), then jupyter_server's `reason`, then the status line.
 */
export function errorMessageFrom(
  status: number,
  statusText: string,
  body: string
): string {
  if (body) {
    try {
      const data: unknown = JSON.parse(body);
      if (typeof data === 'object' && data !== null) {
        const { message, reason } = data as Record<string, unknown>;
        if (typeof message === 'string' && message.trim()) {
          return message;
        }
        if (typeof reason === 'string' && reason.trim()) {
          return reason;
        }
      }
    } catch {
      // Not JSON (a proxy's HTML page, say): fall through to the status line.
    }
  }
  const text = statusText || 'request failed';
  return `${text} (HTTP ${status})`;
}

/**
 * Call a route of the server extension and decode its JSON reply.
 *
 * @param endPoint - route under the namespace, e.g. `analyze`
 * @param serverSettings - connection settings of the running application
 * @param init - fetch options (method, body)
 * @throws {ServerConnection.NetworkError} when the server cannot be reached
 * @throws {PromoteAPIError} when the server answers with an error
 */
export async function requestAPI<T>(
  endPoint: string,
  serverSettings: ServerConnection.ISettings,
  init: RequestInit = {}
): Promise<T> {
  const url = URLExt.join(serverSettings.baseUrl, API_NAMESPACE, endPoint);
  const response = await ServerConnection.makeRequest(
    url,
    init,
    serverSettings
  );
  const body = await response.text();
  if (!response.ok) {
    throw new PromoteAPIError(
      response.status,
      errorMessageFrom(response.status, response.statusText, body),
      parseJSON(body)
    );
  }
  try {
    return JSON.parse(body) as T;
  } catch {
    throw new PromoteAPIError(
      response.status,
      'The server sent a reply that is not JSON'
    );
  }
}

/**
 * POST a JSON body to one of the extension's routes and decode the JSON reply.
 *
 * @throws {PromoteAPIError} with the server's message on a 4xx or 5xx reply
 */
export function postAPI<T>(
  endPoint: string,
  serverSettings: ServerConnection.ISettings,
  body: unknown
): Promise<T> {
  return requestAPI<T>(endPoint, serverSettings, {
    method: 'POST',
    body: JSON.stringify(body)
  });
}

/**
 * Ask the server to analyze a notebook as it is in the editor.
 *
 * @param serverSettings - connection settings of the running application
 * @param request - the notebook path (relative to the server root) and its JSON
 */
export function analyzeNotebook(
  serverSettings: ServerConnection.ISettings,
  request: IAnalyzeRequest
): Promise<IReportEntry> {
  return postAPI<IReportEntry>('analyze', serverSettings, request);
}

/**
 * Ask the server for the edits of one fix, computed on the notebook as it is
 * in the editor (whole or incremental, as for `analyze`).
 */
export function requestFix(
  serverSettings: ServerConnection.ISettings,
  request: IFixRequest
): Promise<IFixReply> {
  return postAPI<IFixReply>('fix', serverSettings, request);
}

/**
 * Fetch the rule catalogue (code, name, description...).
 */
export async function fetchRules(
  serverSettings: ServerConnection.ISettings
): Promise<IRule[]> {
  const reply = await requestAPI<{ rules: IRule[] }>('rules', serverSettings);
  return reply.rules;
}

/**
 * Decode a JSON body, or null when it is not JSON.
 */
function parseJSON(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return null;
  }
}

/**
 * Turn anything thrown by a request into a message for the panel.
 */
export function describeError(reason: unknown): string {
  if (reason instanceof Error && reason.message) {
    return reason.message;
  }
  return String(reason);
}
