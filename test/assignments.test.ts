// Assignments: a teacher gives a lesson to a class with dates, a number of attempts, the
// attempt that counts and when the key is shown. The rules are pure functions (policy.ts),
// hand-checked and property-tested here; the services enforce them on every call a
// student's client can make, and the teacher's results, review and gradebook follow them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ClassroomManager } from '../src/core/classroom/manager.ts';
import { openDatabase } from '../src/core/db/open.ts';
import { Store } from '../src/core/db/store.ts';
import { buildBackup } from '../src/core/export/backup-build.ts';
import { parseBackup } from '../src/core/export/backup-format.ts';
import { importBackup } from '../src/core/export/backup-import.ts';
import { ExportJobs } from '../src/core/export/jobs.ts';
import { gradebookTable, loadClassData } from '../src/core/export/tables.ts';
import { countingAttempt, keyHeld, phase, practiceHeldBy, settingsProblem, startRefusal, type AssignmentSettings } from '../src/core/assignments/policy.ts';
import { loadLessonFile } from '../src/core/lessons/load.ts';
import { dispatch } from '../src/core/services/dispatch.ts';
import { createHandlers } from '../src/core/services/lede-service.ts';
import { createTeacherHandlers, type CallContext } from '../src/core/services/teacher-service.ts';
import { lessonResults } from '../src/core/teacher/results.ts';
import { OLD_SEED_FILE } from './helpers.ts';

const LESSON = 'asif-dirty-work';
const H = 3600_000;
const at = (ms: number) => new Date(ms).toISOString();
const T0 = Date.parse('2026-12-07T09:00:00.000Z');

