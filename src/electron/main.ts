// The Electron main process: window, IPC glue and nothing else. Every piece of
// logic it calls lives in Electron-free modules shared with the CLI and server.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { app, BrowserWindow, dialog, ipcMain, Menu, screen, session, shell } from 'electron';
import { appMenuTemplate } from './app-menu.ts';
import { classroomAddress, IPC_CHANNEL, OPEN_CLASSROOM_CHANNEL, OPEN_PROJECTOR_CHANNEL } from '../shared/api-names.ts';
import { TEACHER_PASSIVE } from '../shared/teacher-api.ts';
import { NewerDatabaseError } from '../core/db/open.ts';
import { defaultDbPath, defaultLessonsDir } from '../core/paths.ts';
import { currentHost, dataDir, DataMoveError, legacyDataDir, moveLegacyData } from '../core/data-location.ts';
import { useReadWorker } from '../core/imports/read.ts';
import { startBackend, type Backend } from '../core/services/bootstrap.ts';
import { dispatch } from '../core/services/dispatch.ts';
import { startHttpServer } from '../server/http.ts';
import { CLASSROOM_PARTITION, denyPermissions, guardNavigation, opensInSystemBrowser, ownPageMatcher, PROJECTOR_CALLS, projectorHash, sameOriginMatcher } from './window-policy.ts';
import { isVisibleOn, loadWindowState, saveWindowState } from './window-state.ts';

app.setName('Lede');
// The data folder the CLI and `lede serve` use too: on Windows the local application
// data folder, not Electron's default (the roaming one, often a network share).
if (process.env.LEDE_USER_DATA || process.platform === 'win32') app.setPath('userData', dataDir(currentHost()));

const rendererIndex = join(import.meta.dirname, '..', 'renderer', 'index.html');
// Files from elsewhere are read on a thread of their own (src/core/imports): its module is built beside this one.
useReadWorker(pathToFileURL(join(import.meta.dirname, 'read-worker.js')));
const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
/** Only our own page may call the backend, or be navigated to. */
const isOwnPage = ownPageMatcher({ fileUrl: pathToFileURL(rendererIndex).href, devUrl });

let backend: Backend | null = null;
/** Windows (by webContents id) whose teacher area is unlocked: their session token (idle lock in teacher/sessions.ts). */
const teacherWindows = new Map<number, string>();
/** Projector windows (by webContents id): they may make the projector's call and no other. */
const projectorWindows = new Set<number>();

/** Prints the report's HTML to PDF in a hidden, script-less window. */
async function printToPdf(html: string, outFile: string): Promise<void> {
  const win = new BrowserWindow({ show: false, webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false } });
  guardNavigation(win.webContents, () => false); // the report never leaves its page (not even by a meta refresh)
  const page = `${outFile}.html`;
  try {
    writeFileSync(page, html);
    await win.loadFile(page);
    const pdf = await win.webContents.printToPDF({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true });
    writeFileSync(outFile, pdf);
  } finally {
    win.destroy();
    rmSync(page, { force: true });
  }
}

