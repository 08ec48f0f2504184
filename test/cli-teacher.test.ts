import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { loadLessonFile } from '../src/core/lessons/load.ts';
import { SEED_FILE, tempDir } from './helpers.ts';
import { lede, startLede } from './cli-run.ts';
import { ensureBuiltRenderer } from './built-app.ts';

// Issue 8, item 7: `lede classroom`'s dashboard server is the teacher's, behind the
// PIN, and the first PIN is chosen by whoever started the command (with the link it
// printed), not by the first caller. And `lede teacher reset-pin`.

// A running classroom is the real process (its signals and exit code are what is tested);
// the other commands run in this process (test/cli-run.ts).

describe('lede classroom: the dashboard server', () => {
  it('serves no student call, and only the set-up link printed by the command may choose the PIN', async () => {
    const db = join(tempDir(), 'lede.sqlite');
    assert.equal((await lede('sample-class', '--db', db, '--students', '3', '--class', 'Night class')).code, 0);
    ensureBuiltRenderer();
    const { lede: child, matches } = await startLede(
      ['classroom', '--db', db, '--class', 'Night class', '--lesson', 'asif-dirty-work', '--host', '127.0.0.1', '--port', '0'],
      [/Teacher dashboard \(this computer\): (http:\/\/\S+?)#/, /one-time link: (http:\/\/\S+)/],
    );
    const [dashboard, setup] = matches.map((m) => m[1]!) as [string, string];
    const out = child.out();
    try {
      assert.ok(setup.startsWith(`${dashboard}setup/`), out);
      const post = async (name: string, body: unknown, cookie = '') => {
        const res = await fetch(`${dashboard}api/${name}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}) }, body: JSON.stringify(body) });
        return { status: res.status, body: (await res.json()) as { ok: boolean; value?: any; error?: { message: string } }, cookie: res.headers.get('set-cookie') ?? '' };
      };
      const check = new BetterSqlite3(db, { readonly: true });
      const attempt = (check.prepare('SELECT id FROM attempts LIMIT 1').get() as { id: string }).id;
      const student = (check.prepare('SELECT id FROM students LIMIT 1').get() as { id: string }).id;
      check.close();
      assert.equal((await post('serverInfo', {})).body.value.mode, 'dashboard');
      for (const [name, input] of [
        ['listStudents', {}],
        ['openLesson', { studentId: student, lessonId: 'asif-dirty-work' }],
        ['getAttempt', { attemptId: attempt }],
        ['checkStep', { attemptId: attempt, exerciseId: 'sources' }],
      ] as const) {
        const r = await post(name, input);
        assert.equal(r.status, 404, name);
        assert.doesNotMatch(JSON.stringify(r.body), /keySpans|"items"|explanation/);
      }
      // The first caller cannot choose the PIN…
      const first = await post('setTeacherPin', { pin: '1111' });
      assert.equal(first.status, 403);
      assert.match(first.body.error!.message, /set-up link/);
      assert.equal((await post('listClasses', {})).status, 401);
      // …the person who started the command can, with the link it printed.
      const opened = await fetch(setup, { redirect: 'manual' });
      assert.equal(opened.status, 303);
      const setupCookie = (opened.headers.get('set-cookie') ?? '').split(';')[0]!;
      const chosen = await post('setTeacherPin', { pin: '8642' }, setupCookie);
      assert.equal(chosen.status, 200);
      const teacher = /lede_teacher=[^;,]+/.exec(chosen.cookie)![0];
      assert.equal((await post('listClasses', {}, teacher)).status, 200);
    } finally {
      await child.stop();
    }
  });
});

describe('lede classroom: --dashboard-port, and ending the session from the dashboard', () => {
  it('serves the dashboard on the port given; "End session" hands in the attempts and the command exits 0 with a final line', async () => {
    const db = join(tempDir(), 'lede.sqlite');
    assert.equal((await lede('sample-class', '--db', db, '--students', '3', '--class', 'Day class')).code, 0);
    // A free port, found by the system and let go.
    const free = await new Promise<number>((resolve) => {
      const srv = createServer();
      srv.listen(0, '127.0.0.1', () => {
        const port = (srv.address() as AddressInfo).port;
        srv.close(() => resolve(port));
      });
    });
    const bad = await lede('classroom', '--db', db, '--class', 'Day class', '--lesson', 'asif-dirty-work', '--dashboard-port', 'eighty');
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--dashboard-port must be a whole number/);
    ensureBuiltRenderer();
    const { lede: child, matches } = await startLede(
      ['classroom', '--db', db, '--class', 'Day class', '--lesson', 'asif-dirty-work', '--host', '127.0.0.1', '--port', '0', '--dashboard-port', String(free)],
      [/Teacher dashboard \(this computer\): (http:\/\/\S+?)#\/teacher\/live\/(\S+)/, /one-time link: (http:\/\/\S+)/, /Join code: (\w{6})/, /Students open: (\S+)/],
    );
    const [dash, link, c, u] = matches as [RegExpExecArray, RegExpExecArray, RegExpExecArray, RegExpExecArray];
    const [dashboard, sessionId, setup, code, students] = [dash[1]!, dash[2]!, link[1]!, c[1]!, u[1]!];
    const { exited } = child;
    try {
      assert.equal(dashboard, `http://127.0.0.1:${free}/`);
      // A student joins and marks one word.
      const check = new BetterSqlite3(db, { readonly: true });
      const studentId = (check.prepare(`SELECT m.student_id AS id FROM class_members m JOIN classes c ON c.id = m.class_id WHERE c.name = 'Day class' LIMIT 1`).get() as { id: string }).id;
      const post = async (base: string, name: string, body: unknown, cookie = '') => {
        const res = await fetch(`${base}api/${name}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}) }, body: JSON.stringify(body) });
        return { status: res.status, body: (await res.json()) as { ok: boolean; value?: any }, cookie: res.headers.get('set-cookie') ?? '' };
      };
      const picked = await post(students, 'classroomPick', { code, studentId });
      assert.equal(picked.status, 200);
      const attemptId = picked.body.value.attempt.attempt.id as string;
      // The teacher chooses the PIN with the link, then ends the session from the dashboard.
      const opened = await fetch(setup, { redirect: 'manual' });
      const setupCookie = (opened.headers.get('set-cookie') ?? '').split(';')[0]!;
      const teacher = /lede_teacher=[^;,]+/.exec((await post(dashboard, 'setTeacherPin', { pin: '8642' }, setupCookie)).cookie)![0];
      assert.equal((await post(dashboard, 'endClassroom', { sessionId }, teacher)).status, 200);
      assert.equal(await exited, 0, child.out());
      const out = child.out();
      assert.match(out, /The session has ended \(from the dashboard\): every student's work is handed in/);
      assert.match(out.trimEnd().split('\n').at(-1)!, /^Stopped\.$/);
      const row = check.prepare('SELECT finished_at FROM attempts WHERE id = ?').get(attemptId) as { finished_at: string | null };
      assert.ok(row.finished_at, 'the attempt is finished');
      const lesson = loadLessonFile(SEED_FILE);
      assert.ok(lesson.ok);
      assert.equal((check.prepare('SELECT count(*) AS n FROM results WHERE attempt_id = ?').get(attemptId) as { n: number }).n, lesson.loaded.lesson.exercises.length, 'every step checked');
      check.close();
    } finally {
      await child.stop();
    }
  });
});

describe('lede teacher reset-pin', () => {
  it('removes the PIN from the database it is given; nothing else changes', async () => {
    const db = join(tempDir(), 'lede.sqlite');
    assert.equal((await lede('sample-class', '--db', db, '--students', '2', '--class', 'C')).code, 0);
    const w = new BetterSqlite3(db);
    w.prepare(`INSERT INTO settings (key, value) VALUES ('teacher_pin', '{}'), ('teacher_pin_throttle', '{"failures":9,"lockedUntil":0}')`).run();
    const students = (w.prepare('SELECT count(*) AS n FROM students').get() as { n: number }).n;
    w.close();
    const r = await lede('teacher', 'reset-pin', '--db', db);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /The teacher PIN has been removed/);
    const after = new BetterSqlite3(db, { readonly: true });
    assert.deepEqual(after.prepare(`SELECT key FROM settings WHERE key LIKE 'teacher_pin%'`).all(), []);
    assert.equal((after.prepare('SELECT count(*) AS n FROM students').get() as { n: number }).n, students);
    after.close();
    assert.match((await lede('teacher', 'reset-pin', '--db', db)).out, /No teacher PIN was set/);
    const missing = await lede('teacher', 'reset-pin', '--db', join(tempDir(), 'none.sqlite'));
    assert.equal(missing.code, 2);
    assert.match(missing.err, /no such database/);
  });
});