describe('assignment rules (policy.ts), by hand', () => {
  const base: AssignmentSettings = { opensAt: at(T0), dueAt: at(T0 + 48 * H), maxAttempts: 2, counts: 'first', keyShown: 'after-due' };

  it('is scheduled before it opens, open until its due date, closed from it on', () => {
    assert.equal(phase(base, new Date(T0 - 1)), 'scheduled');
    assert.equal(phase(base, new Date(T0)), 'open');
    assert.equal(phase(base, new Date(T0 + 48 * H - 1)), 'open');
    assert.equal(phase(base, new Date(T0 + 48 * H)), 'closed');
    assert.equal(phase({ ...base, dueAt: null }, new Date(T0 + 1000 * H)), 'open');
  });

  it('holds the key by each policy, and only then', () => {
    const open = new Date(T0 + H);
    const after = new Date(T0 + 49 * H);
    const a = { ...base, keyReleasedAt: null };
    assert.equal(keyHeld({ ...a, keyShown: 'after-check' }, { finishedAt: null }, open), null);
    assert.deepEqual(keyHeld({ ...a, keyShown: 'after-hand-in' }, { finishedAt: null }, open), { until: 'hand-in' });
    assert.equal(keyHeld({ ...a, keyShown: 'after-hand-in', maxAttempts: 1 }, { finishedAt: at(T0 + 2 * H) }, open), null);
    // With another attempt still to come, the key of a handed-in one would answer it: held until the last one, or the close.
    assert.deepEqual(keyHeld({ ...a, keyShown: 'after-hand-in' }, { finishedAt: at(T0 + 2 * H) }, open, 1), { until: 'last-attempt' });
    assert.equal(keyHeld({ ...a, keyShown: 'after-hand-in' }, { finishedAt: at(T0 + 2 * H) }, open, 2), null);
    assert.equal(keyHeld({ ...a, keyShown: 'after-hand-in' }, { finishedAt: at(T0 + 2 * H) }, after, 1), null);
    assert.deepEqual(keyHeld({ ...a, keyShown: 'after-hand-in', maxAttempts: null }, { finishedAt: at(T0 + 2 * H) }, open, 40), { until: 'last-attempt' });
    // After the due date: handing in does not show it; the date does.
    assert.deepEqual(keyHeld(a, { finishedAt: at(T0 + 2 * H) }, open), { until: 'due', at: at(T0 + 48 * H) });
    assert.equal(keyHeld(a, { finishedAt: null }, after), null);
    assert.deepEqual(keyHeld({ ...a, keyShown: 'on-release' }, { finishedAt: at(T0) }, after), { until: 'release' });
    assert.equal(keyHeld({ ...a, keyShown: 'on-release', keyReleasedAt: at(T0 + 50 * H) }, { finishedAt: null }, after), null);
  });

  it('refuses a new attempt before it opens, after it closes, while one is open and once they are used up', () => {
    const now = new Date(T0 + H);
    assert.deepEqual(startRefusal(base, [], new Date(T0 - 1)), { reason: 'scheduled', at: base.opensAt });
    assert.deepEqual(startRefusal(base, [], new Date(T0 + 48 * H)), { reason: 'closed', at: base.dueAt });
    assert.equal(startRefusal(base, [], now), null);
    assert.deepEqual(startRefusal(base, [{ id: 'a', finishedAt: null }], now), { reason: 'in-progress', attemptId: 'a' });
    assert.equal(startRefusal(base, [{ id: 'a', finishedAt: 'x' }], now), null);
    assert.deepEqual(startRefusal(base, [{ id: 'a', finishedAt: 'x' }, { id: 'b', finishedAt: 'y' }], now), { reason: 'used-up', allowed: 2 });
    assert.equal(startRefusal({ ...base, maxAttempts: null }, Array.from({ length: 50 }, (_, i) => ({ id: `${i}`, finishedAt: 'x' })), now), null);
  });

  it('counts the first, the best or the latest handed-in attempt', () => {
    const attempts = [
      { id: 'a1', number: 1, finishedAt: 't1', points: 20 },
      { id: 'a2', number: 2, finishedAt: 't2', points: 41.5 },
      { id: 'a3', number: 3, finishedAt: 't3', points: 41.5 },
      { id: 'a4', number: 4, finishedAt: null, points: 50 },
    ];
    assert.equal(countingAttempt('first', attempts)?.id, 'a1');
    // The best handed in; of equals, the earlier; the one in progress is not handed in.
    assert.equal(countingAttempt('highest', attempts)?.id, 'a2');
    assert.equal(countingAttempt('latest', attempts)?.id, 'a3');
    // Before any is handed in, the one in progress is shown.
    assert.equal(countingAttempt('latest', [attempts[3]!])?.id, 'a4');
    assert.equal(countingAttempt('first', []), undefined);
  });

  it('holds practice while any assignment of the lesson is not closed, or its key waits for release', () => {
    const now = new Date(T0 + 72 * H);
    const closed = { ...base, keyReleasedAt: null };
    assert.equal(practiceHeldBy([closed], now), undefined);
    assert.equal(practiceHeldBy([{ ...closed, dueAt: null }], now)?.dueAt, null);
    assert.ok(practiceHeldBy([{ ...closed, keyShown: 'on-release' as const }], now));
    assert.equal(practiceHeldBy([{ ...closed, keyShown: 'on-release' as const, keyReleasedAt: at(T0 + 60 * H) }], now), undefined);
    // Not opened yet holds it too: a throw-away profile must not see the key first.
    assert.ok(practiceHeldBy([{ ...closed, opensAt: at(T0 + 80 * H), dueAt: at(T0 + 90 * H) }], now));
  });

  it('says what is wrong with settings in words', () => {
    assert.equal(settingsProblem(base), null);
    assert.equal(settingsProblem({ ...base, dueAt: base.opensAt }), 'The due date must be after the date it opens.');
    assert.equal(settingsProblem({ ...base, dueAt: null }), 'To show the key after the due date, give the assignment a due date.');
    assert.equal(settingsProblem({ ...base, maxAttempts: 0 }), 'Attempts: a whole number from 1 to 100, or unlimited.');
  });
});

describe('assignment rules, properties', () => {
  const attempts = fc
    .array(fc.record({ finished: fc.boolean(), points: fc.integer({ min: 0, max: 54 }) }), { minLength: 1, maxLength: 8 })
    .map((xs) => xs.map((x, i) => ({ id: `a${i + 1}`, number: i + 1, finishedAt: x.finished ? `t${i}` : null, points: x.points })));

  it('the counted attempt is one of them; first is the lowest number; highest is a handed-in attempt no other handed-in one beats', () => {
    fc.assert(
      fc.property(attempts, (xs) => {
        const first = countingAttempt('first', xs)!;
        assert.equal(first.number, 1);
        const best = countingAttempt('highest', xs)!;
        const latest = countingAttempt('latest', xs)!;
        const handedIn = xs.filter((x) => x.finishedAt !== null);
        assert.ok(xs.includes(best) && xs.includes(latest));
        if (handedIn.length > 0) {
          assert.ok(best.finishedAt !== null && handedIn.every((x) => x.points <= best.points));
          assert.ok(handedIn.every((x) => x.points < best.points || x.number >= best.number));
          assert.equal(latest.number, Math.max(...handedIn.map((x) => x.number)));
        } else {
          assert.equal(latest.number, xs.length);
        }
      }),
    );
  });

  it('a key held after hand-in or until release is never open before that; after-due never before the due date', () => {
    fc.assert(
      fc.property(fc.integer({ min: -100, max: 100 }), fc.integer({ min: 1, max: 100 }), fc.boolean(), (nowH, dueH, finished) => {
        const a = { opensAt: at(T0 - 200 * H), dueAt: at(T0 + dueH * H), keyReleasedAt: null, maxAttempts: 1 };
        const now = new Date(T0 + nowH * H);
        const attempt = { finishedAt: finished ? at(T0) : null };
        assert.equal(keyHeld({ ...a, keyShown: 'after-due' }, attempt, now) === null, nowH >= dueH);
        assert.equal(keyHeld({ ...a, keyShown: 'after-hand-in' }, attempt, now) === null, finished);
        assert.notEqual(keyHeld({ ...a, keyShown: 'on-release' }, attempt, now), null);
      }),
    );
  });
});