function createWindow(): BrowserWindow {
  const stateFile = join(app.getPath('userData'), 'window-state.json');
  const saved = loadWindowState(stateFile);
  const visible = isVisibleOn(saved, screen.getAllDisplays().map((d) => d.workArea));
  const win = new BrowserWindow({
    width: saved.width,
    height: saved.height,
    ...(visible ? { x: saved.x, y: saved.y } : {}),
    minWidth: 480,
    minHeight: 400,
    title: 'Lede',
    show: false,
    backgroundColor: '#fbfaf7',
    webPreferences: {
      preload: join(import.meta.dirname, '..', 'preload', 'index.cjs'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      // Chromium's spellchecker downloads dictionaries from Google on Windows and Linux: no network requests.
      spellcheck: false,
      // No developer tools in the packaged app (a student could read the page's state with them).
      devTools: !app.isPackaged,
    },
  });
  if (saved.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());

  const remember = () => {
    if (win.isDestroyed() || win.isMinimized()) return;
    const b = win.getNormalBounds();
    saveWindowState(stateFile, { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() });
  };
  win.on('close', remember);
  const contentsId = win.webContents.id;
  win.on('closed', () => {
    backend?.teacherSessions.revoke(teacherWindows.get(contentsId));
    teacherWindows.delete(contentsId);
  });

  // No navigation or redirect away from the app; https links open in the system browser.
  guardNavigation(win.webContents, isOwnPage, (url) => {
    if (opensInSystemBrowser(url)) void shell.openExternal(url);
  });

  if (devUrl) void win.loadURL(devUrl);
  else void win.loadFile(rendererIndex);
  return win;
}

app.on('web-contents-created', (_e, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

app.whenReady().then(() => {
  // Lede's own menu, not Electron's default (which offers reload and developer tools).
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate({ packaged: app.isPackaged, mac: process.platform === 'darwin' })));
  // No camera, microphone, location, notifications, devices… for Lede's pages or a joined class.
  denyPermissions(session.defaultSession);
  denyPermissions(session.fromPartition(CLASSROOM_PARTITION));
  let moved: string | null = null;
  try {
    // Once: a database (and lessons) that an earlier version kept in the roaming folder.
    const legacy = legacyDataDir(currentHost());
    if (legacy) moved = moveLegacyData(legacy, app.getPath('userData')).message;
    backend = startBackend(defaultDbPath(app.getPath('userData')), defaultLessonsDir(), {
      staticDir: join(import.meta.dirname, '..', 'renderer'),
      renderPdf: printToPdf,
      serve: startHttpServer,
      saveExport: async (file) => {
        const owner = BrowserWindow.getFocusedWindow();
        const options = { defaultPath: join(app.getPath('documents'), file.fileName) };
        const choice = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
        if (choice.canceled || !choice.filePath) return { saved: false };
        copyFileSync(file.path, choice.filePath);
        return { saved: true, path: choice.filePath };
      },
    });
  } catch (err) {
    const message = err instanceof NewerDatabaseError || err instanceof DataMoveError ? err.message : `Lede could not open its database: ${(err as Error).message}`;
    dialog.showErrorBox('Lede cannot start', message);
    app.exit(1);
    return;
  }
  for (const p of backend.problems) console.warn(`lesson not loaded: ${p}`);
  const handlers = { ...backend.handlers, ...backend.teacher };
  const sessions = backend.teacherSessions;
  ipcMain.handle(IPC_CHANNEL, (event, name: unknown, input: unknown) => {
    if (!isOwnPage(event.senderFrame?.url)) return { ok: false, error: { code: 'forbidden', message: 'Not allowed.' } };
    const id = event.sender.id;
    if (projectorWindows.has(id) && !(typeof name === 'string' && PROJECTOR_CALLS.has(name))) {
      return { ok: false, error: { code: 'forbidden', message: 'The projector window shows the projector view only.' } };
    }
    return dispatch(handlers, name, input, {
      teacher: sessions.check(teacherWindows.get(id), typeof name !== 'string' || !(TEACHER_PASSIVE as ReadonlySet<string>).has(name)),
      grantTeacher: () => teacherWindows.set(id, sessions.grant()),
      revokeTeacher: () => {
        sessions.revoke(teacherWindows.get(id));
        teacherWindows.delete(id);
      },
      // The person at this computer's own window may choose the first PIN.
      mayChoosePin: true,
    });
  });
  // A student joining a class from the app: the teacher's page in its own window and
  // session (window-policy.ts says why it is persisted), with no preload (no access to
  // this computer's Lede) and no way to leave that address, not even by a redirect.
  ipcMain.handle(OPEN_CLASSROOM_CHANNEL, (event, address: unknown) => {
    if (!isOwnPage(event.senderFrame?.url)) return false;
    const url = typeof address === 'string' ? classroomAddress(address) : null;
    if (!url) return false;
    const win = new BrowserWindow({
      width: 1200,
      height: 860,
      title: 'Lede — class',
      webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, partition: CLASSROOM_PARTITION },
    });
    guardNavigation(win.webContents, sameOriginMatcher(url));
    void win.loadURL(url.href);
    return true;
  });
  // The projector view of a live session: a window of its own (on a second display when
  // there is one), with no teacher chrome, whose calls are limited to the projector's.
  ipcMain.handle(OPEN_PROJECTOR_CHANNEL, (event, sessionId: unknown, token: unknown) => {
    if (!isOwnPage(event.senderFrame?.url) || projectorWindows.has(event.sender.id)) return false;
    const hash = projectorHash(sessionId, token);
    if (!hash) return false;
    const primary = screen.getPrimaryDisplay();
    const other = screen.getAllDisplays().find((d) => d.id !== primary.id);
    const area = (other ?? primary).workArea;
    const win = new BrowserWindow({
      x: area.x + (other ? 0 : 40),
      y: area.y + (other ? 0 : 40),
      width: other ? area.width : Math.min(1280, area.width - 80),
      height: other ? area.height : Math.min(860, area.height - 80),
      title: 'Lede — projector',
      backgroundColor: '#fbfaf7',
      autoHideMenuBar: true,
      webPreferences: {
        preload: join(import.meta.dirname, '..', 'preload', 'index.cjs'),
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        webSecurity: true,
        spellcheck: false,
        devTools: !app.isPackaged,
      },
    });
    const contentsId = win.webContents.id;
    projectorWindows.add(contentsId);
    win.on('closed', () => projectorWindows.delete(contentsId));
    guardNavigation(win.webContents, isOwnPage);
    if (devUrl) void win.loadURL(`${devUrl.split('#')[0]}${hash}`);
    else void win.loadFile(rendererIndex, { hash: hash.slice(1) });
    return true;
  });
  const main = createWindow();
  if (moved) void dialog.showMessageBox(main, { type: 'info', title: 'Lede', message: 'Lede moved its data', detail: moved });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
}).catch((err: unknown) => {
  // Start-up failed after the database opened (a window, a handler): say so and quit
  // rather than leave a process running with no window.
  dialog.showErrorBox('Lede cannot start', `Lede could not start: ${err instanceof Error ? err.message : String(err)}`);
  app.exit(1);
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
app.on('will-quit', () => void backend?.close());
