import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openDatabase } from '../src/core/db/open.ts';
import { Store } from '../src/core/db/store.ts';
import { ClassroomManager } from '../src/core/classroom/manager.ts';
import { ExportJobs } from '../src/core/export/jobs.ts';
import { loadLessonFile } from '../src/core/lessons/load.ts';
import { startHttpServer } from '../src/server/http.ts';
import { TeacherSessions } from '../src/core/teacher/sessions.ts';
import { dispatch } from '../src/core/services/dispatch.ts';
import { createHandlers } from '../src/core/services/lede-service.ts';
import { createTeacherHandlers, type CallContext } from '../src/core/services/teacher-service.ts';
import { lessonResults } from '../src/core/teacher/results.ts';
import { createSampleClass } from '../src/core/teacher/sample.ts';
import { parseRoster } from '../src/core/teacher/roster-csv.ts';
import { TEACHER_API_NAMES } from '../src/shared/api-names.ts';
import { OLD_SEED_FILE, tempDir } from './helpers.ts';

function backend() {
  // The test's own handle on the database, to read rows back with SQL.
  const db = openDatabase(':memory:');
  const store = new Store(db);
  const r = loadLessonFile(OLD_SEED_FILE);
  if (!r.ok) throw new Error('seed');
  store.importLesson(r.loaded);
  const jobs = new ExportJobs(store);
  const classroom = new ClassroomManager(store, { staticDir: '/nonexistent' });
  const handlers = { ...createHandlers(store), ...createTeacherHandlers({ store, jobs, classroom }) };
  return { store, db, jobs, handlers };
}

/** A connection, as a transport would track it (the desktop window may choose the first PIN). */
function connection(mayChoosePin = true): CallContext {
  const ctx: CallContext = { teacher: false, mayChoosePin, grantTeacher: () => (ctx.teacher = true), revokeTeacher: () => (ctx.teacher = false) };
  return ctx;
}

async function call<T = any>(h: ReturnType<typeof backend>['handlers'], name: string, input: unknown, ctx: CallContext): Promise<T> {
  const env = await dispatch(h, name, input, ctx);
  if (!env.ok) throw new Error(`${env.error.code}: ${env.error.message}`);
  return env.value as T;
}

describe('the teacher handlers', () => {
  it('one table, combined from the domains, answers every teacher call of the contract and nothing else', () => {
    const { store, jobs } = backend();
    const table = createTeacherHandlers({ store, jobs, classroom: new ClassroomManager(store, { staticDir: '/nonexistent' }) });
    assert.deepEqual(Object.keys(table).sort(), [...TEACHER_API_NAMES].sort());
    for (const name of TEACHER_API_NAMES) assert.equal(typeof table[name], 'function', name);
  });
});

