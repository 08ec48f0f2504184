// The classroom stream: a live session's state arrives as server-sent events. Every
// event is checked against the contract (src/shared/events.ts) before it is used;
// anything else is ignored.
import type { ClassroomStateDto } from '../../../shared/api.ts';
import { CLASSROOM_EVENT_NAMES, parseClassroomState, type ClassroomEventName } from '../../../shared/events.ts';

/** The part of EventSource used here. */
export interface EventSourceLike {
  addEventListener(type: string, listener: (e: Event) => void): void;
  close(): void;
}

export type OpenEventSource = (url: string) => EventSourceLike;

export const CLASSROOM_EVENTS_URL = '/events';

const openBrowserEventSource: OpenEventSource | null = typeof EventSource === 'undefined' ? null : (url) => new EventSource(url);

export interface ClassroomListener {
  /** The session's state, whenever it changes. */
  onState: (state: ClassroomStateDto) => void;
}

/**
 * Opens the stream and hands each valid event to `listener`; null where the browser
 * has no EventSource. Close it with the returned `close`.
 */
export function listenToClassroom(listener: ClassroomListener, open: OpenEventSource | null = openBrowserEventSource): { close: () => void } | null {
  if (!open) return null;
  const source = open(CLASSROOM_EVENTS_URL);
  // One handler per event name of the contract: a new event cannot be forgotten here.
  const handlers: { [K in ClassroomEventName]: (data: string) => void } = {
    state: (data) => {
      const state = parseClassroomState(data);
      if (state) listener.onState(state);
    },
  };
  for (const name of CLASSROOM_EVENT_NAMES) {
    source.addEventListener(name, (e) => {
      const data: unknown = (e as MessageEvent<unknown>).data;
      if (typeof data === 'string') handlers[name](data);
    });
  }
  return { close: () => source.close() };
}
