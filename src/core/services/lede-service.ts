import type { z } from 'zod';
import type { ApiDef, ApiOutput, AttemptStateDto, LessonCardDto, StepFeedbackDto } from '../../shared/api.ts';
import type { ApiName } from '../../shared/api-names.ts';
import { LedeError } from '../../shared/errors.ts';
import { readingMinutes, toPublicLesson } from '../../shared/lesson.ts';
import { roundPoints } from '../../shared/points.ts';
import type { AttemptResult, StoredResult } from '../db/results.ts';
import type { Store } from '../db/store.ts';
import type { Exercise } from '../../shared/lesson.ts';
import type { CallContext } from './context.ts';
import { keyItemRows, scoreExercise, type ExerciseResult } from '../scoring/attempt.ts';
import { cleanTypedName } from '../teacher/names.ts';

type ClassroomCall = 'classroomJoin' | 'classroomPick' | 'classroomMe';
type Handler<K extends ApiName> = (input: z.output<ApiDef[K]['input']>, ctx: CallContext) => ApiOutput<K> | Promise<ApiOutput<K>>;

/** The student's calls. The classroom ones exist only on a classroom session's server. */
export type Handlers = { [K in Exclude<ApiName, ClassroomCall>]: Handler<K> } & { [K in ClassroomCall]?: Handler<K> };

/** Real articles first, then the practice articles written for Lede; otherwise in the store's order. */
function practiceLast(cards: LessonCardDto[]): LessonCardDto[] {
  return [...cards.filter((c) => !c.practice), ...cards.filter((c) => c.practice)];
}

/** What a written answer's feedback needs beyond its result: whether a self-check is offered, and the model answer it leads to. */
export interface ShortAnswerContext {
  /** No teacher will grade this attempt (self-paced study, the student in no class, no live class). */
  selfCheckOffered: boolean;
  /** The model answer, where a self-check may show it: on a computer that teaches no class (see shortAnswerContext). */
  modelAnswer?: string;
}

/**
 * The feedback a student sees once a step is checked: the key, with explanations, and
 * a teacher's comment only when `stored` carries one shown to the student (AttemptResult).
 * A written answer's model answer only once the student has checked it themselves (and only where
 * `shortAnswer` carries it: see shortAnswerContext).
 */
export function toFeedback(
  r: ExerciseResult,
  stored?: StoredResult & Partial<Pick<AttemptResult, 'sharedComment' | 'selfCheck'>>,
  shortAnswer?: ShortAnswerContext,
): StepFeedbackDto {
  switch (r.kind) {
    case 'highlight': {
      const h = r.highlight;
      return {
        kind: 'highlight',
        exerciseId: r.exerciseId,
        points: r.points,
        maxPoints: r.maxPoints,
        itemRecall: h.itemRecall,
        spanPrecision: h.spanPrecision,
        score: h.score,
        found: h.found,
        total: h.total,
        items: keyItemRows(h),
        extraSpans: h.extraSpans.map((s, i) => {
          const note = r.extraNotes[i];
          return note ? { ...s, note } : s;
        }),
      };
    }
    case 'evidence':
      return { kind: 'evidence', exerciseId: r.exerciseId, points: r.points, maxPoints: r.maxPoints, fraction: r.evidence.fraction, claims: r.evidence.claims };
    case 'choice':
      return { kind: 'choice', exerciseId: r.exerciseId, points: r.points, maxPoints: r.maxPoints, fraction: r.choice.fraction, options: r.choice.options };
    case 'short-answer': {
      const status = stored?.status === 'graded' || stored?.status === 'self-assessed' ? stored.status : 'pending';
      return {
        kind: 'short-answer',
        exerciseId: r.exerciseId,
        status,
        points: status === 'pending' ? null : (stored?.points ?? null),
        maxPoints: r.maxPoints,
        text: r.text,
        ...(status === 'graded' && stored?.sharedComment ? { comment: stored.sharedComment } : {}),
        ...(status === 'pending' && shortAnswer?.selfCheckOffered ? { selfCheckOffered: true } : {}),
        ...(status === 'pending' && shortAnswer?.selfCheckOffered && shortAnswer.modelAnswer !== undefined ? { modelAnswerFollows: true } : {}),
        ...(status === 'self-assessed' ? { met: stored?.selfCheck ?? [] } : {}),
        ...(status === 'self-assessed' && shortAnswer?.modelAnswer !== undefined ? { modelAnswer: shortAnswer.modelAnswer } : {}),
      };
    }
  }
}

