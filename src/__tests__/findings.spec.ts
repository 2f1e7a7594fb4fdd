import { nullTranslator } from '@jupyterlab/translation';

import {
  groupFindings,
  sortByImpact,
  totalImpact,
  visibleFindings
} from '../panel/findings';
import { CATEGORY_IDS } from '../sync/report';
import { finding } from './fixtures';

const trans = nullTranslator.load('jupyterlab_promote');

describe('sortByImpact', () => {
  it('puts the finding worth most points first', () => {
    const sorted = sortByImpact([
      finding({ code: 'A', impact: 2 }),
      finding({ code: 'B', impact: 9 }),
      finding({ code: 'C', impact: 5 })
    ]);
    expect(sorted.map(f => f.code)).toEqual(['B', 'C', 'A']);
  });

  it('breaks ties by severity, then by cell position, then line', () => {
    const sorted = sortByImpact([
      finding({ code: 'info', severity: 'info', impact: 3 }),
      finding({ code: 'late', severity: 'error', impact: 3, cell_index: 4 }),
      finding({ code: 'nb', severity: 'error', impact: 3, cell_index: null }),
      finding({ code: 'line5', severity: 'error', impact: 3, line: 5 }),
      finding({ code: 'line2', severity: 'error', impact: 3, line: 2 })
    ]);
    expect(sorted.map(f => f.code)).toEqual([
      'nb',
      'line2',
      'line5',
      'late',
      'info'
    ]);
  });

  it('does not modify its input', () => {
    const input = [finding({ impact: 1 }), finding({ impact: 2 })];
    sortByImpact(input);
    expect(input.map(f => f.impact)).toEqual([1, 2]);
  });
});

describe('groupFindings', () => {
  const findings = [
    finding({
      code: 'HS1',
      category: 'hidden_state',
      impact: 1,
      cell_index: 2
    }),
    finding({ code: 'SE1', category: 'security', impact: 10, cell_index: 5 }),
    finding({
      code: 'HS2',
      category: 'hidden_state',
      impact: 4,
      cell_index: 5
    }),
    finding({
      code: 'VC1',
      category: 'version_control',
      impact: 2,
      cell_index: null
    })
  ];

  it('returns one flat group sorted by impact', () => {
    const groups = groupFindings(findings, 'impact', trans);
    expect(groups).toHaveLength(1);
    expect(groups[0].findings.map(f => f.code)).toEqual([
      'SE1',
      'HS2',
      'VC1',
      'HS1'
    ]);
  });

  it('returns no group at all when there are no findings', () => {
    expect(groupFindings([], 'impact', trans)).toEqual([]);
    expect(groupFindings([], 'cell', trans)).toEqual([]);
  });

  it('groups by category in the canonical order, skipping empty ones', () => {
    const groups = groupFindings(findings, 'category', trans);
    expect(groups.map(g => g.key)).toEqual([
      'hidden_state',
      'version_control',
      'security'
    ]);
    expect(groups[0].label).toBe('Hidden state');
    expect(groups[0].findings.map(f => f.code)).toEqual(['HS2', 'HS1']);
  });

  it('groups by cell with notebook-level findings first', () => {
    const groups = groupFindings(findings, 'cell', trans);
    expect(groups.map(g => g.label)).toEqual([
      'Whole notebook',
      'Cell 3',
      'Cell 6'
    ]);
    expect(groups[2].findings.map(f => f.code)).toEqual(['SE1', 'HS2']);
  });
});

describe('totalImpact', () => {
  it('adds up the points to gain', () => {
    expect(totalImpact([finding({ impact: 6 }), finding({ impact: 3 })])).toBe(
      9
    );
    expect(totalImpact([])).toBe(0);
  });
});

describe('visibleFindings', () => {
  const all = [
    finding({ code: 'SC001', category: 'security' }),
    finding({ code: 'PD001', category: 'parameters_dependencies' }),
    finding({ code: 'HS001', category: 'hidden_state' })
  ];

  it('drops ignored codes and disabled categories', () => {
    const shown = visibleFindings(all, {
      ignoredCodes: ['PD001'],
      enabledCategories: ['security', 'parameters_dependencies']
    });
    expect(shown.map(f => f.code)).toEqual(['SC001']);
  });

  it('keeps one category when filtering by it', () => {
    const shown = visibleFindings(
      all,
      { ignoredCodes: [], enabledCategories: CATEGORY_IDS },
      'hidden_state'
    );
    expect(shown.map(f => f.code)).toEqual(['HS001']);
  });
});
