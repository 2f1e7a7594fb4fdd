import { JupyterFrontEnd } from '@jupyterlab/application';
import { Dialog, showDialog } from '@jupyterlab/apputils';
import { IFileBrowserFactory } from '@jupyterlab/filebrowser';
import { ServerConnection } from '@jupyterlab/services';
import { TranslationBundle } from '@jupyterlab/translation';
import { downloadIcon, ReactWidget } from '@jupyterlab/ui-components';
import * as React from 'react';

import { analyzeNotebook } from '../sync/api';
import { IFinding, IReportEntry } from '../sync/report';
import { SharingCommandIDs } from './commandids';
import { blockingFindings } from './labels';
import { BlockingItem } from './sharedialog';

/**
 * The file browser's own Download (its context menu item is replaced by ours
 * through the settings schema).
 */
export const BROWSER_DOWNLOAD = 'filebrowser:download';

/** Findings listed per notebook before "and N more". */
const SHOWN = 4;

/**
 * A selected notebook whose saved file should not be shared as it is.
 */
export interface IBlockedNotebook {
  path: string;
  findings: IFinding[];
}

/**
 * The notebooks among `paths` whose saved file has blocking findings, in
 * order. One that cannot be analysed is not held back: nothing is known
 * against it, and the download is what the user asked for.
 */
export async function blockedNotebooks(
  paths: ReadonlyArray<string>,
  analyze: (path: string) => Promise<IReportEntry>
): Promise<IBlockedNotebook[]> {
  const entries = await Promise.all(
    paths.map(path => analyze(path).catch(() => null))
  );
  const blocked: IBlockedNotebook[] = [];
  entries.forEach((entry, index) => {
    const findings =
      entry && !entry.error ? blockingFindings(entry.findings) : [];
    if (findings.length > 0) {
      blocked.push({ path: paths[index], findings });
    }
  });
  return blocked;
}

/**
 * Register the file browser's Download, checked first: the selected
 * notebooks are analysed as saved (what the download sends) and any with a
 * secret, a machine-bound path or a failed clean re-run is shown before
 * anything leaves the server.
 */
export function registerBrowserDownload(
  app: JupyterFrontEnd,
  options: {
    factory: IFileBrowserFactory;
    trans: TranslationBundle;
    serverSettings: ServerConnection.ISettings;
  }
): void {
  const { factory, trans, serverSettings } = options;
  app.commands.addCommand(SharingCommandIDs.downloadFiles, {
    label: trans.__('Download'),
    caption: trans.__(
      'Download the selected files; notebooks with secrets or machine-bound paths are checked first'
    ),
    icon: downloadIcon.bindprops({ stylesheet: 'menuItem' }),
    isEnabled: () => app.commands.isEnabled(BROWSER_DOWNLOAD),
    isVisible: () => app.commands.isVisible(BROWSER_DOWNLOAD),
    execute: async () => {
      const browser = factory.tracker.currentWidget;
      const notebooks = browser
        ? Array.from(browser.selectedItems())
            .filter(item => item.type === 'notebook')
            .map(item => item.path)
        : [];
      const blocked = await blockedNotebooks(notebooks, path =>
        analyzeNotebook(serverSettings, { path })
      );
      if (blocked.length > 0) {
        const choice = await confirmDownload(blocked, trans);
        if (choice === 'open') {
          return app.commands.execute('docmanager:open', {
            path: blocked[0].path
          });
        }
        if (choice !== 'download') {
          return;
        }
      }
      return app.commands.execute(BROWSER_DOWNLOAD);
    }
  });
}

async function confirmDownload(
  blocked: IBlockedNotebook[],
  trans: TranslationBundle
): Promise<'download' | 'open' | 'cancel'> {
  const openLabel = trans.__('Open %1', baseName(blocked[0].path));
  const result = await showDialog({
    title: trans.__('Check before sharing'),
    body: ReactWidget.create(<BlockedList blocked={blocked} trans={trans} />),
    buttons: [
      Dialog.cancelButton({ label: trans.__('Cancel') }),
      Dialog.okButton({ label: openLabel }),
      Dialog.warnButton({ label: trans.__('Download anyway') })
    ],
    defaultButton: 1
  });
  if (!result.button.accept) {
    return 'cancel';
  }
  return result.button.label === openLabel ? 'open' : 'download';
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function BlockedList(props: {
  blocked: IBlockedNotebook[];
  trans: TranslationBundle;
}): JSX.Element {
  const { blocked, trans } = props;
  return (
    <div className="jp-PromoteShare jp-PromoteBrowserCheck">
      <p className="jp-PromoteShare-note">
        {trans._n(
          'This notebook holds what should not leave your machine:',
          'These notebooks hold what should not leave your machine:',
          blocked.length
        )}
      </p>
      {blocked.map(notebook => (
        <section key={notebook.path} aria-label={notebook.path}>
          <h3 className="jp-PromoteShare-heading">{notebook.path}</h3>
          <ul className="jp-PromoteShare-findings">
            {notebook.findings.slice(0, SHOWN).map(finding => (
              <BlockingItem
                key={`${finding.code}-${finding.cell_id}-${finding.line}`}
                finding={finding}
                trans={trans}
              />
            ))}
          </ul>
          {notebook.findings.length > SHOWN && (
            <p className="jp-PromoteShare-note">
              {trans.__('and %1 more', notebook.findings.length - SHOWN)}
            </p>
          )}
        </section>
      ))}
    </div>
  );
}
