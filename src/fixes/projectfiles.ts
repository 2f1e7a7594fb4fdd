import { Contents } from '@jupyterlab/services';

import { IFileChange } from '../sync/report';

/**
 * A project file that is not what the fix expects (it changed on disk since
 * the fix was prepared, or since the fix wrote it). Nothing was written.
 */
export class FileChangedError extends Error {
  constructor(
    readonly path: string,
    message: string
  ) {
    super(message);
    this.name = 'FileChangedError';
  }
}

/**
 * A file's text through the contents API; null when there is no such file.
 */
export async function readText(
  contents: Contents.IManager,
  path: string
): Promise<string | null> {
  try {
    const model = await contents.get(path, {
      type: 'file',
      format: 'text',
      content: true
    });
    return typeof model.content === 'string' ? model.content : null;
  } catch (reason) {
    if (statusOf(reason) === 404) {
      return null;
    }
    throw reason;
  }
}

/**
 * Check that every file still holds the text the fix was computed from
 * (`before`, null for a file to create).
 *
 * @throws {FileChangedError} when one changed
 */
export async function checkFileChanges(
  contents: Contents.IManager,
  files: ReadonlyArray<IFileChange>
): Promise<void> {
  await expectTexts(
    contents,
    files.map(file => ({ path: file.path, text: file.before })),
    path =>
      `${path} changed on disk since the fix was prepared; it was not overwritten.`
  );
}

/**
 * Write a fix's project files through the contents API; each missing folder is
 * created first. The caller checks them with checkFileChanges beforehand,
 * before it changes the notebook, so that a stale file stops the whole fix.
 */
export async function writeFileChanges(
  contents: Contents.IManager,
  files: ReadonlyArray<IFileChange>
): Promise<void> {
  for (const file of files) {
    if (file.before === null) {
      await ensureFolders(contents, file.path);
    }
    await contents.save(file.path, {
      type: 'file',
      format: 'text',
      content: file.after
    });
  }
}

/**
 * Undo a fix's project files: a replaced or appended file gets its previous
 * text back, a created file is deleted (the folders made for it stay). Only
 * when every file still holds what the fix wrote.
 *
 * @throws {FileChangedError} when a file changed since; nothing is restored
 */
export async function restoreFileChanges(
  contents: Contents.IManager,
  files: ReadonlyArray<IFileChange>
): Promise<void> {
  await expectTexts(
    contents,
    files.map(file => ({ path: file.path, text: file.after })),
    path => `${path} changed since the fix wrote it; it was not restored.`
  );
  for (const file of [...files].reverse()) {
    if (file.before === null) {
      await contents.delete(file.path);
    } else {
      await contents.save(file.path, {
        type: 'file',
        format: 'text',
        content: file.before
      });
    }
  }
}

async function expectTexts(
  contents: Contents.IManager,
  expected: ReadonlyArray<{ path: string; text: string | null }>,
  message: (path: string) => string
): Promise<void> {
  for (const { path, text } of expected) {
    if ((await readText(contents, path)) !== text) {
      throw new FileChangedError(path, message(path));
    }
  }
}

/**
 * Create the folders above `path` that do not exist yet, top down (the
 * contents API saves a file only into an existing folder).
 */
async function ensureFolders(
  contents: Contents.IManager,
  path: string
): Promise<void> {
  const parts = path.split('/').slice(0, -1);
  for (let depth = 1; depth <= parts.length; depth++) {
    const folder = parts.slice(0, depth).join('/');
    try {
      await contents.get(folder, { content: false });
    } catch (reason) {
      if (statusOf(reason) !== 404) {
        throw reason;
      }
      await contents.save(folder, { type: 'directory' });
    }
  }
}

function statusOf(reason: unknown): number | undefined {
  return (reason as { response?: { status?: number } }).response?.status;
}
