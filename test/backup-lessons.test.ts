// A lesson text in a backup is accepted only if it matches a lesson on this computer,
// or is imported as the teacher's own lesson after a preview (issue 20). A text's
// sha-256 only vouches for itself: a backup can carry a copy of the seed lesson with
// another key and a hash that matches it. The teacher's calls are used as the app
// uses them (previewBackup, then importBackup), and rows are read back from SQLite.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Database } from 'better-sqlite3';
import { ClassroomManager } from '../src/core/classroom/manager.ts';
import { openDatabase } from '../src/core/db/open.ts';
import { Store } from '../src/core/db/store.ts';
import { buildBackup } from '../src/core/export/backup-build.ts';
import type { Backup } from '../src/core/export/backup-format.ts';
import { lessonDifferences } from '../src/core/export/backup-lessons.ts';
import { ExportJobs } from '../src/core/export/jobs.ts';
import { parseLesson } from '../src/core/lessons/parse.ts';
import { dispatch } from '../src/core/services/dispatch.ts';
import { createHandlers } from '../src/core/services/lede-service.ts';
import { createTeacherHandlers, type CallContext } from '../src/core/services/teacher-service.ts';
import type { BackupPreviewDto, ImportReportDto } from '../src/shared/teacher-api.ts';
import { OLD_SEED_FILE, tempDir } from './helpers.ts';

const SOURCE = readFileSync(OLD_SEED_FILE, 'utf8');
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

// The altered key: “The headline repeats a sentence that appears word for word in the body” becomes a true statement.
const UNTRUE_OPTION = /(- id: same-words\n {8}text: [^\n]*\n {8}correct: )false/;
const ALTERED = SOURCE.replace(UNTRUE_OPTION, '$1true');

const teacher = (): CallContext => ({ teacher: true, mayChoosePin: false, grantTeacher: () => {}, revokeTeacher: () => {} });
const student = (): CallContext => ({ teacher: false, mayChoosePin: false, grantTeacher: () => {}, revokeTeacher: () => {} });
type Env = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

const readers: Database[] = [];
after(() => readers.forEach((db) => db.close()));

/** A computer: its database file, with the seed lesson (as the tests of backups have it) unless `empty`. */
function computer(dir: string, name: string, opts: { empty?: boolean } = {}) {
  const path = join(dir, `${name}.sqlite`);
  const store = new Store(openDatabase(path));
  if (!opts.empty) {
    const parsed = parseLesson(SOURCE, 'asif-dirty-work.md');
    if (!parsed.ok) throw new Error(parsed.problems[0]?.message);
    store.importLesson({ lesson: parsed.lesson, source: SOURCE, file: 'asif-dirty-work.md' });
  }
  const handlers = { ...createHandlers(store), ...createTeacherHandlers({ store, jobs: new ExportJobs(store), classroom: new ClassroomManager(store, { staticDir: '/nonexistent' }) }) };
  const rows = openDatabase(path, { readonly: true });
  readers.push(rows);
  const call = async (name: string, input: unknown, c: CallContext = teacher()) => (await dispatch(handlers as never, name, input, c)) as Env;
  const value = async <T>(name: string, input: unknown, c: CallContext = teacher()): Promise<T> => {
    const env = await call(name, input, c);
    if (!env.ok) throw new Error(`${env.error.code}: ${env.error.message}`);
    return env.value as T;
  };
  /** Every row the import writes to, to compare before and after. */
  const dump = () =>
    JSON.stringify(
      ['lessons', 'lesson_versions', 'lesson_origins', 'classes', 'students', 'class_members', 'assignments', 'attempts', 'highlights', 'responses', 'results'].map((t) => rows.prepare(`SELECT * FROM ${t} ORDER BY 1`).all()),
    );
  return { store, rows, call, value, dump };
}

/**
 * The other computer: class “Year 9 Media”, where Ines ticked three statements of
 * “Headline versus body” (two true, one untrue) and checked the step. Its backup.
 */
