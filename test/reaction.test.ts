// The first-reaction check (issue 19, item 5): unscored, asked before reading and at the
// end. The lesson format's flag, and the rules the server enforces whatever a client
// sends: a lesson that asks; "before" only until the first answer, "after" only once
// every step is checked; one of each, replaced; feelings from the list; words cleaned
// and bounded; in a live class and in an assignment too, never held back.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ClassroomManager } from '../src/core/classroom/manager.ts';
import { openDatabase } from '../src/core/db/open.ts';
import { Store } from '../src/core/db/store.ts';
import { ExportJobs } from '../src/core/export/jobs.ts';
import { parseLesson } from '../src/core/lessons/parse.ts';
import { dispatch } from '../src/core/services/dispatch.ts';
import { createHandlers } from '../src/core/services/lede-service.ts';
import { createTeacherHandlers, type CallContext } from '../src/core/services/teacher-service.ts';
import { lessonToJson } from '../src/cli/lesson-json.ts';
import { buildBackup } from '../src/core/export/backup-build.ts';
import { parseBackup, type Backup } from '../src/core/export/backup-format.ts';
import { importBackup } from '../src/core/export/backup-import.ts';
import { buildAnswerKeyHtml } from '../src/core/export/answer-key.ts';
import { loadLessonFile } from '../src/core/lessons/load.ts';
import { frontMatterOf, patchFrontMatter } from '../src/core/studio/patch.ts';
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { answerRows, loadClassData } from '../src/core/export/tables.ts';
import { cleanReactionWords, FEELINGS, MAX_REACTION_WORDS, reflectOnChange, SHARE_CHOICES, type Reaction } from '../src/shared/reaction.ts';
import { miniLesson, SEED_FILE } from './helpers.ts';
import { Client } from './http-client.ts';
import { classroomFixture } from './served-classroom.ts';

const WITH_REACTION = miniLesson().replace('title: A small lesson', 'title: A small lesson\nreaction: true');

function backend(source = WITH_REACTION) {
  const db = openDatabase(':memory:');
  const store = new Store(db);
  const r = parseLesson(source, 'mini.md');
  assert.ok(r.ok, JSON.stringify(r.problems));
  store.importLesson({ file: 'mini.md', lesson: r.lesson, source });
  const classroom = new ClassroomManager(store, { staticDir: '/nonexistent' });
  const handlers = { ...createHandlers(store), ...createTeacherHandlers({ store, jobs: new ExportJobs(store), classroom }) };
  return { db, store, handlers };
}

type Env = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };
const student = (): CallContext => ({ teacher: false, mayChoosePin: false, grantTeacher: () => {}, revokeTeacher: () => {} });
const teacher = (): CallContext => ({ teacher: true, mayChoosePin: false, grantTeacher: () => {}, revokeTeacher: () => {} });
const call = async (h: object, name: string, input: unknown, c: CallContext = student()) => (await dispatch(h as never, name, input, c)) as Env;
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
  lesson: { reaction?: boolean; text: string };
  reactions: Reaction[];
}
const rows = (db: ReturnType<typeof openDatabase>, attemptId: string) =>
  db.prepare('SELECT phase, feelings, share, words FROM reactions WHERE attempt_id = ? ORDER BY phase DESC').all(attemptId) as { phase: string; feelings: string; share: string; words: string }[];

async function opened(b: ReturnType<typeof backend>, name = 'Ines') {
  const s = await value<{ id: string }>(b.handlers, 'createStudent', { displayName: name });
  const state = await value<State>(b.handlers, 'openLesson', { studentId: s.id, lessonId: 'mini' });
  return { studentId: s.id, attemptId: state.attempt.id, state };
}

