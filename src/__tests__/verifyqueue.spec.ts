import { NotebookPanel } from '@jupyterlab/notebook';
import { ServerConnection } from '@jupyterlab/services';

import * as api from '../sharing/api';
import { POSITION_POLL_MS, VerifyRunner } from '../sharing/verify';

jest.mock('../sharing/api', () => ({
  cancelVerify: jest.fn(),
  fetchVerifyPosition: jest.fn(),
  requestVerify: jest.fn()
}));

const mocked = api as jest.Mocked<typeof api>;
const panel = {
  context: { localPath: 'nb.ipynb', model: { dirty: false } },
  isDisposed: false,
  model: null
} as unknown as NotebookPanel;
const reply = {
  path: 'nb.ipynb',
  passed: true,
  cells: [],
  duration: 1,
  stamp: null,
  edits: [],
  entry: null
} as unknown as api.IVerifyReply;

describe('a clean re-run waiting for a slot', () => {
  beforeEach(() => {
    jest.useFakeTimers();
    jest.resetAllMocks();
  });
  afterEach(() => jest.useRealTimers());

  it('says how many re-runs are ahead, then that it runs', async () => {
    let answer: (value: api.IVerifyReply) => void = () => undefined;
    mocked.requestVerify.mockReturnValue(
      new Promise(resolve => (answer = resolve))
    );
    mocked.fetchVerifyPosition
      .mockResolvedValueOnce({ path: 'nb.ipynb', state: 'waiting', ahead: 1 })
      .mockResolvedValueOnce({ path: 'nb.ipynb', state: 'running', ahead: 0 });
    const runner = new VerifyRunner({} as ServerConnection.ISettings);
    const ahead: number[] = [];
    runner.stateChanged.connect((_, state) => {
      if (state.status === 'running') {
        ahead.push(state.ahead);
      }
    });
    const done = runner.run(panel);
    await jest.advanceTimersByTimeAsync(POSITION_POLL_MS);
    await jest.advanceTimersByTimeAsync(POSITION_POLL_MS);
    answer(reply);
    const state = await done;
    expect(ahead).toEqual([0, 2, 0]);
    expect(state.status).toBe('done');
    expect(mocked.fetchVerifyPosition).toHaveBeenCalledTimes(2);
  });

  it('stops asking once the reply came', async () => {
    mocked.requestVerify.mockResolvedValue(reply);
    const runner = new VerifyRunner({} as ServerConnection.ISettings);
    const state = await runner.run(panel);
    await jest.advanceTimersByTimeAsync(POSITION_POLL_MS * 3);
    expect(state.status).toBe('done');
    expect(mocked.fetchVerifyPosition).not.toHaveBeenCalled();
  });

  it('keeps running when the position cannot be read', async () => {
    let answer: (value: api.IVerifyReply) => void = () => undefined;
    mocked.requestVerify.mockReturnValue(
      new Promise(resolve => (answer = resolve))
    );
    mocked.fetchVerifyPosition.mockRejectedValue(new Error('404'));
    const runner = new VerifyRunner({} as ServerConnection.ISettings);
    const done = runner.run(panel);
    await jest.advanceTimersByTimeAsync(POSITION_POLL_MS);
    expect(runner.state.status).toBe('running');
    answer(reply);
    expect((await done).status).toBe('done');
  });
});
