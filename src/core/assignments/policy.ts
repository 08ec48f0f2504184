// What an assignment's settings mean, as pure functions of the settings, a student's
// attempts and the time: whether it is open, whether a student may start an attempt,
// whether the key may reach them, and which attempt is the grade. The store only
// keeps the settings (src/core/db/assignments.ts); the services ask these functions
// before every answer a student's client gets.

export const COUNTS = ['first', 'highest', 'latest'] as const;
/** Which of a student's attempts is the grade. */
export type Counts = (typeof COUNTS)[number];

export const KEY_SHOWN = ['after-check', 'after-hand-in', 'after-due', 'on-release'] as const;
/**
 * When a student sees the key (the feedback of each step, explanations, points):
 * after-check — each step's once it is checked (practice); after-hand-in — once the
 * attempt is handed in; after-due — once the due date has passed; on-release — once
 * the teacher releases it.
 */
export type KeyShown = (typeof KEY_SHOWN)[number];

/** The most attempts an assignment may allow (beyond it: unlimited). */
export const MAX_ATTEMPTS_LIMIT = 100;

export interface AssignmentSettings {
  opensAt: string;
  /** No due date: open until the teacher closes it (which sets the due date to then). */
  dueAt: string | null;
  /** null: unlimited. */
  maxAttempts: number | null;
  counts: Counts;
  keyShown: KeyShown;
}

export interface AssignmentRecord extends AssignmentSettings {
  id: string;
  classId: string;
  className: string;
  lessonId: string;
  keyReleasedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export type Phase = 'scheduled' | 'open' | 'closed';

const t = (iso: string) => Date.parse(iso);

export function phase(a: Pick<AssignmentSettings, 'opensAt' | 'dueAt'>, now: Date): Phase {
  if (now.getTime() < t(a.opensAt)) return 'scheduled';
  if (a.dueAt !== null && now.getTime() >= t(a.dueAt)) return 'closed';
  return 'open';
}

/**
 * Why a key is held back from an attempt, and until when. last-attempt: after hand-in, while the
 * student may still start another attempt (seeing the key of one would answer the next).
 */
export type KeyHeld = { until: 'hand-in' } | { until: 'last-attempt' } | { until: 'due'; at: string } | { until: 'release' };

/**
 * Whether the key is held back from an attempt made for `a` (null: it may be shown,
 * each step's once that step is checked). The key of an attempt is never shown before
 * the policy allows it, whatever the attempt's state.
 */
export function keyHeld(
  a: Pick<AssignmentRecord, 'keyShown' | 'dueAt' | 'keyReleasedAt' | 'opensAt' | 'maxAttempts'>,
  attempt: { finishedAt: string | null },
  now: Date,
  /** Attempts the student has made for the assignment (for after-hand-in: is another still to come?). */
  used = 1,
): KeyHeld | null {
  switch (a.keyShown) {
    case 'after-check':
      return null;
    case 'after-hand-in':
      if (attempt.finishedAt === null) return { until: 'hand-in' };
      // With attempts left on an open assignment, the key of this one would answer the next.
      return phase(a, now) !== 'closed' && attemptsLeft(a, used) !== 0 ? { until: 'last-attempt' } : null;
    case 'after-due':
      // The schema requires a due date with this policy; without one the key stays held.
      return a.dueAt !== null && now.getTime() >= t(a.dueAt) ? null : { until: 'due', at: a.dueAt ?? '' };
    case 'on-release':
      return a.keyReleasedAt === null ? { until: 'release' } : null;
  }
}

export interface AttemptSummary {
  id: string;
  number: number;
  finishedAt: string | null;
  /** Points from the steps with a grade (scored or graded). */
  points: number;
}

/** Why a student may not start an attempt for an assignment now (null: they may). */
export type StartRefusal =
  | { reason: 'scheduled'; at: string }
  | { reason: 'closed'; at: string }
  | { reason: 'in-progress'; attemptId: string }
  | { reason: 'used-up'; allowed: number };

export function startRefusal(a: AssignmentSettings, attempts: readonly Pick<AttemptSummary, 'id' | 'finishedAt'>[], now: Date): StartRefusal | null {
  const p = phase(a, now);
  if (p === 'scheduled') return { reason: 'scheduled', at: a.opensAt };
  if (p === 'closed') return { reason: 'closed', at: a.dueAt! };
  const open = attempts.find((x) => x.finishedAt === null);
  if (open) return { reason: 'in-progress', attemptId: open.id };
  if (a.maxAttempts !== null && attempts.length >= a.maxAttempts) return { reason: 'used-up', allowed: a.maxAttempts };
  return null;
}

/** Attempts a student has left (null: unlimited). */
export function attemptsLeft(a: Pick<AssignmentSettings, 'maxAttempts'>, used: number): number | null {
  return a.maxAttempts === null ? null : Math.max(0, a.maxAttempts - used);
}

/**
 * The attempt that is the student's grade: first — the first attempt; latest — the
 * latest handed in; highest — the handed-in attempt with the most points (the earlier
 * of equals). Before any is handed in, "latest" and "highest" take the one in progress
 * (so the teacher sees where the student is). undefined: no attempt.
 */
export function countingAttempt<A extends AttemptSummary>(counts: Counts, attempts: readonly A[]): A | undefined {
  if (attempts.length === 0) return undefined;
  const byNumber = [...attempts].sort((x, y) => x.number - y.number);
  if (counts === 'first') return byNumber[0];
  const handedIn = byNumber.filter((x) => x.finishedAt !== null);
  if (handedIn.length === 0) return byNumber.at(-1);
  if (counts === 'latest') return handedIn.at(-1);
  return handedIn.reduce((best, x) => (x.points > best.points + 1e-9 ? x : best));
}

/**
 * Whether a lesson's key is held from practice (any profile, any attempt not made for
 * an assignment) because of an assignment: while any assignment of the lesson is not
 * closed (a throw-away profile could see the key and pass it on), and after it closes
 * while its key waits for the teacher's release. Returns the assignment that holds it.
 */
export function practiceHeldBy<A extends Pick<AssignmentRecord, 'opensAt' | 'dueAt' | 'keyShown' | 'keyReleasedAt'>>(assignments: readonly A[], now: Date): A | undefined {
  return assignments.find((a) => phase(a, now) !== 'closed' || (a.keyShown === 'on-release' && a.keyReleasedAt === null));
}

/** Settings a teacher sent, checked: dates in order, "after the due date" only with one. Returns the problem in words, or null. */
export function settingsProblem(s: AssignmentSettings): string | null {
  if (Number.isNaN(t(s.opensAt))) return 'The opening date is not a date.';
  if (s.dueAt !== null && Number.isNaN(t(s.dueAt))) return 'The due date is not a date.';
  if (s.dueAt !== null && t(s.dueAt) <= t(s.opensAt)) return 'The due date must be after the date it opens.';
  if (s.keyShown === 'after-due' && s.dueAt === null) return 'To show the key after the due date, give the assignment a due date.';
  if (s.maxAttempts !== null && (!Number.isInteger(s.maxAttempts) || s.maxAttempts < 1 || s.maxAttempts > MAX_ATTEMPTS_LIMIT)) {
    return `Attempts: a whole number from 1 to ${MAX_ATTEMPTS_LIMIT}, or unlimited.`;
  }
  return null;
}

/** "attempt 1 of 3 · first counts": which attempt a grade comes from, in words. */
export function countingLabel(counts: Counts, index: number, of: number): string {
  return `attempt ${index} of ${of} · ${counts} counts`;
}