/**
 * A written answer's context in an attempt (see ShortAnswerContext); undefined for other steps.
 * The model answer is part of the key: it goes to a student only on a computer where no class is
 * taught (a student's own), never where a teacher's classes are — there any student could make a
 * profile of no class, check an answer and pass the model answer on.
 */
function shortAnswerContext(store: Store, ex: Exercise, noTeacher: boolean): ShortAnswerContext | undefined {
  if (ex.kind !== 'short-answer') return undefined;
  const shown = noTeacher && ex.modelAnswer !== undefined && !store.teachesClasses();
  return { selfCheckOffered: noTeacher, ...(shown ? { modelAnswer: ex.modelAnswer } : {}) };
}

/** Everything a student's client holds about one attempt (never a key it has not earned). */
export function attemptState(store: Store, attemptId: string): AttemptStateDto {
  const attempt = store.attempt(attemptId);
  const lesson = store.lessonForAttempt(attemptId);
  const answers = store.answers(attemptId);
  const results = new Map(store.results.ofAttempt(attemptId).map((r) => [r.exerciseId, r]));
  const responses: AttemptStateDto['responses'] = {};
  const feedback: AttemptStateDto['feedback'] = {};
  const noTeacher = store.noTeacherFor(attemptId);
  for (const ex of lesson.exercises) {
    const a = answers[ex.id];
    if (ex.kind !== 'highlight' && a) responses[ex.id] = a;
    const stored = results.get(ex.id);
    if (stored) feedback[ex.id] = toFeedback(scoreExercise(ex, a), stored, shortAnswerContext(store, ex, noTeacher));
  }
  return {
    attempt: { id: attempt.id, number: attempt.number, currentStep: attempt.currentStep, startedAt: attempt.startedAt, finishedAt: attempt.finishedAt },
    student: store.student(attempt.studentId),
    lesson: toPublicLesson(lesson, new Set(results.keys())),
    highlights: store.highlights(attemptId),
    responses,
    feedback,
    grading: noTeacher ? 'self' : 'teacher',
  };
}

