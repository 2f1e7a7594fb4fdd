import { expect, IJupyterLabPageFixture, test } from './fixtures';

import * as path from 'path';

/** The example project shipped with the repository. */
const EXAMPLES = path.resolve(__dirname, '..', '..', 'examples');
const NOTEBOOK = 'churn_analysis.ipynb';
const PANEL = '#jp-promote-panel';
const CHECKLIST = `${PANEL} [data-testid="promote-checklist"]`;

/**
 * Index of the example's first code cell: its imports (pandas, numpy,
 * matplotlib, scikit-learn), which the kernel loads for Pin what ran.
 */
const IMPORTS_CELL = 1;

/**
 * Most clicks an item may take to turn done: the example's environment takes
 * five (a Dockerfile, Pin what ran, two packages the kernel never loaded, and
 * the `!pip install` line moved to requirements.txt).
 */
const MOST_STEPS = 8;

function item(page: IJupyterLabPageFixture, id: string) {
  return page.locator(
    `${CHECKLIST} [data-testid="promote-checklist-item"][data-item="${id}"]`
  );
}

/**
 * A project file as the server has it, or null when there is none.
 */
async function serverFile(
  page: IJupyterLabPageFixture,
  filePath: string
): Promise<string | null> {
  const response = await page.request.get(
    `/api/contents/${filePath}?type=file&format=text&content=1`
  );
  return response.ok() ? (await response.json()).content : null;
}

/**
 * How many findings hold an item back (0 once it is done). The state and the
 * count are read in one step: read apart, a row that turns done in between
 * has no count left to read, and the read would wait for one.
 */
async function heldBack(
  page: IJupyterLabPageFixture,
  id: string
): Promise<number> {
  return item(page, id).evaluate(row => {
    if (row.getAttribute('data-state') === 'done') {
      return 0;
    }
    const count = row.querySelector('[data-testid="promote-checklist-count"]');
    return Number(count?.textContent ?? NaN);
  });
}

/**
 * The notices on the page now, marked so that a later one can be told apart
 * (two steps may run fixes of the same title, whose notices can both show).
 */
async function markNotices(page: IJupyterLabPageFixture): Promise<void> {
  await page.evaluate(() => {
    for (const toast of document.querySelectorAll('.Toastify__toast')) {
      toast.setAttribute('data-seen', 'true');
    }
  });
}

/**
 * What the panel says holds an item back, for a failure's message.
 */
async function heldFindings(
  page: IJupyterLabPageFixture,
  id: string
): Promise<string> {
  const row = item(page, id);
  const state = await row.getAttribute('data-state');
  const action = await row
    .getByTestId('promote-checklist-action')
    .textContent({ timeout: 1000 })
    .catch(() => 'none');
  return `state ${state}, next action: ${action}`;
}

/**
 * Click an item's action until it is done; each unsafe fix shows its change
 * first and is accepted. Each click is followed to its own fix reply and its
 * own notice (an error notice fails the walk with its text). Returns the
 * titles of the fixes run, in order, and the confirmations that named the
 * files they wrote.
 */
async function walkItem(
  page: IJupyterLabPageFixture,
  id: string
): Promise<{ titles: string[]; confirmations: string[] }> {
  const row = item(page, id);
  const titles: string[] = [];
  const confirmations: string[] = [];
  for (let step = 0; step < MOST_STEPS; step++) {
    const before = await heldBack(page, id);
    if (before === 0) {
      break;
    }
    const action = row.getByTestId('promote-checklist-action');
    await expect(action).toBeVisible();
    const title = (await action.textContent()) ?? '';
    const bare = title.replace(/…$/, '');
    titles.push(bare);
    await markNotices(page);
    const replied = page.waitForResponse(
      response =>
        response.url().includes('/jupyterlab-promote/fix') &&
        response.request().method() === 'POST'
    );
    await action.click();
    expect((await replied).ok()).toBe(true);
    if (title.endsWith('…')) {
      const dialog = page.locator('.jp-Dialog');
      await expect(dialog).toBeVisible();
      await dialog.locator('.jp-mod-accept').click();
    }
    const notice = page.locator('.Toastify__toast:not([data-seen])').first();
    await expect(notice).toContainText(`Applied "${bare}"`);
    confirmations.push((await notice.textContent()) ?? '');
    // The next round of analysis drops what the fix fixed.
    await expect
      .poll(() => heldBack(page, id), {
        timeout: 15000,
        message: `after "${bare}" (${before} held back before)`
      })
      .toBeLessThan(before)
      .catch(async (reason: Error) => {
        throw new Error(`${reason.message}\n${await heldFindings(page, id)}`);
      });
  }
  await expect(row).toHaveAttribute('data-state', 'done');
  return { titles, confirmations };
}

