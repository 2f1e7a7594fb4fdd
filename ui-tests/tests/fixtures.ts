/**
 * Galata's `test` and `expect` for this extension's UI tests, with two guards:
 *
 * - a test fails when the page logged a console error or threw an uncaught
 *   error that comes from the extension (its name in the message, or its
 *   bundle in the stack), from the first page load on;
 * - `page.menu.clickMenuItem` fails when the item is not there: Galata's own
 *   one clicks nothing then, and a test went on as if the menu had worked.
 */
import {
  expect,
  galata,
  IJupyterLabPageFixture,
  test as galataTest
} from '@jupyterlab/galata';
import { ConsoleMessage, Page } from '@playwright/test';

export { expect, galata, IJupyterLabPageFixture };

/**
 * How the extension shows up in an error: its plugin ids (`jupyterlab_promote:`),
 * its routes (`/jupyterlab-promote/`) and its labextension bundle
 * (`/extensions/jupyterlab_promote/`). Not the bare name: the temporary folder
 * of a test in `jupyterlab_promote.spec.ts` holds it too, and JupyterLab's own
 * requests for files there (a 404 while the folder is removed after the test)
 * are not the extension's.
 */
const EXTENSION_MARK =
  /jupyterlab_promote:|\/jupyterlab-promote\/|\/extensions\/jupyterlab_promote\//;

/**
 * How long a menu item may take to appear: the export submenu stays empty
 * for a few seconds after a notebook opens on a busy machine.
 */
const MENU_ITEM_TIMEOUT = 20000;

/**
 * The browser's own line for a route's 409: an answer the extension expects
 * (an extraction refused with its reason, cells the server asks for again),
 * shown to the user or acted on, not an error.
 */
const EXPECTED_REFUSAL = /Failed to load resource: .*status of 409\b/;

/**
 * Whether a console message is an error logged by (or through) the extension.
 */
export function isExtensionConsoleError(message: ConsoleMessage): boolean {
  return (
    message.type() === 'error' &&
    !EXPECTED_REFUSAL.test(message.text()) &&
    (EXTENSION_MARK.test(message.text()) ||
      EXTENSION_MARK.test(message.location().url))
  );
}

/**
 * Whether an uncaught page error was thrown from the extension's code.
 */
export function isExtensionPageError(error: Error): boolean {
  return EXTENSION_MARK.test(`${error.message}\n${error.stack ?? ''}`);
}

/**
 * Open the menus along `path` ("File>Save and Export Notebook As>HTML") and
 * click its last item, waiting for each item to be shown and enabled; fails
 * with the path when one never is. Works in JupyterLab and Notebook 7.
 */
export async function clickMenuItem(
  page: Pick<Page, 'locator' | 'keyboard'>,
  path: string
): Promise<void> {
  const [top, ...labels] = path.split('>');
  const menus = page.locator('.lm-Menu');
  await expect(async () => {
    while ((await menus.count()) > 0) {
      await page.keyboard.press('Escape');
    }
    await page
      .locator(
        `li.lm-MenuBar-item:has(> div.lm-MenuBar-itemLabel:text-is("${top}"))`
      )
      .click();
    let menu = page.locator('.lm-Menu.lm-MenuBar-menu');
    for (const [index, label] of labels.entries()) {
      const item = menu.locator(
        `ul > li.lm-Menu-item:has(> div.lm-Menu-itemLabel:text-is("${label}"))`
      );
      await expect(item, `menu item "${label}" of ${path}`).toBeVisible({
        timeout: 2000
      });
      await expect(item).not.toHaveClass(/lm-mod-disabled/, { timeout: 2000 });
      if (index === labels.length - 1) {
        await item.click();
        return;
      }
      const opened = (await menus.count()) + 1;
      await item.hover();
      await expect(menus).toHaveCount(opened, { timeout: 2000 });
      menu = menus.last();
    }
  }, `clicking the menu item ${path}`).toPass({ timeout: MENU_ITEM_TIMEOUT });
}

export const test = galataTest.extend({
  context: async ({ context }, use, testInfo) => {
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
    await use(context);
    if (testInfo.status === testInfo.expectedStatus) {
      expect(errors, 'errors the extension logged in the page').toEqual([]);
    }
  },
  page: async ({ page }, use) => {
    page.menu.clickMenuItem = (path: string) => clickMenuItem(page, path);
    await use(page);
  }
});
