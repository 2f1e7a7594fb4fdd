import { PathExt } from '@jupyterlab/coreutils';
import { Contents, ServerConnection } from '@jupyterlab/services';

import { postAPI } from '../sync/api';
import { IExtractPlan, IExtractRequest, IFolderListing } from './plan';

/**
 * How many sub-folders beside the notebook are looked into for
 * `__init__.py`; a folder of many data folders is not worth the requests.
 */
const MAX_PACKAGE_PROBES = 20;

/**
 * Ask the server to plan (`dry_run`) or carry out an extraction.
 *
 * @throws {PromoteAPIError} 409 with the reason when nothing was extracted,
 *   400 on bad input
 */
export function requestExtract(
  serverSettings: ServerConnection.ISettings,
  request: IExtractRequest
): Promise<IExtractPlan> {
  return postAPI<IExtractPlan>('extract', serverSettings, request);
}

/**
 * The files of the notebook's folder and its package sub-folders, for the
 * default module path. An unreadable folder gives an empty listing.
 *
 * @param folder - the notebook's folder, relative to the server root
 */
export async function folderListing(
  contents: Contents.IManager,
  folder: string
): Promise<IFolderListing> {
  const list = async (path: string): Promise<Contents.IModel[]> => {
    try {
      const model = await contents.get(path, { content: true });
      return Array.isArray(model.content)
        ? (model.content as Contents.IModel[])
        : [];
    } catch {
      return [];
    }
  };
  const items = await list(folder);
  const folders = items
    .filter(item => item.type === 'directory' && !item.name.startsWith('.'))
    .slice(0, MAX_PACKAGE_PROBES);
  const children = await Promise.all(
    folders.map(item => list(PathExt.join(folder, item.name)))
  );
  const packages = folders
    .map((item, i) => ({
      name: item.name,
      files: children[i].map(child => child.name)
    }))
    .filter(p => p.files.includes('__init__.py'));
  return {
    files: items.filter(item => item.type !== 'directory').map(i => i.name),
    packages
  };
}
