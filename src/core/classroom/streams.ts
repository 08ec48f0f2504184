import type { z } from 'zod';
import type { ClassroomStateDto } from '../../shared/api.ts';
import type { CLASSROOM_EVENTS } from '../../shared/event-schemas.ts';
import type { ClassroomEventName } from '../../shared/events.ts';
import { CLASSROOM_LIMITS } from './limits.ts';

// Who follows a running session live, without any transport: each open stream is a
// sink the transport gives (src/server/classroom-stream.ts writes the events as
// server-sent events). A stream belongs to a seat; the dashboard shows a student as
// connected while one of theirs is open.

/** One event of a classroom stream, as the contract (src/shared/event-schemas.ts) types it. */
export type ClassroomEvent = { [K in ClassroomEventName]: { name: K; data: z.input<(typeof CLASSROOM_EVENTS)[K]> } }[ClassroomEventName];

/** Where a stream's events go. `end` closes the stream from this side (the session ended, or the seat opened too many). */
export interface EventSink {
  send: (event: ClassroomEvent) => void;
  end: () => void;
}

export interface Subscription {
  /** The stream was closed by the other side. */
  close: () => void;
}

/** One session's stream, as its listener offers it. */
export interface ClassroomEventSource {
  /**
   * Opens a stream for the seat holding `seatToken` and sends it the session's state
   * at once (a transport opens its response on that first event); null when there is
   * no such seat or the session is not running.
   */
  subscribe: (seatToken: string | undefined, sink: EventSink) => Subscription | null;
}

export interface StreamDeps {
  /** The seat holding a token, or null. */
  member: (sessionId: string, token: string | undefined) => { studentId: string } | null;
  state: (sessionId: string) => ClassroomStateDto;
  /** Something the dashboard shows (who is connected) changed. */
  changed: () => void;
}

export class ClassroomStreams {
  private readonly deps: StreamDeps;
  /** Per running session: its open streams, by the student they belong to. */
  private readonly sessions = new Map<string, Map<EventSink, string>>();

  constructor(deps: StreamDeps) {
    this.deps = deps;
  }

  /** The session's listener is up: streams can be opened. */
  open(sessionId: string): void {
    if (!this.sessions.has(sessionId)) this.sessions.set(sessionId, new Map());
  }

  /** The listener stops: every stream of the session is ended. */
  close(sessionId: string): void {
    const open = this.sessions.get(sessionId);
    if (!open) return;
    this.sessions.delete(sessionId);
    for (const sink of open.keys()) sink.end();
  }

  subscribe(sessionId: string, seatToken: string | undefined, sink: EventSink): Subscription | null {
    const open = this.sessions.get(sessionId);
    const m = this.deps.member(sessionId, seatToken);
    if (!open || !m) return null;
    sink.send({ name: 'state', data: this.deps.state(sessionId) });
    // A few tabs per seat; a new one closes the oldest (often a stream already dead).
    const mine = [...open].filter(([, s]) => s === m.studentId).map(([k]) => k);
    for (const old of mine.slice(0, Math.max(0, mine.length - CLASSROOM_LIMITS.streamsPerSeat + 1))) {
      open.delete(old);
      old.end();
    }
    open.set(sink, m.studentId);
    this.deps.changed();
    return {
      close: () => {
        open.delete(sink);
        this.deps.changed();
      },
    };
  }

  /** The session's stream, for its listener. */
  source(sessionId: string): ClassroomEventSource {
    return { subscribe: (seatToken, sink) => this.subscribe(sessionId, seatToken, sink) };
  }

  /** Sends every open stream of the session its state now (one event object for all, so a transport can format it once). */
  broadcast(sessionId: string): void {
    const open = this.sessions.get(sessionId);
    if (!open) return;
    const event: ClassroomEvent = { name: 'state', data: this.deps.state(sessionId) };
    for (const sink of open.keys()) sink.send(event);
  }

  /** The students with a stream open. */
  connected(sessionId: string): Set<string> {
    return new Set(this.sessions.get(sessionId)?.values() ?? []);
  }
}
