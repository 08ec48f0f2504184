// What an assignment's settings and state say to a student or a teacher, in words.
import type { KeyHeldDto, StudentAssignmentDto } from '../../../../shared/api.ts';

const DATE = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long', hour: 'numeric', minute: '2-digit' });
const DAY = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long' });

/** A date and time in the reader's language and time zone ("Friday 11 December, 17:00"). */
export const when = (iso: string) => DATE.format(new Date(iso));
/** A day ("Friday 11 December"). */
export const day = (iso: string) => DAY.format(new Date(iso));

/** When the key of a held attempt is shown: "after you hand in", "on Friday 11 December, 17:00"… */
export function keyHeldText(h: KeyHeldDto): string {
  switch (h.until) {
    case 'hand-in':
      return 'after you hand in this attempt';
    case 'last-attempt':
      return 'once you have handed in your last attempt, or when the assignment closes';
    case 'due':
      return `on ${when(h.at)}, after the due date`;
    case 'release':
      return 'when your teacher releases it';
    case 'assignment':
      return h.at ? `once a class's assignment of this lesson closes (${when(h.at)})` : "once a class's assignment of this lesson closes";
    case 'live-class':
      return 'once the live class doing this lesson has ended';
  }
}

/** When an assignment's key is shown, as its settings say ("Key shown after you hand in"). */
export function keyPolicyText(a: Pick<StudentAssignmentDto, 'keyShown' | 'dueAt' | 'maxAttempts'>): string {
  switch (a.keyShown) {
    case 'after-check':
      return 'Key shown after each step is checked';
    case 'after-hand-in':
      return a.maxAttempts === 1 ? 'Key shown after you hand in' : 'Key shown after your last attempt (or when it closes)';
    case 'after-due':
      return a.dueAt ? `Key shown on ${day(a.dueAt)}` : 'Key shown after the due date';
    case 'on-release':
      return 'Key shown when your teacher releases it';
  }
}

export const COUNTS_TEXT = { first: 'Your first attempt counts', highest: 'Your best attempt counts', latest: 'Your latest attempt handed in counts' } as const;

/** "1 attempt", "2 of 3 attempts left", "Unlimited attempts". */
export function attemptsText(a: Pick<StudentAssignmentDto, 'maxAttempts' | 'used'>): string {
  if (a.maxAttempts === null) return a.used === 0 ? 'Unlimited attempts' : `Unlimited attempts · ${a.used} made`;
  const left = Math.max(0, a.maxAttempts - a.used);
  if (a.maxAttempts === 1) return left === 1 ? '1 attempt' : 'Your one attempt is used';
  return left === 0 ? `All ${a.maxAttempts} attempts used` : `${left} of ${a.maxAttempts} attempts left`;
}
