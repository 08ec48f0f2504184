import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { AssignmentRecord, AssignmentSettings } from '../assignments/policy.ts';

// Assignments (store.assignments): a lesson given to a class, with its dates, its
// number of attempts, the attempt that counts and when the key is shown; and which
// attempts were made for it. What the settings mean is decided in
// src/core/assignments/policy.ts; this file only stores and reads them.

interface AssignmentDbRow {
  id: string;
  class_id: string;
  class_name: string;
  lesson_id: string;
  opens_at: string;
  due_at: string | null;
  max_attempts: number | null;
  counts: AssignmentRecord['counts'];
  key_shown: AssignmentRecord['keyShown'];
  key_released_at: string | null;
  created_at: string;
  updated_at: string;
}

const toRecord = (r: AssignmentDbRow): AssignmentRecord => ({
  id: r.id,
  classId: r.class_id,
  className: r.class_name,
  lessonId: r.lesson_id,
  opensAt: r.opens_at,
  dueAt: r.due_at,
  maxAttempts: r.max_attempts,
  counts: r.counts,
  keyShown: r.key_shown,
  keyReleasedAt: r.key_released_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const SELECT = `SELECT s.*, c.name AS class_name FROM assignments s JOIN classes c ON c.id = s.class_id`;

/** One attempt made for an assignment, as the policy needs it. */
export interface AssignmentAttemptRow {
  id: string;
  studentId: string;
  number: number;
  startedAt: string;
  finishedAt: string | null;
}

export class Assignments {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  get(id: string): AssignmentRecord | undefined {
    const r = this.#db.prepare(`${SELECT} WHERE s.id = ?`).get(id) as AssignmentDbRow | undefined;
    return r && toRecord(r);
  }

  /** A class's assignment of a lesson, if there is one. */
  ofClassLesson(classId: string, lessonId: string): AssignmentRecord | undefined {
    const r = this.#db.prepare(`${SELECT} WHERE s.class_id = ? AND s.lesson_id = ?`).get(classId, lessonId) as AssignmentDbRow | undefined;
    return r && toRecord(r);
  }

  ofClass(classId: string): AssignmentRecord[] {
    return (this.#db.prepare(`${SELECT} WHERE s.class_id = ? ORDER BY s.opens_at, s.created_at`).all(classId) as AssignmentDbRow[]).map(toRecord);
  }

  ofLesson(lessonId: string): AssignmentRecord[] {
    return (this.#db.prepare(`${SELECT} WHERE s.lesson_id = ?`).all(lessonId) as AssignmentDbRow[]).map(toRecord);
  }

  /** The assignments of every class the student is in. */
  forStudent(studentId: string): AssignmentRecord[] {
    return (
      this.#db
        .prepare(`${SELECT} JOIN class_members m ON m.class_id = s.class_id AND m.student_id = ? ORDER BY coalesce(s.due_at, '9999'), s.opens_at`)
        .all(studentId) as AssignmentDbRow[]
    ).map(toRecord);
  }

  /** Every assignment (for a backup of everything, and the rule that holds a lesson's key for practice). */
  all(): AssignmentRecord[] {
    return (this.#db.prepare(SELECT).all() as AssignmentDbRow[]).map(toRecord);
  }

  isMember(classId: string, studentId: string): boolean {
    return this.#db.prepare('SELECT 1 FROM class_members WHERE class_id = ? AND student_id = ?').get(classId, studentId) !== undefined;
  }

  create(classId: string, lessonId: string, s: AssignmentSettings, at: string): AssignmentRecord {
    const id = randomUUID();
    this.#db
      .prepare(
        `INSERT INTO assignments (id, class_id, lesson_id, opens_at, due_at, max_attempts, counts, key_shown, key_released_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)`,
      )
      .run(id, classId, lessonId, s.opensAt, s.dueAt, s.maxAttempts, s.counts, s.keyShown, at, at);
    return this.get(id)!;
  }

  /** Restores an assignment from a backup exactly as it was (id and times kept). */
  insertRecord(a: AssignmentRecord): void {
    this.#db
      .prepare(
        `INSERT INTO assignments (id, class_id, lesson_id, opens_at, due_at, max_attempts, counts, key_shown, key_released_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(a.id, a.classId, a.lessonId, a.opensAt, a.dueAt, a.maxAttempts, a.counts, a.keyShown, a.keyReleasedAt, a.createdAt, a.updatedAt);
  }

  update(id: string, s: AssignmentSettings, at: string): void {
    this.#db
      // A release is for the rule it was given under: changing the rule takes it back.
      .prepare(
        `UPDATE assignments SET opens_at = ?, due_at = ?, max_attempts = ?, counts = ?, key_shown = ?,
           key_released_at = CASE WHEN key_shown = ? THEN key_released_at END, updated_at = ? WHERE id = ?`,
      )
      .run(s.opensAt, s.dueAt, s.maxAttempts, s.counts, s.keyShown, s.keyShown, at, id);
  }

  setDue(id: string, dueAt: string, at: string): void {
    this.#db.prepare(`UPDATE assignments SET due_at = ?, updated_at = ? WHERE id = ?`).run(dueAt, at, id);
  }

  release(id: string, at: string): void {
    this.#db.prepare(`UPDATE assignments SET key_released_at = coalesce(key_released_at, ?), updated_at = ? WHERE id = ?`).run(at, at, id);
  }

  delete(id: string): void {
    this.#db.prepare('DELETE FROM assignments WHERE id = ?').run(id);
  }

  /** The attempts made for an assignment (by every student, or one), oldest first. */
  attempts(assignmentId: string, studentId?: string): AssignmentAttemptRow[] {
    const sql = `SELECT id, student_id AS studentId, number, started_at AS startedAt, finished_at AS finishedAt FROM attempts
       WHERE assignment_id = ?${studentId ? ' AND student_id = ?' : ''} ORDER BY number`;
    return (studentId ? this.#db.prepare(sql).all(assignmentId, studentId) : this.#db.prepare(sql).all(assignmentId)) as AssignmentAttemptRow[];
  }

  /** The assignment an attempt was made for, if any. */
  ofAttempt(attemptId: string): AssignmentRecord | undefined {
    const r = this.#db.prepare(`${SELECT} JOIN attempts a ON a.assignment_id = s.id WHERE a.id = ?`).get(attemptId) as AssignmentDbRow | undefined;
    return r && toRecord(r);
  }

  /** Attempts not handed in whose assignment's due date has passed. */
  overdueAttempts(now: string): string[] {
    return this.#db
      .prepare(`SELECT a.id FROM attempts a JOIN assignments s ON s.id = a.assignment_id WHERE a.finished_at IS NULL AND s.due_at IS NOT NULL AND s.due_at <= ?`)
      .pluck()
      .all(now) as string[];
  }

  // ── Whether a lesson is in every student's library ─────────────────────

  inLibrary(lessonId: string): boolean {
    return this.#db.prepare('SELECT in_library FROM lessons WHERE id = ?').pluck().get(lessonId) !== 0;
  }

  /** Lessons kept back from the library (shown only where assigned). */
  keptBack(): Set<string> {
    return new Set(this.#db.prepare('SELECT id FROM lessons WHERE in_library = 0').pluck().all() as string[]);
  }

  setInLibrary(lessonId: string, inLibrary: boolean): boolean {
    return this.#db.prepare('UPDATE lessons SET in_library = ? WHERE id = ?').run(inLibrary ? 1 : 0, lessonId).changes > 0;
  }
}
