/**
 * The layout of src/: no two modules import each other, even through
 * others, and only the plugin wiring (index.ts) sits at the top; everything
 * else lives in the folder that says what it does.
 */
import * as fs from 'fs';
import * as path from 'path';

const SRC = path.resolve(__dirname, '..');

/** Top-level files allowed beside the folders. */
const TOP_LEVEL = ['index.ts'];

/** Every module of src/ (tests excluded), relative to src/. */
function sourceFiles(dir: string = SRC): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '__tests__') {
        files.push(...sourceFiles(full));
      }
    } else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      files.push(path.relative(SRC, full));
    }
  }
  return files.sort();
}

/**
 * The relative module specifiers a source text imports or re-exports,
 * type-only imports included (they tie the modules' designs together too).
 */
export function importSpecifiers(text: string): string[] {
  const found: string[] = [];
  const pattern =
    /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\s+from\s+)?['"](\.{1,2}\/[^'"]*)['"]/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text)) !== null) {
    found.push(match[1]);
  }
  return found;
}

/** The module (relative to src/) a specifier in `from` points at. */
function resolveModule(from: string, specifier: string, known: Set<string>) {
  const base = path.join(path.dirname(from), specifier);
  for (const candidate of [
    `${base}.ts`,
    `${base}.tsx`,
    path.join(base, 'index.ts'),
    path.join(base, 'index.tsx')
  ]) {
    if (known.has(candidate)) {
      return candidate;
    }
  }
  return null;
}

/** Module -> the src modules it imports. */
function importGraph(files: string[]): Map<string, string[]> {
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = fs.readFileSync(path.join(SRC, file), 'utf-8');
    const targets = importSpecifiers(text)
      .map(spec => resolveModule(file, spec, known))
      .filter((target): target is string => target !== null);
    graph.set(file, targets);
  }
  return graph;
}

/** Every import cycle, each as the path of modules that closes it. */
export function importCycles(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const visit = (node: string): void => {
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (onStack.has(next)) {
        cycles.push([...stack.slice(stack.indexOf(next)), next]);
      } else if (!done.has(next)) {
        visit(next);
      }
    }
    stack.pop();
    onStack.delete(node);
    done.add(node);
  };
  for (const node of graph.keys()) {
    if (!done.has(node)) {
      visit(node);
    }
  }
  return cycles;
}

describe('src layout', () => {
  it('reads imports, re-exports and type-only imports', () => {
    const text = [
      "import { a } from './a';",
      "import type { B } from '../b';",
      "export { c } from './c/index';",
      "import './d';",
      "import * as React from 'react';",
      'import {',
      '  e,',
      '  f',
      "} from './ef';"
    ].join('\n');
    expect(importSpecifiers(text)).toEqual([
      './a',
      '../b',
      './c/index',
      './d',
      './ef'
    ]);
  });

  it('finds a cycle through a third module and not a diamond', () => {
    const cyclic = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']]
    ]);
    expect(importCycles(cyclic)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
    const diamond = new Map([
      ['a.ts', ['b.ts', 'c.ts']],
      ['b.ts', ['d.ts']],
      ['c.ts', ['d.ts']],
      ['d.ts', []]
    ]);
    expect(importCycles(diamond)).toEqual([]);
  });

  it('has no import cycle among the modules of src/', () => {
    const graph = importGraph(sourceFiles());
    expect(graph.size).toBeGreaterThan(40);
    expect(importCycles(graph).map(cycle => cycle.join(' -> '))).toEqual([]);
  });

  it('keeps only the plugin wiring at the top of src/', () => {
    const topLevel = sourceFiles().filter(file => !file.includes(path.sep));
    expect(topLevel).toEqual(TOP_LEVEL);
  });
});
