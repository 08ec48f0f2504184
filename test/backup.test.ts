import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../src/core/db/open.ts';
import { Store } from '../src/core/db/store.ts';
import { buildBackup } from '../src/core/export/backup-build.ts';
import { parseBackup, type Backup } from '../src/core/export/backup-format.ts';
import { importBackup, previewBackup } from '../src/core/export/backup-import.ts';
import { loadLessonFile } from '../src/core/lessons/load.ts';
import { scoreExercise } from '../src/core/scoring/attempt.ts';
import { createSampleClass } from '../src/core/teacher/sample.ts';
import { OLD_SEED_FILE, tempDir } from './helpers.ts';

// A backup is a file from elsewhere: every record is checked against the lesson it
// names and against what is already stored, and a file with one bad record is
// refused whole, with a message naming that record, and nothing stored changes.

const TABLES = ['lessons', 'lesson_versions', 'classes', 'students', 'class_members', 'attempts', 'highlights', 'responses', 'results'];

/** Each store's file, read back on a read-only connection of its own (the store's connection is its own business). */
const readers = new Map<Store, Database>();
after(() => {
  for (const db of readers.values()) db.close();
});

function openStore(path: string): Store {
  const store = Store.open(path);
  readers.set(store, openDatabase(path, { readonly: true }));
  return store;
}

/** Rows as stored in the store's file. */
function sql(store: Store): Database {
  return readers.get(store)!;
}

/** Every row of every table the import writes to, to compare before and after. */
function dump(store: Store): string {
  return JSON.stringify(TABLES.map((t) => sql(store).prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()));
}

function lessonStore(dir: string, name: string): Store {
  const store = openStore(join(dir, name));
  const r = loadLessonFile(OLD_SEED_FILE);
  if (!r.ok) throw new Error('seed');
  store.importLesson(r.loaded);
  return store;
}

const copy = (b: Backup): Backup => structuredClone(b);

/** As a teacher does: previews the file, then imports it accepting the lesson texts the preview listed as not on this computer. */
function importAfterPreview(store: Store, backup: Backup) {
  return importBackup(store, backup, { acceptLessons: previewBackup(store, backup).lessonTexts });
}

/** Makes an attempt's claimed score for a step what its answers in the backup score, so only the change under test is wrong. */
function rescore(store: Store, a: Backup['attempts'][number], exerciseId: string): void {
  const ex = store.lessonVersion(store.currentVersionId('asif-dirty-work')).exercises.find((e) => e.id === exerciseId)!;
  const spans = a.highlights.filter((h) => h.exerciseId === exerciseId).map(({ start, end, label }) => ({ start, end, label }));
  const resp = a.responses.find((r) => r.exerciseId === exerciseId);
  const answer = ex.kind === 'highlight' ? { spans } : ex.kind === 'choice' ? { choices: resp?.choices ?? [] } : { text: resp?.text ?? '' };
  const r = a.results.find((x) => x.exerciseId === exerciseId)!;
  r.points = scoreExercise(ex, answer).points;
}

async function fixture() {
  const dir = tempDir('lede-backup-');
  const store = lessonStore(dir, 'a.sqlite');
  const sample = createSampleClass(store, { students: 16, seed: 5, className: 'Year 9 Media' });
  const backup = await buildBackup(store, sample.classId);
  const lesson = store.lessonVersion(store.currentVersionId('asif-dirty-work'));
  const nameOf = (studentId: string) => backup.students.find((s) => s.id === studentId)!.displayName;
  /** The first attempt with a result for `exerciseId` (and the result's index). */
  const withResult = (b: Backup, exerciseId: string, status?: string) => {
    for (const a of b.attempts) {
      const i = a.results.findIndex((r) => r.exerciseId === exerciseId && (!status || r.status === status));
      if (i >= 0) return { a, i, r: a.results[i]!, who: `Attempt ${a.number} of student “${nameOf(a.studentId)}”` };
    }
    throw new Error(`no attempt with a result for ${exerciseId}`);
  };
  return { dir, store, backup, lesson, nameOf, withResult, classId: sample.classId };
}

/** A fresh computer: migrations only, no lesson, no class. */
function freshStore(dir: string, name = 'fresh.sqlite'): Store {
  return openStore(join(dir, name));
}

function refused(store: Store, backup: Backup, message: RegExp): void {
  const before = dump(store);
  assert.throws(() => importBackup(store, backup), (err: Error) => {
    assert.match(err.message, message);
    assert.match(err.message, /Nothing was imported\.$/);
    return true;
  });
  assert.equal(dump(store), before, 'nothing stored changed');
}

