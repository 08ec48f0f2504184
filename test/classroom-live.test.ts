import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dispatch } from '../src/core/services/dispatch.ts';
import { createTeacherHandlers } from '../src/core/services/teacher-service.ts';
import { ExportJobs } from '../src/core/export/jobs.ts';
import type { ProjectorDto } from '../src/shared/teacher-api.ts';
import { classroomFixture } from './served-classroom.ts';
import { Client } from './http-client.ts';
import { loadLessonFile } from '../src/core/lessons/load.ts';
import { SEED_FILE } from './helpers.ts';

// Issue 18: the live class as a teacher runs it. The projector view is the server's
// (a call that returns only what students may see, behind a projector token, not the
// PIN); "checked" never exceeds "joined"; a choice step's answers are counted; ending a
// session hands in every student's attempt.

const NAMES = ['Ada Lovelace', 'Ben Okri', 'Chen Wei', 'Dara Ó Briain'];
const LESSON = 'asif-dirty-work';

/** The teacher's calls as a transport dispatches them, on a connection whose teacher area is locked. */
function lockedCall(s: ReturnType<typeof classroomFixture>) {
  const jobs = new ExportJobs(s.store);
  const handlers = createTeacherHandlers({ store: s.store, jobs, classroom: s.manager });
  const ctx = { teacher: false, grantTeacher: () => {}, revokeTeacher: () => {} };
  return (name: string, input: unknown) => dispatch(handlers as never, name, input, ctx, () => {});
}

describe('the projector view', () => {
  const s = classroomFixture('9P', NAMES);
  let sessionId = '';
  let code = '';
  let base = '';
  let token = '';
  const seats: { c: Client; attemptId: string }[] = [];
  before(async () => {
    const info = await s.manager.start({ classId: s.cls.id, lessonId: LESSON, host: '127.0.0.1', allowNewNames: false });
    sessionId = info.id;
    code = info.joinCode;
    base = info.urls[0]!;
    for (const id of s.ids.slice(0, 3)) {
      const c = new Client(base);
      const r = await c.call('classroomPick', { code, studentId: id });
      assert.equal(r.status, 200);
      seats.push({ c, attemptId: r.body.value.attempt.attempt.id });
    }
    token = (await s.manager.dashboard(sessionId)).projectorToken;
  });
  after(() => s.manager.close());

  it('needs the session’s projector token, not the teacher PIN, and is not offered on the students’ network', async () => {
    const call = lockedCall(s);
    const wrong = await call('classroomProjector', { sessionId, token: 'x'.repeat(43) });
    assert.equal(wrong.ok, false);
    assert.equal(!wrong.ok && wrong.error.code, 'forbidden');
    const locked = await call('classroomDashboard', { sessionId });
    assert.equal(!locked.ok && locked.error.code, 'locked', 'the dashboard itself stays behind the PIN');
    const right = await call('classroomProjector', { sessionId, token });
    assert.equal(right.ok, true);
    // A student's device cannot ask for it on the classroom server.
    const student = await seats[0]!.c.call('classroomProjector', { sessionId, token });
    assert.equal(student.status, 404);
  });

  it('before a reveal: marks of the class, but no names, rejoin codes or key', async () => {
    s.manager.control(sessionId, 'go-to-step', 1);
    // Ada marks the named source "Khawaja Asif"; Ben marks the headline's first word.
    await seats[0]!.c.call('putHighlight', { attemptId: seats[0]!.attemptId, exerciseId: 'sources', highlight: { id: 'a1', start: 26, end: 38, label: 'named' } });
    await seats[1]!.c.call('putHighlight', { attemptId: seats[1]!.attemptId, exerciseId: 'sources', highlight: { id: 'b1', start: 26, end: 38, label: 'named' } });
    const { rejoinCode } = s.manager.release(sessionId, s.ids[2]!);
    const v = (await s.manager.projector(sessionId, token)) as ProjectorDto;
    const json = JSON.stringify(v);
    for (const n of NAMES) assert.ok(!json.includes(n), `no name: ${n}`);
    assert.ok(!json.includes(rejoinCode), 'no rejoin code');
    assert.ok(!json.includes(s.ids[0]!), 'no student id');
    assert.doesNotMatch(json, /explanation|"correct":true|Yalda Hakim/);
    assert.equal(v.heat?.exerciseId, 'sources');
    assert.deepEqual(v.heat?.key, []);
    assert.deepEqual(v.heat?.missed, []);
    assert.equal(v.heat?.max, 2, 'two students marked the same words');
    assert.equal(v.joined, 3);
    assert.equal(v.classSize, 4);
    assert.deepEqual(Object.keys(v).sort(), ['article', 'choices', 'className', 'classSize', 'heat', 'joinCode', 'joinUrl', 'joined', 'lessonTitle', 'paused', 'qrSvg', 'running', 'step', 'steps', 'version']);
    // The teacher's own dashboard has it all.
    const d = await s.manager.dashboard(sessionId);
    assert.equal(d.heat?.key.length, 12);
    assert.equal(d.roster.find((r) => r.studentId === s.ids[2])?.rejoinCode, rejoinCode);
    const back = new Client(base);
    const r = await back.call('classroomPick', { code, studentId: s.ids[2], rejoinCode });
    assert.equal(r.status, 200);
    seats[2] = { c: back, attemptId: r.body.value.attempt.attempt.id };
  });

  it('after the reveal: the key’s underlines and the most-missed items', async () => {
    s.manager.control(sessionId, 'reveal', undefined, 'sources');
    const v = await s.manager.projector(sessionId, token);
    assert.equal(v.heat?.key.length, 12);
    assert.equal(v.heat?.missed.length, 5);
    assert.equal(v.steps.find((x) => x.id === 'sources')?.revealed, true);
    assert.equal(v.steps.find((x) => x.id === 'sources')?.checked, 3, 'revealing checked the step for all three');
  });

  it('a choice step: the teacher sees how many chose each option at once; the projector only after the reveal', async () => {
    s.manager.control(sessionId, 'go-to-step', 4);
    const choose = (i: number, choices: string[]) => seats[i]!.c.call('putResponse', { attemptId: seats[i]!.attemptId, exerciseId: 'headline-vs-body', answer: { choices } });
    assert.equal((await choose(0, ['tense', 'withheld'])).status, 200);
    assert.equal((await choose(1, ['tense'])).status, 200);
    assert.equal((await choose(2, ['gives-date'])).status, 200);
    const d = await s.manager.dashboard(sessionId);
    assert.deepEqual(
      d.choices?.options.map((o) => [o.id, o.count, o.correct]),
      [
        ['tense', 2, true],
        ['withheld', 1, true],
        ['same-words', 0, false],
        ['gives-date', 1, false],
      ],
    );
    assert.equal(d.choices?.answered, 3);
    const before = await s.manager.projector(sessionId, token);
    assert.equal(before.choices, null);
    assert.doesNotMatch(JSON.stringify(before), /"correct"/);
    s.manager.control(sessionId, 'reveal', undefined, 'headline-vs-body');
    const afterReveal = await s.manager.projector(sessionId, token);
    assert.deepEqual(
      afterReveal.choices?.options.map((o) => [o.id, o.count, o.correct]),
      [
        ['tense', 2, true],
        ['withheld', 1, true],
        ['same-words', 0, false],
        ['gives-date', 1, false],
      ],
    );
  });
});

