import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import { openDatabase } from '../src/core/db/open.ts';
import { Store } from '../src/core/db/store.ts';
import { ClassroomManager } from '../src/core/classroom/manager.ts';
import { buildAnswerKeyHtml } from '../src/core/export/answer-key.ts';
import { ExportJobs } from '../src/core/export/jobs.ts';
import { itemAnalysis } from '../src/core/export/item-analysis.ts';
import { buildReportHtml } from '../src/core/export/pdf-html.ts';
import { studentReportBody } from '../src/core/export/pdf-student.ts';
import { esc } from '../src/core/export/report-common.ts';
import { answerRows, loadClassData } from '../src/core/export/tables.ts';
import { createSampleClass } from '../src/core/teacher/sample.ts';
import { loadLessonFile } from '../src/core/lessons/load.ts';
import { parseLesson } from '../src/core/lessons/parse.ts';
import { lessonForAttempt, shuffledOrder } from '../src/core/lessons/shuffle.ts';
import { dispatch } from '../src/core/services/dispatch.ts';
import { createHandlers } from '../src/core/services/lede-service.ts';
import { createTeacherHandlers, type CallContext } from '../src/core/services/teacher-service.ts';
import { checkForStudio } from '../src/core/studio/check.ts';
import { frontMatterOf, patchFrontMatter } from '../src/core/studio/patch.ts';
import type { ChoiceExercise, EvidenceExercise, Lesson } from '../src/shared/lesson.ts';
import { Client } from './http-client.ts';
import { miniLesson, ROOT, SEED_FILE, tempDir } from './helpers.ts';
import { classroomFixture } from './served-classroom.ts';

// Choice options and evidence claims reach a student in an order of their own,
// shuffled per attempt (issue 18: the true options all came first). The order is
// a pure function of the attempt's id and the step's id; pinned options keep
// their place; teachers' views keep the order the lesson was written in.

const seedLesson = (): Lesson => {
  const r = loadLessonFile(SEED_FILE);
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
  return r.loaded.lesson;
};
const choice = (l: Pick<Lesson, 'exercises'>, id: string) => l.exercises.find((e): e is ChoiceExercise => e.id === id && e.kind === 'choice')!;
const evidence = (l: Pick<Lesson, 'exercises'>) => l.exercises.find((e): e is EvidenceExercise => e.kind === 'evidence')!;
const ids = (xs: readonly { id: string }[]) => xs.map((x) => x.id);

const AUTHORED_WHO = ['no-outlet', 'search-headline', 'byline', 'image-credit', 'spelling', 'from-sky-news', 'looks-professional', 'names-minister'];

describe('the shuffled order (property)', () => {
  const caseArb = fc
    .integer({ min: 0, max: 12 })
    .chain((n) => fc.record({ n: fc.constant(n), pinned: fc.uniqueArray(fc.nat({ max: Math.max(0, n - 1) }), { maxLength: n }).map((p) => (n === 0 ? [] : p)), seed: fc.string() }));

  it('is a permutation, the same for the same seed, and every pinned index stays at its own position', () => {
    fc.assert(
      fc.property(caseArb, ({ n, pinned, seed }) => {
        const pins = new Set(pinned);
        const order = shuffledOrder(n, pins, seed);
        assert.deepEqual([...order].sort((a, b) => a - b), Array.from({ length: n }, (_, i) => i), 'each index once');
        assert.deepEqual(shuffledOrder(n, new Set(pinned), seed), order, 'deterministic for a seed');
        for (const p of pins) assert.equal(order[p], p, `pinned ${p} keeps its position`);
      }),
      { numRuns: 500 },
    );
  });

  it('over many seeds, every unpinned item is shown first (at the first free position) sometimes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 8 }).chain((n) => fc.record({ n: fc.constant(n), pinned: fc.uniqueArray(fc.nat({ max: n - 1 }), { maxLength: n - 2 }) })),
        ({ n, pinned }) => {
          const pins = new Set(pinned);
          const free = Array.from({ length: n }, (_, i) => i).filter((i) => !pins.has(i));
          const firstFree = free[0]!;
          const seen = new Set<number>();
          for (let s = 0; s < 400 && seen.size < free.length; s++) seen.add(shuffledOrder(n, pins, `attempt-${s}`)[firstFree]!);
          assert.deepEqual([...seen].sort((a, b) => a - b), free, 'each unpinned item came first at least once in 400 seeds');
        },
      ),
      { numRuns: 100 },
    );
  });

  it('with fewer than two unpinned items there is nothing to shuffle', () => {
    assert.deepEqual(shuffledOrder(3, new Set([0, 2]), 'x'), [0, 1, 2]);
    assert.deepEqual(shuffledOrder(1, new Set(), 'x'), [0]);
    assert.deepEqual(shuffledOrder(0, new Set(), 'x'), []);
  });
});

