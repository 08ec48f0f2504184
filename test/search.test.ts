import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { lessonToJson } from '../src/cli/lesson-json.ts';
import { scoreToJson, scoreToText } from '../src/cli/score-report.ts';
import { ClassroomManager } from '../src/core/classroom/manager.ts';
import { openDatabase } from '../src/core/db/open.ts';
import { Store } from '../src/core/db/store.ts';
import { buildAnswerKeyHtml } from '../src/core/export/answer-key.ts';
import { buildBackup } from '../src/core/export/backup-build.ts';
import { parseBackup } from '../src/core/export/backup-format.ts';
import { importBackup } from '../src/core/export/backup-import.ts';
import { ExportJobs } from '../src/core/export/jobs.ts';
import { answerRows, loadClassData } from '../src/core/export/tables.ts';
import { loadLessonFile } from '../src/core/lessons/load.ts';
import { parseLesson } from '../src/core/lessons/parse.ts';
import { SEARCH_LIMITS } from '../src/core/lessons/schema.ts';
import { lessonForAttempt } from '../src/core/lessons/shuffle.ts';
import { AnswerError, scoreAttempt } from '../src/core/scoring/attempt.ts';
import { clickCredit, questionCredit, scoreSearch } from '../src/core/scoring/search.ts';
import { dispatch } from '../src/core/services/dispatch.ts';
import { createHandlers } from '../src/core/services/lede-service.ts';
import { createTeacherHandlers, type CallContext } from '../src/core/services/teacher-service.ts';
import { createSampleClass } from '../src/core/teacher/sample.ts';
import { toPublicLesson, type Lesson, type SearchExercise } from '../src/shared/lesson.ts';
import { searchOutcome } from '../src/renderer/src/features/exercises/search-outcome.ts';
import { ROOT, SEED_FILE, tempDir } from './helpers.ts';

// Search steps (lateral reading, click restraint): on a simulated results page the
// student chooses which result to open first for a goal, and why.

const FIXTURE = join(ROOT, 'test', 'fixtures', 'lessons', 'search-practice.md');
const SOURCE = readFileSync(FIXTURE, 'utf8');

function load(file = FIXTURE): Lesson {
  const r = loadLessonFile(file);
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
  return r.loaded.lesson;
}
const searchOf = (l: Lesson) => l.exercises.find((e): e is SearchExercise => e.kind === 'search')!;

/** The problems of the fixture with `from` replaced by `to` (which must occur in it). */
function problems(from: string | RegExp, to: string): string[] {
  assert.ok(typeof from === 'string' ? SOURCE.includes(from) : from.test(SOURCE), `the fixture has ${String(from)}`);
  const r = parseLesson(SOURCE.replace(from, to), 'search-practice.md');
  assert.equal(r.ok, false, 'the edited lesson is refused');
  return r.problems.map((p) => `line ${p.line}: ${p.message}`);
}

