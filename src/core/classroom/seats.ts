import { LedeError } from '../../shared/errors.ts';
import type { ClassroomSession } from '../db/classroom.ts';
import type { Store } from '../db/store.ts';
import { isLoopback, TokenBuckets, WindowLimiter } from '../rate-limits.ts';
import { cleanTypedName, findLookAlike } from '../teacher/names.ts';
import { nameTags } from '../teacher/name-tags.ts';
import type { ClassRecords } from './class-records.ts';
import { CLASSROOM_LIMITS } from './limits.ts';
import { GuessLimiter, hashToken, newJoinCode, newToken } from './security.ts';

// Students' seats in a session: joining with the code, taking a name, the seat's
// token, letting a student join again, and what a seat may do now (the server's
// checks of every change, and the request rate).

const PAUSED = 'Your teacher has paused the class. Your work is kept and saved when the class goes on.';

export interface SeatDeps {
  store: Store;
  classes: ClassRecords;
  /** The session, ended or not / not ended (throws not_found / conflict). */
  row: (id: string) => ClassroomSession;
  open: (id: string) => ClassroomSession;
  changed: () => void;
  limitLoopback?: boolean | undefined;
}

export class Seats {
  private readonly deps: SeatDeps;
  private readonly limiter = new GuessLimiter();
  /**
   * Wrong rejoin codes, counted per address and per seat, apart from the join code's
   * count: a right join code (which every student in the room knows) never resets them.
   */
  private readonly rejoins = new GuessLimiter();
  private readonly claims = new WindowLimiter(CLASSROOM_LIMITS.seatClaimsPerAddress, CLASSROOM_LIMITS.seatClaimWindowMs);
  private readonly requests = new TokenBuckets(CLASSROOM_LIMITS.requestsPerSecond, CLASSROOM_LIMITS.requestBurst);

  constructor(deps: SeatDeps) {
    this.deps = deps;
  }

  private get repo() {
    return this.deps.store.classroom;
  }

  private checkCode(id: string, code: string, ip: string): ClassroomSession {
    this.limiter.check(ip);
    const r = this.deps.open(id);
    if (code !== r.joinCode) {
      this.limiter.failed(ip);
      throw new LedeError('forbidden', 'That code is not right. Check the code on your teacher’s screen.');
    }
    this.limiter.succeeded(ip);
    return r;
  }

  join(id: string, code: string, ip: string) {
    const r = this.checkCode(id, code, ip);
    const seats = new Map(this.repo.seats(id).map((m) => [m.studentId, m]));
    return {
      className: this.deps.classes.get(r.classId).name,
      lessonTitle: this.deps.store.lessonVersion(r.lessonVersionId).title,
      allowNewNames: r.allowNewNames,
      roster: ((roster) => {
        // Students of the same name told apart by the first characters of their id (never the school id: every student sees this list).
        const tags = nameTags(roster, 'students');
        return roster.map((s) => {
          const m = seats.get(s.id);
          return { id: s.id, displayName: s.displayName, tag: tags.get(s.id) ?? null, taken: Boolean(m?.tokenHash), needsCode: Boolean(m && !m.tokenHash) };
        });
      })(this.deps.classes.roster(r.classId)),
    };
  }

