import { randomBytes } from 'node:crypto';
import type { Settings } from '../db/settings.ts';
import { LedeError } from '../../shared/errors.ts';

// Where the teacher area is unlocked: a browser (a session cookie) or a desktop
// window. An unlocked area locks itself after a while without the teacher doing
// anything (15 minutes unless the teacher chose otherwise), and at the latest 12
// hours after it was unlocked. Calls that only watch (the live dashboard's
// long-poll, an export's progress) do not count as the teacher doing something.

export const IDLE_LOCK_DEFAULT_MINUTES = 15;
export const IDLE_LOCK_MIN_MINUTES = 5;
export const IDLE_LOCK_MAX_MINUTES = 240;
const ABSOLUTE_MS = 12 * 60 * 60 * 1000;
const IDLE_KEY = 'teacher_idle_lock_minutes';

/** The idle lock the teacher chose, in minutes (the default when none, or when the stored value is out of range). */
export function idleLockMinutes(settings: Settings): number {
  const value = settings.get(IDLE_KEY);
  const n = value !== undefined ? Number(value) : NaN;
  return Number.isInteger(n) && n >= IDLE_LOCK_MIN_MINUTES && n <= IDLE_LOCK_MAX_MINUTES ? n : IDLE_LOCK_DEFAULT_MINUTES;
}

export function setIdleLockMinutes(settings: Settings, minutes: number): void {
  if (!Number.isInteger(minutes) || minutes < IDLE_LOCK_MIN_MINUTES || minutes > IDLE_LOCK_MAX_MINUTES) {
    throw new LedeError('invalid_input', `Choose from ${IDLE_LOCK_MIN_MINUTES} to ${IDLE_LOCK_MAX_MINUTES} minutes.`);
  }
  settings.set(IDLE_KEY, String(minutes));
}

export class TeacherSessions {
  private readonly sessions = new Map<string, { since: number; seen: number }>();
  private readonly idleMs: () => number;
  private readonly now: () => number;

  /** `idleMinutes` is read on every check, so a new setting applies at once. */
  constructor(idleMinutes: () => number, now: () => number = Date.now) {
    this.idleMs = () => idleMinutes() * 60_000;
    this.now = now;
  }

  /** A new unlocked session; the token goes in a cookie (or stays with a window). */
  grant(): string {
    const token = randomBytes(32).toString('base64url');
    const t = this.now();
    this.sessions.set(token, { since: t, seen: t });
    if (this.sessions.size > 1000) this.sweep();
    return token;
  }

  /** Whether `token` is unlocked now; `active` (the teacher did something) restarts the idle clock. */
  check(token: string | undefined, active: boolean): boolean {
    if (!token) return false;
    const s = this.sessions.get(token);
    if (!s) return false;
    const t = this.now();
    if (t - s.seen > this.idleMs() || t - s.since > ABSOLUTE_MS) {
      this.sessions.delete(token);
      return false;
    }
    if (active) s.seen = t;
    return true;
  }

  revoke(token: string | undefined): void {
    if (token) this.sessions.delete(token);
  }

  /** Every session ends (the PIN was changed or reset). */
  revokeAll(): void {
    this.sessions.clear();
  }

  private sweep(): void {
    for (const token of [...this.sessions.keys()]) this.check(token, false);
  }
}
