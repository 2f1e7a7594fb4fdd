import { NotebookPanel } from '@jupyterlab/notebook';

import { InlineFindings } from '../inline/store';
import { finding } from './fixtures';

/**
 * A panel-like object whose notebook has cells `cell-a` and `cell-b`.
 */
function panelOf(): { panel: NotebookPanel; a: object; b: object } {
  const a = { id: 'cell-a' };
  const b = { id: 'cell-b' };
  const panel = {
    model: { sharedModel: { cells: [a, b] } }
  } as unknown as NotebookPanel;
  return { panel, a, b };
}

describe('InlineFindings', () => {
  it('emits only when a cell’s findings changed, keeping the others’ lists', () => {
    const store = new InlineFindings({
      applyFix: () => undefined,
      ignore: () => undefined
    });
    let emitted = 0;
    store.changed.connect(() => (emitted += 1));
    const { panel, a, b } = panelOf();
    const onA = finding({ cell_id: 'cell-a' });
    const onB = finding({ cell_id: 'cell-b', code: 'SC001' });

    store.update(panel, [onA, onB]);
    expect(emitted).toBe(1);
    const listA = store.findingsOf(a);
    const listB = store.findingsOf(b);
    expect(listA).toEqual([onA]);

    // The same findings again (a new analysis started or came back the same).
    store.update(panel, [{ ...onA }, { ...onB }]);
    expect(emitted).toBe(1);
    expect(store.findingsOf(a)).toBe(listA);

    // One cell changed: one emission, the other cell keeps its list.
    store.update(panel, [{ ...onA, line: 2 }, { ...onB }]);
    expect(emitted).toBe(2);
    expect(store.findingsOf(a)).not.toBe(listA);
    expect(store.findingsOf(b)).toBe(listB);

    // A cell losing its findings is a change; cells without any share one list.
    store.update(panel, [{ ...onA, line: 2 }]);
    expect(emitted).toBe(3);
    expect(store.findingsOf(b)).toEqual([]);
    expect(store.findingsOf(b)).toBe(store.findingsOf({}));
  });

  it('emits when the notebook or `enabled` changes', () => {
    const store = new InlineFindings({
      applyFix: () => undefined,
      ignore: () => undefined
    });
    let emitted = 0;
    store.changed.connect(() => (emitted += 1));
    store.update(panelOf().panel, []);
    store.update(panelOf().panel, []);
    expect(emitted).toBe(2);
    store.enabled = false;
    expect(emitted).toBe(3);
  });
});
