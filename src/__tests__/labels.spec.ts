import { nullTranslator } from '@jupyterlab/translation';

import {
  categoryLabel,
  gradeClass,
  gradeLabel,
  gradeOf
} from '../panel/labels';
import { CATEGORY_IDS } from '../sync/report';

const trans = nullTranslator.load('jupyterlab_promote');

describe('gradeOf', () => {
  it.each([
    [100, 'ready'],
    [90, 'ready'],
    [89, 'almost'],
    [75, 'almost'],
    [74, 'needs_work'],
    [50, 'needs_work'],
    [49, 'not_ready'],
    [0, 'not_ready']
  ])('grades %i as %s', (score, grade) => {
    expect(gradeOf(score)).toBe(grade);
  });
});

describe('gradeClass', () => {
  it('turns the grade into a kebab-case modifier class', () => {
    expect(gradeClass('needs_work')).toBe('jp-mod-needs-work');
    expect(gradeClass('not_ready')).toBe('jp-mod-not-ready');
    expect(gradeClass('ready')).toBe('jp-mod-ready');
  });
});

describe('gradeLabel', () => {
  it('gives each grade a human label', () => {
    expect(gradeLabel('ready', trans)).toBe('Ready');
    expect(gradeLabel('almost', trans)).toBe('Almost ready');
    expect(gradeLabel('needs_work', trans)).toBe('Needs work');
    expect(gradeLabel('not_ready', trans)).toBe('Not ready');
  });
});

describe('categoryLabel', () => {
  it('labels all ten categories, each differently', () => {
    const labels = CATEGORY_IDS.map(id => categoryLabel(id, trans));
    expect(new Set(labels).size).toBe(10);
    expect(labels.every(label => !label.includes('_'))).toBe(true);
    expect(categoryLabel('leakage', trans)).toBe('Data leakage');
  });
});
