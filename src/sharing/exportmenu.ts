import { RankedMenu } from '@jupyterlab/ui-components';
import { IMessageHandler, Message, MessageLoop } from '@lumino/messaging';
import { Menu } from '@lumino/widgets';

/**
 * JupyterLab's command behind File → Save and Export Notebook As → <format>.
 */
export const EXPORT_COMMAND = 'notebook:export-to-format';

/**
 * The id of the "Save and Export Notebook As" submenu of the File menu.
 */
export const EXPORT_MENU_ID = 'jp-mainmenu-file-notebookexport';

/**
 * Point the menu's `notebook:export-to-format` items at `command`, with the
 * same arguments, at the same place and rank; other items are left alone.
 * Returns how many items it replaced (0 when run again).
 */
export function swapExportItems(menu: Menu, command: string): number {
  let swapped = 0;
  for (let index = 0; index < menu.items.length; index++) {
    const item = menu.items[index];
    if (item.type !== 'command' || item.command !== EXPORT_COMMAND) {
      continue;
    }
    const options = { command, args: item.args };
    if (menu instanceof RankedMenu) {
      const rank = menu.getRankAt(index);
      menu.removeItemAt(index);
      menu.insertItem(index, { ...options, rank });
    } else {
      menu.removeItemAt(index);
      menu.insertItem(index, options);
    }
    swapped++;
  }
  return swapped;
}

/**
 * Find the "Save and Export Notebook As" submenu among the File menu's
 * items, swap its export items for `command` now and again whenever it is
 * about to be shown: JupyterLab adds the formats later, once the server
 * lists them.
 *
 * Returns the submenu, or null when there is none.
 */
export function interceptExportMenu(
  fileMenu: { readonly items: ReadonlyArray<Menu.IItem> },
  command: string
): Menu | null {
  const menu =
    fileMenu.items.find(item => item.submenu?.id === EXPORT_MENU_ID)?.submenu ??
    null;
  if (!menu) {
    return null;
  }
  swapExportItems(menu, command);
  MessageLoop.installMessageHook(
    menu,
    (_handler: IMessageHandler, msg: Message): boolean => {
      // Lumino renders a menu (update-request) right before it opens.
      if (msg.type === 'update-request') {
        swapExportItems(menu, command);
      }
      return true;
    }
  );
  return menu;
}
