import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { CLASSROOM_LIMITS } from '../src/core/classroom/manager.ts';
import { TokenBuckets } from '../src/core/rate-limits.ts';
import { classroomFixture, ServedClassroomManager as ClassroomManager } from './served-classroom.ts';
import type { Database } from 'better-sqlite3';
import { MAX_HIGHLIGHTS_PER_STEP } from '../src/core/db/store.ts';
import { Client } from './http-client.ts';

// The rules a live class's server enforces itself, whatever a client sends: the
// regression tests for the holes an outside audit found (issue 8, items 2–5).

function setup(names: string[], opts: { limitLoopback?: boolean } = {}) {
  return classroomFixture('9B', names, opts);
}

const highlight = (attemptId: string, exerciseId: string, id: string, start = 1543, end = 1561, label = 'anonymous') => ({
  attemptId,
  exerciseId,
  highlight: { id, start, end, label },
});
const rows = (db: Database, sql: string, ...args: unknown[]) => db.prepare(sql).all(...args) as Record<string, unknown>[];

describe('a checked step cannot be changed (item 3)', () => {
  const s = setup(['Ada']);
  let base = '';
  let code = '';
  before(async () => {
    const info = await s.manager.start({ classId: s.cls.id, lessonId: 'asif-dirty-work', host: '127.0.0.1', allowNewNames: false });
    base = info.urls[0]!;
    code = info.joinCode;
    s.manager.control(info.id, 'student-paced');
  });
  after(() => s.manager.close());

  it('deleting a checked step’s highlight by naming an open step is refused, and the row stays', async () => {
    const ada = new Client(base);
    const attemptId = (await ada.call('classroomPick', { code, studentId: s.ids[0] })).body.value.attempt.attempt.id;
    for (let i = 0; i < 5; i++) assert.equal((await ada.call('putHighlight', highlight(attemptId, 'sources', `h${i}`, 1543 + i, 1550 + i))).status, 200);
    assert.equal((await ada.call('checkStep', { attemptId, exerciseId: 'sources' })).status, 200);
    for (let i = 0; i < 5; i++) {
      const r = await ada.call('deleteHighlight', { attemptId, exerciseId: 'framing', highlightId: `h${i}` });
      assert.equal(r.status, 409, `delete ${i}`);
      assert.match(r.body.error.message, /already been checked/);
    }
    // Nor can a checked step's highlight be moved into an open step.
    assert.equal((await ada.call('putHighlight', highlight(attemptId, 'framing', 'h0', 10, 20, 'loaded'))).status, 409);
    assert.equal(rows(s.db, `SELECT id FROM highlights WHERE attempt_id = ? AND exercise_id = 'sources'`, attemptId).length, 5, 'every highlight is still stored');
  });

  it('the store checks the step the stored highlight belongs to, not the one named', () => {
    const student = s.store.createStudent('Solo');
    const a = s.store.startAttempt(student.id, 'asif-dirty-work');
    s.store.putHighlight(a.id, 'sources', { id: 'solo-1', start: 1543, end: 1561, label: 'anonymous' });
    s.store.submitExercise(a.id, 'sources');
    assert.throws(() => s.store.deleteHighlight(a.id, 'framing', 'solo-1'), /already been checked/);
    assert.equal(s.store.highlights(a.id).length, 1);
  });
});