describe('the seed lesson for two attempts', () => {
  const lesson = seedLesson();

  it('lists “Who is behind this?” with every true option first, as written (the order issue 18 reported)', () => {
    const who = choice(lesson, 'who-is-behind');
    assert.deepEqual(ids(who.options), AUTHORED_WHO);
    assert.deepEqual(who.options.map((o) => o.correct), [true, true, true, true, false, false, false, false]);
  });

  it('gives two attempts two different orders (checked by hand), each a reordering of the same options', () => {
    const a = lessonForAttempt(lesson, 'attempt-a');
    const b = lessonForAttempt(lesson, 'attempt-b');
    assert.deepEqual(ids(choice(a, 'who-is-behind').options), ['names-minister', 'search-headline', 'byline', 'looks-professional', 'from-sky-news', 'no-outlet', 'spelling', 'image-credit']);
    assert.deepEqual(ids(choice(b, 'who-is-behind').options), ['looks-professional', 'from-sky-news', 'search-headline', 'names-minister', 'no-outlet', 'spelling', 'image-credit', 'byline']);
    assert.deepEqual(ids(choice(a, 'headline-vs-body').options), ['gives-date', 'tense', 'same-words', 'withheld']);
    assert.deepEqual(ids(choice(b, 'headline-vs-body').options), ['gives-date', 'withheld', 'same-words', 'tense']);
    assert.deepEqual(ids(evidence(a).claims), ['not-alone', 'funded-supported', 'thirty-years', 'exact-words', 'sky-news', 'present-tense', 'kashmir', 'dirty-work', 'us-and-west']);
    // Each option keeps its text, key and feedback; only the order changes.
    const byId = new Map(choice(lesson, 'who-is-behind').options.map((o) => [o.id, o]));
    for (const o of choice(b, 'who-is-behind').options) assert.deepEqual(o, byId.get(o.id));
    // The lesson itself is not changed.
    assert.deepEqual(ids(choice(lesson, 'who-is-behind').options), AUTHORED_WHO);
  });
});

