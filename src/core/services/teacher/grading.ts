import { LedeError } from '../../../shared/errors.ts';
import { toPublicLesson } from '../../../shared/lesson.ts';
import { roundPoints } from '../../../shared/points.ts';
import type { ReviewDto } from '../../../shared/teacher-api.ts';
import { scoreExercise } from '../../scoring/attempt.ts';
import { lessonResults } from '../../teacher/results.ts';
import { toFeedback } from '../lede-service.ts';
import { ok, type HandlersFor, type TeacherDeps } from './types.ts';

// A class's results, one attempt reviewed, and the teacher's grades for written answers.

export type GradingHandlers = HandlersFor<'classResults' | 'reviewAttempt' | 'gradeAnswer'>;

export function gradingHandlers({ store }: Pick<TeacherDeps, 'store'>): GradingHandlers {
  return {
    classResults: ({ classId, lessonId }) => {
      store.classes.get(classId);
      return lessonResults(store, classId, lessonId);
    },

    reviewAttempt: ({ attemptId }): ReviewDto => {
      const attempt = store.attempt(attemptId);
      const lesson = store.lessonForAttempt(attemptId);
      const answers = store.answers(attemptId);
      const stored = new Map(store.results.forReview(attemptId).map((r) => [r.exercise_id, r]));
      const feedback: ReviewDto['feedback'] = {};
      const responses: ReviewDto['responses'] = {};
      for (const ex of lesson.exercises) {
        const s = stored.get(ex.id);
        feedback[ex.id] = toFeedback(
          scoreExercise(ex, answers[ex.id]),
          s
            ? { exerciseId: ex.id, status: s.status, points: s.points, maxPoints: ex.points, precision: null, recall: null, f1: null, submittedAt: '', selfCheck: s.self_check === null ? null : (JSON.parse(s.self_check) as number[]) }
            : undefined,
        );
        const a = answers[ex.id];
        if (ex.kind !== 'highlight' && a) responses[ex.id] = a;
      }
      return {
        attempt: { id: attempt.id, number: attempt.number, startedAt: attempt.startedAt, updatedAt: attempt.updatedAt, finishedAt: attempt.finishedAt },
        student: (({ id, displayName }) => ({ id, displayName }))(store.student(attempt.studentId)),
        otherAttempts: store.attemptsFor(attempt.studentId, attempt.lessonId).map((a) => ({ id: a.id, number: a.number })),
        lesson: toPublicLesson(lesson),
        highlights: store.highlights(attemptId),
        responses,
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
