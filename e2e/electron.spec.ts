import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { CLASSROOM_PARTITION } from '../src/electron/window-policy.ts';
import { ROOT, skipFirstReactions } from './fixtures.ts';

// The desktop app itself, driven through Playwright's Electron support. Electron
// downloads its binary on first use; where that is impossible (CI here sets
// ELECTRON_SKIP_BINARY_DOWNLOAD=1, and the machines are offline) the spec says so.
function electronBinary(): string | null {
  const dir = join(ROOT, 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const exe = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(exe) ? exe : null;
}

const binary = electronBinary();
const reason = 'No Electron binary is installed on this machine (ELECTRON_SKIP_BINARY_DOWNLOAD is set, or it is offline); this spec runs where one is.';

function launch(userData: string) {
  return electron.launch({
    executablePath: binary!,
    args: [join(ROOT, 'out', 'main', 'index.js'), ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
    env: { ...process.env, LEDE_USER_DATA: userData },
  });
}

test('the desktop app opens on a temporary profile and completes one step', async () => {
  if (binary === null) console.log(`Electron spec skipped: ${reason}`);
  test.skip(binary === null, reason);
  const userData = mkdtempSync(join(tmpdir(), 'lede-electron-'));
  const app = await launch(userData);
  try {
    const win = await app.firstWindow();
    // The preload exposes named functions only; the renderer has no Node or ipcRenderer.
    expect(await win.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
    expect(await win.evaluate(() => Object.keys((window as unknown as { lede: object }).lede).sort().slice(0, 3))).toEqual(['checkStep', 'createStudent', 'deleteHighlight']);
    await win.getByLabel(/Type your name/).fill('Desktop Student');
    await win.getByRole('button', { name: 'Start', exact: true }).click();
    await win.getByRole('button', { name: /^Start: “Dirty work”/ }).click();
    await skipFirstReactions(win);
    await win.getByRole('button', { name: 'Start: Who is behind this?' }).click();
    await win.getByRole('navigation', { name: 'Lesson steps' }).getByRole('button', { name: /Sources/ }).click();
    await win.getByRole('button', { name: 'Check my highlights' }).click();
    // Nothing highlighted: the page asks first.
    await win.getByRole('button', { name: 'Check with no highlights' }).click();
    await expect(win.getByRole('heading', { name: /You found 0 of 8 sources/ })).toBeVisible();
    expect(existsSync(join(userData, 'lede.sqlite'))).toBe(true);
  } finally {
    await app.close();
    rmSync(userData, { recursive: true, force: true });
  }
});

test('the desktop windows refuse navigation, redirects and permissions; a joined class has its own session', async () => {
  test.skip(binary === null, reason);
  // A stand-in classroom server on loopback: a page that sets a seat cookie, and an address that redirects to another origin.
  const classroom: Server = createServer((req, res) => {
    if (req.url === '/away') {
      res.writeHead(302, { Location: `http://localhost:${(classroom.address() as AddressInfo).port}/elsewhere` }).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html', 'Set-Cookie': 'seat=s1; HttpOnly; SameSite=Strict; Max-Age=3600' });
    res.end('<!doctype html><title>Class</title><p>Class page</p>');
  });
  await new Promise<void>((r) => classroom.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(classroom.address() as AddressInfo).port}/`;
  const userData = mkdtempSync(join(tmpdir(), 'lede-electron-'));
  const app = await launch(userData);
  try {
    const win = await app.firstWindow();
    await win.waitForLoadState('domcontentloaded');
    const own = win.url();
    // Permissions: every check and request is refused.
    expect(await win.evaluate(() => navigator.permissions.query({ name: 'geolocation' as PermissionName }).then((s) => s.state))).toBe('denied');
    expect(await win.evaluate(() => Notification.requestPermission())).toBe('denied');
    // Navigation away from the app's page is cancelled.
    await win.evaluate(() => {
      location.href = 'https://example.com/';
    });
    await win.waitForTimeout(500);
    expect(win.url()).toBe(own);

    // "Join a class": a window of its own, in the persisted classroom session.
    const [classWin] = await Promise.all([app.waitForEvent('window'), win.evaluate((a) => (window as unknown as { ledeShell: { openClassroom: (a: string) => Promise<boolean> } }).ledeShell.openClassroom(a), base)]);
    await classWin.waitForLoadState('domcontentloaded');
    expect(classWin.url()).toBe(base);
    const cookies = await app.evaluate(async ({ session }, partition) => {
      const names = async (s: Electron.Session) => (await s.cookies.get({})).map((c) => c.name);
      return { classroom: await names(session.fromPartition(partition)), app: await names(session.defaultSession) };
    }, CLASSROOM_PARTITION);
    expect(cookies.classroom).toContain('seat');
    expect(cookies.app).not.toContain('seat');
    // A redirect to another origin is cancelled as a navigation would be.
    await classWin.evaluate(() => {
      location.href = '/away';
    });
    await classWin.waitForTimeout(500);
    expect(classWin.url()).toBe(base);
    expect(await classWin.evaluate(() => navigator.permissions.query({ name: 'camera' as PermissionName }).then((s) => s.state))).toBe('denied');
  } finally {
    await app.close();
    classroom.close();
    rmSync(userData, { recursive: true, force: true });
  }
});
