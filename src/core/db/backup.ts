import type { Database, Statement } from 'better-sqlite3';
import type { StoredResult } from './results.ts';

// The rows a results backup is made of and written back from (store.backup). What
// a backup file may contain, and every check of it, is in export/backup-*.ts; the
// import runs in one transaction (Store.inTransaction) around these writes.

export interface StudentRecord {
  id: string;
  displayName: string;
  rosterId: string | null;
  createdAt: string;
}

export interface AttemptRecord {
  id: string;
  studentId: string;
  lessonId: string;
  lessonHash: string;
  number: number;
  currentStep: number;
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
  /** The assignment it was made for (null: practice). */
  assignmentId: string | null;
  /** The lesson version it was made on. */
  vid: number;
}

export interface HighlightRecord {
  id: string;
  exerciseId: string;
  start: number;
  end: number;
  label: string;
  createdAt: string;
  updatedAt: string;
}

export interface ResponseRecord {
  exerciseId: string;
  /** JSON: the ids of the options chosen. */
  choices: string | null;
  text: string | null;
  /** JSON: an evidence step's verdicts. */
  claims: string | null;
  updatedAt: string;
}

/** A stored result as a backup carries it: with the grading date, the teacher's comment and whether the student sees it, and a self-check's criteria. */
export interface ResultRecord extends StoredResult {
  gradedAt: string | null;
  comment: string | null;
  commentShared: boolean;
  selfCheck: number[] | null;
}

export class BackupRecords {
  readonly #db: Database;
  readonly #statements = new Map<string, Statement>();

  constructor(db: Database) {
    this.#db = db;
  }