/** The student-facing services, over one store. No Electron, no HTTP. */
export function createHandlers(store: Store, originOf: (lessonId: string) => LessonCardDto['origin'] = () => ({ kind: 'folder' })): Handlers {
  const attemptStateOf = (attemptId: string) => attemptState(store, attemptId);
  const saved = () => ({ savedAt: new Date().toISOString() });

  return {
    listStudents: () => store.listStudents(),
    // A profile's name is typed by the student: the typed-name rule (40 characters, a letter).
    createStudent: ({ displayName, deliberate }) => store.createStudent(cleanTypedName(displayName), { deliberate }),
    similarProfiles: ({ displayName }) => store.similarProfiles(cleanTypedName(displayName)),

    listLessons: ({ studentId }) =>
      practiceLast(store.listLessons().map((row): LessonCardDto => {
        const lesson = store.lessonVersion(row.versionId);
        const latest = studentId ? store.attemptsFor(studentId, row.lessonId)[0] : undefined;
        let progress: LessonCardDto['progress'] = { state: 'not-started' };
        if (latest && latest.finishedAt) {
          const version = store.lessonVersion(latest.lessonVersionId);
          const results = store.results.ofAttempt(latest.id);
          const points = results.reduce((s, r) => s + (r.points ?? 0), 0);
          const waiting = results.filter((r) => r.status === 'pending').length;
          const selfAssessed = results.filter((r) => r.status === 'self-assessed').length;
          // Where no teacher will grade, an answer waiting is one for the student to check themselves.
          const noTeacher = waiting > 0 && store.noTeacherFor(latest.id);
          const gradedMax = version.exercises.reduce((s, e) => {
            const r = results.find((x) => x.exerciseId === e.id);
            return s + (r?.status === 'pending' ? 0 : e.points);
          }, 0);
          progress = {
            state: 'done',
            points: roundPoints(points),
            maxPoints: gradedMax,
            pending: noTeacher ? 0 : waiting,
            ...(noTeacher ? { toSelfCheck: waiting } : {}),
            ...(selfAssessed ? { selfAssessed } : {}),
            attempt: latest.number,
          };
        } else if (latest) {
          progress = { state: 'in-progress', step: latest.currentStep, attempt: latest.number, checked: store.results.ofAttempt(latest.id).length };
        }
        return {
          id: row.lessonId,
          title: lesson.title,
          ...(lesson.summary !== undefined ? { summary: lesson.summary } : {}),
          ...(lesson.article.outlet !== undefined ? { outlet: lesson.article.outlet } : {}),
          headline: lesson.article.headline,
          wordCount: lesson.wordCount,
          readingMinutes: readingMinutes(lesson.wordCount),
          steps: lesson.exercises.length,
          practice: lesson.practice,
          origin: originOf(row.lessonId),
          progress,
        };
      })),

    openLesson: ({ studentId, lessonId }) => {
      // The latest attempt, finished or not (a finished one opens on its summary).
      const latest = store.attemptsFor(studentId, lessonId)[0] ?? store.startAttempt(studentId, lessonId);
      return attemptStateOf(latest.id);
    },
    newAttempt: ({ studentId, lessonId }) => attemptStateOf(store.startAttempt(studentId, lessonId).id),
    getAttempt: ({ attemptId }) => attemptStateOf(attemptId),
    serverInfo: () => ({ mode: 'app' as const }),

    // Answers are saved in group commits: acknowledged once on the disk.
    putHighlight: async ({ attemptId, exerciseId, highlight }) => {
      await store.batched(() => store.putHighlight(attemptId, exerciseId, highlight));
      return saved();
    },
    deleteHighlight: async ({ attemptId, exerciseId, highlightId }) => {
      await store.batched(() => store.deleteHighlight(attemptId, exerciseId, highlightId));
      return saved();
    },
    putResponse: async ({ attemptId, exerciseId, answer }) => {
      await store.batched(() => store.putResponse(attemptId, exerciseId, answer));
      return saved();
    },
    setStep: async ({ attemptId, step }) => {
      await store.batched(() => store.setStep(attemptId, step));
      return saved();
    },
    checkStep: ({ attemptId, exerciseId }) => {
      const result = store.submitExercise(attemptId, exerciseId);
      const stored = store.results.ofAttempt(attemptId).find((r) => r.exerciseId === exerciseId);
      const ex = store.lessonForAttempt(attemptId).exercises.find((e) => e.id === exerciseId)!;
      return toFeedback(result, stored, shortAnswerContext(store, ex, ex.kind === 'short-answer' && store.noTeacherFor(attemptId)));
    },
    selfCheckAnswer: ({ attemptId, exerciseId, met }) => {
      const ex = store.lessonForAttempt(attemptId).exercises.find((e) => e.id === exerciseId);
      if (!ex) throw new LedeError('not_found', `This lesson has no step "${exerciseId}".`);
      if (ex.kind !== 'short-answer') throw new LedeError('conflict', 'Only a written answer is checked against its list of criteria.');
      // The rule the screen shows, enforced here: a self-check only where no teacher will grade.
      if (!store.noTeacherFor(attemptId)) throw new LedeError('forbidden', 'Your teacher grades this answer: checking it yourself is for study on your own, outside a class.');
      const ticked = [...new Set(met)].sort((a, b) => a - b);
      const beyond = ticked.find((i) => i >= ex.rubric.length);
      if (beyond !== undefined) throw new LedeError('invalid_input', `This answer has ${ex.rubric.length} ${ex.rubric.length === 1 ? 'criterion' : 'criteria'} to check; there is no number ${beyond + 1}.`);
      const before = store.results.ofAttempt(attemptId).find((r) => r.exerciseId === exerciseId);
      if (!before) throw new LedeError('conflict', 'Hand in your answer before checking it.');
      if (before.status === 'graded') throw new LedeError('conflict', 'Your teacher has graded this answer already.');
      if (before.status === 'self-assessed') throw new LedeError('conflict', 'You have checked this answer already.');
      const points = roundPoints(ticked.reduce((sum, i) => sum + ex.rubric[i]!.points, 0));
      if (!store.results.selfAssess(attemptId, exerciseId, ticked, points, new Date().toISOString())) throw new LedeError('conflict', 'This answer is no longer waiting to be checked.');
      const stored = store.results.ofAttempt(attemptId).find((r) => r.exerciseId === exerciseId);
      return toFeedback(scoreExercise(ex, store.answers(attemptId)[exerciseId]), stored, shortAnswerContext(store, ex, true));
    },
    finishAttempt: ({ attemptId }) => {
      const lesson = store.lessonForAttempt(attemptId);
      const checked = new Set(store.results.ofAttempt(attemptId).map((r) => r.exerciseId));
      const unchecked = lesson.exercises.filter((e) => !checked.has(e.id));
      if (unchecked.length > 0) {
        throw new LedeError('conflict', `Check every step before finishing: ${unchecked.map((e) => `“${e.title}”`).join(', ')} ${unchecked.length === 1 ? 'is' : 'are'} not checked yet.`);
      }
      store.finishAttempt(attemptId);
      return saved();
    },
  };
}
