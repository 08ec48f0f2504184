// Versions of the scoring rules: every stored result records the version that scored
// it; its feedback shows the stored points, explained by those rules; a teacher sees
// what today's rules would change and re-scores (refused if the results moved since
// the preview); backups carry the version and are checked against it; `lede rescore`.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Database } from 'better-sqlite3';
import { ClassroomManager } from '../src/core/classroom/manager.ts';
import { openDatabase } from '../src/core/db/open.ts';
import { Store } from '../src/core/db/store.ts';
import { buildBackup } from '../src/core/export/backup-build.ts';
import { parseBackup, type Backup } from '../src/core/export/backup-format.ts';
import { importBackup } from '../src/core/export/backup-import.ts';
import { ExportJobs } from '../src/core/export/jobs.ts';
import { parseLesson } from '../src/core/lessons/parse.ts';
import { choiceFraction } from '../src/core/scoring/attempt.ts';
import { CURRENT_RULES_VERSION, rulesOf, SCORING_RULES } from '../src/core/scoring/rules.ts';
import { dispatch } from '../src/core/services/dispatch.ts';
import { createHandlers } from '../src/core/services/lede-service.ts';
import { createTeacherHandlers, type CallContext } from '../src/core/services/teacher-service.ts';
import { run } from '../src/cli/main.ts';
import { miniLesson, tempDir } from './helpers.ts';

// A lesson whose two steps score differently under the first rules and today's.
const LESSON = miniLesson({
  frontMatter: `lede: 1
id: rules-mini
title: Two rules
article:
  headline: Council says the bridge is safe
  byline: A. Writer
exercises:
  - id: sources
    kind: highlight
    title: Sources
    prompt: Find the sources.
    points: 10
    labels:
      - id: named
        name: Named
        description: A named source.
      - id: vague
        name: Vague
        description: A vague source.
    key:
      - quote: the council
        occurrence: 1
        label: named
        explanation: The council is named.
      - quote: experts
        label: vague
        explanation: Which experts?
  - id: which
    kind: choice
    title: Which are true?
    prompt: Tick every true statement.
    multiple: true
    points: 4
    options:
      - id: a
        text: One
        correct: true
        feedback: Right.
      - id: b
        text: Two
        correct: true
        feedback: Right.
      - id: c
        text: Three
        correct: true
        feedback: Right.
      - id: d
        text: Four
        feedback: Not so.`,
});

const teacher = (): CallContext => ({ teacher: true, mayChoosePin: false, grantTeacher: () => {}, revokeTeacher: () => {} });
const student = (): CallContext => ({ teacher: false, mayChoosePin: false, grantTeacher: () => {}, revokeTeacher: () => {} });
type Env = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

function backend(path = ':memory:') {
  const db: Database = openDatabase(path);
  const store = new Store(db);
  const parsed = parseLesson(LESSON, 'rules-mini.md');
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join('; '));
  store.importLesson({ lesson: parsed.lesson, source: LESSON, file: 'rules-mini.md' });
  const classroom = new ClassroomManager(store, { staticDir: '/nonexistent' });
  const handlers = { ...createHandlers(store), ...createTeacherHandlers({ store, jobs: new ExportJobs(store), classroom }) };
  return { db, store, handlers };
}
async function call(h: object, name: string, input: unknown, c: CallContext = student()): Promise<Env> {
  return (await dispatch(h as never, name, input, c)) as Env;
}
async function value<T = any>(h: object, name: string, input: unknown, c: CallContext = student()): Promise<T> {
  const env = await call(h, name, input, c);
  if (!env.ok) throw new Error(`${env.error.code}: ${env.error.message}`);
  return env.value as T;
}

/** A student in class 9B who marks "the council" as vague (a wrong label), "experts" as vague, and ticks every option. */
async function studentWork(b: ReturnType<typeof backend>, name = 'Ines') {
  const text: string = b.store.lessonVersion(b.store.currentVersionId('rules-mini')).text;
  const cls: { id: string } = b.store.classes.list()[0] ?? (await value<{ id: string }>(b.handlers, 'createClass', { name: '9B' }, teacher()));
  const studentId: string = (await value(b.handlers, 'addStudent', { classId: cls.id, displayName: name }, teacher())).id;
  const open = await value(b.handlers, 'openLesson', { studentId, lessonId: 'rules-mini' });
  const attemptId: string = open.attempt.id;
  const council = text.indexOf('the council');
  const experts = text.indexOf('experts', text.indexOf('council says'));
  await value(b.handlers, 'putHighlight', { attemptId, exerciseId: 'sources', highlight: { id: `${name}-1`, start: council, end: council + 11, label: 'vague' } });
  await value(b.handlers, 'putHighlight', { attemptId, exerciseId: 'sources', highlight: { id: `${name}-2`, start: experts, end: experts + 7, label: 'vague' } });
  await value(b.handlers, 'putResponse', { attemptId, exerciseId: 'which', answer: { choices: ['a', 'b', 'c', 'd'] } });
  return { attemptId, studentId, classId: cls.id as string, text };
}

