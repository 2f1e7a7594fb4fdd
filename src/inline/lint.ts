import { Diagnostic, setDiagnostics } from '@codemirror/lint';
import { Text } from '@codemirror/state';
import { EditorView, ViewPlugin } from '@codemirror/view';
import { TranslationBundle } from '@jupyterlab/translation';

import { IFinding } from '../sync/report';
import { InlineFindings } from './store';

/**
 * The editor range of a finding: 1-based `line`, 0-based `column` (DESIGN
 * §3) turned into document offsets, clamped to the text (the report may be
 * a little older than the text). Null for findings without a line.
 */
export function findingRange(
  doc: Text,
  finding: IFinding
): { from: number; to: number } | null {
  if (typeof finding.line !== 'number' || finding.line < 1) {
    return null;
  }
  const first = doc.line(Math.min(finding.line, doc.lines));
  const from = first.from + clamp(finding.column ?? 0, 0, first.length);
  let to = first.to;
  if (typeof finding.end_line === 'number' && finding.end_line >= 1) {
    const last = doc.line(Math.min(finding.end_line, doc.lines));
    to = last.from + clamp(finding.end_column ?? last.length, 0, last.length);
  }
  if (to <= from) {
    to = first.to > from ? first.to : Math.min(doc.length, from + 1);
  }
  return { from, to };
}

/**
 * The CodeMirror diagnostics of a cell's findings, with the fixes and
 * "Ignore" as actions.
 */
export function findingDiagnostics(
  doc: Text,
  findings: ReadonlyArray<IFinding>,
  actions: InlineFindings.IActions,
  trans: TranslationBundle
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const finding of findings) {
    const range = findingRange(doc, finding);
    if (!range) {
      continue;
    }
    const fixes = (finding.fixes ?? []).filter(
      fix => fix.applicability !== 'manual'
    );
    diagnostics.push({
      ...range,
      severity: finding.severity,
      source: `${finding.code} ${finding.name}`,
      message: trans.__('%1 (+%2 if fixed)', finding.message, finding.impact),
      renderMessage: () => {
        const node = document.createElement('span');
        node.className = 'jp-PromoteDiagnostic';
        node.textContent = trans.__(
          '%1 (+%2 if fixed)',
          finding.message,
          finding.impact
        );
        return node;
      },
      actions: [
        ...fixes.map(fix => ({
          name: fix.applicability === 'unsafe' ? `${fix.title}…` : fix.title,
          apply: () => actions.applyFix(finding, fix)
        })),
        { name: trans.__('Ignore'), apply: () => actions.ignore(finding) }
      ]
    });
  }
  return diagnostics;
}

/**
 * The editor extension of one cell: shows the store's findings for that
 * cell as lint diagnostics and follows the store's changes.
 *
 * @param sharedCell - the cell's shared model, the store's key
 */
export function inlineDiagnostics(
  store: InlineFindings,
  sharedCell: object,
  trans: TranslationBundle
): ViewPlugin<DiagnosticsBridge> {
  return ViewPlugin.define(
    view => new DiagnosticsBridge(view, store, sharedCell, trans)
  );
}

/**
 * Pushes a cell's findings into its editor whenever the store changes.
 */
class DiagnosticsBridge {
  constructor(
    view: EditorView,
    store: InlineFindings,
    sharedCell: object,
    trans: TranslationBundle
  ) {
    this._view = view;
    this._store = store;
    this._sharedCell = sharedCell;
    this._trans = trans;
    store.changed.connect(this._schedule, this);
    this._schedule();
  }

  destroy(): void {
    this._store.changed.disconnect(this._schedule, this);
    window.clearTimeout(this._timer);
  }

  /**
   * Diagnostics cannot be dispatched while the editor updates: push them
   * just after.
   */
  private _schedule(): void {
    // The store keeps a cell's list when its findings did not change.
    if (this._store.findingsOf(this._sharedCell) === this._pushed) {
      return;
    }
    window.clearTimeout(this._timer);
    this._timer = window.setTimeout(() => this._push(), 0);
  }

  private _push(): void {
    const findings = this._store.findingsOf(this._sharedCell);
    this._pushed = findings;
    if (findings.length === 0 && !this._shown) {
      return;
    }
    const state = this._view.state;
    const diagnostics = findingDiagnostics(
      state.doc,
      findings,
      this._store.actions,
      this._trans
    );
    this._shown = diagnostics.length > 0;
    this._view.dispatch(setDiagnostics(state, diagnostics));
  }

  private _view: EditorView;
  private _store: InlineFindings;
  private _sharedCell: object;
  private _trans: TranslationBundle;
  private _timer = 0;
  private _shown = false;
  private _pushed: ReadonlyArray<IFinding> | null = null;
}

function clamp(value: number, low: number, high: number): number {
  return Math.max(low, Math.min(high, value));
}
