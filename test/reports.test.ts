import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openDatabase } from '../src/core/db/open.ts';
import { Store } from '../src/core/db/store.ts';
import { ClassroomManager } from '../src/core/classroom/manager.ts';
import { buildAnswerKeyHtml } from '../src/core/export/answer-key.ts';
import { itemAnalysis } from '../src/core/export/item-analysis.ts';
import { ExportJobs } from '../src/core/export/jobs.ts';
import { renderPdfWithChromium } from '../src/core/export/pdf-chromium.ts';
import { buildReportHtml } from '../src/core/export/pdf-html.ts';
import { esc } from '../src/core/export/report-common.ts';
import { writeExport } from '../src/core/export/run.ts';
import { loadClassData } from '../src/core/export/tables.ts';
import { readXlsx } from '../src/core/export/xlsx.ts';
import { ZipWriter } from '../src/core/export/zip.ts';
import { loadLessonFile } from '../src/core/lessons/load.ts';
import { parseLesson } from '../src/core/lessons/parse.ts';
import { dispatch } from '../src/core/services/dispatch.ts';
import { createHandlers } from '../src/core/services/lede-service.ts';
import { createTeacherHandlers, type CallContext } from '../src/core/services/teacher-service.ts';
import { createSampleClass } from '../src/core/teacher/sample.ts';
import { miniLesson, SEED_FILE, tempDir } from './helpers.ts';

// The class summary, the per-student reports, the answer key and the item analysis.

/**
 * A small class on the mini lesson (key: "the council", named; "experts", vague —
 * and a choice: a "Yes" (correct), b "No"):
 *   Ada  marks "the council" as Named, chooses a          — both steps checked
 *   Ben  marks "experts" as Vague, chooses b              — both steps checked
 *   Cy   marks only "council" (7 of the item's 11 characters) as Named, chooses a — both checked
 *   Di   marks "experts", checks nothing                  — not counted
 *   Ed   never starts
 */
function smallClass() {
  const dir = tempDir('lede-reports-');
  const store = Store.open(join(dir, 'lede.sqlite'));
  const parsed = parseLesson(miniLesson(), 'mini.md');
  if (!parsed.ok) throw new Error('mini');
  store.importLesson({ file: 'mini.md', lesson: parsed.lesson, source: miniLesson() });
  const text = parsed.lesson.text;
  const council = text.indexOf('the council');
  const experts = text.indexOf('experts');
  const cls = store.classes.create('Item class');
  const add = (name: string) => store.classes.addStudent(cls.id, name).id;
  const answer = (name: string, span: { start: number; end: number; label: string } | null, choice: string | null, check: boolean) => {
    const a = store.startAttempt(add(name), 'mini');
    if (span) store.putHighlight(a.id, 'sources', { id: `${name}-h`, ...span });
    if (choice) store.putResponse(a.id, 'q', { choices: [choice] });
    if (check) for (const ex of ['sources', 'q']) store.submitExercise(a.id, ex);
  };
  answer('Ada', { start: council, end: council + 11, label: 'named' }, 'a', true);
  answer('Ben', { start: experts, end: experts + 7, label: 'vague' }, 'b', true);
  answer('Cy', { start: council + 4, end: council + 11, label: 'named' }, 'a', true);
  answer('Di', { start: experts, end: experts + 7, label: 'vague' }, null, false);
  add('Ed Never');
  return { dir, store, classId: cls.id, scope: { classId: cls.id, lessonId: 'mini' } };
}

