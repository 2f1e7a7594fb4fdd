import { expect, IJupyterLabPageFixture, test } from './fixtures';

import { codeNotebook } from './notebooks';
import * as fs from 'fs';
import * as path from 'path';

const PANEL = '#jp-promote-panel';
const SCORE = `${PANEL} [data-testid="promote-score"]`;
const FINDING = `${PANEL} [data-testid="promote-finding"]`;
const CELLS = 300;
const EDITED = 150;
const EDITS = 20;
const RESULTS = path.join(__dirname, '..', 'test-results');

/**
 * A 300-cell notebook of small, clean code cells; cell 150 holds a relative
 * path that one keystroke ("/") turns into an absolute one.
 */
function bigNotebook(): string {
  return codeNotebook(
    Array.from({ length: CELLS }, (_, i) => ({
      source:
        i === EDITED
          ? 'data_path = "home/alice/data.csv"'
          : `def step_${i}(value):\n    return value * ${i} + 1\n\n\nresult_${i} = step_${i}(${i})`
    }))
  );
}

/**
 * What the page recorded: keys down, score changes, and per analysis request
 * its start, first byte and end (all `performance.now()` times).
 */
interface ITiming {
  keys: number[];
  changes: number[];
  requests: number[][];
}

function readTiming(page: IJupyterLabPageFixture): Promise<ITiming> {
  return page.evaluate(
    () => (window as unknown as { promoteTiming: ITiming }).promoteTiming
  );
}

/**
 * What to measure: a notebook, how many editors JupyterLab builds for it,
 * and where one "/" turns a relative path into an absolute one.
 */
interface ILatencyCase {
  name: string;
  content: string;
  editors: number;
  cell: number;
  line: number;
  /** The text before the cursor on that line. */
  before: string;
}

/**
 * Type "/" and Backspace in turn and measure, in the page, each keystroke
 * to the panel's change (score or number of findings), with where the time
 * went; writes test-results/latency-<name>.json.
 */
