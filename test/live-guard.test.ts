import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Database } from 'better-sqlite3';
import { dispatch } from '../src/core/services/dispatch.ts';
import { createHandlers, LIVE_ATTEMPT_ELSEWHERE } from '../src/core/services/lede-service.ts';
import { createTeacherHandlers } from '../src/core/services/teacher-service.ts';
import { ExportJobs } from '../src/core/export/jobs.ts';
import { startHttpServer, type RunningServer } from '../src/server/http.ts';
import { API } from '../src/shared/api.ts';
import type { ApiName } from '../src/shared/api-names.ts';
import { Client } from './http-client.ts';
import { startBackend } from '../src/core/services/bootstrap.ts';
import { ROOT, tempDir } from './helpers.ts';
import { classroomFixture } from './served-classroom.ts';

// An attempt of a live class that has not ended obeys its session's rules whichever
// transport reaches it: on the teacher's own computer, the desktop window's handlers and
// `lede serve` (createHandlers) refuse every call about it — reads too, as an attempt's
// state can carry a key — while the class's own server goes on under the session's rules
// (issue 20, row 6: a live student picked in "Who is studying?" could read the key of a
// step the teacher had not opened, save while the class was paused, and lock a step).

/** A valid input for every student call that names an attempt (each is refused before it runs). */
function inputs(attemptId: string): Partial<Record<ApiName, unknown>> {
  return {
    getAttempt: { attemptId },
    putHighlight: { attemptId, exerciseId: 'sources', highlight: { id: 'from-app', start: 1543, end: 1561, label: 'anonymous' } },
    deleteHighlight: { attemptId, exerciseId: 'sources', highlightId: 'ada-1' },
    putResponse: { attemptId, exerciseId: 'headline-vs-body', answer: { choices: ['tense'] } },
    setStep: { attemptId, step: 3 },
    putReaction: { attemptId, phase: 'before', feelings: ['curious'], share: 'unsure' },
    checkStep: { attemptId, exerciseId: 'framing' },
    finishAttempt: { attemptId },
    handIn: { attemptId },
    selfCheckAnswer: { attemptId, exerciseId: 'headline-vs-body', met: [0] },
  };
}

/** The calls of the contract (src/shared/api.ts) whose input names an attempt. */
const attemptCalls = (Object.keys(API) as ApiName[]).filter((name) => 'attemptId' in API[name].input.shape).sort();

/** Everything stored about one attempt, to show that a refused call changed nothing. */
function snapshot(db: Database, attemptId: string) {
  const all = (sql: string) => db.prepare(sql).all(attemptId);
  return {
    attempt: db.prepare('SELECT current_step, finished_at, updated_at FROM attempts WHERE id = ?').get(attemptId),
    highlights: all('SELECT id, exercise_id, start_offset, end_offset, label FROM highlights WHERE attempt_id = ? ORDER BY id'),
    responses: all('SELECT exercise_id, choices, text FROM responses WHERE attempt_id = ? ORDER BY exercise_id'),
    results: all('SELECT exercise_id, status, points FROM results WHERE attempt_id = ? ORDER BY exercise_id'),
    reactions: all('SELECT * FROM reactions WHERE attempt_id = ?'),
  };
}

