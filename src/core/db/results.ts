import type { Database } from 'better-sqlite3';

// Results of checked steps (store.results): one attempt's, and a class's for one
// lesson, for the teacher's results table, review and grading. Recording a result
// when a step is checked is part of the student's path (Store.submitExercise).

/**
 * scored: checked against the key; pending: a written answer waiting for the teacher;
 * graded: the teacher's grade; self-assessed: in self-paced study with no teacher, the
 * student checked the answer against the rubric (the criteria they ticked are kept).
 */
export type ResultStatus = 'scored' | 'pending' | 'graded' | 'self-assessed';

export interface StoredResult {
  exerciseId: string;
  status: ResultStatus;
  points: number | null;
  maxPoints: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
  submittedAt: string;
  /** The version of the scoring rules that gave the points (src/core/scoring/rules.ts). */
  rulesVersion: number;
}

/**
 * A result as the student's own calls read it: the teacher's comment only when the
 * teacher chose to show it to the student. A private comment is never selected on
 * that path, so it cannot reach a student's screen whatever the code above does.
 */
export interface AttemptResult extends StoredResult {
  sharedComment: string | null;
  /** Self-assessed: the positions of the rubric criteria the student said the answer meets. */
  selfCheck: number[] | null;
}

/** One attempt of a class member at a lesson (see Results.classAttempts). */
export interface ClassAttemptRow {
  id: string;
  student_id: string;
  lesson_version_id: number;
  number: number;
  assignment_id: string | null;
  finished_at: string | null;
  spent: number;
}

export interface ClassResultRow {
  attempt_id: string;
  exercise_id: string;
  status: ResultStatus;
  points: number | null;
}

export interface ReviewResultRow {
  exercise_id: string;
  status: ResultStatus;
  points: number | null;
  comment: string | null;
  /** 1: the teacher chose to show the comment to the student. */
  comment_shared: 0 | 1;
  /** Self-assessed: the criteria the student ticked (JSON array of positions). */
  self_check: string | null;
  /** The version of the scoring rules that gave the points. */
  rules_version: number;
}

/** A result scored automatically, with what re-scoring it needs (see Results.scoredOfLesson). */
export interface ScoredResultRow {
  attemptId: string;
  exerciseId: string;
  points: number;
  maxPoints: number;
  rulesVersion: number;
  lessonVersionId: number;
  studentId: string;
  attemptNumber: number;
}

/** New points for a stored result, under a version of the rules (see Results.rescore). */
export interface RescoredResult {
  attemptId: string;
  exerciseId: string;
  points: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

export class Results {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  /** One attempt's results, as its student may see them: a comment only if the teacher chose to show it. */
  ofAttempt(attemptId: string): AttemptResult[] {
    const rows = this.#db
      .prepare(
        `SELECT exercise_id AS exerciseId, status, points, max_points AS maxPoints, precision, recall, f1, submitted_at AS submittedAt, rules_version AS rulesVersion,
           CASE WHEN comment_shared = 1 AND status = 'graded' THEN comment END AS sharedComment, self_check AS selfCheck
         FROM results WHERE attempt_id = ?`,
      )
      .all(attemptId) as (Omit<AttemptResult, 'selfCheck'> & { selfCheck: string | null })[];
    return rows.map((r) => ({ ...r, selfCheck: r.selfCheck === null ? null : (JSON.parse(r.selfCheck) as number[]) }));
  }

  /**
   * The student's own check of a written answer waiting for a grade: the criteria they
   * ticked and the points those are worth. False when the answer is not waiting (not
   * handed in, graded, or self-assessed already).
   */
  selfAssess(attemptId: string, exerciseId: string, met: readonly number[], points: number, at: string): boolean {
    const r = this.#db
      .prepare(
        `UPDATE results SET status = 'self-assessed', points = ?, self_check = ?, graded_at = ?
         WHERE attempt_id = ? AND exercise_id = ? AND status = 'pending'`,
      )
      .run(points, JSON.stringify(met), at, attemptId, exerciseId);
    return r.changes > 0;
  }

  /** One attempt's results with the teacher's comments and whether each is shown to the student (for the teacher). */
  forReview(attemptId: string): ReviewResultRow[] {
    return this.#db.prepare('SELECT exercise_id, status, points, comment, comment_shared, self_check, rules_version FROM results WHERE attempt_id = ?').all(attemptId) as ReviewResultRow[];
  }

