/**
 * The UI tests' server runs without real-time collaboration even where
 * jupyter-collaboration is installed (the collaboration tests have their
 * own server, playwright.rtc.config.js): notebooks open as plain documents.
 */
import { expect, test } from './fixtures';

import { codeNotebook } from './notebooks';

test('notebooks are not shared documents on this server', async ({
  page,
  tmpPath
}) => {
  await page.contents.uploadContent(
    codeNotebook([{ source: 'x = 1' }]),
    'text',
    `${tmpPath}/plain.ipynb`
  );
  // Every console error from a fresh load on, whoever logs it: the
  // collaboration frontend must stay quiet when the server has it off.
  const errors: string[] = [];
  page.on('console', message => {
    if (message.type() === 'error') {
      errors.push(message.text());
    }
  });
  await page.reload();
  await page.notebook.openByPath(`${tmpPath}/plain.ipynb`);
  await page.sidebar.openTab('jp-promote-panel');
  await expect(
    page.locator('#jp-promote-panel [data-testid="promote-score"]')
  ).toHaveText(/^\d{1,3}$/, { timeout: 30000 });
  const state = await page.evaluate(() => {
    const panel = window.jupyterapp.shell.currentWidget as unknown as {
      context: { path: string; model: { collaborative: boolean } };
    };
    return {
      path: panel.context.path,
      collaborative: panel.context.model.collaborative
    };
  });
  expect(state).toEqual({
    path: expect.stringMatching(/^[^:]*plain\.ipynb$/),
    collaborative: false
  });
  expect(errors).toEqual([]);
  // Nor its frontend: no Collaboration sidebar, no share link button.
  await expect(page.getByRole('tab', { name: 'Collaboration' })).toHaveCount(0);
  await expect(
    page.getByRole('button', { name: 'Generate a Shared Link' })
  ).toHaveCount(0);
});
