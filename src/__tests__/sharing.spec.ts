import { nullTranslator } from '@jupyterlab/translation';

import { buildExtractRequest, duplicateOf } from '../extract/plan';
import { PromoteModel } from '../panel/model';
import { KernelStateChecker } from '../sharing/kernelstate';
import {
  badgeLook,
  badgeMarkdown,
  badgeTitle,
  blockingFindings,
  blockingKind,
  svgTitle
} from '../sharing/labels';
import { sha256Hex, utf8Bytes } from '../sharing/sha256';
import {
  codeSources,
  readStamp,
  sourceHash,
  verificationState
} from '../sharing/stamp';
import { statusCounts } from '../sharing/verify';
import { finding, report } from './fixtures';

const trans = nullTranslator.load('jupyterlab_promote');

describe('sha256Hex', () => {
  it('matches the standard test vectors', () => {
    expect(sha256Hex('')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
    );
    expect(sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
    );
  });

  it('hashes inputs longer than one block', () => {
    expect(sha256Hex('a'.repeat(1000))).toBe(
      '41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3'
    );
  });

  it('encodes UTF-8 like TextEncoder, astral characters included', () => {
    expect(Array.from(utf8Bytes('é✓𝔘'))).toEqual([
      0xc3, 0xa9, 0xe2, 0x9c, 0x93, 0xf0, 0x9d, 0x94, 0x98
    ]);
  });
});

describe('stamp freshness', () => {
  // Values printed by engine/stamp.py `source_hash` for the same lists.
  it('hashes the code sources exactly as the server does', () => {
    expect(sourceHash([])).toBe(
      '4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945'
    );
    expect(sourceHash(['a = 1'])).toBe(
      '51b27e988830265ded2d85848e003a9e676ebb4b5f5992858779f0d7c3876e52'
    );
    expect(
      sourceHash(['import os\nprint(os.sep)', 'x = "é\t\u0001 ✓ 𝔘"\n'])
    ).toBe('a07f0287853df497d3873b82c9a41fe9f90233c339a353f8572edadfa9411571');
  });

  it('reads only code cells', () => {
    const cells = [
      { cell_type: 'markdown', getSource: () => '# Title' },
      { cell_type: 'code', getSource: () => 'a = 1' }
    ];
    expect(codeSources(cells)).toEqual(['a = 1']);
  });

  it('tells verified, failed, stale and never verified apart', () => {
    const hash = sourceHash(['a = 1']);
    const meta = (passed: boolean) => ({
      jupyterlab_promote: { source_hash: hash, passed, score: 90 }
    });
    expect(verificationState(meta(true), ['a = 1'])).toBe('verified');
    expect(verificationState(meta(false), ['a = 1'])).toBe('failed');
    expect(verificationState(meta(true), ['a = 2'])).toBe('stale');
    expect(verificationState({}, ['a = 1'])).toBeNull();
    expect(readStamp({ jupyterlab_promote: { passed: 'yes' } })).toBeNull();
  });
});

describe('badge words', () => {
  it('titles the badge as engine/badge.py does', () => {
    expect(badgeTitle(84, 'almost', 'verified')).toBe(
      'promotion readiness: 84 (almost), verified'
    );
    expect(badgeTitle(40, 'not_ready', null)).toBe(
      'promotion readiness: 40 (not ready), not verified'
    );
    expect(badgeTitle(60, 'needs_work', 'stale')).toBe(
      'promotion readiness: 60 (needs work), verification stale'
    );
  });

  it('writes the Markdown the CLI prints for -o badge.svg', () => {
    expect(badgeMarkdown('promotion readiness: 84 (almost), verified')).toBe(
      '![promotion readiness: 84 (almost), verified](badge.svg)'
    );
  });

  it('reads the SVG title, unescaped', () => {
    expect(svgTitle('<svg><title>a &amp; b: 84 (almost)</title></svg>')).toBe(
      'a & b: 84 (almost)'
    );
    expect(svgTitle('<svg/>')).toBeNull();
  });

  it('colours the toolbar badge by grade and ticks a fresh pass', () => {
    const look = badgeLook(84, 'almost', 'verified', trans);
    expect(look.text).toBe('84');
    expect(look.mark).toBe('✓');
    expect(look.className).toContain('jp-mod-almost');
    expect(look.label).toContain('verified');
    expect(badgeLook(30, 'not_ready', 'failed', trans).mark).toBe('✗');
    expect(badgeLook(30, 'not_ready', 'stale', trans).mark).toBeNull();
    const unknown = badgeLook(null, null, null, trans);
    expect(unknown.text).toBe('–');
    expect(unknown.className).toContain('jp-mod-unknown');
  });
});

