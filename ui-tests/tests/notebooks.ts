/**
 * Notebooks the UI tests upload: nbformat 4.5, code cells with ids.
 */

/**
 * A code cell of a test notebook; its id defaults to `cell-<position>`.
 */
export interface ICodeCell {
  source: string;
  id?: string;
  outputs?: unknown[];
  execution_count?: number | null;
}

/**
 * The JSON text of a notebook made of these code cells, with a Python 3 kernelspec.
 */
export function codeNotebook(cells: ICodeCell[]): string {
  return JSON.stringify({
    cells: cells.map((cell, i) => ({
      id: cell.id ?? `cell-${i}`,
      cell_type: 'code',
      execution_count: cell.execution_count ?? null,
      metadata: {},
      outputs: cell.outputs ?? [],
      source: cell.source
    })),
    metadata: {
      kernelspec: {
        display_name: 'Python 3',
        language: 'python',
        name: 'python3'
      }
    },
    nbformat: 4,
    nbformat_minor: 5
  });
}