describe('the lesson format: reaction', () => {
  it('is off unless the file says reaction: true; lesson show --json says which', () => {
    const off = parseLesson(miniLesson(), 'mini.md');
    const on = parseLesson(WITH_REACTION, 'mini.md');
    assert.ok(off.ok && on.ok);
    assert.equal(off.lesson.reaction, undefined);
    assert.equal(on.lesson.reaction, true);
    assert.equal(lessonToJson(off.lesson).reaction, false);
    assert.equal(lessonToJson(on.lesson).reaction, true);
  });

  it('is on in the seed lesson, whose answer key prints every step as before (the check is no part of the key)', () => {
    const r = loadLessonFile(SEED_FILE);
    assert.ok(r.ok);
    assert.equal(r.loaded.lesson.reaction, true);
    const html = buildAnswerKeyHtml(r.loaded.lesson);
    for (const ex of r.loaded.lesson.exercises) assert.ok(html.includes(ex.title.replace(/&/g, '&amp;').replace(/'/g, '&#39;')), ex.title);
    assert.ok(!/first reaction|would you share/i.test(html));
  });

  it('the studio keeps it when saving other changes, and its checkbox adds or removes only that line', () => {
    const seed = readFileSync(SEED_FILE, 'utf8');
    const dataOf = (source: string) => parseDocument(frontMatterOf(source).text).toJS() as Record<string, unknown>;
    const retitled = patchFrontMatter(seed, { ...dataOf(seed), title: 'Another title' });
    assert.match(retitled, /^reaction: true$/m);
    const off = dataOf(seed);
    delete off.reaction;
    const without = patchFrontMatter(seed, off);
    assert.doesNotMatch(without, /^reaction:/m);
    assert.equal(seed.split('\n').length - without.split('\n').length, 1, 'one line removed');
    const parsed = parseLesson(without, 'seed.md');
    assert.ok(parsed.ok);
    assert.equal(parsed.lesson.reaction, undefined);
    const on = patchFrontMatter(miniLesson(), { ...dataOf(miniLesson()), reaction: true });
    const back = parseLesson(on, 'mini.md');
    assert.ok(back.ok);
    assert.equal(back.lesson.reaction, true);
  });

  it('anything but true or false is an error on its line', () => {
    for (const bad of ['yes', '"true"', '1', '{ prompt: hi }']) {
      const r = parseLesson(miniLesson().replace('title: A small lesson', `title: A small lesson\nreaction: ${bad}`), 'mini.md');
      assert.equal(r.ok, false, bad);
      if (!r.ok) {
        const p = r.problems.find((x) => /reaction must be true or false/.test(x.message));
        assert.ok(p, `${bad}: ${JSON.stringify(r.problems)}`);
        assert.equal(p.line, 5); // "---", lede, id, title, then reaction
      }
    }
  });
});

describe('the first reaction on the server', () => {
  const before = { phase: 'before', feelings: ['angry', 'shocked'], share: 'yes', words: 'They admitted it!' };

  it('before reading: saved, read back in the attempt, changed (one row), then closed by the first answer', async () => {
    const b = backend();
    const { attemptId, state } = await opened(b);
    assert.equal(state.lesson.reaction, true);
    assert.deepEqual(state.reactions, []);
    const saved = await value<Reaction>(b.handlers, 'putReaction', { attemptId, ...before });
    assert.deepEqual({ ...saved, at: '' }, { phase: 'before', feelings: ['angry', 'shocked'], share: 'yes', words: 'They admitted it!', at: '' });
    // Changed before the first answer: replaced, in the list's order, one row.
    await value(b.handlers, 'putReaction', { attemptId, ...before, feelings: ['shocked', 'curious', 'angry'], share: 'unsure' });
    assert.deepEqual(rows(b.db, attemptId), [{ phase: 'before', feelings: '["angry","shocked","curious"]', share: 'unsure', words: 'They admitted it!' }]);
    const again = await value<State>(b.handlers, 'getAttempt', { attemptId });
    assert.deepEqual(again.reactions.map((r) => [r.phase, r.share]), [['before', 'unsure']]);
    // The first highlight: no longer a first reaction.
    const start = again.lesson.text.indexOf('experts');
    await value(b.handlers, 'putHighlight', { attemptId, exerciseId: 'sources', highlight: { id: 'h1', start, end: start + 7, label: 'vague' } });
    await refused(b.handlers, 'putReaction', { attemptId, ...before }, 'conflict', /asked before you start: this attempt has answers already/);
    assert.equal(rows(b.db, attemptId)[0]!.share, 'unsure', 'the stored answer is unchanged');
  });

  it('a choice answer or a checked step closes it too', async () => {
    const b = backend();
    const a = await opened(b, 'Ada');
    await value(b.handlers, 'putResponse', { attemptId: a.attemptId, exerciseId: 'q', answer: { choices: ['a'] } });
    await refused(b.handlers, 'putReaction', { attemptId: a.attemptId, ...before }, 'conflict', /answers already/);
    const c = await opened(b, 'Cai');
    await value(b.handlers, 'checkStep', { attemptId: c.attemptId, exerciseId: 'sources' });
    await refused(b.handlers, 'putReaction', { attemptId: c.attemptId, ...before }, 'conflict', /answers already/);
    assert.deepEqual(rows(b.db, a.attemptId), []);
  });

  it('at the end: refused with steps left (saying how many), accepted once every step is checked, and changeable after finishing', async () => {
    const b = backend();
    const { attemptId } = await opened(b);
    const after = { phase: 'after', feelings: ['doubtful'], share: 'no', words: '' };
    await refused(b.handlers, 'putReaction', { attemptId, ...after }, 'conflict', /once every step is checked: 2 steps are not checked yet/);
    await value(b.handlers, 'checkStep', { attemptId, exerciseId: 'sources' });
    await refused(b.handlers, 'putReaction', { attemptId, ...after }, 'conflict', /1 step is not checked yet/);
    await value(b.handlers, 'checkStep', { attemptId, exerciseId: 'q' });
    await value(b.handlers, 'putReaction', { attemptId, ...after });
    await value(b.handlers, 'finishAttempt', { attemptId });
    await value(b.handlers, 'putReaction', { attemptId, ...after, share: 'comment', words: 'Only to say it is misquoted' });
    assert.deepEqual(rows(b.db, attemptId), [{ phase: 'after', feelings: '["doubtful"]', share: 'comment', words: 'Only to say it is misquoted' }]);
    // Never scored: the attempt's points are its steps' alone.
    const results = b.db.prepare('SELECT count(*) FROM results WHERE attempt_id = ?').pluck().get(attemptId);
    assert.equal(results, 2);
  });

  it('a lesson that does not ask refuses it; an attempt that does not exist is not found', async () => {
    const b = backend(miniLesson());
    const { attemptId, state } = await opened(b);
    assert.equal(state.lesson.reaction, undefined);
    assert.deepEqual(state.reactions, []);
    await refused(b.handlers, 'putReaction', { attemptId, ...before }, 'conflict', /does not ask for your first reaction/);
    await refused(b.handlers, 'putReaction', { attemptId: 'nope', ...before }, 'not_found', /attempt does not exist/);
  });

  it('feelings only from the list, one to three; a share choice from its list', async () => {
    const b = backend();
    const { attemptId } = await opened(b);
    await refused(b.handlers, 'putReaction', { attemptId, ...before, feelings: [] }, 'invalid_input', /at least one feeling/);
    await refused(b.handlers, 'putReaction', { attemptId, ...before, feelings: ['angry', 'sad', 'worried', 'amused'] }, 'invalid_input', /at most 3 feelings/);
    await refused(b.handlers, 'putReaction', { attemptId, ...before, feelings: ['furious'] }, 'invalid_input', /“furious” is not one of the feelings/);
    await refused(b.handlers, 'putReaction', { attemptId, ...before, feelings: ['<script>'] }, 'invalid_input', /not one of the feelings/);
    await refused(b.handlers, 'putReaction', { attemptId, ...before, share: 'maybe' }, 'invalid_input', /share/);
    await refused(b.handlers, 'putReaction', { attemptId, ...before, phase: 'during' }, 'invalid_input', /phase/);
    // The same feeling twice is one.
    const r = await value<Reaction>(b.handlers, 'putReaction', { attemptId, ...before, feelings: ['sad', 'sad', 'sad', 'sad'] });
    assert.deepEqual(r.feelings, ['sad']);
  });

  it('words: at most 200 characters as a reader counts them; invisible and reordering characters removed; control characters refused', async () => {
    const b = backend();
    const { attemptId } = await opened(b);
    await refused(b.handlers, 'putReaction', { attemptId, ...before, words: 'x'.repeat(MAX_REACTION_WORDS + 1) }, 'invalid_input', /to 200 characters; these have 201/);
    await refused(b.handlers, 'putReaction', { attemptId, ...before, words: 'x'.repeat(5000) }, 'invalid_input', /200 characters/);
    await refused(b.handlers, 'putReaction', { attemptId, ...before, words: 'bell\u0007' }, 'invalid_input', /control characters/);
    // 200 emoji families (7 code points each) are 200 characters as seen, but beyond what the database stores.
    await refused(b.handlers, 'putReaction', { attemptId, ...before, words: '👩‍👩‍👧‍👦'.repeat(200) }, 'invalid_input', /too many accents or joined symbols/);
    const r = await value<Reaction>(b.handlers, 'putReaction', { attemptId, ...before, words: '  Not \u202Esure\u202C,\n\n really\u200B  👩🏽‍🎓 ' });
    assert.equal(r.words, 'Not sure, really 👩🏽‍🎓');
    const ok = await value<Reaction>(b.handlers, 'putReaction', { attemptId, ...before, words: 'é'.repeat(200) });
    assert.equal(ok.words.length, 200);
  });

  it('property: whatever words are sent, what is stored has no control, bidi or invisible characters and is within the limits', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (raw) => {
        let words: string;
        try {
          words = cleanReactionWords(raw);
        } catch {
          return true;
        }
        assert.ok(!/[\p{Cc}\p{Bidi_Control}]/u.test(words), JSON.stringify(words));
        assert.equal(words, words.trim());
        assert.ok([...words].length <= 1000);
        assert.ok(!/\s\s/u.test(words));
        return true;
      }),
    );
  });

  it('the database refuses what the server never writes', () => {
    const b = backend();
    const s = b.store.createStudent('Zed');
    const a = b.store.startAttempt(s.id, 'mini');
    const put = b.db.prepare(`INSERT INTO reactions (attempt_id, phase, feelings, share, words, at) VALUES (?, ?, ?, ?, ?, 'now')`);
    assert.throws(() => put.run(a.id, 'during', '["sad"]', 'no', ''), /CHECK constraint/);
    assert.throws(() => put.run(a.id, 'before', '[]', 'no', ''), /CHECK constraint/);
    assert.throws(() => put.run(a.id, 'before', '["a","b","c","d"]', 'no', ''), /CHECK constraint/);
    assert.throws(() => put.run(a.id, 'before', 'sad', 'no', ''), /CHECK constraint|malformed JSON/);
    assert.throws(() => put.run(a.id, 'before', '["sad"]', 'maybe', ''), /CHECK constraint/);
    assert.throws(() => put.run(a.id, 'before', '["sad"]', 'no', 'x'.repeat(1001)), /CHECK constraint/);
    assert.throws(() => put.run('no-such-attempt', 'before', '["sad"]', 'no', ''), /FOREIGN KEY/);
    put.run(a.id, 'before', '["sad"]', 'no', '');
    assert.throws(() => put.run(a.id, 'before', '["sad"]', 'no', ''), /UNIQUE|PRIMARY KEY/);
  });
});

