import { LedeError } from '../../../shared/errors.ts';
import { toPublicLesson } from '../../../shared/lesson.ts';
import { roundPoints } from '../../../shared/points.ts';
import type { ReviewDto } from '../../../shared/teacher-api.ts';
import { countingAttempt, countingLabel } from '../../assignments/policy.ts';
import type { Attempt, Store } from '../../db/store.ts';
import { scoreAsStored } from '../../scoring/attempt.ts';
import { CURRENT_RULES, CURRENT_RULES_VERSION } from '../../scoring/rules.ts';
import { planRescore, RESCORE_PREVIEW_LIMIT } from '../../teacher/rescore.ts';
import { lessonResults } from '../../teacher/results.ts';
import { reactionSummary } from '../../teacher/reactions.ts';
import { toFeedback } from '../lede-service.ts';
import { ok, type HandlersFor, type TeacherDeps } from './types.ts';

// A class's results, one attempt reviewed, and the teacher's grades for written answers.

export type GradingHandlers = HandlersFor<'classResults' | 'reviewAttempt' | 'gradeAnswer' | 'rescorePreview' | 'rescoreLesson'>;

/**
 * A student's attempts at the attempt's lesson, each marked as made for the class's
 * assignment or not and whether it is the one that counts; and where this attempt
 * stands ("attempt 1 of 3 · first counts", "practice").
 */
function reviewAttempts(store: Store, attempt: Attempt): { list: ReviewDto['otherAttempts']; standing: string | null } {
  const all = store.attemptsFor(attempt.studentId, attempt.lessonId);
  const assignment = attempt.assignmentId ? store.assignments.get(attempt.assignmentId) : undefined;
  let counting: string | undefined;
  let standing: string | null = null;
  if (assignment) {
    const made = all.filter((a) => a.assignmentId === assignment.id);
    const summaries = made.map((a) => ({ id: a.id, number: a.number, finishedAt: a.finishedAt, points: gradedPoints(store, a.id) }));
    counting = countingAttempt(assignment.counts, summaries)?.id;
    const index = [...made].sort((x, y) => x.number - y.number).findIndex((a) => a.id === attempt.id) + 1;
    standing = countingLabel(assignment.counts, index, made.length);
  } else if (store.assignments.forStudent(attempt.studentId).some((a) => a.lessonId === attempt.lessonId) && !store.isLiveAttempt(attempt.id)) {
    standing = 'practice (never the grade)';
  }
  return { list: all.map((a) => ({ id: a.id, number: a.number, assignment: a.assignmentId !== null, counts: a.id === counting })), standing };
}

/** The points of an attempt's steps with a grade (scored or graded by the teacher). */
function gradedPoints(store: Store, attemptId: string): number {
  return store.results.ofAttempt(attemptId).reduce((t, r) => t + (r.status === 'scored' || r.status === 'graded' ? (r.points ?? 0) : 0), 0);
}

export function gradingHandlers({ store }: Pick<TeacherDeps, 'store'>): GradingHandlers {
  return {
    classResults: ({ classId, lessonId }) => {
      store.classes.get(classId);
      const results = lessonResults(store, classId, lessonId);
      const asks = store.lessonVersion(store.currentVersionId(lessonId)).reaction === true;
      return {
        ...results,
        olderRules: store.results.otherRulesCount(lessonId, CURRENT_RULES_VERSION),
        reactions: asks ? reactionSummary(store, results.rows.flatMap((r) => (r.attemptId ? [r.attemptId] : []))) : null,
      };
    },

    rescorePreview: ({ lessonId }) => {
      const { updates, changes, ...plan } = planRescore(store, lessonId);
      return { ...plan, toUpdate: updates.length, rulesVersion: plan.toVersion, rulesSummary: CURRENT_RULES.summary, changeCount: changes.length, changes: changes.slice(0, RESCORE_PREVIEW_LIMIT) };
    },

    rescoreLesson: ({ lessonId, token }) => {
      const plan = planRescore(store, lessonId);
      // The teacher agreed to what the preview showed: if a student has checked a step since, or another re-score ran, look again.
      if (plan.token !== token) throw new LedeError('conflict', 'The results of this lesson have changed since the preview (a student checked a step, or they were re-scored). Look at the preview again.');
      const rescored = store.results.rescore(plan.updates, plan.toVersion);
      return { rescored, changed: plan.changes.length };
    },

    reviewAttempt: ({ attemptId }): ReviewDto => {
      const attempt = store.attempt(attemptId);
      const others = reviewAttempts(store, attempt);
      const lesson = store.lessonForAttempt(attemptId);
      const answers = store.answers(attemptId);
      const stored = new Map(store.results.forReview(attemptId).map((r) => [r.exercise_id, r]));
      const feedback: ReviewDto['feedback'] = {};
      const responses: ReviewDto['responses'] = {};
      for (const ex of lesson.exercises) {
        const s = stored.get(ex.id);
        const asStored = s
          ? {
              exerciseId: ex.id,
              status: s.status,
              points: s.points,
              maxPoints: ex.points,
              precision: null,
              recall: null,
              f1: null,
              submittedAt: '',
              rulesVersion: s.rules_version,
              selfCheck: s.self_check === null ? null : (JSON.parse(s.self_check) as number[]),
            }
          : undefined;
        feedback[ex.id] = toFeedback(scoreAsStored(ex, answers[ex.id], asStored), asStored);
        const a = answers[ex.id];
        if (ex.kind !== 'highlight' && a) responses[ex.id] = a;
      }
      return {
        attempt: { id: attempt.id, number: attempt.number, startedAt: attempt.startedAt, updatedAt: attempt.updatedAt, finishedAt: attempt.finishedAt },
        student: (({ id, displayName }) => ({ id, displayName }))(store.student(attempt.studentId)),
        otherAttempts: others.list,
        standing: others.standing,
        lesson: toPublicLesson(lesson),
        highlights: store.highlights(attemptId),
        responses,
        reactions: lesson.reaction ? store.reactions.ofAttempt(attemptId) : [],
        feedback,
        steps: lesson.exercises.map((ex) => {
          const s = stored.get(ex.id);
          return {
            exerciseId: ex.id,
            status: s?.status ?? 'not-checked',
            points: s?.points ?? null,
            comment: s?.comment ?? null,
            commentShared: s?.comment_shared === 1,
            modelAnswer: ex.kind === 'short-answer' ? (ex.modelAnswer ?? null) : null,
          };
        }),
      };
    },

    gradeAnswer: ({ attemptId, exerciseId, points, comment, shareComment }) => {
      const lesson = store.lessonForAttempt(attemptId);
      const ex = lesson.exercises.find((e) => e.id === exerciseId);
      if (!ex || ex.kind !== 'short-answer') throw new LedeError('invalid_input', 'Only written answers are graded by hand.');
      if (points > ex.points) throw new LedeError('invalid_input', `This answer is worth at most ${ex.points} points.`);
      const graded = store.results.grade(attemptId, exerciseId, roundPoints(points), comment.trim() || null, shareComment, new Date().toISOString());
      if (!graded) throw new LedeError('conflict', 'The student has not handed this answer in yet.');
      return ok;
    },
  };
}
