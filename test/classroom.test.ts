import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { classroomFixture, ServedClassroomManager as ClassroomManager } from './served-classroom.ts';
import { GuessLimiter } from '../src/core/classroom/security.ts';
import { Client } from './http-client.ts';
import { tempDir } from './helpers.ts';
import { lede, startLede } from './cli-run.ts';
import { ensureBuiltRenderer } from './built-app.ts';

function setup() {
  const names = ['Ada', 'Ben', '<img src=x onerror=alert(1)>', 'سارة'];
  return { ...classroomFixture('8C', names), names };
}

describe('a classroom session', () => {
  const s = setup();
  let info: Awaited<ReturnType<ClassroomManager['start']>>;
  let base: string;
  before(async () => {
    info = await s.manager.start({ classId: s.cls.id, lessonId: 'asif-dirty-work', host: '127.0.0.1', allowNewNames: false });
    base = info.urls[0]!;
  });
  after(() => s.manager.close());

  it('shows a 6-character code, the address and a QR code', () => {
    assert.match(info.joinCode, /^[A-HJ-NP-Z2-9]{6}$/);
    assert.match(base, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.match(info.qrSvg, /^<svg[^>]*>[\s\S]*<\/svg>$/);
  });

  it('students join with the code and pick their name; the seat is an HttpOnly, SameSite=Strict cookie of 256 bits', async () => {
    const ada = new Client(base);
    const wrong = await ada.call('classroomJoin', { code: 'ZZZZZZ' });
    assert.equal(wrong.status, 403);
    const j = await ada.call('classroomJoin', { code: info.joinCode.toLowerCase() });
    assert.equal(j.status, 200);
    assert.deepEqual(
      j.body.value.roster.map((r: { displayName: string }) => r.displayName).sort(),
      [...s.names].sort(),
      'names in any script, and markup, come through as text',
    );
    const pick = await ada.call('classroomPick', { code: info.joinCode, studentId: s.ids[0] });
    assert.equal(pick.status, 200);
    const set = String(pick.headers['set-cookie']);
    assert.match(set, /^lede_seat=([A-Za-z0-9_-]{43}); HttpOnly; SameSite=Strict; Path=\//);
    assert.equal(pick.body.value.classroom.pacing, 'teacher');
    const json = JSON.stringify(pick.body.value.attempt);
    assert.doesNotMatch(json, /"explanation"|"correct"|Yalda Hakim/, 'no key before a step is checked or revealed');
    // The name is now taken: another device cannot take it.
    const other = new Client(base);
    const again = await other.call('classroomPick', { code: info.joinCode, studentId: s.ids[0] });
    assert.equal(again.status, 409);
    assert.match(again.body.error.message, /already joined with this name/);
  });

  it('a student can read and change only their own answers; forged or stolen-and-released tokens do nothing', async () => {
    const ben = new Client(base);
    const me = await ben.call('classroomPick', { code: info.joinCode, studentId: s.ids[1] });
    const benAttempt = me.body.value.attempt.attempt.id;
    const sara = new Client(base);
    const she = await sara.call('classroomPick', { code: info.joinCode, studentId: s.ids[3] });
    const saraAttempt = she.body.value.attempt.attempt.id;

    s.manager.control(info.id, 'go-to-step', 1);
    const ok = await ben.call('putHighlight', { attemptId: benAttempt, exerciseId: 'sources', highlight: { id: 'ben-1', start: 1543, end: 1561, label: 'anonymous' } });
    assert.equal(ok.status, 200);
    for (const name of ['getAttempt', 'putHighlight', 'checkStep']) {
      const input = name === 'putHighlight' ? { attemptId: saraAttempt, exerciseId: 'sources', highlight: { id: 'x', start: 0, end: 3, label: 'named' } } : name === 'checkStep' ? { attemptId: saraAttempt, exerciseId: 'sources' } : { attemptId: saraAttempt };
      const r = await ben.call(name, input);
      assert.equal(r.status, 403, name);
      assert.equal(r.body.error.message, 'You can only see and change your own answers.');
    }
    const forged = new Client(base);
    forged.cookie = 'lede_seat=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    assert.equal((await forged.call('classroomMe', {})).status, 403);
    // The teacher lets Ben join again elsewhere: his old cookie stops working, his work stays,
    // and the seat needs the one-time code the teacher was given: no one else can take it first.
    const { rejoinCode } = s.manager.release(info.id, s.ids[1]!);
    assert.match(rejoinCode, /^[A-HJ-NP-Z2-9]{6}$/);
    assert.equal((await ben.call('classroomMe', {})).status, 403);
    const joinList = await new Client(base).call('classroomJoin', { code: info.joinCode });
    assert.equal(joinList.body.value.roster.find((r: { id: string }) => r.id === s.ids[1]).needsCode, true);
    const thief = new Client(base);
    const stolen = await thief.call('classroomPick', { code: info.joinCode, studentId: s.ids[1] });
    assert.equal(stolen.status, 403);
    assert.match(stolen.body.error.message, /type the code your teacher gives you/);
    assert.equal((await thief.call('classroomPick', { code: info.joinCode, studentId: s.ids[1], rejoinCode: 'AAAAAA' })).status, 403);
    const laptop = new Client(base);
    const back = await laptop.call('classroomPick', { code: info.joinCode, studentId: s.ids[1], rejoinCode: rejoinCode.toLowerCase() });
    assert.equal(back.status, 200, JSON.stringify(back.body));
    assert.equal(back.body.value.attempt.attempt.id, benAttempt);
    assert.equal(back.body.value.attempt.highlights.length, 1);
  });

  it('teacher calls and other students’ data do not exist on the classroom server', async () => {
    const c = new Client(base);
    for (const name of ['listClasses', 'unlockTeacher', 'listStudents', 'classroomDashboard', 'startExport']) {
      const r = await c.call(name, {});
      assert.equal(r.status, 404, name);
    }
  });

  it('refuses a foreign Host header, another origin, and bodies over 64 KB', async () => {
    const c = new Client(base);
    assert.equal((await c.call('classroomJoin', { code: info.joinCode }, { Host: 'evil.example' })).status, 421);
    assert.equal((await c.call('classroomJoin', { code: info.joinCode }, { Origin: 'http://evil.example' })).status, 403);
    const big = await c.call('classroomJoin', JSON.stringify({ code: info.joinCode, pad: 'x'.repeat(70_000) }));
    assert.equal(big.status, 413);
  });

  it('in teacher-paced mode a student cannot run ahead; a revealed step shows its key to everyone', async () => {
    const ada = new Client(base);
    // Ada's first device took her seat; release and rejoin for this test.
    const { rejoinCode } = s.manager.release(info.id, s.ids[0]!);
    const me = await ada.call('classroomPick', { code: info.joinCode, studentId: s.ids[0], rejoinCode });
    const attemptId = me.body.value.attempt.attempt.id;
    assert.equal((await ada.call('setStep', { attemptId, step: 2 })).status, 409);
    s.manager.control(info.id, 'go-to-step', 2);
    assert.equal((await ada.call('setStep', { attemptId, step: 2 })).status, 200);
    s.manager.control(info.id, 'reveal', undefined, 'sources');
    const after = await ada.call('getAttempt', { attemptId });
    assert.equal(after.body.value.feedback.sources.items.length, 12);
    assert.equal((await ada.call('putHighlight', { attemptId, exerciseId: 'sources', highlight: { id: 'late', start: 0, end: 5, label: 'named' } })).status, 409, 'a revealed step is locked');
  });

  it('the dashboard follows a student within a second, and students get state changes as server-sent events', async () => {
    const d0 = await s.manager.dashboard(info.id);
    const waiting = s.manager.dashboard(info.id, d0.version);
    const ben = new Client(base);
    const { rejoinCode } = s.manager.release(info.id, s.ids[1]!);
    const me = await ben.call('classroomPick', { code: info.joinCode, studentId: s.ids[1], rejoinCode });
    const t0 = Date.now();
    await ben.call('putHighlight', { attemptId: me.body.value.attempt.attempt.id, exerciseId: 'framing', highlight: { id: 'b2', start: 0, end: 8, label: 'loaded' } });
    const d1 = await waiting;
    assert.ok(Date.now() - t0 < 1000, `${Date.now() - t0} ms`);
    assert.ok(d1.version > d0.version);
    assert.equal(d1.roster.find((r) => r.studentId === s.ids[1])?.joined, true);

    // Events: connect, then pause.
    const events: string[] = [];
    const url = new URL('events', base);
    await new Promise<void>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path: url.pathname, headers: { Cookie: ben.cookie } }, (res) => {
        assert.equal(res.headers['content-type'], 'text/event-stream; charset=utf-8');
        res.on('data', (c: Buffer) => {
          events.push(c.toString());
          if (events.join('').includes('"paused":true')) {
            req.destroy();
            resolve();
          } else if (events.length === 1) s.manager.control(info.id, 'pause');
        });
      });
      req.on('error', (e) => (events.join('').includes('"paused":true') ? resolve() : reject(e)));
      req.end();
    });
    assert.match(events[0]!, /event: state\ndata: \{"sessionId"/);
    s.manager.control(info.id, 'resume');
  });

  it('a student who is not in the class cannot take a seat, and typed names are refused unless allowed', async () => {
    const c = new Client(base);
    const other = s.store.classes.addStudent(s.store.classes.create('Other').id, 'Stranger');
    assert.equal((await c.call('classroomPick', { code: info.joinCode, studentId: other.id })).status, 404);
    const typed = await c.call('classroomPick', { code: info.joinCode, newName: 'Mallory' });
    assert.equal(typed.status, 403);
  });
});