  /**
   * Takes a seat: returns the new token (for the cookie) and the student's attempt.
   * A device holds one seat (`currentToken` is the seat cookie it already has);
   * each address may take a few seats in ten minutes; a released seat needs the
   * rejoin code the teacher was given; a typed name must not look like one already
   * in the class. Steps already revealed are checked for the newcomer at once, so
   * no one answers a step after its key has been shown.
   */
  pick(
    id: string,
    code: string,
    ip: string,
    choice: { studentId?: string | undefined; newName?: string | undefined; rejoinCode?: string | undefined },
    currentToken?: string,
  ): { token: string; attemptId: string } {
    const r = this.checkCode(id, code, ip);
    const { store, classes } = this.deps;
    const already = this.member(id, currentToken);
    if (already) {
      const name = store.student(already.studentId).displayName;
      throw new LedeError('conflict', `This device has already joined as ${name}. If that is not you, ask your teacher to let you join again.`);
    }
    const limited = this.deps.limitLoopback === true || !isLoopback(ip);
    const wait = limited ? this.claims.waitSeconds(ip) : 0;
    if (wait > 0) throw new LedeError('rate_limited', `Too many names were taken from this device. Ask your teacher, or try again in ${wait} seconds.`);
    const token = newToken();
    const result = this.repo.transaction(() => {
      let studentId = choice.studentId;
      let typed = false;
      if (!studentId) {
        if (!r.allowNewNames) throw new LedeError('forbidden', 'Pick your name from the list. If it is missing, ask your teacher.');
        if (!choice.newName) throw new LedeError('invalid_input', 'Please type your name.');
        const name = cleanTypedName(choice.newName);
        const like = findLookAlike(name, classes.roster(r.classId).map((s) => s.displayName));
        if (like !== undefined) {
          throw new LedeError('conflict', `“${like}” is already in this class. If that is you, pick your name from the list (if it shows “joined”, ask your teacher to let you join again); if not, ask your teacher to add you.`);
        }
        if (this.repo.typedNames(id) >= CLASSROOM_LIMITS.typedNamesPerSession) {
          throw new LedeError('too_large', 'This session has taken as many typed names as it can. Ask your teacher to add you to the class.');
        }
        studentId = classes.addStudent(r.classId, name).id;
        typed = true;
      } else if (!this.repo.inClass(r.classId, studentId)) {
        throw new LedeError('not_found', 'That name is not in this class.');
      }
      const seat = this.repo.seat(id, studentId);
      if (seat?.tokenHash) throw new LedeError('conflict', 'Someone has already joined with this name. If it is you on another device, ask your teacher to let you join again.');
      const seatKey = `seat:${id}:${studentId}`;
      if (seat && choice.rejoinCode) {
        this.rejoins.check(ip);
        this.rejoins.check(seatKey);
      }
      if (seat && (choice.rejoinCode ?? '').trim().toUpperCase() !== seat.rejoinCode) {
        if (choice.rejoinCode) {
          this.rejoins.failed(ip);
          this.rejoins.failed(seatKey);
        }
        throw new LedeError('forbidden', choice.rejoinCode ? 'That code is not right. Ask your teacher for the code shown beside your name.' : 'Your teacher let you join again: type the code your teacher gives you.');
      }
      if (seat) this.rejoins.succeeded(seatKey);
      const attemptId = seat?.attemptId ?? store.startAttempt(studentId, r.lessonId, r.lessonVersionId).id;
      this.repo.takeSeat({ sessionId: id, studentId, attemptId, tokenHash: hashToken(token), joinedAt: new Date().toISOString(), typed });
      for (const exerciseId of r.revealed) store.submitExercise(attemptId, exerciseId, { revealed: true });
      return { token, attemptId };
    });
    if (limited) this.claims.record(ip);
    this.deps.changed();
    return result;
  }

  /** The student behind a session token, or null. */
  member(id: string, token: string | undefined): { studentId: string; attemptId: string } | null {
    if (!token || token.length > 100) return null;
    return this.repo.seatByToken(id, hashToken(token)) ?? null;
  }

  /**
   * Lets a student take their name again (e.g. on another device); their work
   * stays. The seat's old cookie stops working, and the seat can be taken again
   * only with the one-time code returned here (shown to the teacher), so no one
   * else can take it first.
   */
  release(id: string, studentId: string): { rejoinCode: string } {
    this.deps.open(id);
    const rejoinCode = newJoinCode();
    if (!this.repo.releaseSeat(id, studentId, rejoinCode)) throw new LedeError('not_found', 'That student has not joined this session.');
    // A new code: the wrong guesses at the old one no longer hold the seat.
    this.rejoins.succeeded(`seat:${id}:${studentId}`);
    this.deps.changed();
    return { rejoinCode };
  }

  /**
   * What a student may change now, checked by the server for every change: not
   * after the session has ended, not while it is paused, not a step the teacher has
   * not opened yet (teacher-paced), not a step whose key has been revealed. The
   * refusal says why, in words the student's screen shows.
   */
  guard(id: string, attemptId: string, exerciseId: string | null, action: 'change' | 'check' = 'change'): void {
    if (!this.requests.take(attemptId)) throw new LedeError('rate_limited', 'Too many changes at once. They are kept and sent again in a moment.');
    const r = this.deps.row(id);
    if (r.endedAt) throw new LedeError('conflict', 'The session has ended. Your work is saved.');
    if (r.paused) throw new LedeError('paused', PAUSED);
    if (exerciseId === null) return;
    const lesson = this.deps.store.lessonVersion(r.lessonVersionId);
    const index = lesson.exercises.findIndex((e) => e.id === exerciseId);
    if (index < 0) throw new LedeError('not_found', `This lesson has no step "${exerciseId}".`);
    if (r.pacing === 'teacher' && index + 1 > r.currentStep) throw new LedeError('conflict', 'Your teacher has not opened that step yet.');
    if (action === 'change' && r.revealed.includes(exerciseId)) throw new LedeError('conflict', 'Your teacher has shown the key for this step, so it can no longer be changed.');
  }

  /** A read: only the request rate is limited. */
  throttle(attemptId: string): void {
    if (!this.requests.take(attemptId)) throw new LedeError('rate_limited', 'Too many requests at once. Try again in a moment.');
  }
}