describe('item analysis', () => {
  const { dir, store, scope } = smallClass();

  it('counts found, partly and missed per key item over the students who checked the step, most missed first', () => {
    const a = itemAnalysis(store, loadClassData(store, scope));
    const sources = a.steps.find((s) => s.exerciseId === 'sources')!;
    assert.equal(sources.students, 3, 'Ada, Ben and Cy checked it; Di did not, Ed never started');
    assert.deepEqual(
      sources.items.map((i) => [i.item, i.key, i.found, i.partly, i.missed]),
      [
        ['experts', 'Vague', 1, 0, 2], // Ben found it; Ada and Cy missed it
        ['the council', 'Named', 1, 1, 1], // Ada found it; Cy found part of it; Ben missed it
      ],
    );
    const q = a.steps.find((s) => s.exerciseId === 'q')!;
    assert.equal(q.students, 3);
    // Options in their order: chosen by, right about it (chose a correct one / left an incorrect one), wrong.
    assert.deepEqual(
      q.items.map((i) => [i.item, i.key, i.chosen, i.found, i.missed]),
      [
        ['Yes', 'correct', 2, 2, 1],
        ['No', 'not correct', 1, 2, 1],
      ],
    );
    assert.equal(a.older, 0);
  });

  it('is a sheet of the workbook, with shares as fractions', async () => {
    const out = join(dir, 'r.xlsx');
    await writeExport(store, scope, 'xlsx', out);
    const book = await readXlsx(out);
    assert.deepEqual([...book.keys()], ['Summary', 'Per step', 'Highlights', 'Item analysis']);
    const rows = book.get('Item analysis')!;
    assert.deepEqual(rows[0], ['Step', 'Kind', 'Item', 'Key', 'Students', 'Found / right', 'Partly', 'Missed / wrong', 'Missed share', 'Chosen', 'Chosen share']);
    const blank = (r: unknown[]) => Array.from(r, (v) => (v === undefined ? null : v));
    assert.deepEqual(blank(rows[1]!).slice(0, 9), ['Sources', 'highlight', 'experts', 'Vague', 3, 1, 0, 2, 0.667]);
    assert.deepEqual(blank(rows[2]!).slice(0, 9), ['Sources', 'highlight', 'the council', 'Named', 3, 1, 1, 1, 0.333]);
    assert.deepEqual(blank(rows[3]!), ['Question', 'choice', 'Yes', 'correct', 3, 2, null, 1, 0.333, 2, 0.667]);
    assert.deepEqual(blank(rows[4]!), ['Question', 'choice', 'No', 'not correct', 3, 2, null, 1, 0.333, 1, 0.333]);
    assert.equal(rows.length, 5);
  });

  it('is in the class summary, which lists the student who never started by name instead of giving a page', async () => {
    const html = await buildReportHtml(store, loadClassData(store, scope));
    const section = html.slice(html.indexOf('<h2>Item analysis</h2>'));
    assert.match(section, /<td class="quote" dir="auto">“experts”<\/td><td>Vague<\/td><td class="n">1<\/td><td class="n">0<\/td><td class="n">2<\/td><td class="n"><strong>67%<\/strong><\/td>/);
    assert.match(section, /<td class="quote" dir="auto">“the council”<\/td><td>Named<\/td><td class="n">1<\/td><td class="n">1<\/td><td class="n">1<\/td><td class="n"><strong>33%<\/strong><\/td>/);
    assert.ok(section.indexOf('“experts”') < section.indexOf('“the council”'), 'most missed first');
    assert.match(html, /<h3>Not started \(1\)<\/h3><p class="never"><span dir="auto">Ed Never<\/span><\/p>/);
    assert.doesNotMatch(html, /<h1 dir="auto">Ed Never<\/h1>/, 'no page of its own');
    store.close();
  });
});