describe('an option pinned with `fixed: true`', () => {
  const pinnedLesson = miniLesson({
    frontMatter: `lede: 1
id: mini
title: A small lesson
article:
  headline: Council says the bridge is safe
exercises:
  - id: q
    kind: choice
    title: Question
    prompt: Which are true?
    multiple: true
    options:
      - id: a
        text: The council is named.
        correct: true
        feedback: Right.
      - id: b
        text: Experts are quoted by name.
        feedback: Not so.
      - id: c
        text: The story says the bridge is safe.
        correct: true
        feedback: Right.
      - id: d
        text: The headline is a question.
        feedback: Not so.
      - id: none
        text: None of these.
        fixed: true
        feedback: Some are true.`,
  });

  it('is read from the lesson file (and only a true or false is accepted)', () => {
    const r = parseLesson(pinnedLesson, 'mini.md');
    assert.ok(r.ok, r.ok ? '' : r.problems.map((p) => p.message).join('\n'));
    const q = choice(r.lesson, 'q');
    assert.deepEqual(q.options.map((o) => [o.id, o.fixed === true]), [['a', false], ['b', false], ['c', false], ['d', false], ['none', true]]);
    assert.equal('fixed' in q.options[0]!, false, 'an option not pinned carries no field');
    const bad = parseLesson(pinnedLesson.replace('fixed: true', 'fixed: last'), 'mini.md');
    assert.ok(!bad.ok);
    assert.match(bad.problems.map((p) => p.message).join('\n'), /fixed must be true or false/);
    const onClaim = parseLesson(readFileSync(SEED_FILE, 'utf8').replace('      - id: sky-news\n', '      - id: sky-news\n        fixed: true\n'), 'seed.md');
    assert.ok(!onClaim.ok, 'claims are not pinned: the field is refused there');
  });

  it('an option that points at others by their place is warned about, unless it is pinned; the shipped lessons have none', () => {
    const unpinned = parseLesson(pinnedLesson.replace('        text: None of these.\n        fixed: true\n', '        text: None of the above.\n').replace('text: The headline is a question.', 'text: Both the first and second options.'), 'mini.md');
    assert.ok(unpinned.ok);
    assert.deepEqual(unpinned.warnings.map((w) => [w.line, w.message]), [
      [26, 'exercise "q": option "d" points at other options by their place, but each student sees the options in an order of their own: name what it means in words, or keep it in its position with "fixed: true"'],
      [29, 'exercise "q": option "none" points at other options by their place, but each student sees the options in an order of their own: name what it means in words, or keep it in its position with "fixed: true"'],
    ]);
    // The studio says it beside the option, in a teacher's words.
    const studio = checkForStudio(pinnedLesson.replace('        text: None of these.\n        fixed: true\n', '        text: None of the above.\n'));
    assert.deepEqual(studio.warnings, [
      {
        path: ['exercises', 0, 'options', 4, 'text'],
        message: 'Each student sees the options in an order of their own: say what this option means in words (not “the above” or “the first one”), or tick “Keep in this position”.',
      },
    ]);
    const pinned = parseLesson(pinnedLesson.replace('text: None of these.', 'text: None of the above.'), 'mini.md');
    assert.ok(pinned.ok);
    assert.deepEqual(pinned.warnings, []);
    for (const f of ['asif-dirty-work.md', 'practice-miracle-berry-diet.md', 'practice-riverside-flood-barrier.md', 'practice-robot-tutors-opinion.md']) {
      const r = loadLessonFile(join(ROOT, 'lessons', f));
      assert.ok(r.ok, f);
      assert.deepEqual((r.loaded.warnings ?? []).filter((w) => /by their place/.test(w.message)), [], f);
    }
  });

  it('stays last in every attempt while the others are shuffled before it', () => {
    const r = parseLesson(pinnedLesson, 'mini.md');
    assert.ok(r.ok);
    const firsts = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const opts: ChoiceExercise['options'] = choice(lessonForAttempt(r.lesson, `attempt-${i}`), 'q').options;
      assert.equal(opts[4]!.id, 'none');
      firsts.add(opts[0]!.id);
    }
    assert.deepEqual([...firsts].sort(), ['a', 'b', 'c', 'd']);
  });

  it('is written to the file by the studio’s patch writer as one line, and taken out again byte for byte', () => {
    const seed = readFileSync(join(ROOT, 'lessons', 'asif-dirty-work.md'), 'utf8');
    const data = parseYaml(frontMatterOf(seed).text) as { exercises: { id: string; options?: { id: string; fixed?: boolean }[] }[] };
    const who = data.exercises.find((e) => e.id === 'who-is-behind')!;
    who.options![7]!.fixed = true;
    const pinned = patchFrontMatter(seed, data);
    const before = seed.split('\n');
    const after = pinned.split('\n');
    assert.equal(after.length, before.length + 1);
    const at = before.findIndex((l, i) => l !== after[i]);
    assert.equal(after[at], '        fixed: true');
    assert.deepEqual([...after.slice(0, at), ...after.slice(at + 1)], before);
    const r = parseLesson(pinned, 'seed.md');
    assert.ok(r.ok);
    assert.deepEqual(choice(r.lesson, 'who-is-behind').options.filter((o) => o.fixed).map((o) => o.id), ['names-minister']);
    delete who.options![7]!.fixed;
    assert.equal(patchFrontMatter(pinned, data), seed);
  });
});

// ── Through the services: the student's calls, a live class, the teacher's views ──

const ctx = (): CallContext => {
  const c: CallContext = { teacher: false, mayChoosePin: true, grantTeacher: () => (c.teacher = true), revokeTeacher: () => (c.teacher = false) };
  return c;
};
async function call<T = any>(h: object, name: string, input: unknown, c: CallContext = ctx()): Promise<T> {
  const env = await dispatch(h as never, name, input, c);
  if (!env.ok) throw new Error(`${env.error.code}: ${env.error.message}`);
  return env.value as T;
}
function backend(path: string) {
  const store = new Store(openDatabase(path));
  const r = loadLessonFile(SEED_FILE);
  if (!r.ok) throw new Error('seed');
  store.importLesson(r.loaded);
  const classroom = new ClassroomManager(store, { staticDir: '/nonexistent' });
  return { store, handlers: { ...createHandlers(store), ...createTeacherHandlers({ store, jobs: new ExportJobs(store), classroom }) } };
}