// ── The services ─────────────────────────────────────────────────────────

function backend() {
  const store = new Store(openDatabase(':memory:'));
  const r = loadLessonFile(OLD_SEED_FILE);
  if (!r.ok) throw new Error('seed');
  store.importLesson(r.loaded);
  const classroom = new ClassroomManager(store, { staticDir: '/nonexistent' });
  const handlers = { ...createHandlers(store), ...createTeacherHandlers({ store, jobs: new ExportJobs(store), classroom }) };
  return { store, handlers };
}

type Env = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };
const teacher = (): CallContext => ({ teacher: true, mayChoosePin: false, grantTeacher: () => {}, revokeTeacher: () => {} });
const student = (): CallContext => ({ teacher: false, mayChoosePin: false, grantTeacher: () => {}, revokeTeacher: () => {} });
async function call(h: object, name: string, input: unknown, c: CallContext): Promise<Env> {
  return (await dispatch(h as never, name, input, c)) as Env;
}
async function value<T = Record<string, unknown>>(h: object, name: string, input: unknown, c: CallContext = student()): Promise<T> {
  const env = await call(h, name, input, c);
  if (!env.ok) throw new Error(`${env.error.code}: ${env.error.message}`);
  return env.value as T;
}
async function refused(h: object, name: string, input: unknown, code: string, message: RegExp, c: CallContext = student()) {
  const env = await call(h, name, input, c);
  assert.equal(env.ok, false, `${name} should be refused`);
  if (!env.ok) {
    assert.equal(env.error.code, code);
    assert.match(env.error.message, message);
  }
}

interface State {
  attempt: { id: string; finishedAt: string | null };
  feedback: Record<string, { kind: string; points?: number }>;
  keyHeld: { until: string } | null;
  assignment: { id: string; attemptIndex: number; used: number; cannotStart: string | null } | null;
}

/** A class 9B with two students, the seed lesson assigned to it with these settings. */
async function assigned(settings: Partial<AssignmentSettings> = {}) {
  const b = backend();
  const t = teacher();
  const cls = await value<{ id: string }>(b.handlers, 'createClass', { name: '9B' }, t);
  const aisha = await value<{ id: string }>(b.handlers, 'addStudent', { classId: cls.id, displayName: 'Aisha Hansen' }, t);
  const ben = await value<{ id: string }>(b.handlers, 'addStudent', { classId: cls.id, displayName: 'Ben Okafor' }, t);
  const assignment = await value<{ id: string }>(
    b.handlers,
    'saveAssignment',
    { classId: cls.id, lessonId: LESSON, opensAt: at(Date.now() - H), dueAt: at(Date.now() + 24 * H), maxAttempts: 1, counts: 'first', keyShown: 'after-due', ...settings },
    t,
  );
  return { ...b, t, cls, aisha, ben, assignment };
}

/** The seed's "sources" step marked with one key item (Khawaja Asif) and checked. */
async function markAndCheck(h: object, attemptId: string, exerciseId = 'sources') {
  const state = await value<{ lesson: { text: string } }>(h, 'getAttempt', { attemptId });
  const start = state.lesson.text.indexOf('Khawaja Asif');
  await value(h, 'putHighlight', { attemptId, exerciseId, highlight: { id: `h-${attemptId}`, start, end: start + 'Khawaja Asif'.length, label: 'named' } });
  return value<{ kind: string } & Record<string, unknown>>(h, 'checkStep', { attemptId, exerciseId });
}

