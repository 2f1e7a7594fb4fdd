import { blockedNotebooks } from '../sharing/browserdownload';
import { finding, report } from './fixtures';

const SECRET = finding({
  code: 'SC001',
  name: 'hardcoded-secret',
  category: 'security',
  severity: 'error',
  blocking: true
});
const PATH = finding({
  code: 'PD001',
  name: 'absolute-path',
  category: 'parameters_dependencies',
  severity: 'warning',
  blocking: true
});
const HARMLESS = finding({ code: 'MD001', name: 'long-cell' });

describe('blockedNotebooks', () => {
  it('keeps the notebooks with blocking findings, in order, secrets first', async () => {
    const reports: Record<string, ReturnType<typeof report>> = {
      'a.ipynb': report({ findings: [HARMLESS] }),
      'b.ipynb': report({ findings: [PATH, SECRET] }),
      'c.ipynb': report({ findings: [PATH] })
    };
    const asked: string[] = [];
    const blocked = await blockedNotebooks(
      ['a.ipynb', 'b.ipynb', 'c.ipynb'],
      async path => {
        asked.push(path);
        return reports[path];
      }
    );
    expect(asked).toEqual(['a.ipynb', 'b.ipynb', 'c.ipynb']);
    expect(blocked.map(b => b.path)).toEqual(['b.ipynb', 'c.ipynb']);
    expect(blocked[0].findings.map(f => f.code)).toEqual(['SC001', 'PD001']);
  });

  it('does not hold back a notebook it could not analyse', async () => {
    const blocked = await blockedNotebooks(
      ['broken.ipynb', 'unreadable.ipynb', 'leaky.ipynb'],
      async path => {
        if (path === 'broken.ipynb') {
          throw new Error('server unreachable');
        }
        return path === 'unreadable.ipynb'
          ? report({ error: 'not JSON', findings: [SECRET] })
          : report({ findings: [SECRET] });
      }
    );
    expect(blocked.map(b => b.path)).toEqual(['leaky.ipynb']);
  });

  it('asks nothing when no notebook is selected', async () => {
    const analyze = jest.fn();
    expect(await blockedNotebooks([], analyze)).toEqual([]);
    expect(analyze).not.toHaveBeenCalled();
  });
});