  /** Every attempt of the class members at a lesson (every version), with the assignment it was made for and its time spent (ms). */
  classAttempts(classId: string, lessonId: string): ClassAttemptRow[] {
    return this.#db
      .prepare(
        `SELECT a.id, a.student_id, a.lesson_version_id, a.number, a.assignment_id, a.finished_at,
           (julianday(a.updated_at) - julianday(a.started_at)) * 86400000.0 AS spent
         FROM attempts a
         JOIN lesson_versions v ON v.id = a.lesson_version_id
         JOIN class_members m ON m.student_id = a.student_id AND m.class_id = ?
         WHERE v.lesson_id = ?
         ORDER BY a.student_id, a.number`,
      )
      .all(classId, lessonId) as ClassAttemptRow[];
  }

  /** Every result of the class members' attempts at a lesson (every attempt, every version). */
  ofClassLesson(classId: string, lessonId: string): ClassResultRow[] {
    return this.#db
      .prepare(
        `SELECT r.attempt_id, r.exercise_id, r.status, r.points FROM results r
         JOIN attempts a ON a.id = r.attempt_id
         JOIN lesson_versions v ON v.id = a.lesson_version_id
         JOIN class_members m ON m.student_id = a.student_id AND m.class_id = ?
         WHERE v.lesson_id = ?`,
      )
      .all(classId, lessonId) as ClassResultRow[];
  }

  /** Every result scored automatically (not a written answer) of every attempt at a lesson, any version, any student. */
  scoredOfLesson(lessonId: string): ScoredResultRow[] {
    return this.#db
      .prepare(
        `SELECT r.attempt_id AS attemptId, r.exercise_id AS exerciseId, r.points, r.max_points AS maxPoints, r.rules_version AS rulesVersion,
           a.lesson_version_id AS lessonVersionId, a.student_id AS studentId, a.number AS attemptNumber
         FROM results r
         JOIN attempts a ON a.id = r.attempt_id
         JOIN lesson_versions v ON v.id = a.lesson_version_id
         WHERE v.lesson_id = ? AND r.status = 'scored'
         ORDER BY a.student_id, a.number, r.exercise_id`,
      )
      .all(lessonId) as ScoredResultRow[];
  }

  /** How many results of a lesson (any attempt, any version) were scored under a version of the rules other than `current`. */
  otherRulesCount(lessonId: string, current: number): number {
    return this.#db
      .prepare(
        `SELECT count(*) FROM results r JOIN attempts a ON a.id = r.attempt_id JOIN lesson_versions v ON v.id = a.lesson_version_id
         WHERE v.lesson_id = ? AND r.status = 'scored' AND r.rules_version <> ?`,
      )
      .pluck()
      .get(lessonId, current) as number;
  }

  /** Stores new points for results scored automatically, all under `rulesVersion`, at once. */
  rescore(results: readonly RescoredResult[], rulesVersion: number): number {
    const update = this.#db.prepare(
      `UPDATE results SET points = ?, precision = ?, recall = ?, f1 = ?, rules_version = ? WHERE attempt_id = ? AND exercise_id = ? AND status = 'scored'`,
    );
    return this.#db.transaction(() => results.reduce((n, r) => n + update.run(r.points, r.precision, r.recall, r.f1, rulesVersion, r.attemptId, r.exerciseId).changes, 0))();
  }

  /**
   * The teacher's grade for a written answer that was handed in (waiting for a
   * grade, graded before, or self-assessed by the student: the teacher's grade
   * replaces the student's own), with the comment and whether the student sees it
   * (a comment with no text is never shown). False when there is no such answer.
   */
  grade(attemptId: string, exerciseId: string, points: number, comment: string | null, shared: boolean, gradedAt: string): boolean {
    const r = this.#db
      .prepare(
        `UPDATE results SET status = 'graded', points = ?, graded_at = ?, comment = ?, comment_shared = ?, self_check = NULL
         WHERE attempt_id = ? AND exercise_id = ? AND status IN ('pending', 'graded', 'self-assessed')`,
      )
      .run(points, gradedAt, comment, shared && comment !== null ? 1 : 0, attemptId, exerciseId);
    return r.changes > 0;
  }
}