describe('assignments on the student’s path', () => {
  it('one attempt, key after the due date: checking records without the key, on every call; handing in keeps it back; no second attempt', async () => {
    const { handlers: h, aisha, assignment } = await assigned();
    const cards = await value<{ id: string; assignment?: { id: string; used: number; keyHeld: unknown } }[]>(h, 'listLessons', { studentId: aisha.id });
    // Assigned first, with its rules; not listed again as practice.
    assert.equal(cards[0]!.assignment?.id, assignment.id);
    assert.equal(cards.filter((c) => c.id === LESSON).length, 1);

    const state = await value<State>(h, 'openLesson', { studentId: aisha.id, lessonId: LESSON, assignmentId: assignment.id });
    assert.deepEqual(state.keyHeld && state.keyHeld.until, 'due');
    const fb = await markAndCheck(h, state.attempt.id);
    assert.equal(fb.kind, 'held');
    const text = JSON.stringify(fb);
    assert.ok(!/explanation|items|points/.test(text), `no key in ${text}`);
    // Reading the attempt again gives the same: recorded, no key.
    const again = await value<State>(h, 'getAttempt', { attemptId: state.attempt.id });
    assert.equal(again.feedback.sources!.kind, 'held');
    assert.ok(!JSON.stringify(again.feedback).includes('explanation'));
    // Another attempt while this one is open: refused; hand in, then: used up.
    await refused(h, 'newAttempt', { studentId: aisha.id, lessonId: LESSON, assignmentId: assignment.id }, 'conflict', /in progress/);
    const handed = await value<State>(h, 'handIn', { attemptId: state.attempt.id });
    assert.ok(handed.attempt.finishedAt);
    assert.equal(handed.keyHeld?.until, 'due');
    assert.ok(Object.values(handed.feedback).every((f) => f.kind === 'held'));
    assert.equal(Object.keys(handed.feedback).length, 5); // every step of the fixture lesson recorded by handing in
    await refused(h, 'newAttempt', { studentId: aisha.id, lessonId: LESSON, assignmentId: assignment.id }, 'conflict', /used your one attempt/);
    await refused(h, 'putHighlight', { attemptId: state.attempt.id, exerciseId: 'framing', highlight: { id: 'x', start: 0, end: 4, label: 'loaded' } }, 'conflict', /handed this attempt in/);
    // The library says handed in, with no points.
    const card = (await value<{ progress: { state: string } }[]>(h, 'listLessons', { studentId: aisha.id }))[0]!;
    assert.deepEqual(card.progress, { state: 'handed-in', attempt: 1 });
  });

  it('a second profile, or a student of no class, cannot practise the lesson (and so see its key) while it is assigned', async () => {
    const { handlers: h } = await assigned();
    const other = await value<{ id: string }>(h, 'createStudent', { displayName: 'Throwaway' });
    const cards = await value<{ id: string }[]>(h, 'listLessons', { studentId: other.id });
    assert.ok(!cards.some((c) => c.id === LESSON));
    await refused(h, 'openLesson', { studentId: other.id, lessonId: LESSON }, 'conflict', /assigned to a class until .*opens for practice once that assignment closes/);
    await refused(h, 'newAttempt', { studentId: other.id, lessonId: LESSON }, 'conflict', /assigned to a class/);
  });

  it('a student opens only their own classes’ assignments', async () => {
    const { handlers: h, assignment } = await assigned();
    const outsider = await value<{ id: string }>(h, 'createStudent', { displayName: 'Outsider' });
    await refused(h, 'openLesson', { studentId: outsider.id, lessonId: LESSON, assignmentId: assignment.id }, 'forbidden', /for class 9B, and you are not in it/);
  });

  it('past the due date, open attempts are handed in as they stand and the key is shown; changes are refused saying why', async () => {
    const { handlers: h, store, aisha, ben, assignment } = await assigned();
    const a = await value<State>(h, 'openLesson', { studentId: aisha.id, lessonId: LESSON, assignmentId: assignment.id });
    await markAndCheck(h, a.attempt.id);
    const b = await value<State>(h, 'openLesson', { studentId: ben.id, lessonId: LESSON, assignmentId: assignment.id });
    // The due date passes (the assignment opened two days ago, was due a minute ago).
    store.assignments.update(assignment.id, { opensAt: at(Date.now() - 48 * H), dueAt: at(Date.now() - 60_000), maxAttempts: 1, counts: 'first', keyShown: 'after-due' }, at(Date.now()));
    await refused(h, 'putHighlight', { attemptId: b.attempt.id, exerciseId: 'sources', highlight: { id: 'late', start: 0, end: 4, label: 'named' } }, 'conflict', /closed on .*handed in/);
    const after = await value<State>(h, 'getAttempt', { attemptId: a.attempt.id });
    assert.ok(after.attempt.finishedAt);
    assert.equal(after.keyHeld, null);
    // The key now shows, with its points: in the fixture lesson the first of 12 sources is the
    // whole "Pakistan Defence Minister Khawaja Asif" (38 characters), so "Khawaja Asif" covers 12 of them.
    const sources = after.feedback.sources as { kind: string; found: number; total: number; items: { status: string; credit: number }[] };
    assert.equal(sources.kind, 'highlight');
    assert.equal(sources.total, 12);
    assert.equal(sources.items[0]!.status, 'partly');
    assert.ok(Math.abs(sources.items[0]!.credit - 12 / 38) < 1e-9);
    const benAfter = await value<State>(h, 'getAttempt', { attemptId: b.attempt.id });
    assert.ok(benAfter.attempt.finishedAt);
    assert.equal(Object.keys(benAfter.feedback).length, 5);
  });

  it('key after each check (practice-like): checking shows the key as in self-paced study', async () => {
    const { handlers: h, aisha, assignment } = await assigned({ keyShown: 'after-check', dueAt: null });
    const a = await value<State>(h, 'openLesson', { studentId: aisha.id, lessonId: LESSON, assignmentId: assignment.id });
    assert.equal(a.keyHeld, null);
    const fb = await markAndCheck(h, a.attempt.id);
    assert.equal(fb.kind, 'highlight');
  });

  it('key on release: held after the due date until the teacher releases it; practice opens only then', async () => {
    const { handlers: h, store, t, aisha, assignment } = await assigned({ keyShown: 'on-release' });
    const a = await value<State>(h, 'openLesson', { studentId: aisha.id, lessonId: LESSON, assignmentId: assignment.id });
    await value(h, 'handIn', { attemptId: a.attempt.id });
    await value(h, 'closeAssignment', { assignmentId: assignment.id }, t);
    assert.equal((await value<State>(h, 'getAttempt', { attemptId: a.attempt.id })).keyHeld?.until, 'release');
    const other = await value<{ id: string }>(h, 'createStudent', { displayName: 'Throwaway' });
    await refused(h, 'openLesson', { studentId: other.id, lessonId: LESSON }, 'conflict', /not released its key/);
    await value(h, 'releaseKey', { assignmentId: assignment.id }, t);
    assert.equal((await value<State>(h, 'getAttempt', { attemptId: a.attempt.id })).keyHeld, null);
    const practice = await value<State>(h, 'openLesson', { studentId: other.id, lessonId: LESSON });
    assert.equal(practice.assignment, null);
    assert.ok(store.attempt(practice.attempt.id));
  });

  it('a lesson kept back from the library is shown only where it is assigned', async () => {
    const { handlers: h, t, aisha } = await assigned({ keyShown: 'after-check', dueAt: null });
    await value(h, 'setLessonInLibrary', { lessonId: LESSON, inLibrary: false }, t);
    const listed = await value<{ lessonId: string; title: string; inLibrary: boolean; assignedTo: string[] }[]>(h, 'libraryLessons', {}, t);
    assert.deepEqual(listed.find((l) => l.lessonId === LESSON), { lessonId: LESSON, title: listed.find((l) => l.lessonId === LESSON)!.title, inLibrary: false, assignedTo: ['9B'] });
    const other = await value<{ id: string }>(h, 'createStudent', { displayName: 'Elsewhere' });
    assert.ok(!(await value<{ id: string }[]>(h, 'listLessons', { studentId: other.id })).some((c) => c.id === LESSON));
    assert.ok((await value<{ id: string; assignment?: unknown }[]>(h, 'listLessons', { studentId: aisha.id })).some((c) => c.id === LESSON && c.assignment));
  });
});

