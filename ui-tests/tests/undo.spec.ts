import { expect, galata, test } from './fixtures';

import { codeNotebook } from './notebooks';

const PANEL = '#jp-promote-panel';
const SECRET = 'api_key = "sk-live-8d9f7a6b5c4e3d2f1a0b9c8d7e6f5a4b"';

/** A notebook whose secret fix changes two cells (adds `import os`). */
const NOTEBOOK = codeNotebook([
  { id: 'imports', source: 'import json' },
  { id: 'secret', source: `${SECRET}\nprint(json.dumps({"key": api_key}))` }
]);

for (const documentWide of [false, true]) {
  test.describe(`Ctrl+Z after a fix (documentWideUndoRedo: ${documentWide})`, () => {
    test.use({
      mockSettings: {
        ...galata.DEFAULT_SETTINGS,
        '@jupyterlab/notebook-extension:tracker': {
          documentWideUndoRedo: documentWide
        }
      }
    });

    test('reverts the whole fix from the edited cell', async ({
      page,
      tmpPath
    }) => {
      await page.contents.uploadContent(
        NOTEBOOK,
        'text',
        `${tmpPath}/secret.ipynb`
      );
      await page.notebook.openByPath(`${tmpPath}/secret.ipynb`);
      await page.notebook.activate('secret.ipynb');
      await page.sidebar.openTab('jp-promote-panel');
      const perCell = await page.evaluate(() => {
        const panel = window.jupyterapp.shell.currentWidget as unknown as {
          content: { model: { sharedModel: Record<string, unknown> } };
        };
        return panel.content.model.sharedModel.disableDocumentWideUndoRedo;
      });
      expect(perCell).toBe(!documentWide);
      const finding = page.locator(
        `${PANEL} [data-testid="promote-finding"][data-cell-id="secret"][data-category="security"]`
      );
      await finding.locator('[data-testid="promote-fix"]').first().click();
      await page.locator('.jp-Dialog .jp-mod-accept').click();
      await expect
        .poll(() => page.notebook.getCellTextInput(1))
        .toContain('os.environ[');
      expect(await page.notebook.getCellTextInput(0)).toContain('import os');

      const cell = (await page.notebook.getCellLocator(1))!;
      await cell.locator('.cm-content').click();
      await page.keyboard.press('Control+z');
      await expect
        .poll(() => page.notebook.getCellTextInput(1))
        .toContain('sk-live');
      expect(await page.notebook.getCellTextInput(0)).toBe('import json');
    });

    test("reverts the fix after command mode's undo and redo", async ({
      page,
      tmpPath
    }) => {
      await page.contents.uploadContent(
        NOTEBOOK,
        'text',
        `${tmpPath}/secret.ipynb`
      );
      await page.notebook.openByPath(`${tmpPath}/secret.ipynb`);
      await page.notebook.activate('secret.ipynb');
      await page.sidebar.openTab('jp-promote-panel');
      const finding = page.locator(
        `${PANEL} [data-testid="promote-finding"][data-cell-id="secret"][data-category="security"]`
      );
      await finding.locator('[data-testid="promote-fix"]').first().click();
      await page.locator('.jp-Dialog .jp-mod-accept').click();
      await expect
        .poll(() => page.notebook.getCellTextInput(1))
        .toContain('os.environ[');

      // Z then Shift+Z in command mode: the fix is undone, then back.
      await page.notebook.selectCells(1);
      await page.keyboard.press('z');
      await expect
        .poll(() => page.notebook.getCellTextInput(1))
        .toContain('sk-live');
      await page.keyboard.press('Shift+z');
      await expect
        .poll(() => page.notebook.getCellTextInput(1))
        .toContain('os.environ[');

      const cell = (await page.notebook.getCellLocator(1))!;
      await cell.locator('.cm-content').click();
      await page.keyboard.press('Control+z');
      await expect
        .poll(() => page.notebook.getCellTextInput(1))
        .toContain('sk-live');
      expect(await page.notebook.getCellTextInput(0)).toBe('import json');
    });
  });
}
