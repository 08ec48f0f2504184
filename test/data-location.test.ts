// Where Lede keeps its data on each OS, the one-time move out of Windows' roaming folder
// (crash at any step loses nothing), and no WAL on a network path. Every case reads
// the files (and the database's rows) back.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { DataMoveError, dataDir, legacyDataDir, mappedDrivesFrom, moveLegacyData, networkLocation, type NetworkProbe } from '../src/core/data-location.ts';
import { openDatabase } from '../src/core/db/open.ts';
import { defaultDbPath, prepareDefaultDb } from '../src/core/paths.ts';
import { tempDir } from './helpers.ts';

const win = (env: Record<string, string>) => ({ platform: 'win32' as const, env, home: 'C:\\Users\\ada' });

describe('the data folder', () => {
  it('is the local application data folder on Windows, never the roaming one', () => {
    const env = { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming', LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local' };
    assert.equal(dataDir(win(env)), 'C:\\Users\\ada\\AppData\\Local\\Lede');
    assert.equal(legacyDataDir(win(env)), 'C:\\Users\\ada\\AppData\\Roaming\\Lede');
    // Without the variables: the profile's usual folders.
    assert.equal(dataDir(win({})), 'C:\\Users\\ada\\AppData\\Local\\Lede');
    assert.equal(legacyDataDir(win({})), 'C:\\Users\\ada\\AppData\\Roaming\\Lede');
  });

  it('is LEDE_USER_DATA when set, and then nothing is moved', () => {
    const host = win({ LEDE_USER_DATA: 'D:\\lede', APPDATA: 'C:\\R', LOCALAPPDATA: 'C:\\L' });
    assert.equal(dataDir(host), 'D:\\lede');
    assert.equal(legacyDataDir(host), null);
  });

  it('is ~/Library/Application Support/Lede on macOS and the XDG config folder on Linux', () => {
    assert.equal(dataDir({ platform: 'darwin', env: {}, home: '/Users/ada' }), '/Users/ada/Library/Application Support/Lede');
    assert.equal(dataDir({ platform: 'linux', env: {}, home: '/home/ada' }), '/home/ada/.config/Lede');
    assert.equal(dataDir({ platform: 'linux', env: { XDG_CONFIG_HOME: '/cfg' }, home: '/home/ada' }), '/cfg/Lede');
    assert.equal(legacyDataDir({ platform: 'linux', env: {}, home: '/home/ada' }), null);
    assert.equal(legacyDataDir({ platform: 'darwin', env: {}, home: '/Users/ada' }), null);
  });

  it('is where the CLI finds its database by default', () => {
    const dir = tempDir();
    const host = { platform: 'linux' as const, env: { LEDE_USER_DATA: dir }, home: '/nowhere' };
    const told: string[] = [];
    assert.equal(prepareDefaultDb((m) => told.push(m), host), join(dir, 'lede.sqlite'));
    assert.equal(defaultDbPath(dir), join(dir, 'lede.sqlite'));
    assert.deepEqual(told, []);
  });
});

const probe = (drives: Record<string, string> = {}, fsType: number | null = null): NetworkProbe => ({
  mappedDrives: () => new Map(Object.entries(drives)),
  fsType: () => fsType,
});

