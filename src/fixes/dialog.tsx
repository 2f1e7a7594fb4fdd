import { Dialog, showDialog } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { CommandEdit, IFileChange } from '../sync/report';
import { diffLines, diffMarker, ICellChange } from './preview';

/**
 * Ask before an unsafe fix, showing the change it makes to each cell and
 * file as a diff, and the commands it runs. Resolves to whether the user
 * accepted.
 */
export async function confirmFix(
  trans: TranslationBundle,
  title: string,
  cells: ICellChange[],
  files: IFileChange[],
  commands: ReadonlyArray<CommandEdit> = []
): Promise<boolean> {
  const result = await showDialog({
    title: trans.__('Apply this fix?'),
    body: (
      <FixPreview
        trans={trans}
        title={title}
        cells={cells}
        files={files}
        commands={commands}
      />
    ),
    buttons: [
      Dialog.cancelButton({ label: trans.__('Cancel') }),
      Dialog.warnButton({
        label: trans.__('Apply fix'),
        ariaLabel: trans.__('Apply the fix shown')
      })
    ],
    defaultButton: 1
  });
  return result.button.accept;
}

/**
 * The body of the confirmation: what the fix does, the commands it runs,
 * then one diff per cell and per file.
 */
function FixPreview(props: {
  trans: TranslationBundle;
  title: string;
  cells: ICellChange[];
  files: IFileChange[];
  commands: ReadonlyArray<CommandEdit>;
}): JSX.Element {
  const { trans } = props;
  return (
    <div className="jp-PromoteFixPreview" data-testid="promote-fix-preview">
      <p className="jp-PromoteFixPreview-title">{props.title}</p>
      <p className="jp-PromoteFixPreview-warning">
        {props.files.length > 0
          ? trans.__(
              'This fix changes project files. Check the change below; Undo in the notice that follows restores them.'
            )
          : trans.__(
              'This fix may change what the notebook does. Check the change below; one undo reverts it.'
            )}
      </p>
      {props.commands.length > 0 && (
        <ul className="jp-PromoteFixPreview-commands">
          {props.commands.map((edit, i) => (
            <li
              key={`command-${i}`}
              className="jp-PromoteFixPreview-command"
              data-command={edit.command}
            >
              {trans.__('Runs: %1', edit.label)}
            </li>
          ))}
        </ul>
      )}
      {props.cells.map((change, i) => (
        <Diff
          key={`cell-${i}`}
          label={cellLabel(change, trans)}
          before={change.before ?? ''}
          after={change.after ?? ''}
          notes={change.notes}
          trans={trans}
        />
      ))}
      {props.files.map(file => (
        <Diff
          key={file.path}
          label={
            file.before === null
              ? trans.__('New file %1', file.path)
              : trans.__('File %1', file.path)
          }
          before={file.before ?? ''}
          after={file.after}
          notes={[]}
          trans={trans}
        />
      ))}
    </div>
  );
}

/**
 * A titled line diff.
 */
function Diff(props: {
  label: string;
  before: string;
  after: string;
  notes: string[];
  trans: TranslationBundle;
}): JSX.Element {
  const lines = diffLines(props.before, props.after);
  return (
    <section className="jp-PromoteFixPreview-section">
      <h3 className="jp-PromoteFixPreview-label">{props.label}</h3>
      {props.notes.length > 0 && (
        <p className="jp-PromoteFixPreview-notes">
          {props.trans.__('Also changes: %1', props.notes.join(', '))}
        </p>
      )}
      {props.before !== props.after && (
        <pre className="jp-PromoteFixPreview-diff">
          {lines.map((line, i) => (
            <div key={i} className={`jp-PromoteFixPreview-${line.kind}`}>
              {diffMarker(line)}
              {line.text}
            </div>
          ))}
        </pre>
      )}
    </section>
  );
}

/**
 * "Cell 3", "New cell" or "Deleted: cell 3".
 */
function cellLabel(change: ICellChange, trans: TranslationBundle): string {
  if (change.index === null) {
    return trans.__('New cell');
  }
  if (change.after === null) {
    return trans.__('Deleted: cell %1', change.index + 1);
  }
  return trans.__('Cell %1', change.index + 1);
}
