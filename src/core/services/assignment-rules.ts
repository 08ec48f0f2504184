import type { KeyHeldDto, StudentAssignmentDto } from '../../shared/api.ts';
import { LedeError } from '../../shared/errors.ts';
import { keyHeld, phase, practiceHeldBy, startRefusal, type AssignmentRecord, type StartRefusal } from '../assignments/policy.ts';
import type { AssignmentAttemptRow } from '../db/assignments.ts';
import type { Attempt, Store } from '../db/store.ts';

// The assignment rules on the student's path, enforced by the services on every call a
// student's client can make (src/core/services/lede-service.ts): which attempt a student
// may open or start, whether a change may still be made, and whether the key of an
// attempt may reach the client. The rules themselves are src/core/assignments/policy.ts.

const DATE = new Intl.DateTimeFormat('en', { weekday: 'long', day: 'numeric', month: 'long', hour: 'numeric', minute: '2-digit' });
/** A date in a server message ("Friday, 11 December at 17:00"); the screens format their own. */
export const whenText = (iso: string) => DATE.format(new Date(iso));

/** Attempts still open whose assignment is past its due date are handed in as they stand. */
export function settleOverdue(store: Store, now: Date): void {
  for (const attemptId of store.assignments.overdueAttempts(now.toISOString())) store.handIn(attemptId);
}

export function refusalText(r: StartRefusal): string {
  switch (r.reason) {
    case 'scheduled':
      return `This assignment opens on ${whenText(r.at)}.`;
    case 'closed':
      return `This assignment closed on ${whenText(r.at)}; no new attempt can start.`;
    case 'in-progress':
      return 'You have an attempt at this assignment in progress: finish it or hand it in first.';
    case 'used-up':
      return `You have used ${r.allowed === 1 ? 'your one attempt' : `all ${r.allowed} attempts`} at this assignment.`;
  }
}

/** Why a lesson's key is held from practice now (null: practice shows it after each check). */
function practiceKeyHeld(store: Store, lessonId: string, now: Date): KeyHeldDto | null {
  // A live class of the lesson reveals its keys step by step: practice here would show them first.
  if (store.lessonLive(lessonId)) return { until: 'live-class' };
  const by = practiceHeldBy(store.assignments.ofLesson(lessonId), now);
  if (!by) return null;
  return phase(by, now) === 'closed' ? { until: 'release' } : { until: 'assignment', at: by.dueAt };
}

/** Whether a student may practise a lesson now: it is in the library or assigned to them, and no assignment holds its key. */
export function practiceOpen(store: Store, studentId: string | undefined, lessonId: string, now: Date): boolean {
  const visible = store.assignments.inLibrary(lessonId) || (studentId !== undefined && store.assignments.forStudent(studentId).some((a) => a.lessonId === lessonId));
  return visible && practiceKeyHeld(store, lessonId, now) === null;
}

export function assertPracticeOpen(store: Store, studentId: string, lessonId: string, now: Date): void {
  const assigned = store.assignments.forStudent(studentId).some((a) => a.lessonId === lessonId);
  if (!store.assignments.inLibrary(lessonId) && !assigned) throw new LedeError('not_found', 'This lesson is not in your library.');
  const held = practiceKeyHeld(store, lessonId, now);
  if (held) {
    throw new LedeError(
      'conflict',
      held.until === 'live-class'
        ? 'A class is doing this lesson live just now: it opens for practice once that class has ended.'
        : held.until === 'assignment'
          ? `This lesson is assigned to a class${held.at ? ` until ${whenText(held.at)}` : ''}: it opens for practice once that assignment closes.`
          : 'This lesson is assigned to a class whose teacher has not released its key yet: it opens for practice then.',
    );
  }
}

/** What governs the key of one attempt: its assignment's policy, practice under the rule above, or nothing (study, a live class). */
export interface AttemptRules {
  assignment: AssignmentRecord | undefined;
  keyHeld: KeyHeldDto | null;
  /** Practice of a lesson the student has an assignment for. */
  practiceAfterAssignment: boolean;
}