describe('a network path', () => {
  it('is a UNC path on Windows, in either slash and the long form', () => {
    const w = { platform: 'win32' as const };
    assert.equal(networkLocation('\\\\server\\share\\Lede\\lede.sqlite', w, probe()), '\\\\server\\share\\Lede\\lede.sqlite is on a network share');
    assert.match(networkLocation('//server/share/lede.sqlite', w, probe()) ?? '', /network share/);
    assert.match(networkLocation('\\\\?\\UNC\\server\\share\\lede.sqlite', w, probe()) ?? '', /network share/);
    // The long form of a local path, and a local drive, are not.
    assert.equal(networkLocation('\\\\?\\C:\\Users\\ada\\lede.sqlite', w, probe()), null);
    assert.equal(networkLocation('C:\\Users\\ada\\AppData\\Local\\Lede\\lede.sqlite', w, probe({ Z: '\\\\server\\home' })), null);
  });

  it('is a drive letter mapped to a share', () => {
    const w = { platform: 'win32' as const };
    assert.equal(networkLocation('z:\\Lede\\lede.sqlite', w, probe({ Z: '\\\\server\\home' })), 'Z: is the network drive \\\\server\\home');
    assert.equal(networkLocation('\\\\?\\Z:\\Lede\\lede.sqlite', w, probe({ Z: '\\\\server\\home' })), 'Z: is the network drive \\\\server\\home');
  });

  it('reads the mapped drives from `net use` in any language', () => {
    const english = [
      'New connections will be remembered.',
      '',
      'Status       Local     Remote                    Network',
      '-------------------------------------------------------------------------------',
      'OK           H:        \\\\fs01\\home$\\ada         Microsoft Windows Network',
      'Unavailable  z:        \\\\fs02\\courses            Microsoft Windows Network',
      'OK                     \\\\fs03\\IPC$               Microsoft Windows Network',
      'The command completed successfully.',
    ].join('\r\n');
    assert.deepEqual([...mappedDrivesFrom(english)], [['H', '\\\\fs01\\home$\\ada'], ['Z', '\\\\fs02\\courses']]);
    const german = 'Status       Lokal     Remote                    Netzwerk\r\nOK           P:        \\\\schule\\profile       Microsoft Windows-Netzwerk\r\n';
    assert.deepEqual([...mappedDrivesFrom(german)], [['P', '\\\\schule\\profile']]);
    assert.deepEqual([...mappedDrivesFrom('')], []);
  });

  it('is an NFS or SMB mount on Linux, and not a local file system', () => {
    const l = { platform: 'linux' as const };
    assert.equal(networkLocation('/home/ada/.config/Lede/lede.sqlite', l, probe({}, 0x6969)), '/home/ada/.config/Lede is on a network file system (NFS)');
    assert.match(networkLocation('/mnt/x/lede.sqlite', l, probe({}, 0xff534d42)) ?? '', /\(CIFS\)/);
    assert.match(networkLocation('/mnt/x/lede.sqlite', l, probe({}, 0xfe534d42)) ?? '', /\(SMB2\)/);
    assert.equal(networkLocation('/home/ada/lede.sqlite', l, probe({}, 0xef53)), null, 'ext4');
    assert.equal(networkLocation('/home/ada/lede.sqlite', l, probe({}, null)), null, 'unknown');
    // This machine's temporary folder is local (the default probe asks statfs).
    assert.equal(networkLocation(join(tempDir(), 'not-yet', 'lede.sqlite'), l), null);
  });
});

describe('a database on a network path', () => {
  it('is opened with a rollback journal, not WAL, with a note saying why; its rows are kept', () => {
    const path = join(tempDir(), 'lede.sqlite');
    const notes: string[] = [];
    const db = openDatabase(path, { network: '\\\\server\\share is on a network share', onNote: (n) => notes.push(n) });
    assert.equal(db.pragma('journal_mode', { simple: true }), 'delete');
    db.prepare(`INSERT INTO students (id, display_name, created_at) VALUES ('s1', 'Ada', '2026-12-07T00:00:00Z')`).run();
    db.close();
    assert.equal(notes.length, 1);
    assert.match(notes[0]!, /^\\\\server\\share is on a network share: Lede opens .*lede\.sqlite without write-ahead logging \(journal_mode=DELETE\)/);
    assert.equal(existsSync(`${path}-wal`), false);
    const back = new BetterSqlite3(path, { readonly: true });
    assert.deepEqual(back.prepare('SELECT display_name AS name FROM students').all(), [{ name: 'Ada' }]);
    back.close();
  });

  it('that was in WAL mode is switched out of it, its last commits kept', () => {
    const dir = tempDir();
    const src = join(dir, 'src.sqlite');
    const path = join(dir, 'lede.sqlite');
    // A WAL database whose last commit is still in its -wal file (the app was killed).
    const open = openDatabase(src, { network: null });
    open.pragma('wal_autocheckpoint = 0');
    open.prepare(`INSERT INTO students (id, display_name, created_at) VALUES ('s1', 'Ada', '2026-12-07T00:00:00Z')`).run();
    copyFileSync(src, path);
    copyFileSync(`${src}-wal`, `${path}-wal`);
    open.close();
    assert.ok(statSync(`${path}-wal`).size > 0);
    const db = openDatabase(path, { network: 'Z: is the network drive \\\\server\\home', onNote: () => {} });
    assert.equal(db.pragma('journal_mode', { simple: true }), 'delete');
    assert.deepEqual(db.prepare('SELECT display_name AS name FROM students').all(), [{ name: 'Ada' }]);
    db.close();
    assert.equal(existsSync(`${path}-wal`), false);
  });

  it('on a local disk stays in WAL', () => {
    const db = openDatabase(join(tempDir(), 'lede.sqlite'), { network: null });
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    db.close();
  });
});

