import { sortByName } from '../../shared/collate.ts';
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { LedeError } from '../../shared/errors.ts';
import { cleanClassName, cleanDisplayName, cleanRosterId } from '../teacher/names.ts';

// Classes, rosters and student records, for the teacher (store.classes). Names are
// cleaned by teacher/names.ts before they are stored.

export interface ClassRow {
  id: string;
  name: string;
  createdAt: string;
  studentCount: number;
}

export interface RosterStudent {
  id: string;
  displayName: string;
  rosterId: string | null;
  attempts: number;
}

export interface ClassMember {
  id: string;
  displayName: string;
  rosterId: string | null;
}

export interface Profile extends ClassMember {
  /** The names of the classes the student is in. */
  classes: string[];
}

const now = () => new Date().toISOString();

export class Classes {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  list(): ClassRow[] {
    const rows = this.#db
      .prepare(
        `SELECT c.id, c.name, c.created_at AS createdAt, count(m.student_id) AS studentCount
         FROM classes c LEFT JOIN class_members m ON m.class_id = c.id GROUP BY c.id ORDER BY c.name COLLATE NOCASE`,
      )
      .all() as ClassRow[];
    return sortByName(rows, (c) => c.name);
  }

  get(id: string): ClassRow {
    const c = this.#db
      .prepare(
        `SELECT c.id, c.name, c.created_at AS createdAt, (SELECT count(*) FROM class_members m WHERE m.class_id = c.id) AS studentCount
         FROM classes c WHERE c.id = ?`,
      )
      .get(id) as ClassRow | undefined;
    if (!c) throw new LedeError('not_found', 'That class no longer exists.');
    return c;
  }

  private assertExists(id: string): void {
    if (!this.#db.prepare('SELECT 1 FROM classes WHERE id = ?').get(id)) throw new LedeError('not_found', 'That class no longer exists.');
  }

  /** A class by id, or by name (case-insensitive), for the CLI. */
  find(idOrName: string): ClassRow {
    const all = this.list();
    const c = all.find((x) => x.id === idOrName) ?? all.find((x) => x.name.toLowerCase() === idOrName.toLowerCase());
    if (!c) throw new LedeError('not_found', `There is no class "${idOrName}"${all.length ? ` (classes: ${all.map((x) => x.name).join(', ')})` : ''}.`);
    return c;
  }

  /** The class's name, or undefined when there is no class with that id. */
  nameOf(id: string): string | undefined {
    return (this.#db.prepare('SELECT name FROM classes WHERE id = ?').get(id) as { name: string } | undefined)?.name;
  }

  /** Whether a class is called `name` (compared without case). */
  nameTaken(name: string): boolean {
    return this.#db.prepare('SELECT 1 FROM classes WHERE name = ? COLLATE NOCASE').get(name) !== undefined;
  }

  create(rawName: string, id: string = randomUUID()): ClassRow {
    const name = cleanClassName(rawName);
    if (this.nameTaken(name)) throw new LedeError('conflict', `There is already a class called "${name}".`);
    this.#db.prepare('INSERT INTO classes (id, name, created_at) VALUES (?, ?, ?)').run(id, name, now());
    return this.get(id);
  }

  rename(id: string, rawName: string): ClassRow {
    const name = cleanClassName(rawName);
    this.get(id);
    const clash = this.#db.prepare('SELECT id FROM classes WHERE name = ? COLLATE NOCASE AND id <> ?').get(name, id);
    if (clash) throw new LedeError('conflict', `There is already a class called "${name}".`);
    this.#db.prepare('UPDATE classes SET name = ? WHERE id = ?').run(name, id);
    return this.get(id);
  }

  /** Deletes the class; its students and their work stay. */
  delete(id: string): void {
    this.get(id);
    this.#db.prepare('DELETE FROM classes WHERE id = ?').run(id);
  }

  roster(classId: string): RosterStudent[] {
    this.get(classId);
    const rows = this.#db
      .prepare(
        `SELECT s.id, s.display_name AS displayName, s.roster_id AS rosterId,
           (SELECT count(*) FROM attempts a WHERE a.student_id = s.id) AS attempts
         FROM class_members m JOIN students s ON s.id = m.student_id
         WHERE m.class_id = ? ORDER BY s.display_name COLLATE NOCASE, s.id`,
      )
      .all(classId) as RosterStudent[];
    return sortByName(rows, (s) => s.displayName);
  }

  /** The class's students, ordered by name (no check that the class exists). */
  members(classId: string): ClassMember[] {
    const rows = this.#db
      .prepare(
        `SELECT s.id, s.display_name AS displayName, s.roster_id AS rosterId FROM class_members m JOIN students s ON s.id = m.student_id
         WHERE m.class_id = ? ORDER BY s.display_name COLLATE NOCASE, s.id`,
      )
      .all(classId) as ClassMember[];
    return sortByName(rows, (s) => s.displayName);
  }

  /** Every student on this computer, with the classes they are in. */
  profiles(): Profile[] {
    const rows = this.#db
      .prepare(
        `SELECT s.id, s.display_name AS displayName, s.roster_id AS rosterId, group_concat(c.name, char(31)) AS classes
         FROM students s LEFT JOIN class_members m ON m.student_id = s.id LEFT JOIN classes c ON c.id = m.class_id
         GROUP BY s.id ORDER BY s.display_name COLLATE NOCASE`,
      )
      .all() as { id: string; displayName: string; rosterId: string | null; classes: string | null }[];
    return sortByName(rows, (r) => r.displayName).map((r) => ({ ...r, classes: r.classes ? sortByName(r.classes.split('\u001f'), (c) => c) : [] }));
  }

  /** The student who has this roster id, if any. */
  studentByRosterId(rosterId: string): { id: string; displayName: string } | undefined {
    return this.#db.prepare('SELECT id, display_name AS displayName FROM students WHERE roster_id = ?').get(rosterId) as { id: string; displayName: string } | undefined;
  }

  studentExists(id: string): boolean {
    return this.#db.prepare('SELECT 1 FROM students WHERE id = ?').get(id) !== undefined;
  }

  enroll(classId: string, studentId: string): void {
    this.assertExists(classId);
    this.#db.prepare('INSERT OR IGNORE INTO class_members (class_id, student_id, added_at) VALUES (?, ?, ?)').run(classId, studentId, now());
  }

  /** Puts every one of these students in the class, or (when one no longer exists) none. */
  enrollAll(classId: string, studentIds: readonly string[]): void {
    this.#db.transaction(() => {
      for (const id of studentIds) {
        if (!this.studentExists(id)) throw new LedeError('not_found', 'One of those students no longer exists.');
        this.enroll(classId, id);
      }
    })();
  }

