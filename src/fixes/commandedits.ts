import { Notification, SemanticCommand } from '@jupyterlab/apputils';
import { NotebookPanel } from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';
import { ReadonlyPartialJSONObject } from '@lumino/coreutils';

import { describeError } from '../sync/api';
import { CommandEdit } from '../sync/report';

/**
 * Runs the `command` edits of a fix (e.g. `notebook:restart-run-all`) on
 * the fix's notebook.
 */
export class CommandRunner {
  /**
   * Create a runner.
   *
   * @param commands - the application's command registry
   * @param activate - makes a notebook panel the active one
   * @param trans - the extension's translation bundle
   */
  constructor(
    private readonly commands: CommandRunner.ICommands,
    private readonly activate: (panel: NotebookPanel) => void,
    private readonly trans: TranslationBundle
  ) {}

  /**
   * Refuse a fix whose commands this JupyterLab does not have, before
   * anything changes.
   *
   * @throws {Error} naming the first unknown command
   */
  check(commands: ReadonlyArray<CommandEdit>): void {
    for (const edit of commands) {
      if (!this.commands.hasCommand(edit.command)) {
        throw new Error(
          this.trans.__('JupyterLab has no command %1.', edit.command)
        );
      }
    }
  }

  /**
   * Activate `panel` and run the commands one after the other on it (the
   * notebook commands' `semanticWidget` argument names it), without waiting
   * for them: restarting and running all cells may take long, and the
   * command may ask first. A failure is reported when it happens.
   */
  run(panel: NotebookPanel, commands: ReadonlyArray<CommandEdit>): void {
    if (commands.length === 0) {
      return;
    }
    this.activate(panel);
    const widget = { [SemanticCommand.WIDGET]: panel.id };
    commands
      .reduce<Promise<unknown>>(
        (previous, edit) =>
          previous.then(() =>
            this.commands.execute(edit.command, { ...edit.args, ...widget })
          ),
        Promise.resolve()
      )
      .catch(reason => {
        Notification.error(
          this.trans.__("The fix's command failed: %1", describeError(reason)),
          { autoClose: 8000 }
        );
      });
  }
}

/**
 * A namespace for CommandRunner statics.
 */
export namespace CommandRunner {
  /**
   * What the runner uses of the application's command registry.
   */
  export interface ICommands {
    hasCommand(id: string): boolean;
    execute(id: string, args?: ReadonlyPartialJSONObject): Promise<unknown>;
  }
}