describe('the order a student is sent', () => {
  it('is the attempt’s own, the same after a reload and a restart, with the feedback in it and the score unchanged', async () => {
    const path = join(tempDir(), 'lede.sqlite');
    let b = backend(path);
    const student = await call(b.handlers, 'createStudent', { displayName: 'Ines' });
    const first = await call(b.handlers, 'openLesson', { studentId: student.id, lessonId: 'asif-dirty-work' });
    const attemptId: string = first.attempt.id;
    const sent = (state: any, id: string): string[] => ids(state.lesson.exercises.find((e: { id: string }) => e.id === id).options);
    const expected = lessonForAttempt(seedLesson(), attemptId);
    assert.deepEqual(sent(first, 'who-is-behind'), ids(choice(expected, 'who-is-behind').options));
    assert.deepEqual(new Set(sent(first, 'who-is-behind')), new Set(AUTHORED_WHO));
    // A reload, then the app closed and opened again on the same database: the same order.
    assert.deepEqual(sent(await call(b.handlers, 'getAttempt', { attemptId }), 'who-is-behind'), sent(first, 'who-is-behind'));
    b.store.close();
    b = backend(path);
    const reopened = await call(b.handlers, 'openLesson', { studentId: student.id, lessonId: 'asif-dirty-work' });
    assert.equal(reopened.attempt.id, attemptId);
    assert.deepEqual(sent(reopened, 'who-is-behind'), sent(first, 'who-is-behind'));
    assert.deepEqual(sent(reopened, 'headline-vs-body'), sent(first, 'headline-vs-body'));

    // Two of the four true and one of the four untrue chosen, by id: (2/4 − 1/4) × 4 points = 1, whatever the order.
    await call(b.handlers, 'putResponse', { attemptId, exerciseId: 'who-is-behind', answer: { choices: ['byline', 'looks-professional', 'no-outlet'] } });
    const fb = await call(b.handlers, 'checkStep', { attemptId, exerciseId: 'who-is-behind' });
    assert.equal(fb.points, 1);
    assert.deepEqual(ids(fb.options), sent(first, 'who-is-behind'), 'the feedback lists the options in the order the student saw them');
    assert.deepEqual(fb.options.filter((o: { selected: boolean }) => o.selected).map((o: { id: string }) => o.id).sort(), ['byline', 'looks-professional', 'no-outlet']);
    const after = await call(b.handlers, 'getAttempt', { attemptId });
    assert.deepEqual(ids(after.feedback['who-is-behind'].options), sent(first, 'who-is-behind'));
    assert.equal(after.feedback['who-is-behind'].points, 1);
    assert.equal(b.store.results.ofAttempt(attemptId).find((r) => r.exerciseId === 'who-is-behind')!.points, 1, 'the stored result');

    // A second attempt gets an order of its own (four steps shuffled: the same orders by chance is about 1 in 10^11).
    const second = await call(b.handlers, 'newAttempt', { studentId: student.id, lessonId: 'asif-dirty-work' });
    const orderOf = (state: any) =>
      state.lesson.exercises.flatMap((e: any) => (e.kind === 'choice' ? ids(e.options) : e.kind === 'evidence' ? ids(e.claims) : [])).join(' ');
    assert.notEqual(orderOf(second), orderOf(first));
    assert.deepEqual(sent(second, 'who-is-behind'), ids(choice(lessonForAttempt(seedLesson(), second.attempt.id), 'who-is-behind').options));
    b.store.close();
  });

  it('the teacher reviews the attempt, and prints the answer key, in the order the lesson was written', async () => {
    const b = backend(':memory:');
    const t = ctx();
    await call(b.handlers, 'setTeacherPin', { pin: '482913' }, t);
    const student = await call(b.handlers, 'createStudent', { displayName: 'Ines' });
    const state = await call(b.handlers, 'openLesson', { studentId: student.id, lessonId: 'asif-dirty-work' });
    await call(b.handlers, 'putResponse', { attemptId: state.attempt.id, exerciseId: 'who-is-behind', answer: { choices: ['spelling'] } });
    await call(b.handlers, 'checkStep', { attemptId: state.attempt.id, exerciseId: 'who-is-behind' });
    const review = await call(b.handlers, 'reviewAttempt', { attemptId: state.attempt.id }, t);
    assert.deepEqual(ids(review.lesson.exercises.find((e: { id: string }) => e.id === 'who-is-behind').options), AUTHORED_WHO);
    assert.deepEqual(ids(review.feedback['who-is-behind'].options), AUTHORED_WHO);
    assert.deepEqual(ids(review.lesson.exercises.find((e: { kind: string }) => e.kind === 'evidence').claims), ids(evidence(seedLesson()).claims));
    // The answer key: each option's text, in the written order.
    const html = buildAnswerKeyHtml(seedLesson());
    const places = choice(seedLesson(), 'who-is-behind').options.map((o) => html.indexOf(esc(o.text)));
    assert.ok(places.every((p) => p > 0));
    assert.deepEqual([...places].sort((x, y) => x - y), places);
    b.store.close();
  });

  it('in a live class, each student gets their attempt’s own order; the teacher’s dashboard keeps the written one', async () => {
    const s = classroomFixture('9B', ['Ada', 'Ben']);
    const info = await s.manager.start({ classId: s.cls.id, lessonId: 'asif-dirty-work', host: '127.0.0.1', allowNewNames: false });
    try {
      const written = choice(s.store.lessonVersion(s.store.listLessons()[0]!.versionId), 'headline-vs-body');
      for (const id of s.ids) {
        const state = (await new Client(info.urls[0]!).call('classroomPick', { code: info.joinCode, studentId: id })).body.value.attempt;
        const shown = ids(state.lesson.exercises.find((e: { id: string }) => e.id === 'headline-vs-body').options);
        assert.deepEqual(shown, ids(choice(lessonForAttempt({ ...seedLesson(), exercises: [written] }, state.attempt.id), 'headline-vs-body').options));
      }
      const dash = await s.manager.dashboard(info.id);
      assert.deepEqual(ids(choice(dash.lesson as never, 'headline-vs-body').options), ['tense', 'withheld', 'same-words', 'gives-date']);
    } finally {
      await s.manager.close();
    }
  });
});