/** An old roaming folder as an earlier version left it: a WAL database with a commit only in its -wal, and lessons. */
function oldFolder(root: string): string {
  const from = join(root, 'Roaming', 'Lede');
  mkdirSync(join(from, 'lessons', 'imported'), { recursive: true });
  const src = join(root, 'live.sqlite');
  const db = openDatabase(src, { network: null });
  db.pragma('wal_autocheckpoint = 0');
  db.prepare(`INSERT INTO students (id, display_name, created_at) VALUES ('s1', 'Ada', '2026-12-07T00:00:00Z')`).run();
  for (const ext of ['', '-wal', '-shm']) copyFileSync(`${src}${ext}`, join(from, `lede.sqlite${ext}`));
  db.close();
  writeFileSync(join(from, 'lessons', 'my-lesson.md'), '# My lesson\n');
  writeFileSync(join(from, 'lessons', 'imported', 'other.md'), '# Other\n');
  writeFileSync(join(from, 'window-state.json'), '{}');
  return from;
}

function students(path: string): unknown[] {
  const db = openDatabase(path, { network: null });
  try {
    return db.prepare('SELECT id, display_name AS name FROM students').all();
  } finally {
    db.close();
  }
}

const ADA = [{ id: 's1', name: 'Ada' }];

describe('moving the data out of the roaming folder', () => {
  it('moves the database with its -wal and -shm and the lessons, once, saying where', () => {
    const root = tempDir();
    const from = oldFolder(root);
    const to = join(root, 'Local', 'Lede');
    const walBytes = readFileSync(join(from, 'lede.sqlite-wal'));
    assert.ok(walBytes.length > 0, 'the commit is in the -wal');
    const r = moveLegacyData(from, to);
    assert.equal(r.moved, true);
    assert.equal(r.message, `Lede moved its database and lessons from ${from} to ${to}: a roaming folder can be on a network share, where SQLite cannot keep the database safe.`);
    assert.deepEqual(readFileSync(join(to, 'lede.sqlite-wal')), walBytes);
    assert.ok(existsSync(join(to, 'lede.sqlite-shm')));
    assert.equal(readFileSync(join(to, 'lessons', 'my-lesson.md'), 'utf8'), '# My lesson\n');
    assert.equal(readFileSync(join(to, 'lessons', 'imported', 'other.md'), 'utf8'), '# Other\n');
    // The old folder keeps only what is not Lede's data (Electron's own files); no staging left.
    assert.deepEqual(readdirSync(from), ['window-state.json']);
    assert.deepEqual(readdirSync(to).sort(), ['lede.sqlite', 'lede.sqlite-shm', 'lede.sqlite-wal', 'lessons']);
    assert.deepEqual(students(join(to, 'lede.sqlite')), ADA);
    // Once: a second start moves nothing and says nothing.
    assert.deepEqual(moveLegacyData(from, to), { moved: false, message: null });
  });

  it('does nothing when there is no old database', () => {
    const root = tempDir();
    assert.deepEqual(moveLegacyData(join(root, 'Roaming', 'Lede'), join(root, 'Local', 'Lede')), { moved: false, message: null });
    assert.equal(existsSync(join(root, 'Local')), false);
  });

  it('never overwrites a database already in the new folder', () => {
    const root = tempDir();
    const from = oldFolder(root);
    const to = join(root, 'Local', 'Lede');
    mkdirSync(to, { recursive: true });
    const db = openDatabase(join(to, 'lede.sqlite'), { network: null });
    db.prepare(`INSERT INTO students (id, display_name, created_at) VALUES ('s2', 'Grace', '2026-12-07T00:00:00Z')`).run();
    db.close();
    const before = readFileSync(join(from, 'lede.sqlite'));
    const r = moveLegacyData(from, to);
    assert.equal(r.moved, false);
    assert.equal(r.message, `Lede uses the database in ${to}. An older one is still in ${from}; it has not been changed or opened (move or delete it yourself).`);
    assert.deepEqual(readFileSync(join(from, 'lede.sqlite')), before);
    assert.ok(existsSync(join(from, 'lessons', 'my-lesson.md')));
    assert.deepEqual(students(join(to, 'lede.sqlite')), [{ id: 's2', name: 'Grace' }]);
  });

  it('keeps a different lesson of the same name already in the new folder, and the old lessons folder', () => {
    const root = tempDir();
    const from = oldFolder(root);
    const to = join(root, 'Local', 'Lede');
    mkdirSync(join(to, 'lessons'), { recursive: true });
    writeFileSync(join(to, 'lessons', 'my-lesson.md'), '# Newer\n');
    const r = moveLegacyData(from, to);
    assert.equal(r.moved, true);
    assert.match(r.message ?? '', /Some lessons had the same file names as different lessons already in .*, which were kept; the old lessons folder stays in /);
    assert.equal(readFileSync(join(to, 'lessons', 'my-lesson.md'), 'utf8'), '# Newer\n');
    assert.equal(readFileSync(join(to, 'lessons', 'imported', 'other.md'), 'utf8'), '# Other\n');
    assert.equal(readFileSync(join(from, 'lessons', 'my-lesson.md'), 'utf8'), '# My lesson\n');
    assert.equal(existsSync(join(from, 'lede.sqlite')), false);
    assert.deepEqual(students(join(to, 'lede.sqlite')), ADA);
  });

  it('loses nothing when the move stopped while copying: the next start does it again', () => {
    const root = tempDir();
    const from = oldFolder(root);
    const to = join(root, 'Local', 'Lede');
    // A half-written staging copy, as a crash during step 1 leaves it.
    mkdirSync(join(to, '.lede-moving'), { recursive: true });
    writeFileSync(join(to, '.lede-moving', 'lede.sqlite'), 'half');
    const r = moveLegacyData(from, to);
    assert.equal(r.moved, true);
    assert.deepEqual(students(join(to, 'lede.sqlite')), ADA);
    assert.equal(existsSync(join(to, '.lede-moving')), false);
  });

  it('loses nothing when it stopped after the mark, before the database was in place', () => {
    const root = tempDir();
    const from = oldFolder(root);
    const to = join(root, 'Local', 'Lede');
    // Steps 1–3 done, and the lessons and -wal already renamed into place (step 4 half done).
    mkdirSync(join(to, 'lessons', 'imported'), { recursive: true });
    copyFileSync(join(from, 'lessons', 'my-lesson.md'), join(to, 'lessons', 'my-lesson.md'));
    copyFileSync(join(from, 'lessons', 'imported', 'other.md'), join(to, 'lessons', 'imported', 'other.md'));
    copyFileSync(join(from, 'lede.sqlite-wal'), join(to, 'lede.sqlite-wal'));
    writeFileSync(join(from, 'lede.sqlite.moved-to'), `${to}\n`);
    const r = moveLegacyData(from, to);
    assert.equal(r.moved, true);
    assert.match(r.message ?? '', /^Lede moved its database and lessons/);
    assert.deepEqual(students(join(to, 'lede.sqlite')), ADA);
    assert.equal(readFileSync(join(to, 'lessons', 'my-lesson.md'), 'utf8'), '# My lesson\n');
    assert.deepEqual(readdirSync(from), ['window-state.json']);
  });

  it('loses nothing when it stopped after the database was in place: the next start removes the old copy', () => {
    const root = tempDir();
    const from = oldFolder(root);
    const to = join(root, 'Local', 'Lede');
    mkdirSync(to, { recursive: true });
    for (const ext of ['', '-wal', '-shm']) copyFileSync(join(from, `lede.sqlite${ext}`), join(to, `lede.sqlite${ext}`));
    writeFileSync(join(from, 'lede.sqlite.moved-to'), `${to}\n`);
    const r = moveLegacyData(from, to);
    assert.deepEqual(r, { moved: true, message: `Lede finished moving its data from ${from} to ${to}.` });
    assert.deepEqual(readdirSync(from), ['window-state.json']);
    assert.deepEqual(students(join(to, 'lede.sqlite')), ADA);
  });

  it('removes nothing when a copy cannot be made, and says so', () => {
    const root = tempDir();
    const from = oldFolder(root);
    const to = join(root, 'Local', 'Lede');
    // Something in the old folder that cannot be copied as a file (a folder under the -shm's name).
    rmSync(join(from, 'lede.sqlite-shm'));
    mkdirSync(join(from, 'lede.sqlite-shm'));
    assert.throws(
      () => moveLegacyData(from, to),
      (err: Error) => err instanceof DataMoveError && /^Lede could not move its data from .* to .*; nothing was removed, and it stays where it was: .*EISDIR/.test(err.message),
    );
    assert.deepEqual(readdirSync(from).sort(), ['lede.sqlite', 'lede.sqlite-shm', 'lede.sqlite-wal', 'lessons', 'window-state.json']);
    assert.equal(readFileSync(join(from, 'lessons', 'my-lesson.md'), 'utf8'), '# My lesson\n');
    assert.deepEqual(readdirSync(to), [], 'no staging copy left, no database');
    rmSync(join(from, 'lede.sqlite-shm'), { recursive: true });
    assert.deepEqual(students(join(from, 'lede.sqlite')), ADA);
  });
});