describe('a search step in a lesson file', () => {
  it('parses: pages, results, questions, partial credit, feedback for every result, reasons; points and reason share', () => {
    const ex = searchOf(load());
    assert.equal(ex.points, 6);
    assert.equal(ex.reasonShare, 0.5, 'the default reason share is one half');
    assert.deepEqual(ex.pages.map((p) => [p.id, p.results.map((r) => r.id)]), [
      ['headline', ['gazette', 'about', 'share']],
      ['report', ['council', 'blog']],
    ]);
    assert.equal(ex.pages[1]!.results[0]!.fixed, true);
    assert.equal(ex.pages[0]!.results[0]!.url, 'riverside-gazette.example › news › bridge-safe', 'an address is kept as text');
    const [publisher, source] = ex.questions;
    assert.deepEqual([publisher!.page, publisher!.best, publisher!.partial], ['headline', 'gazette', { about: 0.5 }]);
    assert.deepEqual(Object.keys(publisher!.feedback), ['gazette', 'about', 'share']);
    assert.deepEqual(source!.reasons.map((r) => [r.id, r.correct, r.fixed ?? false]), [
      ['original', true, false],
      ['easier', false, false],
      ['none', false, true],
    ]);
  });

  it('without points, a step is worth 2 per question; one page needs no "page:" on its questions', () => {
    const one = SOURCE.replace('    points: 6\n', '').replace(/      - id: report\n[\s\S]*?(?=    questions:)/, '').replace(/      - id: source\n[\s\S]*?(?=  - id: sources)/, '').replace('        page: headline\n', '');
    const r = parseLesson(one, 'one.md');
    assert.ok(r.ok, r.ok ? '' : r.problems.map((p) => p.message).join('\n'));
    const ex = searchOf(r.lesson);
    assert.equal(ex.points, 2);
    assert.equal(ex.questions[0]!.page, 'headline');
  });

  it('refuses a question without a best result, naming it', () => {
    const p = problems('        best: gazette\n', '');
    assert.equal(p.length, 1, p.join('\n'));
    assert.match(p[0]!, /^line \d+: exercise "leave": question "publisher" needs a best result \("best: <result id>"\): the one to open first$/);
  });

  it('refuses duplicate ids of pages, results, questions and reasons', () => {
    assert.match(problems('id: about\n', 'id: gazette\n').join('\n'), /page "headline": result id "gazette" is used more than once/);
    assert.match(problems('- id: report\n', '- id: headline\n').join('\n'), /page id "headline" is used more than once/);
    assert.match(problems('- id: source\n', '- id: publisher\n').join('\n'), /question id "publisher" is used more than once/);
    assert.match(problems('- id: easier\n', '- id: original\n').join('\n'), /question "source": reason id "original" is used more than once/);
  });

  it('refuses a best, partial or feedback entry for a result not on the question’s page, partial credit for the best, and missing feedback', () => {
    assert.match(problems('best: gazette', 'best: council').join('\n'), /question "publisher": best result "council" is not on page "headline" \(its results are gazette, about, share\)/);
    assert.match(problems('about: 0.5', 'blog: 0.5').join('\n'), /partial credit for "blog", which is not on page "headline"/);
    assert.match(problems('about: 0.5', 'gazette: 0.5').join('\n'), /"gazette" is the best result \(full credit\): leave it out of partial/);
    assert.match(problems('          share: A post sharing it says who shared it, not who published it.\n', '').join('\n'), /question "publisher": no feedback for "share": say why each result is a good or poor first click/);
    assert.match(problems('          blog: A summary of a report is not the report.\n', '          blog: A summary.\n          nope: Not here.\n').join('\n'), /feedback for "nope", which is not on page "report"/);
    assert.match(problems('        page: report\n', '        page: elsewhere\n').join('\n'), /question "source": unknown page "elsewhere" \(pages are headline, report\)/);
    assert.match(problems('        page: report\n', '').join('\n'), /question "source" must say which results page it is about \("page: headline" or "page: report"\)/);
  });

  it('refuses partial credit of 1 or more, 0 or less; a question with no right reason, or one reason only', () => {
    assert.match(problems('about: 0.5', 'about: 1').join('\n'), /a partial credit must be less than 1 \(the best result earns 1\)/);
    assert.match(problems('about: 0.5', 'about: 0').join('\n'), /a partial credit must be more than 0/);
    assert.match(problems(/(- id: original\n\s+text: It is the original document\.\n\s+)correct: true\n/, '$1correct: false\n').join('\n'), /question "source": mark at least one reason "correct: true"/);
    assert.match(problems(/          - id: top\n            text: It is at the top\.\n            feedback: Rank is not reliability\.\n/, '').join('\n'), /a search question needs at least two reasons to choose from/);
  });

  it('sets and enforces limits: results on a page, reasons, text lengths, the reason share; ids as everywhere', () => {
    const many = Array.from({ length: SEARCH_LIMITS.results + 1 }, (_, i) => `          - id: extra-${i}\n            title: Extra ${i}\n            url: extra.example\n            snippet: More.\n`).join('');
    assert.match(problems('      - id: report\n', `${many}      - id: report\n`).join('\n'), new RegExp(`a results page may list at most ${SEARCH_LIMITS.results} results`));
    assert.match(problems('snippet: A local weekly paper.', `snippet: ${'x'.repeat(SEARCH_LIMITS.snippet + 1)}`).join('\n'), new RegExp(`snippet must be at most ${SEARCH_LIMITS.snippet} characters`));
    assert.match(problems('title: About the Riverside Gazette', `title: ${'x'.repeat(SEARCH_LIMITS.title + 1)}`).join('\n'), new RegExp(`title must be at most ${SEARCH_LIMITS.title} characters`));
    assert.match(problems('query: riverside council bridge inspection report', `query: ${'q'.repeat(SEARCH_LIMITS.query + 1)}`).join('\n'), new RegExp(`query must be at most ${SEARCH_LIMITS.query} characters`));
    const reasons = Array.from({ length: SEARCH_LIMITS.reasons }, (_, i) => `          - id: r-${i}\n            text: Reason ${i}.\n            feedback: F.\n`).join('');
    assert.match(problems(/(          - id: top\n)/, `${reasons}$1`).join('\n'), new RegExp(`a search question may offer at most ${SEARCH_LIMITS.reasons} reasons`));
    assert.match(problems('    kind: search\n', '    kind: search\n    reasonShare: 2\n').join('\n'), /reasonShare must be at most 1/);
    assert.match(problems('          - id: share\n', '          - id: Share It\n').join('\n'), /must be lower-case letters, digits and single hyphens/);
  });
});

