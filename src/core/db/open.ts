import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations.ts';
import { currentHost, networkLocation } from '../data-location.ts';

/** The database was written by a newer Lede; opening it could lose data. */
export class NewerDatabaseError extends Error {
  override name = 'NewerDatabaseError';
  readonly path: string;
  readonly found: number;
  readonly supported: number;
  constructor(path: string, found: number, supported: number) {
    super(
      `${path} was written by a newer version of Lede (schema ${found}; this version understands up to ${supported}). ` +
        'Update Lede to open it; the file has not been changed.',
    );
    this.path = path;
    this.found = found;
    this.supported = supported;
  }
}

export function userVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies every migration above the database's version, each in its own transaction. */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS, path = 'database'): number {
  const latest = migrations.at(-1)?.version ?? 0;
  const current = userVersion(db);
  if (current > latest) throw new NewerDatabaseError(path, current, latest);
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  return userVersion(db);
}

export interface OpenOptions {
  readonly?: boolean;
  /**
   * Why the file is on a network file system (null: it is not). Default: asked of the
   * running system (data-location.ts). On a network path WAL is never used.
   */
  network?: string | null;
  /** Told when the database is opened without WAL because it is on a network path. Default: a warning on stderr. */
  onNote?: (note: string) => void;
}

/**
 * The note given when a database on a network path is opened with a rollback journal:
 * SQLite's WAL keeps an index in shared memory, which a network file system cannot share,
 * so WAL there can corrupt the database. DELETE mode (a rollback journal, fsynced at each
 * commit) relies only on file locks; it is safe while one computer at a time uses the file.
 */
export function networkNote(path: string, reason: string): string {
  return `${reason}: Lede opens ${path} without write-ahead logging (journal_mode=DELETE), as SQLite cannot keep a WAL database safe on a network file system. Let one computer at a time use it, or keep the database on a local disk.`;
}

/**
 * Opens (creating if needed) a Lede database: WAL (a rollback journal on a network
 * path), foreign keys on, every commit durable (below), then migrates it.
 */
export function openDatabase(path: string, options: OpenOptions = {}): Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new BetterSqlite3(path, { readonly: options.readonly === true });
  try {
    // Refuse a newer schema before changing anything about the file.
    const found = userVersion(db);
    const latest = MIGRATIONS.at(-1)?.version ?? 0;
    if (found > latest) throw new NewerDatabaseError(path, found, latest);
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) {
      const network = path === ':memory:' ? null : options.network !== undefined ? options.network : networkLocation(path, currentHost());
      if (network) {
        db.pragma('journal_mode = DELETE');
        (options.onNote ?? ((n: string) => process.emitWarning(n)))(networkNote(path, network));
      } else {
        db.pragma('journal_mode = WAL');
      }
      // An answer is acknowledged only after its commit, so the commit must survive
      // power loss, not just a crash of the process. In WAL mode NORMAL syncs only at
      // checkpoints, so the last commits can vanish when the power goes; FULL syncs the
      // WAL at every commit. macOS's fsync() leaves the data in the drive's cache, so
      // fullfsync makes SQLite use F_FULLFSYNC there (elsewhere it changes nothing).
      db.pragma('synchronous = FULL');
      db.pragma('fullfsync = ON');
      migrate(db, MIGRATIONS, path);
    }
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