describe('limits on what one student can grow (item 2)', () => {
  it(`a step holds at most ${MAX_HIGHLIGHTS_PER_STEP} highlights; changing one already there is still allowed`, () => {
    const s = setup([]);
    const student = s.store.createStudent('Flood');
    const a = s.store.startAttempt(student.id, 'asif-dirty-work');
    const tx = s.db.transaction(() => {
      for (let i = 0; i < MAX_HIGHLIGHTS_PER_STEP; i++) s.store.putHighlight(a.id, 'framing', { id: `f${i}`, start: i, end: i + 1, label: 'loaded' });
    });
    tx();
    assert.throws(
      () => s.store.putHighlight(a.id, 'framing', { id: 'one-more', start: 900, end: 905, label: 'loaded' }),
      new RegExp(`at most ${MAX_HIGHLIGHTS_PER_STEP} highlights`),
    );
    s.store.putHighlight(a.id, 'framing', { id: 'f0', start: 0, end: 3, label: 'loaded' });
    s.store.putHighlight(a.id, 'sources', { id: 'other-step', start: 1543, end: 1561, label: 'anonymous' });
    const counts = rows(s.db, 'SELECT exercise_id, count(*) AS n FROM highlights WHERE attempt_id = ? GROUP BY exercise_id ORDER BY exercise_id', a.id);
    assert.deepEqual(counts, [
      { exercise_id: 'framing', n: MAX_HIGHLIGHTS_PER_STEP },
      { exercise_id: 'sources', n: 1 },
    ]);
    s.store.close();
  });

  it('one seat sending as fast as it can is slowed down (429); another seat is not', async () => {
    const s = setup(['Mallory', 'Nina']);
    const info = await s.manager.start({ classId: s.cls.id, lessonId: 'asif-dirty-work', host: '127.0.0.1', allowNewNames: false });
    try {
      s.manager.control(info.id, 'student-paced');
      const m = new Client(info.urls[0]!);
      const attemptId = (await m.call('classroomPick', { code: info.joinCode, studentId: s.ids[0] })).body.value.attempt.attempt.id;
      const t0 = Date.now();
      const burst = await Promise.all(Array.from({ length: CLASSROOM_LIMITS.requestBurst + 40 }, (_, i) => m.call('putHighlight', highlight(attemptId, 'framing', `x${i}`, i, i + 2, 'loaded'))));
      const refill = Math.ceil(((Date.now() - t0) / 1000) * CLASSROOM_LIMITS.requestsPerSecond);
      const accepted = burst.filter((r) => r.status === 200).length;
      assert.ok(accepted <= CLASSROOM_LIMITS.requestBurst + refill, `${accepted} accepted, at most ${CLASSROOM_LIMITS.requestBurst} + ${refill} refilled`);
      assert.equal(rows(s.db, 'SELECT count(*) AS n FROM highlights WHERE attempt_id = ?', attemptId)[0]!.n, accepted, 'exactly the accepted ones are stored');
      const refused = burst.find((r) => r.status === 429)!;
      assert.equal(refused.body.error.code, 'rate_limited');
      assert.match(refused.body.error.message, /Too many changes at once/);
      // Each seat has a bucket of its own: the next student is not slowed down by the first.
      const n = new Client(info.urls[0]!, '127.0.0.41');
      const other = (await n.call('classroomPick', { code: info.joinCode, studentId: s.ids[1] })).body.value.attempt.attempt.id;
      assert.equal((await n.call('putHighlight', highlight(other, 'framing', 'n1', 50, 55, 'loaded'))).status, 200);
    } finally {
      await s.manager.close();
    }
  });

  it('a slowed-down seat’s changes go through once it waits: a token back every 1/requestsPerSecond s, up to the burst', () => {
    let now = 1_000_000;
    const buckets = new TokenBuckets(CLASSROOM_LIMITS.requestsPerSecond, CLASSROOM_LIMITS.requestBurst, () => now);
    const taken = Array.from({ length: CLASSROOM_LIMITS.requestBurst + 1 }, () => buckets.take('seat'));
    assert.deepEqual([taken.filter(Boolean).length, taken.at(-1)], [CLASSROOM_LIMITS.requestBurst, false]);
    assert.equal(buckets.take('other seat'), true, 'a bucket per seat');
    now += 1000 / CLASSROOM_LIMITS.requestsPerSecond / 2;
    assert.equal(buckets.take('seat'), false, 'half a token is not one');
    now += 1000 / CLASSROOM_LIMITS.requestsPerSecond / 2;
    assert.deepEqual([buckets.take('seat'), buckets.take('seat')], [true, false], 'one token back');
    now += 3_600_000;
    assert.equal(Array.from({ length: CLASSROOM_LIMITS.requestBurst + 1 }, () => buckets.take('seat')).filter(Boolean).length, CLASSROOM_LIMITS.requestBurst, 'never more than the burst');
  });

  it(`a seat keeps at most ${CLASSROOM_LIMITS.streamsPerSeat} event streams: a new one closes the oldest`, async () => {
    const s = setup(['Tabs']);
    const info = await s.manager.start({ classId: s.cls.id, lessonId: 'asif-dirty-work', host: '127.0.0.1', allowNewNames: false });
    try {
      const c = new Client(info.urls[0]!);
      await c.call('classroomPick', { code: info.joinCode, studentId: s.ids[0] });
      const url = new URL('events', info.urls[0]!);
      const closed: number[] = [];
      let firstClosed = () => {};
      const oneClosed = new Promise<void>((resolve) => (firstClosed = resolve));
      const open = (i: number) =>
        new Promise<void>((resolve) => {
          const req = request({ host: url.hostname, port: url.port, path: url.pathname, headers: { Cookie: c.cookie } }, (res) => {
            res.once('data', () => resolve());
            res.on('end', () => {
              closed.push(i);
              firstClosed();
            });
          });
          req.end();
        });
      for (let i = 0; i < CLASSROOM_LIMITS.streamsPerSeat + 1; i++) await open(i);
      await oneClosed;
      assert.deepEqual(closed, [0]);
    } finally {
      await s.manager.close();
    }
  });

  it(`a device address keeps at most ${CLASSROOM_LIMITS.connectionsPerAddress} connections open; others are not affected`, async () => {
    const s = setup([], { limitLoopback: true });
    const info = await s.manager.start({ classId: s.cls.id, lessonId: 'asif-dirty-work', host: '127.0.0.1', allowNewNames: false });
    const port = Number(new URL(info.urls[0]!).port);
    const sockets: ReturnType<typeof connect>[] = [];
    try {
      const states = await Promise.all(
        Array.from(
          { length: CLASSROOM_LIMITS.connectionsPerAddress + 3 },
          () =>
            new Promise<'open' | 'cut'>((resolve) => {
              const sock = connect({ host: '127.0.0.1', port, localAddress: '127.0.0.21' });
              sockets.push(sock);
              // Open: the server answers a request on it; cut: the server closes it unanswered.
              sock.on('error', () => {});
              sock.once('close', () => resolve('cut'));
              sock.once('data', () => resolve('open'));
              sock.once('connect', () => sock.write(`GET /api/serverInfo HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`));
            }),
        ),
      );
      assert.equal(states.filter((x) => x === 'open').length, CLASSROOM_LIMITS.connectionsPerAddress);
      const other = new Client(info.urls[0]!, '127.0.0.22');
      assert.equal((await other.call('classroomJoin', { code: info.joinCode })).status, 200);
    } finally {
      for (const s of sockets) s.destroy();
      await s.manager.close();
    }
  });
});