describe('scoring a search step (hand-computed)', () => {
  const ex = searchOf(load());
  it('the best click earns the question, an acceptable one its share, a poor one nothing; the reason is worth half of what the click earns', () => {
    const [publisher, source] = ex.questions as [SearchExercise['questions'][number], SearchExercise['questions'][number]];
    assert.equal(clickCredit(publisher, 'gazette'), 1);
    assert.equal(clickCredit(publisher, 'about'), 0.5);
    assert.equal(clickCredit(publisher, 'share'), 0);
    assert.equal(clickCredit(publisher, undefined), 0);
    assert.equal(questionCredit(publisher, 0.5, { result: 'gazette', reason: 'address' }), 1);
    assert.equal(questionCredit(publisher, 0.5, { result: 'gazette', reason: 'top' }), 0.5, 'best click, wrong reason: half');
    assert.equal(questionCredit(publisher, 0.5, { result: 'gazette' }), 0.5, 'best click, no reason: half');
    assert.equal(questionCredit(publisher, 0.5, { result: 'about', reason: 'address' }), 0.5, 'acceptable (½) with the right reason: ½');
    assert.equal(questionCredit(publisher, 0.5, { result: 'about', reason: 'top' }), 0.25, 'acceptable (½), wrong reason: ½ × ½');
    assert.equal(questionCredit(publisher, 0.5, { result: 'share', reason: 'address' }), 0, 'a right reason for a poor click earns nothing');
    assert.equal(questionCredit(source, 0.25, { result: 'council', reason: 'easier' }), 0.75, 'a reason share of a quarter');
    assert.equal(questionCredit(source, 0, { result: 'council', reason: 'easier' }), 1, 'reasons worth nothing');
    assert.equal(questionCredit(source, 1, { result: 'council', reason: 'easier' }), 0, 'reasons worth everything');
  });

  it('the step is the mean of its questions: (½ + 1) ÷ 2 = ¾ of it', () => {
    // publisher: acceptable (½) with the right reason = ½; source: the best click with the right reason = 1.
    const r = scoreSearch(ex, { publisher: { result: 'about', reason: 'address' }, source: { result: 'council', reason: 'original' } });
    assert.deepEqual(r.questions.map((q) => [q.id, q.result, q.reason, q.clickCredit, q.credit]), [
      ['publisher', 'about', 'address', 0.5, 0.5],
      ['source', 'council', 'original', 1, 1],
    ]);
    assert.equal(r.fraction, 0.75);
    const lesson = load();
    const score = scoreAttempt(lesson, { leave: { search: { publisher: { result: 'gazette', reason: 'top' }, source: { result: 'council', reason: 'original' } } } });
    const step = score.exercises.find((e) => e.exerciseId === 'leave')!;
    assert.equal(step.points, 4.5); // (½ + 1) ÷ 2 × 6
    // Feedback for every result of the page, with what it earns and why.
    assert.ok(step.kind === 'search');
    assert.deepEqual(step.search.questions[0]!.results.map((x) => [x.id, x.credit, x.feedback]), [
      ['gazette', 1, "The story itself, on its publisher's site."],
      ['about', 0.5, 'About the paper, one step away from the story.'],
      ['share', 0, 'A post sharing it says who shared it, not who published it.'],
    ]);
    assert.deepEqual(scoreSearch(ex, {}).fraction, 0, 'nothing chosen earns nothing');
    assert.equal(searchOutcome(r.questions), 'You chose the best first click for 1 of 2 goals, an acceptable one for 1, and the right reason for 2 of 2.');
    assert.equal(searchOutcome(r.questions, true), 'Best first click: 1 of 2, acceptable: 1; right reason: 2 of 2');
    assert.equal(searchOutcome([r.questions[0]!], false, 'The student'), 'The student chose an acceptable first click, not the best, and the right reason.');
    assert.equal(searchOutcome([{ clickCredit: 0, reason: 'top', reasons: [{ id: 'top', correct: false }] }]), 'You chose a poor first click, and not the right reason.');
  });

  it('lede score says what was chosen, why, its share and the key; --json and lede lesson show --json carry the step', () => {
    const lesson = load();
    const score = scoreAttempt(lesson, { leave: { search: { publisher: { result: 'share', reason: 'address' } } } });
    const text = scoreToText(lesson, score);
    assert.match(text, /Leave the page — 0 \/ 6 points\n  ✗ Find who published the story\.\n    would open “A post sharing the story” first \(a right reason: Its address shows the site that published the exact headline\.\): 0% of the goal; the key opens “Council says the bridge is safe” first\n  ✗ Find the report the council relies on\.\n    no answer: 0% of the goal; the key opens “Bridge inspection report 2026” first/);
    const json = scoreToJson(score, lesson.text) as { exercises: Record<string, { kind: string; points: number; questions?: unknown[] }> };
    assert.equal(json.exercises.leave!.kind, 'search');
    assert.equal(json.exercises.leave!.questions!.length, 2);
    const shown = lessonToJson(lesson).exercises[0] as { kind: string; questions: { best: string; partial: Record<string, number> }[] };
    assert.deepEqual([shown.kind, shown.questions[0]!.best, shown.questions[0]!.partial], ['search', 'gazette', { about: 0.5 }]);
  });

  it('refuses an answer that does not fit the step, with a reason', () => {
    const lesson = load();
    const bad = (a: unknown, re: RegExp) => assert.throws(() => scoreAttempt(lesson, { leave: a as never }), (e: unknown) => e instanceof AnswerError && re.test(e.message));
    bad({ choices: ['gazette'] }, /exercise "leave" is a search step: its answer must be \{ "search"/);
    bad({ search: { nope: { result: 'gazette' } } }, /unknown question "nope" \(questions are publisher, source\)/);
    bad({ search: { publisher: { result: 'council' } } }, /question "publisher": unknown result "council" \(results are gazette, about, share\)/);
    bad({ search: { publisher: { result: 'gazette', reason: 'original' } } }, /question "publisher": unknown reason "original" \(reasons are address, top\)/);
  });

  it('(property) every answer scores in [0, 1]; the key’s own best click and right reason score 1; more click credit never scores less', () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `r${i}`);
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 8 }),
        fc.integer({ min: 2, max: 6 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.array(fc.double({ min: 0.01, max: 0.99, noNaN: true }), { maxLength: 7 }),
        fc.nat(),
        fc.nat(),
        fc.boolean(),
        (nResults, nReasons, share, partials, pickR, pickWhy, withReason) => {
          const results = ids(nResults);
          const partial = Object.fromEntries(partials.slice(0, nResults - 1).map((c, i) => [results[i + 1]!, c]));
          const reasons = ids(nReasons).map((id, i) => ({ id, text: id, correct: i === 0, feedback: '' }));
          const q = { best: results[0]!, partial, reasons };
          const pick = { result: results[pickR % nResults]!, ...(withReason ? { reason: reasons[pickWhy % nReasons]!.id } : {}) };
          const c = questionCredit(q, share, pick);
          if (!(c >= 0 && c <= 1)) return false;
          if (questionCredit(q, share, { result: results[0]!, reason: 'r0' }) !== 1) return false;
          // The same reason with a click worth more never earns less.
          const best = questionCredit(q, share, { ...pick, result: results[0]! });
          if (best < c) return false;
          // A poor click (not best, not partial) earns 0 whatever the reason.
          const poor = results.find((r) => r !== results[0] && !Object.hasOwn(partial, r));
          return poor === undefined || questionCredit(q, share, { result: poor, reason: 'r0' }) === 0;
        },
      ),
    );
  });

  it('(property) choosing at random earns on average the mean click credit × (1 − share × wrong-reason chance): a guess never earns the best click’s credit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 8 }), fc.integer({ min: 2, max: 6 }), (nResults, nReasons) => {
        const results = Array.from({ length: nResults }, (_, i) => `r${i}`);
        const reasons = Array.from({ length: nReasons }, (_, i) => ({ id: `w${i}`, text: '', correct: i === 0, feedback: '' }));
        const q = { best: 'r0', partial: {}, reasons };
        let total = 0;
        for (const r of results) for (const w of reasons) total += questionCredit(q, 0.5, { result: r, reason: w.id });
        const mean = total / (nResults * nReasons);
        const expected = (1 / nResults) * (0.5 + 0.5 / nReasons);
        return Math.abs(mean - expected) < 1e-12 && mean <= 0.375;
      }),
    );
  });
});

