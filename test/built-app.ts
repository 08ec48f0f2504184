import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers.ts';

/**
 * `lede serve` and `lede classroom` serve the built app (out/renderer), and refuse to
 * start without it. A test that runs them calls this first: on a fresh clone it builds
 * the app (into a folder of its own, moved into place whole, so test files that build
 * at the same time do not write over each other), instead of waiting for a server that
 * never starts.
 */
export function ensureBuiltRenderer(): void {
  const renderer = join(ROOT, 'out', 'renderer');
  if (existsSync(join(renderer, 'index.html'))) return;
  mkdirSync(join(ROOT, 'out'), { recursive: true });
  const tmp = mkdtempSync(join(ROOT, 'out', '.build-'));
  try {
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build', '--outDir', tmp, '--logLevel', 'error'], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`the app could not be built (exit ${r.status}):\n${r.stdout}${r.stderr}`);
    try {
      renameSync(join(tmp, 'renderer'), renderer);
    } catch (err) {
      if (!existsSync(join(renderer, 'index.html'))) throw err; // else: built meanwhile by another test file
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