/** What the results would hold had they been scored before the rules changed (as every result stored before migration 10). */
function asIfFirstRules(db: Database, attemptId: string, points: Record<string, number>) {
  for (const [ex, p] of Object.entries(points)) db.prepare('UPDATE results SET rules_version = 1, points = ? WHERE attempt_id = ? AND exercise_id = ?').run(p, attemptId, ex);
}

const round2 = (n: number) => Math.round(n * 100) / 100;

describe('the versions of the scoring rules', () => {
  it('score the same answers by each version’s rules, worked by hand', () => {
    const choice = { multiple: true, options: [{ id: 'a', correct: true }, { id: 'b', correct: true }, { id: 'c', correct: true }, { id: 'd', correct: false }] } as never;
    // Ticking all four: version 1, (3 true − 1 untrue) ÷ 3 true = ⅔; version 2, 3/3 − 1/1 = 0.
    assert.equal(choiceFraction(choice, ['a', 'b', 'c', 'd'], rulesOf(1)), 2 / 3);
    assert.equal(choiceFraction(choice, ['a', 'b', 'c', 'd'], rulesOf(2)), 0);
    // Two true and no untrue: (2 − 0) ÷ 3 under both.
    assert.equal(choiceFraction(choice, ['a', 'b'], rulesOf(1)), 2 / 3);
    assert.equal(choiceFraction(choice, ['a', 'b'], rulesOf(2)), 2 / 3);
    assert.equal(CURRENT_RULES_VERSION, 2);
    assert.deepEqual(Object.keys(SCORING_RULES), ['1', '2']);
    assert.throws(() => rulesOf(3), /version 3 of the scoring rules, which this copy of Lede does not know \(it knows versions 1–2\)/);
  });

  it('store today’s version with each result; a result of the first rules keeps its points and is explained by them', async () => {
    const b = backend();
    const { attemptId, text } = await studentWork(b);
    const sources = await value(b.handlers, 'checkStep', { attemptId, exerciseId: 'sources' });
    const which = await value(b.handlers, 'checkStep', { attemptId, exerciseId: 'which' });
    // Today's rules. Choice: tick-all earns 0. Highlight: "experts" found (1), "the council" under a wrong label half (0.5):
    // recall 0.75; precision (7 + ½ × 11) ÷ 18 marked = 0.6944; the key covers 18 of the text's characters, so beyond chance
    // (0.6944 − k) ÷ (1 − k); the points are 10 × the harmonic mean.
    assert.equal(which.points, 0);
    assert.equal(which.rulesVersion, undefined, 'today’s rules are not named');
    const k = 18 / text.length;
    const beyond = (12.5 / 18 - k) / (1 - k);
    assert.equal(sources.itemRecall, 0.75);
    assert.equal(round2(sources.spanPrecision), 0.69);
    assert.equal(sources.points, round2((10 * 2 * 0.75 * beyond) / (0.75 + beyond)));
    assert.deepEqual(
      b.db.prepare('SELECT exercise_id, rules_version FROM results WHERE attempt_id = ? ORDER BY exercise_id').all(attemptId),
      [{ exercise_id: 'sources', rules_version: 2 }, { exercise_id: 'which', rules_version: 2 }],
    );

    // The same results as the first rules scored them: the choice (3 − 1) ÷ 3 × 4 = 2.67; the highlight: only "experts"
    // (recall ½), precision 7 ÷ 18, 10 × 2 × ½ × 7/18 ÷ (½ + 7/18) = 4.38.
    asIfFirstRules(b.db, attemptId, { which: 2.67, sources: 4.38 });
    const state = await value(b.handlers, 'getAttempt', { attemptId });
    assert.equal(state.feedback.which.points, 2.67);
    assert.equal(state.feedback.which.rulesVersion, 1);
    assert.equal(round2(state.feedback.which.fraction), 0.67, 'explained by the rules that gave the points');
    assert.equal(state.feedback.sources.points, 4.38);
    assert.equal(state.feedback.sources.rulesVersion, 1);
    assert.equal(state.feedback.sources.itemRecall, 0.5);
    assert.equal(state.feedback.sources.found, 1);
    assert.equal(state.feedback.sources.keyShare, 0, 'the first rules did not correct for chance');
    // Checking again answers the stored result, not a new one.
    const again = await value(b.handlers, 'checkStep', { attemptId, exerciseId: 'which' });
    assert.equal(again.points, 2.67);
    assert.equal(again.rulesVersion, 1);
    // The teacher's review shows them too.
    const review = await value(b.handlers, 'reviewAttempt', { attemptId }, teacher());
    assert.equal(review.feedback.which.points, 2.67);
    assert.equal(review.feedback.sources.rulesVersion, 1);
  });

  it('let a teacher preview a re-score, refuse a stale one, and re-score every result of the lesson', async () => {
    const b = backend();
    const one = await studentWork(b, 'Ines');
    const two = await studentWork(b, 'Omar');
    for (const a of [one, two]) for (const ex of ['sources', 'which']) await value(b.handlers, 'checkStep', { attemptId: a.attemptId, exerciseId: ex });
    const results = await value(b.handlers, 'classResults', { classId: one.classId, lessonId: 'rules-mini' }, teacher());
    assert.equal(results.olderRules, 0);
    // Ines's results as the first rules gave them; Omar's choice too, his highlight scored today.
    asIfFirstRules(b.db, one.attemptId, { which: 2.67, sources: 4.38 });
    asIfFirstRules(b.db, two.attemptId, { which: 2.67 });
    const today = (b.db.prepare(`SELECT points FROM results WHERE attempt_id = ? AND exercise_id = 'sources'`).pluck().get(two.attemptId) as number);
    assert.equal((await value(b.handlers, 'classResults', { classId: one.classId, lessonId: 'rules-mini' }, teacher())).olderRules, 3);

    const preview = await value(b.handlers, 'rescorePreview', { lessonId: 'rules-mini' }, teacher());
    assert.equal(preview.scored, 4);
    assert.equal(preview.older, 3);
    assert.equal(preview.toUpdate, 3);
    assert.equal(preview.changeCount, 3);
    assert.deepEqual(
      preview.changes.map((c: any) => [c.student.displayName, c.attemptNumber, c.stepTitle, c.before, c.after, c.fromVersion]),
      [
        ['Ines', 1, 'Sources', 4.38, today, 1],
        ['Ines', 1, 'Which are true?', 2.67, 0, 1],
        ['Omar', 1, 'Which are true?', 2.67, 0, 1],
      ],
    );
    // Nothing stored by a preview.
    assert.equal(b.db.prepare('SELECT count(*) FROM results WHERE rules_version = 1').pluck().get(), 3);
    // A student checks a step after the preview (here: a result changes): the preview's token no longer holds.
    b.db.prepare(`UPDATE results SET points = 2 WHERE attempt_id = ? AND exercise_id = 'which'`).run(two.attemptId);
    const stale = await call(b.handlers, 'rescoreLesson', { lessonId: 'rules-mini', token: preview.token }, teacher());
    assert.equal(stale.ok, false);
    if (!stale.ok) {
      assert.equal(stale.error.code, 'conflict');
      assert.match(stale.error.message, /changed since the preview.*Look at the preview again/);
    }
    assert.equal(b.db.prepare('SELECT count(*) FROM results WHERE rules_version = 1').pluck().get(), 3, 'nothing re-scored');
    // A student may not re-score.
    const byStudent = await call(b.handlers, 'rescorePreview', { lessonId: 'rules-mini' });
    assert.equal(byStudent.ok, false);

    const fresh = await value(b.handlers, 'rescorePreview', { lessonId: 'rules-mini' }, teacher());
    const done = await value(b.handlers, 'rescoreLesson', { lessonId: 'rules-mini', token: fresh.token }, teacher());
    assert.deepEqual(done, { rescored: 3, changed: 3 });
    assert.deepEqual(
      b.db.prepare('SELECT attempt_id = ? AS ines, exercise_id, points, rules_version FROM results ORDER BY ines DESC, exercise_id').all(one.attemptId),
      [
        { ines: 1, exercise_id: 'sources', points: today, rules_version: 2 },
        { ines: 1, exercise_id: 'which', points: 0, rules_version: 2 },
        { ines: 0, exercise_id: 'sources', points: today, rules_version: 2 },
        { ines: 0, exercise_id: 'which', points: 0, rules_version: 2 },
      ],
    );
    const state = await value(b.handlers, 'getAttempt', { attemptId: one.attemptId });
    assert.equal(state.feedback.which.points, 0);
    assert.equal(state.feedback.which.rulesVersion, undefined);
    assert.equal((await value(b.handlers, 'classResults', { classId: one.classId, lessonId: 'rules-mini' }, teacher())).olderRules, 0);
    const nothing = await value(b.handlers, 'rescorePreview', { lessonId: 'rules-mini' }, teacher());
    assert.equal(nothing.toUpdate, 0);
    assert.equal(nothing.changeCount, 0);
  });

  it('travel in backups, each result checked against the rules it says scored it', async () => {
    const b = backend();
    const { attemptId, classId } = await studentWork(b);
    for (const ex of ['sources', 'which']) await value(b.handlers, 'checkStep', { attemptId, exerciseId: ex });
    asIfFirstRules(b.db, attemptId, { which: 2.67, sources: 4.38 });
    const file = await buildBackup(b.store, classId);
    assert.equal(file.version, 4);
    assert.deepEqual(file.attempts[0]!.results.map((r) => [r.exerciseId, r.points, r.rulesVersion]).sort(), [['sources', 4.38, 1], ['which', 2.67, 1]]);
    const copy = (): Backup => JSON.parse(JSON.stringify(file)) as Backup;
    const into = () => backend();

    // Checked against version 1's scorer, stored with version 1: the teacher there can re-score too.
    const other = into();
    importBackup(other.store, parseBackup(JSON.stringify(file)));
    assert.deepEqual(other.db.prepare('SELECT exercise_id, points, rules_version FROM results ORDER BY exercise_id').all(), [
      { exercise_id: 'sources', points: 4.38, rules_version: 1 },
      { exercise_id: 'which', points: 2.67, rules_version: 1 },
    ]);

    // Points that are today's, claimed as version 1's: not what the file says.
    let f = copy();
    f.attempts[0]!.results.find((r) => r.exerciseId === 'which')!.points = 0;
    assert.throws(() => importBackup(into().store, parseBackup(JSON.stringify(f))), /step “Which are true\?”: the backup says 0 points, but its answers score 2.67 of 4 against the key \(under version 1 of the scoring rules/);
    // A version this copy of Lede does not know.
    f = copy();
    f.attempts[0]!.results[0]!.rulesVersion = 7;
    assert.throws(() => importBackup(into().store, parseBackup(JSON.stringify(f))), /scored under version 7 of the scoring rules, which this copy of Lede does not know \(it knows 1–2\); update Lede/);
    // A file that says it is older than versions, yet has a later one.
    f = copy();
    f.version = 3 as never;
    f.attempts[0]!.results.find((r) => r.exerciseId === 'which')!.rulesVersion = 2;
    f.attempts[0]!.results.find((r) => r.exerciseId === 'which')!.points = 0;
    assert.throws(() => importBackup(into().store, parseBackup(JSON.stringify(f))), /says it is version 3, made before results recorded the version of the scoring rules/);
    // A version 3 file (no version on its results) is read as the first rules'.
    f = copy();
    f.version = 3 as never;
    for (const r of f.attempts[0]!.results) delete (r as { rulesVersion?: number }).rulesVersion;
    const old = into();
    importBackup(old.store, parseBackup(JSON.stringify(f)));
    assert.deepEqual(old.db.prepare('SELECT rules_version FROM results').pluck().all(), [1, 1]);

    // The same attempt, re-scored on one computer: importing the other's copy keeps the copy here and says so.
    const fresh = await value(other.handlers, 'rescorePreview', { lessonId: 'rules-mini' }, teacher());
    await value(other.handlers, 'rescoreLesson', { lessonId: 'rules-mini', token: fresh.token }, teacher());
    const report = importBackup(other.store, parseBackup(JSON.stringify(file)));
    assert.ok(report.notes.some((n) => /scored under version 2 of the scoring rules on this computer and version 1 in the backup; the result on this computer was kept/.test(n)), report.notes.join('\n'));
    assert.deepEqual(other.db.prepare('SELECT rules_version FROM results').pluck().all(), [2, 2]);
  });

  it('lede rescore shows the changes, and re-scores with --apply', async () => {
    const path = join(tempDir(), 'lede.sqlite');
    const b = backend(path);
    const { attemptId } = await studentWork(b);
    await value(b.handlers, 'checkStep', { attemptId, exerciseId: 'which' });
    asIfFirstRules(b.db, attemptId, { which: 2.67 });
    b.store.close();
    const out: string[] = [];
    const io = { out: (s: string) => out.push(s), err: (s: string) => out.push(`ERR ${s}`) };
    assert.equal(await run(['rescore', 'rules-mini', '--db', path], io as never), 0);
    assert.deepEqual(out, [
      'Two rules: 1 result scored automatically, 1 under earlier rules than today’s (version 2).',
      '  Ines, attempt 1, Which are true?: 2.67 → 0 of 4 (was version 1)',
      '1 result would change. Run again with --apply to re-score 1.',
    ]);
    out.length = 0;
    assert.equal(await run(['rescore', 'rules-mini', '--apply', '--db', path], io as never), 0);
    assert.equal(out.at(-1), 'Re-scored 1 result under version 2 of the rules; 1 got other points.');
    out.length = 0;
    assert.equal(await run(['rescore', 'rules-mini', '--db', path], io as never), 0);
    assert.equal(out.at(-1), 'Nothing to re-score: every result is scored under today’s rules.');
  });
});