describe('assignments on the teacher’s side', () => {
  it('the grade is the attempt the rule counts: first by default; results, review and gradebook say which', async () => {
    const { handlers: h, store, t, cls, aisha, assignment } = await assigned({ keyShown: 'after-hand-in', dueAt: null, maxAttempts: 3 });
    // Attempt 1: nothing marked, handed in (0 points); attempt 2: one source found.
    const a1 = await value<State>(h, 'openLesson', { studentId: aisha.id, lessonId: LESSON, assignmentId: assignment.id });
    await value(h, 'handIn', { attemptId: a1.attempt.id });
    const a2 = await value<State>(h, 'newAttempt', { studentId: aisha.id, lessonId: LESSON, assignmentId: assignment.id });
    assert.equal(a2.assignment?.attemptIndex, 2);
    await markAndCheck(h, a2.attempt.id);
    await value(h, 'handIn', { attemptId: a2.attempt.id });
    const sources2 = store.results.ofAttempt(a2.attempt.id).find((r) => r.exerciseId === 'sources')!.points!;
    assert.ok(sources2 > 0);

    const row = () => lessonResults(store, cls.id, LESSON).rows.find((r) => r.student.id === aisha.id)!;
    assert.equal(row().attemptId, a1.attempt.id);
    assert.equal(row().standing, 'attempt 1 of 2 · first counts');
    assert.equal(row().steps.find((s) => s.exerciseId === 'sources')!.points, 0);
    const book = gradebookTable(loadClassData(store, { classId: cls.id, lessonId: LESSON }));
    const col = book.header.findIndex((c) => typeof c === 'string' && c.endsWith(': Who is quoted, and how?'));
    const aishaRow = book.rows.find((r) => r[0] === 'Aisha Hansen')!;
    if (col > 0) assert.equal(aishaRow[col], 0);

    // The teacher changes the rule: the best attempt now counts.
    await value(h, 'saveAssignment', { classId: cls.id, lessonId: LESSON, assignmentId: assignment.id, opensAt: at(Date.now() - H), dueAt: null, maxAttempts: 3, counts: 'highest', keyShown: 'after-hand-in' }, t);
    assert.equal(row().attemptId, a2.attempt.id);
    assert.equal(row().standing, 'attempt 2 of 2 · highest counts');
    assert.equal(row().steps.find((s) => s.exerciseId === 'sources')!.points, sources2);

    // The review marks each attempt and says where this one stands.
    const review = await value<{ standing: string; otherAttempts: { id: string; counts: boolean; assignment: boolean }[] }>(h, 'reviewAttempt', { attemptId: a1.attempt.id }, t);
    assert.equal(review.standing, 'attempt 1 of 2 · highest counts');
    assert.deepEqual(
      review.otherAttempts.map((x) => [x.id, x.assignment, x.counts]).sort(),
      [[a1.attempt.id, true, false], [a2.attempt.id, true, true]].sort(),
    );
  });

  it('lists a class’s assignments with their state; one per class and lesson; bad settings and removal of started work refused', async () => {
    const { handlers: h, t, cls, aisha, assignment } = await assigned({ keyShown: 'after-hand-in' });
    const [a] = await value<{ id: string; phase: string; students: number; started: number; handedIn: number; keyOpen: boolean; lessonTitle: string }[]>(h, 'listAssignments', { classId: cls.id }, t);
    assert.equal(a!.id, assignment.id);
    assert.deepEqual([a!.phase, a!.students, a!.started, a!.handedIn], ['open', 2, 0, 0]);
    await refused(h, 'saveAssignment', { classId: cls.id, lessonId: LESSON, opensAt: at(Date.now()), dueAt: null, maxAttempts: 1, counts: 'first', keyShown: 'after-check' }, 'conflict', /already assigned/, t);
    await refused(
      h,
      'saveAssignment',
      { classId: cls.id, lessonId: LESSON, assignmentId: assignment.id, opensAt: at(Date.now()), dueAt: at(Date.now() - H), maxAttempts: 1, counts: 'first', keyShown: 'after-check' },
      'invalid_input',
      /due date must be after/,
      t,
    );
    // A student's call cannot assign or list.
    await refused(h, 'listAssignments', { classId: cls.id }, 'locked', /./);
    await value(h, 'openLesson', { studentId: aisha.id, lessonId: LESSON, assignmentId: assignment.id });
    await refused(h, 'deleteAssignment', { assignmentId: assignment.id }, 'conflict', /A student has started this assignment: close it instead/, t);
    const closed = await value<{ phase: string; handedIn: number }>(h, 'closeAssignment', { assignmentId: assignment.id }, t);
    assert.deepEqual([closed.phase, closed.handedIn], ['closed', 1]);
  });
});