describe('join-code guessing', () => {
  it('locks a client out after five wrong codes, doubling the wait', () => {
    let t = 0;
    const g = new GuessLimiter(() => t);
    for (let i = 0; i < 5; i++) {
      g.check('10.0.0.9');
      g.failed('10.0.0.9');
    }
    assert.throws(() => g.check('10.0.0.9'), /Try again in 30 seconds/);
    g.check('10.0.0.10');
    t += 31_000;
    g.failed('10.0.0.9');
    assert.throws(() => g.check('10.0.0.9'), /Try again in 60 seconds/);
  });

  it('over HTTP, per client address', async () => {
    const s = setup();
    const info = await s.manager.start({ classId: s.cls.id, lessonId: 'asif-dirty-work', host: '127.0.0.1', allowNewNames: true });
    try {
      const guesser = new Client(info.urls[0]!, '127.0.0.2');
      for (let i = 0; i < 5; i++) assert.equal((await guesser.call('classroomJoin', { code: 'AAAAAA' })).status, 403);
      const locked = await guesser.call('classroomJoin', { code: info.joinCode });
      assert.equal(locked.status, 429);
      assert.match(locked.body.error.message, /Too many wrong codes/);
      const honest = new Client(info.urls[0]!, '127.0.0.3');
      assert.equal((await honest.call('classroomJoin', { code: info.joinCode })).status, 200);
      const typed = await honest.call('classroomPick', { code: info.joinCode, newName: '  <b>Neo</b>  ' });
      assert.equal(typed.status, 200);
      assert.equal(typed.body.value.attempt.student.displayName, '<b>Neo</b>');
    } finally {
      await s.manager.close();
    }
  });
});

