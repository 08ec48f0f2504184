import assert from 'node:assert/strict';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { ClassroomStateDto } from '../src/shared/api.ts';
import { parseClassroomState } from '../src/shared/events.ts';
import { CLASSROOM_LIMITS } from '../src/core/classroom/limits.ts';
import { ClassroomStreams, type ClassroomEvent, type ClassroomEventSource, type EventSink } from '../src/core/classroom/streams.ts';
import { streamClassroomEvents } from '../src/server/classroom-stream.ts';
import { CONTENT_SECURITY_POLICY } from '../src/server/headers.ts';

// A session's live stream in two parts: who follows it (src/core/classroom/streams.ts,
// no transport) and how it is written over HTTP (src/server/classroom-stream.ts).

const state = (id: string, step = 0): ClassroomStateDto => ({ sessionId: id, className: '8C', lessonTitle: 'Dirty work', pacing: 'teacher', step, paused: false, revealed: [], ended: false });

/** A sink that records what it gets. */
function recorder() {
  const got: ClassroomEvent[] = [];
  let ended = 0;
  const sink: EventSink = { send: (e) => got.push(e), end: () => ended++ };
  return { sink, got, ended: () => ended };
}

describe('who follows a session (core)', () => {
  const seats: Record<string, string> = { 'tok-ada': 'ada', 'tok-ben': 'ben' };
  let step = 0;
  let changes = 0;
  const streams = new ClassroomStreams({
    member: (_id, token) => (token && seats[token] ? { studentId: seats[token]! } : null),
    state: (id) => state(id, step),
    changed: () => changes++,
  });

  it('no stream for a session that is not running, or without a seat', () => {
    assert.equal(streams.subscribe('s1', 'tok-ada', recorder().sink), null, 'not running yet');
    streams.open('s1');
    assert.equal(streams.subscribe('s1', undefined, recorder().sink), null);
    assert.equal(streams.subscribe('s1', 'forged', recorder().sink), null);
    assert.equal(changes, 0);
  });

  it('a stream starts with the session’s state; every change reaches every stream, as one event object', () => {
    const a = recorder();
    const b = recorder();
    const subA = streams.subscribe('s1', 'tok-ada', a.sink)!;
    const subB = streams.subscribe('s1', 'tok-ben', b.sink)!;
    assert.ok(subA && subB);
    assert.deepEqual(a.got, [{ name: 'state', data: state('s1', 0) }]);
    assert.deepEqual([...streams.connected('s1')].sort(), ['ada', 'ben']);
    assert.equal(changes, 2, 'the dashboard learns who is connected');
    step = 2;
    streams.broadcast('s1');
    assert.deepEqual(a.got[1], { name: 'state', data: state('s1', 2) });
    assert.equal(a.got[1], b.got[1], 'the same object: a transport formats it once');
    subB.close();
    assert.deepEqual([...streams.connected('s1')], ['ada']);
    assert.equal(changes, 3);
    streams.broadcast('s1');
    assert.equal(b.got.length, 2, 'a closed stream gets nothing more');
    assert.equal(a.got.length, 3);
    subA.close();
  });

  it(`a seat keeps ${CLASSROOM_LIMITS.streamsPerSeat} streams: another ends its oldest, and no one else’s`, () => {
    const ben = recorder();
    streams.subscribe('s1', 'tok-ben', ben.sink);
    const tabs = Array.from({ length: CLASSROOM_LIMITS.streamsPerSeat + 1 }, () => recorder());
    for (const t of tabs) assert.ok(streams.subscribe('s1', 'tok-ada', t.sink));
    assert.deepEqual(tabs.map((t) => t.ended()), [1, 0, 0, 0]);
    assert.equal(ben.ended(), 0);
    streams.broadcast('s1');
    assert.deepEqual(tabs.map((t) => t.got.length), [1, 2, 2, 2], 'the ended tab gets nothing more');
  });

  it('when the listener stops, every stream is ended and no new one opens', () => {
    const a = recorder();
    streams.subscribe('s1', 'tok-ada', a.sink);
    streams.close('s1');
    assert.equal(a.ended(), 1);
    assert.deepEqual([...streams.connected('s1')], []);
    assert.equal(streams.subscribe('s1', 'tok-ada', recorder().sink), null);
    streams.broadcast('s1'); // nothing to send to, and no error
  });
});

