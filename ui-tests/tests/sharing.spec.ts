import { expect, IJupyterLabPageFixture, test } from './fixtures';

import { codeNotebook } from './notebooks';

const BADGE = '[data-testid="promote-badge"]';
const SHARE = '.jp-Dialog .jp-PromoteShare';

const LEAKY = codeNotebook([
  { source: "import pandas as pd\ndf = pd.read_csv('/Users/alice/data.csv')" },
  { source: "API_KEY = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc'" }
]);

const TINY = codeNotebook([
  { source: 'import math', execution_count: 1 },
  {
    source: 'print(round(math.pi, 2))',
    execution_count: 2,
    outputs: [{ name: 'stdout', output_type: 'stream', text: '3.14\n' }]
  }
]);

async function open(
  page: IJupyterLabPageFixture,
  tmpPath: string,
  name: string,
  content: string
): Promise<void> {
  await page.contents.uploadContent(content, 'text', `${tmpPath}/${name}`);
  await page.notebook.openByPath(`${tmpPath}/${name}`);
  await page.notebook.activate(name);
}

/**
 * The URL of the next HTML export (JupyterLab opens it in a new tab).
 */
async function htmlExport(page: IJupyterLabPageFixture): Promise<string> {
  const request = await page
    .context()
    .waitForEvent('request', r => r.url().includes('/nbconvert/html/'));
  return request.url();
}

/**
 * JupyterLab's own export to HTML asks whether to sanitize the output first
 * (with jupyter_server 2.18 to 4): the share dialog must be gone by then.
 */
async function acceptSanitize(page: IJupyterLabPageFixture): Promise<void> {
  const dialog = page.locator('.jp-Dialog', {
    hasText: 'Sanitize HTML output'
  });
  await expect(dialog).toBeVisible();
  await expect(page.locator(SHARE)).toHaveCount(0);
  await dialog.locator('.jp-mod-accept').click();
}

/**
 * Turn re-analysis on edits on or off, as the Settings Editor does.
 */
async function setLiveUpdates(
  page: IJupyterLabPageFixture,
  value: boolean
): Promise<void> {
  await page.evaluate(async value => {
    const registry = await window.galata.getPlugin(
      '@jupyterlab/apputils-extension:settings'
    );
    await registry!.set('jupyterlab_promote:plugin', 'liveUpdates', value);
  }, value);
}