describe('backups carry assignments (format version 3 and later)', () => {
  it('a class with an assignment and its attempts moves to an empty computer: the same assignment, the same attempts, the same counted grade', async () => {
    const { handlers: h, store, cls, aisha, assignment } = await assigned({ keyShown: 'after-hand-in', dueAt: null, maxAttempts: 2, counts: 'highest' });
    const a1 = await value<State>(h, 'openLesson', { studentId: aisha.id, lessonId: LESSON, assignmentId: assignment.id });
    await value(h, 'handIn', { attemptId: a1.attempt.id });
    const a2 = await value<State>(h, 'newAttempt', { studentId: aisha.id, lessonId: LESSON, assignmentId: assignment.id });
    await markAndCheck(h, a2.attempt.id);
    await value(h, 'handIn', { attemptId: a2.attempt.id });
    const practice = store.startAttempt(aisha.id, LESSON); // practice is never the grade, and comes along as practice
    const backup = await buildBackup(store, cls.id);
    assert.equal(backup.version, 4);
    assert.equal(backup.assignments.length, 1);
    assert.deepEqual(backup.attempts.map((x) => x.assignmentId).sort(), [assignment.id, assignment.id, null].sort());

    const there = backend();
    const report = importBackup(there.store, parseBackup(JSON.stringify(backup)));
    assert.equal(report.assignments, 1);
    const moved = there.store.assignments.get(assignment.id)!;
    assert.deepEqual([moved.classId, moved.lessonId, moved.counts, moved.maxAttempts, moved.keyShown], [cls.id, LESSON, 'highest', 2, 'after-hand-in']);
    assert.equal(there.store.attempt(practice.id).assignmentId, null);
    const row = lessonResults(there.store, cls.id, LESSON).rows.find((r) => r.student.id === aisha.id)!;
    assert.equal(row.attemptId, a2.attempt.id);
    assert.equal(row.standing, 'attempt 2 of 2 · highest counts');
    assert.equal(row.practiceAttempts, 1);
    // The same file again adds nothing.
    assert.equal(importBackup(there.store, parseBackup(JSON.stringify(backup))).assignments, 0);
  });

  it('is checked against what it claims: an older version with assignments, an attempt of an assignment not in the file, bad settings', async () => {
    const { handlers: h, store, cls, aisha, assignment } = await assigned({ keyShown: 'after-check', dueAt: null });
    await value(h, 'openLesson', { studentId: aisha.id, lessonId: LESSON, assignmentId: assignment.id });
    const good = await buildBackup(store, cls.id);
    const attempt = (f: (b: typeof good) => void) => {
      const b = structuredClone(good);
      f(b);
      return () => importBackup(backend().store, parseBackup(JSON.stringify(b)));
    };
    assert.throws(attempt((b) => (b.version = 2)), /says it is version 2, made before assignments existed, yet it has them/);
    assert.throws(attempt((b) => (b.assignments = [])), new RegExp(`was made for assignment ${assignment.id}, which the backup does not have`));
    assert.throws(attempt((b) => (b.assignments[0]!.dueAt = b.assignments[0]!.opensAt)), /The due date must be after the date it opens\. Nothing was imported\./);
    assert.throws(attempt((b) => (b.assignments[0]!.keyShown = 'after-due')), /give the assignment a due date/);
    assert.throws(attempt((b) => b.assignments.push({ ...b.assignments[0]!, id: 'another' })), /another assignment of the same lesson/);
  });
});