describe('"Checked" and "joined" on the dashboard', () => {
  const s = classroomFixture('9C', NAMES);
  after(() => s.manager.close());

  it('a student let join again still counts as joined: no step is checked by more students than joined', async () => {
    const info = await s.manager.start({ classId: s.cls.id, lessonId: LESSON, host: '127.0.0.1', allowNewNames: false });
    s.manager.control(info.id, 'student-paced');
    const attempts: string[] = [];
    for (const id of s.ids.slice(0, 2)) {
      const c = new Client(info.urls[0]!);
      const r = await c.call('classroomPick', { code: info.joinCode, studentId: id });
      attempts.push(r.body.value.attempt.attempt.id);
      assert.equal((await c.call('checkStep', { attemptId: r.body.value.attempt.attempt.id, exerciseId: 'sources' })).status, 200);
    }
    s.manager.release(info.id, s.ids[0]!);
    const d = await s.manager.dashboard(info.id);
    assert.equal(d.joined, 2);
    assert.equal(d.steps.find((x) => x.id === 'sources')?.checked, 2);
    for (const st of d.steps) assert.ok(st.checked <= d.joined, `${st.id}: ${st.checked} > ${d.joined}`);
    assert.equal(d.roster.filter((r) => r.joined).length, 1, 'the roster still shows who holds a seat now');
  });
});