describe('a live class’s attempt outside the class’s own server', () => {
  const s = classroomFixture('9B', ['Ada', 'Ben']);
  const app = createHandlers(s.store);
  const appCall = (name: ApiName, input: unknown) => dispatch(app, name, input);
  let sessionId = '';
  let ada: Client;
  let attemptId = '';
  let serve: RunningServer;

  before(async () => {
    const info = await s.manager.start({ classId: s.cls.id, lessonId: 'asif-dirty-work', host: '127.0.0.1', allowNewNames: false });
    sessionId = info.id;
    ada = new Client(info.urls[0]!);
    attemptId = (await ada.call('classroomPick', { code: info.joinCode, studentId: s.ids[0] })).body.value.attempt.attempt.id;
    // Teacher-paced: the teacher opens step 1 (Sources), and Ada marks a source there.
    s.manager.control(sessionId, 'go-to-step', 1);
    assert.equal((await ada.call('putHighlight', { attemptId, exerciseId: 'sources', highlight: { id: 'ada-1', start: 1543, end: 1561, label: 'anonymous' } })).status, 200);
    // `lede serve` on the same database, as a second transport of the same handlers.
    serve = await startHttpServer({ handlers: createHandlers(s.store), staticDir: `${s.dir}/renderer`, log: () => {} });
  });
  after(async () => {
    await serve?.close();
    await s.manager.close();
  });

  it('the test knows an input for every call that names an attempt in the contract', () => {
    assert.deepEqual(attemptCalls, Object.keys(inputs('x')).sort());
    assert.ok(attemptCalls.includes('getAttempt') && attemptCalls.includes('checkStep') && attemptCalls.length >= 10, attemptCalls.join(', '));
  });

  it('every such call through the desktop window’s handlers is refused, saying where the attempt is answered, and nothing is stored', async () => {
    const before = snapshot(s.db, attemptId);
    for (const name of attemptCalls) {
      const env = await appCall(name, inputs(attemptId)[name]);
      assert.deepEqual(env, { ok: false, error: { code: 'forbidden', message: LIVE_ATTEMPT_ELSEWHERE } }, name);
    }
    assert.deepEqual(snapshot(s.db, attemptId), before);
    // Framing (not opened by the teacher) is unchecked: no result row, so no key went anywhere.
    assert.deepEqual(snapshot(s.db, attemptId).results, []);
    assert.equal(snapshot(s.db, attemptId).highlights.length, 1);
  });

  it('through `lede serve`’s HTTP transport too: 403 with the same words, and nothing stored', async () => {
    const browser = new Client(serve.url.endsWith('/') ? serve.url : `${serve.url}/`);
    const before = snapshot(s.db, attemptId);
    for (const name of ['getAttempt', 'checkStep', 'putHighlight', 'setStep'] as const) {
      const r = await browser.call(name, inputs(attemptId)[name]);
      assert.equal(r.status, 403, name);
      assert.deepEqual(r.body, { ok: false, error: { code: 'forbidden', message: LIVE_ATTEMPT_ELSEWHERE } }, name);
      assert.doesNotMatch(JSON.stringify(r.body), /explanation|Yalda Hakim/, `${name}: no key in the refusal`);
    }
    assert.deepEqual(snapshot(s.db, attemptId), before);
  });

  it('a paused class accepts no save from the app either; the class’s server says it is paused, then takes it once resumed', async () => {
    s.manager.control(sessionId, 'pause');
    const put = { attemptId, exerciseId: 'sources', highlight: { id: 'ada-2', start: 10, end: 20, label: 'vague' } };
    assert.deepEqual(await appCall('putHighlight', put), { ok: false, error: { code: 'forbidden', message: LIVE_ATTEMPT_ELSEWHERE } });
    const paused = await ada.call('putHighlight', put);
    assert.equal(paused.status, 423);
    assert.equal(snapshot(s.db, attemptId).highlights.length, 1);
    s.manager.control(sessionId, 'resume');
    assert.equal((await ada.call('putHighlight', put)).status, 200);
    assert.deepEqual(
      snapshot(s.db, attemptId).highlights.map((h) => (h as { id: string }).id),
      ['ada-1', 'ada-2'],
    );
  });

  it('the class’s own server still works under its rules: reads, a step not opened refused, an opened step checked', async () => {
    const state = await ada.call('getAttempt', { attemptId });
    assert.equal(state.status, 200);
    assert.equal(state.body.value.highlights.length, 2);
    const early = await ada.call('checkStep', { attemptId, exerciseId: 'framing' });
    assert.equal(early.status, 409);
    assert.equal(early.body.error.message, 'Your teacher has not opened that step yet.');
    const checked = await ada.call('checkStep', { attemptId, exerciseId: 'sources' });
    assert.equal(checked.status, 200);
    assert.equal(checked.body.value.kind, 'highlight');
    assert.deepEqual(snapshot(s.db, attemptId).results.map((r) => (r as { exercise_id: string }).exercise_id), ['sources']);
  });

  it('the library never leads there, nor to the lesson’s keys: while the class runs, the lesson is not offered for practice here', async () => {
    const cards = await appCall('listLessons', { studentId: s.ids[0] });
    assert.ok(cards.ok);
    assert.equal((cards.value as { id: string }[]).find((c) => c.id === 'asif-dirty-work'), undefined, 'no card: practice would show keys the teacher reveals step by step');
    const opened = await appCall('openLesson', { studentId: s.ids[0], lessonId: 'asif-dirty-work' });
    assert.equal(opened.ok, false);
    assert.equal(opened.ok ? '' : opened.error.message, 'A class is doing this lesson live just now: it opens for practice once that class has ended.');
    assert.equal((s.db.prepare("SELECT count(*) AS n FROM attempts").get() as { n: number }).n, 1, 'only the live attempt');
  });

  it('the teacher may review the live attempt (the dashboard’s view): it checks nothing for the student', async () => {
    const teacher = createTeacherHandlers({ store: s.store, jobs: new ExportJobs(s.store), classroom: s.manager });
    const before = snapshot(s.db, attemptId);
    const review = await teacher.reviewAttempt({ attemptId }, { teacher: true, grantTeacher: () => {}, revokeTeacher: () => {} });
    assert.equal(review.attempt.id, attemptId);
    assert.equal(review.steps.find((x) => x.exerciseId === 'framing')?.status, 'not-checked');
    assert.deepEqual(snapshot(s.db, attemptId), before);
  });

  it('once the class has ended, the handed-in attempt opens in the app as any finished attempt: read, no change', async () => {
    await s.manager.end(sessionId);
    const env = await appCall('getAttempt', { attemptId });
    assert.ok(env.ok, JSON.stringify(env));
    const state = env.value as { attempt: { finishedAt: string | null }; feedback: Record<string, { kind: string }> };
    assert.notEqual(state.attempt.finishedAt, null);
    assert.deepEqual(Object.keys(state.feedback).sort(), ['check-the-quote', 'framing', 'headline-vs-body', 'sources', 'unverified']);
    const before = snapshot(s.db, attemptId);
    const put = await appCall('putHighlight', { attemptId, exerciseId: 'framing', highlight: { id: 'late', start: 10, end: 20, label: 'loaded' } });
    assert.equal(put.ok, false);
    assert.match(put.ok ? '' : put.error.message, /already been checked/);
    // Checking again gives the result stored when the class ended (nothing is scored anew).
    const again = await appCall('checkStep', { attemptId, exerciseId: 'sources' });
    assert.ok(again.ok);
    assert.deepEqual(snapshot(s.db, attemptId), before);
    // Practice of the lesson opens again once the class has ended.
    const practice = await appCall('openLesson', { studentId: s.ids[0], lessonId: 'asif-dirty-work' });
    assert.ok(practice.ok, JSON.stringify(practice));
    assert.notEqual((practice.value as { attempt: { id: string } }).attempt.id, attemptId);
    // The class's server, left up for the students' summaries, refuses every change.
    assert.equal((await ada.call('putHighlight', { attemptId, exerciseId: 'framing', highlight: { id: 'late', start: 10, end: 20, label: 'loaded' } })).status, 409);
  });
});

