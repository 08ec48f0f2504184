import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  CLASSROOM_PARTITION,
  denyPermissions,
  guardNavigation,
  NAVIGATION_EVENTS,
  opensInSystemBrowser,
  ownPageMatcher,
  PROJECTOR_CALLS,
  projectorHash,
  sameOriginMatcher,
  type GuardedContents,
  type PermissionSession,
} from '../src/electron/window-policy.ts';
import { ROOT } from './helpers.ts';
import { appMenuTemplate, menuRoles } from '../src/electron/app-menu.ts';

// The desktop windows' rules (src/electron/window-policy.ts), checked without Electron: the
// fakes below stand in for a WebContents and a Session. Where an Electron binary exists,
// e2e/electron.spec.ts checks the same rules in the running app.

/** Every permission name Electron's own type definitions list for the request handler. */
function electronPermissionNames(): string[] {
  const dts = readFileSync(join(ROOT, 'node_modules', 'electron', 'electron.d.ts'), 'utf8');
  const m = /setPermissionRequestHandler\(handler: \(\(webContents: WebContents, permission: ([^,]+),/.exec(dts);
  assert.ok(m, 'electron.d.ts declares setPermissionRequestHandler');
  const names = [...m[1]!.matchAll(/'([^']+)'/g)].map((x) => x[1]!);
  assert.ok(names.length > 20, `found ${names.length} permission names`);
  return names;
}

class FakeSession implements PermissionSession {
  request?: Parameters<PermissionSession['setPermissionRequestHandler']>[0];
  check?: Parameters<PermissionSession['setPermissionCheckHandler']>[0];
  device?: Parameters<PermissionSession['setDevicePermissionHandler']>[0];
  setPermissionRequestHandler(h: NonNullable<FakeSession['request']>) {
    this.request = h;
  }
  setPermissionCheckHandler(h: NonNullable<FakeSession['check']>) {
    this.check = h;
  }
  setDevicePermissionHandler(h: NonNullable<FakeSession['device']>) {
    this.device = h;
  }
}

/** A WebContents stand-in: emits navigation events the way Electron does, and records the window-open handler. */
class FakeContents extends EventEmitter implements GuardedContents {
  openHandler?: (details: { url: string }) => { action: 'deny' };
  setWindowOpenHandler(h: NonNullable<FakeContents['openHandler']>) {
    this.openHandler = h;
  }
  /** True when a listener cancelled the navigation. */
  navigate(event: (typeof NAVIGATION_EVENTS)[number], url: string): boolean {
    let prevented = false;
    this.emit(event, { url, preventDefault: () => (prevented = true) });
    return prevented;
  }
}

describe('permissions', () => {
  it('every permission Electron knows is refused, when requested and when checked, and no device is granted', () => {
    const session = new FakeSession();
    denyPermissions(session);
    const names = electronPermissionNames();
    for (const name of [...names, 'some-future-permission']) {
      let granted: boolean | undefined;
      session.request!({}, name, (g) => (granted = g));
      assert.equal(granted, false, `request for ${name}`);
      assert.equal(session.check!({}, name), false, `check for ${name}`);
    }
    assert.ok(names.includes('media') && names.includes('geolocation') && names.includes('notifications') && names.includes('openExternal'));
    assert.equal(session.device!(), false);
  });
});

describe('navigation', () => {
  const fileUrl = 'file:///opt/Lede/resources/app.asar/out/renderer/index.html';

  it("the app's window stays on its own page: navigations, frame navigations and redirects elsewhere are cancelled", () => {
    const contents = new FakeContents();
    guardNavigation(contents, ownPageMatcher({ fileUrl }));
    for (const event of NAVIGATION_EVENTS) {
      assert.equal(contents.navigate(event, `${fileUrl}#/teacher`), false, `${event} to a route of the app`);
      assert.equal(contents.navigate(event, fileUrl), false, `${event} to the app`);
      for (const elsewhere of ['https://example.com/', 'file:///etc/passwd', 'file:///opt/Lede/resources/app.asar/out/renderer/other.html', 'http://192.168.1.20:8080/', 'javascript:alert(1)', 'about:blank', 'not a url']) {
        assert.equal(contents.navigate(event, elsewhere), true, `${event} to ${elsewhere}`);
      }
    }
  });

  it('in development, the dev server origin is the app and nothing else is', () => {
    const own = ownPageMatcher({ fileUrl, devUrl: 'http://localhost:5173/' });
    assert.equal(own('http://localhost:5173/#/lessons'), true);
    assert.equal(own('http://localhost:5174/'), false);
    assert.equal(own(fileUrl), false);
    assert.equal(own('garbage'), false);
    assert.equal(own(undefined), false);
  });

  it('a joined class stays on its classroom server, redirects included', () => {
    const contents = new FakeContents();
    guardNavigation(contents, sameOriginMatcher(new URL('http://192.168.1.20:8080/')));
    for (const event of NAVIGATION_EVENTS) {
      assert.equal(contents.navigate(event, 'http://192.168.1.20:8080/#/class'), false, `${event} within the class`);
      for (const elsewhere of ['http://192.168.1.20:8081/', 'https://192.168.1.20:8080/', 'http://192.168.1.21:8080/', 'https://evil.example/', `${fileUrl}`, 'garbage']) {
        assert.equal(contents.navigate(event, elsewhere), true, `${event} to ${elsewhere}`);
      }
    }
  });

  it('no window is ever opened; only https links go to the system browser', () => {
    const contents = new FakeContents();
    const external: string[] = [];
    guardNavigation(contents, () => true, (url) => {
      if (opensInSystemBrowser(url)) external.push(url);
    });
    for (const url of ['https://news.example/story', 'http://news.example/', 'file:///etc/passwd', 'javascript:alert(1)', 'ms-settings:', 'garbage']) {
      assert.deepEqual(contents.openHandler!({ url }), { action: 'deny' }, url);
    }
    assert.deepEqual(external, ['https://news.example/story']);
    const silent = new FakeContents();
    guardNavigation(silent, () => true);
    assert.deepEqual(silent.openHandler!({ url: 'https://news.example/' }), { action: 'deny' });
  });
});

describe('the Electron glue (src/electron/main.ts) applies these rules', () => {
  const source = readFileSync(join(ROOT, 'src', 'electron', 'main.ts'), 'utf8');

  it('to the default session and to the classroom session', () => {
    assert.match(source, /denyPermissions\(session\.defaultSession\)/);
    assert.match(source, /denyPermissions\(session\.fromPartition\(CLASSROOM_PARTITION\)\)/);
  });

  it('the "Join a class" window has its own persisted session', () => {
    assert.ok(CLASSROOM_PARTITION.startsWith('persist:'), 'the seat cookie and unsent answers survive a restart');
    const join = source.slice(source.indexOf('OPEN_CLASSROOM_CHANNEL, ('));
    assert.match(join, /new BrowserWindow\(\{[^]*?webPreferences: \{[^}]*partition: CLASSROOM_PARTITION[^}]*\}/);
    assert.match(join, /guardNavigation\(win\.webContents, sameOriginMatcher\(url\)\)/);
  });

  it('to every window it opens, with no navigation handler of its own beside them', () => {
    const windows = source.match(/new BrowserWindow\(/g)?.length ?? 0;
    const guarded = source.match(/guardNavigation\(win\.webContents,/g)?.length ?? 0;
    assert.equal(windows, 4, 'the app window, the PDF printer, the class window and the projector window');
    assert.equal(guarded, windows);
    assert.doesNotMatch(source, /\.on\('will-(navigate|frame-navigate|redirect)'/);
    assert.doesNotMatch(source, /setWindowOpenHandler|setPermission(Request|Check)Handler/);
  });
});

describe('the projector window', () => {
  const source = readFileSync(join(ROOT, 'src', 'electron', 'main.ts'), 'utf8');

  it('opens only a projector address of Lede’s own ids', () => {
    assert.equal(projectorHash('2f0c6a8e-1b7e-4f3e-9d55-0a7c9a1e2b3c', 'Ab_9-x'.repeat(7)), `#/projector/2f0c6a8e-1b7e-4f3e-9d55-0a7c9a1e2b3c/${'Ab_9-x'.repeat(7)}`);
    for (const [id, token] of [
      ['s1', ''],
      ['../teacher', 'x'],
      ['s1', 'x/../../teacher'],
      ['s1', 'x#/teacher'],
      [42, 'x'],
      ['s1', 'x'.repeat(101)],
    ] as const) {
      assert.equal(projectorHash(id, token), null, `${String(id)} ${token}`);
    }
  });

  it('may make the projector’s call and no other (not even unlocking the teacher area)', () => {
    assert.deepEqual([...PROJECTOR_CALLS], ['classroomProjector']);
    const ipc = source.slice(source.indexOf('ipcMain.handle(IPC_CHANNEL'));
    assert.match(ipc, /projectorWindows\.has\(id\) && !\(typeof name === 'string' && PROJECTOR_CALLS\.has\(name\)\)/);
    const open = source.slice(source.indexOf('OPEN_PROJECTOR_CHANNEL, ('));
    assert.match(open, /projectorWindows\.add\(contentsId\)/);
    assert.match(open, /guardNavigation\(win\.webContents, isOwnPage\)/);
  });
});

describe('the desktop app’s own menu (src/electron/app-menu.ts)', () => {
  it('has no reload or developer tools when packaged, and keeps editing, text size and quitting', () => {
    for (const mac of [false, true]) {
      const roles = menuRoles(appMenuTemplate({ packaged: true, mac }));
      for (const r of ['reload', 'forceReload', 'toggleDevTools']) assert.ok(!roles.includes(r), `${r} (mac: ${mac})`);
      for (const r of ['copy', 'paste', 'selectAll', 'undo', 'zoomIn', 'zoomOut', 'resetZoom', 'togglefullscreen', 'quit']) assert.ok(roles.includes(r), `${r} (mac: ${mac})`);
    }
    // A development build keeps them.
    assert.ok(menuRoles(appMenuTemplate({ packaged: false, mac: false })).includes('toggleDevTools'));
  });

  it('the windows turn developer tools off when packaged, and spellcheck off always', () => {
    const main = readFileSync(new URL('../src/electron/main.ts', import.meta.url), 'utf8');
    assert.equal((main.match(/devTools: !app\.isPackaged/g) ?? []).length, 2, 'both windows');
    assert.equal((main.match(/spellcheck: false/g) ?? []).length, 2, 'both windows');
    assert.doesNotMatch(main, /spellcheck: true/);
    assert.match(main, /Menu\.setApplicationMenu\(Menu\.buildFromTemplate\(appMenuTemplate\(/);
  });
});

describe('the desktop app reads files apart (src/core/imports)', () => {
  it('points the reading thread at its own built module, which electron-vite builds beside the main one', () => {
    const main = readFileSync(new URL('../src/electron/main.ts', import.meta.url), 'utf8');
    assert.match(main, /useReadWorker\(pathToFileURL\(join\(import\.meta\.dirname, 'read-worker\.js'\)\)\);/);
    const config = readFileSync(new URL('../electron.vite.config.ts', import.meta.url), 'utf8');
    assert.match(config, /'read-worker': resolve\(import\.meta\.dirname, 'src\/core\/imports\/worker\.ts'\)/);
  });
});
