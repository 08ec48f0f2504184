import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openDatabase } from '../src/core/db/open.ts';
import { Store } from '../src/core/db/store.ts';
import { ClassroomManager } from '../src/core/classroom/manager.ts';
import { ExportJobs } from '../src/core/export/jobs.ts';
import { dispatch } from '../src/core/services/dispatch.ts';
import { createHandlers } from '../src/core/services/lede-service.ts';
import { createTeacherHandlers, type CallContext } from '../src/core/services/teacher-service.ts';
import { PIN_MAX_LOCK_MS, PinGate, pinIsSet, resetPin, setPin } from '../src/core/teacher/pin.ts';
import { TeacherSessions } from '../src/core/teacher/sessions.ts';
import { tempDir } from './helpers.ts';

// Issue 8, item 6: the PIN throttle holds against parallel guesses and restarts;
// the teacher's unlock ends when the teacher is idle.

function backend(path = ':memory:') {
  const store = new Store(openDatabase(path));
  const jobs = new ExportJobs(store);
  const classroom = new ClassroomManager(store, { staticDir: '/nonexistent' });
  const sessions = new TeacherSessions(() => 15);
  const handlers = { ...createHandlers(store), ...createTeacherHandlers({ store, jobs, classroom, sessions }) };
  return { store, jobs, handlers, sessions };
}

function connection(mayChoosePin = false): CallContext {
  const ctx: CallContext = { teacher: false, mayChoosePin, grantTeacher: () => (ctx.teacher = true), revokeTeacher: () => (ctx.teacher = false) };
  return ctx;
}

describe('guessing the teacher PIN', () => {
  it('six wrong PINs and the right one sent at once: the right one is refused, the area stays locked', async () => {
    const { store, handlers } = backend();
    await setPin(store.settings, '4821');
    const ctxs = Array.from({ length: 7 }, () => connection());
    const pins = ['0000', '1111', '2222', '3333', '4444', '5555', '4821'];
    const answers = await Promise.all(pins.map((pin, i) => dispatch(handlers, 'unlockTeacher', { pin }, ctxs[i])));
    assert.deepEqual(
      answers.map((a) => (a.ok ? 'ok' : a.error.code)),
      ['forbidden', 'forbidden', 'forbidden', 'forbidden', 'forbidden', 'rate_limited', 'rate_limited'],
    );
    assert.equal(ctxs[6]!.teacher, false);
    const last = answers[6]!;
    assert.ok(!last.ok && /Too many wrong PINs\. Try again in 30 seconds\./.test(last.error.message), JSON.stringify(last));
    assert.equal(answers[4]!.ok === false && answers[4]!.error.message, 'That PIN is not right. Too many wrong PINs: try again in 30 seconds.');
  });

  it('counts each try before the slow hash, in the database: a restart does not reset the count', async () => {
    const dir = tempDir();
    const path = join(dir, 'lede.sqlite');
    const first = new Store(openDatabase(path));
    await setPin(first.settings, '4821');
    let t = 1_000_000;
    const gate = new PinGate(first.settings, () => t);
    for (const pin of ['0000', '1111', '2222', '3333']) assert.equal(await gate.verify(pin), false);
    // A fifth try whose process dies during the hash still counts: read the row while it runs (from the file, on a connection of its own).
    const fifth = gate.verify('4444');
    await new Promise((r) => setImmediate(r));
    const reader = openDatabase(path, { readonly: true });
    const during = JSON.parse((reader.prepare(`SELECT value FROM settings WHERE key = 'teacher_pin_throttle'`).get() as { value: string }).value);
    reader.close();
    assert.equal(during.failures, 5);
    assert.equal(await fifth, false);
    first.close();

    const again = new Store(openDatabase(path));
    const restarted = new PinGate(again.settings, () => t);
    assert.equal(restarted.waitSeconds(), 30);
    await assert.rejects(restarted.verify('4821'), /Try again in 30 seconds/);
    t += 30_001;
    assert.equal(await restarted.verify('4821'), true, 'the right PIN, after the wait');
    assert.equal(restarted.waitSeconds(), 0);
    again.close();
  });

  it(`a student's wrong tries lock the teacher out for at most ${PIN_MAX_LOCK_MS / 60_000} minutes`, async () => {
    const { store } = backend();
    await setPin(store.settings, '4821');
    let t = 0;
    const gate = new PinGate(store.settings, () => t);
    const waits: number[] = [];
    for (let i = 0; i < 12; i++) {
      t += gate.waitSeconds() * 1000 + 1;
      await gate.verify('9999');
      waits.push(gate.waitSeconds());
    }
    assert.deepEqual(waits, [0, 0, 0, 0, 30, 60, 120, 240, 300, 300, 300, 300]);
  });

  it('`lede teacher reset-pin` forgets the PIN and the count of wrong tries', async () => {
    const { store } = backend();
    await setPin(store.settings, '4821');
    const gate = new PinGate(store.settings);
    for (let i = 0; i < 6; i++) await gate.verify('0000').catch(() => {});
    assert.ok(gate.waitSeconds() > 0);
    assert.equal(resetPin(store.settings), true);
    assert.equal(pinIsSet(store.settings), false);
    assert.equal(gate.waitSeconds(), 0);
    assert.equal(resetPin(store.settings), false);
  });
});

