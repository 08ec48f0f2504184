import type { Lesson } from '../../shared/lesson.ts';
import type { Store } from '../db/store.ts';
import { roundPoints } from '../scoring/attempt.ts';

// A class's results for one lesson: one row per student, one cell per step, from
// each student's latest attempt. Two queries whatever the class size.

export type StepStatus = 'not-started' | 'not-checked' | 'scored' | 'pending' | 'graded';

export interface StepCell {
  exerciseId: string;
  status: StepStatus;
  points: number | null;
  maxPoints: number;
}

export interface ResultRow {
  student: { id: string; displayName: string; rosterId: string | null };
  attempts: number;
  attemptId: string | null;
  lessonVersionId: number | null;
  finished: boolean;
  /** Summed over all attempts: last activity minus start. */
  timeSpentMs: number;
  steps: StepCell[];
  /** Points from scored and graded steps: a total only when `gradedAll` (see lessonTotal); otherwise the points so far. */
  points: number;
  maxPoints: number;
  pending: number;
}

export interface LessonResults {
  lesson: { id: string; title: string; steps: { id: string; title: string; kind: string; points: number }[]; maxPoints: number };
  rows: ResultRow[];
}

export interface ClassMember {
  id: string;
  displayName: string;
  rosterId: string | null;
}

export function classMembers(store: Store, classId: string): ClassMember[] {
  return store.db
    .prepare(
      `SELECT s.id, s.display_name AS displayName, s.roster_id AS rosterId FROM class_members m JOIN students s ON s.id = m.student_id
       WHERE m.class_id = ? ORDER BY s.display_name COLLATE NOCASE, s.id`,
    )
    .all(classId) as ClassMember[];
}

interface LatestRow {
  id: string;
  student_id: string;
  lesson_version_id: number;
  finished_at: string | null;
  n: number;
  spent: number;
}

/** Each class member's latest attempt at a lesson, with their attempt count and time spent. */
export function latestAttempts(store: Store, classId: string, lessonId: string): Map<string, LatestRow> {
  const rows = store.db
    .prepare(
      `WITH a AS (
         SELECT a.id, a.student_id, a.lesson_version_id, a.finished_at,
           row_number() OVER (PARTITION BY a.student_id ORDER BY a.number DESC, a.started_at DESC) AS rn,
           count(*) OVER (PARTITION BY a.student_id) AS n,
           sum((julianday(a.updated_at) - julianday(a.started_at)) * 86400000.0) OVER (PARTITION BY a.student_id) AS spent
         FROM attempts a
         JOIN lesson_versions v ON v.id = a.lesson_version_id
         JOIN class_members m ON m.student_id = a.student_id AND m.class_id = ?
         WHERE v.lesson_id = ?)
       SELECT id, student_id, lesson_version_id, finished_at, n, spent FROM a WHERE rn = 1`,
    )
    .all(classId, lessonId) as LatestRow[];
  return new Map(rows.map((r) => [r.student_id, r]));
}

export function lessonResults(store: Store, classId: string, lessonId: string, members: ClassMember[] = classMembers(store, classId)): LessonResults {
  const current: Lesson = store.lessonVersion(store.currentVersionId(lessonId));
  const latest = latestAttempts(store, classId, lessonId);
  const results = store.db
    .prepare(
      `SELECT r.attempt_id, r.exercise_id, r.status, r.points FROM results r
       JOIN attempts a ON a.id = r.attempt_id
       JOIN lesson_versions v ON v.id = a.lesson_version_id
       JOIN class_members m ON m.student_id = a.student_id AND m.class_id = ?
       WHERE v.lesson_id = ?`,
    )
    .all(classId, lessonId) as { attempt_id: string; exercise_id: string; status: 'scored' | 'pending' | 'graded'; points: number | null }[];
  const byAttempt = new Map<string, Map<string, { status: 'scored' | 'pending' | 'graded'; points: number | null }>>();
  for (const r of results) {
    let m = byAttempt.get(r.attempt_id);
    if (!m) byAttempt.set(r.attempt_id, (m = new Map()));
    m.set(r.exercise_id, { status: r.status, points: r.points });
  }
  const steps = current.exercises.map((e) => ({ id: e.id, title: e.title, kind: e.kind, points: e.points }));
  const rows = members.map((student): ResultRow => {
    const a = latest.get(student.id);
    const version = a ? store.lessonVersion(a.lesson_version_id) : current;
    const done = a ? byAttempt.get(a.id) : undefined;
    let points = 0;
    let pending = 0;
    const cells = steps.map((s): StepCell => {
      const ex = version.exercises.find((e) => e.id === s.id);
      const maxPoints = ex?.points ?? s.points;
      const r = done?.get(s.id);
      if (!a) return { exerciseId: s.id, status: 'not-started', points: null, maxPoints };
      if (!r) return { exerciseId: s.id, status: 'not-checked', points: null, maxPoints };
      if (r.status === 'pending') pending++;
      else points += r.points ?? 0;
      return { exerciseId: s.id, status: r.status, points: r.status === 'pending' ? null : r.points, maxPoints };
    });
    return {
      student,
      attempts: a?.n ?? 0,
      attemptId: a?.id ?? null,
      lessonVersionId: a?.lesson_version_id ?? null,
      finished: Boolean(a?.finished_at),
      timeSpentMs: Math.max(0, Math.round(a?.spent ?? 0)),
      steps: cells,
      points: roundPoints(points),
      maxPoints: steps.reduce((t, s) => t + s.points, 0),
      pending,
    };
  });
  return { lesson: { id: current.id, title: current.title, steps, maxPoints: steps.reduce((t, s) => t + s.points, 0) }, rows };
}

/** A step has a grade: scored automatically, or graded by the teacher. */
export function hasGrade(c: StepCell): boolean {
  return c.status === 'scored' || c.status === 'graded';
}

/**
 * The lesson total as a grade: a number only when every step it counts has a
 * grade; otherwise null, "no grade yet" (not started, a step not checked, or an
 * answer waiting for the teacher) — never a partial sum nor a zero, so a
 * gradebook that imports it never overwrites a grade with less than it is.
 */
export function lessonTotal(row: ResultRow): number | null {
  return row.steps.length > 0 && row.steps.every(hasGrade) ? row.points : null;
}