describe('a crash in the middle of a session', () => {
  it('loses no acknowledged answer: SIGKILL, restart, and every saved highlight is there and students carry on', async () => {
    const dir = tempDir('lede-crash-');
    const db = join(dir, 'lede.sqlite');
    assert.equal((await lede('sample-class', '--db', db, '--students', '8', '--class', 'Crash class')).code, 0);
    ensureBuiltRenderer();
    const startClassroom = async (): Promise<{ child: ChildProcess; code: string; url: string }> => {
      // The flag `lede classroom` would add itself, given here so that SIGKILL hits the server, not a launcher.
      const { lede: running, matches } = await startLede(
        ['classroom', '--db', db, '--class', 'Crash class', '--lesson', 'asif-dirty-work', '--host', '127.0.0.1', '--port', '0', '--pacing', 'student'],
        [/Join code: (\w{6})/, /Students open: (\S+)/],
        { execArgv: ['--max-old-space-size=192'] },
      );
      return { child: running.child, code: matches[0]![1]!, url: matches[1]![1]! };
    };
    const first = await startClassroom();
    const check = new BetterSqlite3(db, { readonly: true });
    const roster = check.prepare(`SELECT s.id FROM students s JOIN class_members m ON m.student_id = s.id JOIN classes c ON c.id = m.class_id WHERE c.name = 'Crash class'`).all() as { id: string }[];
    const students = await Promise.all(
      roster.slice(0, 6).map(async (r, i) => {
        const c = new Client(first.url);
        const p = await c.call('classroomPick', { code: first.code, studentId: r.id });
        assert.equal(p.status, 200, JSON.stringify(p.body));
        return { c, attemptId: p.body.value.attempt.attempt.id as string, i };
      }),
    );
    const acked: string[] = [];
    let n = 0;
    const words = [0, 10, 20, 40, 60, 80, 100, 150, 200, 250, 300, 350];
    // Save in parallel until well past 40 acknowledgements, then kill the server without warning.
    await Promise.all(
      students.map(async (st) => {
        for (const w of words) {
          const id = `crash-${st.i}-${w}`;
          const r = await st.c.call('putHighlight', { attemptId: st.attemptId, exerciseId: 'framing', highlight: { id, start: w, end: w + 4, label: 'loaded' } }).catch(() => null);
          if (r?.status === 200) acked.push(id);
          if (++n === 40) first.child.kill('SIGKILL');
        }
      }),
    );
    await new Promise((r) => (first.child.exitCode !== null || first.child.signalCode !== null ? r(null) : first.child.once("exit", r)));
    assert.ok(acked.length >= 30, `${acked.length} acknowledged`);
    const stored = new Set((check.prepare(`SELECT id FROM highlights WHERE id LIKE 'crash-%'`).all() as { id: string }[]).map((x) => x.id));
    const lost = acked.filter((id) => !stored.has(id));
    assert.deepEqual(lost, [], 'every acknowledged answer is in the database');

    // Restart: the same command resumes the session; the students' cookies still work.
    const second = await startClassroom();
    try {
      assert.equal(second.code, first.code, 'same join code after the restart');
      const st = students[0]!;
      st.c.base !== second.url && Object.assign(st.c, { base: second.url });
      const me = await st.c.call('classroomMe', {});
      assert.equal(me.status, 200);
      assert.equal(me.body.value.attempt.attempt.id, st.attemptId);
      const more = await st.c.call('putHighlight', { attemptId: st.attemptId, exerciseId: 'framing', highlight: { id: 'after-restart', start: 500, end: 505, label: 'loaded' } });
      assert.equal(more.status, 200);
    } finally {
      second.child.kill('SIGINT');
      await new Promise((r) => second.child.once('exit', r));
      check.close();
    }
  });
});

