import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository (or installed package) root, found from this file's location. */
export function appRoot(): string {
  return resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
}

/** The lessons that ship with Lede. */
export function defaultLessonsDir(): string {
  return process.env.LEDE_LESSONS_DIR ?? join(appRoot(), 'lessons');
}

/**
 * The user-data folder, as Electron's app.getPath('userData') would give it for
 * "Lede", so the CLI and `lede serve` use the same database as the desktop app.
 */
export function userDataDir(): string {
  if (process.env.LEDE_USER_DATA) return process.env.LEDE_USER_DATA;
  const home = homedir();
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Lede');
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', 'Lede');
  return join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Lede');
}

export function defaultDbPath(dir: string = userDataDir()): string {
  return join(dir, 'lede.sqlite');
}
