import { Notification } from '@jupyterlab/apputils';
import { NotebookPanel } from '@jupyterlab/notebook';
import { Contents } from '@jupyterlab/services';
import { ITranslator, TranslationBundle } from '@jupyterlab/translation';

import { changedCellId, focusCell } from '../panel/reveal';
import { describeError, PromoteAPIError } from '../sync/api';
import { PromoteClient } from '../sync/client';
import {
  CommandEdit,
  IFileChange,
  IFinding,
  IFix,
  NotebookEdit
} from '../sync/report';
import { applyNotebookEdits } from './apply';
import { CommandRunner } from './commandedits';
import { confirmFix } from './dialog';
import { ignoreEdits } from './ignore';
import { previewEdits } from './preview';
import { FixHistory } from './undo';

/**
 * Applies quick-fixes and "ignore" to the active notebook: asks the server
 * for the fix's edits on the notebook as it is in the editor, asks first
 * for unsafe fixes, applies the notebook edits in one undoable transaction,
 * writes project files through the contents API (never over a file that
 * changed since the fix was computed), runs the fix's JupyterLab commands
 * on the notebook, says what changed, and re-checks.
 */
export class FixController {
  /**
   * Create the controller.
   */
  constructor(options: FixController.IOptions) {
    this._client = options.client;
    this._contents = options.contents;
    this._trans = options.translator.load('jupyterlab_promote');
    this._refresh = options.refresh;
    this._ignoreCode = options.ignoreCode;
    this._activate = options.activate;
    this._runner = new CommandRunner(
      options.commands,
      options.activate,
      this._trans
    );
  }

  /**
   * The fixes applied so far, for the editors' undo keys.
   */
  readonly history = new FixHistory();

  /**
   * Whether unsafe fixes show their change and ask before applying.
   */
  confirmUnsafe = true;

  /**
   * Apply one fix of a finding; resolves to whether it was applied.
   */
  async apply(
    panel: NotebookPanel,
    finding: IFinding,
    fix: IFix
  ): Promise<boolean> {
    const model = panel.model;
    if (!model || this._busy) {
      return false;
    }
    this._busy = true;
    const trans = this._trans;
    try {
      const path = panel.context.localPath;
      const reply = await this._client.fix(path, model, fix.id);
      const commands = reply.edits.filter(
        (edit): edit is CommandEdit => edit.type === 'command'
      );
      const edits = reply.edits.filter(edit => edit.type !== 'command');
      if (fix.applicability === 'unsafe' && this.confirmUnsafe) {
        const cells = previewEdits(
          model.sharedModel.cells.map(cell => ({
            id: cell.id,
            cell_type: cell.cell_type,
            source: cell.getSource()
          })),
          edits
        );
        const title = reply.fix.title;
        if (!(await confirmFix(trans, title, cells, reply.files, commands))) {
          return false;
        }
      }
      await this._checkFiles(reply.files);
      this._runner.check(commands);
      this._applyEdits(panel, edits);
      for (const file of reply.files) {
        await this._contents.save(file.path, {
          type: 'file',
          format: 'text',
          content: file.after
        });
      }
      this._runner.run(panel, commands);
      if (commands.length === 0) {
        this._activate(panel);
        focusCell(panel, changedCellId(panel, edits, finding.cell_id));
      }
      Notification.success(this._summary(reply.fix.title, reply.files, edits), {
        autoClose: 5000
      });
      return true;
    } catch (reason) {
      const stale = reason instanceof PromoteAPIError && reason.status === 409;
      Notification.error(
        stale
          ? trans.__('That fix no longer applies: %1', describeError(reason))
          : trans.__('Could not apply the fix: %1', describeError(reason)),
        { autoClose: 8000 }
      );
      return false;
    } finally {
      this._busy = false;
      this._refresh();
    }
  }

