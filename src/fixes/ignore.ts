import { IFinding, NotebookEdit } from '../sync/report';

/**
 * The cell tag that suppresses findings in a cell (`promote-ignore[CODE]`
 * for one rule), as the engine reads it.
 */
export const IGNORE_TAG = 'promote-ignore';

const IGNORE_COMMENT = /#\s*promote:\s*ignore(\[([^\]]*)\])?/i;

/**
 * What a cell looks like to the ignore action.
 */
export interface IIgnoreTarget {
  source: string;
  tags: ReadonlyArray<string>;
}

/**
 * The edits that suppress one finding, or null for notebook-level findings
 * (no cell to mark).
 *
 * A finding on a line gets `# promote: ignore[CODE]` at the end of that line
 * (the code is added to an ignore comment already there); a finding about
 * the whole cell, or on a line that continues with a backslash, gets the
 * cell tag `promote-ignore[CODE]`.
 */
export function ignoreEdits(
  finding: IFinding,
  cell: IIgnoreTarget
): NotebookEdit[] | null {
  const cellId = finding.cell_id;
  if (!cellId) {
    return null;
  }
  const lines = cell.source.split('\n');
  const line = finding.line;
  if (typeof line === 'number' && line >= 1 && line <= lines.length) {
    const text = lines[line - 1];
    const existing = IGNORE_COMMENT.exec(text);
    if (existing) {
      if (existing[1] === undefined) {
        return [];
      }
      const codes = existing[2]
        .split(',')
        .map(code => code.trim())
        .filter(code => code);
      if (codes.includes(finding.code)) {
        return [];
      }
      const open = existing.index + existing[0].indexOf('[') + 1;
      const close = existing.index + existing[0].length - 1;
      return [
        {
          type: 'text',
          cell_id: cellId,
          start: { line: line - 1, column: open },
          end: { line: line - 1, column: close },
          text: [...codes, finding.code].join(', ')
        }
      ];
    }
    if (!text.replace(/\s+$/, '').endsWith('\\')) {
      const end = text.replace(/\s+$/, '').length;
      return [
        {
          type: 'text',
          cell_id: cellId,
          start: { line: line - 1, column: end },
          end: { line: line - 1, column: text.length },
          text: `  # promote: ignore[${finding.code}]`
        }
      ];
    }
  }
  const tag = `${IGNORE_TAG}[${finding.code}]`;
  if (cell.tags.includes(tag) || cell.tags.includes(IGNORE_TAG)) {
    return [];
  }
  return [
    {
      type: 'set_metadata',
      cell_id: cellId,
      key: 'tags',
      value: [...cell.tags, tag]
    }
  ];
}
