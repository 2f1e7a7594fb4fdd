import { IFinding, IReportEntry, NotebookEdit } from '../sync/report';

/**
 * Build a finding with sensible defaults for tests.
 */
export function finding(overrides: Partial<IFinding> = {}): IFinding {
  return {
    code: 'PD001',
    name: 'absolute-path',
    category: 'parameters_dependencies',
    severity: 'warning',
    message: 'Absolute path ties the notebook to one machine',
    cell_index: 0,
    cell_id: 'cell-a',
    line: 1,
    column: 0,
    end_line: 1,
    end_column: 10,
    impact: 5,
    fixes: [],
    ...overrides
  };
}

/**
 * Build a report entry for tests.
 */
export function report(overrides: Partial<IReportEntry> = {}): IReportEntry {
  return {
    path: 'analysis/churn.ipynb',
    score: 73,
    grade: 'almost',
    categories: {},
    findings: [],
    error: null,
    ...overrides
  };
}

/**
 * The secret fix of the tests' notebooks, whose cell `a` holds the imports
 * and cell `b` starts with `api_key = "sk-live-123"`: the literal becomes an
 * environment lookup and `import os` goes into the first cell.
 */
export const SECRET_FIX: NotebookEdit[] = [
  {
    type: 'text',
    cell_id: 'b',
    start: { line: 0, column: 10 },
    end: { line: 0, column: 23 },
    text: 'os.environ["API_KEY"]'
  },
  {
    type: 'text',
    cell_id: 'a',
    start: { line: 0, column: 0 },
    end: { line: 0, column: 0 },
    text: 'import os\n'
  }
];