describe('ending a live session', () => {
  const s = classroomFixture('9E', NAMES);
  after(() => s.manager.close());

  it('hands in every student’s attempt (finished, every step checked) and their screen can still fetch its summary', async () => {
    const info = await s.manager.start({ classId: s.cls.id, lessonId: LESSON, host: '127.0.0.1', allowNewNames: false });
    s.manager.control(info.id, 'go-to-step', 1);
    const ada = new Client(info.urls[0]!);
    const a = await ada.call('classroomPick', { code: info.joinCode, studentId: s.ids[0] });
    const attemptId: string = a.body.value.attempt.attempt.id;
    await ada.call('putHighlight', { attemptId, exerciseId: 'sources', highlight: { id: 'h1', start: 26, end: 38, label: 'named' } });
    const ben = new Client(info.urls[0]!);
    const b = await ben.call('classroomPick', { code: info.joinCode, studentId: s.ids[1] });
    const benAttempt: string = b.body.value.attempt.attempt.id;
    let endedId = '';
    s.manager.onEnded((id) => (endedId = id));

    await s.manager.end(info.id);
    assert.equal(endedId, info.id);
    const rows = s.db.prepare('SELECT id, finished_at FROM attempts WHERE id IN (?, ?)').all(attemptId, benAttempt) as { id: string; finished_at: string | null }[];
    assert.equal(rows.length, 2);
    for (const r of rows) assert.ok(r.finished_at, `${r.id} finished`);
    const results = s.db.prepare('SELECT exercise_id, points FROM results WHERE attempt_id = ? ORDER BY exercise_id').all(attemptId) as { exercise_id: string; points: number | null }[];
    assert.deepEqual(
      results.map((r) => r.exercise_id),
      ['check-the-quote', 'framing', 'headline-vs-body', 'sources', 'unverified'],
    );
    assert.ok((results.find((r) => r.exercise_id === 'sources')?.points ?? 0) > 0, 'the source Ada marked scores');
    assert.equal(results.find((r) => r.exercise_id === 'framing')?.points, 0, 'a step with nothing marked scores 0');

    // The student's screen asks for its attempt after the end: it is finished, every step has feedback.
    const me = await ada.call('classroomMe', {});
    assert.equal(me.status, 200);
    assert.equal(me.body.value.classroom.ended, true);
    assert.ok(me.body.value.attempt.attempt.finishedAt);
    assert.deepEqual(Object.keys(me.body.value.attempt.feedback).sort(), ['check-the-quote', 'framing', 'headline-vs-body', 'sources', 'unverified']);
    // Nothing changes any more.
    const late = await ada.call('putHighlight', { attemptId, exerciseId: 'framing', highlight: { id: 'late', start: 0, end: 5, label: 'loaded' } });
    assert.equal(late.status, 409);
    // The dashboard says so, and another session can start (the ended one's listener stops).
    assert.equal((await s.manager.dashboard(info.id)).session.running, false);
    const next = await s.manager.start({ classId: s.cls.id, lessonId: LESSON, host: '127.0.0.1', allowNewNames: false });
    assert.notEqual(next.id, info.id);
    await assert.rejects(ada.call('classroomMe', {}), 'the ended session’s listener has stopped');
  });
});

describe('revealing an evidence step in class (issue 20, row 5)', () => {
  it('is refused until the highlight steps before it are revealed, naming them; then every student gets it', async () => {
    const s = classroomFixture('9E', ['Ada', 'Ben']);
    // The shipped seed lesson, whose "What do other reports say?" follows three highlight steps.
    const seed = loadLessonFile(SEED_FILE);
    if (!seed.ok) throw new Error('seed');
    s.store.importLesson(seed.loaded);
    const info = await s.manager.start({ classId: s.cls.id, lessonId: 'asif-dirty-work', host: '127.0.0.1', allowNewNames: false });
    try {
      const ada = s.manager.pick(info.id, info.joinCode, '10.0.0.1', { studentId: s.ids[0]! });
      assert.throws(
        () => s.manager.control(info.id, 'reveal', undefined, 'other-reports'),
        (e: Error) => e.message === 'Reveal “Sources”, “Framing”, “Unverified statements” first: the reports of “What do other reports say?” would give their answers away.',
      );
      // Nothing was checked for anyone.
      assert.equal(s.db.prepare(`SELECT count(*) FROM results WHERE attempt_id = ?`).pluck().get(ada.attemptId), 0);
      s.manager.control(info.id, 'reveal', undefined, 'sources');
      s.manager.control(info.id, 'reveal', undefined, 'framing');
      assert.throws(() => s.manager.control(info.id, 'reveal', undefined, 'other-reports'), /^LedeError: Reveal “Unverified statements” first|Reveal “Unverified statements” first/);
      s.manager.control(info.id, 'reveal', undefined, 'unverified');
      s.manager.control(info.id, 'reveal', undefined, 'other-reports');
      assert.deepEqual(s.db.prepare(`SELECT exercise_id FROM results WHERE attempt_id = ? ORDER BY exercise_id`).pluck().all(ada.attemptId), ['framing', 'other-reports', 'sources', 'unverified']);
    } finally {
      await s.manager.close();
    }
  });
});
