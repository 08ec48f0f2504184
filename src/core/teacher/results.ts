import type { Lesson } from '../../shared/lesson.ts';
import type { ClassMember } from '../db/classes.ts';
import type { ClassAttemptRow, ResultStatus } from '../db/results.ts';
import { countingAttempt, countingLabel, type Counts } from '../assignments/policy.ts';
import type { Store } from '../db/store.ts';
import { roundPoints } from '../scoring/attempt.ts';
import { withNameTags } from './name-tags.ts';

// A class's results for one lesson: one row per student, one cell per step, from
// the attempt that counts (see lessonResults). Three queries whatever the class size.

/** self-assessed: the student checked a written answer against the rubric themselves (self-paced study, no teacher then). */
export type StepStatus = 'not-started' | 'not-checked' | 'scored' | 'pending' | 'graded' | 'self-assessed';

export interface StepCell {
  exerciseId: string;
  status: StepStatus;
  points: number | null;
  maxPoints: number;
}

export interface ResultRow {
  /** tag: what tells the student apart from another of the same name in the class (see name-tags.ts), or null. */
  student: { id: string; displayName: string; rosterId: string | null; tag: string | null };
  /** Attempts that can be the grade: the assignment's, or every attempt where the lesson is not assigned to the class. */
  attempts: number;
  /** With an assignment: "attempt 1 of 3 · first counts" for the attempt shown; null otherwise. */
  standing: string | null;
  /** Attempts outside the class's assignment (practice): never the grade. */
  practiceAttempts: number;
  attemptId: string | null;
  lessonVersionId: number | null;
  finished: boolean;
  /** Summed over all attempts that can be the grade: last activity minus start. */
  timeSpentMs: number;
  steps: StepCell[];
  /** Points from scored and graded steps: a total only when `gradedAll` (see lessonTotal); otherwise the points so far. */
  points: number;
  maxPoints: number;
  pending: number;
}

export interface LessonResults {
  /** The class's assignment of the lesson: its attempts, and its rule choose the attempt shown. */
  assignment: { id: string; counts: Counts; maxAttempts: number | null; dueAt: string | null } | null;
  lesson: { id: string; title: string; steps: { id: string; title: string; kind: string; points: number }[]; maxPoints: number };
  rows: ResultRow[];
}

/** The class's members, each with the tag that tells them apart from another of the same name (computed once for many lessons). */
export function taggedMembers(store: Store, classId: string): (ClassMember & { tag: string | null })[] {
  return withNameTags(store.classes.members(classId));
}

/**
 * A class's results for a lesson. Where the lesson is assigned to the class, each
 * student's row is the attempt its rule counts (first, highest or latest handed in)
 * among the attempts made for the assignment; practice attempts never are. Where it is
 * not, the row is the student's latest attempt, as before assignments existed.
 */
export function lessonResults(store: Store, classId: string, lessonId: string, members: (ClassMember & { tag: string | null })[] = taggedMembers(store, classId)): LessonResults {
  const current: Lesson = store.lessonVersion(store.currentVersionId(lessonId));
  const assignment = store.assignments.ofClassLesson(classId, lessonId);
  const byAttempt = new Map<string, Map<string, { status: ResultStatus; points: number | null }>>();
  for (const r of store.results.ofClassLesson(classId, lessonId)) {
    let m = byAttempt.get(r.attempt_id);
    if (!m) byAttempt.set(r.attempt_id, (m = new Map()));
    m.set(r.exercise_id, { status: r.status, points: r.points });
  }
  const gradedPoints = (attemptId: string) => {
    let p = 0;
    for (const r of byAttempt.get(attemptId)?.values() ?? []) if (r.status === 'scored' || r.status === 'graded') p += r.points ?? 0;
    return p;
  };
  const attemptsOf = new Map<string, ClassAttemptRow[]>();
  for (const a of store.results.classAttempts(classId, lessonId)) {
    let list = attemptsOf.get(a.student_id);
    if (!list) attemptsOf.set(a.student_id, (list = []));
    list.push(a);
  }
  const steps = current.exercises.map((e) => ({ id: e.id, title: e.title, kind: e.kind, points: e.points }));
  const rows = members.map((student): ResultRow => {
    const all = attemptsOf.get(student.id) ?? [];
    const counted = assignment ? all.filter((x) => x.assignment_id === assignment.id) : all;
    const summaries = counted.map((x) => ({ ...x, finishedAt: x.finished_at, points: gradedPoints(x.id) }));
    const a = assignment ? countingAttempt(assignment.counts, summaries) : summaries.at(-1);
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
      // A student's own check is shown, but it is not the teacher's grade: the answer still waits for one.
      if (r.status === 'pending' || r.status === 'self-assessed') pending++;
      else points += r.points ?? 0;
      return { exerciseId: s.id, status: r.status, points: r.status === 'pending' ? null : r.points, maxPoints };
    });
    return {
      student,
      attempts: counted.length,
      standing: assignment && a ? countingLabel(assignment.counts, summaries.indexOf(a) + 1, counted.length) : null,
      practiceAttempts: all.length - counted.length,
      attemptId: a?.id ?? null,
      lessonVersionId: a?.lesson_version_id ?? null,
      finished: Boolean(a?.finished_at),
      timeSpentMs: Math.max(0, Math.round(counted.reduce((t, x) => t + x.spent, 0))),
      steps: cells,
      points: roundPoints(points),
      maxPoints: steps.reduce((t, s) => t + s.points, 0),
      pending,
    };
  });
  return {
    assignment: assignment ? { id: assignment.id, counts: assignment.counts, maxAttempts: assignment.maxAttempts, dueAt: assignment.dueAt } : null,
    lesson: { id: current.id, title: current.title, steps, maxPoints: steps.reduce((t, s) => t + s.points, 0) },
    rows,
  };
}

/** A step has a grade: scored automatically, or graded by the teacher (a student's self-check is not a grade). */
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
