// The server-sent events of a classroom session: part of the contract like the
// calls. The server builds each event with `formatEvent` (event-schemas.ts, zod);
// the browser, which does not load zod, checks each event it receives with
// `parseClassroomState` before using it. test/contract.test.ts shows, on generated
// values, that the two agree.
import type { ClassroomStateDto } from './api.ts';

/** The events a classroom stream carries. */
export const CLASSROOM_EVENT_NAMES = ['state'] as const;
export type ClassroomEventName = (typeof CLASSROOM_EVENT_NAMES)[number];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A `state` event's data, checked without zod (for the browser): the session's state,
 * or null when the data is not one (the event is then ignored).
 */
export function parseClassroomState(data: string): ClassroomStateDto | null {
  let v: unknown;
  try {
    v = JSON.parse(data);
  } catch {
    return null;
  }
  if (!isObject(v)) return null;
  const ok =
    typeof v.sessionId === 'string' &&
    typeof v.className === 'string' &&
    typeof v.lessonTitle === 'string' &&
    (v.pacing === 'teacher' || v.pacing === 'student') &&
    typeof v.step === 'number' &&
    Number.isFinite(v.step) &&
    typeof v.paused === 'boolean' &&
    Array.isArray(v.revealed) &&
    v.revealed.every((x) => typeof x === 'string') &&
    typeof v.ended === 'boolean';
  if (!ok) return null;
  return {
    sessionId: v.sessionId as string,
    className: v.className as string,
    lessonTitle: v.lessonTitle as string,
    pacing: v.pacing as 'teacher' | 'student',
    step: v.step as number,
    paused: v.paused as boolean,
    revealed: [...(v.revealed as string[])],
    ended: v.ended as boolean,
  };
}
