import { expect, IJupyterLabPageFixture, test } from './fixtures';

import { codeNotebook } from './notebooks';
import * as fs from 'fs';
import * as path from 'path';

/** The example project shipped with the repository. */
const EXAMPLES = path.resolve(__dirname, '..', '..', 'examples');
const NOTEBOOK = 'churn_analysis.ipynb';
const PANEL = '#jp-promote-panel';
const SCORE = `${PANEL} [data-testid="promote-score"]`;
const SECRET = 'api_key = "sk-live-8d9f7a6b5c4e3d2f1a0b9c8d7e6f5a4b"';

/** Cell ids of the example notebook, in order. */
const CELL_IDS: string[] = JSON.parse(
  fs.readFileSync(path.join(EXAMPLES, NOTEBOOK), 'utf-8')
).cells.map((cell: { id: string }) => cell.id);

async function scoreOf(page: IJupyterLabPageFixture): Promise<number> {
  return Number(await page.locator(SCORE).textContent());
}

/**
 * Open a notebook and the panel, and wait for its first score.
 */
async function openWithPanel(
  page: IJupyterLabPageFixture,
  notebookPath: string
): Promise<void> {
  await page.notebook.openByPath(notebookPath);
  await page.notebook.activate(path.basename(notebookPath));
  await page.sidebar.openTab('jp-promote-panel');
  await page.sidebar.setWidth(380);
  await expect(page.locator(SCORE)).toHaveText(/^\d{1,3}$/, {
    timeout: 30000
  });
}