describe('wrong rejoin codes (issue 20, row 7)', () => {
  it('are counted per address and per seat, apart from the join code: a right join code with each guess resets nothing', async () => {
    const s = setup();
    const info = await s.manager.start({ classId: s.cls.id, lessonId: 'asif-dirty-work', host: '127.0.0.1', allowNewNames: false });
    try {
      s.manager.pick(info.id, info.joinCode, '10.0.0.5', { studentId: s.ids[1]! });
      const { rejoinCode } = s.manager.release(info.id, s.ids[1]!);
      const wrong = rejoinCode === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA';
      const outcome = (ip: string, code = wrong) => {
        try {
          s.manager.pick(info.id, info.joinCode, ip, { studentId: s.ids[1]!, rejoinCode: code });
          return 'ok';
        } catch (err) {
          return (err as { code: string }).code;
        }
      };
      // One address, 300 wrong rejoin codes, each pick carrying the right join code: 5 are free, then it waits.
      const seen = Array.from({ length: 300 }, () => outcome('10.0.0.66'));
      assert.deepEqual(seen.slice(0, 5), ['forbidden', 'forbidden', 'forbidden', 'forbidden', 'forbidden']);
      assert.equal(seen.filter((c) => c === 'rate_limited').length, 295);
      // The seat itself is held too, from any address, even with the right code, until the teacher gives a new one.
      assert.equal(outcome('10.0.0.77', rejoinCode), 'rate_limited');
      const fresh = s.manager.release(info.id, s.ids[1]!).rejoinCode;
      assert.equal(outcome('10.0.0.77', fresh), 'ok');
    } finally {
      await s.manager.close();
    }
  });
});
