import { expect, IJupyterLabPageFixture, test } from './fixtures';
import * as fs from 'fs';
import * as path from 'path';

/** The example project shipped with the repository. */
const EXAMPLES = path.resolve(__dirname, '..', '..', 'examples');
const NOTEBOOK = 'churn_analysis.ipynb';
const PANEL = '#jp-promote-panel';

/** Cell ids of the example notebook, in order. */
const CELL_IDS: string[] = JSON.parse(
  fs.readFileSync(path.join(EXAMPLES, NOTEBOOK), 'utf-8')
).cells.map((cell: { id: string }) => cell.id);

/**
 * Open the example notebook (uploaded into this test's folder) and the panel.
 */
async function openExample(
  page: IJupyterLabPageFixture,
  tmpPath: string
): Promise<void> {
  await page.notebook.openByPath(`${tmpPath}/${NOTEBOOK}`);
  await page.notebook.activate(NOTEBOOK);
  await page.sidebar.openTab('jp-promote-panel');
}

test.describe('Promotion readiness panel', () => {
  test.beforeEach(async ({ page, tmpPath }) => {
    await page.contents.uploadDirectory(EXAMPLES, tmpPath);
  });

  test('shows the score and findings of the example notebook', async ({
    page,
    tmpPath
  }) => {
    await openExample(page, tmpPath);
    const score = page.locator(`${PANEL} [data-testid="promote-score"]`);
    await expect(score).toHaveText(/^\d{1,3}$/, { timeout: 30000 });
    const value = Number(await score.textContent());
    expect(value).toBeGreaterThanOrEqual(0);
    expect(value).toBeLessThanOrEqual(100);

    const hiddenState = page.locator(
      `${PANEL} [data-testid="promote-finding"][data-category="hidden_state"]`
    );
    await expect(hiddenState.first()).toBeVisible();
    await expect(
      page.locator(`${PANEL} .jp-PromotePanel-category`)
    ).toHaveCount(10);
    // The example fits a scaler before its split: a blocking finding, named
    // under the score and tagged in the list.
    await expect(
      page.locator(`${PANEL} [data-testid="promote-blocked"]`)
    ).toContainText('preprocessing-before-split');
    await expect(
      page.locator(
        `${PANEL} [data-testid="promote-finding"][data-code="LK001"] [data-testid="promote-blocking-tag"]`
      )
    ).toBeVisible();

    await page.sidebar.setWidth(360);
    await page.screenshot({ path: 'test-results/promote-panel.png' });
  });

  test('selects the cell of a finding when it is clicked', async ({
    page,
    tmpPath
  }) => {
    await openExample(page, tmpPath);
    const finding = page
      .locator(
        `${PANEL} [data-testid="promote-finding"]:not([data-cell-id=""])`
      )
      .last();
    await expect(finding).toBeVisible({ timeout: 30000 });
    const cellId = await finding.getAttribute('data-cell-id');
    const index = CELL_IDS.indexOf(cellId ?? '');
    expect(index).toBeGreaterThanOrEqual(0);

    await finding.locator('.jp-PromotePanel-findingButton').click();
    const cell = await page.notebook.getCellLocator(index);
    await expect(cell!).toHaveClass(/jp-mod-active/);
  });

  test('says so when no notebook is open', async ({ page }) => {
    await page.sidebar.openTab('jp-promote-panel');
    await expect(
      page.locator(`${PANEL} .jp-PromotePanel-status`)
    ).toContainText('No notebook is open');
    await expect(
      page.locator(`${PANEL} [data-testid="promote-score"]`)
    ).toHaveCount(0);
  });

  test('follows the user to another notebook and back', async ({
    page,
    tmpPath
  }) => {
    await openExample(page, tmpPath);
    const pathLabel = page.locator(`${PANEL} .jp-PromotePanel-path`);
    await expect(pathLabel).toHaveText(NOTEBOOK, { timeout: 30000 });

    await page.notebook.createNew('clean.ipynb');
    await expect(pathLabel).toHaveText('clean.ipynb', { timeout: 30000 });
    await expect(
      page.locator(
        `${PANEL} [data-testid="promote-finding"][data-category="hidden_state"]`
      )
    ).toHaveCount(0);

    await page.notebook.activate(NOTEBOOK);
    await expect(pathLabel).toHaveText(NOTEBOOK, { timeout: 30000 });
    await expect(
      page
        .locator(
          `${PANEL} [data-testid="promote-finding"][data-category="hidden_state"]`
        )
        .first()
    ).toBeVisible();
  });
});
