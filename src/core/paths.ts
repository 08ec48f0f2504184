import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { currentHost, dataDir, DB_FILE, legacyDataDir, moveLegacyData, type Host } from './data-location.ts';

/** The repository (or installed package) root, found from this file's location. */
export function appRoot(): string {
  return resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
}

/** The lessons that ship with Lede. */
export function defaultLessonsDir(): string {
  return process.env.LEDE_LESSONS_DIR ?? join(appRoot(), 'lessons');
}

/**
 * Lede's data folder, the same for the desktop app, the CLI and `lede serve` (see
 * data-location.ts: %LOCALAPPDATA%\Lede on Windows, not the roaming folder).
 */
export function userDataDir(host: Host = currentHost()): string {
  return dataDir(host);
}

export function defaultDbPath(dir: string = userDataDir()): string {
  return join(dir, DB_FILE);
}

/**
 * The default database, after moving it (once) from where earlier versions kept it on
 * Windows. `tell` gets the message saying where the data went.
 */
export function prepareDefaultDb(tell: (message: string) => void, host: Host = currentHost()): string {
  const dir = dataDir(host);
  const legacy = legacyDataDir(host);
  if (legacy) {
    const { message } = moveLegacyData(legacy, dir);
    if (message) tell(message);
  }
  return defaultDbPath(dir);
}
