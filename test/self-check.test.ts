// Self-paced study with no teacher: a written answer is checked by the student against its
// rubric, then the model answer is shown; the result is "self-assessed" everywhere. The
// server decides who may (no class, no live class), recomputes the points, and keeps the
// model answer back until the check is saved. A teacher's grade replaces it; a backup
// carries it and is checked against the rubric, never trusted.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openDatabase } from '../src/core/db/open.ts';
import { Store } from '../src/core/db/store.ts';
import { ClassroomManager } from '../src/core/classroom/manager.ts';
import { createClassroomHandlers } from '../src/core/classroom/handlers.ts';
import { buildBackup } from '../src/core/export/backup-build.ts';
import { parseBackup, type Backup } from '../src/core/export/backup-format.ts';
import { importBackup, previewBackup } from '../src/core/export/backup-import.ts';
import { ExportJobs } from '../src/core/export/jobs.ts';
import { gradebookTable, loadClassData, perStepRows, statusWord } from '../src/core/export/tables.ts';
import { loadLessonFile } from '../src/core/lessons/load.ts';
import { dispatch } from '../src/core/services/dispatch.ts';
import { createHandlers } from '../src/core/services/lede-service.ts';
import { createTeacherHandlers, type CallContext } from '../src/core/services/teacher-service.ts';
import { lessonResults, lessonTotal } from '../src/core/teacher/results.ts';
import { RUBRIC_LIMIT } from '../src/shared/api.ts';
import { OLD_SEED_FILE, tempDir } from './helpers.ts';

// The fixture lesson's written step: criteria worth 2, 2 and 1 points (5), with a model answer.
const STEP = 'check-the-quote';
const MODEL = /^I would leave the story and search for the original Sky News interview/;

function backend(path = ':memory:') {
  const db = openDatabase(path);
  const store = new Store(db);
  const r = loadLessonFile(OLD_SEED_FILE);
  if (!r.ok) throw new Error('seed');
  store.importLesson(r.loaded);
  const classroom = new ClassroomManager(store, { staticDir: '/nonexistent' });
  const handlers = { ...createHandlers(store), ...createTeacherHandlers({ store, jobs: new ExportJobs(store), classroom }) };
  return { store, db, handlers, classroom };
}

const ctx = (): CallContext => {
  const c: CallContext = { teacher: false, mayChoosePin: true, grantTeacher: () => (c.teacher = true), revokeTeacher: () => (c.teacher = false) };
  return c;
};

type Env = { ok: true; value: any } | { ok: false; error: { code: string; message: string } };
const call = async (h: object, name: string, input: unknown, c: CallContext = ctx()): Promise<Env> => (await dispatch(h as never, name, input, c)) as Env;
const value = async (h: object, name: string, input: unknown, c?: CallContext) => {
  const env = await call(h, name, input, c);
  if (!env.ok) throw new Error(`${env.error.code}: ${env.error.message}`);
  return env.value;
};

/** A student on their own, with the written step handed in. */
async function handedIn(b: ReturnType<typeof backend>, name = 'Ines') {
  const student = await value(b.handlers, 'createStudent', { displayName: name });
  const state = await value(b.handlers, 'openLesson', { studentId: student.id, lessonId: 'asif-dirty-work' });
  await value(b.handlers, 'putResponse', { attemptId: state.attempt.id, exerciseId: STEP, answer: { text: 'I would look for the interview video.' } });
  const fb = await value(b.handlers, 'checkStep', { attemptId: state.attempt.id, exerciseId: STEP });
  return { student, attemptId: state.attempt.id as string, fb, firstState: state };
}

/** A teacher (PIN set, its connection `t`) with a new class of these students. */
async function teacherWithClass(b: ReturnType<typeof backend>, name: string, studentIds: readonly string[] = []) {
  const t = ctx();
  await value(b.handlers, 'setTeacherPin', { pin: '1234' }, t);
  const cls = await value(b.handlers, 'createClass', { name }, t);
  for (const id of studentIds) b.store.classes.enroll(cls.id, id);
  return { t, cls };
}

