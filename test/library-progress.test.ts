// An attempt at its summary with steps left stays open and says how far it is (the
// library card: "In progress — 3 of 5 steps checked"); finishing is refused, naming the
// steps left, until every step is checked; then the card is "done" and the teacher's
// results say finished. (The summary finishing the attempt when it opens: e2e/offline-check.spec.ts.)
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openDatabase } from '../src/core/db/open.ts';
import { Store } from '../src/core/db/store.ts';
import { loadLessonFile } from '../src/core/lessons/load.ts';
import { createHandlers } from '../src/core/services/lede-service.ts';
import { lessonResults } from '../src/core/teacher/results.ts';
import { LedeError } from '../src/shared/errors.ts';
import { OLD_SEED_FILE } from './helpers.ts';

const CTX = {} as never;

describe('the library card of an attempt with steps left', () => {
  it('counts the steps checked, stays in progress, and is done once finished', async () => {
    const store = new Store(openDatabase(':memory:'));
    const r = loadLessonFile(OLD_SEED_FILE);
    if (!r.ok) throw new Error('fixture lesson');
    store.importLesson(r.loaded);
    const h = createHandlers(store);
    const cls = store.classes.create('Year 10');
    const student = store.createStudent('Summary Student');
    store.classes.enroll(cls.id, student.id);
    const attempt = store.startAttempt(student.id, 'asif-dirty-work');
    const card = async () => (await h.listLessons({ studentId: student.id }, CTX))[0]!.progress;
    const finished = () => lessonResults(store, cls.id, 'asif-dirty-work').rows.map((x) => x.finished);

    assert.deepEqual(await card(), { state: 'in-progress', step: 0, attempt: 1, checked: 0 });
    for (const id of ['sources', 'framing', 'unverified']) await h.checkStep({ attemptId: attempt.id, exerciseId: id }, CTX);
    await h.setStep({ attemptId: attempt.id, step: 6 }, CTX); // the summary of the 5 steps
    assert.deepEqual(await card(), { state: 'in-progress', step: 6, attempt: 1, checked: 3 });
    assert.throws(
      () => h.finishAttempt({ attemptId: attempt.id }, CTX),
      (e: unknown) => e instanceof LedeError && e.code === 'conflict' && e.message === 'Check every step before finishing: “Headline versus body”, “How would you check this quote?” are not checked yet.',
    );
    assert.deepEqual(finished(), [false]);

    await h.putResponse({ attemptId: attempt.id, exerciseId: 'headline-vs-body', answer: { choices: ['tense'] } }, CTX);
    await h.checkStep({ attemptId: attempt.id, exerciseId: 'headline-vs-body' }, CTX);
    await h.putResponse({ attemptId: attempt.id, exerciseId: 'check-the-quote', answer: { text: 'Find the interview.' } }, CTX);
    await h.checkStep({ attemptId: attempt.id, exerciseId: 'check-the-quote' }, CTX);
    assert.deepEqual(await card(), { state: 'in-progress', step: 6, attempt: 1, checked: 5 });
    await h.finishAttempt({ attemptId: attempt.id }, CTX);
    // By hand: nothing highlighted (0 + 0 + 0), one of the two true statements and no untrue one (2 of 4);
    // the written answer waits for the teacher (its 5 points out of the maximum).
    assert.deepEqual(await card(), { state: 'done', points: 2, maxPoints: 34, pending: 1, attempt: 1 });
    assert.deepEqual(finished(), [true]);
  });
});