describe('the event stream over HTTP (server)', () => {
  /** A source with one seat ("good"); it keeps the sinks it was given. */
  const sinks: EventSink[] = [];
  let closed = 0;
  const onClose: (() => void)[] = [];
  const source: ClassroomEventSource = {
    subscribe: (token, sink) => {
      if (token !== 'good') return null;
      sinks.push(sink);
      sink.send({ name: 'state', data: state('s9') });
      return {
        close: () => {
          closed++;
          for (const f of onClose.splice(0)) f();
        },
      };
    },
  };
  /** Resolves once `n` subscriptions have been closed by the server. */
  const closedCount = (n: number) =>
    new Promise<void>((resolve) => {
      const check = () => (closed >= n ? resolve() : onClose.push(check));
      check();
    });
  let server: Server;
  let port = 0;
  before(async () => {
    server = createServer((req, res) => streamClassroomEvents(source, req, res, 100));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  /** Opens /events with the cookie; resolves with the response once `until` holds for the text received. */
  const open = (cookie: string | null, until: (text: string) => boolean) =>
    new Promise<{ res: IncomingMessage; text: string; destroy: () => void }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/events', headers: cookie ? { Cookie: cookie } : {} }, (res) => {
        let text = '';
        const done = () => resolve({ res, text, destroy: () => req.destroy() });
        res.on('data', (c: Buffer) => {
          text += c.toString();
          if (until(text)) done();
        });
        res.on('end', done);
      });
      req.on('error', reject);
      req.end();
    });

  it('without a seat: 401 in plain words, with the security headers', async () => {
    const { res, text } = await open('lede_seat=forged', () => false);
    assert.equal(res.statusCode, 401);
    assert.equal(text, 'Join the class first.');
    assert.equal(res.headers['content-security-policy'], CONTENT_SECURITY_POLICY);
    assert.equal(res.headers['x-frame-options'], 'DENY');
  });

  it('with the seat cookie: server-sent events in the contract’s format, a keep-alive when idle, and the end when the session ends', async () => {
    const before = sinks.length;
    const first = await open('other=1; lede_seat=good', (t) => t.includes('\n\n'));
    assert.equal(first.res.statusCode, 200);
    assert.equal(first.res.headers['content-type'], 'text/event-stream; charset=utf-8');
    assert.equal(first.res.headers['cache-control'], 'no-store');
    assert.equal(first.res.headers['content-security-policy'], CONTENT_SECURITY_POLICY);
    assert.equal(first.text, `retry: 2000\nevent: state\ndata: ${JSON.stringify(state('s9'))}\n\n`);
    assert.deepEqual(parseClassroomState(JSON.stringify(state('s9'))), state('s9'));
    const sink = sinks[before]!;

    let rest = '';
    const ended = new Promise<void>((r) => first.res.on('end', r));
    first.res.on('data', (c: Buffer) => (rest += c.toString()));
    // Idle: the keep-alive comes on its own (every 100 ms here).
    await new Promise<void>((resolve) => {
      const check = () => (rest.includes(': keep-alive\n\n') ? resolve() : first.res.once('data', check));
      check();
    });
    assert.match(rest, /^(: keep-alive\n\n)+$/, 'idle: keep-alive comments only');
    rest = '';
    sink.send({ name: 'state', data: { ...state('s9', 3), ended: true } });
    sink.end();
    await ended;
    assert.ok(rest.startsWith('event: state\ndata: '), rest);
    const data = rest.slice('event: state\ndata: '.length, rest.indexOf('\n\n'));
    assert.deepEqual(parseClassroomState(data), { ...state('s9', 3), ended: true });
  });

  it('an event outside the contract is never written', async () => {
    const before = sinks.length;
    const s = await open('lede_seat=good', (t) => t.includes('\n\n'));
    assert.throws(() => sinks[before]!.send({ name: 'state', data: { sessionId: 's9' } as never }));
    s.destroy();
  });

  it('when the browser goes away, its subscription is closed and the keep-alive stops', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    await closedCount(sinks.length); // the streams of the tests before are gone
    const was = closed;
    const idle = timers();
    const s = await open('lede_seat=good', (t) => t.includes('\n\n'));
    assert.equal(timers(), idle + 1, 'the stream’s keep-alive');
    s.destroy();
    await closedCount(was + 1);
    assert.equal(closed, was + 1);
    assert.equal(timers(), idle, 'the keep-alive is cleared');
  });
});
