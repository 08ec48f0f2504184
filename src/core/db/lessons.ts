import { sortByName } from '../../shared/collate.ts';
import type { Database, Statement } from 'better-sqlite3';
import { LedeError } from '../../shared/errors.ts';
import type { Lesson } from '../../shared/lesson.ts';
import type { LoadedLesson } from '../lessons/load.ts';
import { parseLesson } from '../lessons/parse.ts';

// Lessons and their versions (store.lessons). A version's text never changes once
// anyone has answered it, so the parsed lesson of a version is cached.

export type ImportStatus = 'added' | 'unchanged' | 'updated' | 'new-version' | 'restored';

export interface LessonRow {
  lessonId: string;
  versionId: number;
  version: number;
  hash: string;
  title: string;
}

/** One version as a backup file holds it. */
export interface VersionRecord {
  lessonId: string;
  version: number;
  hash: string;
  title: string;
  source: string;
}

const now = () => new Date().toISOString();

export class Lessons {
  readonly #db: Database;
  /** Parsed versions, each with the hash of the text it was parsed from (the stored `hash`). */
  readonly #cache = new Map<number, { hash: string; lesson: Lesson }>();

  constructor(db: Database) {
    this.#db = db;
  }

  /**
   * Imports a lesson. The same text again changes nothing. A changed text replaces
   * the current version while no one has answered it; once anyone has, the change
   * becomes a new version and earlier answers keep pointing at the text they were
   * made on.
   */
  import(loaded: LoadedLesson): { status: ImportStatus; versionId: number } {
    const { lesson, source, file } = loaded;
    const db = this.#db;
    return db.transaction((): { status: ImportStatus; versionId: number } => {
      const existing = db.prepare(`SELECT current_version_id FROM lessons WHERE id = ?`).get(lesson.id) as { current_version_id: number | null } | undefined;
      const insertVersion = (version: number) =>
        Number(
          db
            .prepare(`INSERT INTO lesson_versions (lesson_id, version, hash, source, file, title, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)`)
            .run(lesson.id, version, lesson.hash, source, file, lesson.title, now()).lastInsertRowid,
        );
      const setCurrent = (versionId: number) => db.prepare(`UPDATE lessons SET current_version_id = ? WHERE id = ?`).run(versionId, lesson.id);

      if (!existing) {
        db.prepare(`INSERT INTO lessons (id) VALUES (?)`).run(lesson.id);
        const versionId = insertVersion(1);
        setCurrent(versionId);
        this.#cache.set(versionId, { hash: lesson.hash, lesson });
        return { status: 'added', versionId };
      }
      const sameHash = this.versionIdByHash(lesson.id, lesson.hash);
      if (sameHash !== undefined) {
        if (sameHash === existing.current_version_id) return { status: 'unchanged', versionId: sameHash };
        setCurrent(sameHash);
        return { status: 'restored', versionId: sameHash };
      }
      const current = existing.current_version_id;
      const answered = current !== null && db.prepare(`SELECT 1 FROM attempts WHERE lesson_version_id = ? LIMIT 1`).get(current) !== undefined;
      if (current !== null && !answered) {
        db.prepare(`UPDATE lesson_versions SET hash = ?, source = ?, file = ?, title = ?, imported_at = ? WHERE id = ?`).run(
          lesson.hash,
          source,
          file,
          lesson.title,
          now(),
          current,
        );
        this.#cache.set(current, { hash: lesson.hash, lesson });
        return { status: 'updated', versionId: current };
      }
      const max = db.prepare(`SELECT max(version) AS v FROM lesson_versions WHERE lesson_id = ?`).get(lesson.id) as { v: number };
      const versionId = insertVersion(max.v + 1);
      setCurrent(versionId);
      this.#cache.set(versionId, { hash: lesson.hash, lesson });
      return { status: 'new-version', versionId };
    })();
  }

