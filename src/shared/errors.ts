// Errors that cross from the backend to a client as a typed envelope:
// { ok: false, error: { code, message } }. The message is written for the user.

export const ERROR_CODES = ['invalid_input', 'not_found', 'conflict', 'forbidden', 'too_large', 'unavailable', 'internal'] as const;
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
