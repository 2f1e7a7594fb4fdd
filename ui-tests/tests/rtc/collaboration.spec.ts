/**
 * Real-time collaboration (jupyter-collaboration): two browsers on one
 * notebook. Run by playwright.rtc.config.js against a collaborative server.
 */
import { BrowserContext } from '@playwright/test';

import {
  expect,
  galata,
  IJupyterLabPageFixture,
  isExtensionConsoleError,
  isExtensionPageError,
  test
} from '../fixtures';
import { codeNotebook } from '../notebooks';

const PANEL = '#jp-promote-panel';
const SECRET = 'api_key = "sk-live-8d9f7a6b5c4e3d2f1a0b9c8d7e6f5a4b"';

/**
 * A secret whose fix changes two cells (it adds `import os`), and a relative
 * path that one "/" makes absolute.
 */
const NOTEBOOK = codeNotebook([
  { id: 'imports', source: 'import json' },
  { id: 'secret', source: `${SECRET}\nprint(json.dumps({"key": api_key}))` },
  { id: 'path', source: 'data_path = "srv/shared/data.csv"' }
]);

/** The finding of `code` on cell `cellId` in a page's panel. */
function finding(page: IJupyterLabPageFixture, code: string, cellId: string) {
  return page.locator(
    `${PANEL} [data-testid="promote-finding"][data-code="${code}"][data-cell-id="${cellId}"]`
  );
}

/** The errors the extension logs in a context (as the fixture's guard). */
function extensionErrors(context: BrowserContext): string[] {
  const errors: string[] = [];
  context.on('console', message => {
    if (isExtensionConsoleError(message)) {
      errors.push(`console error: ${message.text()}`);
    }
  });
  context.on('weberror', webError => {
    const error = webError.error();
    if (isExtensionPageError(error)) {
      errors.push(`page error: ${error.stack ?? error.message}`);
    }
  });
  return errors;
}

/** Open the notebook and the panel in a page. */
async function openWithPanel(
  page: IJupyterLabPageFixture,
  path: string
): Promise<void> {
  await page.notebook.openByPath(path);
  await page.notebook.activate(path.split('/').pop()!);
  await page.sidebar.openTab('jp-promote-panel');
}

/** Whether a page's notebook is a shared (collaborative) document. */
function isCollaborative(page: IJupyterLabPageFixture): Promise<boolean> {
  return page.evaluate(() => {
    const panel = window.jupyterapp.shell.currentWidget as unknown as {
      context: { model: { collaborative: boolean } };
    };
    return panel.context.model.collaborative;
  });
}

test('two pages on one notebook: live findings, a fix shown in both, one undo reverts it', async ({
  page,
  browser,
  baseURL,
  waitForApplication,
  tmpPath
}, testInfo) => {
  test.setTimeout(180000);
  const path = `${tmpPath}/shared.ipynb`;
  await page.contents.uploadContent(NOTEBOOK, 'text', path);
  const second = await galata.newPage({
    baseURL: baseURL!,
    browser,
    waitForApplication,
    tmpPath
  });
  const other = second.page;
  const otherErrors = extensionErrors(other.context());
  try {
    await openWithPanel(page, path);
    await openWithPanel(other, path);
    expect(await isCollaborative(page)).toBe(true);
    expect(await isCollaborative(other)).toBe(true);
    for (const p of [page, other]) {
      await expect(finding(p, 'SC001', 'secret')).toHaveCount(1, {
        timeout: 30000
      });
      await expect(finding(p, 'PD001', 'path')).toHaveCount(0);
    }

    // Live findings: one "/" typed in the first page makes the path
    // absolute, and both panels show it.
    await page.notebook.enterCellEditingMode(2);
    await page.keyboard.press('Control+Home');
    for (let i = 0; i < 'data_path = "'.length; i++) {
      await page.keyboard.press('ArrowRight');
    }
    await page.keyboard.press('/');
    for (const p of [page, other]) {
      await expect(finding(p, 'PD001', 'path')).toHaveCount(1, {
        timeout: 30000
      });
    }
    await page.keyboard.press('Escape');

    // A fix applied in the second page changes both cells in both pages.
    await finding(other, 'SC001', 'secret')
      .locator('[data-testid="promote-fix"]')
      .first()
      .click();
    await other.locator('.jp-Dialog .jp-mod-accept').click();
    for (const p of [other, page]) {
      await expect
        .poll(() => p.notebook.getCellTextInput(1), { timeout: 30000 })
        .toContain('os.environ[');
      await expect
        .poll(() => p.notebook.getCellTextInput(0))
        .toContain('import os');
      await expect(finding(p, 'SC001', 'secret')).toHaveCount(0, {
        timeout: 30000
      });
    }
    await page.screenshot({ path: testInfo.outputPath('fixed-first.png') });
    await other.screenshot({ path: testInfo.outputPath('fixed-second.png') });

    // One Ctrl+Z in the cell editor of the page that applied it reverts the
    // whole fix, in both pages; the other page's typing stays.
    const cell = (await other.notebook.getCellLocator(1))!;
    await cell.locator('.cm-content').click();
    await other.keyboard.press('Control+z');
    for (const p of [other, page]) {
      await expect
        .poll(() => p.notebook.getCellTextInput(1), { timeout: 30000 })
        .toContain('sk-live');
      await expect
        .poll(() => p.notebook.getCellTextInput(0))
        .toBe('import json');
      expect(await p.notebook.getCellTextInput(2)).toBe(
        'data_path = "/srv/shared/data.csv"'
      );
      await expect(finding(p, 'SC001', 'secret')).toHaveCount(1, {
        timeout: 30000
      });
    }
    await page.screenshot({ path: testInfo.outputPath('undone-first.png') });
    await other.screenshot({ path: testInfo.outputPath('undone-second.png') });
    expect(
      otherErrors,
      'errors the extension logged in the second page'
    ).toEqual([]);
  } finally {
    await other.context().close();
  }
});