test.describe('Path to production', () => {
  test.beforeEach(async ({ page, tmpPath }) => {
    await page.contents.uploadDirectory(EXAMPLES, tmpPath);
  });

  test('the example walks to done: a Dockerfile, what ran pinned, CI', async ({
    page,
    tmpPath
  }) => {
    await page.notebook.openByPath(`${tmpPath}/${NOTEBOOK}`);
    await page.notebook.activate(NOTEBOOK);
    await page.sidebar.openTab('jp-promote-panel');
    await page.sidebar.setWidth(380);
    const section = page.locator(CHECKLIST);
    await expect(section).toBeVisible({ timeout: 30000 });
    const rows = section.getByTestId('promote-checklist-item');
    await expect(rows).toHaveCount(7);
    await expect(item(page, 'environment')).toHaveAttribute(
      'data-state',
      'not_yet'
    );
    await expect(item(page, 'tests_ci')).toHaveAttribute(
      'data-state',
      'not_yet'
    );
    await section.scrollIntoViewIfNeeded();
    await section.screenshot({ path: 'test-results/checklist-before.png' });

    // The held-back count reveals the findings; one click shows the cell.
    const env = item(page, 'environment');
    const count = env.getByTestId('promote-checklist-count');
    await count.focus();
    await page.keyboard.press('Enter');
    await expect(count).toHaveAttribute('aria-expanded', 'true');
    const held = env.locator('.jp-PromotePanel-checklistFinding');
    await expect(held.first()).toBeVisible();
    const pd003 = held.filter({ hasText: 'PD003' }).first();
    await pd003.click();
    await expect(
      (await page.notebook.getCellLocator(IMPORTS_CELL))!
    ).toHaveClass(/jp-mod-active/);
    await section.screenshot({ path: 'test-results/checklist-revealed.png' });
    await count.click();
    await expect(held).toHaveCount(0);

    // The kernel loads the imports, the panel asks it what ran, and the
    // analysis after that answer carries those versions. (The kernel is also
    // asked once it starts, before anything is imported: that answer, or an
    // analysis without the versions, would leave the walk's counts to move
    // under it.)
    const kernelLoaded = page.waitForResponse(
      async response =>
        response.url().includes('/jupyterlab-promote/kernel-state') &&
        response.ok() &&
        'pandas' in ((await response.json()).packages ?? {}),
      { timeout: 30000 }
    );
    const analyzedWithThem = page.waitForResponse(
      response =>
        response.url().includes('/jupyterlab-promote/analyze') &&
        response.ok() &&
        'pandas' in (response.request().postDataJSON()?.kernel_packages ?? {}),
      { timeout: 30000 }
    );
    await page.notebook.runCell(IMPORTS_CELL);
    await kernelLoaded;
    await analyzedWithThem;
    await expect(
      page.locator(`${PANEL} .jp-PromotePanel-report`)
    ).toHaveAttribute('aria-busy', 'false');

    const environment = await walkItem(page, 'environment');
    expect(environment.titles[0]).toMatch(/^Add a Dockerfile/);
    expect(environment.titles.some(t => t.startsWith('Pin what ran'))).toBe(
      true
    );
    expect(environment.confirmations[0]).toContain('Dockerfile');
    const dockerfile = await serverFile(page, `${tmpPath}/Dockerfile`);
    expect(dockerfile).toMatch(/^FROM python:3\.\d+/m);
    const requirements = await serverFile(page, `${tmpPath}/requirements.txt`);
    expect(requirements).toMatch(/^pandas==\d/m);
    expect(requirements).toMatch(/^numpy==\d/m);

    // The last step moved `!pip install seaborn` out of its cell: one undo
    // in the notebook brings the line (and the item's finding) back.
    const installCell = environment.titles.length - 1;
    expect(environment.titles[installCell]).toMatch(/delete this line/);
    await page.keyboard.press('Escape');
    await page.keyboard.press('z');
    await expect(env).toHaveAttribute('data-state', 'not_yet', {
      timeout: 15000
    });
    await page.keyboard.press('Shift+z');
    await expect(env).toHaveAttribute('data-state', 'done', {
      timeout: 15000
    });

    const ci = await walkItem(page, 'tests_ci');
    expect(ci.titles).toHaveLength(1);
    expect(ci.titles[0]).toMatch(/^Add CI/);
    const written = /\(([^)]+)\)/.exec(ci.titles[0])![1];
    expect(ci.confirmations[0]).toContain(written);
    expect(await serverFile(page, `${tmpPath}/${written}`)).toContain(
      'jupyter-promote check'
    );

    await expect(item(page, 'environment')).toHaveAttribute(
      'data-state',
      'done'
    );
    await section.scrollIntoViewIfNeeded();
    await section.screenshot({ path: 'test-results/checklist.png' });
    // The page as the README shows it: the notices closed with their close
    // buttons (their own timers pause while the page is hovered or unfocused).
    const toasts = page.locator('.Toastify__toast');
    await expect(async () => {
      if ((await toasts.count()) > 0) {
        await toasts
          .first()
          .locator('.jp-Notification-Toast-Close')
          .click({ timeout: 2000 });
      }
      expect(await toasts.count()).toBe(0);
    }).toPass({ timeout: 30000 });
    await page.screenshot({ path: 'test-results/checklist-panel.png' });
    await page.theme.setDarkTheme();
    await section.screenshot({ path: 'test-results/checklist-dark.png' });
    await page.theme.setLightTheme();
  });
});
