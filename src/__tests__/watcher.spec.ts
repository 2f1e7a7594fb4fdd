import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { Signal } from '@lumino/signaling';

import { PromoteModel } from '../panel/model';
import { IReportEntry } from '../sync/report';
import { NotebookWatcher } from '../sync/watcher';
import { report } from './fixtures';

/**
 * The parts of a notebook panel the watcher touches.
 */
class FakePanel {
  constructor(readonly path: string) {}
  readonly context = {
    localPath: this.path,
    ready: Promise.resolve(),
    saveState: new Signal<unknown, string>(this),
    pathChanged: new Signal<unknown, string>(this)
  };
  readonly model = {
    contentChanged: new Signal<unknown, void>(this),
    toJSON: () => ({ cells: [], metadata: { path: this.path } })
  };
  readonly content = {};
  readonly disposed = new Signal<unknown, void>(this);
  isDisposed = false;
}

/**
 * A tracker whose current notebook the test sets.
 */
class FakeTracker {
  readonly currentChanged = new Signal<FakeTracker, FakePanel | null>(this);
  currentWidget: FakePanel | null = null;
  activate(panel: FakePanel | null): void {
    this.currentWidget = panel;
    this.currentChanged.emit(panel);
  }
}

/**
 * An analyze function whose replies the test releases one by one.
 */
function deferredAnalyze() {
  const pending: Array<{
    path: string;
    resolve: (entry: IReportEntry) => void;
  }> = [];
  const analyze = (path: string): Promise<IReportEntry> =>
    new Promise(resolve => pending.push({ path, resolve }));
  return { analyze, pending };
}

const flush = () => new Promise(resolve => setTimeout(resolve, 0));
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

describe('NotebookWatcher', () => {
  let tracker: FakeTracker;
  let model: PromoteModel;
  let watcher: NotebookWatcher;
  let calls: ReturnType<typeof deferredAnalyze>;

  beforeEach(() => {
    tracker = new FakeTracker();
    model = new PromoteModel();
    calls = deferredAnalyze();
    watcher = new NotebookWatcher({
      tracker: tracker as unknown as INotebookTracker,
      model,
      analyze: calls.analyze,
      debounceDelay: 20
    });
  });

  afterEach(() => watcher.dispose());

  it('says so when no notebook is open', () => {
    tracker.activate(null);
    expect(model.status).toBe('no-notebook');
  });

  it('analyzes a notebook as soon as it becomes current', async () => {
    tracker.activate(new FakePanel('a.ipynb'));
    await flush();
    expect(calls.pending.map(c => c.path)).toEqual(['a.ipynb']);
    expect(model.status).toBe('loading');
    calls.pending[0].resolve(report({ path: 'a.ipynb', score: 64 }));
    await flush();
    expect(model.status).toBe('ready');
    expect(model.report?.score).toBe(64);
  });

  it('drops the reply for a notebook the user has switched away from', async () => {
    tracker.activate(new FakePanel('a.ipynb'));
    await flush();
    tracker.activate(new FakePanel('b.ipynb'));
    await flush();
    expect(calls.pending.map(c => c.path)).toEqual(['a.ipynb', 'b.ipynb']);
    calls.pending[1].resolve(report({ path: 'b.ipynb', score: 91 }));
    calls.pending[0].resolve(report({ path: 'a.ipynb', score: 12 }));
    await flush();
    expect(model.path).toBe('b.ipynb');
    expect(model.report?.score).toBe(91);
  });

  it('re-analyzes once after a burst of edits', async () => {
    const panel = new FakePanel('a.ipynb');
    tracker.activate(panel);
    await flush();
    for (let i = 0; i < 5; i++) {
      panel.model.contentChanged.emit();
    }
    expect(calls.pending).toHaveLength(1);
    await sleep(60);
    expect(calls.pending).toHaveLength(2);
  });

  it('ignores edits when live updates are off', async () => {
    const panel = new FakePanel('a.ipynb');
    tracker.activate(panel);
    await flush();
    watcher.liveUpdates = false;
    panel.model.contentChanged.emit();
    await sleep(60);
    expect(calls.pending).toHaveLength(1);
  });

  it('re-analyzes when the notebook is saved, not when a save starts', async () => {
    const panel = new FakePanel('a.ipynb');
    tracker.activate(panel);
    await flush();
    panel.context.saveState.emit('started');
    expect(calls.pending).toHaveLength(1);
    panel.context.saveState.emit('completed');
    expect(calls.pending).toHaveLength(2);
  });

  it('stops listening to a notebook once another is current', async () => {
    const first = new FakePanel('a.ipynb');
    tracker.activate(first);
    await flush();
    tracker.activate(new FakePanel('b.ipynb'));
    await flush();
    first.context.saveState.emit('completed');
    first.model.contentChanged.emit();
    await sleep(60);
    expect(calls.pending.map(c => c.path)).toEqual(['a.ipynb', 'b.ipynb']);
  });

  it('applies a new debounce delay', () => {
    watcher.debounceDelay = 250;
    expect(watcher.debounceDelay).toBe(250);
  });
});
