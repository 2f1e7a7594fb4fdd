import { BrowserContext, Page } from '@playwright/test';

import { clickMenuItem, expect, test } from './fixtures';
import { codeNotebook } from './notebooks';

const NOTEBOOK = 'leaky.ipynb';

/**
 * A hard-coded path and a secret (findings with a line: underlined in the
 * editor), run out of order (a finding about a whole cell: a marker on it).
 */
const LEAKY = codeNotebook([
  {
    source: "import pandas as pd\ndf = pd.read_csv('/Users/alice/data.csv')",
    execution_count: 2
  },
  {
    source: "API_KEY = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc'",
    execution_count: 1
  },
  { source: 'df.head()', execution_count: 3 }
]);

// Notebook 7 is its own application: the test opens its pages itself (the
// Galata page only uploads the notebook).
test.use({ autoGoto: false });

/**
 * Open the notebook from Notebook 7's file browser (/tree); it opens in a new
 * browser tab at /notebooks/<path>.
 */
async function openFromTree(
  context: BrowserContext,
  baseURL: string,
  tmpPath: string
): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${baseURL}/tree/${tmpPath}`);
  const item = page.locator('.jp-DirListing-item', { hasText: NOTEBOOK });
  await expect(item).toBeVisible({ timeout: 30000 });
  const opened = page.context().waitForEvent('page');
  await item.dblclick();
  const notebook = await opened;
  await expect(notebook).toHaveURL(
    new RegExp(`/notebooks/${tmpPath}/${NOTEBOOK}$`)
  );
  await expect(notebook.locator('.jp-Notebook .jp-Cell')).toHaveCount(3, {
    timeout: 30000
  });
  return notebook;
}

test.describe('Notebook 7', () => {
  test('badge, inline marks, the panel and Check Before Sharing', async ({
    page,
    context,
    baseURL,
    tmpPath
  }) => {
    await page.contents.uploadContent(LEAKY, 'text', `${tmpPath}/${NOTEBOOK}`);
    const notebook = await openFromTree(context, baseURL!, tmpPath);

    const badge = notebook.locator('[data-testid="promote-badge"]');
    await expect(badge).toHaveText(/^\d+$/, { timeout: 30000 });
    await expect(badge).toHaveClass(/jp-mod-not-ready/);

    // Inline: the secret is underlined in its editor.
    await expect(
      notebook.locator('.jp-Cell').nth(1).locator('.cm-lintRange').first()
    ).toBeVisible();
    await expect(
      notebook.locator('.jp-Cell .jp-PromoteCellMarker').first()
    ).toHaveText(/HS\d{3}/);
    await notebook.screenshot({ path: 'test-results/notebook7.png' });

    await clickMenuItem(notebook, 'View>Left Sidebar>Show Promotion readiness');
    const panel = notebook.locator('#jp-promote-panel');
    await expect(panel).toBeVisible();
    await expect(panel.locator('[data-testid="promote-score"]')).toHaveText(
      (await badge.textContent()) ?? ''
    );
    await expect(
      panel.locator('[data-testid="promote-finding"][data-code="SC001"]')
    ).toBeVisible();
    await notebook.screenshot({ path: 'test-results/notebook7-panel.png' });

    await clickMenuItem(notebook, 'File>Check Before Sharing…');
    const share = notebook.locator('.jp-Dialog .jp-PromoteShare');
    await expect(
      share.locator('[data-testid="promote-share-finding"]').first()
    ).toHaveAttribute('data-code', 'SC001');
    await notebook.screenshot({ path: 'test-results/notebook7-share.png' });
    await notebook.keyboard.press('Escape');
    await expect(share).toHaveCount(0);
  });
});