describe('a written answer checked by the student (self-paced study, no teacher)', () => {
  it('is offered only where no teacher will grade; the points are what the ticked criteria are worth; the model answer comes after', async () => {
    const b = backend();
    const { attemptId, fb, firstState } = await handedIn(b);
    assert.equal(firstState.grading, 'self');
    assert.deepEqual(fb, {
      kind: 'short-answer',
      exerciseId: STEP,
      status: 'pending',
      points: null,
      maxPoints: 5,
      text: 'I would look for the interview video.',
      selfCheckOffered: true,
      modelAnswerFollows: true,
    });
    // The model answer is part of the key: not before the check, on any call.
    const before = JSON.stringify(await value(b.handlers, 'getAttempt', { attemptId }));
    assert.doesNotMatch(before, /leave the story and search for the original/);

    // Criteria 1 and 3 ticked (2 + 1 points), the first twice: 3 points.
    const done = await value(b.handlers, 'selfCheckAnswer', { attemptId, exerciseId: STEP, met: [2, 0, 0] });
    assert.equal(done.status, 'self-assessed');
    assert.equal(done.points, 3);
    assert.deepEqual(done.met, [0, 2]);
    assert.match(done.modelAnswer, MODEL);
    assert.equal('selfCheckOffered' in done, false);
    const row = b.db.prepare('SELECT status, points, self_check, graded_at IS NOT NULL AS dated, comment FROM results WHERE attempt_id = ? AND exercise_id = ?').get(attemptId, STEP);
    assert.deepEqual(row, { status: 'self-assessed', points: 3, self_check: '[0,2]', dated: 1, comment: null });
    const state = await value(b.handlers, 'getAttempt', { attemptId });
    assert.deepEqual(
      (({ status, points, met }) => ({ status, points, met }))(state.feedback[STEP]),
      { status: 'self-assessed', points: 3, met: [0, 2] },
    );
    assert.match(state.feedback[STEP].modelAnswer, MODEL);

    // Once: a second check, however different, changes nothing.
    const again = await call(b.handlers, 'selfCheckAnswer', { attemptId, exerciseId: STEP, met: [0, 1, 2] });
    assert.deepEqual(again, { ok: false, error: { code: 'conflict', message: 'You have checked this answer already.' } });
    assert.equal((b.db.prepare('SELECT points FROM results WHERE attempt_id = ? AND exercise_id = ?').get(attemptId, STEP) as { points: number }).points, 3);
  });

  it('no criterion ticked is 0 points, not a refusal; all ticked is the step’s worth', async () => {
    const b = backend();
    const one = await handedIn(b, 'Ada');
    assert.equal((await value(b.handlers, 'selfCheckAnswer', { attemptId: one.attemptId, exerciseId: STEP, met: [] })).points, 0);
    const two = await handedIn(b, 'Bea');
    assert.equal((await value(b.handlers, 'selfCheckAnswer', { attemptId: two.attemptId, exerciseId: STEP, met: [0, 1, 2] })).points, 5);
  });

  it('refuses, with nothing stored: a criterion the list does not have, an answer not handed in, another kind of step, too long a list', async () => {
    const b = backend();
    const { attemptId } = await handedIn(b);
    assert.deepEqual(await call(b.handlers, 'selfCheckAnswer', { attemptId, exerciseId: STEP, met: [0, 3] }), {
      ok: false,
      error: { code: 'invalid_input', message: 'This answer has 3 criteria to check; there is no number 4.' },
    });
    const tooMany = await call(b.handlers, 'selfCheckAnswer', { attemptId, exerciseId: STEP, met: Array.from({ length: RUBRIC_LIMIT + 1 }, (_, i) => i % RUBRIC_LIMIT) });
    assert.equal(tooMany.ok || tooMany.error.code, 'invalid_input');
    const negative = await call(b.handlers, 'selfCheckAnswer', { attemptId, exerciseId: STEP, met: [-1] });
    assert.equal(negative.ok || negative.error.code, 'invalid_input');
    assert.equal((await call(b.handlers, 'selfCheckAnswer', { attemptId, exerciseId: 'sources', met: [] }) as { error: { message: string } }).error.message, 'Only a written answer is checked against its list of criteria.');
    const fresh = await value(b.handlers, 'newAttempt', { studentId: (await value(b.handlers, 'listStudents', {}))[0].id, lessonId: 'asif-dirty-work' });
    assert.deepEqual(await call(b.handlers, 'selfCheckAnswer', { attemptId: fresh.attempt.id, exerciseId: STEP, met: [0] }), {
      ok: false,
      error: { code: 'conflict', message: 'Hand in your answer before checking it.' },
    });
    assert.deepEqual(b.db.prepare(`SELECT status FROM results WHERE exercise_id = ?`).all(STEP), [{ status: 'pending' }]);
  });

  it('a student in a class is graded by the teacher: no offer, and the server refuses the call', async () => {
    const b = backend();
    const { t, cls } = await teacherWithClass(b, 'Year 9');
    const { id: sid } = await value(b.handlers, 'addStudent', { classId: cls.id, displayName: 'Kim' }, t);
    const state = await value(b.handlers, 'openLesson', { studentId: sid, lessonId: 'asif-dirty-work' });
    assert.equal(state.grading, 'teacher');
    await value(b.handlers, 'putResponse', { attemptId: state.attempt.id, exerciseId: STEP, answer: { text: 'Search for it.' } });
    const fb = await value(b.handlers, 'checkStep', { attemptId: state.attempt.id, exerciseId: STEP });
    assert.equal('selfCheckOffered' in fb, false);
    assert.equal('modelAnswer' in fb, false);
    const refused = await call(b.handlers, 'selfCheckAnswer', { attemptId: state.attempt.id, exerciseId: STEP, met: [0, 1, 2] });
    assert.equal(refused.ok || refused.error.code, 'forbidden');
    assert.deepEqual(b.db.prepare(`SELECT status, points FROM results WHERE exercise_id = ?`).get(STEP), { status: 'pending', points: null });
    // A live class's server has no such call at all.
    const live = createClassroomHandlers(b.classroom, b.store, 'no-session');
    const inClass = await call(live, 'selfCheckAnswer', { attemptId: state.attempt.id, exerciseId: STEP, met: [0] });
    assert.equal(inClass.ok || inClass.error.code, 'not_found');
  });

  it('on a computer where classes are taught, a student of no class checks the answer but never receives the model answer', async () => {
    const b = backend();
    await teacherWithClass(b, 'Someone else’s class');
    // A second profile of a class student, made to fish for the model answer, gets none.
    const { attemptId, fb } = await handedIn(b, 'Ben Again');
    assert.equal(fb.selfCheckOffered, true);
    assert.equal('modelAnswerFollows' in fb, false);
    const done = await value(b.handlers, 'selfCheckAnswer', { attemptId, exerciseId: STEP, met: [] });
    assert.equal(done.status, 'self-assessed');
    assert.equal(done.points, 0);
    assert.equal('modelAnswer' in done, false);
    assert.doesNotMatch(JSON.stringify(await value(b.handlers, 'getAttempt', { attemptId })), /leave the story and search for the original/);
  });

  it('an attempt of a live class is graded by the teacher even for a student of no class (a name typed on joining)', async () => {
    const b = backend();
    const { attemptId } = await handedIn(b, 'Typed Name');
    assert.equal(b.store.noTeacherFor(attemptId), true);
    const student = b.store.attempt(attemptId).studentId;
    b.db.exec(`INSERT INTO classes (id, name, created_at) VALUES ('c1', 'Live', 'now');
      INSERT INTO classroom_sessions (id, class_id, lesson_id, lesson_version_id, join_code, host, port, started_at, ended_at)
        VALUES ('s1', 'c1', 'asif-dirty-work', (SELECT current_version_id FROM lessons WHERE id = 'asif-dirty-work'), 'ABC123', '127.0.0.1', 1, 'now', 'now');`);
    b.db.prepare(`INSERT INTO classroom_members (session_id, student_id, attempt_id, joined_at) VALUES ('s1', ?, ?, 'now')`).run(student, attemptId);
    assert.equal(b.store.noTeacherFor(attemptId), false);
    // Read in the app once the session has ended (while it runs, only its own server reaches the attempt: live-guard.test.ts).
    assert.equal((await value(b.handlers, 'getAttempt', { attemptId })).grading, 'teacher');
    const refused = await call(b.handlers, 'selfCheckAnswer', { attemptId, exerciseId: STEP, met: [0] });
    assert.equal(refused.ok || refused.error.code, 'forbidden');
    // An attempt that does not exist is not one without a teacher.
    assert.throws(() => b.store.noTeacherFor('no-such-attempt'), /no longer exists|not found|does not exist/i);
  });

  it('the library says what is left to check yourself, then what was self-assessed; the points count for the student', async () => {
    const b = backend();
    const { student, attemptId } = await handedIn(b);
    for (const e of ['sources', 'framing', 'unverified', 'headline-vs-body']) await value(b.handlers, 'checkStep', { attemptId, exerciseId: e });
    await value(b.handlers, 'finishAttempt', { attemptId });
    const card = async () => (await value(b.handlers, 'listLessons', { studentId: student.id }))[0].progress;
    assert.deepEqual(await card(), { state: 'done', points: 0, maxPoints: 34, pending: 0, toSelfCheck: 1, attempt: 1 });
    await value(b.handlers, 'selfCheckAnswer', { attemptId, exerciseId: STEP, met: [1] });
    assert.deepEqual(await card(), { state: 'done', points: 2, maxPoints: 39, pending: 0, selfAssessed: 1, attempt: 1 });
  });

  it('for the teacher, a self-check is shown but is not a grade; the teacher’s grade replaces it', async () => {
    const b = backend();
    const { student, attemptId } = await handedIn(b);
    await value(b.handlers, 'selfCheckAnswer', { attemptId, exerciseId: STEP, met: [0, 1] });
    // Later the student joins a class: the teacher sees the self-check, waiting for a grade.
    const { t, cls } = await teacherWithClass(b, 'Year 10', [student.id]);
    let row = lessonResults(b.store, cls.id, 'asif-dirty-work').rows[0]!;
    const cell = row.steps.find((c) => c.exerciseId === STEP)!;
    assert.deepEqual(cell, { exerciseId: STEP, status: 'self-assessed', points: 4, maxPoints: 5 });
    assert.equal(row.pending, 1);
    assert.equal(row.points, 0, 'not counted in the class total');
    assert.equal(lessonTotal(row), null);
    assert.equal(statusWord(cell.status), 'self-assessed, waiting for grading');
    // The gradebook (one lesson, a column per step): the student's own 4 points are no grade, so the cell is blank.
    const book = gradebookTable(loadClassData(b.store, { classId: cls.id, lessonId: 'asif-dirty-work' }), 'step');
    const col = book.header.findIndex((h) => typeof h === 'string' && h.endsWith(': How would you check this quote?'));
    assert.ok(col > 0);
    assert.equal(book.rows[0]![col], null);
    assert.equal(book.rows[0]!.at(-1), null, 'no Final Points either');
    // The per-step table says what the student's check gave, in words, and leaves Points blank.
    const perStep = [...perStepRows(loadClassData(b.store, { classId: cls.id, lessonId: 'asif-dirty-work' }))].find((row) => row[3] === 'How would you check this quote?')!;
    assert.deepEqual(perStep.slice(4, 7), ["self-assessed (4 by the student's own check), waiting for grading", null, 5]);
    const review = await value(b.handlers, 'reviewAttempt', { attemptId }, t);
    assert.equal(review.steps.find((s: { exerciseId: string }) => s.exerciseId === STEP).status, 'self-assessed');
    await value(b.handlers, 'gradeAnswer', { attemptId, exerciseId: STEP, points: 2.5, comment: '' }, t);
    assert.deepEqual(b.db.prepare(`SELECT status, points, self_check FROM results WHERE exercise_id = ?`).get(STEP), { status: 'graded', points: 2.5, self_check: null });
    row = lessonResults(b.store, cls.id, 'asif-dirty-work').rows[0]!;
    assert.equal(row.pending, 0);
    // The student's screen now shows the teacher's grade; the model answer stays with the teacher.
    const fb = (await value(b.handlers, 'getAttempt', { attemptId })).feedback[STEP];
    assert.equal(fb.status, 'graded');
    assert.equal(fb.points, 2.5);
    assert.equal('modelAnswer' in fb, false);
  });

  it('the teacher’s review says which criteria the student ticked, and its total leaves the self-check out', async () => {
    const b = backend();
    const { student, attemptId } = await handedIn(b);
    await value(b.handlers, 'selfCheckAnswer', { attemptId, exerciseId: STEP, met: [2, 0] });
    const { t } = await teacherWithClass(b, 'Year 12', [student.id]);
    const review = await value(b.handlers, 'reviewAttempt', { attemptId }, t);
    assert.deepEqual(
      (({ status, points, met }) => ({ status, points, met }))(review.feedback[STEP]),
      { status: 'self-assessed', points: 3, met: [0, 2] },
    );
  });
});

