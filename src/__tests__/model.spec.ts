import { PromoteModel } from '../panel/model';
import { report } from './fixtures';

describe('PromoteModel', () => {
  it('starts idle with no report', () => {
    const model = new PromoteModel();
    expect(model.status).toBe('idle');
    expect(model.report).toBeNull();
  });

  it('accepts the reply to the newest request', () => {
    const model = new PromoteModel();
    const ticket = model.begin('a.ipynb');
    expect(model.status).toBe('loading');
    expect(model.resolve(ticket, report({ score: 80 }))).toBe(true);
    expect(model.status).toBe('ready');
    expect(model.report?.score).toBe(80);
  });

  it('drops a reply to an older request that arrives late', () => {
    const model = new PromoteModel();
    const first = model.begin('a.ipynb');
    const second = model.begin('a.ipynb');
    expect(model.resolve(second, report({ score: 90 }))).toBe(true);
    expect(model.resolve(first, report({ score: 10 }))).toBe(false);
    expect(model.fail(first, 'too late')).toBe(false);
    expect(model.report?.score).toBe(90);
    expect(model.status).toBe('ready');
  });

  it('keeps the last report while re-analyzing the same notebook', () => {
    const model = new PromoteModel();
    model.resolve(model.begin('a.ipynb'), report({ score: 55 }));
    model.begin('a.ipynb');
    expect(model.status).toBe('loading');
    expect(model.report?.score).toBe(55);
  });

  it('forgets the report when another notebook is analyzed', () => {
    const model = new PromoteModel();
    model.resolve(model.begin('a.ipynb'), report());
    model.begin('b.ipynb');
    expect(model.report).toBeNull();
    expect(model.path).toBe('b.ipynb');
  });

  it('shows the server message on failure', () => {
    const model = new PromoteModel();
    const ticket = model.begin('a.ipynb');
    expect(model.fail(ticket, 'Path is outside the root')).toBe(true);
    expect(model.status).toBe('error');
    expect(model.error).toBe('Path is outside the root');
  });

  it('treats a report carrying an error as an error', () => {
    const model = new PromoteModel();
    model.resolve(
      model.begin('a.ipynb'),
      report({ score: null, grade: null, error: 'Not valid JSON' })
    );
    expect(model.status).toBe('error');
    expect(model.error).toBe('Not valid JSON');
  });

  it('drops replies still in flight when the notebook closes', () => {
    const model = new PromoteModel();
    const ticket = model.begin('a.ipynb');
    model.clear();
    expect(model.resolve(ticket, report())).toBe(false);
    expect(model.status).toBe('no-notebook');
    expect(model.report).toBeNull();
  });

  it('signals every state change', () => {
    const model = new PromoteModel();
    let count = 0;
    model.stateChanged.connect(() => (count += 1));
    const ticket = model.begin('a.ipynb');
    model.resolve(ticket, report());
    model.resolve(ticket - 1, report());
    model.clear();
    expect(count).toBe(3);
  });
});