  /**
   * Suppress one finding: an ignore comment on its line, a cell tag for a
   * cell-level finding (both undoable), or the `ignoredCodes` setting for a
   * notebook-level one.
   */
  async ignore(panel: NotebookPanel, finding: IFinding): Promise<boolean> {
    const model = panel.model;
    if (!model) {
      return false;
    }
    const cell = model.sharedModel.cells.find(c => c.id === finding.cell_id);
    const tags = cell?.getMetadata('tags');
    const edits = cell
      ? ignoreEdits(finding, {
          source: cell.getSource(),
          tags: Array.isArray(tags) ? tags.map(String) : []
        })
      : null;
    try {
      if (edits === null) {
        await this._ignoreCode(finding.code);
        Notification.info(
          this._trans.__(
            '%1 is now ignored in every notebook (setting "Ignored codes").',
            finding.code
          ),
          { autoClose: 5000 }
        );
      } else {
        this._applyEdits(panel, edits);
        this._activate(panel);
        focusCell(panel, finding.cell_id);
      }
      return true;
    } catch (reason) {
      Notification.error(
        this._trans.__('Could not ignore it: %1', describeError(reason)),
        { autoClose: 8000 }
      );
      return false;
    } finally {
      this._refresh();
    }
  }

  /**
   * Apply notebook edits in one transaction the editors' undo keys know.
   */
  private _applyEdits(
    panel: NotebookPanel,
    edits: ReadonlyArray<NotebookEdit>
  ): void {
    const notebook = panel.model?.sharedModel;
    if (notebook && edits.some(edit => edit.type !== 'file')) {
      this.history.track(notebook, edits, () =>
        applyNotebookEdits(notebook, edits)
      );
    }
  }

  /**
   * What the notification says about an applied fix.
   */
  private _summary(
    title: string,
    files: ReadonlyArray<IFileChange>,
    edits: ReadonlyArray<NotebookEdit>
  ): string {
    const trans = this._trans;
    const changed = files.map(file => file.path).join(', ');
    if (changed) {
      return trans.__('Applied "%1"; changed %2.', title, changed);
    }
    if (edits.length === 0) {
      return trans.__('Applied "%1".', title);
    }
    return trans.__('Applied "%1". Undo reverts it.', title);
  }

  /**
   * Refuse file changes whose file changed on disk since the server read it.
   */
  private async _checkFiles(files: IFileChange[]): Promise<void> {
    for (const file of files) {
      const now = await this._readText(file.path);
      if (now !== file.before) {
        throw new Error(
          this._trans.__(
            '%1 changed on disk since the fix was prepared; it was not overwritten.',
            file.path
          )
        );
      }
    }
  }

  private async _readText(path: string): Promise<string | null> {
    try {
      const model = await this._contents.get(path, {
        type: 'file',
        format: 'text',
        content: true
      });
      return typeof model.content === 'string' ? model.content : null;
    } catch (reason) {
      const status = (reason as { response?: { status?: number } }).response
        ?.status;
      if (status === 404) {
        return null;
      }
      throw reason;
    }
  }

  private _client: PromoteClient;
  private _contents: Contents.IManager;
  private _trans: TranslationBundle;
  private _refresh: () => void;
  private _ignoreCode: (code: string) => Promise<void>;
  private _activate: (panel: NotebookPanel) => void;
  private _runner: CommandRunner;
  private _busy = false;
}

/**
 * A namespace for FixController statics.
 */
export namespace FixController {
  /**
   * Options to create the controller.
   */
  export interface IOptions {
    client: PromoteClient;
    /** The application's contents manager, to write project files. */
    contents: Contents.IManager;
    translator: ITranslator;
    /** Analyze the active notebook again. */
    refresh: () => void;
    /** Add a code to the `ignoredCodes` setting. */
    ignoreCode: (code: string) => Promise<void>;
    /** The application's commands, to run a fix's `command` edits. */
    commands: CommandRunner.ICommands;
    /** Make a notebook panel the active one. */
    activate: (panel: NotebookPanel) => void;
  }
}