  unenroll(classId: string, studentId: string): void {
    this.#db.prepare('DELETE FROM class_members WHERE class_id = ? AND student_id = ?').run(classId, studentId);
  }

  /** Creates a student (or finds one by roster id) and puts them in the class. */
  addStudent(classId: string, displayName: string, rosterId?: string | null): { id: string; created: boolean } {
    const name = cleanDisplayName(displayName);
    const rid = cleanRosterId(rosterId);
    return this.#db.transaction(() => {
      this.assertExists(classId);
      if (rid) {
        const existing = this.studentByRosterId(rid);
        if (existing) {
          this.enroll(classId, existing.id);
          return { id: existing.id, created: false };
        }
      }
      const id = randomUUID();
      this.#db.prepare('INSERT INTO students (id, display_name, created_at, roster_id) VALUES (?, ?, ?, ?)').run(id, name, now(), rid);
      this.enroll(classId, id);
      return { id, created: true };
    })();
  }

  renameStudent(studentId: string, displayName: string): void {
    const r = this.#db.prepare('UPDATE students SET display_name = ? WHERE id = ?').run(cleanDisplayName(displayName), studentId);
    if (r.changes === 0) throw new LedeError('not_found', 'That student no longer exists.');
  }

  setRosterId(studentId: string, rosterId: string | null): void {
    const rid = cleanRosterId(rosterId);
    const clash = rid ? (this.#db.prepare('SELECT display_name AS n FROM students WHERE roster_id = ? AND id <> ?').get(rid, studentId) as { n: string } | undefined) : undefined;
    if (clash) throw new LedeError('conflict', `Roster id "${rid}" already belongs to ${clash.n}.`);
    this.#db.prepare('UPDATE students SET roster_id = ? WHERE id = ?').run(rid, studentId);
  }

  /**
   * Merges a duplicate into the student to keep: attempts and class memberships
   * move over, a roster id is kept if only the duplicate had one, and the
   * duplicate is removed. Nothing the student did is lost.
   */
  merge(keepId: string, duplicateId: string): void {
    if (keepId === duplicateId) throw new LedeError('invalid_input', 'Choose two different students to merge.');
    const db = this.#db;
    db.transaction(() => {
      const keep = db.prepare('SELECT roster_id FROM students WHERE id = ?').get(keepId) as { roster_id: string | null } | undefined;
      const dup = db.prepare('SELECT roster_id FROM students WHERE id = ?').get(duplicateId) as { roster_id: string | null } | undefined;
      if (!keep || !dup) throw new LedeError('not_found', 'One of those students no longer exists.');
      db.prepare('UPDATE attempts SET student_id = ? WHERE student_id = ?').run(keepId, duplicateId);
      db.prepare(`INSERT OR IGNORE INTO class_members (class_id, student_id, added_at) SELECT class_id, ?, added_at FROM class_members WHERE student_id = ?`).run(
        keepId,
        duplicateId,
      );
      db.prepare('DELETE FROM students WHERE id = ?').run(duplicateId);
      if (!keep.roster_id && dup.roster_id) db.prepare('UPDATE students SET roster_id = ? WHERE id = ?').run(dup.roster_id, keepId);
      // Renumber the kept student's attempts per lesson in the order they were started.
      const rows = db
        .prepare(
          `SELECT a.id, v.lesson_id FROM attempts a JOIN lesson_versions v ON v.id = a.lesson_version_id
           WHERE a.student_id = ? ORDER BY v.lesson_id, a.started_at, a.id`,
        )
        .all(keepId) as { id: string; lesson_id: string }[];
      let last = '';
      let n = 0;
      const set = db.prepare('UPDATE attempts SET number = ? WHERE id = ?');
      for (const r of rows) {
        n = r.lesson_id === last ? n + 1 : 1;
        last = r.lesson_id;
        set.run(n, r.id);
      }
    })();
  }

  /** Deletes a student and everything of theirs (a data-protection request). */
  deleteStudent(studentId: string): void {
    const r = this.#db.prepare('DELETE FROM students WHERE id = ?').run(studentId);
    if (r.changes === 0) throw new LedeError('not_found', 'That student no longer exists.');
  }
}