async function classBackup(dir: string): Promise<Backup> {
  const a = computer(dir, 'other');
  const cls = await a.value<{ id: string }>('createClass', { name: 'Year 9 Media' });
  const { id: studentId } = await a.value<{ id: string }>('addStudent', { classId: cls.id, displayName: 'Ines Duarte' });
  const open = await a.value<{ attempt: { id: string } }>('openLesson', { studentId, lessonId: 'asif-dirty-work' }, student());
  const attemptId = open.attempt.id;
  await a.value('putResponse', { attemptId, exerciseId: 'headline-vs-body', answer: { choices: ['tense', 'withheld', 'same-words'] } }, student());
  const checked = await a.value<{ points: number }>('checkStep', { attemptId, exerciseId: 'headline-vs-body' }, student());
  // By hand, under today's rules: 2 of 2 true statements (1) − 1 of 2 untrue ones (½) = ½ of 4 points.
  assert.equal(checked.points, 2);
  const backup = await buildBackup(a.store, cls.id);
  a.store.close();
  return backup;
}

/** The backup as a careless colleague (or an attacker) hands it on: its copy of the lesson has another key, its hash recomputed, its points scored by that key. */
function withAlteredKey(backup: Backup): Backup {
  const forged = structuredClone(backup);
  const hash = sha256(ALTERED);
  forged.lessonVersions = forged.lessonVersions.map((v) => ({ ...v, source: ALTERED, hash }));
  for (const a of forged.attempts) {
    a.lessonHash = hash;
    // Under the altered key the three ticked statements are all the true ones: 3 of 3 (1) − 0 of 1 untrue = 4 of 4 points.
    for (const r of a.results) if (r.exerciseId === 'headline-vs-body') r.points = 4;
  }
  return forged;
}

