import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../src/core/db/open.ts';
import { Store } from '../src/core/db/store.ts';
import { buildBackup } from '../src/core/export/backup-build.ts';
import { parseBackup } from '../src/core/export/backup-format.ts';
import { importBackup, previewBackup } from '../src/core/export/backup-import.ts';
import { buildReportHtml } from '../src/core/export/pdf-html.ts';
import { studentReportBody } from '../src/core/export/pdf-student.ts';
import { safeCell } from '../src/core/export/cells.ts';
import { renderPdfWithChromium } from '../src/core/export/pdf-chromium.ts';
import { writeExport } from '../src/core/export/run.ts';
import { ExportCancelled, loadClassData } from '../src/core/export/tables.ts';
import { readXlsx, sheetLayout } from '../src/core/export/xlsx.ts';
import { loadLessonFile } from '../src/core/lessons/load.ts';
import { parseLesson } from '../src/core/lessons/parse.ts';
import { cleanDisplayName } from '../src/core/teacher/names.ts';
import { createSampleClass } from '../src/core/teacher/sample.ts';
import { miniLesson, OLD_SEED_FILE, tempDir } from './helpers.ts';

const HOSTILE = [
  '=HYPERLINK("http://evil.example","click")',
  '+1 555 0100',
  '-2+3',
  '@SUM(A1:A9)',
  '\tTabby',
  'زينب الحسيني',
  'דוד לוי',
  '李小龍 🐉👩🏽‍🎓',
  '<script>alert(1)</script>',
  'Ω'.repeat(500),
];

/** A store on a file, and a connection of its own to that file, to set up and read back rows with SQL. */
function openStore(path: string): { store: Store; db: Database } {
  const store = Store.open(path);
  const db = openDatabase(path);
  after(() => db.close());
  return { store, db };
}

function setup() {
  const dir = tempDir('lede-export-');
  const { store, db } = openStore(join(dir, 'lede.sqlite'));
  const r = loadLessonFile(OLD_SEED_FILE);
  if (!r.ok) throw new Error('seed');
  store.importLesson(r.loaded);
  const sample = createSampleClass(store, { students: 24, seed: 11 });
  const classes = store.classes;
  // Hostile names, each with a checked step so they have numbers.
  for (const [i, name] of HOSTILE.entries()) {
    const { id } = classes.addStudent(sample.classId, name);
    const a = store.startAttempt(id, 'asif-dirty-work');
    store.putHighlight(a.id, 'sources', { id: `hostile-${i}`, start: 1543, end: 1561, label: i % 2 ? 'anonymous' : 'vague' });
    store.submitExercise(a.id, 'sources');
  }
  // Some written answers graded, so some students have every step graded (and a total).
  db.prepare(
      `UPDATE results SET status = 'graded', points = 3, graded_at = '2025-03-01T10:00:00.000Z'
       WHERE exercise_id = 'check-the-quote' AND status = 'pending' AND attempt_id IN (SELECT attempt_id FROM results WHERE exercise_id = 'check-the-quote' ORDER BY attempt_id LIMIT 6)`,
    )
    .run();
  return { dir, store, db, classId: sample.classId, className: sample.className };
}

/** Each student's latest-attempt points per step, straight from SQL. */
function expectedPoints(db: Database, classId: string): Map<string, Map<string, number | null>> {
  const rows = db
    .prepare(
      `SELECT s.display_name AS name, r.exercise_id AS ex, r.status, r.points FROM class_members m
       JOIN students s ON s.id = m.student_id
       JOIN attempts a ON a.student_id = s.id AND a.number = (SELECT max(number) FROM attempts x WHERE x.student_id = s.id)
       JOIN results r ON r.attempt_id = a.id WHERE m.class_id = ?`,
    )
    .all(classId) as { name: string; ex: string; status: string; points: number | null }[];
  const out = new Map<string, Map<string, number | null>>();
  for (const r of rows) {
    let m = out.get(r.name);
    if (!m) out.set(r.name, (m = new Map()));
    m.set(r.ex, r.status === 'pending' ? null : r.points);
  }
  return out;
}

const STEPS = ['sources', 'framing', 'unverified', 'headline-vs-body', 'check-the-quote'];
const unneutralise = (s: string) => (/^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s);