describe('backup import checks every record against its lesson', async () => {
  const f = await fixture();
  const fresh = freshStore(f.dir);

  it('a valid backup imports on a fresh computer with no lesson and no class', () => {
    const other = freshStore(f.dir, 'valid.sqlite');
    const report = importAfterPreview(other, copy(f.backup));
    assert.equal(report.classCreated, true);
    assert.equal(report.className, 'Year 9 Media');
    const n = (t: string) => (sql(other).prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
    assert.equal(n('students'), 16);
    assert.equal(n('attempts'), f.backup.attempts.length);
    assert.equal(n('lesson_versions'), 1);
    other.close();
  });

  it('refuses 999 points on a 10-point step, naming the record; nothing is stored', () => {
    const b = copy(f.backup);
    const { r, who } = f.withResult(b, 'sources');
    r.points = 999;
    refused(fresh, b, new RegExp(`^${who}, step “Sources”: .*999`));
    assert.equal(dump(fresh), dump(freshStore(f.dir, 'empty.sqlite')), 'the fresh database is still empty');
  });

  it('refuses points that are not what the answers score against the key', () => {
    const b = copy(f.backup);
    const { r, who } = f.withResult(b, 'framing');
    r.points = Math.max(0, Math.min(10, (r.points ?? 0) + 1.5));
    refused(fresh, b, new RegExp(`^${who}, step “Framing”: the backup says ${r.points} points, but its answers score \\d`));
  });

  it('refuses −40 on a 5-point written answer, and 6 of 5', () => {
    for (const points of [-40, 6]) {
      const b = copy(f.backup);
      const { r, who } = f.withResult(b, 'check-the-quote');
      Object.assign(r, { status: 'graded', points, gradedAt: '2025-01-01T10:00:00.000Z' });
      refused(fresh, b, new RegExp(`^${who}, step “How would you check this quote\\?”: a grade of ${points} points is outside 0–5`));
    }
  });

  it('refuses a highlight that ends past the end of the article', () => {
    const b = copy(f.backup);
    const a = b.attempts.find((x) => x.highlights.length)!;
    const h = a.highlights[0]!;
    h.end = 99999;
    const step = f.lesson.exercises.find((e) => e.id === h.exerciseId)!.title;
    const chars = f.lesson.text.length.toLocaleString('en-US');
    refused(fresh, b, new RegExp(`^Attempt ${a.number} of student “${f.nameOf(a.studentId)}”, step “${step}”: highlight ${h.id} ends at 99999 but the article has ${chars} characters`));
  });

  it('refuses a label the step does not have, a step the lesson does not have, and an option that does not exist', () => {
    let b = copy(f.backup);
    let a = b.attempts.find((x) => x.highlights.some((h) => h.exerciseId === 'sources'))!;
    a.highlights.find((h) => h.exerciseId === 'sources')!.label = 'loaded';
    refused(fresh, b, /step “Sources”: highlight .* has the label “loaded”, which this step does not have \(named, anonymous, vague\)/);

    b = copy(f.backup);
    a = b.attempts.find((x) => x.highlights.length)!;
    a.highlights[0]!.exerciseId = 'no-such-step';
    refused(fresh, b, /: highlight .* belongs to step “no-such-step”, which the lesson does not have/);

    b = copy(f.backup);
    a = b.attempts.find((x) => x.responses.some((r) => r.exerciseId === 'headline-vs-body'))!;
    a.responses.find((r) => r.exerciseId === 'headline-vs-body')!.choices = ['made-up'];
    refused(fresh, b, /step “Headline versus body”: .*unknown option "made-up"/);

    b = copy(f.backup);
    a = b.attempts[0]!;
    a.results.push({ exerciseId: 'bonus', status: 'scored', points: 10, maxPoints: 10, precision: null, recall: null, f1: null, submittedAt: a.startedAt, gradedAt: null, comment: null, commentShared: false, selfCheck: null, rulesVersion: 2 });
    refused(fresh, b, /: a result for step “bonus”, which the lesson does not have/);

    b = copy(f.backup);
    b.attempts[0]!.currentStep = 99;
    refused(fresh, b, /^Attempt \d+ of student “.*”: it is at step 99, but the lesson has 5 steps/);
  });

  it('refuses a highlight step marked as waiting for a grade, and a comment on an automatically scored step', () => {
    let b = copy(f.backup);
    let { r } = f.withResult(b, 'unverified');
    Object.assign(r, { status: 'pending', points: null });
    refused(fresh, b, /step “Unverified statements”: .*scored automatically/);
    b = copy(f.backup);
    ({ r } = f.withResult(b, 'sources'));
    r.comment = 'Well done';
    refused(fresh, b, /step “Sources”: .*comment/);
  });

  it('refuses a lesson text that does not match its hash, or does not parse', () => {
    let b = copy(f.backup);
    b.lessonVersions[0]!.source = b.lessonVersions[0]!.source.replace('Sky News', 'Sky Newz');
    refused(fresh, b, /^The backup's copy of lesson “.*” does not match its sha-256 hash/);

    b = copy(f.backup);
    const v = b.lessonVersions[0]!;
    v.source = v.source.replace('kind: highlight', 'kind: hilite');
    const oldHash = v.hash;
    v.hash = createHash('sha256').update(v.source, 'utf8').digest('hex');
    for (const a of b.attempts) if (a.lessonHash === oldHash) a.lessonHash = v.hash;
    refused(fresh, b, /^The backup's copy of lesson “asif-dirty-work” is not a valid lesson/);
  });

  it('refuses an attempt whose student the backup does not list, even when that student is stored here', () => {
    const b = copy(f.backup);
    const a = b.attempts[0]!;
    b.students = b.students.filter((s) => s.id !== a.studentId);
    for (const x of b.attempts.slice(1)) if (x.studentId === a.studentId) x.studentId = b.students[0]!.id;
    refused(f.store, b, /: its student is not in the backup's list of students/);
  });

  it('names the record in a damaged file', () => {
    const b = copy(f.backup) as unknown as { attempts: { highlights: { start: unknown }[]; number: number; studentId: string }[] };
    const a = b.attempts.find((x) => x.highlights.length)!;
    a.highlights[0]!.start = -5;
    assert.throws(
      () => parseBackup(JSON.stringify(b)),
      (err: Error) => new RegExp(`^The backup is damaged: attempt ${a.number} of student “${f.nameOf(a.studentId)}”, highlight 1, start: .*Nothing was imported\\.$`).test(err.message),
    );
  });
});

describe('backup import never adds to or changes what is stored', async () => {
  const f = await fixture();

  it('refuses a forged highlight added to a checked step of an attempt already stored', () => {
    const b = copy(f.backup);
    const { a, who } = f.withResult(b, 'sources');
    a.highlights.push({ id: 'forged-1', exerciseId: 'sources', start: 0, end: 5, label: 'named', createdAt: a.startedAt, updatedAt: a.startedAt });
    rescore(f.store, a, 'sources');
    refused(f.store, b, new RegExp(`^${who}, step “Sources”: .*already stored on this computer`));
  });

  it('refuses a result added to an attempt already stored', () => {
    const b = copy(f.backup);
    const a = b.attempts.find((x) => x.results.length > 0 && x.results.length < 5 && !x.results.some((r) => r.exerciseId === 'headline-vs-body'))!;
    assert.ok(a, 'a student who stopped before the choice step');
    a.responses.push({ exerciseId: 'headline-vs-body', choices: ['tense'], text: null, claims: null, updatedAt: a.startedAt });
    a.results.push({ exerciseId: 'headline-vs-body', status: 'scored', points: 0, maxPoints: 4, precision: null, recall: null, f1: null, submittedAt: a.startedAt, gradedAt: null, comment: null, commentShared: false, selfCheck: null, rulesVersion: 2 });
    rescore(f.store, a, 'headline-vs-body');
    refused(f.store, b, /step “Headline versus body”: .*not checked in the attempt stored on this computer/);
  });

  it('refuses a changed label on a checked step of an attempt already stored', () => {
    const b = copy(f.backup);
    const a = b.attempts.find((x) => x.results.some((r) => r.exerciseId === 'sources') && x.highlights.some((h) => h.exerciseId === 'sources'))!;
    const h = a.highlights.find((x) => x.exerciseId === 'sources')!;
    h.label = h.label === 'named' ? 'vague' : 'named';
    rescore(f.store, a, 'sources'); // the claimed score is consistent, so it is the change itself that is refused
    refused(f.store, b, /step “Sources”: .*different answers/);
  });

  it('refuses an attempt id that is stored here for another student', () => {
    const b = copy(f.backup);
    const [x, y] = b.attempts.filter((a, i, all) => all.findIndex((o) => o.studentId === a.studentId) === i);
    x!.studentId = y!.studentId;
    x!.number = 99;
    refused(f.store, b, /is stored on this computer as a different attempt/);
  });

  it('the same file twice adds nothing, and a grade from the other computer completes an answer still waiting here', async () => {
    const dir = f.dir;
    const other = freshStore(dir, 'grading.sqlite');
    importAfterPreview(other, copy(f.backup));
    const pending = f.withResult(f.backup, 'check-the-quote', 'pending');
    // The teacher grades it on the other computer.
    assert.equal(other.results.grade(pending.a.id, 'check-the-quote', 4, 'Good: you went to the original.', false, '2025-02-01T09:00:00.000Z'), true);
    const back = await buildBackup(other, f.classId);
    const before = dump(f.store);
    const report = importBackup(f.store, back);
    assert.equal(report.results, 1, 'one grade completed');
    const row = sql(f.store).prepare(`SELECT status, points, comment FROM results WHERE attempt_id = ? AND exercise_id = 'check-the-quote'`).get(pending.a.id);
    assert.deepEqual({ ...(row as object) }, { status: 'graded', points: 4, comment: 'Good: you went to the original.' });
    const after = dump(f.store);
    assert.notEqual(after, before);
    const again = importBackup(f.store, back);
    assert.deepEqual([again.students, again.attempts, again.highlights, again.responses, again.results, again.lessonVersions], [0, 0, 0, 0, 0, 0]);
    assert.equal(dump(f.store), after);
    other.close();
  });

  it('an older copy of an attempt still in progress here keeps the copy here, and says so', async () => {
    const dir = f.dir;
    const store = lessonStore(dir, 'progress.sqlite');
    const sample = createSampleClass(store, { students: 3, seed: 9, className: 'Progress' });
    const student = sql(store).prepare('SELECT student_id AS id FROM class_members WHERE class_id = ? LIMIT 1').get(sample.classId) as { id: string };
    const attempt = store.startAttempt(student.id, 'asif-dirty-work');
    store.putHighlight(attempt.id, 'sources', { id: 'wip-1', start: 1543, end: 1561, label: 'anonymous' });
    const old = await buildBackup(store, sample.classId);
    store.deleteHighlight(attempt.id, 'sources', 'wip-1');
    store.putHighlight(attempt.id, 'sources', { id: 'wip-2', start: 1543, end: 1561, label: 'vague' });
    const before = dump(store);
    const report = importBackup(store, old);
    assert.equal(dump(store), before, 'the attempt here is kept as it is');
    assert.ok(report.notes.some((n) => /^Work not yet checked differs from the backup.s copy in an attempt already on this computer \(Attempt 2 of student “.+”\): .*the copy here was kept\.$/.test(n)), report.notes.join(' | '));
    store.close();
  });
  it('an attempt made on each computer with the same number comes after the one here, and importing it again adds nothing', async () => {
    const dir = f.dir;
    const a = lessonStore(dir, 'twin-a.sqlite');
    const sample = createSampleClass(a, { students: 2, seed: 3, className: 'Twins' });
    const b = freshStore(dir, 'twin-b.sqlite');
    importAfterPreview(b, await buildBackup(a, sample.classId));
    const student = (sql(a).prepare('SELECT student_id AS id FROM class_members WHERE class_id = ? ORDER BY student_id LIMIT 1').get(sample.classId) as { id: string }).id;
    const onB = b.startAttempt(student, 'asif-dirty-work');
    const onA = a.startAttempt(student, 'asif-dirty-work');
    assert.equal(onA.number, onB.number);
    const backup = await buildBackup(a, sample.classId);
    const report = importBackup(b, backup);
    assert.equal(report.attempts, 1);
    assert.ok(report.notes.some((n) => n.includes(`already has an attempt ${onA.number} of that student at that lesson, so the imported one is attempt ${onA.number + 1}`)), report.notes.join(' | '));
    assert.equal((sql(b).prepare('SELECT number FROM attempts WHERE id = ?').get(onA.id) as { number: number }).number, onA.number + 1);
    const after = dump(b);
    importBackup(b, backup);
    assert.equal(dump(b), after);
    a.close();
    b.close();
  });

  it('refuses a new attempt whose highlight has the id of a highlight stored here in another attempt', () => {
    const b = copy(f.backup);
    const stored = sql(f.store).prepare('SELECT id FROM highlights LIMIT 1').get() as { id: string };
    const a = b.attempts.find((x) => x.highlights.length)!;
    a.id = 'a-new-attempt';
    a.number = 7;
    a.highlights[0]!.id = stored.id;
    for (const x of b.attempts) for (const h of x.highlights) if (x !== a && h.id === stored.id) h.id = 'renamed';
    refused(f.store, b, new RegExp(`highlight ${stored.id} has the id of a highlight already stored on this computer in another attempt`));
  });
});