describe('handing in is explicit where the key is held back', () => {
  it('finishAttempt does not hand in an assignment attempt whose key is held; moving between steps of a handed-in attempt is allowed', async () => {
    const { handlers: h, aisha, assignment } = await assigned({ keyShown: 'after-hand-in', dueAt: null });
    const a = await value<State & { lesson: { exercises: { id: string }[] } }>(h, 'openLesson', { studentId: aisha.id, lessonId: LESSON, assignmentId: assignment.id });
    for (const ex of a.lesson.exercises) await value(h, 'checkStep', { attemptId: a.attempt.id, exerciseId: ex.id });
    await refused(h, 'finishAttempt', { attemptId: a.attempt.id }, 'conflict', /Hand this attempt in from its last screen/);
    const handed = await value<State>(h, 'handIn', { attemptId: a.attempt.id });
    assert.ok(handed.attempt.finishedAt);
    assert.equal(handed.keyHeld, null); // after hand-in the key is shown
    await value(h, 'setStep', { attemptId: a.attempt.id, step: 2 });
  });

  it('only an assignment is handed in: practice ends with its summary', async () => {
    const b = backend();
    const solo = await value<{ id: string }>(b.handlers, 'createStudent', { displayName: 'Solo' });
    const a = await value<State>(b.handlers, 'openLesson', { studentId: solo.id, lessonId: LESSON });
    assert.equal(a.assignment, null);
    await refused(b.handlers, 'handIn', { attemptId: a.attempt.id }, 'conflict', /Only an assignment is handed in/);
  });
});

