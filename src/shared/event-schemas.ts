// The classroom stream's events with their zod schemas (for the backend and tests;
// the browser checks events with events.ts, which needs no zod).
import type { z } from 'zod';
import { ClassroomStateSchema } from './api.ts';
import type { ClassroomEventName } from './events.ts';

export const CLASSROOM_EVENTS = {
  /** The session's state, sent when a stream opens and on every change. */
  state: ClassroomStateSchema,
} as const satisfies Record<ClassroomEventName, z.ZodType>;

/** One event in the text/event-stream format, checked against its schema. */
export function formatEvent<K extends ClassroomEventName>(name: K, data: z.input<(typeof CLASSROOM_EVENTS)[K]>): string {
  return `event: ${name}\ndata: ${JSON.stringify(CLASSROOM_EVENTS[name].parse(data))}\n\n`;
}