describe('the teacher PIN', () => {
  it('is chosen at first use, stored only as a salted scrypt hash, and guards every teacher call', async () => {
    const { db, handlers } = backend();
    const teacher = connection();
    const student = connection(false);
    assert.deepEqual(await call(handlers, 'teacherStatus', {}, teacher), { pinSet: false, unlocked: false, mayChoosePin: true, idleLockMinutes: 15, waitSeconds: 0 });
    await assert.rejects(call(handlers, 'listClasses', {}, teacher), /locked: The teacher area is locked/);
    await assert.rejects(call(handlers, 'setTeacherPin', { pin: '12' }, teacher), /4 to 12 digits/);
    await assert.rejects(call(handlers, 'setTeacherPin', { pin: '482913' }, student), /chosen on the computer that runs Lede/);
    assert.deepEqual(await call(handlers, 'setTeacherPin', { pin: '482913' }, teacher), { pinSet: true, unlocked: true, mayChoosePin: true, idleLockMinutes: 15, waitSeconds: 0 });
    const stored = JSON.parse((db.prepare(`SELECT value FROM settings WHERE key = 'teacher_pin'`).get() as { value: string }).value);
    assert.equal(stored.N, 32768);
    assert.ok(stored.salt.length >= 20 && stored.hash.length >= 40);
    assert.doesNotMatch(JSON.stringify(stored), /482913/);
    assert.deepEqual(await call(handlers, 'listClasses', {}, teacher), []);
    // Another connection (a student's screen) is still locked, and cannot set a new PIN.
    await assert.rejects(call(handlers, 'listClasses', {}, student), /locked/);
    await assert.rejects(call(handlers, 'setTeacherPin', { pin: '000000' }, student), /Unlock the teacher area/);
    await assert.rejects(call(handlers, 'unlockTeacher', { pin: '111111' }, student), /That PIN is not right/);
    await call(handlers, 'unlockTeacher', { pin: '482913' }, student);
    assert.equal(student.teacher, true);
    await call(handlers, 'lockTeacher', {}, student);
    await assert.rejects(call(handlers, 'listClasses', {}, student), /locked/);
    // Changing it needs the current PIN.
    await assert.rejects(call(handlers, 'setTeacherPin', { pin: '555555', currentPin: '000000' }, teacher), /current PIN is not right/);
    await call(handlers, 'setTeacherPin', { pin: '555555', currentPin: '482913' }, teacher);
    await assert.rejects(call(handlers, 'unlockTeacher', { pin: '482913' }, connection()), /not right/);
    await call(handlers, 'unlockTeacher', { pin: '555555' }, connection());
  });
});

describe('rosters', () => {
  it('reads a Lede roster with name and id columns, semicolons and a byte-order mark', () => {
    const r = parseRoster('\uFEFFName;ID\nAda Lovelace;S1\n"Brontë, Emily";S2\n;S3\n');
    assert.equal(r.format, 'lede');
    assert.deepEqual(r.entries, [
      { line: 2, name: 'Ada Lovelace', rosterId: 'S1' },
      { line: 3, name: 'Brontë, Emily', rosterId: 'S2' },
    ]);
    assert.deepEqual(r.skipped, [{ line: 4, reason: 'no name', name: '', rosterId: 'S3' }]);
  });

  it('reads OneRoster users.csv, taking students only', () => {
    const csv = `sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password
u1,active,2025-09-01,true,org1,student,zl,,Zainab,Haddad,,,,,,,10,
u2,active,2025-09-01,true,org1,teacher,mt,,Maria,Teacher,,,,,,,,
u3,tobedeleted,2025-09-01,true,org1,student,gone,,Gone,Away,,,,,,,10,
u4,active,2025-09-01,false,org1,student,off,,Off,Line,,,,,,,10,
u5,active,2025-09-01,true,org1,student,yl,,יעל,לוי,,,,,,,10,`;
    const r = parseRoster(csv);
    assert.equal(r.format, 'oneroster');
    assert.deepEqual(r.entries.map((e) => [e.name, e.rosterId]), [
      ['Zainab Haddad', 'u1'],
      ['יעל לוי', 'u5'],
    ]);
    assert.equal(r.skipped.length, 3);
  });

  it('refuses a file without a name column, saying which columns it found', () => {
    assert.throws(() => parseRoster('email,phone\na@b,1\n'), /no name column.*Columns found: email, phone/);
  });

  it('imports into a class: new students, existing ones by roster id, and nothing twice', async () => {
    const { handlers } = backend();
    const t = connection();
    await call(handlers, 'setTeacherPin', { pin: '1234' }, t);
    const cls = await call(handlers, 'createClass', { name: '10B' }, t);
    const first = await call(handlers, 'importRoster', { classId: cls.id, csv: 'name,id\nAda,S1\nBen,S2\n' }, t);
    assert.deepEqual([first.added, first.enrolled, first.alreadyInClass], [2, 0, 0]);
    const again = await call(handlers, 'importRoster', { classId: cls.id, csv: 'name,id\nAda,S1\nBen,S2\nCleo,\n' }, t);
    assert.deepEqual([again.added, again.enrolled, again.alreadyInClass], [1, 0, 2]);
    const other = await call(handlers, 'createClass', { name: '10C' }, t);
    const shared = await call(handlers, 'importRoster', { classId: other.id, csv: 'name,id\nAda Lovelace,S1\n' }, t);
    assert.deepEqual([shared.added, shared.enrolled], [0, 1], 'the same roster id is the same student');
    assert.equal((await call(handlers, 'classRoster', { classId: cls.id }, t)).length, 3);
  });
});

