// The renderer's outbox (src/renderer/src/state/outbox.ts) with an in-memory storage
// and a fake backend: order, retries, refusals, replay per attempt, nothing doubled.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { LedeError, type ErrorCode } from '../../src/shared/errors.ts';
import { createOutbox, OUTBOX_KEY, retryDelay, type Change, type ChangeBody, type Outbox, type OutboxStorage, type SaveState } from '../../src/renderer/src/state/outbox.ts';

class MemoryStorage implements OutboxStorage {
  readonly map = new Map<string, string>();
  getItem(key: string) {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.map.set(key, value);
  }
  removeItem(key: string) {
    this.map.delete(key);
  }
}

/** What the fake backend does with the nth call for a change: take it, or refuse it with a code. */
type Answer = 'ok' | ErrorCode;

interface Harness {
  outbox: Outbox;
  storage: MemoryStorage;
  /** Every call the backend received, in order (retries included). */
  calls: Change[];
  /** The changes the backend took, in order. */
  taken: Change[];
  statuses: SaveState[];
  refused: { change: Change; message: string }[];
  sleeps: number[];
}

/** Waits that never end: the page was closed while a change was waiting to be sent again. */
const closed = () => new Promise<void>(() => {});

function harness(opts: { storage?: MemoryStorage; answer?: (c: Change, nth: number) => Answer; sleep?: (ms: number) => Promise<void> } = {}): Harness {
  const storage = opts.storage ?? new MemoryStorage();
  const h: Harness = { outbox: null as unknown as Outbox, storage, calls: [], taken: [], statuses: [], refused: [], sleeps: [] };
  const tries = new Map<string, number>();
  let n = 0;
  h.outbox = createOutbox({
    storage,
    newKey: () => `k${++n}`,
    sleep: async (ms) => {
      h.sleeps.push(ms);
      await opts.sleep?.(ms);
    },
    now: () => new Date('2026-01-01T00:00:00Z'),
    send: async (c) => {
      h.calls.push(c);
      const nth = (tries.get(c.key) ?? 0) + 1;
      tries.set(c.key, nth);
      const a = opts.answer?.(c, nth) ?? 'ok';
      if (a !== 'ok') throw new LedeError(a, `refused: ${a}`);
      h.taken.push(c);
      return { savedAt: 'now' };
    },
    onStatus: (s) => h.statuses.push(s),
    onRefused: (change, err) => {
      h.refused.push({ change, message: (err as Error).message });
    },
  });
  return h;
}

const step = (attemptId: string, n: number): ChangeBody => ({ name: 'setStep', input: { attemptId, step: n } });
const mark = (attemptId: string, id: string): ChangeBody => ({
  name: 'putHighlight',
  input: { attemptId, exerciseId: 'sources', highlight: { id, start: 0, end: 4, label: 'named' } },
});
const stored = (s: MemoryStorage): Change[] => JSON.parse(s.map.get(OUTBOX_KEY) ?? '[]') as Change[];