describe('the first reaction in an assignment', () => {
  async function assigned() {
    const b = backend();
    const t = teacher();
    const cls = await value<{ id: string }>(b.handlers, 'createClass', { name: '9B' }, t);
    const aisha = await value<{ id: string }>(b.handlers, 'addStudent', { classId: cls.id, displayName: 'Aisha Hansen' }, t);
    const H = 3600_000;
    const assignment = await value<{ id: string }>(
      b.handlers,
      'saveAssignment',
      { classId: cls.id, lessonId: 'mini', opensAt: new Date(Date.now() - H).toISOString(), dueAt: new Date(Date.now() + 24 * H).toISOString(), maxAttempts: 1, counts: 'first', keyShown: 'after-due' },
      t,
    );
    const state = await value<State>(b.handlers, 'openLesson', { studentId: aisha.id, lessonId: 'mini', assignmentId: assignment.id });
    return { ...b, attemptId: state.attempt.id };
  }

  it('before and after are taken with the key held; the after answer after handing in too; neither is held back', async () => {
    const b = await assigned();
    await value(b.handlers, 'putReaction', { attemptId: b.attemptId, ...{ phase: 'before', feelings: ['worried'], share: 'unsure' } });
    await refused(b.handlers, 'putReaction', { attemptId: b.attemptId, phase: 'after', feelings: ['doubtful'], share: 'no' }, 'conflict', /2 steps are not checked yet/);
    const handed = await value<State & { keyHeld: unknown }>(b.handlers, 'handIn', { attemptId: b.attemptId });
    assert.ok(handed.keyHeld, 'the key is held until the due date');
    await refused(b.handlers, 'putReaction', { attemptId: b.attemptId, phase: 'before', feelings: ['sad'], share: 'no' }, 'conflict', /handed this attempt in/);
    await value(b.handlers, 'putReaction', { attemptId: b.attemptId, phase: 'after', feelings: ['doubtful'], share: 'no' });
    const state = await value<State>(b.handlers, 'getAttempt', { attemptId: b.attemptId });
    assert.deepEqual(state.reactions.map((r) => [r.phase, r.feelings.join(), r.share]), [['before', 'worried', 'unsure'], ['after', 'doubtful', 'no']]);
  });
});