describe('an assignment of the lesson a live class is doing', () => {
  const s = classroomFixture('9B', ['Ada']);
  const app = createHandlers(s.store);
  const appCall = (name: ApiName, input: unknown) => dispatch(app, name, input);
  before(async () => {
    await s.manager.start({ classId: s.cls.id, lessonId: 'asif-dirty-work', host: '127.0.0.1', allowNewNames: false });
  });
  after(async () => {
    await s.manager.close();
  });

  it('nor through an assignment of the same lesson: its checks are held while the class runs, and its work waits', async () => {
    // Another class, with an assignment of the lesson whose key shows after each check (the review's path to the key).
    const other = s.store.classes.create('10C');
    const cleo = s.store.classes.addStudent(other.id, 'Cleo').id;
    const teacher = createTeacherHandlers({ store: s.store, jobs: new ExportJobs(s.store), classroom: s.manager });
    const T = { teacher: true, grantTeacher: () => {}, revokeTeacher: () => {} };
    const assignment = await teacher.saveAssignment(
      { classId: other.id, lessonId: 'asif-dirty-work', opensAt: new Date(Date.now() - 3_600_000).toISOString(), dueAt: null, maxAttempts: null, counts: 'highest', keyShown: 'after-check' },
      T,
    );
    const opened = await appCall('openLesson', { studentId: cleo, lessonId: 'asif-dirty-work', assignmentId: assignment.id });
    assert.ok(opened.ok, JSON.stringify(opened));
    const state = opened.value as { attempt: { id: string }; keyHeld: unknown };
    assert.deepEqual(state.keyHeld, { until: 'live-class' });
    const before = snapshot(s.db, state.attempt.id);
    for (const [name, input] of [
      ['putResponse', { attemptId: state.attempt.id, exerciseId: 'headline-vs-body', answer: { choices: ['tense'] } }],
      ['checkStep', { attemptId: state.attempt.id, exerciseId: 'headline-vs-body' }],
    ] as const) {
      const env = await appCall(name, input);
      assert.equal(env.ok, false, name);
      assert.equal(env.ok ? '' : env.error.message, 'A class is doing this lesson live just now: your work on this assignment is kept, and goes on once that class has ended.', name);
    }
    assert.deepEqual(snapshot(s.db, state.attempt.id), before, 'nothing checked, no key');
  });

});