describe('a lesson text a backup brings that is not on this computer', async () => {
  const dir = tempDir('lede-backup-lessons-');
  assert.notEqual(ALTERED, SOURCE, 'the key was altered');
  const honest = await classBackup(dir);
  const forged = withAlteredKey(honest);
  const forgedJson = JSON.stringify(forged);
  const forgedHash = sha256(ALTERED);

  it('a backup whose texts are all on this computer previews with none listed and imports as before', async () => {
    const b = computer(dir, 'known');
    const before = b.dump();
    const preview = await b.value<BackupPreviewDto>('previewBackup', { json: JSON.stringify(honest) });
    assert.equal(b.dump(), before, 'the preview writes nothing');
    assert.deepEqual(preview.lessonTexts, []);
    assert.deepEqual(
      { className: preview.className, classHere: preview.classHere, students: preview.students, attempts: preview.attempts, results: preview.results },
      { className: 'Year 9 Media', classHere: null, students: 1, attempts: 1, results: 1 },
    );
    const report = await b.value<ImportReportDto>('importBackup', { json: JSON.stringify(honest) });
    assert.deepEqual(
      [report.classCreated, report.students, report.attempts, report.results, report.lessonVersions],
      [preview.adds.classCreated, preview.adds.students, preview.adds.attempts, preview.adds.results, preview.adds.lessonVersions],
      'the preview said what the import adds',
    );
    assert.deepEqual([report.students, report.attempts, report.results, report.lessonVersions], [1, 1, 1, 0]);
    assert.deepEqual({ ...(b.rows.prepare(`SELECT points FROM results WHERE exercise_id = 'headline-vs-body'`).get() as object) }, { points: 2 });
    assert.equal((b.rows.prepare('SELECT count(*) AS n FROM lesson_versions').get() as { n: number }).n, 1);
    // A list of accepted texts where the file brings none is refused: there is nothing to accept.
    const again = await b.call('importBackup', { json: JSON.stringify(honest), acceptLessons: [{ lessonId: 'asif-dirty-work', hash: forgedHash }] });
    assert.equal(again.ok, false);
  });

  it('an altered key (its hash recomputed) is refused without acceptance, naming the lesson; nothing is written', async () => {
    const b = computer(dir, 'refused');
    const before = b.dump();
    const env = await b.call('importBackup', { json: forgedJson });
    assert.equal(env.ok, false);
    if (env.ok) return;
    assert.equal(env.error.code, 'invalid_input');
    assert.equal(
      env.error.message,
      'The backup brings a text of lesson “asif-dirty-work” (“Dirty work”: what did Pakistan’s defence minister actually say?) that is not on this computer: a version that differs from every version of that lesson here, with a different key or points. ' +
        'Its attempts would be scored against that text, so the backup is imported only after you preview it and accept the text as your own lesson. Nothing was imported.',
    );
    assert.equal(b.dump(), before, 'nothing stored changed');
    assert.equal((b.rows.prepare('SELECT count(*) AS n FROM classes').get() as { n: number }).n, 0);
  });

  it('the preview lists it as a version of the lesson here, saying which step’s key differs; nothing is written', async () => {
    const b = computer(dir, 'preview');
    const before = b.dump();
    const preview = await b.value<BackupPreviewDto>('previewBackup', { json: forgedJson });
    assert.equal(b.dump(), before, 'the preview writes nothing');
    assert.deepEqual(preview.lessonTexts, [
      {
        lessonId: 'asif-dirty-work',
        hash: forgedHash,
        title: '“Dirty work”: what did Pakistan’s defence minister actually say?',
        version: 1,
        relation: 'other-version',
        here: { title: '“Dirty work”: what did Pakistan’s defence minister actually say?', version: 1 },
        keyDiffers: true,
        differences: ['Step 4, “Headline versus body”: a different key.'],
        attempts: 1,
      },
    ]);
    // What importing would add, the import run and undone: the class, Ines, her attempt and result, and the lesson text.
    assert.deepEqual([preview.adds.classCreated, preview.adds.students, preview.adds.attempts, preview.adds.results, preview.adds.lessonVersions], [true, 1, 1, 1, 1]);
  });

  it('an accept list naming another hash, or missing the text, is refused; nothing is written', async () => {
    const b = computer(dir, 'mismatch');
    const before = b.dump();
    const other = await b.call('importBackup', { json: forgedJson, acceptLessons: [{ lessonId: 'asif-dirty-work', hash: sha256(SOURCE + '\n') }] });
    assert.equal(other.ok, false);
    if (!other.ok) {
      assert.match(other.error.message, /^The lesson texts accepted are not the ones this backup brings that are not on this computer: a text of lesson “asif-dirty-work” \(sha-256 [0-9a-f]{12}…\) was accepted, but the backup brings no such text that is not on this computer; the text of lesson “asif-dirty-work” \(.+\) is not on this computer and was not accepted\. Preview the backup again\. Nothing was imported\.$/);
    }
    const extra = await b.call('importBackup', { json: forgedJson, acceptLessons: [{ lessonId: 'asif-dirty-work', hash: forgedHash }, { lessonId: 'another-lesson', hash: forgedHash }] });
    assert.equal(extra.ok, false);
    if (!extra.ok) assert.match(extra.error.message, /a text of lesson “another-lesson” .* was accepted, but the backup brings no such text/);
    const notAHash = await b.call('importBackup', { json: forgedJson, acceptLessons: [{ lessonId: 'asif-dirty-work', hash: 'yes' }] });
    assert.equal(notAHash.ok, false);
    assert.equal(b.dump(), before, 'nothing stored changed');
  });

  it('accepted after the preview, it is stored as a version of the lesson and the attempts are scored against it', async () => {
    const b = computer(dir, 'accepted');
    const preview = await b.value<BackupPreviewDto>('previewBackup', { json: forgedJson });
    const report = await b.value<ImportReportDto>('importBackup', { json: forgedJson, acceptLessons: preview.lessonTexts.map(({ lessonId, hash }) => ({ lessonId, hash })), fileName: 'C:\\fakepath\\year-9.json' });
    assert.deepEqual([report.students, report.attempts, report.results, report.lessonVersions], [1, 1, 1, 1]);
    const versions = b.rows.prepare(`SELECT id, version, hash, file FROM lesson_versions WHERE lesson_id = 'asif-dirty-work' ORDER BY version`).all() as { id: number; version: number; hash: string; file: string | null }[];
    assert.deepEqual(
      versions.map(({ version, hash, file }) => ({ version, hash, file })),
      [
        { version: 1, hash: sha256(SOURCE), file: 'asif-dirty-work.md' },
        { version: 2, hash: forgedHash, file: null },
      ],
    );
    // The teacher's own version stays the one students open.
    assert.deepEqual({ ...(b.rows.prepare(`SELECT current_version_id AS v FROM lessons WHERE id = 'asif-dirty-work'`).get() as object) }, { v: versions[0]!.id });
    const row = b.rows.prepare(`SELECT a.lesson_version_id AS v, r.points FROM results r JOIN attempts a ON a.id = r.attempt_id WHERE r.exercise_id = 'headline-vs-body'`).get() as { v: number; points: number };
    // Scored against the accepted text: 4 of 4 (against the key here it would be 2).
    assert.deepEqual({ ...row }, { v: versions[1]!.id, points: 4 });
    // The lesson was already here: where it came from is not changed (it has no origin row: it came with the lessons folder).
    assert.equal((b.rows.prepare('SELECT count(*) AS n FROM lesson_origins').get() as { n: number }).n, 0);
    // The same file again adds nothing and needs no acceptance: the text is on this computer now.
    const again = await b.value<ImportReportDto>('importBackup', { json: forgedJson });
    assert.deepEqual([again.students, again.attempts, again.results, again.lessonVersions], [0, 0, 0, 0]);
  });

  it('on a computer without the lesson it is “a lesson not on this computer”; accepted, it is recorded as imported from the backup’s file', async () => {
    const b = computer(dir, 'fresh', { empty: true });
    const before = b.dump();
    const env = await b.call('importBackup', { json: JSON.stringify(honest) });
    assert.equal(env.ok, false);
    if (!env.ok) assert.match(env.error.message, /^The backup brings a text of lesson “asif-dirty-work” \(.+\) that is not on this computer: a lesson not on this computer\. /);
    assert.equal(b.dump(), before);
    const preview = await b.value<BackupPreviewDto>('previewBackup', { json: JSON.stringify(honest) });
    assert.deepEqual(
      preview.lessonTexts.map(({ lessonId, relation, here, keyDiffers, differences, attempts }) => ({ lessonId, relation, here, keyDiffers, differences, attempts })),
      [{ lessonId: 'asif-dirty-work', relation: 'new-lesson', here: null, keyDiffers: false, differences: [], attempts: 1 }],
    );
    assert.equal(b.dump(), before, 'the preview writes nothing');
    await b.value('importBackup', { json: JSON.stringify(honest), acceptLessons: preview.lessonTexts, fileName: 'C:\\fakepath\\year-9.json' });
    assert.deepEqual({ ...(b.rows.prepare('SELECT lesson_id, kind, file_name FROM lesson_origins').get() as object) }, { lesson_id: 'asif-dirty-work', kind: 'imported', file_name: 'year-9.json' });
    assert.deepEqual({ ...(b.rows.prepare(`SELECT points FROM results WHERE exercise_id = 'headline-vs-body'`).get() as object) }, { points: 2 });
  });
});

