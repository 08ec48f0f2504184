// The Electron main process: window, IPC glue and nothing else. Every piece of
// logic it calls lives in Electron-free modules shared with the CLI and server.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { app, BrowserWindow, dialog, ipcMain, screen, shell } from 'electron';
import { classroomAddress, IPC_CHANNEL, OPEN_CLASSROOM_CHANNEL } from '../shared/api-names.ts';
import { NewerDatabaseError } from './db/open.ts';
import { defaultDbPath, defaultLessonsDir } from './paths.ts';
import { startBackend, type Backend } from './services/bootstrap.ts';
import { dispatch } from './services/dispatch.ts';
import { isVisibleOn, loadWindowState, saveWindowState } from './window-state.ts';

app.setName('Lede');
if (process.env.LEDE_USER_DATA) app.setPath('userData', process.env.LEDE_USER_DATA);

const rendererIndex = join(import.meta.dirname, '..', 'renderer', 'index.html');
const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const appOrigin = devUrl ? new URL(devUrl).origin : null;
const appFileUrl = pathToFileURL(rendererIndex).href;

/** Only our own page may call the backend. */
function isOwnPage(url: string | undefined): boolean {
  if (!url) return false;
  if (appOrigin) return new URL(url).origin === appOrigin;
  return url.split('#')[0] === appFileUrl;
}

let backend: Backend | null = null;
/** Windows (by webContents id) whose teacher area is unlocked. */
const teacherWindows = new Set<number>();

/** Prints the report's HTML to PDF in a hidden, script-less window. */
async function printToPdf(html: string, outFile: string): Promise<void> {
  const win = new BrowserWindow({ show: false, webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false } });
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
      spellcheck: true,
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
  win.on('closed', () => teacherWindows.delete(contentsId));

  // No navigation away from the app; https links open in the system browser.
  win.webContents.on('will-navigate', (event, url) => {
    if (!isOwnPage(url)) event.preventDefault();
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });

  if (devUrl) void win.loadURL(devUrl);
  else void win.loadFile(rendererIndex);
  return win;
}

app.on('web-contents-created', (_e, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

app.whenReady().then(() => {
  try {
    backend = startBackend(defaultDbPath(app.getPath('userData')), defaultLessonsDir(), {
      staticDir: join(import.meta.dirname, '..', 'renderer'),
      renderPdf: printToPdf,
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
    const message = err instanceof NewerDatabaseError ? err.message : `Lede could not open its database: ${(err as Error).message}`;
    dialog.showErrorBox('Lede cannot start', message);
    app.exit(1);
    return;
  }
  for (const p of backend.problems) console.warn(`lesson not loaded: ${p}`);
  const handlers = { ...backend.handlers, ...backend.teacher };
  ipcMain.handle(IPC_CHANNEL, (event, name: unknown, input: unknown) => {
    if (!isOwnPage(event.senderFrame?.url)) return { ok: false, error: { code: 'forbidden', message: 'Not allowed.' } };
    const id = event.sender.id;
    return dispatch(handlers, name, input, {
      teacher: teacherWindows.has(id),
      grantTeacher: () => teacherWindows.add(id),
      revokeTeacher: () => teacherWindows.delete(id),
    });
  });
  // A student joining a class from the app: the teacher's page in its own window,
  // with no preload (no access to this computer's Lede) and no way to leave that address.
  ipcMain.handle(OPEN_CLASSROOM_CHANNEL, (event, address: unknown) => {
    if (!isOwnPage(event.senderFrame?.url)) return false;
    const url = typeof address === 'string' ? classroomAddress(address) : null;
    if (!url) return false;
    const win = new BrowserWindow({
      width: 1200,
      height: 860,
      title: 'Lede — class',
      webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false },
    });
    win.webContents.on('will-navigate', (e, to) => {
      if (new URL(to).origin !== url.origin) e.preventDefault();
    });
    win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
    void win.loadURL(url.href);
    return true;
  });
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
app.on('will-quit', () => void backend?.close());