describe('students', () => {
  function withWork() {
    const b = backend();
    const classes = b.store.classes;
    const cls = classes.create('9A');
    const a = classes.addStudent(cls.id, 'Ada', 'S1');
    const dup = classes.addStudent(cls.id, 'Ada L.');
    const other = classes.addStudent(cls.id, 'Ben');
    const work = (studentId: string) => {
      const at = b.store.startAttempt(studentId, 'asif-dirty-work');
      b.store.putHighlight(at.id, 'sources', { id: `${studentId}-h`, start: 1543, end: 1561, label: 'anonymous' });
      b.store.putResponse(at.id, 'headline-vs-body', { choices: ['tense'] });
      b.store.submitExercise(at.id, 'sources');
      return at;
    };
    return { ...b, classes, cls, a, dup, other, work };
  }

  it('deleting a student removes every row of theirs, and no one else’s', () => {
    const { db, classes, a, other, work } = withWork();
    work(a.id);
    work(other.id);
    const tables = ['attempts', 'highlights', 'responses', 'results', 'class_members'];
    const countFor = (sid: string) =>
      tables.map((t) =>
        t === 'attempts' || t === 'class_members'
          ? (db.prepare(`SELECT count(*) AS n FROM ${t} WHERE student_id = ?`).get(sid) as { n: number }).n
          : (db.prepare(`SELECT count(*) AS n FROM ${t} x JOIN attempts a ON a.id = x.attempt_id WHERE a.student_id = ?`).get(sid) as { n: number }).n,
      );
    assert.deepEqual(countFor(a.id), [1, 1, 1, 1, 1]);
    const total = (t: string) => (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
    classes.deleteStudent(a.id);
    assert.deepEqual(countFor(a.id), [0, 0, 0, 0, 0]);
    assert.equal(db.prepare('SELECT 1 FROM students WHERE id = ?').get(a.id), undefined);
    assert.deepEqual(['highlights', 'responses', 'results'].map(total), [1, 1, 1], 'Ben keeps his work');
  });

  it('merging a duplicate moves their attempts, numbers them in order, and keeps the roster id', () => {
    const { store, db, classes, a, dup, work } = withWork();
    work(dup.id);
    work(a.id);
    classes.merge(a.id, dup.id);
    const attempts = store.attemptsFor(a.id, 'asif-dirty-work');
    assert.deepEqual(attempts.map((x) => x.number), [2, 1]);
    assert.equal(db.prepare('SELECT 1 FROM students WHERE id = ?').get(dup.id), undefined);
    assert.equal((db.prepare('SELECT count(*) AS n FROM highlights').get() as { n: number }).n, 2, 'no highlight lost');
  });

  it('renaming checks the name like any other', () => {
    const { classes, a } = withWork();
    classes.renameStudent(a.id, '  Ada   Lovelace ');
    assert.throws(() => classes.renameStudent(a.id, ''), /type a name/);
  });
});

describe('results and grading', () => {
  it('a second sample class has students of its own, and sample students spent a realistic time on the lesson', () => {
    const { store } = backend();
    const a = createSampleClass(store, { students: 20, seed: 3 });
    const b = createSampleClass(store, { students: 20, seed: 4 });
    const ids = (classId: string) => store.classes.members(classId).map((m) => m.id);
    assert.equal(new Set([...ids(a.classId), ...ids(b.classId)]).size, 40, 'no student is in both classes');
    const rosterIds = [...store.classes.members(a.classId), ...store.classes.members(b.classId)].map((m) => m.rosterId);
    assert.equal(new Set(rosterIds).size, 40, 'every school id is unique');
    const rows = lessonResults(store, a.classId, 'asif-dirty-work').rows.filter((r) => r.attempts > 0);
    assert.ok(rows.length > 10);
    for (const r of rows) {
      const minutes = r.timeSpentMs / 60_000;
      assert.ok(r.finished ? minutes >= 12 && minutes <= 40 : minutes >= 2 && minutes <= 14, `${r.student.displayName}: ${minutes.toFixed(1)} min, finished ${r.finished}`);
    }
  });

  it('grading a written answer updates the totals', async () => {
    const { store, db, handlers } = backend();
    const t = connection();
    await call(handlers, 'setTeacherPin', { pin: '1234' }, t);
    const cls = await call(handlers, 'createClass', { name: 'Grading' }, t);
    const { id: sid } = await call(handlers, 'addStudent', { classId: cls.id, displayName: 'Kim' }, t);
    const at = store.startAttempt(sid, 'asif-dirty-work');
    store.putHighlight(at.id, 'sources', { id: 'k1', start: 1543, end: 1561, label: 'anonymous' });
    store.submitExercise(at.id, 'sources');
    await assert.rejects(call(handlers, 'gradeAnswer', { attemptId: at.id, exerciseId: 'check-the-quote', points: 3, comment: '' }, t), /not handed this answer in/);
    store.putResponse(at.id, 'check-the-quote', { text: 'Find the video.' });
    store.submitExercise(at.id, 'check-the-quote');
    let r = lessonResults(store, cls.id, 'asif-dirty-work').rows[0]!;
    // "diplomatic sources" alone: P = 1, R = 1/12, F1 = 2/13 → 1.54 points; the written answer waits.
    assert.equal(r.points, 1.54);
    assert.equal(r.pending, 1);
    await assert.rejects(call(handlers, 'gradeAnswer', { attemptId: at.id, exerciseId: 'check-the-quote', points: 6, comment: '' }, t), /at most 5 points/);
    await call(handlers, 'gradeAnswer', { attemptId: at.id, exerciseId: 'check-the-quote', points: 3.5, comment: 'Good first step; compare the wording too.' }, t);
    r = lessonResults(store, cls.id, 'asif-dirty-work').rows[0]!;
    assert.equal(r.points, 5.04);
    assert.equal(r.pending, 0);
    assert.deepEqual(db.prepare('SELECT status, points, comment FROM results WHERE exercise_id = ?').get('check-the-quote'), {
      status: 'graded',
      points: 3.5,
      comment: 'Good first step; compare the wording too.',
    });
    const review = await call(handlers, 'reviewAttempt', { attemptId: at.id }, t);
    assert.equal(review.steps.find((s: { exerciseId: string }) => s.exerciseId === 'check-the-quote').points, 3.5);
    assert.equal(review.feedback.sources.items.length, 12, 'the teacher sees the key for every step');
    // The student sees the grade, not the private comment.
    const state = await call(handlers, 'getAttempt', { attemptId: at.id }, connection());
    // The model answer stays with the teacher (part of the key: a class's students never receive it).
    assert.deepEqual(state.feedback['check-the-quote'], { kind: 'short-answer', exerciseId: 'check-the-quote', status: 'graded', points: 3.5, maxPoints: 5, text: 'Find the video.' });
    assert.doesNotMatch(JSON.stringify(state), /compare the wording/);
  });

  it('a comment reaches the student only when the teacher chooses to show it, on every call a student makes', async () => {
    const { store, db, handlers } = backend();
    const t = connection();
    await call(handlers, 'setTeacherPin', { pin: '1234' }, t);
    const cls = await call(handlers, 'createClass', { name: 'Comments' }, t);
    const { id: sid } = await call(handlers, 'addStudent', { classId: cls.id, displayName: 'Noor' }, t);
    const at = store.startAttempt(sid, 'asif-dirty-work');
    store.putResponse(at.id, 'check-the-quote', { text: 'Watch the whole interview.' });
    store.submitExercise(at.id, 'check-the-quote');
    const student = connection(false);
    // Everything a student's calls return about this attempt, as one string.
    const seen = async () =>
      JSON.stringify([
        await call(handlers, 'getAttempt', { attemptId: at.id }, student),
        await call(handlers, 'openLesson', { studentId: sid, lessonId: 'asif-dirty-work' }, student),
        await call(handlers, 'checkStep', { attemptId: at.id, exerciseId: 'check-the-quote' }, student),
        await call(handlers, 'listLessons', { studentId: sid }, student),
      ]);
    const shortAnswer = async () => (await call(handlers, 'getAttempt', { attemptId: at.id }, student)).feedback['check-the-quote'];

    // By default the comment is private: stored, shown to the teacher, never sent to the student.
    await call(handlers, 'gradeAnswer', { attemptId: at.id, exerciseId: 'check-the-quote', points: 4, comment: 'PRIVATE-NOTE: talk to parents' }, t);
    assert.deepEqual(db.prepare(`SELECT comment, comment_shared FROM results WHERE exercise_id = 'check-the-quote'`).get(), { comment: 'PRIVATE-NOTE: talk to parents', comment_shared: 0 });
    let review = await call(handlers, 'reviewAttempt', { attemptId: at.id }, t);
    assert.deepEqual(
      (({ comment, commentShared }) => ({ comment, commentShared }))(review.steps.find((s: { exerciseId: string }) => s.exerciseId === 'check-the-quote')),
      { comment: 'PRIVATE-NOTE: talk to parents', commentShared: false },
    );
    assert.doesNotMatch(await seen(), /PRIVATE-NOTE/);
    assert.equal('comment' in (await shortAnswer()), false);

    // Shown: the student's feedback for the step carries it, on every call.
    await call(handlers, 'gradeAnswer', { attemptId: at.id, exerciseId: 'check-the-quote', points: 4, comment: '  Well found: now compare the wording.  ', shareComment: true }, t);
    assert.deepEqual(await shortAnswer(), {
      kind: 'short-answer',
      exerciseId: 'check-the-quote',
      status: 'graded',
      points: 4,
      maxPoints: 5,
      text: 'Watch the whole interview.',
      comment: 'Well found: now compare the wording.',
    });
    assert.equal((await seen()).split('Well found: now compare the wording.').length - 1, 3, 'getAttempt, openLesson and checkStep each carry it once; the library card does not');
    review = await call(handlers, 'reviewAttempt', { attemptId: at.id }, t);
    assert.equal(review.steps.find((s: { exerciseId: string }) => s.exerciseId === 'check-the-quote').commentShared, true);

    // Made private again: gone from the student's calls at once.
    await call(handlers, 'gradeAnswer', { attemptId: at.id, exerciseId: 'check-the-quote', points: 4, comment: 'SECOND-PRIVATE', shareComment: false }, t);
    assert.doesNotMatch(await seen(), /SECOND-PRIVATE|Well found/);
    // "Show" with no comment shows nothing and stores no choice to show.
    await call(handlers, 'gradeAnswer', { attemptId: at.id, exerciseId: 'check-the-quote', points: 4, comment: '   ', shareComment: true }, t);
    assert.deepEqual(db.prepare(`SELECT comment, comment_shared FROM results WHERE exercise_id = 'check-the-quote'`).get(), { comment: null, comment_shared: 0 });
    assert.equal('comment' in (await shortAnswer()), false);
  });
});

describe('the teacher area over HTTP', () => {
  it('unlocks with a cookie only on that browser, downloads exports, and takes large uploads only from the teacher', async () => {
    const dir = tempDir();
    const staticDir = join(dir, 'r');
    mkdirSync(staticDir);
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html>');
    const { handlers, jobs } = backend();
    const setup = { value: 'one-time-secret' };
    const server = await startHttpServer({ handlers, jobs, staticDir, log: () => {}, teacherSessions: new TeacherSessions(() => 15), setup });
    const post = (name: string, body: unknown, cookie = '') =>
      fetch(`${server.url}api/${name}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}) }, body: JSON.stringify(body) });
    try {
      // Only the browser that opened the set-up link may choose the first PIN.
      assert.equal((await post('setTeacherPin', { pin: '246810' })).status, 403);
      const link = await fetch(`${server.url}setup/one-time-secret`, { redirect: 'manual' });
      assert.equal(link.status, 303);
      const setupCookie = (link.headers.get('set-cookie') ?? '').split(';')[0]!;
      let res = await post('setTeacherPin', { pin: '246810' }, setupCookie);
      assert.equal((await fetch(`${server.url}setup/one-time-secret`, { redirect: 'manual' })).status, 404, 'the link works once');
      const setCookie = res.headers.get('set-cookie') ?? '';
      assert.match(setCookie, /lede_teacher=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=\/(,|$)/, 'a session cookie: no Max-Age');
      const cookie = /lede_teacher=[A-Za-z0-9_-]{43}/.exec(setCookie)![0];
      assert.equal((await post('listClasses', {})).status, 401);
      assert.equal((await post('listClasses', {}, 'lede_teacher=forged')).status, 401);
      res = await post('createClass', { name: 'Web class' }, cookie);
      const cls = ((await res.json()) as any).value;
      // A roster bigger than the 64 KB student limit is fine for the teacher…
      const csv = `name\n${Array.from({ length: 6000 }, (_, i) => `Student ${i}`).join('\n')}`;
      res = await post('importRoster', { classId: cls.id, csv }, cookie);
      assert.equal(res.status, 200, await res.clone().text());
      assert.equal(((await res.json()) as any).value.added, 6000);
      // …but not for anyone else.
      assert.equal((await post('importRoster', { classId: cls.id, csv })).status, 413);
      res = await post('startExport', { classId: cls.id, format: 'gradebook-csv' }, cookie);
      const { jobId } = ((await res.json()) as any).value;
      let status;
      for (let i = 0; i < 100; i++) {
        status = ((await (await post('exportStatus', { jobId }, cookie)).json()) as any).value;
        if (status.state !== 'running') break;
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.equal(status.state, 'done');
      assert.equal((await fetch(`${server.url}export/${jobId}`)).status, 403);
      const file = await fetch(`${server.url}export/${jobId}`, { headers: { Cookie: cookie } });
      assert.equal(file.status, 200);
      assert.match(file.headers.get('content-disposition') ?? '', /attachment; filename="Web-class-gradebook-\d{4}-\d{2}-\d{2}\.csv"/);
      const text = await file.text();
      assert.equal(text.split('\r\n').filter(Boolean).length, 2 + 6000);
      // A backup of that class (larger than 64 KB) is previewed for the teacher only; importing it here again adds nothing.
      const backupJob = ((await (await post('startExport', { classId: cls.id, format: 'json' }, cookie)).json()) as any).value.jobId;
      for (let i = 0; i < 100; i++) {
        if (((await (await post('exportStatus', { jobId: backupJob }, cookie)).json()) as any).value.state !== 'running') break;
        await new Promise((r) => setTimeout(r, 50));
      }
      const json = await (await fetch(`${server.url}export/${backupJob}`, { headers: { Cookie: cookie } })).text();
      assert.ok(json.length > 64 * 1024, `${json.length} bytes`);
      res = await post('previewBackup', { json }, cookie);
      assert.equal(res.status, 200, await res.clone().text());
      const preview = ((await res.json()) as any).value;
      assert.deepEqual([preview.className, preview.classHere, preview.students, preview.lessonTexts, preview.adds.students], ['Web class', 'Web class', 6000, [], 0]);
      assert.equal((await post('previewBackup', { json })).status, 413);
      res = await post('lockTeacher', {}, cookie);
      assert.equal((await post('listClasses', {}, cookie)).status, 401, 'the old cookie no longer works');
    } finally {
      await server.close();
      jobs.close();
    }
  });
});
