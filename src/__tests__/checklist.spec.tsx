import { nullTranslator } from '@jupyterlab/translation';
import { ReactWidget } from '@jupyterlab/ui-components';
import { MessageLoop } from '@lumino/messaging';
import { Widget } from '@lumino/widgets';
import * as React from 'react';

import { checklistProgress, checklistRows } from '../panel/checklist';
import { ChecklistSection } from '../panel/checklistview';
import { IChecklistItem, IFinding, IFix } from '../sync/report';
import { finding, report } from './fixtures';

const trans = nullTranslator.load('jupyterlab_promote');

const DOCKERFILE: IFix = {
  id: 'PD006:notebook:0:0:add-dockerfile',
  title: 'Add a Dockerfile (Dockerfile)',
  applicability: 'unsafe'
};

function item(overrides: Partial<IChecklistItem>): IChecklistItem {
  return {
    id: 'environment',
    title: 'A containerised, reproducible environment',
    state: 'done',
    codes: [],
    findings: 0,
    reason: null,
    action: null,
    ...overrides
  };
}

const runtime = finding({
  code: 'PD006',
  category: 'parameters_dependencies',
  cell_index: null,
  cell_id: null,
  line: null,
  fixes: [DOCKERFILE]
});
const undeclared = finding({
  code: 'PD003',
  cell_id: 'c1',
  message: "'numpy' is imported but not declared"
});
const environment = item({
  state: 'not_yet',
  codes: ['PD006', 'PD003'],
  findings: 2,
  action: {
    code: 'PD006',
    cell_id: null,
    fix_id: DOCKERFILE.id,
    title: DOCKERFILE.title,
    applicability: 'unsafe'
  }
});
const entry = report({
  findings: [undeclared, runtime],
  checklist: [
    item({ id: 'version_control', title: 'Version control' }),
    environment,
    item({
      id: 'tests_ci',
      title: 'Automated tests wired into CI',
      state: 'not_applicable',
      reason: 'the notebook defines no function or class'
    })
  ]
});

describe('checklist rows', () => {
  it('pair each item with its findings and the fix its action names', () => {
    const rows = checklistRows(entry, entry.findings);
    expect(rows.map(row => [row.id, row.state])).toEqual([
      ['version_control', 'done'],
      ['environment', 'not_yet'],
      ['tests_ci', 'not_applicable']
    ]);
    const env = rows[1];
    expect(env.findings).toEqual([undeclared, runtime]);
    expect(env.action).toEqual({
      kind: 'fix',
      finding: runtime,
      fix: DOCKERFILE
    });
    expect(checklistProgress(rows)).toEqual({ done: 1, applicable: 2 });
  });

  it('count only the findings the settings show: all hidden is done', () => {
    const rows = checklistRows(entry, [undeclared]);
    expect(rows[1].findings).toEqual([undeclared]);
    expect(rows[1].state).toBe('not_yet');
    const hidden = checklistRows(entry, []);
    expect(hidden[1].state).toBe('done');
    expect(hidden[1].action).toBeNull();
  });

  it('show a manual step or a missing fix as guidance', () => {
    const manual = report({
      findings: [undeclared],
      checklist: [
        item({
          state: 'not_yet',
          codes: ['PD003'],
          findings: 1,
          action: {
            code: 'PD003',
            cell_id: 'c1',
            fix_id: null,
            title: 'Declare and pin the packages',
            applicability: 'manual'
          }
        })
      ]
    });
    expect(checklistRows(manual, manual.findings)[0].action).toEqual({
      kind: 'guidance',
      text: 'Declare and pin the packages'
    });
  });

  it('are empty for a report without a checklist', () => {
    expect(checklistRows(report(), [])).toEqual([]);
  });
});

/**
 * React's `act`, which flushes renders and effects before it returns.
 */
const act = React.act;

describe('the Path to production section', () => {
  let widget: ReactWidget;
  let host: HTMLElement;
  const selected: IFinding[] = [];
  const applied: [IFinding, IFix][] = [];

  beforeAll(() => {
    // Tell React that renders are flushed by act() here.
    (
      globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }
    ).IS_REACT_ACT_ENVIRONMENT = true;
  });

  beforeEach(() => {
    selected.length = 0;
    applied.length = 0;
    widget = ReactWidget.create(
      <ChecklistSection
        rows={checklistRows(entry, entry.findings)}
        onSelect={f => selected.push(f)}
        onApplyFix={(f, fix) => applied.push([f, fix])}
        trans={trans}
      />
    );
    host = widget.node;
    act(() => {
      Widget.attach(widget, document.body);
      MessageLoop.sendMessage(widget, Widget.Msg.UpdateRequest);
    });
  });

  afterEach(() => {
    act(() => widget.dispose());
  });

  it('renders a row per item with its state for tests to find', () => {
    const section = host.querySelector('[data-testid="promote-checklist"]');
    expect(section).not.toBeNull();
    const rows = [
      ...host.querySelectorAll('[data-testid="promote-checklist-item"]')
    ];
    expect(
      rows.map(row => [
        row.getAttribute('data-item'),
        row.getAttribute('data-state')
      ])
    ).toEqual([
      ['version_control', 'done'],
      ['environment', 'not_yet'],
      ['tests_ci', 'not_applicable']
    ]);
    expect(section?.textContent).toContain('1 of 2 done');
    expect(rows[2].querySelector('[title]')?.getAttribute('title')).toBe(
      'Not applicable'
    );
  });

  it('runs the action through the fix path and reveals the holding findings', () => {
    const env = host.querySelector('[data-item="environment"]')!;
    const action = env.querySelector<HTMLButtonElement>(
      '[data-testid="promote-checklist-action"]'
    )!;
    expect(action.textContent).toBe('Add a Dockerfile (Dockerfile)…');
    act(() => action.click());
    expect(applied).toEqual([[runtime, DOCKERFILE]]);

    const count = env.querySelector<HTMLButtonElement>(
      '[data-testid="promote-checklist-count"]'
    )!;
    expect(count.textContent).toBe('2');
    expect(count.getAttribute('aria-expanded')).toBe('false');
    act(() => count.click());
    expect(count.getAttribute('aria-expanded')).toBe('true');
    const shown = [
      ...env.querySelectorAll<HTMLButtonElement>(
        '.jp-PromotePanel-checklistFinding'
      )
    ];
    expect(shown.map(b => b.textContent)).toEqual([
      "PD003 Cell 1, line 1: 'numpy' is imported but not declared",
      'PD006 Whole notebook: Absolute path ties the notebook to one machine'
    ]);
    act(() => shown[0].click());
    expect(selected).toEqual([undeclared]);
    act(() => count.click());
    expect(env.querySelector('.jp-PromotePanel-checklistFindings')).toBeNull();
  });

  it('folds away to its progress line from its heading', () => {
    const toggle = host.querySelector<HTMLButtonElement>(
      '.jp-PromotePanel-checklistToggle'
    )!;
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    act(() => toggle.click());
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(
      host.querySelectorAll('[data-testid="promote-checklist-item"]')
    ).toHaveLength(0);
    expect(host.textContent).toContain('1 of 2 done');
    act(() => toggle.click());
    expect(
      host.querySelectorAll('[data-testid="promote-checklist-item"]')
    ).toHaveLength(3);
  });

  it('offers no count and no action on a done row', () => {
    const done = host.querySelector('[data-item="version_control"]')!;
    expect(done.querySelector('button')).toBeNull();
  });
});
