import schema from '../../schema/plugin.json';
import { choicesOf, parseCodes } from '../panel/settingsform';
import { CATEGORY_IDS } from '../sync/report';

describe('settings form', () => {
  it('offers every category, in order, under a readable title', () => {
    const choices = choicesOf(schema.properties.enabledCategories.items);
    expect(choices.map(choice => choice.value)).toEqual([...CATEGORY_IDS]);
    for (const choice of choices) {
      expect(choice.title).not.toBe(choice.value);
      expect(choice.title).not.toContain('_');
    }
    expect(schema.properties.enabledCategories.default).toEqual([
      ...CATEGORY_IDS
    ]);
  });

  it('reads choices defensively', () => {
    expect(choicesOf(undefined)).toEqual([]);
    expect(choicesOf({ enum: ['a'] })).toEqual([]);
    expect(
      choicesOf({ oneOf: [{ const: 'a' }, { title: 'x' }, null] })
    ).toEqual([{ value: 'a', title: 'a' }]);
  });

  it('parses typed codes, each once', () => {
    expect(parseCodes(' PF001, SC  PF001,,dataframe-row-loop ')).toEqual([
      'PF001',
      'SC',
      'dataframe-row-loop'
    ]);
    expect(parseCodes('  ')).toEqual([]);
  });
});
