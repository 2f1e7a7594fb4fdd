import { RankedMenu } from '@jupyterlab/ui-components';
import { CommandRegistry } from '@lumino/commands';
import { MessageLoop } from '@lumino/messaging';
import { Menu, Widget } from '@lumino/widgets';

import {
  EXPORT_COMMAND,
  EXPORT_MENU_ID,
  interceptExportMenu,
  swapExportItems
} from '../sharing/exportmenu';

const OURS = 'jupyterlab-promote:export-to-format';

const html = { format: 'html', label: 'HTML', isPalette: false };
const markdown = { format: 'markdown', label: 'Markdown', isPalette: false };

function commandRegistry(): CommandRegistry {
  const commands = new CommandRegistry();
  for (const id of [EXPORT_COMMAND, OURS, 'other:command']) {
    commands.addCommand(id, { label: id, execute: () => undefined });
  }
  return commands;
}

/** The (command, args) of every command item, in order. */
function commandItems(menu: Menu): [string, unknown][] {
  return menu.items
    .filter(item => item.type === 'command')
    .map(item => [item.command, item.args]);
}

describe('swapExportItems', () => {
  it('points the export items at our command with the same args', () => {
    const menu = new Menu({ commands: commandRegistry() });
    menu.addItem({ command: EXPORT_COMMAND, args: html });
    menu.addItem({ command: 'other:command', args: { format: 'html' } });
    menu.addItem({ type: 'separator' });
    menu.addItem({ command: EXPORT_COMMAND, args: markdown });

    expect(swapExportItems(menu, OURS)).toBe(2);

    expect(commandItems(menu)).toEqual([
      [OURS, html],
      ['other:command', { format: 'html' }],
      [OURS, markdown]
    ]);
    expect(menu.items.map(item => item.type)).toEqual([
      'command',
      'command',
      'separator',
      'command'
    ]);
  });

  it('is idempotent', () => {
    const menu = new Menu({ commands: commandRegistry() });
    menu.addItem({ command: EXPORT_COMMAND, args: html });
    swapExportItems(menu, OURS);
    const once = commandItems(menu);

    expect(swapExportItems(menu, OURS)).toBe(0);
    expect(commandItems(menu)).toEqual(once);
    expect(menu.items).toHaveLength(1);
  });

  it('keeps the ranks of a RankedMenu', () => {
    const menu = new RankedMenu({ commands: commandRegistry() });
    menu.addItem({ command: EXPORT_COMMAND, args: html, rank: 10 });
    menu.addItem({ command: EXPORT_COMMAND, args: markdown, rank: 30 });
    swapExportItems(menu, OURS);

    expect([menu.getRankAt(0), menu.getRankAt(1)]).toEqual([10, 30]);
    // A later item of rank 20 still lands between the two.
    menu.addItem({ command: 'other:command', rank: 20 });
    expect(commandItems(menu).map(([command]) => command)).toEqual([
      OURS,
      'other:command',
      OURS
    ]);
  });
});

describe('interceptExportMenu', () => {
  function fileMenu(): { file: Menu; exportTo: RankedMenu } {
    const commands = commandRegistry();
    const exportTo = new RankedMenu({ commands });
    exportTo.id = EXPORT_MENU_ID;
    const other = new Menu({ commands });
    other.id = 'jp-mainmenu-file-new';
    other.addItem({ command: EXPORT_COMMAND, args: html });
    const file = new Menu({ commands });
    file.addItem({ type: 'submenu', submenu: other });
    file.addItem({ command: 'other:command' });
    file.addItem({ type: 'submenu', submenu: exportTo });
    return { file, exportTo };
  }

  it('finds the submenu by its id and leaves the others alone', () => {
    const { file, exportTo } = fileMenu();
    exportTo.addItem({ command: EXPORT_COMMAND, args: html });

    expect(interceptExportMenu(file, OURS)).toBe(exportTo);

    expect(commandItems(exportTo)).toEqual([[OURS, html]]);
    expect(commandItems(file.items[0].submenu!)).toEqual([
      [EXPORT_COMMAND, html]
    ]);
  });

  it('swaps formats added later once the submenu is rendered', () => {
    const { file, exportTo } = fileMenu();
    interceptExportMenu(file, OURS);
    // The server lists the formats after the plugins started.
    exportTo.addItem({ command: EXPORT_COMMAND, args: html });
    exportTo.addItem({ command: EXPORT_COMMAND, args: markdown });
    expect(commandItems(exportTo)[0][0]).toBe(EXPORT_COMMAND);

    MessageLoop.sendMessage(exportTo, Widget.Msg.UpdateRequest);

    expect(commandItems(exportTo)).toEqual([
      [OURS, html],
      [OURS, markdown]
    ]);
  });

  it('does nothing without the submenu', () => {
    const commands = commandRegistry();
    const file = new Menu({ commands });
    file.addItem({ command: EXPORT_COMMAND, args: html });

    expect(interceptExportMenu(file, OURS)).toBeNull();
    expect(commandItems(file)).toEqual([[EXPORT_COMMAND, html]]);
  });
});