describe('a backup’s lesson texts are lesson files from elsewhere', async () => {
  const dir = tempDir('lede-backup-apart-');
  const honest = await classBackup(dir);

  it('a text not on this computer that cannot be a lesson (200,000 list items, which overflowed the checker) is refused in words; nothing written', async () => {
    const b = computer(dir, 'apart');
    const before = b.dump();
    const hostile = SOURCE.replace('exercises:\n', `junk:\n${'  - 1\n'.repeat(200_000)}exercises:\n`);
    const v = honest.lessonVersions[0]!;
    const forged = { ...honest, lessonVersions: [{ ...v, source: hostile, hash: sha256(hostile) }], attempts: honest.attempts.map((a) => ({ ...a, lessonHash: sha256(hostile) })) };
    const env = await b.call('previewBackup', { json: JSON.stringify(forged) });
    assert.equal(env.ok, false);
    if (env.ok) return;
    assert.match(env.error.message, /^The backup's copy of lesson “asif-dirty-work” is not a valid lesson \(line \d+: a list of 200,000 items: a lesson's lists hold at most 1,000\)\. Nothing was imported\.$/);
    assert.equal(b.dump(), before);
  });

  it('a backup holds at most 200 lesson texts', async () => {
    const b = computer(dir, 'many-texts');
    const v = honest.lessonVersions[0]!;
    const many = { ...honest, lessonVersions: Array.from({ length: 201 }, (_, i) => ({ ...v, version: i + 1 })) };
    const env = await b.call('previewBackup', { json: JSON.stringify(many) });
    assert.equal(env.ok, false);
    if (!env.ok) assert.equal(env.error.message, 'The backup is damaged or from another version: lessonVersions: more than 200 lesson texts; a backup holds the texts its attempts were made on, at most 200. Nothing was imported.');
  });
});