describe('reflecting on the change (never “wrong”)', () => {
  const r = (feelings: Reaction['feelings'], share: Reaction['share']): Reaction => ({ phase: 'before', feelings, share, words: '', at: '' });

  it('says what changed, by hand', () => {
    assert.equal(reflectOnChange(r(['angry'], 'yes'), undefined), null);
    assert.equal(
      reflectOnChange(r(['angry', 'shocked'], 'yes'), r(['doubtful'], 'no')),
      'At first you felt angry and shocked; now you feel doubtful. You would have shared it at first, and now you would not, or are not sure: what made the difference?',
    );
    assert.equal(
      reflectOnChange(r(['curious'], 'no'), r(['curious'], 'no')),
      'You felt curious both times. Your answer about sharing it is the same (no): looking closely can confirm a first reaction as well as change it.',
    );
    assert.equal(reflectOnChange(r(['unmoved'], 'unsure'), r(['worried'], 'comment')), 'At first you felt not much; now you feel worried. You would share it now, and would not at first: what did you find that changed your mind?');
  });

  it('property: every pair of answers gets one line, and none calls an answer wrong', () => {
    const reaction = fc.record({
      phase: fc.constant('before' as const),
      feelings: fc.uniqueArray(fc.constantFrom(...FEELINGS), { minLength: 1, maxLength: 3 }),
      share: fc.constantFrom(...SHARE_CHOICES),
      words: fc.constant(''),
      at: fc.constant(''),
    });
    fc.assert(
      fc.property(reaction, reaction, (a, b) => {
        const line = reflectOnChange(a, b);
        assert.ok(line && line.length > 20);
        assert.ok(!/\b(wrong|right|correct|mistake|should)\b/i.test(line), line);
      }),
    );
  });
});

