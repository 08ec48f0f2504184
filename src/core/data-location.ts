// Where Lede keeps its data, and keeping it where SQLite is safe. Electron-free and
// parameterised by the platform and environment, so every case is tested on any OS.
//
// Windows: the local application data folder (%LOCALAPPDATA%\Lede), never the roaming
// one (%APPDATA%), which many schools redirect to a network share: SQLite's WAL needs
// shared memory that a network file system cannot provide, so a database there can be
// corrupted. A database found in the old roaming folder is moved once (below).
// A database that still ends up on a network path (LEDE_USER_DATA, --db) is opened with
// a rollback journal instead of WAL (see src/core/db/open.ts), with a note saying why.

import { createHash } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, posix, win32 } from 'node:path';
import { spawnSync } from 'node:child_process';

/** The platform and environment the data folder is worked out from. */
export interface Host {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  home: string;
}

export function currentHost(): Host {
  return { platform: process.platform, env: process.env, home: homedir() };
}

export const DB_FILE = 'lede.sqlite';
/** The database's companions: SQLite's write-ahead log and its shared-memory index. */
const DB_FILES = [DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`] as const;
const LESSONS = 'lessons';
/** Written in the old folder once the copy is in place: the old files may then be removed. */
const MOVED_MARK = 'lede.sqlite.moved-to';
const STAGING = '.lede-moving';

/**
 * Lede's data folder (database, the teacher's lessons): LEDE_USER_DATA when set, else
 * %LOCALAPPDATA%\Lede on Windows, ~/Library/Application Support/Lede on macOS and
 * $XDG_CONFIG_HOME/Lede (~/.config/Lede) elsewhere.
 */
export function dataDir(host: Host): string {
  const override = host.env.LEDE_USER_DATA;
  if (override) return override;
  if (host.platform === 'win32') return win32.join(host.env.LOCALAPPDATA || win32.join(host.home, 'AppData', 'Local'), 'Lede');
  if (host.platform === 'darwin') return posix.join(host.home, 'Library', 'Application Support', 'Lede');
  return posix.join(host.env.XDG_CONFIG_HOME || posix.join(host.home, '.config'), 'Lede');
}

/** Where earlier versions kept the data (Windows' roaming folder), or null where nothing moved. */
export function legacyDataDir(host: Host): string | null {
  if (host.env.LEDE_USER_DATA || host.platform !== 'win32') return null;
  return win32.join(host.env.APPDATA || win32.join(host.home, 'AppData', 'Roaming'), 'Lede');
}

/** How a path's file system is found to be remote; the defaults ask the running system. */
export interface NetworkProbe {
  /** Windows: the drive letters mapped to network shares (letter, upper case → \\server\share). */
  mappedDrives(): ReadonlyMap<string, string>;
  /** The file system type (statfs f_type) of the folder holding the path, or null if unknown. */
  fsType(path: string): number | null;
}

/** Linux file system magic numbers (statfs f_type) of network file systems. */
const NETWORK_FS = new Map<number, string>([
  [0x6969, 'NFS'],
  [0xff534d42, 'CIFS'],
  [0xfe534d42, 'SMB2'],
  [0x517b, 'SMB'],
  [0x5346414f, 'AFS'],
  [0x00c36400, 'Ceph'],
  [0x564c, 'NCP'],
  [0x7461636f, 'OCFS2'],
  [0x47504653, 'GPFS'],
  [0x01161970, 'GFS2'],
]);

/**
 * Why `path` is on a network file system, or null when it is not (or cannot be told):
 * a UNC path (\\server\share\…, \\?\UNC\…), a drive letter mapped to a share, or (on
 * Linux) an NFS/SMB/… mount. macOS is not probed.
 */
export function networkLocation(path: string, host: Pick<Host, 'platform'>, probe: NetworkProbe = systemProbe(host.platform)): string | null {
  if (host.platform === 'win32') {
    if (/^[\\/]{2}\?[\\/]UNC[\\/]/i.test(path)) return `${path} is on a network share`;
    const local = path.replace(/^[\\/]{2}[?.][\\/]/, '');
    if (local === path && /^[\\/]{2}[^\\/]/.test(path)) return `${path} is on a network share`;
    const drive = /^([a-z]):/i.exec(local)?.[1]?.toUpperCase();
    const share = drive ? probe.mappedDrives().get(drive) : undefined;
    return share ? `${drive}: is the network drive ${share}` : null;
  }
  if (host.platform === 'darwin') return null;
  const type = probe.fsType(path);
  const name = type === null ? undefined : NETWORK_FS.get(type >>> 0);
  return name ? `${dirname(path)} is on a network file system (${name})` : null;
}

function systemProbe(platform: NodeJS.Platform): NetworkProbe {
  return {
    mappedDrives: () => (platform === 'win32' ? mappedDrivesFrom(runNetUse()) : new Map()),
    fsType: (path) => {
      // The nearest folder that exists: the database may not have been created yet.
      for (let dir = dirname(path); ; dir = dirname(dir)) {
        try {
          return Number(statfsSync(dir).type);
        } catch {
          if (dirname(dir) === dir) return null;
        }
      }
    },
  };
}

function runNetUse(): string {
  const r = spawnSync('net', ['use'], { encoding: 'utf8', windowsHide: true, timeout: 5000 });
  return r.status === 0 ? r.stdout : '';
}

/** The mapped drives in `net use` output (its words are localised; a letter followed by a UNC path is not). */
export function mappedDrivesFrom(netUse: string): Map<string, string> {
  const drives = new Map<string, string>();
  for (const m of netUse.matchAll(/(?:^|\s)([A-Za-z]):\s+(\\\\[^\s]+)/gm)) drives.set(m[1]!.toUpperCase(), m[2]!);
  return drives;
}

/** The data could not be moved; the old folder is as it was. */
export class DataMoveError extends Error {
  override name = 'DataMoveError';
}

export interface MoveResult {
  /** Whether data was moved (now or, finishing an interrupted move, its old copy removed). */
  moved: boolean;
  /** What the user should be told, if anything. */
  message: string | null;
}

/**
 * Moves the database (with its -wal and -shm files) and the lessons folder from `from`
 * to `to`, once. Nothing is lost if the process dies at any point:
 *   1. copy everything into a staging folder inside `to`, fsync each file and folder;
 *   2. verify each copy byte for byte (SHA-256) against the original;
 *   3. write a mark in the old folder saying where the data went, fsynced;
 *   4. rename the staged files into place (same volume), the database last, fsync `to`;
 *   5. remove the originals and the mark.
 * Before 3 the old folder is untouched and a restart starts over; after 3 a restart
 * finishes 4–5. A database already in `to` is never overwritten: when both folders
 * hold one (and no mark), the old one is left where it is and the message says so.
 */
export function moveLegacyData(from: string, to: string): MoveResult {
  const oldDb = join(from, DB_FILE);
  const newDb = join(to, DB_FILE);
  const mark = join(from, MOVED_MARK);
  if (existsSync(mark) && existsSync(newDb)) {
    removeOld(from);
    return { moved: true, message: `Lede finished moving its data from ${from} to ${to}.` };
  }
  if (!existsSync(oldDb)) return { moved: false, message: null };
  if (existsSync(newDb)) {
    return {
      moved: false,
      message: `Lede uses the database in ${to}. An older one is still in ${from}; it has not been changed or opened (move or delete it yourself).`,
    };
  }
  mkdirSync(to, { recursive: true });
  const staging = join(to, STAGING);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging);
  const files = DB_FILES.filter((f) => existsSync(join(from, f)));
  const oldLessons = join(from, LESSONS);
  const lessons = existsSync(oldLessons) && lstatSync(oldLessons).isDirectory();
  try {
    for (const f of files) copyDurably(join(from, f), join(staging, f));
    if (lessons) copyTree(oldLessons, join(staging, LESSONS));
    fsyncDir(staging);
    fsyncDir(to);
    // 2. Verify before anything in the old folder changes.
    for (const f of files) verifySame(join(from, f), join(staging, f));
    if (lessons) verifyTree(oldLessons, join(staging, LESSONS));
  } catch (err) {
    // The old folder is untouched: the data stays there until a move succeeds.
    rmSync(staging, { recursive: true, force: true });
    throw new DataMoveError(`Lede could not move its data from ${from} to ${to}; nothing was removed, and it stays where it was: ${(err as Error).message}`, { cause: err });
  }
  // 3. The point of no return.
  writeFileSync(mark, `${to}\n`);
  fsyncFile(mark);
  fsyncDir(from);
  // 4. Into place: lessons (merged if the folder exists), the log and index, the database last.
  let keptLessons = false;
  if (lessons) keptLessons = placeTree(join(staging, LESSONS), join(to, LESSONS));
  for (const f of files.filter((f) => f !== DB_FILE)) renameSync(join(staging, f), join(to, f));
  renameSync(join(staging, DB_FILE), newDb);
  fsyncDir(to);
  rmSync(staging, { recursive: true, force: true });
  // 5. The originals.
  removeOld(from, keptLessons);
  const what = lessons ? 'its database and lessons' : 'its database';
  return {
    moved: true,
    message:
      `Lede moved ${what} from ${from} to ${to}: a roaming folder can be on a network share, where SQLite cannot keep the database safe.` +
      (keptLessons ? ` Some lessons had the same file names as different lessons already in ${join(to, LESSONS)}, which were kept; the old lessons folder stays in ${oldLessons}.` : ''),
  };
}

function removeOld(from: string, keepLessons = false): void {
  // The database first: once it is gone nothing is moved again.
  for (const f of DB_FILES) rmSync(join(from, f), { force: true });
  if (!keepLessons) rmSync(join(from, LESSONS), { recursive: true, force: true });
  rmSync(join(from, MOVED_MARK), { force: true });
  fsyncDir(from);
}

function copyDurably(src: string, dest: string): void {
  copyFileSync(src, dest);
  fsyncFile(dest);
}

function copyTree(src: string, dest: string): void {
  mkdirSync(dest);
  for (const e of readdirSync(src, { withFileTypes: true })) {
    if (e.isDirectory()) copyTree(join(src, e.name), join(dest, e.name));
    else if (e.isFile()) copyDurably(join(src, e.name), join(dest, e.name));
  }
  fsyncDir(dest);
}

function verifyTree(src: string, dest: string): void {
  for (const e of readdirSync(src, { withFileTypes: true })) {
    if (e.isDirectory()) verifyTree(join(src, e.name), join(dest, e.name));
    else if (e.isFile()) verifySame(join(src, e.name), join(dest, e.name));
  }
}

/** Moves a staged tree into `dest`; an entry already there is kept. Returns whether any old entry was left out. */
function placeTree(staged: string, dest: string): boolean {
  if (!existsSync(dest)) {
    renameSync(staged, dest);
    return false;
  }
  let left = false;
  for (const e of readdirSync(staged, { withFileTypes: true })) {
    const target = join(dest, e.name);
    if (!existsSync(target)) renameSync(join(staged, e.name), target);
    else if (e.isDirectory()) left = placeTree(join(staged, e.name), target) || left;
    else if (!sameBytes(join(staged, e.name), target)) left = true;
  }
  fsyncDir(dest);
  return left;
}

function digest(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function sameBytes(a: string, b: string): boolean {
  return digest(a) === digest(b);
}

function verifySame(src: string, copy: string): void {
  if (!sameBytes(src, copy)) throw new Error(`the copy of ${src} at ${copy} differs from it`);
}

function fsyncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes a folder's entries (new names, renames) durable; Windows cannot open a folder, and NTFS journals them. */
function fsyncDir(path: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
