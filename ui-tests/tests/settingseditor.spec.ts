import { expect, IJupyterLabPageFixture, test } from './fixtures';

const PLUGIN = 'jupyterlab_promote:plugin';
const FORM = '.jp-SettingsPanel';

async function openSettings(page: IJupyterLabPageFixture): Promise<void> {
  await page.evaluate(async () => {
    await window.jupyterapp.commands.execute('settingeditor:open', {
      query: 'Promotion readiness'
    });
  });
  await expect(
    page.locator(`${FORM} .jp-PromoteSettings-checklist`)
  ).toBeVisible();
}

async function composite(
  page: IJupyterLabPageFixture,
  key: string
): Promise<unknown> {
  return page.evaluate(
    async ([plugin, key]) => {
      const registry = await window.galata.getPlugin(
        '@jupyterlab/apputils-extension:settings'
      );
      return (await registry!.load(plugin)).composite[key];
    },
    [PLUGIN, key]
  );
}

test.describe('Settings Editor', () => {
  test('titled, readable categories and codes; each description once', async ({
    page
  }) => {
    await openSettings(page);
    const form = page.locator(FORM);
    const categories = form.locator('.jp-PromoteSettings-checklist');
    await expect(categories.locator('legend')).toHaveText('Enabled categories');
    await expect(categories.locator('.jp-PromoteSettings-choice')).toHaveCount(
      10
    );
    await expect(
      categories.getByLabel('Parameters & dependencies')
    ).toBeChecked();
    await expect(categories).not.toContainText('hidden_state');
    await expect(form.locator('.jp-PromoteSettings-codes label')).toHaveText(
      'Ignored codes'
    );
    await expect(
      form.getByText(/^Finding codes, code prefixes or rule names/)
    ).toHaveCount(1);
    await expect(form.getByText(/^Categories that are checked/)).toHaveCount(1);
    await categories.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/settings-editor.png' });

    // A change in the form is the setting.
    await categories.getByLabel('Performance').uncheck();
    await expect
      .poll(() => composite(page, 'enabledCategories'))
      .not.toContain('performance');
    await categories.getByLabel('Performance').check();
    await expect
      .poll(() => composite(page, 'enabledCategories'))
      .toContain('performance');
    const codes = form.locator('.jp-PromoteSettings-codes input');
    await codes.fill('PF001, SC  PF001');
    await codes.press('Enter');
    await expect
      .poll(() => composite(page, 'ignoredCodes'))
      .toEqual(['PF001', 'SC']);
    await codes.fill('');
    await codes.press('Enter');
    await expect.poll(() => composite(page, 'ignoredCodes')).toEqual([]);

    await page.theme.setDarkTheme();
    await categories.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/settings-editor-dark.png' });
    await page.theme.setLightTheme();
  });
});
