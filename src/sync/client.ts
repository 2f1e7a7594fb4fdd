import { INotebookModel } from '@jupyterlab/notebook';
import { ServerConnection } from '@jupyterlab/services';

import { analyzeNotebook, fetchRules, requestFix } from './api';
import { DocumentSync } from './documentsync';
import { IFixReply, IReportEntry, IRequestFilters, IRule } from './report';

/**
 * The frontend's door onto the server: analyses and fixes of open notebooks
 * through the incremental protocol (one `DocumentSync` per notebook model),
 * and the rule catalogue, fetched once.
 */
export class PromoteClient {
  /**
   * Create a client for the running application's server.
   */
  constructor(serverSettings: ServerConnection.ISettings) {
    this._serverSettings = serverSettings;
  }

  /**
   * What the user's settings leave out, sent with every analysis and fix so
   * that the server neither reports nor scores it.
   */
  filters: IRequestFilters = {};

  /**
   * Analyze a notebook as it is in the editor.
   *
   * @param kernelPackages - the versions the notebook's kernel has loaded
   * (from the kernel-state route): drift is judged and Pin what ran offered
   * against them
   */
  analyze(
    path: string,
    model: INotebookModel,
    kernelPackages: Record<string, string> | null = null
  ): Promise<IReportEntry> {
    return this._syncOf(model).send(body =>
      analyzeNotebook(this._serverSettings, {
        path,
        ...this.filters,
        ...body,
        ...(kernelPackages ? { kernel_packages: kernelPackages } : {})
      })
    );
  }

  /**
   * Ask for the edits of a fix, computed on the notebook as it is now.
   *
   * @param applyFiles - let the server write the project files itself
   * @param kernelPackages - the versions the notebook's kernel has loaded
   * (from the kernel-state route), for fixes that pin what ran
   */
  fix(
    path: string,
    model: INotebookModel,
    fixId: string,
    applyFiles = false,
    kernelPackages: Record<string, string> | null = null
  ): Promise<IFixReply> {
    return this._syncOf(model).send(body =>
      requestFix(this._serverSettings, {
        path,
        ...this.filters,
        ...body,
        fix_id: fixId,
        apply_files: applyFiles,
        ...(kernelPackages ? { kernel_packages: kernelPackages } : {})
      })
    );
  }

  /**
   * The rule catalogue by code; fetched on the first call only (a failed
   * fetch is retried on the next call).
   */
  rules(): Promise<Map<string, IRule>> {
    if (!this._rules) {
      this._rules = fetchRules(this._serverSettings).then(
        rules => new Map(rules.map(rule => [rule.code, rule])),
        reason => {
          this._rules = null;
          throw reason;
        }
      );
    }
    return this._rules;
  }

  private _syncOf(model: INotebookModel): DocumentSync {
    let sync = this._syncs.get(model);
    if (!sync) {
      sync = new DocumentSync(model);
      this._syncs.set(model, sync);
    }
    return sync;
  }

  private _serverSettings: ServerConnection.ISettings;
  private _syncs = new WeakMap<INotebookModel, DocumentSync>();
  private _rules: Promise<Map<string, IRule>> | null = null;
}