describe('the first reaction in a class backup', () => {
  /** A class 9B whose student answered before and after, and the backup of it. */
  async function backedUp() {
    const b = backend();
    const t = teacher();
    const cls = await value<{ id: string }>(b.handlers, 'createClass', { name: '9B' }, t);
    const s = await value<{ id: string }>(b.handlers, 'addStudent', { classId: cls.id, displayName: 'Aisha Hansen' }, t);
    const state = await value<State>(b.handlers, 'openLesson', { studentId: s.id, lessonId: 'mini' });
    const attemptId = state.attempt.id;
    await value(b.handlers, 'putReaction', { attemptId, phase: 'before', feelings: ['angry'], share: 'yes', words: 'So wrong!' });
    for (const exerciseId of ['sources', 'q']) await value(b.handlers, 'checkStep', { attemptId, exerciseId });
    await value(b.handlers, 'putReaction', { attemptId, phase: 'after', feelings: ['doubtful', 'curious'], share: 'unsure' });
    const backup = parseBackup(JSON.stringify(await buildBackup(b.store, cls.id)));
    return { b, cls, attemptId, backup };
  }
  const fresh = () => backend().store;
  const copy = (x: Backup): Backup => JSON.parse(JSON.stringify(x)) as Backup;

  it('carries both answers, and importing it on another computer stores them as they were (twice: nothing more)', async () => {
    const { b, attemptId, backup } = await backedUp();
    assert.deepEqual(backup.attempts[0]!.reactions.map((r) => [r.phase, r.feelings, r.share, r.words]), [
      ['before', ['angry'], 'yes', 'So wrong!'],
      ['after', ['curious', 'doubtful'], 'unsure', ''],
    ]);
    const other = fresh();
    importBackup(other, copy(backup));
    importBackup(other, copy(backup));
    assert.deepEqual(other.reactions.ofAttempt(attemptId), b.store.reactions.ofAttempt(attemptId));
    assert.equal(other.reactions.ofAttempt(attemptId).length, 2);
  });

  it('the answers CSV has a row per answer: share in Label, the feelings and words in Text, “not scored”', async () => {
    const { b, cls } = await backedUp();
    const rows: unknown[][] = [];
    for await (const row of answerRows(b.store, loadClassData(b.store, { classId: cls.id, lessonId: 'mini' }))) rows.push(row);
    assert.deepEqual(
      rows.filter((r) => r[5] === 'reaction').map((r) => r.slice(4)),
      [
        ['First reaction (before reading)', 'reaction', 'Yes, as it is', null, null, 'Angry: So wrong!', 'not scored', null, null],
        ['First reaction (at the end)', 'reaction', 'Not sure', null, null, 'Curious, Doubtful', 'not scored', null, null],
      ],
    );
  });

  it('a backup made before the check existed (no reactions field) still imports', async () => {
    const { attemptId, backup } = await backedUp();
    const old = copy(backup) as unknown as { attempts: Record<string, unknown>[] };
    delete old.attempts[0]!.reactions;
    const other = fresh();
    importBackup(other, parseBackup(JSON.stringify(old)));
    assert.deepEqual(other.reactions.ofAttempt(attemptId), []);
  });

  it('each record is checked as the server checks a student’s answer: one bad record refuses the file, and nothing is stored', async () => {
    const { backup } = await backedUp();
    const bad: [string, (x: Backup) => void, RegExp][] = [
      ['a feeling not on the list', (x) => (x.attempts[0]!.reactions[0]!.feelings = ['furious']), /first reaction before reading: “furious” is not one of the feelings/],
      ['four feelings', (x) => (x.attempts[0]!.reactions[0]!.feelings = ['angry', 'sad', 'worried', 'amused']), /at most 3 feelings/],
      ['no feeling', (x) => (x.attempts[0]!.reactions[1]!.feelings = []), /first reaction at the end: Choose at least one feeling/],
      ['words too long', (x) => (x.attempts[0]!.reactions[0]!.words = 'x'.repeat(201)), /200 characters; these have 201/],
      ['a control character', (x) => (x.attempts[0]!.reactions[0]!.words = 'a\u0000b'), /control characters/],
      ['a phase twice', (x) => x.attempts[0]!.reactions.push({ ...x.attempts[0]!.reactions[0]! }), /before reading: given twice|damaged/],
      ['the end answer with a step not checked', (x) => (x.attempts[0]!.results = x.attempts[0]!.results.filter((r) => r.exerciseId !== 'q')), /at the end: it is asked once every step is checked, but a step has no result/],
    ];
    for (const [what, change, message] of bad) {
      const x = copy(backup);
      change(x);
      const other = fresh();
      assert.throws(() => importBackup(other, parseBackup(JSON.stringify(x))), (err: Error) => message.test(err.message) && /Nothing was imported/.test(err.message), what);
      assert.equal(other.listStudents().length, 0, `${what}: nothing stored`);
    }
    // A share choice not on the list, or a third record, is damage to the file itself.
    const share = copy(backup) as unknown as { attempts: { reactions: { share: string }[] }[] };
    share.attempts[0]!.reactions[0]!.share = 'maybe';
    assert.throws(() => parseBackup(JSON.stringify(share)), /damaged: attempt 1 of student “Aisha Hansen”, first reaction 1, share/);
  });

  it('a lesson that does not ask for a first reaction cannot be given one by a backup', async () => {
    const b = backend(miniLesson());
    const t = teacher();
    const cls = await value<{ id: string }>(b.handlers, 'createClass', { name: '9C' }, t);
    const s = await value<{ id: string }>(b.handlers, 'addStudent', { classId: cls.id, displayName: 'Ben Okafor' }, t);
    await value<State>(b.handlers, 'openLesson', { studentId: s.id, lessonId: 'mini' });
    const backup = copy(await buildBackup(b.store, cls.id));
    backup.attempts[0]!.reactions = [{ phase: 'before', feelings: ['sad'], share: 'no', words: '', at: new Date().toISOString() }];
    assert.throws(() => importBackup(backend(miniLesson()).store, parseBackup(JSON.stringify(backup))), /Attempt 1 of student “Ben Okafor”: it has a first reaction, but its lesson does not ask for one/);
  });
});