describe('a self-check while a live class does the lesson', () => {
  it('is refused like any change while the key is held, and nothing is stored', async () => {
    const s = classroomFixture('9B', ['Ada']);
    const app = createHandlers(s.store);
    const appCall = (name: ApiName, input: unknown) => dispatch(app, name, input);
    try {
      // A profile in no class hands in its written answer in practice, before the class starts.
      const me = s.store.createStudent('Sam Reyes');
      const opened = await appCall('openLesson', { studentId: me.id, lessonId: 'asif-dirty-work' });
      assert.ok(opened.ok, JSON.stringify(opened));
      const attemptId = (opened.value as { attempt: { id: string } }).attempt.id;
      assert.ok((await appCall('putResponse', { attemptId, exerciseId: 'check-the-quote', answer: { text: 'The quote was cut short.' } })).ok);
      assert.ok((await appCall('checkStep', { attemptId, exerciseId: 'check-the-quote' })).ok);
      await s.manager.start({ classId: s.cls.id, lessonId: 'asif-dirty-work', host: '127.0.0.1', allowNewNames: false });
      const before = snapshot(s.db, attemptId);
      const env = await appCall('selfCheckAnswer', { attemptId, exerciseId: 'check-the-quote', met: [0] });
      assert.equal(env.ok, false);
      assert.equal(env.ok ? '' : env.error.message, 'A class is doing this lesson live just now: your practice of it is kept, and goes on once that class has ended.');
      assert.deepEqual(snapshot(s.db, attemptId), before);
    } finally {
      await s.manager.close();
    }
  });
});

describe('the wiring: the guard cannot be left out', () => {
  it('the backend the desktop window and `lede serve` use (startBackend) refuses a running session’s attempt', async () => {
    const dir = tempDir('lede-live-guard-');
    mkdirSync(join(dir, 'renderer'));
    writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>Lede</title>');
    const backend = startBackend(join(dir, 'lede.sqlite'), join(ROOT, 'lessons'), { staticDir: join(dir, 'renderer'), serve: startHttpServer });
    try {
      const cls = backend.store.classes.create('9C');
      const ada = backend.store.classes.addStudent(cls.id, 'Ada');
      const info = await backend.classroom.start({ classId: cls.id, lessonId: 'asif-dirty-work', host: '127.0.0.1', allowNewNames: false });
      const device = new Client(info.urls[0]!);
      const attemptId = (await device.call('classroomPick', { code: info.joinCode, studentId: ada.id })).body.value.attempt.attempt.id;
      const refused = await dispatch({ ...backend.handlers, ...backend.teacher }, 'getAttempt', { attemptId });
      assert.deepEqual(refused, { ok: false, error: { code: 'forbidden', message: LIVE_ATTEMPT_ELSEWHERE } });
      assert.equal((await device.call('getAttempt', { attemptId })).status, 200);
    } finally {
      await backend.close();
    }
  });

  it('only the classroom server builds on the unguarded calls (createSessionBase)', () => {
    const files = readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f));
    const users = files.filter((f) => readFileSync(join(ROOT, 'src', f), 'utf8').includes('createSessionBase')).map((f) => f.split(sep).join('/')).sort();
    assert.deepEqual(users, ['core/classroom/handlers.ts', 'core/services/lede-service.ts']);
  });
});