describe('what teachers and students read names an option by its words, never by its place', () => {
  it('the answers table, the item analysis, the class and student reports and the answer key', async () => {
    const store = Store.open(':memory:');
    const r = loadLessonFile(SEED_FILE);
    if (!r.ok) throw new Error('seed');
    store.importLesson(r.loaded);
    const sample = createSampleClass(store, { students: 12, seed: 5, className: 'Year 9' });
    const data = loadClassData(store, { classId: sample.classId, lessonId: 'asif-dirty-work' });
    const rows: unknown[][] = [];
    for await (const row of answerRows(store, data)) rows.push(row);
    const who = choice(r.loaded.lesson, 'who-is-behind');
    const chosen = rows.filter((x) => x[5] === 'choice' && x[4] === who.title);
    assert.ok(chosen.length > 0, 'sample students answered “Who is behind this?”');
    for (const x of chosen) {
      const o = who.options.find((opt) => opt.id === x[6]);
      assert.ok(o, `an option id: ${String(x[6])}`);
      assert.equal(x[9], o.text, 'each chosen option by its text');
    }
    const analysis = itemAnalysis(store, data);
    const step = analysis.steps.find((st) => st.title === who.title)!;
    assert.deepEqual(step.items.map((it) => it.item), who.options.map((o) => o.text));
    const positional = /\b(option|claim|answer|statement) (\d|one|two|three)\b|\b(first|second|third|last) (option|answer|claim)\b|of the above/i;
    const texts = [
      buildAnswerKeyHtml(r.loaded.lesson),
      await buildReportHtml(store, data),
      ...data.lessons[0]!.rows.map((row) => studentReportBody(store, 'Lesson', 'Year 9', row) ?? ''),
      JSON.stringify(rows),
    ];
    for (const t of texts) assert.doesNotMatch(t, positional);
    store.close();
  });
});