describe('outbox', () => {
  it('sends changes in the order they were made, and keeps each in storage until it is acknowledged', async () => {
    const h = harness();
    const seenInStorage: number[] = [];
    const a = h.outbox.add(step('a1', 1));
    seenInStorage.push(stored(h.storage).length);
    void h.outbox.add(mark('a1', 'h1'));
    void h.outbox.add(step('a1', 2));
    seenInStorage.push(stored(h.storage).length);
    await a;
    await h.outbox.idle();
    assert.deepEqual(seenInStorage, [1, 3]);
    assert.deepEqual(h.taken.map((c) => c.key), ['k1', 'k2', 'k3']);
    assert.deepEqual(h.taken.map((c) => c.name), ['setStep', 'putHighlight', 'setStep']);
    assert.equal(h.storage.map.has(OUTBOX_KEY), false, 'nothing left once all are acknowledged');
    assert.deepEqual(h.statuses.at(-1), { state: 'saved', at: '2026-01-01T00:00:00.000Z' });
    assert.equal(h.statuses.filter((s) => s.state === 'saved').length, 1, '"Saved" once the last one is in');
  });

  it('keeps a change made offline, says so, and sends it again (backing off) until it is taken', async () => {
    const h = harness({ answer: (_c, nth) => (nth <= 3 ? 'offline' : 'ok') });
    await h.outbox.add(mark('a1', 'h1'));
    assert.equal(h.calls.length, 4);
    assert.equal(h.taken.length, 1);
    assert.deepEqual(h.sleeps, [500, 1000, 2000]);
    assert.deepEqual(
      h.statuses.map((s) => s.state),
      ['saving', 'offline', 'offline', 'offline', 'saved'],
    );
    assert.equal(h.refused.length, 0);
    assert.deepEqual(stored(h.storage), []);
  });

  it('keeps a change refused "not now" (rate limited, paused) and shows the reason while it waits', async () => {
    const h = harness({ answer: (_c, nth) => (nth === 1 ? 'paused' : nth === 2 ? 'rate_limited' : 'ok') });
    const kept: number[] = [];
    const p = h.outbox.add(step('a1', 3));
    kept.push(stored(h.storage).length);
    await p;
    assert.deepEqual(kept, [1]);
    assert.deepEqual(h.statuses.slice(1, 3), [
      { state: 'waiting', message: 'refused: paused' },
      { state: 'waiting', message: 'refused: rate_limited' },
    ]);
    assert.equal(h.taken.length, 1);
  });

  it('drops a refused change, reports it, and goes on with the next', async () => {
    const h = harness({ answer: (c) => (c.key === 'k2' ? 'invalid_input' : 'ok') });
    void h.outbox.add(step('a1', 1));
    void h.outbox.add(mark('a1', 'bad'));
    await h.outbox.add(step('a1', 2));
    assert.deepEqual(h.refused, [{ change: { ...mark('a1', 'bad'), key: 'k2' }, message: 'refused: invalid_input' }]);
    assert.deepEqual(h.calls.map((c) => c.key), ['k1', 'k2', 'k3'], 'a refusal is not retried');
    assert.ok(h.statuses.some((s) => s.state === 'error' && s.message === 'refused: invalid_input'));
    assert.deepEqual(stored(h.storage), []);
  });

  it('a change still offline when the page closes is replayed by the next page, once, with only that attempt’s changes', async () => {
    const storage = new MemoryStorage();
    // The first page: the network is gone; its changes stay in storage.
    const first = harness({ storage, answer: () => 'offline', sleep: closed });
    void first.outbox.add(mark('a1', 'h1'));
    void first.outbox.add(mark('a2', 'other-attempt'));
    void first.outbox.add(step('a1', 2));
    await new Promise((r) => setImmediate(r));
    assert.equal(stored(storage).length, 3);

    // The next page (the first one is gone): it opens attempt a1.
    const next = harness({ storage });
    assert.equal(await next.outbox.replay('a1'), true);
    assert.deepEqual(next.taken.map((c) => [c.input.attemptId, c.name]), [
      ['a1', 'putHighlight'],
      ['a1', 'setStep'],
    ]);
    assert.deepEqual(stored(storage).map((c) => c.input.attemptId), ['a2'], 'the other attempt’s change waits for it');
    // Replaying again, or opening the lesson again, sends nothing twice.
    assert.equal(await next.outbox.replay('a1'), false);
    assert.equal(next.calls.length, 2);
    assert.equal(await next.outbox.replay('a2'), true);
    assert.deepEqual(stored(storage), []);
  });

  it('replay does not queue again a change this page is still sending', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const taken: Change[] = [];
    // A slow backend: the change is still on its way when the lesson is opened again.
    const slow = createOutbox({
      storage: new MemoryStorage(),
      newKey: () => 'slow1',
      send: async (c) => {
        await gate;
        taken.push(c);
      },
      onStatus: () => {},
      onRefused: () => {},
    });
    const sending = slow.add(mark('a1', 'h1'));
    const replayed = slow.replay('a1');
    release();
    await sending;
    assert.equal(await replayed, false);
    assert.equal(taken.length, 1);
  });

  it('ignores what it cannot read in storage', async () => {
    const storage = new MemoryStorage();
    storage.setItem(OUTBOX_KEY, '{not json');
    const h = harness({ storage });
    assert.equal(await h.outbox.replay('a1'), false);
    storage.setItem(OUTBOX_KEY, JSON.stringify([null, 3, { key: 'x' }, { key: 'y', name: 'dropTables', input: { attemptId: 'a1' } }, { ...step('a1', 1), key: 'ok1' }]));
    assert.equal(await h.outbox.replay('a1'), true);
    assert.deepEqual(h.taken.map((c) => c.key), ['ok1']);
  });

  it('goes on when storage is full or blocked (the change is still sent while the page is open)', async () => {
    const broken: OutboxStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    const taken: string[] = [];
    const o = createOutbox({ storage: broken, newKey: () => 'k', send: async (c) => void taken.push(c.name), onStatus: () => {}, onRefused: () => {} });
    await o.add(step('a1', 1));
    assert.deepEqual(taken, ['setStep']);
    assert.deepEqual(o.stored(), []);
  });

  it('flush: an action after the changes waits until every one before it is acknowledged, in order', async () => {
    const h = harness();
    const order: string[] = [];
    void h.outbox.add(mark('a1', 'h1'));
    void h.outbox.add(mark('a1', 'h2'));
    const flushed = h.outbox.flush().then((r) => {
      order.push(`check after ${h.taken.slice(0, 2).map((c) => c.key).join(' ')}`);
      return r;
    });
    // A change made after the check was asked for is not waited for.
    void h.outbox.add(mark('a1', 'late'));
    assert.deepEqual(await flushed, { state: 'sent' });
    await h.outbox.idle();
    assert.deepEqual(order, ['check after k1 k2']);
    assert.deepEqual(h.taken.map((c) => (c.name === 'putHighlight' ? c.input.highlight.id : '')), ['h1', 'h2', 'late']);
    assert.deepEqual(await h.outbox.flush(), { state: 'sent' }, 'nothing queued: at once');
  });

  it('flush offline: says so at once (a change waiting to be tried again is tried now), keeps the change, and the next flush sends it', async () => {
    let online = false;
    // The page stays open; the back-off wait never ends by itself: only a flush tries again.
    const h = harness({ answer: () => (online ? 'ok' : 'offline'), sleep: closed });
    void h.outbox.add(mark('a1', 'h1'));
    void h.outbox.add(step('a1', 2));
    await new Promise((r) => setImmediate(r));
    assert.equal(h.calls.length, 1, 'the first change failed and waits; the second waits behind it');

    const r = await h.outbox.flush();
    assert.equal(r.state, 'unsent');
    assert.equal(r.state === 'unsent' && r.error.code, 'offline');
    assert.equal(h.calls.length, 2, 'tried again at once, not after the back-off');
    assert.deepEqual(stored(h.storage).map((c) => c.key), ['k1', 'k2'], 'both kept');
    assert.equal(h.refused.length, 0);

    online = true;
    assert.deepEqual(await h.outbox.flush(), { state: 'sent' });
    assert.deepEqual(h.taken.map((c) => c.key), ['k1', 'k2'], 'in order, once each');
    assert.deepEqual(stored(h.storage), []);
  });

  it('flush busy or paused: says why, keeps the change', async () => {
    const h = harness({ answer: (_c, nth) => (nth === 1 ? 'paused' : 'ok'), sleep: closed });
    void h.outbox.add(mark('a1', 'h1'));
    const r = await h.outbox.flush();
    assert.deepEqual(r.state === 'unsent' && [r.error.code, r.error.message], ['paused', 'refused: paused']);
    assert.equal(stored(h.storage).length, 1);
    assert.deepEqual(await h.outbox.flush(), { state: 'sent' });
    assert.equal(h.taken.length, 1);
  });

  it('flush with a change refused: every change before it settles, the refusal is reported, and the flush names it', async () => {
    const h = harness({ answer: (c) => (c.key === 'k2' ? 'conflict' : 'ok') });
    void h.outbox.add(mark('a1', 'h1'));
    void h.outbox.add(mark('a1', 'refused'));
    void h.outbox.add(mark('a1', 'h3'));
    const r = await h.outbox.flush();
    assert.equal(r.state, 'refused');
    assert.deepEqual(r.state === 'refused' && r.refused.map((x) => [x.change.key, (x.error as Error).message]), [['k2', 'refused: conflict']]);
    assert.deepEqual(h.refused.map((x) => x.change.key), ['k2'], 'reported (to the student) before the flush settles');
    assert.deepEqual(h.taken.map((c) => c.key), ['k1', 'k3']);
    // A later flush does not report it again.
    assert.deepEqual(await h.outbox.flush(), { state: 'sent' });
  });

  it('property: a flush settles "sent" only once every change before it is taken, in order; else it says which was refused or why not now', async () => {
    const answers = fc.constantFrom<Answer>('ok', 'ok', 'ok', 'offline', 'rate_limited', 'conflict');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(answers, { maxLength: 3 }), { minLength: 1, maxLength: 8 }), fc.nat(8), async (plan, at) => {
        const script = new Map(plan.map((a, i) => [`k${i + 1}`, a]));
        const h = harness({ answer: (c, nth) => script.get(c.key)?.[nth - 1] ?? 'ok', sleep: closed });
        const before = Math.min(at, plan.length);
        plan.slice(0, before).forEach((_, i) => void h.outbox.add(step('a1', i)));
        const r = await h.outbox.flush();
        plan.slice(before).forEach((_, i) => void h.outbox.add(step('a1', before + i)));
        const keys = plan.slice(0, before).map((_, i) => `k${i + 1}`);
        const notNow = new Set<Answer>(['offline', 'rate_limited']);
        // Walk the changes before the flush as the outbox does: the first "not now" stops it.
        const taken: string[] = [];
        const refused: string[] = [];
        let blocked: Answer | null = null;
        for (const k of keys) {
          const first = script.get(k)![0] ?? 'ok';
          if (notNow.has(first)) {
            blocked = first;
            break;
          }
          (first === 'ok' ? taken : refused).push(k);
        }
        assert.deepEqual(h.taken.map((c) => c.key).slice(0, taken.length), taken, 'taken in order');
        if (blocked) assert.deepEqual(r.state === 'unsent' && r.error.code, blocked);
        else if (refused.length) assert.deepEqual(r.state === 'refused' && r.refused.map((x) => x.change.key), refused);
        else assert.deepEqual(r, { state: 'sent' });
        // Nothing is lost: each change before the flush is taken, refused (and reported) or still kept.
        const kept = stored(h.storage).map((c) => c.key);
        for (const k of keys) assert.ok(h.taken.some((c) => c.key === k) || h.refused.some((x) => x.change.key === k) || kept.includes(k), k);
      }),
      { numRuns: 150 },
    );
  });

  it('back-off: 0.5 s, doubling, at most 8 s', () => {
    assert.deepEqual([0, 1, 2, 3, 4, 5, 60].map(retryDelay), [500, 1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it('property: whatever fails for a while, every change is taken exactly once, in order, and storage ends empty', async () => {
    const answers = fc.constantFrom<Answer>('ok', 'ok', 'offline', 'rate_limited', 'paused', 'invalid_input', 'not_found');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom('a1', 'a2'), fc.array(answers, { maxLength: 4 })), { minLength: 1, maxLength: 12 }), async (plan) => {
        const script = new Map(plan.map(([, a], i) => [`k${i + 1}`, a]));
        const h = harness({ answer: (c, nth) => script.get(c.key)?.[nth - 1] ?? 'ok' });
        plan.forEach(([attempt], i) => void h.outbox.add(step(attempt, i)));
        await h.outbox.idle();
        // A change is dropped only when its first answer other than "not now" is a refusal.
        const notNow = new Set<Answer>(['offline', 'rate_limited', 'paused']);
        const dropped = (k: string) => (script.get(k)!.find((a) => !notNow.has(a)) ?? 'ok') !== 'ok';
        const keys = plan.map((_, i) => `k${i + 1}`);
        assert.deepEqual(h.taken.map((c) => c.key), keys.filter((k) => !dropped(k)), 'each taken once, in order');
        assert.deepEqual(h.refused.map((r) => r.change.key), keys.filter(dropped), 'each refusal reported once');
        assert.deepEqual(stored(h.storage), []);
      }),
      { numRuns: 150 },
    );
  });
});