describe('the server enforces pacing, pause and reveal (item 4)', () => {
  const s = setup(['Ada', 'Ben', 'Cai']);
  let info: Awaited<ReturnType<ClassroomManager['start']>>;
  let ada: Client;
  let adaAttempt = '';
  before(async () => {
    info = await s.manager.start({ classId: s.cls.id, lessonId: 'asif-dirty-work', host: '127.0.0.1', allowNewNames: false });
    ada = new Client(info.urls[0]!);
    adaAttempt = (await ada.call('classroomPick', { code: info.joinCode, studentId: s.ids[0] })).body.value.attempt.attempt.id;
  });
  after(() => s.manager.close());

  it('teacher-paced: a step the teacher has not opened cannot be checked (no key) or answered', async () => {
    const check = await ada.call('checkStep', { attemptId: adaAttempt, exerciseId: 'framing' });
    assert.equal(check.status, 409);
    assert.equal(check.body.error.message, 'Your teacher has not opened that step yet.');
    assert.doesNotMatch(JSON.stringify(check.body), /explanation|items|keySpans/);
    assert.equal((await ada.call('putHighlight', highlight(adaAttempt, 'sources', 'early'))).status, 409);
    assert.equal((await ada.call('putResponse', { attemptId: adaAttempt, exerciseId: 'check-the-quote', answer: { text: 'early' } })).status, 409);
    assert.deepEqual(rows(s.db, 'SELECT * FROM results WHERE attempt_id = ?', adaAttempt), [], 'nothing was scored');
    s.manager.control(info.id, 'go-to-step', 1);
    assert.equal((await ada.call('putHighlight', highlight(adaAttempt, 'sources', 'now'))).status, 200);
    assert.equal((await ada.call('checkStep', { attemptId: adaAttempt, exerciseId: 'framing' })).status, 409, 'still not step 2');
  });

  it('paused: changes and checks are refused with “paused” (the client keeps them), and accepted after resuming', async () => {
    s.manager.control(info.id, 'pause');
    const put = await ada.call('putHighlight', highlight(adaAttempt, 'sources', 'while-paused', 1500, 1510, 'vague'));
    assert.equal(put.status, 423);
    assert.equal(put.body.error.code, 'paused');
    assert.match(put.body.error.message, /paused the class/);
    assert.equal((await ada.call('checkStep', { attemptId: adaAttempt, exerciseId: 'sources' })).status, 423);
    assert.equal((await ada.call('setStep', { attemptId: adaAttempt, step: 1 })).status, 423);
    assert.deepEqual(rows(s.db, `SELECT id FROM highlights WHERE id = 'while-paused'`), []);
    s.manager.control(info.id, 'resume');
    assert.equal((await ada.call('putHighlight', highlight(adaAttempt, 'sources', 'while-paused', 1500, 1510, 'vague'))).status, 200);
  });

  it('a student who joins after a reveal finds that step checked and locked', async () => {
    s.manager.control(info.id, 'reveal', undefined, 'sources');
    const ben = new Client(info.urls[0]!);
    const me = await ben.call('classroomPick', { code: info.joinCode, studentId: s.ids[1] });
    assert.equal(me.status, 200);
    const benAttempt = me.body.value.attempt.attempt.id;
    assert.equal(me.body.value.attempt.feedback.sources.kind, 'highlight', 'the key is shown, as to everyone');
    const late = await ben.call('putHighlight', highlight(benAttempt, 'sources', 'late'));
    assert.equal(late.status, 409);
    assert.deepEqual(rows(s.db, `SELECT status, points FROM results WHERE attempt_id = ? AND exercise_id = 'sources'`, benAttempt), [{ status: 'scored', points: 0 }]);
    // Ada's revealed step cannot be changed either, though checking it again just returns her result.
    assert.equal((await ada.call('deleteHighlight', { attemptId: adaAttempt, exerciseId: 'sources', highlightId: 'now' })).status, 409);
    assert.equal((await ada.call('checkStep', { attemptId: adaAttempt, exerciseId: 'sources' })).status, 200);
  });

  it('after the session ends, nothing changes', async () => {
    const cai = new Client(info.urls[0]!);
    const caiAttempt = (await cai.call('classroomPick', { code: info.joinCode, studentId: s.ids[2] })).body.value.attempt.attempt.id;
    s.db.prepare('UPDATE classroom_sessions SET ended_at = ? WHERE id = ?').run(new Date().toISOString(), info.id);
    const r = await cai.call('putHighlight', highlight(caiAttempt, 'framing', 'after-end', 10, 20, 'loaded'));
    assert.equal(r.status, 409);
    assert.match(r.body.error.message, /session has ended/);
  });
});