describe('the class summary report', () => {
  const dir = tempDir('lede-summary-');
  const store = Store.open(join(dir, 'lede.sqlite'));
  const seed = loadLessonFile(SEED_FILE);
  if (!seed.ok) throw new Error('seed');
  store.importLesson(seed.loaded);
  const small = createSampleClass(store, { students: 12, seed: 4, className: 'Small' });
  const big = createSampleClass(store, { students: 120, seed: 4, className: 'Big' });

  it('has the same sections whatever the class size, and print rules that keep rows whole with repeated headers', async () => {
    const sections = async (classId: string) => {
      const html = await buildReportHtml(store, loadClassData(store, { classId, lessonId: 'asif-dirty-work' }));
      return { html, pages: html.split('<section class="page">').length - 1 };
    };
    const a = await sections(small.classId);
    const b = await sections(big.classId);
    // Class page, item analysis, 3 highlight steps' heat maps, the students' table.
    assert.equal(a.pages, 6);
    assert.equal(b.pages, 6);
    assert.match(b.html, /tr, li, \.keep \{ break-inside: avoid; page-break-inside: avoid; \}/);
    assert.match(b.html, /thead \{ display: table-header-group; \}/);
    assert.match(b.html, /h1, h2, h3 \{ break-after: avoid; page-break-after: avoid; \}/);
    assert.equal((b.html.match(/<table class="students">/g) ?? []).length, 1);
  });

  it('prints to a few pages for 120 students, every student named in it, with real progress', async () => {
    const out = join(dir, 'big.pdf');
    const seen: number[] = [];
    await writeExport(store, { classId: big.classId, lessonId: 'asif-dirty-work' }, 'pdf', out, { renderPdf: renderPdfWithChromium, pace: { progress: (p) => seen.push(p) } });
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [out], { encoding: 'utf8' }))![1]);
    // 1 class page, 3 of item analysis, 3 heat maps of 2 pages, about 3 of students: far from a page per student.
    assert.ok(pages >= 8 && pages <= 16, `${pages} pages`);
    const text = execFileSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' });
    assert.match(text, /Item analysis/);
    const data = loadClassData(store, { classId: big.classId, lessonId: 'asif-dirty-work' });
    for (const r of data.lessons[0]!.rows) assert.ok(text.includes(r.student.displayName.split(' ')[1]!), r.student.displayName);
    assert.ok(seen.length >= 4 && seen.at(-1) === 1, `progress ${seen.join(', ')}`);
    assert.deepEqual(seen, [...seen].sort((x, y) => x - y), 'progress only goes forward');
  });

  it('student reports: one PDF per student who started, in a ZIP, with a README naming those who never started; progress per report', async () => {
    const cls = store.classes.create('Zip class');
    for (const name of ['Zoë Ngata', 'לוי דוד']) {
      const id = store.classes.addStudent(cls.id, name).id;
      const a = store.startAttempt(id, 'asif-dirty-work');
      store.putResponse(a.id, 'check-the-quote', { text: `Answer of ${name}` });
      store.submitExercise(a.id, 'check-the-quote');
    }
    store.classes.addStudent(cls.id, 'Never Started');
    const out = join(dir, 'reports.zip');
    const seen: number[] = [];
    await writeExport(store, { classId: cls.id, lessonId: 'asif-dirty-work' }, 'student-reports', out, { renderPdf: renderPdfWithChromium, pace: { progress: (p) => seen.push(p) } });
    const list = execFileSync('unzip', ['-Z1', out], { encoding: 'utf8' }).trim().split('\n').sort();
    assert.deepEqual(list, ['1-Zoe-Ngata.pdf', '2-לוי-דוד.pdf', 'README.txt'].sort());
    execFileSync('unzip', ['-tq', out]);
    const unpacked = join(dir, 'unpacked');
    execFileSync('unzip', ['-q', out, '-d', unpacked]);
    const readme = readFileSync(join(unpacked, 'README.txt'), 'utf8');
    assert.match(readme, /Not started, so no report \(1\):\r\n {2}Never Started/);
    const text = execFileSync('pdftotext', [join(unpacked, '1-Zoe-Ngata.pdf'), '-'], { encoding: 'utf8' });
    assert.match(text, /Zoë Ngata/);
    assert.match(text, /Answer of Zoë Ngata/);
    assert.doesNotMatch(text, /לוי/, 'one student per file');
    assert.deepEqual(seen.slice(0, 3), [0, 0, 0.49], 'the second report starts at half way');
    assert.equal(seen.at(-1), 1);
    assert.ok(!readdirSync(dir).some((f) => f.includes('.partial') || f.endsWith('.page.pdf')), 'no temporary file left');
    store.close();
  });
});

