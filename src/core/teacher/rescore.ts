import { createHash } from 'node:crypto';
import type { Lesson } from '../../shared/lesson.ts';
import type { RescoredResult } from '../db/results.ts';
import type { Store } from '../db/store.ts';
import { scoreExercise } from '../scoring/attempt.ts';
import { CURRENT_RULES, CURRENT_RULES_VERSION } from '../scoring/rules.ts';
import { withNameTags } from './name-tags.ts';

// Re-scoring a lesson's stored results under today's scoring rules. Every result
// keeps the points it was given and the version of the rules that gave them
// (results.rules_version) until a teacher re-scores: first a preview of what would
// change (student by student, step by step), then the change itself, refused if the
// results have moved since the preview. Written answers are never touched: their
// points are the teacher's grade or the rubric's, not the scorer's.

/** At most this many changes are listed in a preview (all are counted, and all are made). */
export const RESCORE_PREVIEW_LIMIT = 500;

export interface RescoreChange {
  attemptId: string;
  attemptNumber: number;
  student: { id: string; displayName: string; tag: string | null };
  exerciseId: string;
  stepTitle: string;
  before: number;
  after: number;
  maxPoints: number;
  /** The version of the rules that gave `before`. */
  fromVersion: number;
}

export interface RescorePlan {
  lessonId: string;
  lessonTitle: string;
  toVersion: number;
  /** Results scored automatically, on this computer, at any version of the lesson. */
  scored: number;
  /** Of those, scored under an earlier version of the rules. */
  older: number;
  /** Every result whose points would change, students in name order. */
  changes: RescoreChange[];
  /** Every result to store again (changed points, or only the version of the rules). */
  updates: RescoredResult[];
  /** Names this plan: the change is made only while the results are what the preview showed. */
  token: string;
}

/** What re-scoring a lesson's results under today's rules would change (nothing is stored). */
export function planRescore(store: Store, lessonId: string): RescorePlan {
  const lessonTitle = store.lessonVersion(store.currentVersionId(lessonId)).title;
  const rows = store.results.scoredOfLesson(lessonId);
  const versions = new Map<number, Lesson>();
  const lessonOf = (vid: number) => {
    let l = versions.get(vid);
    if (!l) versions.set(vid, (l = store.lessonVersion(vid)));
    return l;
  };
  const answers = new Map<string, ReturnType<Store['answers']>>();
  const answersOf = (attemptId: string) => {
    let a = answers.get(attemptId);
    if (!a) answers.set(attemptId, (a = store.answers(attemptId)));
    return a;
  };
  const ids = new Set(rows.map((r) => r.studentId));
  const students = new Map(withNameTags(store.classes.profiles().filter((p) => ids.has(p.id))).map((s) => [s.id, s]));
  const changes: RescoreChange[] = [];
  const updates: RescoredResult[] = [];
  let older = 0;
  for (const r of rows) {
    if (r.rulesVersion !== CURRENT_RULES_VERSION) older++;
    const lesson = lessonOf(r.lessonVersionId);
    const ex = lesson.exercises.find((e) => e.id === r.exerciseId);
    if (!ex || ex.kind === 'short-answer') continue;
    const now = scoreExercise(ex, answersOf(r.attemptId)[ex.id], CURRENT_RULES);
    if (now.kind === 'short-answer') continue;
    const moved = Math.abs(now.points - r.points) > 0.005;
    if (!moved && r.rulesVersion === CURRENT_RULES_VERSION) continue;
    const h = now.kind === 'highlight' ? now.highlight.semeval : null;
    updates.push({ attemptId: r.attemptId, exerciseId: r.exerciseId, points: now.points, precision: h?.precision ?? null, recall: h?.recall ?? null, f1: h?.f1 ?? null });
    if (moved) {
      const s = students.get(r.studentId)!;
      changes.push({
        attemptId: r.attemptId,
        attemptNumber: r.attemptNumber,
        student: { id: s.id, displayName: s.displayName, tag: s.tag },
        exerciseId: ex.id,
        stepTitle: ex.title,
        before: r.points,
        after: now.points,
        maxPoints: r.maxPoints,
        fromVersion: r.rulesVersion,
      });
    }
  }
  const versionOf = new Map(rows.map((r) => [r.attemptId, r.lessonVersionId]));
  const order = (c: RescoreChange) => lessonOf(versionOf.get(c.attemptId)!).exercises.findIndex((e) => e.id === c.exerciseId);
  changes.sort((a, b) => a.student.displayName.localeCompare(b.student.displayName) || a.student.id.localeCompare(b.student.id) || a.attemptNumber - b.attemptNumber || order(a) - order(b));
  const token = createHash('sha256')
    .update(JSON.stringify([CURRENT_RULES_VERSION, rows.map((r) => [r.attemptId, r.exerciseId, r.points, r.rulesVersion]), updates.map((u) => u.points)]))
    .digest('hex')
    .slice(0, 32);
  return { lessonId, lessonTitle, toVersion: CURRENT_RULES_VERSION, scored: rows.length, older, changes, updates, token };
}