  /**
   * Adds a version that came in a backup file (already checked): after the versions
   * here, and current only when the lesson has no current version.
   */
  addFromBackup(v: { lessonId: string; hash: string; source: string; title: string }): number {
    const db = this.#db;
    return db.transaction(() => {
      const exists = db.prepare('SELECT current_version_id FROM lessons WHERE id = ?').get(v.lessonId) as { current_version_id: number | null } | undefined;
      if (!exists) db.prepare('INSERT INTO lessons (id) VALUES (?)').run(v.lessonId);
      const max = (db.prepare('SELECT coalesce(max(version), 0) AS m FROM lesson_versions WHERE lesson_id = ?').get(v.lessonId) as { m: number }).m;
      const id = Number(
        db
          .prepare('INSERT INTO lesson_versions (lesson_id, version, hash, source, file, title, imported_at) VALUES (?, ?, ?, ?, NULL, ?, ?)')
          .run(v.lessonId, max + 1, v.hash, v.source, v.title, now()).lastInsertRowid,
      );
      if (!exists || exists.current_version_id === null) db.prepare('UPDATE lessons SET current_version_id = ? WHERE id = ?').run(id, v.lessonId);
      return id;
    })();
  }

  /** The current version of every lesson, ordered by title. */
  list(): LessonRow[] {
    const rows = this.#db
      .prepare(
        `SELECT l.id AS lessonId, v.id AS versionId, v.version, v.hash, v.title
         FROM lessons l JOIN lesson_versions v ON v.id = l.current_version_id ORDER BY v.title`,
      )
      .all() as LessonRow[];
    // Titles as a reader orders them: a leading quotation mark or capital letter does not move a lesson to the end.
    return sortByName(rows, (r) => r.title.replace(/^[\p{P}\s]+/u, ''));
  }