describe('blockingFindings', () => {
  it('keeps what the engine marks blocking: secrets, paths, clean re-runs, leakage, names', () => {
    const failed = finding({
      code: 'HS008',
      name: 'failed-clean-run',
      category: 'hidden_state',
      cell_index: null,
      blocking: true
    });
    const path = finding({ cell_index: 1, blocking: true });
    const output = finding({
      code: 'SC002',
      name: 'secret-in-output',
      category: 'security',
      severity: 'error',
      cell_index: 4,
      blocking: true
    });
    const secret = finding({
      code: 'SC001',
      name: 'hardcoded-secret',
      category: 'security',
      severity: 'error',
      cell_index: 2,
      blocking: true
    });
    const leak = finding({
      code: 'LK001',
      name: 'preprocessing-before-split',
      category: 'leakage',
      cell_index: 0,
      blocking: true
    });
    const name = finding({
      code: 'HS005',
      name: 'undefined-name',
      category: 'hidden_state',
      cell_index: 3,
      blocking: true
    });
    const other = finding({ code: 'PF001', name: 'dataframe-row-loop' });
    expect(
      blockingFindings([name, failed, leak, path, other, output, secret]).map(
        f => f.code
      )
    ).toEqual(['SC001', 'SC002', 'PD001', 'HS008', 'LK001', 'HS005']);
    expect(blockingKind(other)).toBeNull();
    expect(blockingKind(leak)).toBe('leakage');
    expect(blockingKind(name)).toBe('name');
  });

  it('follows the flag, not the name: a project may block anything or nothing', () => {
    const unflaggedSecret = finding({
      code: 'SC001',
      name: 'hardcoded-secret',
      category: 'security',
      severity: 'error'
    });
    const flaggedLoop = finding({
      code: 'PF001',
      name: 'dataframe-row-loop',
      category: 'performance',
      blocking: true
    });
    expect(blockingKind(unflaggedSecret)).toBeNull();
    expect(blockingKind(flaggedLoop)).toBe('other');
  });
});

describe('extract a repeated block', () => {
  const form = {
    module: ' lib.py ',
    functionName: 'clean',
    tests: true,
    append: false
  };

  it('reads the duplicate argument of the command', () => {
    expect(duplicateOf({ duplicate: { cell_id: 'c1', line: 3 } })).toEqual({
      cell_id: 'c1',
      line: 3
    });
    expect(duplicateOf({ duplicate: { cell_id: 3 } })).toBeNull();
    expect(duplicateOf({ cellIds: ['a'] })).toBeNull();
  });

  it('sends duplicate instead of cell_ids', () => {
    const notebook = {
      cells: [],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5
    };
    const request = buildExtractRequest(
      'nb.ipynb',
      notebook,
      ['c1'],
      form,
      true,
      {
        cell_id: 'c1',
        line: 3
      }
    );
    expect(request.duplicate).toEqual({ cell_id: 'c1', line: 3 });
    expect(request.cell_ids).toBeUndefined();
    expect(request.function).toBe('clean');
    const plain = buildExtractRequest('nb.ipynb', notebook, ['c1'], form, true);
    expect(plain.cell_ids).toEqual(['c1']);
    expect(plain.duplicate).toBeUndefined();
  });
});

describe('verify results', () => {
  it('counts cells by status', () => {
    const cell = (status: 'same' | 'error') => ({
      index: 0,
      cell_id: null,
      status,
      duration: 0,
      diff: null,
      ename: null,
      evalue: null
    });
    expect(
      statusCounts({ cells: [cell('same'), cell('same'), cell('error')] })
    ).toEqual({ same: 2, error: 1 });
  });
});

describe('KernelStateChecker.merge', () => {
  it('leaves reports alone until the kernel reported something', () => {
    const checker = new KernelStateChecker({
      model: new PromoteModel(),
      serverSettings: {} as never,
      current: () => null,
      refresh: () => undefined,
      filters: () => ({})
    });
    const entry = report();
    expect(checker.merge(entry)).toBe(entry);
    checker.dispose();
  });
});
