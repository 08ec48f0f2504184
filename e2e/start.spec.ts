import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, ROOT, test } from './fixtures.ts';

test('npm start falls back to browser mode, in one plain line, where Electron cannot be downloaded', async ({ page }) => {
  const userData = mkdtempSync(join(tmpdir(), 'lede-start-'));
  const child = spawn(process.execPath, [join(ROOT, 'scripts', 'start.mjs')], {
    cwd: ROOT,
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', LEDE_SKIP_BUILD: '1', LEDE_USER_DATA: userData },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const out = await new Promise<string>((resolve, reject) => {
      let text = '';
      const timer = setTimeout(() => reject(new Error(`no address printed: ${text}`)), 30_000);
      child.stdout!.on('data', (d: Buffer) => {
        text += d.toString();
        if (/running at http/.test(text)) {
          clearTimeout(timer);
          resolve(text);
        }
      });
      child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
    });
    const lines = out.trim().split('\n');
    expect(lines[0]).toBe('The Electron runtime could not be downloaded on this machine, so Lede is starting in browser mode instead.');
    const url = /running at (http:\/\/\S+)/.exec(out)![1]!;
    await page.goto(url);
    await expect(page.getByRole('heading', { name: 'Who is studying?' })).toBeVisible();
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(userData, { recursive: true, force: true });
  }
});