describe('what a review of the rules found', () => {
  it('a practice attempt begun before the lesson was assigned cannot be checked while the assignment holds the key (its evidence step would open)', async () => {
    const b = backend();
    const t = teacher();
    const early = await value<{ id: string }>(b.handlers, 'createStudent', { displayName: 'Early Bird' });
    const practice = await value<State>(b.handlers, 'openLesson', { studentId: early.id, lessonId: LESSON });
    const cls = await value<{ id: string }>(b.handlers, 'createClass', { name: '9C' }, t);
    await value(b.handlers, 'saveAssignment', { classId: cls.id, lessonId: LESSON, opensAt: at(Date.now() - H), dueAt: at(Date.now() + 24 * H), maxAttempts: 1, counts: 'first', keyShown: 'after-due' }, t);
    await refused(b.handlers, 'checkStep', { attemptId: practice.attempt.id, exerciseId: 'sources' }, 'conflict', /your practice of it is kept, and goes on once that assignment closes/);
    await refused(b.handlers, 'putHighlight', { attemptId: practice.attempt.id, exerciseId: 'sources', highlight: { id: 'p1', start: 0, end: 4, label: 'named' } }, 'conflict', /assigned to a class/);
    assert.equal(b.store.results.ofAttempt(practice.attempt.id).length, 0);
  });

  it('a class backup leaves out attempts made for another class’s assignment, so it always imports', async () => {
    const { handlers: h, store, t, cls, aisha } = await assigned({ keyShown: 'after-check', dueAt: null });
    const other = await value<{ id: string }>(h, 'createClass', { name: 'Drama club' }, t);
    await value(h, 'enrollStudents', { classId: other.id, studentIds: [aisha.id] }, t);
    // The fixture has one lesson: the other class assigns it (9B's assignment, not started, is removed first).
    const a9b = store.assignments.ofClassLesson(cls.id, LESSON)!;
    await value(h, 'deleteAssignment', { assignmentId: a9b.id }, t);
    const drama = await value<{ id: string }>(h, 'saveAssignment', { classId: other.id, lessonId: LESSON, opensAt: at(Date.now() - H), dueAt: null, maxAttempts: null, counts: 'latest', keyShown: 'after-check' }, t);
    await value(h, 'openLesson', { studentId: aisha.id, lessonId: LESSON, assignmentId: drama.id });
    const backup = await buildBackup(store, cls.id);
    assert.equal(backup.attempts.length, 0);
    assert.equal(importBackup(backend().store, parseBackup(JSON.stringify(backup))).attempts, 0);
    assert.equal((await buildBackup(store, other.id)).attempts.length, 1);
  });

  it('the key is released only once the assignment is closed, and a release goes with a change of rule', async () => {
    const { handlers: h, store, t, cls, assignment } = await assigned({ keyShown: 'on-release', dueAt: null });
    await refused(h, 'releaseKey', { assignmentId: assignment.id }, 'conflict', /Close the assignment first/, t);
    await value(h, 'closeAssignment', { assignmentId: assignment.id }, t);
    await value(h, 'releaseKey', { assignmentId: assignment.id }, t);
    const s = store.assignments.get(assignment.id)!;
    assert.ok(s.keyReleasedAt);
    await value(h, 'saveAssignment', { classId: cls.id, lessonId: LESSON, assignmentId: assignment.id, opensAt: s.opensAt, dueAt: s.dueAt, maxAttempts: 1, counts: 'first', keyShown: 'after-hand-in' }, t);
    await value(h, 'saveAssignment', { classId: cls.id, lessonId: LESSON, assignmentId: assignment.id, opensAt: s.opensAt, dueAt: s.dueAt, maxAttempts: 1, counts: 'first', keyShown: 'on-release' }, t);
    assert.equal(store.assignments.get(assignment.id)!.keyReleasedAt, null);
  });

  it('a backup’s times are stored as UTC ISO (compared as text), and looking back at a handed-in attempt is not time spent', async () => {
    const { handlers: h, store, cls, aisha, assignment } = await assigned({ keyShown: 'after-check', dueAt: null });
    const backup = await buildBackup(store, cls.id);
    const opens = new Date(backup.assignments[0]!.opensAt);
    // The same instant written with an offset, as another program may.
    const local = new Date(opens.getTime() + 2 * H).toISOString().replace('Z', '+02:00');
    backup.assignments[0]!.opensAt = local;
    const there = backend();
    importBackup(there.store, parseBackup(JSON.stringify(backup)));
    assert.equal(there.store.assignments.get(assignment.id)!.opensAt, opens.toISOString());

    const a = await value<State>(h, 'openLesson', { studentId: aisha.id, lessonId: LESSON, assignmentId: assignment.id });
    await value(h, 'handIn', { attemptId: a.attempt.id });
    const before = store.attempt(a.attempt.id).updatedAt;
    await new Promise((r) => setTimeout(r, 5));
    await value(h, 'setStep', { attemptId: a.attempt.id, step: 1 });
    assert.equal(store.attempt(a.attempt.id).updatedAt, before);
    assert.equal(store.attempt(a.attempt.id).currentStep, 1);
  });
});
