import type { z } from 'zod';
import type { ApiDef, ApiOutput, AttemptStateDto, LessonCardDto, StepFeedbackDto, StudentAssignmentDto } from '../../shared/api.ts';
import type { ApiName } from '../../shared/api-names.ts';
import { LedeError } from '../../shared/errors.ts';
import { readingMinutes, toPublicLesson } from '../../shared/lesson.ts';
import { roundPoints } from '../../shared/points.ts';
import type { AttemptResult, StoredResult } from '../db/results.ts';
import type { Attempt, Store } from '../db/store.ts';
import { startRefusal } from '../assignments/policy.ts';
import { assertPracticeOpen, assertWritable, attemptRules, practiceOpen, refusalText, settleOverdue, studentAssignment } from './assignment-rules.ts';
import type { Exercise } from '../../shared/lesson.ts';
import type { CallContext } from './context.ts';
import { inOrderOf, lessonForAttempt, shuffleExercise } from '../lessons/shuffle.ts';
import { keyItemRows, scoreAsStored, type ExerciseResult } from '../scoring/attempt.ts';
import { CURRENT_RULES_VERSION } from '../scoring/rules.ts';
import { cleanTypedName } from '../teacher/names.ts';
import { putReaction } from './reactions.ts';

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
  // A stored result keeps the points it was given; feedback computed under the same rules explains them.
  const points = stored?.status === 'scored' && stored.points !== null ? stored.points : r.points;
  const rules = stored?.status === 'scored' && stored.rulesVersion !== CURRENT_RULES_VERSION ? { rulesVersion: stored.rulesVersion } : {};
  switch (r.kind) {
    case 'highlight': {
      const h = r.highlight;
      return {
        kind: 'highlight',
        exerciseId: r.exerciseId,
        points: points ?? 0,
        ...rules,
        maxPoints: r.maxPoints,
        itemRecall: h.itemRecall,
        spanPrecision: h.spanPrecision,
        keyShare: h.keyShare,
        beyondChance: h.beyondChance,
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
      return { kind: 'evidence', exerciseId: r.exerciseId, points: points ?? 0, ...rules, maxPoints: r.maxPoints, fraction: r.evidence.fraction, raw: r.evidence.raw, guess: r.evidence.guess, claims: r.evidence.claims };
    case 'choice':
      return { kind: 'choice', exerciseId: r.exerciseId, points: points ?? 0, ...rules, maxPoints: r.maxPoints, fraction: r.choice.fraction, options: r.choice.options };
    case 'search':
      return { kind: 'search', exerciseId: r.exerciseId, points: points ?? 0, ...rules, maxPoints: r.maxPoints, fraction: r.search.fraction, questions: r.search.questions };
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

/** A step's result with its options or claims in the order the student sees them (`ex`, shuffled for the attempt). */
function inStudentOrder(r: ExerciseResult, ex: Exercise): ExerciseResult {
  if (r.kind === 'choice' && ex.kind === 'choice') return { ...r, choice: { ...r.choice, options: inOrderOf(r.choice.options, ex.options) } };
  if (r.kind === 'evidence' && ex.kind === 'evidence') return { ...r, evidence: { ...r.evidence, claims: inOrderOf(r.evidence.claims, ex.claims) } };
  if (r.kind === 'search' && ex.kind === 'search') {
    const questions = r.search.questions.map((q) => {
      const page = ex.pages.find((p) => p.id === q.page);
      const asked = ex.questions.find((x) => x.id === q.id);
      return { ...q, results: page ? inOrderOf(q.results, page.results) : q.results, reasons: asked ? inOrderOf(q.reasons, asked.reasons) : q.reasons };
    });
    return { ...r, search: { ...r.search, questions } };
  }
  return r;
}

/** Everything a student's client holds about one attempt (never a key it has not earned). */
export function attemptState(store: Store, attemptId: string, now: Date = new Date()): AttemptStateDto {
  settleOverdue(store, now);
  const attempt = store.attempt(attemptId);
  const rules = attemptRules(store, attempt, now);
  // The student's own order of options and claims: feedback comes in it too (scoring does not depend on order).
  const lesson = lessonForAttempt(store.lessonForAttempt(attemptId), attemptId);
  const answers = store.answers(attemptId);
  const results = new Map(store.results.ofAttempt(attemptId).map((r) => [r.exerciseId, r]));
  const responses: AttemptStateDto['responses'] = {};
  const feedback: AttemptStateDto['feedback'] = {};
  const noTeacher = store.noTeacherFor(attemptId);
  for (const ex of lesson.exercises) {
    const a = answers[ex.id];
    if (ex.kind !== 'highlight' && a) responses[ex.id] = a;
    const stored = results.get(ex.id);
    if (stored) {
      feedback[ex.id] = rules.keyHeld
        ? { kind: 'held', exerciseId: ex.id, keyHeld: rules.keyHeld }
        : toFeedback(scoreAsStored(ex, a, stored), stored, shortAnswerContext(store, ex, noTeacher));
    }
  }
  const assignment = rules.assignment;
  const made = assignment ? store.assignments.attempts(assignment.id, attempt.studentId) : [];
  return {
    attempt: { id: attempt.id, number: attempt.number, currentStep: attempt.currentStep, startedAt: attempt.startedAt, finishedAt: attempt.finishedAt },
    student: store.student(attempt.studentId),
    lesson: toPublicLesson(lesson, new Set(results.keys())),
    highlights: store.highlights(attemptId),
    responses,
    feedback,
    grading: noTeacher ? 'self' : 'teacher',
    assignment: assignment ? { ...studentAssignment(store, assignment, attempt.studentId, now, made), attemptIndex: made.findIndex((x) => x.id === attempt.id) + 1 } : null,
    practiceAfterAssignment: rules.practiceAfterAssignment,
    keyHeld: rules.keyHeld,
    reactions: lesson.reaction ? store.reactions.ofAttempt(attemptId) : [],
  };
}

/** A library card's progress: the attempt's state, its points once its key may be shown. */
function progressOfWith(store: Store, attempt: Attempt | undefined, now: Date): LessonCardDto['progress'] {
  if (!attempt) return { state: 'not-started' };
  if (!attempt.finishedAt) return { state: 'in-progress', step: attempt.currentStep, attempt: attempt.number, checked: store.results.ofAttempt(attempt.id).length };
  if (attemptRules(store, attempt, now).keyHeld) return { state: 'handed-in', attempt: attempt.number };
  const version = store.lessonVersion(attempt.lessonVersionId);
  const results = store.results.ofAttempt(attempt.id);
  const points = results.reduce((s, r) => s + (r.points ?? 0), 0);
  const waiting = results.filter((r) => r.status === 'pending').length;
  const selfAssessed = results.filter((r) => r.status === 'self-assessed').length;
  // Where no teacher will grade, an answer waiting is one for the student to check themselves.
  const noTeacher = waiting > 0 && store.noTeacherFor(attempt.id);
  const gradedMax = version.exercises.reduce((s, e) => {
    const r = results.find((x) => x.exerciseId === e.id);
    return s + (r?.status === 'pending' ? 0 : e.points);
  }, 0);
  return {
    state: 'done',
    points: roundPoints(points),
    maxPoints: gradedMax,
    pending: noTeacher ? 0 : waiting,
    ...(noTeacher ? { toSelfCheck: waiting } : {}),
    ...(selfAssessed ? { selfAssessed } : {}),
    attempt: attempt.number,
  };
}

/** Where a lesson card says the lesson comes from (the studio knows; tests and the classroom default to the lessons folder). */
type OriginOf = (lessonId: string) => LessonCardDto['origin'];

/** Why a call about a live class's attempt is refused outside the class's own server. */
export const LIVE_ATTEMPT_ELSEWHERE =
  'This attempt belongs to a live class that is still running: it is answered on the class’s page (the address and code on your teacher’s screen), not here.';

/**
 * The student-facing services, over one store, as the desktop window and `lede serve`
 * offer them. No Electron, no HTTP.
 *
 * An attempt of a live class that has not ended follows its session's rules (pause,
 * pacing, the steps the teacher has revealed), which only the classroom server applies:
 * every call naming such an attempt is refused here — reads too, as an attempt's state
 * can carry a step's key. The guard wraps every call, so a call added later that takes
 * an `attemptId` is guarded without a line of its own. Once the session has ended, its
 * attempts (handed in) open here as any finished attempt does.
 */
export function createHandlers(store: Store, originOf: OriginOf = () => ({ kind: 'folder' })): Handlers {
  return outsideLiveClasses(store, studentCalls(store, originOf));
}

/**
 * The student's calls with no regard to live classes: only for a classroom session's
 * server (src/core/classroom/handlers.ts), which puts every call through the seat
 * check and its session's rules first.
 */
export function createSessionBase(store: Store): Handlers {
  return studentCalls(store, () => ({ kind: 'folder' }));
}

/** The attempt a call names, if it names one (every attempt call's input has `attemptId`: src/shared/api.ts). */
function namedAttempt(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null || !('attemptId' in input)) return undefined;
  return typeof input.attemptId === 'string' ? input.attemptId : undefined;
}

/** Every call of `calls`, refused when it names an attempt of a live session that has not ended. */
function outsideLiveClasses(store: Store, calls: Handlers): Handlers {
  const guarded: Record<string, (input: unknown, ctx: CallContext) => unknown> = {};
  for (const [name, call] of Object.entries(calls) as [string, (input: unknown, ctx: CallContext) => unknown][]) {
    guarded[name] = (input, ctx) => {
      const attemptId = namedAttempt(input);
      if (attemptId !== undefined && store.inRunningSession(attemptId)) throw new LedeError('forbidden', LIVE_ATTEMPT_ELSEWHERE);
      return call(input, ctx);
    };
  }
  return guarded as unknown as Handlers;
}

function studentCalls(store: Store, originOf: OriginOf): Handlers {
  const attemptStateOf = (attemptId: string) => attemptState(store, attemptId);
  const progressOf = (attempt: Attempt | undefined, now: Date) => progressOfWith(store, attempt, now);
  /** The attempt to open or start for an assignment: the student must be in its class, and a new one must be allowed. */
  const assignmentAttempt = (studentId: string, lessonId: string, assignmentId: string, fresh: boolean): string => {
    const now = new Date();
    settleOverdue(store, now);
    const a = store.assignments.get(assignmentId);
    if (!a || a.lessonId !== lessonId) throw new LedeError('not_found', 'That assignment does not exist.');
    store.student(studentId);
    if (!store.assignments.isMember(a.classId, studentId)) throw new LedeError('forbidden', `This assignment is for class ${a.className}, and you are not in it.`);
    const attempts = store.assignments.attempts(a.id, studentId);
    const latest = attempts.at(-1);
    if (latest && !fresh) return latest.id;
    const refusal = startRefusal(a, attempts, now);
    if (refusal) throw new LedeError('conflict', refusalText(refusal));
    return store.startAttempt(studentId, lessonId, store.currentVersionId(lessonId), a.id).id;
  };
  /** The attempt to open or start for practice (no assignment): a new one only where practice is open. */
  const practiceAttempt = (studentId: string, lessonId: string, fresh: boolean): string => {
    const now = new Date();
    settleOverdue(store, now);
    store.student(studentId);
    // A live class's attempt is not practice: it is opened from the class, never from here.
    const latest = store.attemptsFor(studentId, lessonId).find((x) => x.assignmentId === null && !store.isLiveAttempt(x.id));
    if (latest && !fresh) return latest.id;
    assertPracticeOpen(store, studentId, lessonId, now);
    return store.startAttempt(studentId, lessonId).id;
  };
  const saved = () => ({ savedAt: new Date().toISOString() });

  return {
    listStudents: () => store.listStudents(),
    // A profile's name is typed by the student: the typed-name rule (40 characters, a letter).
    createStudent: ({ displayName, deliberate }) => store.createStudent(cleanTypedName(displayName), { deliberate }),
    similarProfiles: ({ displayName }) => store.similarProfiles(cleanTypedName(displayName)),

    listLessons: ({ studentId }) => {
      const now = new Date();
      settleOverdue(store, now);
      const rows = new Map(store.listLessons().map((row) => [row.lessonId, row]));
      const card = (lessonId: string, attempt: Attempt | undefined, assignment?: StudentAssignmentDto): LessonCardDto => {
        const lesson = store.lessonVersion(rows.get(lessonId)!.versionId);
        return {
          id: lessonId,
          title: lesson.title,
          ...(lesson.summary !== undefined ? { summary: lesson.summary } : {}),
          ...(lesson.article.outlet !== undefined ? { outlet: lesson.article.outlet } : {}),
          headline: lesson.article.headline,
          wordCount: lesson.wordCount,
          readingMinutes: readingMinutes(lesson.wordCount),
          steps: lesson.exercises.length,
          practice: lesson.practice,
          origin: originOf(lessonId),
          ...(assignment ? { assignment } : {}),
          progress: progressOf(attempt, now),
        };
      };
      // Assigned to the student's classes first (by due date), each with its own attempts.
      const assigned = studentId ? store.assignments.forStudent(studentId).filter((a) => rows.has(a.lessonId)) : [];
      const assignedCards = assigned.map((a) => {
        const latest = store.assignments.attempts(a.id, studentId).at(-1);
        return card(a.lessonId, latest && store.attempt(latest.id), studentAssignment(store, a, studentId!, now));
      });
      // Then practice: lessons in the library, not assigned to the student, whose key no assignment holds.
      const assignedIds = new Set(assigned.map((a) => a.lessonId));
      const practiceCards = [...rows.keys()]
        // Without a student (the teacher's list of lessons): every lesson, as cards hold no key.
        .filter((id) => studentId === undefined || (!assignedIds.has(id) && practiceOpen(store, studentId, id, now)))
        .map((id) => card(id, studentId ? store.attemptsFor(studentId, id).find((x) => x.assignmentId === null && !store.isLiveAttempt(x.id)) : undefined));
      return [...assignedCards, ...practiceLast(practiceCards)];
    },

    // An assignment's attempts, or practice: the latest, finished or not (a finished one opens on its summary).
    openLesson: ({ studentId, lessonId, assignmentId }) =>
      attemptStateOf(assignmentId ? assignmentAttempt(studentId, lessonId, assignmentId, false) : practiceAttempt(studentId, lessonId, false)),
    newAttempt: ({ studentId, lessonId, assignmentId }) =>
      attemptStateOf(assignmentId ? assignmentAttempt(studentId, lessonId, assignmentId, true) : practiceAttempt(studentId, lessonId, true)),
    getAttempt: ({ attemptId }) => attemptStateOf(attemptId),
    serverInfo: () => ({ mode: 'app' as const }),

    // Answers are saved in group commits: acknowledged once on the disk.
    putHighlight: async ({ attemptId, exerciseId, highlight }) => {
      assertWritable(store, attemptId, new Date());
      await store.batched(() => store.putHighlight(attemptId, exerciseId, highlight));
      return saved();
    },
    deleteHighlight: async ({ attemptId, exerciseId, highlightId }) => {
      assertWritable(store, attemptId, new Date());
      await store.batched(() => store.deleteHighlight(attemptId, exerciseId, highlightId));
      return saved();
    },
    putResponse: async ({ attemptId, exerciseId, answer }) => {
      assertWritable(store, attemptId, new Date());
      await store.batched(() => store.putResponse(attemptId, exerciseId, answer));
      return saved();
    },
    // Moving between steps changes no answer: allowed in a handed-in attempt too (to look back at it).
    setStep: async ({ attemptId, step }) => {
      await store.batched(() => store.setStep(attemptId, step));
      return saved();
    },
    putReaction: (input) => putReaction(store, input),
    checkStep: ({ attemptId, exerciseId }) => {
      const now = new Date();
      assertWritable(store, attemptId, now);
      store.submitExercise(attemptId, exerciseId);
      // The answer is recorded; its key reaches the client only when the policy in force allows it.
      const held = attemptRules(store, store.attempt(attemptId), now).keyHeld;
      if (held) return { kind: 'held' as const, exerciseId, keyHeld: held };
      const stored = store.results.ofAttempt(attemptId).find((r) => r.exerciseId === exerciseId);
      const ex = shuffleExercise(store.lessonForAttempt(attemptId).exercises.find((e) => e.id === exerciseId)!, attemptId);
      // Checked before (under the rules of then): the same result as then.
      const result = scoreAsStored(ex, store.answers(attemptId)[exerciseId], stored);
      return toFeedback(inStudentOrder(result, ex), stored, shortAnswerContext(store, ex, ex.kind === 'short-answer' && store.noTeacherFor(attemptId)));
    },
    selfCheckAnswer: ({ attemptId, exerciseId, met }) => {
      const ex = store.lessonForAttempt(attemptId).exercises.find((e) => e.id === exerciseId);
      if (!ex) throw new LedeError('not_found', `This lesson has no step "${exerciseId}".`);
      if (ex.kind !== 'short-answer') throw new LedeError('conflict', 'Only a written answer is checked against its list of criteria.');
      // The rule the screen shows, enforced here: a self-check only where no teacher will grade.
      if (!store.noTeacherFor(attemptId)) throw new LedeError('forbidden', 'Your teacher grades this answer: checking it yourself is for study on your own, outside a class.');
      // Nothing changes while the lesson's key is held (an assignment's, a live class's).
      assertWritable(store, attemptId, new Date());
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
      return toFeedback(scoreAsStored(ex, store.answers(attemptId)[exerciseId], stored), stored, shortAnswerContext(store, ex, true));
    },
    finishAttempt: ({ attemptId }) => {
      const attempt = store.attempt(attemptId);
      // Finishing again is harmless (a summary opened twice); an assignment's attempt must still be open.
      if (attempt.finishedAt) return saved();
      const now = new Date();
      assertWritable(store, attemptId, now);
      // Where the key is held back, handing in is the student's own act (handIn), never a side effect.
      if (attempt.assignmentId && attemptRules(store, attempt, now).keyHeld) throw new LedeError('conflict', 'Hand this attempt in from its last screen (Hand in).');
      const lesson = store.lessonForAttempt(attemptId);
      const checked = new Set(store.results.ofAttempt(attemptId).map((r) => r.exerciseId));
      const unchecked = lesson.exercises.filter((e) => !checked.has(e.id));
      if (unchecked.length > 0) {
        throw new LedeError('conflict', `Check every step before finishing: ${unchecked.map((e) => `“${e.title}”`).join(', ')} ${unchecked.length === 1 ? 'is' : 'are'} not checked yet.`);
      }
      store.finishAttempt(attemptId);
      return saved();
    },
    handIn: ({ attemptId }) => {
      const attempt = store.attempt(attemptId);
      if (!attempt.assignmentId) throw new LedeError('conflict', 'Only an assignment is handed in: check each step, then open the summary.');
      if (!attempt.finishedAt) {
        assertWritable(store, attemptId, new Date());
        store.handIn(attemptId);
      }
      return attemptStateOf(attemptId);
    },
  };
}
