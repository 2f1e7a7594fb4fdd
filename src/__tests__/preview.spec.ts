import { ignoreEdits } from '../fixes/ignore';
import { diffLines, diffMarker, previewEdits } from '../fixes/preview';
import { finding } from './fixtures';

describe('previewEdits', () => {
  const cells = [
    { id: 'a', cell_type: 'code', source: 'import pandas' },
    { id: 'b', cell_type: 'code', source: 'key = "sk-1"\nprint(key)' }
  ];

  it('shows the text of each changed cell before and after', () => {
    const changes = previewEdits(cells, [
      {
        type: 'text',
        cell_id: 'b',
        start: { line: 0, column: 6 },
        end: { line: 0, column: 12 },
        text: 'os.environ["KEY"]'
      },
      {
        type: 'text',
        cell_id: 'a',
        start: { line: 0, column: 0 },
        end: { line: 0, column: 0 },
        text: 'import os\n'
      },
      {
        type: 'insert_cell',
        after_cell_id: null,
        cell: { cell_type: 'code', source: 'SEED = 1' }
      }
    ]);
    expect(changes.map(c => [c.before, c.after])).toEqual([
      [null, 'SEED = 1'],
      ['import pandas', 'import os\nimport pandas'],
      ['key = "sk-1"\nprint(key)', 'key = os.environ["KEY"]\nprint(key)']
    ]);
  });

  it('notes changes that are not text', () => {
    const [change] = previewEdits(cells, [
      { type: 'replace_cell', cell_id: 'a', outputs: [] },
      { type: 'move_cell', cell_id: 'a', after_cell_id: 'b' }
    ]);
    expect(change.notes).toEqual(['outputs', 'moved']);
  });
});

describe('diffLines', () => {
  it('marks removed and added lines', () => {
    expect(diffLines('a\nb\nc', 'a\nB\nc')).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'remove', text: 'b' },
      { kind: 'add', text: 'B' },
      { kind: 'same', text: 'c' }
    ]);
    expect(diffLines('', 'x')).toEqual([{ kind: 'add', text: 'x' }]);
  });
});

describe('ignoreEdits', () => {
  it('appends an ignore comment to the line of the finding', () => {
    const edits = ignoreEdits(finding({ code: 'SC001', line: 2 }), {
      source: 'import os\nkey = "x"   ',
      tags: []
    });
    expect(edits).toEqual([
      {
        type: 'text',
        cell_id: 'cell-a',
        start: { line: 1, column: 9 },
        end: { line: 1, column: 12 },
        text: '  # promote: ignore[SC001]'
      }
    ]);
  });

  it('adds the code to an ignore comment already there', () => {
    const [edit] =
      ignoreEdits(finding({ code: 'PD001', line: 1 }), {
        source: 'x = 1  # promote: ignore[SC001]',
        tags: []
      }) ?? [];
    expect(edit).toMatchObject({
      start: { line: 0, column: 25 },
      end: { line: 0, column: 30 },
      text: 'SC001, PD001'
    });
  });

  it('tags the cell for cell-level findings', () => {
    expect(
      ignoreEdits(finding({ code: 'MD002', line: null }), {
        source: 'x = 1',
        tags: ['keep']
      })
    ).toEqual([
      {
        type: 'set_metadata',
        cell_id: 'cell-a',
        key: 'tags',
        value: ['keep', 'promote-ignore[MD002]']
      }
    ]);
  });

  it('has nothing to mark for notebook-level findings', () => {
    expect(
      ignoreEdits(finding({ cell_id: null, cell_index: null }), {
        source: '',
        tags: []
      })
    ).toBeNull();
  });
});

describe('diffMarker', () => {
  it('marks added, removed and unchanged lines', () => {
    expect(diffMarker({ kind: 'add', text: 'x' })).toBe('+ ');
    expect(diffMarker({ kind: 'remove', text: 'x' })).toBe('- ');
    expect(diffMarker({ kind: 'same', text: 'x' })).toBe('  ');
  });
});
