import { ServerConnection } from '@jupyterlab/services';

import {
  analyzeNotebook,
  describeError,
  errorMessageFrom,
  PromoteAPIError
} from '../sync/api';
import { NotebookModel } from '@jupyterlab/notebook';

import { PromoteClient } from '../sync/client';
import { report } from './fixtures';

describe('errorMessageFrom', () => {
  it('uses the server message of a JSON error body', () => {
    const body = JSON.stringify({
      message: "Path 'x.ipynb' is outside the root"
    });
    expect(errorMessageFrom(400, 'Bad Request', body)).toBe(
      "Path 'x.ipynb' is outside the root"
    );
  });

  it("falls back to jupyter_server's reason", () => {
    const body = JSON.stringify({ message: '', reason: 'Forbidden' });
    expect(errorMessageFrom(403, 'Forbidden', body)).toBe('Forbidden');
  });

  it('falls back to the status line for a body that is not JSON', () => {
    expect(errorMessageFrom(502, 'Bad Gateway', '<html>oops</html>')).toBe(
      'Bad Gateway (HTTP 502)'
    );
    expect(errorMessageFrom(500, '', '')).toBe('request failed (HTTP 500)');
  });
});

describe('describeError', () => {
  it('uses the message of an error, or the value itself', () => {
    expect(describeError(new PromoteAPIError(400, 'bad path'))).toBe(
      'bad path'
    );
    expect(describeError('offline')).toBe('offline');
  });
});

describe('analyzeNotebook', () => {
  function settingsReplying(
    status: number,
    body: string
  ): {
    settings: ServerConnection.ISettings;
    calls: Array<{ url: string; method: string; body: string }>;
  } {
    const calls: Array<{ url: string; method: string; body: string }> = [];
    const fetchStub = async (input: RequestInfo | URL, init?: RequestInit) => {
      // makeRequest passes a Request object; read what it carries.
      const request = new Request(input, init);
      calls.push({
        url: request.url,
        method: request.method,
        body: await request.text()
      });
      return new Response(body, { status });
    };
    const settings = ServerConnection.makeSettings({
      baseUrl: 'http://localhost:8899/lab-base/',
      fetch: fetchStub as typeof fetch
    });
    return { settings, calls };
  }

  it('posts the path and notebook to the analyze route', async () => {
    const reply = report({ score: 42, grade: 'not_ready' });
    const { settings, calls } = settingsReplying(200, JSON.stringify(reply));
    const result = await analyzeNotebook(settings, {
      path: 'a/b.ipynb',
      notebook: { cells: [] }
    });
    expect(result.score).toBe(42);
    expect(calls).toHaveLength(1);
    // makeRequest may append a cache-busting query string.
    expect(calls[0].url.split('?')[0]).toBe(
      'http://localhost:8899/lab-base/jupyterlab-promote/analyze'
    );
    expect(calls[0].method).toBe('POST');
    expect(JSON.parse(calls[0].body)).toEqual({
      path: 'a/b.ipynb',
      notebook: { cells: [] }
    });
  });

  it("sends the settings' filters with every analysis and fix", async () => {
    const { settings, calls } = settingsReplying(
      200,
      JSON.stringify(report({ score: 90, grade: 'ready' }))
    );
    const client = new PromoteClient(settings);
    client.filters = { ignore: ['PF001'], categories: ['security'] };
    const model = new NotebookModel();
    await client.analyze('a.ipynb', model);
    await client.fix('a.ipynb', model, 'fix-1').catch(() => undefined);
    const bodies = calls.map(call => JSON.parse(call.body));
    expect(bodies).toHaveLength(2);
    for (const body of bodies) {
      expect(body.ignore).toEqual(['PF001']);
      expect(body.categories).toEqual(['security']);
      expect(body.path).toBe('a.ipynb');
    }
    expect(bodies[1].fix_id).toBe('fix-1');
  });

  it("sends the kernel's versions with an analysis when they are known", async () => {
    const { settings, calls } = settingsReplying(
      200,
      JSON.stringify(report({ score: 90, grade: 'ready' }))
    );
    const client = new PromoteClient(settings);
    const model = new NotebookModel();
    await client.analyze('a.ipynb', model, { pandas: '2.2.2' });
    await client.analyze('a.ipynb', model);
    const bodies = calls.map(call => JSON.parse(call.body));
    expect(bodies[0].kernel_packages).toEqual({ pandas: '2.2.2' });
    expect('kernel_packages' in bodies[1]).toBe(false);
  });

  it("rejects with the server's message on a 4xx reply", async () => {
    const { settings } = settingsReplying(
      400,
      JSON.stringify({ message: 'The notebook is not valid nbformat' })
    );
    const promise = analyzeNotebook(settings, {
      path: 'a.ipynb',
      notebook: {}
    });
    await expect(promise).rejects.toBeInstanceOf(PromoteAPIError);
    await expect(promise).rejects.toMatchObject({
      status: 400,
      message: 'The notebook is not valid nbformat'
    });
  });
});