  /** Prepared once: an import runs the same statements for every record. */
  #stmt(sql: string): Statement {
    let s = this.#statements.get(sql);
    if (!s) this.#statements.set(sql, (s = this.#db.prepare(sql)));
    return s;
  }

  // ── Reading a class ─────────────────────────────────────────────────────

  students(classId: string): StudentRecord[] {
    return this.#stmt(
      `SELECT s.id, s.display_name AS displayName, s.roster_id AS rosterId, s.created_at AS createdAt
       FROM class_members m JOIN students s ON s.id = m.student_id WHERE m.class_id = ? ORDER BY s.id`,
    ).all(classId) as StudentRecord[];
  }

  attempts(classId: string): AttemptRecord[] {
    return this.#stmt(
      `SELECT a.id, a.student_id AS studentId, v.lesson_id AS lessonId, v.hash AS lessonHash, a.number, a.current_step AS currentStep,
         a.started_at AS startedAt, a.updated_at AS updatedAt, a.finished_at AS finishedAt, a.assignment_id AS assignmentId, a.lesson_version_id AS vid
       FROM attempts a JOIN lesson_versions v ON v.id = a.lesson_version_id
       JOIN class_members m ON m.student_id = a.student_id AND m.class_id = ?
       -- An attempt made for another class's assignment belongs to that class's backup.
       WHERE a.assignment_id IS NULL OR a.assignment_id IN (SELECT id FROM assignments WHERE class_id = m.class_id)
       ORDER BY a.id`,
    ).all(classId) as AttemptRecord[];
  }

  highlights(attemptId: string): HighlightRecord[] {
    return this.#stmt(
      `SELECT id, exercise_id AS exerciseId, start_offset AS start, end_offset AS "end", label, created_at AS createdAt, updated_at AS updatedAt
       FROM highlights WHERE attempt_id = ? ORDER BY id`,
    ).all(attemptId) as HighlightRecord[];
  }

  responses(attemptId: string): ResponseRecord[] {
    return this.#stmt(`SELECT exercise_id AS exerciseId, choices, text, claims, updated_at AS updatedAt FROM responses WHERE attempt_id = ? ORDER BY exercise_id`).all(
      attemptId,
    ) as ResponseRecord[];
  }

  results(attemptId: string): ResultRecord[] {
    const rows = this.#stmt(
      `SELECT exercise_id AS exerciseId, status, points, max_points AS maxPoints, precision, recall, f1, submitted_at AS submittedAt, graded_at AS gradedAt, comment,
         comment_shared AS commentShared, self_check AS selfCheck, rules_version AS rulesVersion
       FROM results WHERE attempt_id = ? ORDER BY exercise_id`,
    ).all(attemptId) as (Omit<ResultRecord, 'commentShared' | 'selfCheck'> & { commentShared: 0 | 1; selfCheck: string | null })[];
    return rows.map((r) => ({ ...r, commentShared: r.commentShared === 1, selfCheck: r.selfCheck === null ? null : (JSON.parse(r.selfCheck) as number[]) }));
  }

  // ── Writing an import ───────────────────────────────────────────────────

  insertStudent(s: StudentRecord): void {
    this.#stmt('INSERT INTO students (id, display_name, created_at, roster_id) VALUES (?, ?, ?, ?)').run(s.id, s.displayName, s.createdAt, s.rosterId);
  }

  /** The attempt stored here under this id, if any. */
  storedAttempt(id: string): { studentId: string; lessonVersionId: number; startedAt: string; assignmentId: string | null } | undefined {
    return this.#stmt('SELECT student_id AS studentId, lesson_version_id AS lessonVersionId, started_at AS startedAt, assignment_id AS assignmentId FROM attempts WHERE id = ?').get(id) as
      | { studentId: string; lessonVersionId: number; startedAt: string; assignmentId: string | null }
      | undefined;
  }

  highlightExists(id: string): boolean {
    return this.#stmt('SELECT 1 FROM highlights WHERE id = ?').get(id) !== undefined;
  }

  /** Whether the student has an attempt with this number at the lesson (any version). */
  attemptNumberTaken(studentId: string, lessonId: string, number: number): boolean {
    return (
      this.#stmt(`SELECT 1 FROM attempts a JOIN lesson_versions v ON v.id = a.lesson_version_id WHERE a.student_id = ? AND v.lesson_id = ? AND a.number = ?`).get(
        studentId,
        lessonId,
        number,
      ) !== undefined
    );
  }

  /** The student's highest attempt number at the lesson (0: none). */
  lastAttemptNumber(studentId: string, lessonId: string): number {
    const row = this.#stmt(`SELECT coalesce(max(a.number), 0) AS m FROM attempts a JOIN lesson_versions v ON v.id = a.lesson_version_id WHERE a.student_id = ? AND v.lesson_id = ?`).get(
      studentId,
      lessonId,
    ) as { m: number };
    return row.m;
  }

  insertAttempt(a: Omit<AttemptRecord, 'lessonId' | 'lessonHash'>): void {
    this.#stmt('INSERT INTO attempts (id, student_id, lesson_version_id, number, current_step, started_at, updated_at, finished_at, assignment_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
      a.id,
      a.studentId,
      a.vid,
      a.number,
      a.currentStep,
      a.startedAt,
      a.updatedAt,
      a.finishedAt,
      a.assignmentId,
    );
  }

  insertHighlight(attemptId: string, h: HighlightRecord): void {
    this.#stmt('INSERT INTO highlights (id, attempt_id, exercise_id, start_offset, end_offset, label, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
      h.id,
      attemptId,
      h.exerciseId,
      h.start,
      h.end,
      h.label,
      h.createdAt,
      h.updatedAt,
    );
  }

  insertResponse(attemptId: string, r: ResponseRecord): void {
    this.#stmt('INSERT INTO responses (attempt_id, exercise_id, choices, text, claims, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(attemptId, r.exerciseId, r.choices, r.text, r.claims, r.updatedAt);
  }

  insertResult(attemptId: string, r: ResultRecord): void {
    this.#stmt(
      `INSERT INTO results (attempt_id, exercise_id, status, points, max_points, precision, recall, f1, submitted_at, graded_at, comment, comment_shared, self_check, rules_version)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      attemptId,
      r.exerciseId,
      r.status,
      r.points,
      r.maxPoints,
      r.precision,
      r.recall,
      r.f1,
      r.submittedAt,
      r.gradedAt,
      r.comment,
      r.commentShared ? 1 : 0,
      r.selfCheck === null ? null : JSON.stringify(r.selfCheck),
      r.rulesVersion,
    );
  }
}