describe('seats and names (item 5)', () => {
  it('a device holds one seat; an address takes a few seats in ten minutes', async () => {
    const names = Array.from({ length: CLASSROOM_LIMITS.seatClaimsPerAddress + 2 }, (_, i) => `Student ${i + 1}`);
    const s = setup(names, { limitLoopback: true });
    const info = await s.manager.start({ classId: s.cls.id, lessonId: 'asif-dirty-work', host: '127.0.0.1', allowNewNames: false });
    try {
      const device = new Client(info.urls[0]!, '127.0.0.31');
      assert.equal((await device.call('classroomPick', { code: info.joinCode, studentId: s.ids[0] })).status, 200);
      const second = await device.call('classroomPick', { code: info.joinCode, studentId: s.ids[1] });
      assert.equal(second.status, 409);
      assert.equal(second.body.error.message, 'This device has already joined as Student 1. If that is not you, ask your teacher to let you join again.');
      // Clearing the cookie each time: the address runs out of seat claims.
      const statuses: number[] = [];
      for (let i = 1; i < names.length; i++) statuses.push((await new Client(info.urls[0]!, '127.0.0.31').call('classroomPick', { code: info.joinCode, studentId: s.ids[i] })).status);
      assert.deepEqual(statuses.slice(0, CLASSROOM_LIMITS.seatClaimsPerAddress - 1), Array(CLASSROOM_LIMITS.seatClaimsPerAddress - 1).fill(200));
      assert.equal(statuses[CLASSROOM_LIMITS.seatClaimsPerAddress - 1], 429);
      const joined = rows(s.db, 'SELECT count(*) AS n FROM classroom_members WHERE session_id = ? AND token_hash IS NOT NULL', info.id)[0]!.n;
      assert.equal(joined, CLASSROOM_LIMITS.seatClaimsPerAddress);
      // Another device is not affected.
      assert.equal((await new Client(info.urls[0]!, '127.0.0.32').call('classroomPick', { code: info.joinCode, studentId: s.ids.at(-1) })).status, 200);
    } finally {
      await s.manager.close();
    }
  });

  it('typed names are cleaned, need letters and a length shown to the student, and may not look like a classmate’s', async () => {
    const s = setup(['Aisha Silva', 'Ilya Petrov']);
    const info = await s.manager.start({ classId: s.cls.id, lessonId: 'asif-dirty-work', host: '127.0.0.1', allowNewNames: true });
    try {
      const pick = (newName: string) => new Client(info.urls[0]!).call('classroomPick', { code: info.joinCode, newName });
      for (const lookAlike of ['Aisha Silva', 'Ai\u200Bsha Silva', 'Aisha\u200BSilva', 'aisha  silva', 'A\u0456sha Silva', 'Aïsha Sílva', '\u202EAisha Silva', 'lIya Petrov']) {
        const r = await pick(lookAlike);
        assert.equal(r.status, 409, JSON.stringify(lookAlike));
        assert.match(r.body.error.message, /^“(Aisha Silva|Ilya Petrov)” is already in this class\. If that is you, pick your name from the list/);
      }
      for (const [bad, why] of [
        ['\u200B\u200B\u200B', /type a name/],
        ['12345', /at least one letter/],
        ['x'.repeat(41), /at most 40 characters/],
      ] as const) {
        const r = await pick(bad);
        assert.equal(r.status, 400);
        assert.match(r.body.error.message, why);
      }
      const ok = await pick('  Zo\u00EB \u2067Okafor\u2069  ');
      assert.equal(ok.status, 200);
      assert.equal(ok.body.value.attempt.student.displayName, 'Zoë Okafor');
      const d = await s.manager.dashboard(info.id);
      assert.deepEqual(
        d.roster.map((r) => [r.displayName, r.typed]),
        [
          ['Aisha Silva', false],
          ['Ilya Petrov', false],
          ['Zoë Okafor', true],
        ],
      );
      // One device created one student; the class has three.
      assert.equal(s.store.classes.roster(s.cls.id).length, 3);
    } finally {
      await s.manager.close();
    }
  });

  it(`at most ${CLASSROOM_LIMITS.typedNamesPerSession} typed names per session`, async () => {
    const s = setup([]);
    const info = await s.manager.start({ classId: s.cls.id, lessonId: 'asif-dirty-work', host: '127.0.0.1', allowNewNames: true });
    try {
      const letters = 'abcdefghijklmnopqrstuvwxyz';
      const name = (i: number) => `Pupil ${letters[Math.floor(i / 26) % 26]}${letters[i % 26]}${letters[Math.floor(i / 676)]}q`;
      for (let i = 0; i < CLASSROOM_LIMITS.typedNamesPerSession; i++) {
        const r = await new Client(info.urls[0]!).call('classroomPick', { code: info.joinCode, newName: name(i) });
        assert.equal(r.status, 200, `${name(i)}: ${JSON.stringify(r.body)}`);
      }
      const over = await new Client(info.urls[0]!).call('classroomPick', { code: info.joinCode, newName: 'One Too Many' });
      assert.equal(over.status, 413);
      assert.match(over.body.error.message, /as many typed names as it can/);
      assert.equal(s.store.classes.roster(s.cls.id).length, CLASSROOM_LIMITS.typedNamesPerSession);
    } finally {
      await s.manager.close();
    }
  });
});
