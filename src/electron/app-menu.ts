/** A menu item as Electron's Menu.buildFromTemplate reads it (written here without importing electron). */
export interface MenuItemConstructorOptions {
  role?: 'appMenu' | 'about' | 'hide' | 'hideOthers' | 'unhide' | 'quit' | 'undo' | 'redo' | 'cut' | 'copy' | 'paste' | 'selectAll' | 'resetZoom' | 'zoomIn' | 'zoomOut' | 'togglefullscreen' | 'reload' | 'toggleDevTools' | 'windowMenu';
  label?: string;
  type?: 'separator';
  submenu?: MenuItemConstructorOptions[];
}

// The desktop app's own menu, in place of Electron's default one: what a user needs
// (edit, text size, full screen, window) and nothing else. The packaged app has no
// reload and no developer tools (the window's webPreferences turn DevTools off too);
// a development build keeps both.

export function appMenuTemplate(opts: { packaged: boolean; mac: boolean }): MenuItemConstructorOptions[] {
  const menu: MenuItemConstructorOptions[] = [];
  if (opts.mac) menu.push({ role: 'appMenu', submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }] });
  else menu.push({ label: '&File', submenu: [{ role: 'quit', label: 'Quit Lede' }] });
  menu.push({
    label: '&Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  });
  const view: MenuItemConstructorOptions[] = [{ role: 'resetZoom', label: 'Actual size' }, { role: 'zoomIn', label: 'Larger' }, { role: 'zoomOut', label: 'Smaller' }, { type: 'separator' }, { role: 'togglefullscreen' }];
  if (!opts.packaged) view.push({ type: 'separator' }, { role: 'reload' }, { role: 'toggleDevTools' });
  menu.push({ label: '&View', submenu: view });
  menu.push({ role: 'windowMenu' });
  return menu;
}

/** Every role in a menu template, however deep (for tests and checks). */
export function menuRoles(items: readonly MenuItemConstructorOptions[]): string[] {
  return items.flatMap((i) => [...(i.role ? [String(i.role)] : []), ...(Array.isArray(i.submenu) ? menuRoles(i.submenu) : [])]);
}
