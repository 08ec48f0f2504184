// Errors that cross from the backend to a client as a typed envelope:
// { ok: false, error: { code, message } }. The message is written for the user.
// One error class on both sides: the backend throws LedeError, the client's
// transport turns an error envelope back into one.

export const ERROR_CODES = [
  'invalid_input',
  'not_found',
  'conflict',
  'forbidden',
  /** A teacher call on a screen where the teacher area is not (or no longer) unlocked. */
  'locked',
  'too_large',
  'rate_limited',
  'paused',
  'unavailable',
  'internal',
  /** Client-side only: the backend could not be reached. */
  'offline',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * Refusals that say "not now" rather than "no": a change refused with one of these
 * is kept by the client and sent again later (offline; too many requests at once;
 * the teacher has paused the class).
 */
export const RETRY_LATER: ReadonlySet<ErrorCode> = new Set(['offline', 'rate_limited', 'paused']);

export class LedeError extends Error {
  override name = 'LedeError';
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.code = code;
  }
  /** Worth sending again later (see RETRY_LATER). */
  get retryLater(): boolean {
    return RETRY_LATER.has(this.code);
  }
}

/** What crosses either transport: a value, or an error in words for the user. */
export type Envelope<T> = { ok: true; value: T } | ErrorEnvelope;

export interface ErrorEnvelope {
  ok: false;
  error: { code: ErrorCode; message: string };
}

/** A thrown value, in words for the user. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