describe('the key of a search step is held back from students', () => {
  const lesson = load();
  it('the public lesson has the pages, goals and reasons, but no best result, partial credit, feedback or right reason', () => {
    const pub = toPublicLesson(lesson).exercises.find((e) => e.kind === 'search')!;
    const text = JSON.stringify(pub);
    assert.doesNotMatch(text, /"best"|"partial"|"feedback"|"correct"|publisher's site|Rank is not reliability/);
    assert.ok(pub.kind === 'search');
    assert.deepEqual(pub.questions[0]!.reasons, [
      { id: 'address', text: 'Its address shows the site that published the exact headline.' },
      { id: 'top', text: 'It is at the top.' },
    ]);
    assert.deepEqual(pub.pages[0]!.results[0], { id: 'gazette', title: 'Council says the bridge is safe', url: 'riverside-gazette.example › news › bridge-safe', snippet: 'A. Writer · According to the council, the bridge is safe.' });
  });

  it('results and reasons are shuffled per attempt, the same on every reload; fixed ones stay put', () => {
    const orders = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const ex = searchOf(lessonForAttempt(lesson, `attempt-${i}`));
      assert.deepEqual(searchOf(lessonForAttempt(lesson, `attempt-${i}`)), ex, 'the same attempt, the same order');
      assert.equal(ex.pages[1]!.results[0]!.id, 'council', 'a fixed result keeps its place');
      assert.equal(ex.questions[1]!.reasons[2]!.id, 'none', 'a fixed reason keeps its place');
      assert.deepEqual([...ex.pages[0]!.results.map((r) => r.id)].sort(), ['about', 'gazette', 'share']);
      orders.add(ex.pages[0]!.results.map((r) => r.id).join());
    }
    assert.equal(orders.size, 6, 'all six orders of three results occur over 40 attempts');
  });

  function backend() {
    const db = openDatabase(':memory:');
    const store = new Store(db);
    const r = loadLessonFile(FIXTURE);
    if (!r.ok) throw new Error('fixture');
    store.importLesson(r.loaded);
    const classroom = new ClassroomManager(store, { staticDir: '/nonexistent' });
    const handlers = { ...createHandlers(store), ...createTeacherHandlers({ store, jobs: new ExportJobs(store), classroom }) };
    return { store, db, handlers };
  }
  type Env = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };
  const ctx = (teacher: boolean): CallContext => ({ teacher, mayChoosePin: false, grantTeacher: () => {}, revokeTeacher: () => {} });
  async function value<T>(h: object, name: string, input: unknown, teacher = false): Promise<T> {
    const env = (await dispatch(h as never, name, input, ctx(teacher))) as Env;
    if (!env.ok) throw new Error(`${env.error.code}: ${env.error.message}`);
    return env.value as T;
  }
  type State = { attempt: { id: string }; lesson: unknown; feedback: Record<string, { kind: string } & Record<string, unknown>>; responses: Record<string, unknown> };

  it('student calls carry no key before checking; checking gives every result’s feedback; stored picks read back from SQLite', async () => {
    const { store, db, handlers: h } = backend();
    const s = await value<{ id: string }>(h, 'createStudent', { displayName: 'Ada Lovelace' });
    const state = await value<State>(h, 'openLesson', { studentId: s.id, lessonId: 'search-practice' });
    assert.doesNotMatch(JSON.stringify(state), /"best"|"partial"|"correct"|publisher's site|Rank is not reliability/);
    const picks = { publisher: { result: 'gazette', reason: 'address' }, source: { result: 'blog', reason: 'original' } };
    await value(h, 'putResponse', { attemptId: state.attempt.id, exerciseId: 'leave', answer: { search: picks } });
    assert.doesNotMatch(JSON.stringify(await value<State>(h, 'getAttempt', { attemptId: state.attempt.id })), /"best"|"partial"|"correct"/);
    const row = db.prepare(`SELECT choices, text, claims FROM responses WHERE attempt_id = ? AND exercise_id = 'leave'`).get(state.attempt.id) as { choices: null; text: null; claims: string };
    assert.deepEqual([row.choices, row.text, JSON.parse(row.claims)], [null, null, picks]);
    assert.deepEqual(store.answers(state.attempt.id).leave, { search: picks });
    const fb = await value<{ kind: string; points: number; questions: { id: string; credit: number; results: { id: string; feedback: string }[] }[] }>(h, 'checkStep', { attemptId: state.attempt.id, exerciseId: 'leave' });
    assert.equal(fb.kind, 'search');
    assert.equal(fb.points, 3); // (1 + 0) ÷ 2 × 6: a summary of the report is a poor click, whatever the reason
    assert.deepEqual(fb.questions.map((q) => [q.id, q.credit]), [['publisher', 1], ['source', 0]]);
    assert.equal(fb.questions[1]!.results.find((r) => r.id === 'blog')!.feedback, 'A summary of a report is not the report.');
    const stored = db.prepare(`SELECT points, max_points FROM results WHERE attempt_id = ? AND exercise_id = 'leave'`).get(state.attempt.id) as { points: number; max_points: number };
    assert.deepEqual([stored.points, stored.max_points], [3, 6]);
  });

  it('an assignment whose key is held: checking records the picks and sends no key, no points', async () => {
    const { handlers: h } = backend();
    const cls = await value<{ id: string }>(h, 'createClass', { name: '9B' }, true);
    const ada = await value<{ id: string }>(h, 'addStudent', { classId: cls.id, displayName: 'Ada Hansen' }, true);
    const H = 3600_000;
    const assignment = await value<{ id: string }>(
      h,
      'saveAssignment',
      { classId: cls.id, lessonId: 'search-practice', opensAt: new Date(Date.now() - H).toISOString(), dueAt: new Date(Date.now() + 24 * H).toISOString(), maxAttempts: 1, counts: 'first', keyShown: 'after-due' },
      true,
    );
    const state = await value<State>(h, 'openLesson', { studentId: ada.id, lessonId: 'search-practice', assignmentId: assignment.id });
    await value(h, 'putResponse', { attemptId: state.attempt.id, exerciseId: 'leave', answer: { search: { publisher: { result: 'gazette', reason: 'address' } } } });
    const fb = await value<{ kind: string }>(h, 'checkStep', { attemptId: state.attempt.id, exerciseId: 'leave' });
    assert.equal(fb.kind, 'held');
    const again = await value<State>(h, 'getAttempt', { attemptId: state.attempt.id });
    assert.equal(again.feedback.leave!.kind, 'held');
    assert.doesNotMatch(JSON.stringify(again), /"best"|"partial"|"correct"|"credit"|publisher's site/);
  });
});

describe('the seed lesson’s search step', () => {
  const seed = load(SEED_FILE);
  const ex = searchOf(seed);
  it('comes before the highlight steps, asks who published the page (DNP India) and where the exact words first appeared (the Sky News broadcast)', () => {
    const at = seed.exercises.indexOf(ex);
    const firstHighlight = seed.exercises.findIndex((e) => e.kind === 'highlight');
    assert.ok(at >= 0 && at < firstHighlight, `step ${at + 1}, highlights from ${firstHighlight + 1}`);
    const best = ex.questions.map((q) => ex.pages.find((p) => p.id === q.page)!.results.find((r) => r.id === q.best)!);
    assert.match(best[0]!.url, /^dnpindia\.in › world › .*9000615$/);
    assert.match(best[1]!.url, /^news\.sky\.com/);
    assert.match(best[1]!.snippet, /The World with Yalda Hakim/);
    assert.equal(ex.points, 4);
  });

  it('gives away nothing later steps ask for: no date, no Pahalgam, not the question he was asked, none of his reported words', () => {
    const shown = JSON.stringify(toPublicLesson(seed).exercises.find((e) => e.id === ex.id));
    assert.doesNotMatch(shown, /2025|April|Pahalgam|three decades|thirty|30 years|Britain|mistake|backing|training|funding|diplomatic|security expert|analysts/i);
  });

  it('the answer key shows each result with its key and why; the answers table and a backup carry the picks', async () => {
    const html = buildAnswerKeyHtml(seed);
    assert.match(html, /Question 1: <span dir="auto">Find out which website published the story you are reading\.<\/span>/);
    assert.match(html, /✓ open first<\/td><td><strong dir="auto">Pakistan Defence Minister/);
    assert.match(html, /acceptable \(50%\)/);
    const dir = tempDir('lede-search-');
    const store = Store.open(join(dir, 'a.sqlite'));
    const r = loadLessonFile(SEED_FILE);
    assert.ok(r.ok);
    store.importLesson(r.loaded);
    const sample = createSampleClass(store, { students: 10, seed: 5, className: 'Year 9' });
    const data = loadClassData(store, { classId: sample.classId, lessonId: 'asif-dirty-work' });
    const rows: unknown[][] = [];
    for await (const row of answerRows(store, data)) rows.push(row);
    const search = rows.filter((x) => x[5] === 'search');
    assert.ok(search.length > 0, 'sample students answered the search step');
    for (const x of search) {
      assert.ok(['who-published', 'first-words'].includes(String(x[6])));
      assert.match(String(x[9]), / — /);
      assert.ok(['correct', 'partly', 'incorrect'].includes(String(x[10])));
    }
    const backup = parseBackup(JSON.stringify(await buildBackup(store, sample.classId)));
    const other = Store.open(join(dir, 'b.sqlite'));
    other.importLesson(r.loaded);
    const forged = structuredClone(backup);
    const resp = forged.attempts.flatMap((a) => a.responses).find((x) => x.exerciseId === ex.id)!;
    (resp.claims as Record<string, { result: string }>)['who-published'] = { result: 'the-daily-invented' };
    assert.throws(() => importBackup(other, forged), /unknown result "the-daily-invented"/);
    importBackup(other, backup);
    for (const att of backup.attempts) {
      assert.deepEqual(other.answers(att.id)[ex.id], store.answers(att.id)[ex.id]);
      const pts = (s: Store) => s.results.ofAttempt(att.id).find((x) => x.exerciseId === ex.id)?.points ?? null;
      assert.equal(pts(other), pts(store));
    }
    other.close();
    store.close();
  });
});