describe('the first reaction in the class results', () => {
  it('summarises the attempts shown: answered, would share, feelings, changed minds', async () => {
    const b = backend();
    const t = teacher();
    const cls = await value<{ id: string }>(b.handlers, 'createClass', { name: '9D' }, t);
    const ids: string[] = [];
    for (const name of ['Ada', 'Ben', 'Cai']) ids.push((await value<{ id: string }>(b.handlers, 'addStudent', { classId: cls.id, displayName: name }, t)).id);
    const attempt = async (i: number) => (await value<State>(b.handlers, 'openLesson', { studentId: ids[i]!, lessonId: 'mini' })).attempt.id;
    const finish = async (id: string) => {
      for (const exerciseId of ['sources', 'q']) await value(b.handlers, 'checkStep', { attemptId: id, exerciseId });
    };
    const [ada, ben] = [await attempt(0), await attempt(1)];
    // Ada: would share, then not. Ben: would not, both times. Cai: not started.
    await value(b.handlers, 'putReaction', { attemptId: ada, phase: 'before', feelings: ['angry', 'shocked'], share: 'comment' });
    await value(b.handlers, 'putReaction', { attemptId: ben, phase: 'before', feelings: ['angry'], share: 'no' });
    await finish(ada);
    await finish(ben);
    await value(b.handlers, 'putReaction', { attemptId: ada, phase: 'after', feelings: ['doubtful'], share: 'no' });
    await value(b.handlers, 'putReaction', { attemptId: ben, phase: 'after', feelings: ['doubtful'], share: 'no' });
    const r = await value<{ reactions: { students: number; both: number; changedShare: number; before: { answered: number; share: Record<string, number>; feelings: Record<string, number> }; after: { answered: number; share: Record<string, number> } } }>(
      b.handlers,
      'classResults',
      { classId: cls.id, lessonId: 'mini' },
      t,
    );
    assert.equal(r.reactions.students, 2);
    assert.equal(r.reactions.before.answered, 2);
    assert.deepEqual(r.reactions.before.share, { yes: 0, comment: 1, no: 1, unsure: 0 });
    assert.equal(r.reactions.before.feelings.angry, 2);
    assert.equal(r.reactions.before.feelings.shocked, 1);
    assert.deepEqual(r.reactions.after.share, { yes: 0, comment: 0, no: 2, unsure: 0 });
    assert.equal(r.reactions.both, 2);
    assert.equal(r.reactions.changedShare, 1);
    // The review of one student: both answers.
    const review = await value<{ reactions: Reaction[] }>(b.handlers, 'reviewAttempt', { attemptId: ada }, t);
    assert.deepEqual(review.reactions.map((x) => [x.phase, x.share]), [['before', 'comment'], ['after', 'no']]);
  });

  it('is null for a lesson that does not ask', async () => {
    const b = backend(miniLesson());
    const t = teacher();
    const cls = await value<{ id: string }>(b.handlers, 'createClass', { name: '9E' }, t);
    const r = await value<{ reactions: unknown }>(b.handlers, 'classResults', { classId: cls.id, lessonId: 'mini' }, t);
    assert.equal(r.reactions, null);
  });
});

