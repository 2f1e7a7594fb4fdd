import { NotebookPanel } from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';

import { IFinding } from '../sync/report';
import { InlineFindings } from './store';

/**
 * Class of a cell that has findings about the whole cell.
 */
export const FLAGGED_CLASS = 'jp-Promote-flagged';

/**
 * Class of the badge shown on such a cell.
 */
export const MARKER_CLASS = 'jp-PromoteCellMarker';

/**
 * Marks cells with findings that have no line (about the whole cell): a
 * class on the cell and a small badge whose tooltip lists the findings.
 * Findings with a line are drawn by the editors' lint diagnostics instead.
 */
export class CellMarkers {
  /**
   * Follow the store.
   */
  constructor(store: InlineFindings, trans: TranslationBundle) {
    this._store = store;
    this._trans = trans;
    store.changed.connect(this._update, this);
  }

  /**
   * Remove all markers and stop following the store.
   */
  dispose(): void {
    this._store.changed.disconnect(this._update, this);
    this._clear();
  }

  private _update(): void {
    this._clear();
    const panel = this._store.panel;
    if (!panel || panel.isDisposed) {
      return;
    }
    for (const cell of panel.content.widgets) {
      const findings = this._store
        .findingsOf(cell.model.sharedModel)
        .filter(finding => typeof finding.line !== 'number');
      if (findings.length === 0) {
        continue;
      }
      const marker = document.createElement('div');
      marker.className = `${MARKER_CLASS} jp-mod-${worst(findings)}`;
      // The first code and how many more: the prompt column is narrow.
      marker.textContent =
        findings.length > 1
          ? `${findings[0].code} +${findings.length - 1}`
          : findings[0].code;
      marker.title = findings
        .map(finding => `${finding.code}: ${finding.message}`)
        .join('\n');
      marker.setAttribute(
        'aria-label',
        this._trans._n(
          '%1 finding about this whole cell',
          '%1 findings about this whole cell',
          findings.length
        )
      );
      cell.addClass(FLAGGED_CLASS);
      cell.node.appendChild(marker);
      this._marked.push({ panel, cellNode: cell.node, marker });
    }
  }

  private _clear(): void {
    for (const { cellNode, marker } of this._marked) {
      marker.remove();
      cellNode.classList.remove(FLAGGED_CLASS);
    }
    this._marked = [];
  }

  private _store: InlineFindings;
  private _trans: TranslationBundle;
  private _marked: Array<{
    panel: NotebookPanel;
    cellNode: HTMLElement;
    marker: HTMLElement;
  }> = [];
}

/**
 * The most severe severity among findings.
 */
function worst(findings: ReadonlyArray<IFinding>): string {
  for (const severity of ['error', 'warning', 'info']) {
    if (findings.some(finding => finding.severity === severity)) {
      return severity;
    }
  }
  return 'info';
}
