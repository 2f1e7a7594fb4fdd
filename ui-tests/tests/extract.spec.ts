import { expect, IJupyterLabPageFixture, test } from './fixtures';

import { codeNotebook } from './notebooks';

const NOTEBOOK = 'circles.ipynb';
const SOURCES = [
  'import math',
  'RADIUS = 2.0\n\n\ndef area(r):\n    return math.pi * r ** 2',
  'print(area(RADIUS))',
  '%%timeit\narea(1.0)'
];
const DIALOG = '.jp-Dialog [data-testid="promote-extract-dialog"]';
const ACCEPT = '.jp-Dialog .jp-mod-accept';

async function sources(page: IJupyterLabPageFixture): Promise<string[]> {
  const count = await page.notebook.getCellCount();
  const texts: string[] = [];
  for (let i = 0; i < count; i++) {
    texts.push((await page.notebook.getCellTextInput(i)) ?? '');
  }
  return texts;
}

/**
 * Right-click a cell and choose "Extract to Module…" in the context menu.
 */
async function extractFromMenu(
  page: IJupyterLabPageFixture,
  index: number
): Promise<void> {
  const cell = (await page.notebook.getCellLocator(index))!;
  await cell.locator('.jp-InputPrompt').click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Extract to Module…' }).click();
  await expect(page.locator(DIALOG)).toBeVisible();
}

test.describe('Extract to module', () => {
  test.beforeEach(async ({ page, tmpPath }) => {
    await page.contents.uploadContent(
      codeNotebook(SOURCES.map(source => ({ source }))),
      'text',
      `${tmpPath}/${NOTEBOOK}`
    );
    await page.notebook.openByPath(`${tmpPath}/${NOTEBOOK}`);
    await page.notebook.activate(NOTEBOOK);
  });

  test('two cells become a module that opens; one undo restores them', async ({
    page,
    tmpPath
  }) => {
    await page.notebook.selectCells(0, 1);
    await extractFromMenu(page, 1);
    const dialog = page.locator(DIALOG);
    await expect(dialog.locator('.jp-PromoteExtract-module')).toHaveValue(
      'circles_lib.py'
    );
    await expect(
      dialog.locator('[data-testid="promote-extract-module"]')
    ).toContainText('def area(r):');
    await page.screenshot({ path: 'test-results/extract-dialog.png' });
    // The previews are tabs, reachable with the arrow keys.
    await dialog.locator('[role="tab"][data-tab="module"]').focus();
    await page.keyboard.press('ArrowRight');
    await expect(
      dialog.locator('[data-testid="promote-extract-tests"]')
    ).toBeVisible();
    await expect(
      dialog.locator('[data-testid="promote-extract-tests"]')
    ).toContainText('import circles_lib');
    await dialog.locator('[role="tab"][data-tab="notebook"]').click();
    await expect(
      dialog.locator('[data-testid="promote-extract-notebook"]')
    ).toContainText('+ from circles_lib import RADIUS, area');
    await page.screenshot({ path: 'test-results/extract-dialog-notebook.png' });
    // Definitions only: no function to name, nothing to confirm.
    await expect(dialog.locator('.jp-PromoteExtract-function')).toBeDisabled();
    await expect(page.locator(ACCEPT)).toBeEnabled();

    // The same dialog in the dark theme.
    await page.keyboard.press('Escape');
    await page.theme.setDarkTheme();
    await page.notebook.activate(NOTEBOOK);
    await page.notebook.selectCells(0, 1);
    await extractFromMenu(page, 1);
    await expect(
      page.locator(`${DIALOG} [data-testid="promote-extract-module"]`)
    ).toContainText('def area(r):');
    await page.screenshot({ path: 'test-results/extract-dialog-dark.png' });
    await page.theme.setLightTheme();
    await expect(page.locator(ACCEPT)).toBeEnabled();
    await page.locator(ACCEPT).click();

    // The module opens in an editor tab; the files are on disk.
    const tab = page.locator('.lm-TabBar-tab', { hasText: 'circles_lib.py' });
    await expect(tab).toBeVisible();
    await expect(
      page.locator('.jp-FileEditor .cm-content').first()
    ).toContainText('def area(r):');
    const toast = page.locator('.Toastify__toast', {
      hasText: 'test_circles_lib.py'
    });
    await expect(toast).toBeVisible();
    // The toast slides in: the screenshot waits for its animation to end.
    await toast.evaluate(element =>
      Promise.all(element.getAnimations({ subtree: true }).map(a => a.finished))
    );
    await page.screenshot({ path: 'test-results/extract-module.png' });
    expect(await page.contents.fileExists(`${tmpPath}/circles_lib.py`)).toBe(
      true
    );
    expect(
      await page.contents.fileExists(`${tmpPath}/test_circles_lib.py`)
    ).toBe(true);

    // The notebook imports the names instead of defining them.
    await page.notebook.activate(NOTEBOOK);
    await expect
      .poll(() => sources(page))
      .toEqual(['from circles_lib import RADIUS, area', ...SOURCES.slice(2)]);

    // One notebook undo (command mode Z) brings the cells back.
    const first = (await page.notebook.getCellLocator(0))!;
    await first.locator('.jp-InputPrompt').click();
    await page.keyboard.press('Escape');
    await page.keyboard.press('z');
    await expect.poll(() => sources(page)).toEqual(SOURCES);
  });

  test('top-level code asks for confirmation; a cell magic is refused', async ({
    page
  }) => {
    await page.notebook.selectCells(2);
    await extractFromMenu(page, 2);
    const dialog = page.locator(DIALOG);
    await expect(dialog.locator('.jp-PromoteExtract-warning')).toBeVisible();
    await expect(
      dialog.locator('[data-testid="promote-extract-summary"]')
    ).toContainText('area, RADIUS');
    await expect(page.locator(ACCEPT)).toBeDisabled();
    await dialog.locator('.jp-PromoteExtract-confirm').check();
    await expect(page.locator(ACCEPT)).toBeEnabled();

    // A typed function name is planned again after a pause.
    await dialog.locator('.jp-PromoteExtract-function').fill('show_area');
    await expect(
      dialog.locator('[data-testid="promote-extract-module"]')
    ).toContainText('def show_area(');
    await page.screenshot({ path: 'test-results/extract-unsafe.png' });
    await page.keyboard.press('Escape');
    await expect(page.locator(DIALOG)).toHaveCount(0);

    await page.notebook.selectCells(3);
    await extractFromMenu(page, 3);
    await expect(
      dialog.locator('[data-testid="promote-extract-refusal"]')
    ).toContainText('Nothing was extracted');
    await expect(page.locator(ACCEPT)).toBeDisabled();
    await page.screenshot({ path: 'test-results/extract-refused.png' });
    await page.keyboard.press('Escape');
    expect(await sources(page)).toEqual(SOURCES);
  });
});