async function measureLatency(
  page: IJupyterLabPageFixture,
  tmpPath: string,
  latencyCase: ILatencyCase
): Promise<number[]> {
  const file = `${latencyCase.name}.ipynb`;
  await page.contents.uploadContent(
    latencyCase.content,
    'text',
    `${tmpPath}/${file}`
  );
  await page.notebook.openByPath(`${tmpPath}/${file}`);
  await page.notebook.activate(file);
  await page.sidebar.openTab('jp-promote-panel');
  await expect(page.locator(SCORE)).toHaveText(/^\d{1,3}$/, { timeout: 60000 });

  // JupyterLab creates the cells' editors while the page is idle, a few at a
  // time: measure once it is done, as when someone types in an open notebook.
  await page.waitForFunction(
    editors =>
      document.querySelectorAll('.jp-Notebook .jp-Cell .cm-content').length >=
      editors,
    latencyCase.editors,
    { timeout: 120000, polling: 500 }
  );

  // Put the cursor just after the opening quote of the path.
  await page.notebook.enterCellEditingMode(latencyCase.cell);
  await page.keyboard.press('Control+Home');
  for (let i = 0; i < latencyCase.line; i++) {
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Home');
  for (let i = 0; i < latencyCase.before.length; i++) {
    await page.keyboard.press('ArrowRight');
  }
  // Record, in the page, when each key goes down and when the panel's
  // score or number of findings changes.
  await page.evaluate(
    ([score, finding]) => {
      const record = {
        keys: [] as number[],
        changes: [] as number[],
        requests: [] as number[][]
      };
      // When each analysis request left, got its first byte and its last one.
      new PerformanceObserver(list => {
        for (const entry of list.getEntries() as PerformanceResourceTiming[]) {
          if (entry.name.includes('/jupyterlab-promote/analyze')) {
            record.requests.push([
              entry.startTime,
              entry.responseStart,
              entry.responseEnd
            ]);
          }
        }
      }).observe({ type: 'resource', buffered: false });
      (window as unknown as { promoteTiming: typeof record }).promoteTiming =
        record;
      document.addEventListener(
        'keydown',
        () => record.keys.push(performance.now()),
        true
      );
      const shown = () =>
        `${document.querySelector(score)?.textContent}|${document.querySelectorAll(finding).length}`;
      let last = shown();
      new MutationObserver(() => {
        const now = shown();
        if (now !== last) {
          last = now;
          record.changes.push(performance.now());
        }
      }).observe(document.body, {
        subtree: true,
        childList: true,
        characterData: true
      });
    },
    [SCORE, FINDING] as const
  );

  const latencies: number[] = [];
  // Where the time of each edit goes: from the key to the request (debounce
  // and building the body), the request until its first byte (network and
  // server), its download, and from there to the panel's change.
  const phases: Array<Record<string, number>> = [];
  for (let edit = 0; edit < EDITS; edit++) {
    const keysBefore = (await readTiming(page)).keys.length;
    await page.keyboard.press(edit % 2 === 0 ? '/' : 'Backspace');
    // Waited for in the page: polling locators from the test would run in
    // the page's main thread too, and be counted in the latency.
    await page.waitForFunction(
      keysBefore => {
        const { keys, changes, requests } = (
          window as unknown as { promoteTiming: ITiming }
        ).promoteTiming;
        const key = keys[keys.length - 1];
        return (
          keys.length > keysBefore &&
          changes.some(t => t >= key) &&
          // The resource entry of the request is filed once its body is read.
          requests.some(r => r[0] >= key)
        );
      },
      keysBefore,
      { timeout: 15000, polling: 'raf' }
    );
    const timing = await readTiming(page);
    const key = timing.keys[timing.keys.length - 1];
    const change = timing.changes.find(t => t >= key);
    expect(change).toBeDefined();
    latencies.push((change ?? key) - key);
    const request = timing.requests.filter(r => r[0] >= key).pop()!;
    const [start, firstByte, end] = request;
    phases.push({
      to_request: start - key,
      to_first_byte: firstByte - start,
      download: end - firstByte,
      to_screen: (change ?? end) - end
    });
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  const p95 =
    sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)];
  fs.mkdirSync(RESULTS, { recursive: true });
  fs.writeFileSync(
    path.join(RESULTS, `latency-${latencyCase.name}.json`),
    JSON.stringify(
      {
        notebook: latencyCase.name,
        edits: EDITS,
        latencies_ms: latencies.map(Math.round),
        median_ms: Math.round(sorted[Math.floor(sorted.length / 2)]),
        p95_ms: Math.round(p95),
        phases_ms: phases.map(phase =>
          Object.fromEntries(
            Object.entries(phase).map(([name, ms]) => [name, Math.round(ms)])
          )
        )
      },
      null,
      2
    )
  );
  return latencies;
}

test('keystroke to updated panel on the example notebook', async ({
  page,
  tmpPath
}) => {
  test.setTimeout(180000);
  const example = path.join(
    __dirname,
    '..',
    '..',
    'examples',
    'churn_analysis.ipynb'
  );
  const latencies = await measureLatency(page, tmpPath, {
    name: 'example',
    content: fs.readFileSync(example, 'utf-8'),
    editors: 13,
    cell: 2,
    line: 1,
    before: 'df = pd.read_csv("'
  });
  expect(latencies).toHaveLength(EDITS);
});

test('keystroke to updated panel on a 300-cell notebook', async ({
  page,
  tmpPath
}) => {
  test.setTimeout(240000);
  const latencies = await measureLatency(page, tmpPath, {
    name: '300-cells',
    content: bigNotebook(),
    editors: CELLS,
    cell: EDITED,
    line: 0,
    before: 'data_path = "'
  });
  expect(latencies).toHaveLength(EDITS);
});