describe('exports read back give the numbers in the database', () => {
  const { dir, store, db, classId } = setup();
  const expected = expectedPoints(db, classId);
  const scope = { classId, lessonId: 'asif-dirty-work' };

  it('gradebook CSV, one column per lesson (the default): the lesson column is its total, blank until every step has a grade', async () => {
    const out = join(dir, 'gradebook-lesson.csv');
    await writeExport(store, scope, 'gradebook-csv', out);
    const [header, possible, ...data] = parse(readFileSync(out, 'utf8').slice(1)) as string[][];
    const title = store.lessonVersion(store.currentVersionId('asif-dirty-work')).title;
    assert.deepEqual(header, ['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section', title, 'Final Points']);
    assert.deepEqual(possible!.slice(5), ['39', '39']);
    assert.equal(data.length, 24 + HOSTILE.length);
    for (const row of data) {
      const name = unneutralise(row[0]!);
      const exp = expected.get(name) ?? new Map();
      const complete = STEPS.every((ex) => exp.get(ex) !== undefined && exp.get(ex) !== null);
      const total = [...exp.values()].reduce<number>((t, v) => t + (v ?? 0), 0);
      if (complete) assert.ok(Math.abs(Number(row[5]) - total) < 0.011, `${name.slice(0, 20)} total`);
      else assert.equal(row[5], '', `${name.slice(0, 20)} has no total yet`);
      assert.equal(row[6], row[5], 'Final Points is the one lesson\'s total');
    }
    assert.ok(data.some((r) => r[5] !== ''), 'some students have a total');
  });

  it('gradebook CSV, one column per step: Canvas columns, points possible, one row per student, neutralised cells, names intact', async () => {
    const out = join(dir, 'gradebook.csv');
    await writeExport(store, { ...scope, columns: 'step' }, 'gradebook-csv', out);
    const text = readFileSync(out, 'utf8');
    assert.ok(text.startsWith('\uFEFF'), 'UTF-8 byte-order mark for Excel');
    const rows = parse(text.slice(1), { relax_column_count: false }) as string[][];
    const [header, possible, ...data] = rows;
    assert.deepEqual(header!.slice(0, 5), ['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section']);
    assert.equal(header!.at(-1), 'Final Points');
    assert.equal(possible![0], '    Points Possible');
    assert.deepEqual(possible!.slice(5), ['10', '10', '10', '4', '5', '39']);
    assert.equal(data.length, 24 + HOSTILE.length);
    for (const row of data) {
      const name = unneutralise(row[0]!);
      const exp = expected.get(name) ?? new Map();
      STEPS.forEach((ex, j) => {
        const cell = row[5 + j]!;
        const want = exp.get(ex);
        assert.equal(cell === '' ? null : Number(cell), want === undefined ? null : want, `${name.slice(0, 20)} ${ex}`);
      });
      // Final Points is a grade only when every step has one; otherwise blank, never a partial sum.
      const complete = STEPS.every((ex) => exp.get(ex) !== undefined && exp.get(ex) !== null);
      const total = [...exp.values()].reduce<number>((t, v) => t + (v ?? 0), 0);
      if (complete) assert.ok(Math.abs(Number(row.at(-1)) - total) < 0.011, `${name.slice(0, 20)} total`);
      else assert.equal(row.at(-1), '', `${name.slice(0, 20)} has no total yet`);
    }
    assert.ok(data.some((r) => r.at(-1) !== ''), 'some students have a total');
    assert.ok(data.some((r) => r.at(-1) === ''), 'some students have no total yet');
    const names = data.map((r) => r[0]!);
    assert.ok(names.includes(`'=HYPERLINK("http://evil.example","click")`));
    assert.ok(names.includes(`'+1 555 0100`));
    assert.ok(names.includes(`'-2+3`));
    assert.ok(names.includes(`'@SUM(A1:A9)`));
    assert.ok(names.includes('Tabby'), 'white space at the start of a name is trimmed when it is typed');
    // As stored: names are cleaned when they are typed (invisible joiners are removed), and exported unchanged.
    for (const n of ['زينب الحسيني', 'דוד לוי', '李小龍 🐉👩🏽‍🎓', '<script>alert(1)</script>', 'Ω'.repeat(500)]) assert.ok(names.includes(cleanDisplayName(n)), n.slice(0, 10));
    assert.ok(!names.some((n) => /^[=+\-@\t\r]/.test(n)), 'no cell starts with a formula character');
  });

  it('detailed CSV: one row per answer, quoting the text it marks', async () => {
    const out = join(dir, 'answers.csv');
    await writeExport(store, scope, 'csv', out);
    const [header, ...rows] = parse(readFileSync(out, 'utf8').slice(1)) as string[][];
    assert.deepEqual(header, ['Student', 'Roster ID', 'Lesson', 'Attempt', 'Step', 'Kind', 'Label', 'Start', 'End', 'Text', 'Status', 'Step points', 'Step points possible']);
    const count = (sql: string) => (db.prepare(sql).get(classId) as { n: number }).n;
    const latest = `JOIN attempts a ON a.id = x.attempt_id AND a.number = (SELECT max(number) FROM attempts y WHERE y.student_id = a.student_id)
                    JOIN class_members m ON m.student_id = a.student_id AND m.class_id = ?`;
    const highlights = count(`SELECT count(*) AS n FROM highlights x ${latest}`);
    const chosen = count(`SELECT coalesce(sum(json_array_length(x.choices)), 0) AS n FROM responses x ${latest} WHERE x.choices IS NOT NULL`);
    const texts = count(`SELECT count(*) AS n FROM responses x ${latest} WHERE x.text IS NOT NULL`);
    assert.equal(rows.filter((r) => r[5] === 'highlight').length, highlights);
    assert.equal(rows.filter((r) => r[5] === 'choice').length, chosen);
    assert.equal(rows.filter((r) => r[5] === 'short-answer').length, texts);
    const lesson = store.lessonVersion(store.currentVersionId('asif-dirty-work'));
    for (const r of rows.filter((x) => x[5] === 'highlight')) {
      assert.equal(unneutralise(r[9]!), lesson.text.slice(Number(r[7]), Number(r[8])));
      assert.ok(['correct', 'wrong-label', 'extra'].includes(r[10]!));
    }
    const hostile = rows.find((r) => r[0] === `'@SUM(A1:A9)`);
    assert.deepEqual(hostile?.slice(5, 11), ['highlight', 'Anonymous', '1543', '1561', 'diplomatic sources', 'correct']);
  });

  it('XLSX: Summary, Per step and Highlights sheets with styled, frozen headers and the same numbers', async () => {
    const out = join(dir, 'results.xlsx');
    await writeExport(store, scope, 'xlsx', out);
    const book = await readXlsx(out);
    assert.deepEqual([...book.keys()], ['Summary', 'Per step', 'Highlights', 'Item analysis']);
    const summary = book.get('Summary')!;
    assert.equal(summary.length, 2 + 24 + HOSTILE.length);
    for (const row of summary.slice(2)) {
      const name = String(row[0]);
      const exp = expected.get(name) ?? new Map();
      STEPS.forEach((ex, j) => {
        const v = row[5 + j];
        const want = exp.get(ex);
        assert.equal(v === undefined || v === null || v === '' ? null : v, want === undefined ? null : want, `${name.slice(0, 12)} ${ex}`);
      });
    }
    assert.equal(book.get('Per step')!.length, 1 + (24 + HOSTILE.length) * STEPS.length);
    const highlights = (db.prepare(`SELECT count(*) AS n FROM highlights h JOIN attempts a ON a.id = h.attempt_id JOIN class_members m ON m.student_id = a.student_id AND m.class_id = ?`).get(classId) as { n: number }).n;
    assert.equal(book.get('Highlights')!.length - 1, highlights, 'each student has one attempt here, so every highlight is in the latest one');
    for (const sheet of ['Summary', 'Per step', 'Highlights']) {
      const layout = await sheetLayout(out, sheet);
      assert.ok(layout.headerBold, `${sheet} header is bold`);
      assert.ok(layout.frozenRows >= 1, `${sheet} header is frozen`);
    }
    // XLSX cells are typed: a text cell is text, whatever it begins with, so it is written unchanged (no apostrophe).
    for (const n of ['=HYPERLINK("http://evil.example","click")', '+1 555 0100', '-2+3', '@SUM(A1:A9)']) {
      assert.ok(summary.slice(2).some((r) => r[0] === n), `${n} is a text cell, unchanged`);
    }
    assert.ok(!summary.flat().some((v) => typeof v === 'string' && v.startsWith("'")), 'no cell carries a literal apostrophe');
    assert.ok(!summary.flat().some((v) => v !== null && typeof v === 'object'), 'no cell is a formula');
    const sheetXml = execFileSync('unzip', ['-p', out, 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' });
    assert.ok(!/<f[ >]/.test(sheetXml), 'the Summary sheet has no formula element');
    assert.ok(sheetXml.includes('=HYPERLINK(&quot;http://evil.example&quot;,&quot;click&quot;)') || sheetXml.includes('=HYPERLINK("http://evil.example","click")'), 'the name is stored as a string');
  });

  it('PDF: a class summary of a few pages (class page, item analysis, a heat map per highlight step, a students table), with every name', async () => {
    const out = join(dir, 'report.pdf');
    await writeExport(store, scope, 'pdf', out, { renderPdf: renderPdfWithChromium });
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [out], { encoding: 'utf8' }))![1]);
    // No longer a page per student (there are 34): 1 class page, item analysis, 3 heat maps, the students' table.
    assert.ok(pages >= 1 + 1 + 3 + 1 && pages < 24, `${pages} pages`);
    const text = execFileSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' });
    assert.match(text, /what the class marked/);
    assert.match(text, /Item analysis/);
    assert.match(text, /<script>alert\(1\)<\/script>/, 'markup in a name is printed as text');
    assert.ok(text.includes('=HYPERLINK'));
    // pdftotext wraps a right-to-left run in embedding marks, in logical or visual order depending on the line around it.
    const plain = text.replace(/[\u202a-\u202e]/g, '');
    // A name of 500 letters wraps in its cell: the table stays on the page, and the names after it with it.
    assert.ok(plain.includes('דוד לוי') || plain.includes('לוי דוד'), 'the Hebrew name is printed');
    assert.ok(plain.includes('زينب الحسيني') || plain.includes('الحسيني زينب'), 'the Arabic name is printed');
    const img = join(dir, 'page');
    execFileSync('pdftoppm', ['-r', '40', '-png', '-f', '1', '-l', '2', out, img]);
    const pngs = readdirSync(dir).filter((f) => f.startsWith('page') && f.endsWith('.png'));
    assert.equal(pngs.length, 2);
    for (const p of pngs) assert.ok(statSync(join(dir, p)).size > 3000, `${p} is not blank`);
  });

  it('JSON backup: imported into another computer gives the same gradebook; importing twice adds nothing', async () => {
    const backupFile = join(dir, 'backup.json');
    await writeExport(store, { classId }, 'json', backupFile);
    const backup = parseBackup(readFileSync(backupFile, 'utf8'));
    assert.equal(backup.format, 'lede-class-results');
    assert.equal(backup.students.length, 24 + HOSTILE.length);

    const { store: other, db: otherDb } = openStore(join(dir, 'other.sqlite'));
    // The other computer has no lesson yet: the backup's text of it is accepted after the preview.
    const first = importBackup(other, backup, { acceptLessons: previewBackup(other, backup).lessonTexts });
    assert.equal(first.students, 24 + HOSTILE.length);
    assert.ok(first.attempts > 0 && first.highlights > 0);
    const tables = ['students', 'attempts', 'highlights', 'responses', 'results', 'classes', 'class_members', 'lesson_versions'];
    const counts = (rows: Database) => tables.map((t) => (rows.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n);
    const after1 = counts(otherDb);
    const second = importBackup(other, backup);
    assert.deepEqual([second.students, second.attempts, second.highlights, second.responses, second.results, second.lessonVersions], [0, 0, 0, 0, 0, 0]);
    assert.deepEqual(counts(otherDb), after1);
    // Back into the original: nothing new, nothing lost.
    const before = counts(db);
    importBackup(store, backup);
    assert.deepEqual(counts(db), before);

    const a = join(dir, 'g1.csv');
    const b = join(dir, 'g2.csv');
    await writeExport(store, scope, 'gradebook-csv', a);
    await writeExport(other, scope, 'gradebook-csv', b);
    assert.equal(readFileSync(b, 'utf8'), readFileSync(a, 'utf8'));
    other.close();
  });

  it('a backup that is not one, or is damaged, is refused and nothing is imported', () => {
    assert.throws(() => parseBackup('not json'), /not JSON/);
    assert.throws(() => parseBackup('{"hello": 1}'), /not a Lede results backup/);
    assert.throws(() => parseBackup('{"format":"lede-class-results","version":1}'), /damaged or from another version/);
  });

  it('a cancelled export leaves no file behind', async () => {
    const ctrl = new AbortController();
    ctrl.abort();
    const out = join(dir, 'cancelled.csv');
    await assert.rejects(writeExport(store, scope, 'csv', out, { pace: { signal: ctrl.signal } }), ExportCancelled);
    assert.ok(!readdirSync(dir).some((f) => f.includes('cancelled')), 'no partial file');
  });

  it('backups list every attempt, highlight and response of the class', async () => {
    const b = await buildBackup(store, classId);
    const n = (sql: string) => (db.prepare(sql).get(classId) as { n: number }).n;
    assert.equal(b.attempts.length, n('SELECT count(*) AS n FROM attempts a JOIN class_members m ON m.student_id = a.student_id AND m.class_id = ?'));
    assert.equal(
      b.attempts.reduce((t, a) => t + a.highlights.length, 0),
      n('SELECT count(*) AS n FROM highlights h JOIN attempts a ON a.id = h.attempt_id JOIN class_members m ON m.student_id = a.student_id AND m.class_id = ?'),
    );
  });
});

