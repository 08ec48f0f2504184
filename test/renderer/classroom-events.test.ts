// The classroom stream as the browser receives it: parseClassroomState (src/shared/events.ts)
// accepts the session's state and nothing else, and the renderer's listener
// (src/renderer/src/state/classroom-events.ts) hands on only what it accepts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { ClassroomStateDto } from '../../src/shared/api.ts';
import { CLASSROOM_EVENT_NAMES, parseClassroomState } from '../../src/shared/events.ts';
import { CLASSROOM_EVENTS_URL, listenToClassroom, type EventSourceLike } from '../../src/renderer/src/state/classroom-events.ts';

const valid: ClassroomStateDto = {
  sessionId: 's1',
  className: '7b',
  lessonTitle: 'Who said what?',
  pacing: 'teacher',
  step: 2,
  paused: false,
  revealed: ['sources'],
  ended: false,
};

const state: fc.Arbitrary<ClassroomStateDto> = fc.record({
  sessionId: fc.string(),
  className: fc.string(),
  lessonTitle: fc.string(),
  pacing: fc.constantFrom('teacher' as const, 'student' as const),
  step: fc.integer({ min: 0, max: 50 }),
  paused: fc.boolean(),
  revealed: fc.array(fc.string(), { maxLength: 5 }),
  ended: fc.boolean(),
});

/** Each field with values of the wrong kind. */
const WRONG: Record<keyof ClassroomStateDto, unknown[]> = {
  sessionId: [undefined, null, 1, {}, []],
  className: [undefined, null, 7, ['7b']],
  lessonTitle: [undefined, null, false],
  pacing: [undefined, null, 'teachers', 'Teacher', '', 1],
  step: [undefined, null, '2', Number.NaN, Infinity, [2]],
  paused: [undefined, null, 'false', 0, 1],
  revealed: [undefined, null, 'sources', [1], [null], [['sources']], {}],
  ended: [undefined, null, 'true', 1],
};

describe('parseClassroomState', () => {
  it('accepts a state event', () => {
    assert.deepEqual(parseClassroomState(JSON.stringify(valid)), valid);
  });

  it('keeps only the contract’s fields (more may come from a newer server)', () => {
    assert.deepEqual(parseClassroomState(JSON.stringify({ ...valid, extra: 'x', qrSvg: '<svg/>' })), valid);
  });

  it('rejects what is not JSON, or not an object', () => {
    for (const data of ['', 'state', '{', '{"sessionId":', 'null', '1', '"text"', '[]', JSON.stringify([valid]), 'true']) {
      assert.equal(parseClassroomState(data), null, data);
    }
  });

  it('rejects a state with any field missing or of the wrong kind', () => {
    for (const [field, values] of Object.entries(WRONG)) {
      for (const v of values) {
        const data = JSON.stringify({ ...valid, [field]: v }, (_k, x: unknown) => (typeof x === 'number' && !Number.isFinite(x) ? `${x}` : x));
        assert.equal(parseClassroomState(data), null, `${field} = ${String(v)}`);
      }
    }
  });

  it('property: every state survives the trip through JSON', () => {
    fc.assert(
      fc.property(state, (s) => {
        assert.deepEqual(parseClassroomState(JSON.stringify(s)), { ...s }); // (fast-check may make it without a prototype)
      }),
    );
  });

  it('property: a state with one field broken is rejected; anything at all never throws', () => {
    const field = fc.constantFrom(...(Object.keys(WRONG) as (keyof ClassroomStateDto)[]));
    fc.assert(
      fc.property(state, field, fc.nat(), (s, f, i) => {
        const wrong = WRONG[f][i % WRONG[f].length];
        const broken: Record<string, unknown> = { ...s, [f]: wrong };
        if (wrong === undefined) delete broken[f];
        if (typeof wrong === 'number' && !Number.isFinite(wrong)) broken[f] = null; // JSON has no NaN
        assert.equal(parseClassroomState(JSON.stringify(broken)), null);
      }),
    );
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (data) => {
        const r = parseClassroomState(data);
        assert.ok(r === null || typeof r.sessionId === 'string');
      }),
    );
  });
});

/** A stand-in for the browser's EventSource: the test dispatches events by hand. */
class FakeEventSource implements EventSourceLike {
  readonly listeners = new Map<string, ((e: Event) => void)[]>();
  readonly url: string;
  closed = false;
  constructor(url: string) {
    this.url = url;
  }
  addEventListener(type: string, listener: (e: Event) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close() {
    this.closed = true;
  }
  dispatch(type: string, data: unknown) {
    for (const l of this.listeners.get(type) ?? []) l({ type, data } as unknown as Event);
  }
}

describe('the renderer’s classroom listener', () => {
  it('listens to every event of the contract at /events, hands on valid states and ignores everything else', () => {
    let source: FakeEventSource | null = null;
    const got: ClassroomStateDto[] = [];
    const stream = listenToClassroom({ onState: (s) => got.push(s) }, (url) => (source = new FakeEventSource(url)));
    assert.ok(stream && source);
    const src = source as FakeEventSource;
    assert.equal(src.url, CLASSROOM_EVENTS_URL);
    assert.equal(CLASSROOM_EVENTS_URL, '/events');
    assert.deepEqual([...src.listeners.keys()], [...CLASSROOM_EVENT_NAMES]);

    src.dispatch('state', JSON.stringify(valid));
    src.dispatch('state', '{not json');
    src.dispatch('state', JSON.stringify({ ...valid, pacing: 'anyone' }));
    src.dispatch('state', null);
    src.dispatch('state', 42);
    src.dispatch('other', JSON.stringify(valid)); // not an event of the contract: nobody listens
    src.dispatch('state', JSON.stringify({ ...valid, paused: true }));
    assert.deepEqual(got, [valid, { ...valid, paused: true }]);

    stream.close();
    assert.equal(src.closed, true);
  });

  it('without EventSource (an old browser, or Node) there is no stream, and no crash', () => {
    assert.equal(listenToClassroom({ onState: () => {} }, null), null);
  });
});
