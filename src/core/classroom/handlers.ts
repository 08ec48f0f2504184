import type { AttemptStateDto } from '../../shared/api.ts';
import { LedeError } from '../../shared/errors.ts';
import type { Store } from '../db/store.ts';
import type { CallContext } from '../services/context.ts';
import { attemptState, createSessionBase, type Handlers } from '../services/lede-service.ts';
import type { ClassroomManager } from './manager.ts';

/** The cookie holding a student's seat in a session: HttpOnly, SameSite=Strict. */
export const SEAT_COOKIE = 'lede_seat';
const SEAT_SECONDS = 12 * 60 * 60;

const notHere = () => {
  throw new LedeError('not_found', 'That is not available in a classroom session.');
};

/**
 * What a classroom session's server offers students: joining, and the student's
 * own attempt — identified by the seat cookie, never by anything the client
 * sends. No teacher call and no other student's data is reachable here.
 */
export function createClassroomHandlers(manager: ClassroomManager, store: Store, sessionId: string): Handlers {
  // The calls without the guard that refuses a running session's attempts (createHandlers): here, the session's own rules apply.
  const base = createSessionBase(store);
  const seat = (ctx: CallContext) => {
    const m = manager.member(sessionId, ctx.cookie?.(SEAT_COOKIE));
    if (!m) throw new LedeError('forbidden', 'Join the class first: enter the code on your teacher’s screen.');
    return m;
  };
  /** The call must be about the caller's own attempt. */
  const own = (attemptId: string, ctx: CallContext) => {
    const m = seat(ctx);
    if (attemptId !== m.attemptId) throw new LedeError('forbidden', 'You can only see and change your own answers.');
    return m;
  };
  /** Once the change is saved, the dashboard recomputes this student's part. */
  const after = async <T,>(attemptId: string, value: T | Promise<T>): Promise<T> => {
    const v = await value;
    manager.touched(attemptId);
    return v;
  };
  const withState = (attemptId: string): { attempt: AttemptStateDto; classroom: ReturnType<ClassroomManager['state']> } => ({
    attempt: attemptState(store, attemptId),
    classroom: manager.state(sessionId),
  });

  return {
    listStudents: notHere,
    createStudent: notHere,
    similarProfiles: notHere,
    listLessons: notHere,
    openLesson: notHere,
    newAttempt: notHere,
    // The teacher grades written answers in a class: no self-check here.
    selfCheckAnswer: notHere,
    // A live class is led by the teacher (its session's rules): no assignment is handed in here.
    handIn: notHere,
    serverInfo: () => ({ mode: 'classroom' as const }),

    classroomJoin: ({ code }, ctx) => manager.join(sessionId, code, ctx.clientIp ?? 'unknown'),
    classroomPick: ({ code, studentId, newName, rejoinCode }, ctx) => {
      const { token, attemptId } = manager.pick(sessionId, code, ctx.clientIp ?? 'unknown', { studentId, newName, rejoinCode }, ctx.cookie?.(SEAT_COOKIE));
      ctx.setCookie?.(SEAT_COOKIE, token, SEAT_SECONDS);
      return withState(attemptId);
    },
    classroomMe: (_i, ctx) => withState(seat(ctx).attemptId),

    // Every change is checked against the session as it is now (ended, paused,
    // pacing, revealed) before the store checks the step itself (checked or not).
    getAttempt: (input, ctx) => {
      own(input.attemptId, ctx);
      manager.throttle(input.attemptId);
      return base.getAttempt(input, ctx);
    },
    putHighlight: (input, ctx) => {
      own(input.attemptId, ctx);
      manager.guard(sessionId, input.attemptId, input.exerciseId);
      return after(input.attemptId, base.putHighlight(input, ctx));
    },
    deleteHighlight: (input, ctx) => {
      own(input.attemptId, ctx);
      // The step that counts is the one the stored highlight belongs to.
      manager.guard(sessionId, input.attemptId, store.highlightStep(input.attemptId, input.highlightId) ?? input.exerciseId);
      return after(input.attemptId, base.deleteHighlight(input, ctx));
    },
    putResponse: (input, ctx) => {
      own(input.attemptId, ctx);
      manager.guard(sessionId, input.attemptId, input.exerciseId);
      return after(input.attemptId, base.putResponse(input, ctx));
    },
    setStep: (input, ctx) => {
      own(input.attemptId, ctx);
      manager.guard(sessionId, input.attemptId, null);
      const s = manager.state(sessionId);
      if (s.pacing === 'teacher' && input.step > s.step) throw new LedeError('conflict', 'Your teacher has not opened that step yet.');
      return after(input.attemptId, base.setStep(input, ctx));
    },
    // Unscored, never held: refused only where the session is ended or paused (and by the check's own rules).
    putReaction: (input, ctx) => {
      own(input.attemptId, ctx);
      manager.guard(sessionId, input.attemptId, null);
      return base.putReaction(input, ctx);
    },
    checkStep: (input, ctx) => {
      own(input.attemptId, ctx);
      manager.guard(sessionId, input.attemptId, input.exerciseId, 'check');
      return after(input.attemptId, base.checkStep(input, ctx));
    },
    finishAttempt: (input, ctx) => {
      own(input.attemptId, ctx);
      manager.guard(sessionId, input.attemptId, null);
      return after(input.attemptId, base.finishAttempt(input, ctx));
    },
  };
}