describe('the teacher’s unlock', () => {
  it('ends after the idle time; watching (the dashboard, export progress) does not keep it open', () => {
    let t = 0;
    let minutes = 15;
    const sessions = new TeacherSessions(() => minutes, () => t);
    const token = sessions.grant();
    t += 10 * 60_000;
    assert.equal(sessions.check(token, false), true);
    t += 6 * 60_000; // 16 minutes since the teacher last did something
    assert.equal(sessions.check(token, false), false);
    const other = sessions.grant();
    t += 14 * 60_000;
    assert.equal(sessions.check(other, true), true, 'doing something restarts the clock');
    t += 14 * 60_000;
    assert.equal(sessions.check(other, false), true);
    minutes = 5;
    assert.equal(sessions.check(other, false), false, 'a shorter setting applies at once');
  });

  it('the idle time is the teacher’s to set, from 5 to 240 minutes, and changing the PIN locks every other screen', async () => {
    const { handlers, sessions } = backend();
    const desk = connection(true);
    const env = await dispatch(handlers, 'setTeacherPin', { pin: '2468' }, desk);
    assert.ok(env.ok);
    const s = await dispatch(handlers, 'setIdleLock', { minutes: 45 }, desk);
    assert.ok(s.ok && (s.value as { idleLockMinutes: number }).idleLockMinutes === 45);
    // The README's range, 5 minutes to 4 hours: 4 minutes is refused like 0.
    const four = await dispatch(handlers, 'setIdleLock', { minutes: 4 }, desk);
    assert.equal(four.ok, false);
    const bad = await dispatch(handlers, 'setIdleLock', { minutes: 0 }, desk);
    assert.ok(!bad.ok && bad.error.code === 'invalid_input');
    const otherToken = sessions.grant();
    await dispatch(handlers, 'setTeacherPin', { pin: '13579', currentPin: '2468' }, desk);
    assert.equal(sessions.check(otherToken, true), false);
  });
});

describe('choosing the first PIN (issue 20, row 13)', () => {
  it('happens once: two first choices at the same moment, one wins and the other is refused, whichever PIN it was', async () => {
    const { handlers, store } = backend();
    const a = connection(true);
    const b = connection(true);
    const [ra, rb] = await Promise.all([dispatch(handlers, 'setTeacherPin', { pin: '2468' }, a), dispatch(handlers, 'setTeacherPin', { pin: '1357' }, b)]);
    assert.deepEqual([ra.ok, rb.ok].sort(), [false, true]);
    const [won, lost, wonPin, lostPin, lostCtx] = ra.ok ? [ra, rb, '2468', '1357', b] : [rb, ra, '1357', '2468', a];
    assert.ok(won.ok);
    assert.ok(!lost.ok && lost.error.code === 'conflict' && /just been chosen on another screen/.test(lost.error.message));
    assert.equal(lostCtx.teacher, false, 'the refused screen is not unlocked');
    // The PIN stored is the winner's: it unlocks, the other does not.
    assert.ok((await dispatch(handlers, 'unlockTeacher', { pin: wonPin }, connection())).ok);
    assert.ok(!(await dispatch(handlers, 'unlockTeacher', { pin: lostPin }, connection())).ok);
    assert.equal(pinIsSet(store.settings), true);
  });
});
