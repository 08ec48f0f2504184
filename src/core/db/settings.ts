import type { Database } from 'better-sqlite3';

// Settings rows (store.settings): a value per key. What a key means, and how its
// value is checked, belongs to the module that owns it (teacher/pin.ts,
// teacher/sessions.ts).

export class Settings {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  get(key: string): string | undefined {
    return (this.#db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  has(key: string): boolean {
    return this.#db.prepare('SELECT 1 FROM settings WHERE key = ?').get(key) !== undefined;
  }

  set(key: string, value: string): void {
    this.#db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  /** Sets a key only if it has no value yet, in one statement; true when this call set it. */
  setIfAbsent(key: string, value: string): boolean {
    return this.#db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING').run(key, value).changes > 0;
  }

  /** Removes these keys; true when any was there. */
  delete(...keys: string[]): boolean {
    const del = this.#db.prepare('DELETE FROM settings WHERE key = ?');
    return this.#db.transaction(() => keys.reduce((n, key) => n + del.run(key).changes, 0))() > 0;
  }
}