export function attemptRules(store: Store, attempt: Attempt, now: Date): AttemptRules {
  if (attempt.assignmentId) {
    const a = store.assignments.get(attempt.assignmentId)!;
    // While a live class does the lesson, its keys come from the teacher, step by step: held here meanwhile.
    const held = store.lessonLive(attempt.lessonId) ? ({ until: 'live-class' } as const) : keyHeld(a, attempt, now, store.assignments.attempts(a.id, attempt.studentId).length);
    return { assignment: a, keyHeld: held, practiceAfterAssignment: false };
  }
  // A live class's attempt follows its session's rules (the teacher reveals each step) while the
  // session runs; once it has ended, it is held like practice while an assignment holds the key.
  if (store.inRunningSession(attempt.id)) return { assignment: undefined, keyHeld: null, practiceAfterAssignment: false };
  return {
    assignment: undefined,
    keyHeld: practiceKeyHeld(store, attempt.lessonId, now),
    practiceAfterAssignment: store.assignments.forStudent(attempt.studentId).some((a) => a.lessonId === attempt.lessonId),
  };
}

/** An assignment as its student sees it (the library card, the attempt). */
export function studentAssignment(
  store: Store,
  a: AssignmentRecord,
  studentId: string,
  now: Date,
  attempts: AssignmentAttemptRow[] = store.assignments.attempts(a.id, studentId),
): StudentAssignmentDto {
  const latest = attempts.at(-1);
  const refusal = startRefusal(a, attempts, now);
  return {
    id: a.id,
    className: a.className,
    opensAt: a.opensAt,
    dueAt: a.dueAt,
    phase: phase(a, now),
    maxAttempts: a.maxAttempts,
    used: attempts.length,
    counts: a.counts,
    keyShown: a.keyShown,
    keyHeld: keyHeld(a, latest ?? { finishedAt: null }, now, attempts.length),
    cannotStart: refusal && refusal.reason !== 'in-progress' ? refusalText(refusal) : null,
    // Practice opens once every assignment of the lesson has closed (and its key is out): see practiceHeldBy.
    practiceOpen: practiceOpen(store, studentId, a.lessonId, now),
  };
}

/**
 * A change to an attempt (a highlight, an answer, a step checked) is refused once its
 * assignment has closed (what was there is handed in) or the attempt was handed in.
 */
export function assertWritable(store: Store, attemptId: string, now: Date): void {
  const attempt = store.attempt(attemptId);
  if (!attempt.assignmentId) {
    // Practice (or a live class's attempt after its session): nothing changes while an assignment holds
    // the lesson's key — checking steps would open the evidence step's reports, which give answers away.
    if (store.inRunningSession(attemptId)) return;
    const held = practiceKeyHeld(store, attempt.lessonId, now);
    if (held) {
      throw new LedeError(
        'conflict',
        held.until === 'live-class'
          ? 'A class is doing this lesson live just now: your practice of it is kept, and goes on once that class has ended.'
          : held.until === 'assignment'
            ? `This lesson is assigned to a class${held.at ? ` until ${whenText(held.at)}` : ''}: your practice of it is kept, and goes on once that assignment closes.`
            : 'This lesson is assigned to a class whose teacher has not released its key yet: your practice of it goes on then.',
      );
    }
    return;
  }
  const a = store.assignments.get(attempt.assignmentId)!;
  const p = phase(a, now);
  if (p === 'closed') {
    if (!attempt.finishedAt) store.handIn(attemptId);
    throw new LedeError('conflict', `This assignment closed on ${whenText(a.dueAt!)}: your answers up to then were handed in.`);
  }
  if (p === 'scheduled') throw new LedeError('conflict', `This assignment opens on ${whenText(a.opensAt)}.`);
  if (attempt.finishedAt) throw new LedeError('conflict', 'You have handed this attempt in: nothing in it can change now.');
  // A live class of the lesson reveals its keys step by step: an assignment's checks would show them first.
  if (store.lessonLive(attempt.lessonId)) throw new LedeError('conflict', 'A class is doing this lesson live just now: your work on this assignment is kept, and goes on once that class has ended.');
}
