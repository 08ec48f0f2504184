import type { ErrorCode } from '../../shared/errors.ts';

/** What a reading thread is asked to do (read.ts, worker.ts). */
export type ReadJob = { kind: 'article'; name: string; bytes: Uint8Array } | { kind: 'lesson'; fileName: string; source: string };

/** What it answers: the value, or the refusal in the user's words. */
export type ReadReply = { ok: true; value: unknown } | { ok: false; code: ErrorCode; message: string };