describe('the first reaction in a live class', () => {
  it('a seat answers its own attempt’s; refused for another’s, while paused and once the session has ended', async () => {
    const f = classroomFixture('9L', ['Lia', 'Max']);
    const r = parseLesson(WITH_REACTION, 'mini.md');
    assert.ok(r.ok);
    f.store.importLesson({ file: 'mini.md', lesson: r.lesson, source: WITH_REACTION });
    const info = await f.manager.start({ classId: f.cls.id, lessonId: 'mini', host: '127.0.0.1', allowNewNames: false });
    try {
      f.manager.control(info.id, 'student-paced');
      const lia = new Client(info.urls[0]!);
      const max = new Client(info.urls[0]!, '127.0.0.2');
      const picked = await lia.call('classroomPick', { code: info.joinCode, studentId: f.ids[0] });
      assert.equal(picked.status, 200);
      const attemptId = picked.body.value.attempt.attempt.id as string;
      assert.equal(picked.body.value.attempt.lesson.reaction, true);
      await max.call('classroomPick', { code: info.joinCode, studentId: f.ids[1] });
      const before = { attemptId, phase: 'before', feelings: ['worried'], share: 'unsure' };
      const other = await max.call('putReaction', before);
      assert.equal(other.status, 403);
      assert.match(other.body.error.message, /only see and change your own/);
      assert.equal((await lia.call('putReaction', before)).status, 200);
      f.manager.control(info.id, 'pause');
      const paused = await lia.call('putReaction', { ...before, share: 'no' });
      assert.equal(paused.body.error.code, 'paused');
      f.manager.control(info.id, 'resume');
      await f.manager.end(info.id);
      const ended = await lia.call('putReaction', { ...before, phase: 'after' });
      assert.equal(ended.status, 409);
      assert.match(ended.body.error.message, /The session has ended/);
      assert.equal(f.db.prepare('SELECT share FROM reactions WHERE attempt_id = ?').pluck().get(attemptId), 'unsure');
      assert.equal(f.db.prepare('SELECT count(*) FROM reactions').pluck().get(), 1);
    } finally {
      await f.manager.close();
    }
  });
});