describe('the answer key', () => {
  const seed = loadLessonFile(SEED_FILE);
  if (!seed.ok) throw new Error('seed');
  const lesson = seed.loaded.lesson;

  it('holds every explanation, feedback, rubric criterion, model answer, note, claim and report of the seed lesson', () => {
    const html = buildAnswerKeyHtml(lesson);
    const wanted: string[] = [];
    for (const ex of lesson.exercises) {
      wanted.push(ex.title, ex.prompt);
      if (ex.kind === 'highlight') {
        for (const l of ex.labels) wanted.push(l.name, l.description);
        for (const k of ex.key) {
          wanted.push(k.explanation);
          // Every place, with its identifying words in bold.
          for (const m of k.mentions) wanted.push(m.coreStart === m.start && m.coreEnd === m.end ? m.quote : m.quote.slice(m.coreStart - m.start, m.coreEnd - m.start));
        }
        for (const n of ex.notes) wanted.push(n.quote, n.note);
      } else if (ex.kind === 'choice') {
        for (const o of ex.options) wanted.push(o.text, o.feedback);
      } else if (ex.kind === 'short-answer') {
        for (const r of ex.rubric) wanted.push(r.criterion);
        assert.ok(ex.modelAnswer, 'the seed lesson has a model answer');
        wanted.push(ex.modelAnswer);
      } else if (ex.kind === 'search') {
        for (const q of ex.questions) wanted.push(q.goal, ...Object.values(q.feedback), ...q.reasons.flatMap((r) => [r.text, r.feedback]));
      } else {
        for (const c of ex.cards) wanted.push(c.outlet, c.text);
        for (const c of ex.claims) wanted.push(c.quote, c.explanation, ...(c.claim ? [c.claim] : []));
      }
    }
    assert.ok(wanted.length > 100, `${wanted.length} texts`);
    for (const w of wanted) assert.ok(html.includes(esc(w)), `missing: ${w.slice(0, 60)}`);
    const explanations = lesson.exercises.flatMap((ex) => (ex.kind === 'highlight' ? ex.key.map((k) => k.explanation) : ex.kind === 'evidence' ? ex.claims.map((c) => c.explanation) : []));
    // Counted in the file itself: one "explanation:" line per key item and per claim.
    assert.equal(explanations.length, (readFileSync(SEED_FILE, 'utf8').match(/^\s+explanation:/gm) ?? []).length);
    // 8 sources + 12 framing + 12 unverified items, and 9 claims.
    assert.equal(explanations.length, 41);
    assert.match(html, /For the teacher only/);
    // Correct options are marked as such, and only they.
    const correct = lesson.exercises.flatMap((ex) => (ex.kind === 'choice' ? ex.options.filter((o) => o.correct) : []));
    assert.equal((html.match(/✓ correct/g) ?? []).length, correct.length);
  });

  it('is a teacher call: refused while the teacher area is locked, made once it is unlocked', async () => {
    const store = new Store(openDatabase(':memory:'));
    store.importLesson(seed.loaded);
    // A renderer that keeps the HTML, so the file can be read without Chromium.
    const jobs = new ExportJobs(store, async (html, file) => writeFileSync(file, html));
    const handlers = { ...createHandlers(store), ...createTeacherHandlers({ store, jobs, classroom: new ClassroomManager(store, { staticDir: '/nonexistent' }) }) };
    const ctx: CallContext = { teacher: false, mayChoosePin: true, grantTeacher: () => (ctx.teacher = true), revokeTeacher: () => (ctx.teacher = false) };
    const cls = store.classes.create('Key class');
    const refused = await dispatch(handlers, 'startExport', { classId: cls.id, lessonId: 'asif-dirty-work', format: 'answer-key' }, ctx);
    assert.equal(refused.ok, false);
    assert.equal(!refused.ok && refused.error.code, 'locked');
    const pin = await dispatch(handlers, 'setTeacherPin', { pin: '135790' }, ctx);
    assert.ok(pin.ok && ctx.teacher, 'the teacher area is unlocked');
    const started = await dispatch(handlers, 'startExport', { classId: cls.id, lessonId: 'asif-dirty-work', format: 'answer-key' }, ctx);
    assert.ok(started.ok);
    const jobId = (started.value as { jobId: string }).jobId;
    for (let i = 0; i < 100 && jobs.status(jobId).state === 'running'; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(jobs.status(jobId).state, 'done');
    const file = jobs.file(jobId);
    assert.match(file.fileName, /^asif-dirty-work-answer-key-\d{4}-\d{2}-\d{2}\.pdf$/);
    assert.match(readFileSync(file.path, 'utf8'), /Answer key: /);
    const noLesson = await dispatch(handlers, 'startExport', { classId: cls.id, format: 'answer-key' }, ctx);
    assert.equal(!noLesson.ok && noLesson.error.message, 'A PDF report or answer key is for one lesson: choose the lesson.');
    jobs.close();
    store.close();
  });
});

describe('the ZIP writer', () => {
  it('writes an archive unzip reads back byte for byte, with UTF-8 names', () => {
    const dir = tempDir('lede-zip-');
    const out = join(dir, 'a.zip');
    const zip = new ZipWriter(out);
    const big = Buffer.from('Lede '.repeat(10_000));
    const random = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 251));
    zip.add('big.txt', big);
    zip.add('random.bin', random);
    zip.add('ملف.txt', 'سلام');
    zip.close();
    execFileSync('unzip', ['-tq', out]);
    assert.deepEqual(execFileSync('unzip', ['-p', out, 'big.txt']), big);
    assert.deepEqual(execFileSync('unzip', ['-p', out, 'random.bin']), random);
    assert.equal(execFileSync('unzip', ['-p', out, 'ملف.txt'], { encoding: 'utf8' }), 'سلام');
    assert.ok(readFileSync(out).length < 2000 + random.length, 'repetitive text is deflated');
  });
});
