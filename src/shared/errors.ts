// Errors that cross from the backend to a client as a typed envelope:
// { ok: false, error: { code, message } }. The message is written for the user.

export const ERROR_CODES = ['invalid_input', 'not_found', 'conflict', 'forbidden', 'locked', 'too_large', 'rate_limited', 'paused', 'unavailable', 'internal'] as const;
/** `locked`: a teacher call on a screen where the teacher area is not (or no longer) unlocked. */
/**
 * Refusals that say "not now" rather than "no": a change refused with one of these
 * is kept by the client and sent again later (too many requests at once; the
 * teacher has paused the class).
 */
export const RETRY_LATER: ReadonlySet<ErrorCode> = new Set(['rate_limited', 'paused']);
export type ErrorCode = (typeof ERROR_CODES)[number];

export class LedeError extends Error {
  override name = 'LedeError';
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export interface ErrorEnvelope {
  ok: false;
  error: { code: ErrorCode; message: string };
}
