import { NotebookPanel } from '@jupyterlab/notebook';
import { ISignal, Signal } from '@lumino/signaling';

import { IFinding, IFix } from '../sync/report';

/**
 * The one empty list: a cell without findings always gets the same object.
 */
const NO_FINDINGS: ReadonlyArray<IFinding> = Object.freeze([]);

/**
 * The findings of the active notebook, by cell, for the inline diagnostics
 * and cell markers.
 *
 * Cells are keyed by their shared model object, not only by id: two open
 * notebooks may share cell ids (a copied notebook), and only the cells of
 * the notebook the report is about must show its findings.
 */
export class InlineFindings {
  /**
   * Create the store.
   *
   * @param actions - what the diagnostics' action buttons do
   */
  constructor(actions: InlineFindings.IActions) {
    this.actions = actions;
  }

  /**
   * What the diagnostics' action buttons do.
   */
  readonly actions: InlineFindings.IActions;

  /**
   * Emitted when the findings or `enabled` change.
   */
  get changed(): ISignal<InlineFindings, void> {
    return this._changed;
  }

  /**
   * Whether findings are shown in the editors.
   */
  get enabled(): boolean {
    return this._enabled;
  }
  set enabled(value: boolean) {
    if (value !== this._enabled) {
      this._enabled = value;
      this._changed.emit();
    }
  }

  /**
   * The notebook whose findings are shown.
   */
  get panel(): NotebookPanel | null {
    return this._panel;
  }

  /**
   * Show `findings` for the cells of `panel` (none when `panel` is null).
   *
   * A cell whose findings are the same as before keeps the same list, and
   * nothing is emitted when no cell's list changed: a re-analysis after a
   * one-cell edit (or the start of one) redraws one editor, not all of them.
   */
  update(panel: NotebookPanel | null, findings: ReadonlyArray<IFinding>): void {
    const byId = new Map<string, IFinding[]>();
    for (const finding of findings) {
      if (finding.cell_id) {
        const list = byId.get(finding.cell_id) ?? [];
        list.push(finding);
        byId.set(finding.cell_id, list);
      }
    }
    const samePanel = panel === this._panel;
    const previous = samePanel ? this._byCell : new Map<object, IFinding[]>();
    const byCell = new Map<object, IFinding[]>();
    let changed = !samePanel;
    for (const cell of panel?.model?.sharedModel.cells ?? []) {
      const list = byId.get(cell.id);
      const old = previous.get(cell);
      if (list && old && sameFindings(list, old)) {
        byCell.set(cell, old);
      } else if (list) {
        byCell.set(cell, list);
        changed = true;
      } else if (old) {
        changed = true;
      }
    }
    if (byCell.size !== previous.size) {
      changed = true;
    }
    this._panel = panel;
    this._byCell = byCell;
    if (changed) {
      this._changed.emit();
    }
  }

  /**
   * The findings shown for one cell, given its shared model.
   */
  findingsOf(sharedCell: object): ReadonlyArray<IFinding> {
    if (!this._enabled) {
      return NO_FINDINGS;
    }
    return this._byCell.get(sharedCell) ?? NO_FINDINGS;
  }

  private _changed = new Signal<InlineFindings, void>(this);
  private _enabled = true;
  private _panel: NotebookPanel | null = null;
  private _byCell = new Map<object, IFinding[]>();
}

/**
 * Whether two lists of a cell's findings say the same (same order).
 */
function sameFindings(
  a: ReadonlyArray<IFinding>,
  b: ReadonlyArray<IFinding>
): boolean {
  return a.length === b.length && JSON.stringify(a) === JSON.stringify(b);
}

/**
 * A namespace for InlineFindings statics.
 */
export namespace InlineFindings {
  /**
   * What the inline action buttons do (the same code path as the panel).
   */
  export interface IActions {
    applyFix: (finding: IFinding, fix: IFix) => void;
    ignore: (finding: IFinding) => void;
  }
}
