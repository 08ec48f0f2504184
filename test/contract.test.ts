import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { CLASSROOM_EVENTS, formatEvent } from '../src/shared/event-schemas.ts';
import { parseClassroomState } from '../src/shared/events.ts';
import { Client } from './http-client.ts';
import { classroomFixture, ServedClassroomManager } from './served-classroom.ts';

// The classroom stream is part of the contract: the server writes each event with
// `formatEvent` (zod), the browser checks it with `parseClassroomState` (no zod).
// The two must agree on every value, and what a real session streams must pass both.

const text = fc.string({ unit: 'grapheme', maxLength: 12 });
const good = {
  sessionId: text,
  className: text,
  lessonTitle: text,
  pacing: fc.constantFrom('teacher' as const, 'student' as const),
  step: fc.oneof(fc.integer({ min: -5, max: 40 }), fc.double()),
  paused: fc.boolean(),
  revealed: fc.array(text, { maxLength: 4 }),
  ended: fc.boolean(),
};
/** Each field: mostly a right value, sometimes any JSON value (a wrong type, null…). */
const maybe = <T,>(a: fc.Arbitrary<T>) => fc.oneof({ weight: 5, arbitrary: a as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: fc.jsonValue() });
const fields = Object.fromEntries(Object.entries(good).map(([k, a]) => [k, maybe(a as fc.Arbitrary<unknown>)])) as Record<keyof typeof good, fc.Arbitrary<unknown>>;
/** Candidates: right states, states with wrong fields, missing fields or extra keys, and any JSON at all. */
const candidate = fc.oneof(
  fc.record(good),
  fc.record(fields),
  fc.record(fields, { requiredKeys: [] }),
  fc.tuple(fc.record(good), fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 })).map(([s, extra]) => ({ ...extra, ...s })),
  fc.jsonValue({ maxDepth: 3 }),
);

describe('the classroom stream’s contract', () => {
  it('parseClassroomState (browser, no zod) accepts exactly what CLASSROOM_EVENTS.state (zod) accepts, and returns the same value', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(candidate, (value) => {
        const data = JSON.stringify(value);
        if (data === undefined) return;
        const zod = CLASSROOM_EVENTS.state.safeParse(JSON.parse(data));
        const mine = parseClassroomState(data);
        if (zod.success) {
          accepted++;
          assert.deepEqual(mine, zod.data);
        } else {
          refused++;
          assert.equal(mine, null, `zod refused ${data}: ${zod.error.message}`);
        }
      }),
      { numRuns: 3000 },
    );
    assert.ok(accepted > 300 && refused > 300, `both sides are exercised (${accepted} accepted, ${refused} refused)`);
  });

  it('text that is not JSON, and JSON that is not an object, is refused by both', () => {
    for (const data of ['', 'event: state', '{', 'null', '[]', '"state"', '42', 'true']) {
      assert.equal(parseClassroomState(data), null, data);
      let parsed: unknown;
      try {
        parsed = JSON.parse(data);
      } catch {
        continue;
      }
      assert.equal(CLASSROOM_EVENTS.state.safeParse(parsed).success, false, data);
    }
  });

  it('formatEvent writes one event whose data the browser reads back as the value sent', () => {
    fc.assert(
      fc.property(fc.record(good).filter((s) => Number.isFinite(s.step)), (state) => {
        const out = formatEvent('state', state);
        const m = /^event: state\ndata: (.*)\n\n$/s.exec(out);
        assert.ok(m, out);
        assert.ok(!m[1]!.includes('\n'), 'the data is one line');
        assert.deepEqual(parseClassroomState(m[1]!), { ...state, step: state.step === 0 ? 0 : state.step });
      }),
    );
    assert.throws(() => formatEvent('state', { sessionId: 's' } as never), 'the server cannot send an event outside the contract');
  });
});

describe('what a session’s server streams', () => {
  const { cls, ids, manager } = classroomFixture('7A', ['Ada']);
  const ada = ids[0]!;
  let info: Awaited<ReturnType<ServedClassroomManager['start']>>;
  before(async () => {
    info = await manager.start({ classId: cls.id, lessonId: 'asif-dirty-work', host: '127.0.0.1', allowNewNames: false });
  });
  after(() => manager.close());

  it('every event parses on both sides and carries the session’s state at that moment', async () => {
    const c = new Client(info.urls[0]!);
    assert.equal((await c.call('classroomPick', { code: info.joinCode, studentId: ada })).status, 200);
    const url = new URL('events', info.urls[0]!);
    const changes: (() => unknown)[] = [
      () => manager.control(info.id, 'go-to-step', 1),
      () => manager.control(info.id, 'student-paced'),
      () => manager.control(info.id, 'pause'),
      () => manager.control(info.id, 'reveal', undefined, 'sources'),
      () => manager.end(info.id),
    ];
    const expected = [manager.state(info.id)];
    let raw = '';
    await new Promise<void>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path: url.pathname, headers: { Cookie: c.cookie } }, (res) => {
        assert.equal(res.statusCode, 200);
        assert.equal(res.headers['content-type'], 'text/event-stream; charset=utf-8');
        let seen = 0;
        res.on('data', (chunk: Buffer) => {
          raw += chunk.toString();
          const events = raw.split('\n\n').length - 1;
          // One change per event received, so each event is the state after one change.
          while (seen < events && changes.length) {
            seen++;
            void changes.shift()!();
            expected.push(manager.state(info.id));
          }
        });
        res.on('end', () => resolve());
      });
      req.on('error', reject);
      req.end();
    });
    assert.ok(raw.startsWith('retry: 2000\n'), raw.slice(0, 40));
    const events = raw.replace(/^retry: \d+\n/, '').split('\n\n').filter(Boolean);
    assert.equal(events.length, expected.length, raw);
    events.forEach((e, i) => {
      const m = /^event: state\ndata: (.*)$/s.exec(e);
      assert.ok(m, e);
      const browser = parseClassroomState(m[1]!);
      assert.ok(browser, `the browser accepts event ${i}`);
      assert.deepEqual(CLASSROOM_EVENTS.state.parse(JSON.parse(m[1]!)), browser);
      assert.deepEqual(browser, expected[i], `event ${i}`);
    });
    assert.deepEqual(
      events.map((e) => parseClassroomState(e.slice(e.indexOf('data: ') + 6))).map((s) => [s!.step, s!.pacing, s!.paused, s!.revealed, s!.ended]),
      [
        [0, 'teacher', false, [], false],
        [1, 'teacher', false, [], false],
        [1, 'student', false, [], false],
        [1, 'student', true, [], false],
        [1, 'student', true, ['sources'], false],
        [1, 'student', true, ['sources'], true],
      ],
    );
  });
});