test.describe('Live findings and quick-fixes', () => {
  test.beforeEach(async ({ page, tmpPath }) => {
    await page.contents.uploadDirectory(EXAMPLES, tmpPath);
  });

  test('after a quick-fix the keyboard is back on the fixed cell: Esc then Z undoes it', async ({
    page,
    tmpPath
  }) => {
    await page.contents.uploadContent(
      codeNotebook([{ source: 'import math' }, { source: SECRET }]),
      'text',
      `${tmpPath}/secret.ipynb`
    );
    await openWithPanel(page, `${tmpPath}/secret.ipynb`);
    const finding = page
      .locator(
        `${PANEL} [data-testid="promote-finding"][data-category="security"]`
      )
      .first();
    await finding.locator('[data-testid="promote-fix"]').first().click();
    await page.locator('.jp-Dialog .jp-mod-accept').click();
    await expect
      .poll(() => page.notebook.getCellTextInput(1))
      .toContain('os.environ[');

    const cell = (await page.notebook.getCellLocator(1))!;
    await expect(cell).toHaveClass(/jp-mod-active/);
    await expect
      .poll(() =>
        page.evaluate(() =>
          Boolean(document.activeElement?.closest('.jp-Notebook'))
        )
      )
      .toBe(true);
    await page.keyboard.press('Escape');
    await page.keyboard.press('z');
    await expect
      .poll(() => page.notebook.getCellTextInput(1))
      .toContain('sk-live');
    expect(await page.notebook.getCellTextInput(0)).toBe('import math');
  });

  test('a typed secret is flagged live, fixed in one click and undone', async ({
    page,
    tmpPath
  }) => {
    await openWithPanel(page, `${tmpPath}/${NOTEBOOK}`);
    await page.screenshot({ path: 'test-results/fixes-panel-before.png' });
    const before = await scoreOf(page);

    // Typed, not saved: the panel follows the editor.
    await page.notebook.addCell('code', SECRET);
    const index = CELL_IDS.length;
    const known = CELL_IDS.map(id => `[data-cell-id="${id}"]`).join(',');
    const newSecret = page
      .locator(
        `${PANEL} [data-testid="promote-finding"][data-category="security"]:not(${known})`
      )
      .first();
    await expect(newSecret).toBeVisible({ timeout: 10000 });
    await expect.poll(() => scoreOf(page)).toBeLessThan(before);
    const dropped = await scoreOf(page);
    expect(await page.notebook.isAnyActive()).toBe(true);

    // The editor underlines it; hovering shows the message and the fixes.
    const cell = (await page.notebook.getCellLocator(index))!;
    const range = cell.locator('.cm-lintRange').first();
    await expect(range).toBeVisible();
    await range.hover();
    const tooltip = page.locator('.cm-tooltip-lint');
    await expect(tooltip).toBeVisible();
    await expect(tooltip.locator('.cm-diagnosticAction').first()).toBeVisible();
    await page.screenshot({ path: 'test-results/fixes-inline-hover.png' });
    await page.mouse.move(0, 0);

    // The fix is unsafe: it shows its change and asks first.
    await newSecret.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/fixes-panel.png' });
    await newSecret.locator('[data-testid="promote-fix"]').first().click();
    const dialog = page.locator('.jp-Dialog');
    await expect(
      dialog.locator('[data-testid="promote-fix-preview"]')
    ).toBeVisible();
    await page.screenshot({ path: 'test-results/fixes-unsafe-dialog.png' });
    await dialog.locator('.jp-mod-accept').click();

    await expect
      .poll(() => page.notebook.getCellTextInput(index))
      .toContain('os.environ[');
    expect(await page.notebook.getCellTextInput(index)).not.toContain(
      'sk-live'
    );
    await expect
      .poll(() => scoreOf(page), { timeout: 10000 })
      .toBeGreaterThan(dropped);

    // Ctrl+Z in the cell's editor reverts the whole fix, `import os` too
    // (JupyterLab's default per-cell undo would not see it).
    const fixed = await scoreOf(page);
    await cell.locator('.cm-content').click();
    await page.keyboard.press('Control+z');
    await expect
      .poll(() => page.notebook.getCellTextInput(index))
      .toContain('sk-live');
    await cell.screenshot({ path: 'test-results/fixes-ctrl-z.png' });
    expect(await page.notebook.getCellTextInput(0)).not.toContain('import os');
    await expect.poll(() => scoreOf(page)).toBe(dropped);

    // Ctrl+Shift+Z in the editor applies it again (reading cell 0 above
    // selected that cell: back to the edited one first)...
    await cell.locator('.cm-content').click();
    await page.keyboard.press('Control+Shift+z');
    await expect
      .poll(() => page.notebook.getCellTextInput(index))
      .toContain('os.environ[');
    await expect.poll(() => scoreOf(page)).toBe(fixed);

    // ...and the notebook's undo (command mode Z) reverts it as well.
    await page.keyboard.press('Escape');
    await page.keyboard.press('z');
    await expect
      .poll(() => page.notebook.getCellTextInput(index))
      .toContain('sk-live');
    expect(await page.notebook.getCellTextInput(0)).not.toContain('import os');
    await expect.poll(() => scoreOf(page)).toBe(dropped);

    await page.theme.setDarkTheme();
    await expect(page.locator(SCORE)).toBeVisible();
    await page.locator(PANEL).evaluate(node => node.scrollTo(0, 0));
    await page.screenshot({ path: 'test-results/fixes-dark.png' });
  });

  test('a command fix asks first, then runs on the notebook', async ({
    page,
    tmpPath
  }) => {
    await openWithPanel(page, `${tmpPath}/${NOTEBOOK}`);
    const finding = page
      .locator(`${PANEL} [data-testid="promote-finding"][data-code="HS001"]`)
      .first();
    await finding.scrollIntoViewIfNeeded();
    await finding.locator('[data-testid="promote-fix"]').first().click();
    const preview = page.locator(
      '.jp-Dialog [data-testid="promote-fix-preview"]'
    );
    const runs = preview.locator(
      '.jp-PromoteFixPreview-command[data-command="notebook:restart-run-all"]'
    );
    await expect(runs).toHaveText(/^Runs: Restart the kernel/);
    await page.screenshot({ path: 'test-results/fixes-command-dialog.png' });
    await page.locator('.jp-Dialog .jp-mod-accept').click();

    // JupyterLab's own command takes over: it asks before restarting.
    const restart = page.locator('.jp-Dialog');
    await expect(restart).toContainText('Restart');
    await expect(preview).toHaveCount(0);
    await page.screenshot({ path: 'test-results/fixes-command-restart.png' });
    await restart.locator('.jp-mod-reject').click();
    await expect(restart).toHaveCount(0);
  });

  test('a file fix adds the package to requirements.txt', async ({
    page,
    tmpPath
  }) => {
    const folder = `${tmpPath}/project`;
    const notebook = codeNotebook([
      { id: 'imports', source: 'import nbformat\n\nnbformat.v4.new_notebook()' }
    ]);
    await page.contents.uploadContent(
      'pandas==2.2.2\n',
      'text',
      `${folder}/requirements.txt`
    );
    await page.contents.uploadContent(notebook, 'text', `${folder}/deps.ipynb`);
    await openWithPanel(page, `${folder}/deps.ipynb`);
    const finding = page.locator(
      `${PANEL} [data-testid="promote-finding"][data-code="PD003"]`
    );
    await expect(finding).toHaveCount(1);
    const fix = finding.locator('[data-testid="promote-fix"]', {
      hasText: 'Add to requirements.txt'
    });
    await page.screenshot({ path: 'test-results/fixes-file-before.png' });
    await fix.click();

    // Written through the contents API: the server's file has the pin.
    const requirements = async (): Promise<string> => {
      const response = await page.request.get(
        `/api/contents/${folder}/requirements.txt?type=file&format=text&content=1`
      );
      return (await response.json()).content;
    };
    await expect
      .poll(requirements)
      .toMatch(/^pandas==2\.2\.2\nnbformat==\d+(\.\d+)*\n$/);
    await expect(
      page.locator('.Toastify__toast', { hasText: 'requirements.txt' })
    ).toBeVisible();
    await expect(finding).toHaveCount(0, { timeout: 10000 });
    await page.screenshot({ path: 'test-results/fixes-file-after.png' });
  });

  test('category bars filter the findings and ignore hides one', async ({
    page,
    tmpPath
  }) => {
    await openWithPanel(page, `${tmpPath}/${NOTEBOOK}`);
    const findings = page.locator(`${PANEL} [data-testid="promote-finding"]`);
    await expect(findings.first()).toBeVisible();
    const total = await findings.count();

    const bar = page.locator(
      `${PANEL} .jp-PromotePanel-category[data-category="performance"] button`
    );
    await bar.click();
    await expect(bar).toHaveAttribute('aria-pressed', 'true');
    await expect(
      page.locator(
        `${PANEL} [data-testid="promote-finding"]:not([data-category="performance"])`
      )
    ).toHaveCount(0);
    const performance = await findings.count();
    expect(performance).toBeGreaterThan(0);
    expect(performance).toBeLessThan(total);

    // Keyboard: Enter on the focused bar toggles the filter off again.
    await bar.focus();
    await page.keyboard.press('Enter');
    await expect(bar).toHaveAttribute('aria-pressed', 'false');
    await expect(findings).toHaveCount(total);

    const row = findings.filter({ hasText: 'iterrows' }).first();
    await expect(row).toBeVisible();
    const code = await row.getAttribute('data-code');
    const cellId = await row.getAttribute('data-cell-id');
    await row.locator('.jp-PromotePanel-ignore').click();
    await expect(
      page.locator(
        `${PANEL} [data-testid="promote-finding"][data-code="${code}"][data-cell-id="${cellId}"]`
      )
    ).toHaveCount(0, { timeout: 10000 });
    const index = CELL_IDS.indexOf(cellId ?? '');
    expect(await page.notebook.getCellTextInput(index)).toContain(
      `# promote: ignore[${code}]`
    );
  });
});
