import { expect, IJupyterLabPageFixture, test } from './fixtures';
import * as path from 'path';

/** The example project shipped with the repository. */
const EXAMPLES = path.resolve(__dirname, '..', '..', 'examples');
const NOTEBOOK = 'churn_analysis.ipynb';
const PANEL = '#jp-promote-panel';
const SCORE = `${PANEL} [data-testid="promote-score"]`;
const FINDING = `${PANEL} [data-testid="promote-finding"]`;
const PLUGIN = 'jupyterlab_promote:plugin';

/**
 * Change one of the extension's settings through the setting registry, as
 * the Settings Editor does.
 */
async function setSetting(
  page: IJupyterLabPageFixture,
  key: string,
  value: unknown
): Promise<void> {
  await page.evaluate(
    async ({ plugin, key, value }) => {
      const registry = await window.galata.getPlugin(
        '@jupyterlab/apputils-extension:settings'
      );
      await registry!.set(plugin, key, value as boolean | string[]);
    },
    { plugin: PLUGIN, key, value }
  );
}

async function scoreOf(page: IJupyterLabPageFixture): Promise<number> {
  return Number(await page.locator(SCORE).textContent());
}

test.describe('Settings apply live', () => {
  test.beforeEach(async ({ page, tmpPath }) => {
    await page.contents.uploadDirectory(EXAMPLES, tmpPath);
    await page.notebook.openByPath(`${tmpPath}/${NOTEBOOK}`);
    await page.notebook.activate(NOTEBOOK);
    await page.sidebar.openTab('jp-promote-panel');
    await page.sidebar.setWidth(380);
    await expect(page.locator(SCORE)).toHaveText(/^\d{1,3}$/, {
      timeout: 30000
    });
  });

  test('inline diagnostics turn off and on without reload', async ({
    page
  }) => {
    const ranges = page.locator('.jp-Notebook .cm-lintRange');
    await expect(ranges.first()).toBeAttached();
    const markers = page.locator('.jp-Notebook .jp-PromoteCellMarker');
    await expect(markers.first()).toBeAttached();

    await setSetting(page, 'showInlineDiagnostics', false);
    await expect(ranges).toHaveCount(0);
    await expect(markers).toHaveCount(0);
    // The panel still lists everything.
    await expect(page.locator(FINDING).first()).toBeVisible();
    await page.screenshot({ path: 'test-results/settings-inline-off.png' });

    await setSetting(page, 'showInlineDiagnostics', true);
    await expect(ranges.first()).toBeAttached();
  });

  test('disabled categories and ignored codes are neither shown nor scored', async ({
    page
  }) => {
    const performance = page.locator(`${FINDING}[data-category="performance"]`);
    await expect(performance.first()).toBeVisible();
    const before = await scoreOf(page);
    const categories: string[] = await page.evaluate(async plugin => {
      const registry = await window.galata.getPlugin(
        '@jupyterlab/apputils-extension:settings'
      );
      const settings = await registry!.load(plugin);
      return settings.composite.enabledCategories as string[];
    }, PLUGIN);

    await setSetting(
      page,
      'enabledCategories',
      categories.filter(id => id !== 'performance')
    );
    await expect(performance).toHaveCount(0);
    await expect(
      page.locator(`${PANEL} .jp-PromotePanel-category[data-category]`)
    ).toHaveCount(categories.length - 1);
    await expect(
      page.locator(
        `${PANEL} .jp-PromotePanel-category[data-category="performance"]`
      )
    ).toHaveCount(0);
    // The server left them out of the score: it went up, nothing "hidden".
    await expect.poll(() => scoreOf(page)).toBeGreaterThan(before);
    await expect(page.locator(`${PANEL} .jp-PromotePanel-hidden`)).toHaveCount(
      0
    );
    const withoutPerformance = await scoreOf(page);
    await page.screenshot({
      path: 'test-results/settings-category-off.png'
    });

    await setSetting(page, 'ignoredCodes', ['EH001']);
    await expect(page.locator(`${FINDING}[data-code="EH001"]`)).toHaveCount(0);
    await expect.poll(() => scoreOf(page)).toBeGreaterThan(withoutPerformance);
    await expect(page.locator(`${PANEL} .jp-PromotePanel-hidden`)).toHaveCount(
      0
    );

    await setSetting(page, 'enabledCategories', categories);
    await setSetting(page, 'ignoredCodes', []);
    await expect(performance.first()).toBeVisible();
    await expect.poll(() => scoreOf(page)).toBe(before);
  });
});