test.describe('Before sharing', () => {
  test('the toolbar badge shows the score and opens the panel', async ({
    page,
    tmpPath
  }) => {
    await open(page, tmpPath, 'leaky.ipynb', LEAKY);
    const badge = page.locator(`.jp-NotebookPanel-toolbar ${BADGE}`);
    await expect(badge).toHaveText(/^\d+$/);
    await expect(badge).toHaveAttribute('aria-label', /Promotion readiness/);
    await expect(badge).toHaveClass(/jp-mod-not-ready/);
    await page
      .locator('.jp-NotebookPanel-toolbar')
      .screenshot({ path: 'test-results/sharing-badge-toolbar.png' });
    await badge.focus();
    await page.keyboard.press('Enter');
    const panel = page.locator('#jp-promote-panel');
    await expect(panel).toBeVisible();
    await expect(panel.locator('[data-testid="promote-score"]')).toHaveText(
      (await badge.textContent()) ?? ''
    );
  });

  test('the share dialog lists the secret first and copies the Markdown', async ({
    page,
    tmpPath
  }) => {
    await open(page, tmpPath, 'leaky.ipynb', LEAKY);
    await expect(page.locator(BADGE)).toHaveText(/^\d+$/);
    await page.menu.clickMenuItem('File>Check Before Sharing…');
    const dialog = page.locator(SHARE);
    const findings = dialog.locator('[data-testid="promote-share-finding"]');
    await expect(findings.first()).toHaveAttribute('data-kind', 'secret');
    await expect(findings.first()).toHaveAttribute('data-code', 'SC001');
    await expect(
      dialog.locator('[data-testid="promote-share-finding"][data-kind="path"]')
    ).toHaveCount(1);
    const image = dialog.locator('img.jp-PromoteShare-badgeImage');
    await expect(image).toHaveAttribute('alt', /promotion readiness: \d+/);
    await expect(
      dialog.locator('[data-testid="promote-badge-markdown"]')
    ).toHaveText(
      /^!\[promotion readiness: \d+ \(not ready\), not verified\]\(badge\.svg\)$/
    );
    await page.screenshot({ path: 'test-results/sharing-dialog.png' });
    const copy = dialog.locator('[data-testid="promote-copy-markdown"]');
    await expect(copy).toBeEnabled();
    await copy.click();
    await expect(copy).toHaveText('Copied');

    await page.keyboard.press('Escape');
    await page.theme.setDarkTheme();
    await page.notebook.activate('leaky.ipynb');
    await page.menu.clickMenuItem('File>Check Before Sharing…');
    await expect(
      dialog.locator('img.jp-PromoteShare-badgeImage')
    ).toBeVisible();
    await page.screenshot({ path: 'test-results/sharing-dialog-dark.png' });
    await page.keyboard.press('Escape');
    await page.theme.setLightTheme();

    // Asked only to check, its main action opens the panel (not a download).
    await page.notebook.activate('leaky.ipynb');
    await page.menu.clickMenuItem('File>Check Before Sharing…');
    const main = page.locator('.jp-Dialog .jp-Dialog-button.jp-mod-accept');
    await expect(main).toHaveText('Open Panel');
    await main.click();
    await expect(page.locator('#jp-promote-panel')).toBeVisible();
  });

  test("the badge's context menu shows no check mark on the clean re-run", async ({
    page,
    tmpPath
  }) => {
    await open(page, tmpPath, 'leaky.ipynb', LEAKY);
    const badge = page.locator(BADGE);
    await expect(badge).toHaveText(/^\d+$/);
    await badge.click({ button: 'right' });
    const rerun = page.locator('.lm-Menu li.lm-Menu-item', {
      hasText: 'Re-run in a Clean Kernel'
    });
    await expect(rerun).toBeVisible();
    await expect(
      rerun.locator('[data-icon="ui-components:check"]')
    ).toHaveCount(0);
    await expect(
      rerun.locator('[data-icon="ui-components:fast-forward"]')
    ).toHaveCount(1);
    await page.screenshot({ path: 'test-results/sharing-badge-menu.png' });
    await page.keyboard.press('Escape');
  });

  test('File → Download checks a notebook with a secret first', async ({
    page,
    tmpPath
  }) => {
    await open(page, tmpPath, 'leaky.ipynb', LEAKY);
    await expect(page.locator(BADGE)).toHaveText(/^\d+$/);
    const fileMenu = page.locator('#jp-mainmenu-file');
    await page.menu.open('File');
    await expect(
      fileMenu.locator('.lm-Menu-itemLabel', { hasText: /^Download$/ })
    ).toHaveCount(1);
    await page.menu.clickMenuItem('File>Download');
    await expect(page.locator(SHARE)).toBeVisible();
    await expect(
      page
        .locator(SHARE)
        .locator('[data-testid="promote-share-finding"]')
        .first()
    ).toHaveAttribute('data-kind', 'secret');
    await page.keyboard.press('Escape');
  });

  test('File → Save and Export Notebook As checks a notebook with a secret first', async ({
    page,
    tmpPath
  }) => {
    await open(page, tmpPath, 'leaky.ipynb', LEAKY);
    await expect(page.locator(BADGE)).toHaveText(/^\d+$/);
    const exported = htmlExport(page);
    await page.menu.clickMenuItem('File>Save and Export Notebook As>HTML');
    const dialog = page.locator(SHARE);
    await expect(dialog).toBeVisible();
    await expect(
      dialog.locator('[data-testid="promote-share-finding"]').first()
    ).toHaveAttribute('data-code', 'SC001');
    await expect(
      dialog.locator('[data-testid="promote-share-finding"][data-kind="path"]')
    ).toHaveCount(1);
    await expect(
      dialog.locator('img.jp-PromoteShare-badgeImage')
    ).toBeVisible();
    const exportButton = page.locator('.jp-Dialog-button.jp-mod-accept');
    await expect(exportButton).toHaveText('Export as HTML');
    await expect(
      exportButton.locator('.jp-Dialog-buttonLabel')
    ).toHaveAttribute('aria-label', 'Save and export the notebook as HTML');
    await page.screenshot({ path: 'test-results/sharing-export-dialog.png' });
    // Its button goes on with the export the menu asked for.
    await exportButton.click();
    await acceptSanitize(page);
    expect(await exported).toContain('/leaky.ipynb');
  });

  test('File → Save and Export Notebook As exports a clean notebook at once', async ({
    page,
    tmpPath
  }) => {
    await open(page, tmpPath, 'tiny.ipynb', TINY);
    await expect(page.locator(BADGE)).toHaveText(/^\d+$/);
    const exported = htmlExport(page);
    await page.menu.clickMenuItem('File>Save and Export Notebook As>HTML');
    await acceptSanitize(page);
    expect(await exported).toContain('/tiny.ipynb');
    await expect(page.locator(SHARE)).toHaveCount(0);
  });

  test('File → Download decides on what was just typed, even with live updates off', async ({
    page,
    tmpPath
  }) => {
    await setLiveUpdates(page, false);
    try {
      await open(page, tmpPath, 'tiny.ipynb', TINY);
      await expect(page.locator(BADGE)).toHaveText(/^\d+$/);
      // Nothing re-analyses this cell by itself: only the check before the download can see it.
      await page.notebook.addCell(
        'code',
        "API_KEY = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc'"
      );
      await page.menu.clickMenuItem('File>Download');
      const dialog = page.locator(SHARE);
      await expect(dialog).toBeVisible();
      await expect(
        dialog.locator('[data-testid="promote-share-finding"]').first()
      ).toHaveAttribute('data-code', 'SC001');
      await page.keyboard.press('Escape');
    } finally {
      await setLiveUpdates(page, true);
    }
  });

  test('the file browser checks a notebook with a secret before downloading it', async ({
    page,
    tmpPath
  }) => {
    await page.contents.uploadContent(LEAKY, 'text', `${tmpPath}/leaky.ipynb`);
    await page.contents.uploadContent(TINY, 'text', `${tmpPath}/tiny.ipynb`);
    await page.filebrowser.openDirectory(tmpPath);
    const contextDownload = async (name: string): Promise<void> => {
      await page
        .locator('.jp-DirListing-itemText', { hasText: name })
        .click({ button: 'right' });
      const items = page.locator('.lm-Menu .lm-Menu-itemLabel', {
        hasText: /^Download$/
      });
      await expect(items).toHaveCount(1); // ours, in place of the core one
      await items.click();
    };

    await contextDownload('leaky.ipynb');
    const dialog = page.locator('.jp-Dialog .jp-PromoteBrowserCheck');
    await expect(dialog).toBeVisible();
    await expect(
      dialog.locator('[data-testid="promote-share-finding"]').first()
    ).toHaveAttribute('data-kind', 'secret');
    await expect(
      dialog.locator('[data-testid="promote-share-finding"][data-kind="path"]')
    ).toHaveCount(1);
    await page.screenshot({
      path: 'test-results/sharing-browser-download.png'
    });
    const downloaded = page.waitForEvent('download');
    await page
      .locator('.jp-Dialog-button', { hasText: 'Download anyway' })
      .click();
    expect((await downloaded).suggestedFilename()).toBe('leaky.ipynb');

    // A clean notebook downloads at once.
    const clean = page.waitForEvent('download');
    await contextDownload('tiny.ipynb');
    expect((await clean).suggestedFilename()).toBe('tiny.ipynb');
    await expect(page.locator('.jp-Dialog')).toHaveCount(0);
  });

  test('the panel button re-runs cleanly, shows per-cell results and ticks the badge', async ({
    page,
    tmpPath
  }) => {
    await open(page, tmpPath, 'tiny.ipynb', TINY);
    const badge = page.locator(BADGE);
    await expect(badge).toHaveText(/^\d+$/);
    await expect(badge).toHaveAttribute('data-verification', 'none');
    await page.sidebar.openTab('jp-promote-panel');
    await page.locator('#jp-promote-panel .jp-PromotePanel-verify').click();
    const results = page.locator(
      '.jp-Dialog [data-testid="promote-verify-results"]'
    );
    await expect(results).toBeVisible({ timeout: 60000 });
    await expect(results.locator('.jp-PromoteVerify-verdict')).toHaveText(
      /Passed/
    );
    await expect(
      results.locator('.jp-PromoteVerify-cell[data-status="same"]')
    ).toHaveCount(2);
    await page.screenshot({ path: 'test-results/sharing-verify.png' });
    await page.locator('.jp-Dialog .jp-mod-reject').click();
    await expect(badge).toHaveAttribute('data-verification', 'verified');
    await expect(badge.locator('.jp-PromoteBadge-mark')).toHaveText('✓');
    await page
      .locator('.jp-NotebookPanel-toolbar')
      .screenshot({ path: 'test-results/sharing-badge-verified.png' });
  });

  test('a name from a deleted cell is reported from the kernel', async ({
    page,
    tmpPath
  }) => {
    await open(
      page,
      tmpPath,
      'kernel.ipynb',
      codeNotebook([{ source: 'answer = 41' }, { source: 'print(answer + 1)' }])
    );
    await page.notebook.runCell(0);
    await page.notebook.runCell(1);
    await page.notebook.selectCells(0);
    await page.notebook.deleteCells();
    await page.sidebar.openTab('jp-promote-panel');
    const finding = page.locator(
      '#jp-promote-panel [data-testid="promote-finding"][data-code="HS011"]'
    );
    await expect(finding).toBeVisible({ timeout: 20000 });
    await expect(finding.locator('.jp-PromotePanel-origin')).toHaveText(
      'from the kernel'
    );
    await finding.screenshot({ path: 'test-results/sharing-kernel.png' });
    // Its fix restores the code from the kernel's history, shown first.
    const before = await page.notebook.getCellCount();
    await finding.locator('[data-testid="promote-fix"]').click();
    await page.locator('.jp-Dialog .jp-mod-warn').click();
    await expect.poll(() => page.notebook.getCellCount()).toBe(before + 1);
    expect(await page.notebook.getCellTextInput(0)).toBe('answer = 41');
  });
});