describe('spreadsheet cells', () => {
  it('neutralises formula starts and leaves everything else alone', () => {
    assert.equal(safeCell('=1+1'), "'=1+1");
    assert.equal(safeCell('+44'), "'+44");
    assert.equal(safeCell('-x'), "'-x");
    assert.equal(safeCell('@me'), "'@me");
    assert.equal(safeCell('\tx'), "'\tx");
    assert.equal(safeCell('\rx'), "'\rx");
    assert.equal(safeCell('Zoë = great'), 'Zoë = great');
    assert.equal(safeCell(-3), -3);
    assert.equal(safeCell(null), '');
  });
});

// A lesson total (and Final Points) is a grade only when every step it counts has one;
// "no grade yet" is a blank, never a zero or a partial sum, in every export.
describe('grades that are not grades yet are blank in every export', async () => {
  const dir = tempDir('lede-grades-');
  const { store, db } = openStore(join(dir, 'lede.sqlite'));
  const seed = loadLessonFile(OLD_SEED_FILE);
  if (!seed.ok) throw new Error('seed');
  store.importLesson(seed.loaded);
  const mini = parseLesson(miniLesson(), 'mini.md');
  if (!mini.ok) throw new Error('mini');
  store.importLesson({ file: 'mini.md', lesson: mini.lesson, source: miniLesson() });
  const classes = store.classes;
  const cls = classes.create('+1+1 Plus');
  const add = (name: string) => classes.addStudent(cls.id, name).id;
  add('Nadia Never'); // never started
  const one = add('Oscar One-step');
  const waiting = add('Wanda Waiting');
  const done = add('Dora Done');
  const PRIVATE = 'PRIVATE-NOTE: ask about the parents meeting';

  // One step checked, with nothing marked: 0 points on that step, no lesson total.
  const a1 = store.startAttempt(one, 'asif-dirty-work');
  store.submitExercise(a1.id, 'sources');
  // Every step checked, the written answer still waiting for the teacher.
  const fill = (studentId: string) => {
    const a = store.startAttempt(studentId, 'asif-dirty-work');
    store.putHighlight(a.id, 'sources', { id: `${studentId}-h1`, start: 1543, end: 1561, label: 'anonymous' });
    store.putResponse(a.id, 'headline-vs-body', { choices: ['tense'] });
    store.putResponse(a.id, 'check-the-quote', { text: 'Find the Sky News interview.' });
    for (const ex of STEPS) store.submitExercise(a.id, ex);
    return a.id;
  };
  fill(waiting);
  const doneAttempt = fill(done);
  db.prepare(`UPDATE results SET status = 'graded', points = 3, graded_at = ?, comment = ? WHERE attempt_id = ? AND exercise_id = 'check-the-quote'`)
    .run(new Date().toISOString(), PRIVATE, doneAttempt);
  const m = store.startAttempt(done, 'mini');
  store.putHighlight(m.id, 'sources', { id: 'mini-h1', start: 0, end: 5, label: 'named' });
  store.putResponse(m.id, 'q', { choices: ['a'] });
  store.submitExercise(m.id, 'sources');
  store.submitExercise(m.id, 'q');

  const points = (attemptId: string) =>
    (db.prepare('SELECT round(sum(points), 2) AS p FROM results WHERE attempt_id = ?').get(attemptId) as { p: number }).p;
  const doneTotal = points(doneAttempt);
  const miniTotal = points(m.id);
  const byName = (rows: string[][]) => new Map(rows.slice(2).map((r) => [r[0]!, r]));
  const csv = async (lessonId?: string, columns: 'lesson' | 'step' = 'step') => {
    const out = join(dir, `g-${lessonId ?? 'all'}-${columns}.csv`);
    await writeExport(store, { classId: cls.id, columns, ...(lessonId ? { lessonId } : {}) }, 'gradebook-csv', out);
    return parse(readFileSync(out, 'utf8').slice(1)) as string[][];
  };

  it('one lesson: a student who never started is blank, and Final Points is blank until every step has a grade', async () => {
    const rows = byName(await csv('asif-dirty-work'));
    assert.deepEqual(rows.get('Nadia Never')!.slice(5), ['', '', '', '', '', '']);
    assert.deepEqual(rows.get('Oscar One-step')!.slice(5), ['0', '', '', '', '', '']);
    const w = rows.get('Wanda Waiting')!;
    assert.equal(w[9], '', 'the written answer has no grade yet');
    assert.equal(w.at(-1), '', 'so there is no total');
    assert.ok(w.slice(5, 9).every((c) => c !== ''), 'the other steps have their points');
    const d = rows.get('Dora Done')!;
    assert.equal(d[9], '3');
    assert.equal(Number(d.at(-1)), doneTotal);
  });

  it('all lessons: a lesson column and Final Points are numbers only when complete', async () => {
    const all = await csv(undefined, 'lesson');
    const header = all[0]!;
    const col = (title: string) => header.indexOf(title);
    const asif = col(store.lessonVersion(store.currentVersionId('asif-dirty-work')).title);
    const small = col('A small lesson');
    assert.ok(asif > 0 && small > 0);
    const rows = byName(all);
    for (const name of ['Nadia Never', 'Oscar One-step', 'Wanda Waiting']) {
      const r = rows.get(name)!;
      assert.deepEqual([r[asif], r[small], r.at(-1)], ['', '', ''], name);
    }
    const d = rows.get('Dora Done')!;
    assert.deepEqual([Number(d[asif]), Number(d[small]), Number(d.at(-1))], [doneTotal, miniTotal, Math.round((doneTotal + miniTotal) * 100) / 100]);
  });

  it('all lessons, one column per step: each lesson’s steps as "Lesson: Step", Final Points only when every lesson is complete', async () => {
    const all = await csv(undefined, 'step');
    const asif = store.lessonVersion(store.currentVersionId('asif-dirty-work'));
    const header = all[0]!;
    assert.deepEqual(
      [...header.slice(5)].sort(),
      [...asif.exercises.map((e) => `${asif.title}: ${e.title}`), 'A small lesson: Sources', 'A small lesson: Question', 'Final Points'].sort(),
    );
    assert.equal(header.at(-1), 'Final Points');
    const rows = byName(all);
    const d = rows.get('Dora Done')!;
    assert.equal(d[header.indexOf(`${asif.title}: How would you check this quote?`)], '3', 'the graded written answer');
    assert.equal(Number(d.at(-1)), Math.round((doneTotal + miniTotal) * 100) / 100);
    assert.equal(rows.get('Wanda Waiting')!.at(-1), '');
  });

  it('the XLSX Summary sheet has the same blanks', async () => {
    const out = join(dir, 'r.xlsx');
    await writeExport(store, { classId: cls.id, lessonId: 'asif-dirty-work' }, 'xlsx', out);
    const summary = (await readXlsx(out)).get('Summary')!;
    const rows = new Map(summary.slice(2).map((r) => [String(r[0]), r]));
    const blank = (v: unknown) => v === undefined || v === null || v === '';
    assert.ok(rows.get('Nadia Never')!.slice(5, 11).every(blank), 'never started: blank');
    assert.equal(rows.get('Oscar One-step')![5], 0);
    assert.ok(blank(rows.get('Oscar One-step')![10]), 'one step checked: no Final Points');
    assert.ok(blank(rows.get('Wanda Waiting')![10]), 'waiting for a grade: no Final Points');
    assert.equal(rows.get('Dora Done')![10], doneTotal);
    assert.equal(summary[2]![4], '+1+1 Plus', 'the class name as Section, unchanged');
  });

  it('the PDF reports give a total only when every step has a grade, and say what is missing', async () => {
    const data = loadClassData(store, { classId: cls.id, lessonId: 'asif-dirty-work' });
    const html = await buildReportHtml(store, data);
    const rows = data.lessons[0]!.rows;
    const page = (name: string) => studentReportBody(store, 'Lesson', cls.name, rows.find((r) => r.student.displayName === name)!) ?? 'Not started.';
    assert.match(page('Dora Done'), new RegExp(`<strong>${doneTotal}</strong> of 39 points`));
    assert.doesNotMatch(page('Wanda Waiting'), /<strong>[\d.]+<\/strong> of 39 points/);
    assert.match(page('Wanda Waiting'), /No total yet: 4 of 5 steps have a grade/);
    assert.match(page('Wanda Waiting'), /1 answer waiting for the teacher’s grade/);
    assert.match(page('Oscar One-step'), /No total yet: 1 of 5 steps have a grade/);
    assert.match(page('Nadia Never'), /Not started\./);
    // In the class summary: the students' table says the same, and Nadia, who never started, is listed by name.
    assert.match(html, new RegExp(`<td dir="auto">Dora Done</td>(<td class="n">[\\d.]+</td>){5}<td class="n"><strong>${doneTotal}</strong></td>`));
    assert.match(html, /<td dir="auto">Wanda Waiting<\/td>(<td class="n">[\d.]+<\/td>){4}<td class="n">to grade<\/td><td class="n">[\d.]+ <span class="muted">so far<\/span><\/td>/);
    assert.match(html, /<h3>Not started \(1\)<\/h3><p class="never"><span dir="auto">Nadia Never<\/span><\/p>/);
    assert.match(html, /Average [\d.]+% of 39 points, over the 1 student whose every step has a grade/);
  });

  it('the private comment is in no file a student or parent could be handed; only in the backup, which moves it to another computer', async () => {
    const scope = { classId: cls.id, lessonId: 'asif-dirty-work' };
    const pdf = join(dir, 'report.pdf');
    await writeExport(store, scope, 'pdf', pdf, { renderPdf: renderPdfWithChromium });
    const summary = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    assert.ok(summary.includes('Dora Done'), 'the class summary names her');
    const zip = join(dir, 'reports.zip');
    await writeExport(store, scope, 'student-reports', zip, { renderPdf: renderPdfWithChromium });
    const unpacked = join(dir, 'reports');
    execFileSync('unzip', ['-q', zip, '-d', unpacked]);
    const dora = readdirSync(unpacked).find((f) => f.endsWith('Dora-Done.pdf'))!;
    const text = execFileSync('pdftotext', ['-layout', join(unpacked, dora), '-'], { encoding: 'utf8' });
    assert.ok(text.includes('Dora Done') && text.includes('Find the Sky News interview.'), 'her report is there, with the answer');
    for (const t of [summary, text, ...readdirSync(unpacked).map((f) => (f.endsWith('.pdf') ? execFileSync('pdftotext', [join(unpacked, f), '-'], { encoding: 'utf8' }) : readFileSync(join(unpacked, f), 'utf8')))]) {
      assert.ok(!t.includes('PRIVATE-NOTE'), 'the private comment is not printed');
      assert.ok(!/Teacher.s comment/.test(t));
    }
    for (const format of ['gradebook-csv', 'csv'] as const) {
      const out = join(dir, `c-${format}.csv`);
      await writeExport(store, scope, format, out);
      assert.ok(!readFileSync(out, 'utf8').includes('PRIVATE-NOTE'), format);
    }
    const xlsx = join(dir, 'c.xlsx');
    await writeExport(store, scope, 'xlsx', xlsx);
    assert.ok(!JSON.stringify([...(await readXlsx(xlsx)).values()]).includes('PRIVATE-NOTE'), 'xlsx');
    const json = join(dir, 'c.json');
    await writeExport(store, { classId: cls.id }, 'json', json);
    assert.ok(readFileSync(json, 'utf8').includes('PRIVATE-NOTE'), 'the backup keeps it, to move it to another computer');
  });
});
