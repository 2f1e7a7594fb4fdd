import { expect, IJupyterLabPageFixture, test } from './fixtures';
import { codeNotebook } from './notebooks';
import * as path from 'path';

/** The example project shipped with the repository. */
const EXAMPLES = path.resolve(__dirname, '..', '..', 'examples');
const PANEL = '#jp-promote-panel';

interface IBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

function overlap(a: IBox, b: IBox): boolean {
  return (
    a.x < b.x + b.width &&
    b.x < a.x + a.width &&
    a.y < b.y + b.height &&
    b.y < a.y + a.height
  );
}

async function box(
  page: IJupyterLabPageFixture,
  selector: string
): Promise<IBox> {
  const found = await page.locator(selector).first().boundingBox();
  expect(found, selector).not.toBeNull();
  return found!;
}

test.describe('Layout', () => {
  test("a cell's marker is not under the active cell's toolbar", async ({
    page,
    tmpPath
  }) => {
    await page.contents.uploadContent(
      codeNotebook([
        { source: 'x = 1', execution_count: 2 },
        { source: 'y = 2', execution_count: 1 },
        { source: 'z = x + y', execution_count: 3 }
      ]),
      'text',
      `${tmpPath}/order.ipynb`
    );
    await page.notebook.openByPath(`${tmpPath}/order.ipynb`);
    await page.notebook.activate('order.ipynb');
    const cell = '.jp-Notebook .jp-Cell:nth-child(2)';
    await expect(page.locator(`${cell} .jp-PromoteCellMarker`)).toHaveText(
      /HS\d{3}/
    );
    await page.notebook.selectCells(1);
    await expect(page.locator(`${cell} .jp-cell-toolbar`)).toBeVisible();
    const marker = await box(page, `${cell} .jp-PromoteCellMarker`);
    expect(overlap(marker, await box(page, `${cell} .jp-cell-toolbar`))).toBe(
      false
    );
    // Nor over the code of the next cell.
    const next = await box(
      page,
      '.jp-Notebook .jp-Cell:nth-child(3) .cm-content'
    );
    expect(overlap(marker, next)).toBe(false);
    await page
      .locator('.jp-Notebook')
      .screenshot({ path: 'test-results/layout-marker.png' });
    await page.theme.setDarkTheme();
    await page
      .locator('.jp-Notebook')
      .screenshot({ path: 'test-results/layout-marker-dark.png' });
    await page.theme.setLightTheme();
  });

  test('the panel reads well at the default sidebar width', async ({
    page,
    tmpPath
  }) => {
    await page.contents.uploadDirectory(EXAMPLES, tmpPath);
    await page.notebook.openByPath(`${tmpPath}/churn_analysis.ipynb`);
    await page.notebook.activate('churn_analysis.ipynb');
    await page.sidebar.openTab('jp-promote-panel');
    await expect(
      page.locator(`${PANEL} [data-testid="promote-score"]`)
    ).toHaveText(/^\d{1,3}$/, { timeout: 30000 });
    const width = (await box(page, PANEL)).width;
    expect(width).toBeLessThan(300);
    await page.screenshot({ path: 'test-results/layout-panel.png' });

    // No category name is cut.
    const cut = await page
      .locator(`${PANEL} .jp-PromotePanel-categoryLabel`)
      .evaluateAll(labels =>
        labels
          .filter(label => label.scrollWidth > label.clientWidth)
          .map(label => label.textContent)
      );
    expect(cut).toEqual([]);
    // Messages take the finding's whole width (no column beside them): one
    // of up to 100 characters takes four lines at most.
    const messages = await page
      .locator(`${PANEL} .jp-PromotePanel-message`)
      .evaluateAll(nodes =>
        nodes.map(node => {
          const finding = node.closest('.jp-PromotePanel-finding')!;
          const lineHeight = parseFloat(getComputedStyle(node).lineHeight);
          return {
            text: node.textContent ?? '',
            share: node.clientWidth / finding.clientWidth,
            lines: Math.round(node.getBoundingClientRect().height / lineHeight)
          };
        })
      );
    expect(messages.length).toBeGreaterThan(0);
    for (const message of messages) {
      expect(message.share, message.text).toBeGreaterThan(0.85);
      if (message.text.length <= 100) {
        expect(message.lines, message.text).toBeLessThanOrEqual(4);
      }
    }
    await page.theme.setDarkTheme();
    await page.screenshot({ path: 'test-results/layout-panel-dark.png' });
    await page.theme.setLightTheme();
  });
});
