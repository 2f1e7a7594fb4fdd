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
import {
  checkFileChanges,
  restoreFileChanges,
  writeFileChanges
} from './projectfiles';
import { FixHistory } from './undo';

/**
 * Applies quick-fixes and "ignore" to the active notebook: asks the server
 * for the fix's edits on the notebook as it is in the editor, asks first
 * for unsafe fixes, applies the notebook edits in one undoable transaction,
 * writes project files through the contents API (never over a file that
 * changed since the fix was computed; missing folders are created), runs the
 * fix's JupyterLab commands on the notebook, says what changed (with an Undo
 * for project files, which the notebook's undo does not reach), and
 * re-checks.
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
    this._kernelPackages = options.kernelPackages ?? (() => null);
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
      const reply = await this._client.fix(
        path,
        model,
        fix.id,
        false,
        this._kernelPackages(path)
      );
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
      await checkFileChanges(this._contents, reply.files);
      this._runner.check(commands);
      this._applyEdits(panel, edits);
      await writeFileChanges(this._contents, reply.files);
      this._runner.run(panel, commands);
      if (commands.length === 0) {
        this._activate(panel);
        focusCell(panel, changedCellId(panel, edits, finding.cell_id));
      }
      this._notifyApplied(reply.fix.title, reply.files, edits);
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
   * Say what the fix changed; project files get an Undo that restores them.
   */
  private _notifyApplied(
    title: string,
    files: IFileChange[],
    edits: ReadonlyArray<NotebookEdit>
  ): void {
    const summary = this._summary(title, files, edits);
    if (files.length === 0) {
      Notification.success(summary, { autoClose: 5000 });
      return;
    }
    Notification.success(summary, {
      autoClose: 10000,
      actions: [
        {
          label: this._trans.__('Undo'),
          callback: () => void this.undoFiles(title, files)
        }
      ]
    });
  }

  /**
   * Restore the project files a fix changed (delete those it created), when
   * they still hold what it wrote; resolves to whether they were restored.
   */
  async undoFiles(title: string, files: IFileChange[]): Promise<boolean> {
    const trans = this._trans;
    try {
      await restoreFileChanges(this._contents, files);
      Notification.info(
        trans.__(
          'Undid "%1"; restored %2.',
          title,
          files.map(file => file.path).join(', ')
        ),
        { autoClose: 5000 }
      );
      return true;
    } catch (reason) {
      Notification.error(
        trans.__('Could not undo the fix: %1', describeError(reason)),
        { autoClose: 8000 }
      );
      return false;
    } finally {
      this._refresh();
    }
  }

  private _client: PromoteClient;
  private _contents: Contents.IManager;
  private _trans: TranslationBundle;
  private _refresh: () => void;
  private _ignoreCode: (code: string) => Promise<void>;
  private _activate: (panel: NotebookPanel) => void;
  private _runner: CommandRunner;
  private _kernelPackages: (path: string) => Record<string, string> | null;
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
    /**
     * The versions the notebook's kernel has loaded, as the kernel-state
     * route last read them (sent with fix requests so "Pin what ran" pins
     * those); null when not known.
     */
    kernelPackages?: (path: string) => Record<string, string> | null;
  }
}