  /** The lesson as stored in one version (parsed once, then cached). */
  version(versionId: number): Lesson {
    // A version not yet answered is updated in place by an import (see import), possibly by another
    // process on the same database (`lede import`, `lede sample-class` beside `lede serve`): the cached
    // copy is used only while its text is still the stored one.
    const cached = this.#cache.get(versionId);
    if (cached && this.#stmtHash().get(versionId) === cached.hash) return cached.lesson;
    const row = this.#db.prepare(`SELECT source, file, lesson_id, hash FROM lesson_versions WHERE id = ?`).get(versionId) as
      | { source: string; file: string | null; lesson_id: string; hash: string }
      | undefined;
    if (!row) throw new LedeError('not_found', `Lesson version ${versionId} does not exist.`);
    const parsed = parseLesson(row.source, row.file ?? `${row.lesson_id}.md`);
    if (!parsed.ok) throw new LedeError('internal', `The stored lesson "${row.lesson_id}" no longer parses: ${parsed.problems[0]?.message}`);
    this.#cache.set(versionId, { hash: row.hash, lesson: parsed.lesson });
    return parsed.lesson;
  }

  #hashStmt: Statement | undefined;
  #stmtHash(): Statement {
    return (this.#hashStmt ??= this.#db.prepare('SELECT hash FROM lesson_versions WHERE id = ?').pluck());
  }

  /** A version as a backup file holds it. */
  versionRecord(versionId: number): VersionRecord {
    const v = this.#db.prepare('SELECT lesson_id AS lessonId, version, hash, title, source FROM lesson_versions WHERE id = ?').get(versionId) as VersionRecord | undefined;
    if (!v) throw new LedeError('not_found', `Lesson version ${versionId} does not exist.`);
    return v;
  }

  /** The version of a lesson with this text (by its sha-256), if it is stored. */
  versionIdByHash(lessonId: string, hash: string): number | undefined {
    return (this.#db.prepare('SELECT id FROM lesson_versions WHERE lesson_id = ? AND hash = ?').get(lessonId, hash) as { id: number } | undefined)?.id;
  }

  /** Whether a lesson is stored here (any version). */
  exists(lessonId: string): boolean {
    return this.#db.prepare('SELECT 1 FROM lessons WHERE id = ?').get(lessonId) !== undefined;
  }

  currentVersionId(lessonId: string): number {
    const row = this.#db.prepare(`SELECT current_version_id AS v FROM lessons WHERE id = ?`).get(lessonId) as { v: number | null } | undefined;
    if (!row || row.v === null) throw new LedeError('not_found', `There is no lesson "${lessonId}".`);
    return row.v;
  }

  /** Whether anyone has answered any version of a lesson. */
  answered(lessonId: string): boolean {
    return (
      this.#db
        .prepare('SELECT 1 FROM attempts a JOIN lesson_versions v ON v.id = a.lesson_version_id WHERE v.lesson_id = ? LIMIT 1')
        .get(lessonId) !== undefined
    );
  }

  /** Every lesson id the store has ever held (a new lesson must not take one: it would become a version of the old). */
  ids(): Set<string> {
    return new Set((this.#db.prepare('SELECT id FROM lessons').all() as { id: string }[]).map((r) => r.id));
  }

  /** The current version number of a lesson, if it is in the library. */
  currentVersion(lessonId: string): number | null {
    const row = this.#db.prepare('SELECT v.version FROM lessons l JOIN lesson_versions v ON v.id = l.current_version_id WHERE l.id = ?').get(lessonId) as
      | { version: number }
      | undefined;
    return row?.version ?? null;
  }

  /** Records that a lesson was made in the studio or imported from a file. */
  setOrigin(lessonId: string, origin: { kind: 'studio' | 'imported'; fileName?: string | undefined }): void {
    this.#db
      .prepare('INSERT INTO lesson_origins (lesson_id, kind, file_name, at) VALUES (?, ?, ?, ?) ON CONFLICT (lesson_id) DO UPDATE SET kind = excluded.kind, file_name = excluded.file_name, at = excluded.at')
      .run(lessonId, origin.kind, origin.fileName ?? null, now());
  }

  origin(lessonId: string): { kind: 'studio' | 'imported'; fileName?: string; at: string } | null {
    const row = this.#db.prepare('SELECT kind, file_name AS fileName, at FROM lesson_origins WHERE lesson_id = ?').get(lessonId) as
      | { kind: 'studio' | 'imported'; fileName: string | null; at: string }
      | undefined;
    if (!row) return null;
    return { kind: row.kind, at: row.at, ...(row.fileName !== null ? { fileName: row.fileName } : {}) };
  }

  forgetOrigin(lessonId: string): void {
    this.#db.prepare('DELETE FROM lesson_origins WHERE lesson_id = ?').run(lessonId);
  }

  /** The file a lesson's current version was read from (null: from a backup). */
  currentFile(lessonId: string): string | null {
    const row = this.#db.prepare('SELECT v.file FROM lessons l JOIN lesson_versions v ON v.id = l.current_version_id WHERE l.id = ?').get(lessonId) as
      | { file: string | null }
      | undefined;
    return row?.file ?? null;
  }

  /** Whether a live class has used a lesson (a session keeps pointing at it). */
  usedInClass(lessonId: string): boolean {
    return this.#db.prepare('SELECT 1 FROM classroom_sessions WHERE lesson_id = ? LIMIT 1').get(lessonId) !== undefined;
  }

  /** Removes a lesson no one has answered or used in a live class from the library (refused otherwise). */
  remove(lessonId: string): void {
    const db = this.#db;
    db.transaction(() => {
      if (this.answered(lessonId)) throw new LedeError('conflict', 'Students have answered this lesson, so it stays.');
      if (this.usedInClass(lessonId)) throw new LedeError('conflict', 'This lesson was used in a live class, so it stays.');
      const versions = db.prepare('SELECT id FROM lesson_versions WHERE lesson_id = ?').all(lessonId) as { id: number }[];
      db.prepare('UPDATE lessons SET current_version_id = NULL WHERE id = ?').run(lessonId);
      db.prepare('DELETE FROM lesson_versions WHERE lesson_id = ?').run(lessonId);
      db.prepare('DELETE FROM lessons WHERE id = ?').run(lessonId);
      for (const v of versions) this.#cache.delete(v.id);
    })();
  }
}