describe('how a lesson text differs from the lesson here, in the teacher’s words', () => {
  const parse = (src: string) => {
    const p = parseLesson(src, 'asif-dirty-work.md');
    if (!p.ok) throw new Error(p.problems[0]?.message);
    return p.lesson;
  };
  const here = parse(SOURCE);

  it('names each step whose key, points or options differ', () => {
    const changed = SOURCE.replace(UNTRUE_OPTION, '$1true')
      .replace(/(- id: headline-vs-body[\s\S]*?points: )4/, '$16')
      .replace('text: The headline tells you when and where the interview took place.', 'text: The headline gives the date of the interview.');
    const d = lessonDifferences(here, parse(changed));
    assert.deepEqual(d, { keyDiffers: true, differences: ['Step 4, “Headline versus body”: a different key; worth 6 points (4 here); different options.'] });
  });

  it('says when only the points of a written answer’s criteria differ, and when only the words do', () => {
    const criteria = lessonDifferences(here, parse(SOURCE.replace(/(- id: check-the-quote[\s\S]*?points: )2/, '$13')));
    assert.equal(criteria.keyDiffers, true);
    assert.match(criteria.differences[0]!, /^Step 5, “.+”: different marking criteria/);
    const words = lessonDifferences(here, parse(SOURCE.replace('Right. Cutting the sentence off', 'Yes. Cutting the sentence off')));
    assert.deepEqual(words, { keyDiffers: false, differences: ['Step 4, “Headline versus body”: different wording, feedback or explanations.'] });
    const layout = lessonDifferences(here, parse(SOURCE + '\n'));
    assert.equal(layout.keyDiffers, false);
    assert.equal(layout.differences.length, 1);
  });

  it('names a step only in the backup and one only here', () => {
    const d = lessonDifferences(here, parse(SOURCE.replace('id: check-the-quote', 'id: check-the-quote-2')));
    assert.equal(d.keyDiffers, true);
    assert.ok(d.differences.some((x) => /^Step 5, “.+”, is only in the backup \(\d+ points?\)\.$/.test(x)), d.differences.join(' | '));
    assert.ok(d.differences.some((x) => /^Step “.+” of the lesson here is not in the backup’s text\.$/.test(x)), d.differences.join(' | '));
  });
});