describe('a backup carries self-checks and shown comments, checked against the rubric', () => {
  async function classBackup() {
    const dir = tempDir('lede-selfcheck-');
    const b = backend(join(dir, 'a.sqlite'));
    const one = await handedIn(b, 'Ines');
    await value(b.handlers, 'selfCheckAnswer', { attemptId: one.attemptId, exerciseId: STEP, met: [0, 2] });
    const two = await handedIn(b, 'Omar');
    const { t, cls } = await teacherWithClass(b, 'Year 11', [one.student.id, two.student.id]);
    await value(b.handlers, 'gradeAnswer', { attemptId: two.attemptId, exerciseId: STEP, points: 4, comment: 'Shown to Omar.', shareComment: true }, t);
    const backup = parseBackup(JSON.stringify(await buildBackup(b.store, cls.id)));
    return { dir, backup };
  }
  const resultOf = (backup: Backup, name: string) => {
    const sid = backup.students.find((s) => s.displayName === name)!.id;
    return backup.attempts.find((a) => a.studentId === sid)!.results.find((r) => r.exerciseId === STEP)!;
  };
  const imported = (dir: string, backup: Backup, name: string) => {
    const other = Store.open(join(dir, `${name}.sqlite`));
    // A fresh computer: the lesson's text comes with the backup, accepted after the preview.
    importBackup(other, backup, { acceptLessons: previewBackup(other, backup).lessonTexts });
    return other;
  };

  it('round trip: the self-check and the shown comment arrive as they were', async () => {
    const { dir, backup } = await classBackup();
    assert.deepEqual(
      (({ status, points, selfCheck, commentShared }) => ({ status, points, selfCheck, commentShared }))(resultOf(backup, 'Ines')),
      { status: 'self-assessed', points: 3, selfCheck: [0, 2], commentShared: false },
    );
    assert.deepEqual((({ comment, commentShared }) => ({ comment, commentShared }))(resultOf(backup, 'Omar')), { comment: 'Shown to Omar.', commentShared: true });
    const other = imported(dir, backup, 'trip');
    const db = openDatabase(join(dir, 'trip.sqlite'), { readonly: true });
    assert.deepEqual(db.prepare(`SELECT status, points, self_check, comment, comment_shared FROM results WHERE exercise_id = ? ORDER BY status`).all(STEP), [
      { status: 'graded', points: 4, self_check: null, comment: 'Shown to Omar.', comment_shared: 1 },
      { status: 'self-assessed', points: 3, self_check: '[0,2]', comment: null, comment_shared: 0 },
    ]);
    db.close();
    other.close();
  });

  it('an older backup (no such fields) imports, its comments private', async () => {
    const { dir, backup } = await classBackup();
    const old = JSON.parse(JSON.stringify(backup)) as { version: number; attempts: { results: Record<string, unknown>[] }[] };
    old.version = 1;
    for (const a of old.attempts) {
      for (const r of a.results) {
        delete r.commentShared;
        delete r.selfCheck;
        delete r.rulesVersion;
        if (r.status === 'self-assessed') Object.assign(r, { status: 'pending', points: null, gradedAt: null });
      }
    }
    const other = imported(dir, parseBackup(JSON.stringify(old)), 'old');
    const db = openDatabase(join(dir, 'old.sqlite'), { readonly: true });
    assert.deepEqual(db.prepare(`SELECT status, comment_shared FROM results WHERE exercise_id = ? ORDER BY status`).all(STEP), [
      { status: 'graded', comment_shared: 0 },
      { status: 'pending', comment_shared: 0 },
    ]);
    db.close();
    other.close();
  });

  it('refuses a self-check whose points are not what its criteria are worth, or that names a criterion the lesson lacks', async () => {
    const { dir, backup } = await classBackup();
    const inflated = structuredClone(backup);
    resultOf(inflated, 'Ines').points = 5;
    assert.throws(() => imported(dir, inflated, 'x1'), /step “How would you check this quote\?”: the backup says 5 points, but the criteria the student ticked are worth 3\. Nothing was imported\./);
    const beyond = structuredClone(backup);
    resultOf(beyond, 'Ines').selfCheck = [0, 7];
    assert.throws(() => imported(dir, beyond, 'x2'), /the self-check names criteria the lesson's list does not have \(it has 3\)/);
    const claimsOld = structuredClone(backup);
    (claimsOld as { version: number }).version = 1;
    assert.throws(() => imported(dir, claimsOld, 'x4'), /says it is version 1, made before self-checks and shown comments existed, yet it has them/);
    const sharedPrivate = structuredClone(backup);
    resultOf(sharedPrivate, 'Ines').commentShared = true;
    assert.throws(() => imported(dir, sharedPrivate, 'x3'), /a comment shown to the student, but no teacher's comment on a graded answer/);
  });
});
