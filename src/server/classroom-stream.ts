import type { IncomingMessage, ServerResponse } from 'node:http';
import { formatEvent } from '../shared/event-schemas.ts';
import { SEAT_COOKIE } from '../core/classroom/handlers.ts';
import type { ClassroomEvent, ClassroomEventSource } from '../core/classroom/streams.ts';
import { readCookie, SECURITY_HEADERS } from './headers.ts';

// A classroom session's event stream over HTTP (GET /events): server-sent events
// for the student holding the seat cookie. What is sent and when is the domain's
// (src/core/classroom/streams.ts); each event is written in the contract's format
// (`formatEvent`, src/shared/event-schemas.ts), which the browser checks on arrival.

/** How long the browser waits before opening a dropped stream again. */
export const RETRY_MS = 2000;
/** An idle stream gets a comment line this often, so that nothing between closes it. */
export const KEEP_ALIVE_MS = 20_000;

/** Each event's text, made once however many streams it is sent on. */
const texts = new WeakMap<ClassroomEvent, string>();
function eventText(event: ClassroomEvent): string {
  let text = texts.get(event);
  if (text === undefined) texts.set(event, (text = formatEvent(event.name, event.data)));
  return text;
}

export function streamClassroomEvents(source: ClassroomEventSource, req: IncomingMessage, res: ServerResponse, keepAliveMs = KEEP_ALIVE_MS): void {
  let keepAlive: ReturnType<typeof setInterval> | undefined;
  const sub = source.subscribe(readCookie(req, SEAT_COOKIE), {
    send: (event) => {
      if (res.headersSent) {
        res.write(eventText(event));
        return;
      }
      // The first event (the state when the stream opens) opens the response.
      res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
      res.write(`retry: ${RETRY_MS}\n${eventText(event)}`);
      keepAlive = setInterval(() => res.write(': keep-alive\n\n'), keepAliveMs);
    },
    end: () => {
      clearInterval(keepAlive);
      res.end();
    },
  });
  if (!sub) {
    res.writeHead(401, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Join the class first.');
    return;
  }
  req.on('close', () => {
    clearInterval(keepAlive);
    sub.close();
  });
}
