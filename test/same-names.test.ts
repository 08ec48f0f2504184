import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { ClassroomManager } from '../src/core/classroom/manager.ts';
import { writeExport } from '../src/core/export/run.ts';
import { ExportJobs } from '../src/core/export/jobs.ts';
import { readXlsx } from '../src/core/export/xlsx.ts';
import { dispatch } from '../src/core/services/dispatch.ts';
import { createTeacherHandlers, type CallContext } from '../src/core/services/teacher-service.ts';
import { classroomFixture } from './served-classroom.ts';
import { Client } from './http-client.ts';
import { lede } from './cli-run.ts';

// Two students of the same name told apart wherever the teacher sees them, and on the
// join list students choose from; read back from the files, the answers and SQLite.

function setup() {
  // Aisha Hansen with the school id 2041, another Aisha Hansen without one, and a look-alike "Aïsha hansen".
  const f = classroomFixture('7A', []);
  const add = (name: string, rosterId: string | null) => f.store.classes.addStudent(f.cls.id, name, rosterId).id;
  const withId = add('Aisha Hansen', '2041');
  const without = add('Aisha Hansen', null);
  const alike = add('Aïsha hansen', null);
  const ben = add('Ben Okafor', '2050');
  for (const id of [withId, without, alike, ben]) {
    const a = f.store.startAttempt(id, 'asif-dirty-work');
    f.store.putHighlight(a.id, 'sources', { id: `${id}-h`, start: 1543, end: 1561, label: 'anonymous' });
    f.store.submitExercise(a.id, 'sources');
  }
  // The codes, from the ids as stored.
  const code = (id: string) => `#${(f.db.prepare('SELECT id FROM students WHERE id = ?').get(id) as { id: string }).id.slice(0, 4)}`;
  const handlers = createTeacherHandlers({ store: f.store, jobs: new ExportJobs(f.store), classroom: new ClassroomManager(f.store, { staticDir: '/nonexistent' }) });
  const ctx: CallContext = { teacher: true, grantTeacher: () => (ctx.teacher = true), revokeTeacher: () => (ctx.teacher = false) };
  const call = async <T,>(name: string, input: unknown): Promise<T> => {
    const env = await dispatch(handlers as never, name, input, ctx);
    if (!env.ok) throw new Error(`${env.error.code}: ${env.error.message}`);
    return env.value as T;
  };
  const expected = new Map([
    [withId, 'Aisha Hansen (id 2041)'],
    [without, `Aisha Hansen (${code(without)})`],
    [alike, `Aïsha hansen (${code(alike)})`],
    [ben, 'Ben Okafor'],
  ]);
  return { ...f, withId, without, alike, ben, code, call, expected };
}

describe('students of the same name told apart', () => {
  const s = setup();
  const scope = { classId: s.cls.id, lessonId: 'asif-dirty-work' };
  const labels = () => [...s.expected.values()].sort();

  it('the results give each student the tag the teacher sees: the school id, else the first characters of the id', async () => {
    const r = await s.call<{ rows: { student: { id: string; displayName: string; tag: string | null } }[] }>('classResults', scope);
    const tags = new Map(r.rows.map((x) => [x.student.id, x.student.tag]));
    assert.deepEqual(Object.fromEntries(tags), { [s.withId]: 'id 2041', [s.without]: s.code(s.without), [s.alike]: s.code(s.alike), [s.ben]: null });
  });

  it('the class list (Students tab) gives the same tags', async () => {
    const roster = await s.call<{ id: string; tag: string | null }[]>('classRoster', { classId: s.cls.id });
    assert.deepEqual(Object.fromEntries(roster.map((r) => [r.id, r.tag])), { [s.withId]: 'id 2041', [s.without]: s.code(s.without), [s.alike]: s.code(s.alike), [s.ben]: null });
  });

  it('the gradebook CSV, answers CSV and XLSX name each student with their tag', async () => {
    const gradebook = join(s.dir, 'g.csv');
    await writeExport(s.store, scope, 'gradebook-csv', gradebook);
    const g = parse(readFileSync(gradebook, 'utf8').slice(1)) as string[][];
    assert.deepEqual(g.slice(2).map((r) => r[0]).sort(), labels());
    assert.equal(g.slice(2).find((r) => r[0] === 'Aisha Hansen (id 2041)')![2], '2041', 'the school id stays in SIS User ID');
    const answers = join(s.dir, 'a.csv');
    await writeExport(s.store, scope, 'csv', answers);
    const a = parse(readFileSync(answers, 'utf8').slice(1)) as string[][];
    assert.deepEqual([...new Set(a.slice(1).map((r) => r[0]))].sort(), labels());
    const xlsx = join(s.dir, 'r.xlsx');
    await writeExport(s.store, scope, 'xlsx', xlsx);
    const book = await readXlsx(xlsx);
    assert.deepEqual(book.get('Summary')!.slice(2).map((r) => r[0]).sort(), labels());
    assert.deepEqual([...new Set(book.get('Per step')!.slice(1).map((r) => r[0]))].sort(), labels());
  });

  it('the PDF class summary lists each student with their tag, and the student reports ZIP names each file by it', async () => {
    // The printed HTML stands for the PDF (Chromium prints it as it is).
    const pdf = join(s.dir, 'summary.html');
    await writeExport(s.store, scope, 'pdf', pdf, { renderPdf: async (html, out) => writeFileSync(out, html) });
    const html = readFileSync(pdf, 'utf8');
    for (const label of labels()) assert.ok(html.includes(`<td dir="auto">${label}</td>`), label);
    const zip = join(s.dir, 'reports.zip');
    await writeExport(s.store, scope, 'student-reports', zip, { renderPdf: async (html, out) => writeFileSync(out, html) });
    const unpacked = join(s.dir, 'reports');
    execFileSync('unzip', ['-q', zip, '-d', unpacked]);
    const files = readdirSync(unpacked).sort();
    const slugged = (label: string) => label.normalize('NFKD').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '');
    assert.equal(files.length, 5);
    assert.deepEqual(files.filter((f) => f !== 'README.txt').map((f) => f.replace(/^\d+-|\.pdf$/g, '')).sort(), labels().map(slugged).sort());
    assert.ok(files.includes(`${files.find((f) => f.includes('id-2041'))}`) && files.some((f) => f.endsWith(`Aisha-Hansen-${s.code(s.without).slice(1)}.pdf`)));
    const readme = readFileSync(join(unpacked, 'README.txt'), 'utf8');
    assert.match(readme, /\tAisha Hansen \(id 2041\)\r\n/);
    assert.ok(readme.includes(`\tAisha Hansen (${s.code(s.without)})\r\n`));
    assert.match(readme, /\tBen Okafor \(2050\)\r\n/, 'a student with a name of their own: the name and school id, as before');
  });

  describe('a live class', () => {
    let info: Awaited<ReturnType<typeof s.manager.start>>;
    before(async () => {
      info = await s.manager.start({ classId: s.cls.id, lessonId: 'asif-dirty-work', host: '127.0.0.1', allowNewNames: false });
    });
    after(() => s.manager.close());

    it('students choosing their name see the codes, never the school id', async () => {
      const j = await new Client(info.urls[0]!).call('classroomJoin', { code: info.joinCode });
      assert.equal(j.status, 200);
      const tags = Object.fromEntries((j.body.value.roster as { id: string; tag: string | null }[]).map((r) => [r.id, r.tag]));
      assert.deepEqual(tags, { [s.withId]: s.code(s.withId), [s.without]: s.code(s.without), [s.alike]: s.code(s.alike), [s.ben]: null });
      assert.doesNotMatch(JSON.stringify(j.body.value), /2041|2050/, 'no school id in what students receive');
    });

    it('the teacher’s dashboard gives the teacher’s tag and the one the students see', async () => {
      const d = await s.manager.dashboard(info.id);
      const byId = new Map(d.roster.map((r) => [r.studentId, [r.tag, r.studentTag]]));
      assert.deepEqual(byId.get(s.withId), ['id 2041', s.code(s.withId)]);
      assert.deepEqual(byId.get(s.without), [s.code(s.without), s.code(s.without)]);
      assert.deepEqual(byId.get(s.ben), [null, null]);
    });
  });

  describe('importing a roster', () => {
    it('says per row when a student joining has the name of one already in the class, and imports them all the same', async () => {
      const cls = await s.call<{ id: string }>('createClass', { name: '7B' });
      await s.call('addStudent', { classId: cls.id, displayName: 'Aisha Hansen', rosterId: '4100' });
      await s.call('addStudent', { classId: cls.id, displayName: 'Noor Ali' });
      const csv = 'Name;ID\nAISHA HANSEN;4101\nNoor Ali;4102\nNóor Ali;\nZed Brown;4103\n';
      const p = await s.call<{ rows: { line: number; action: string; sameName: string | null }[]; fingerprint: string }>('previewRoster', { classId: cls.id, csv });
      assert.deepEqual(
        p.rows.map((r) => [r.line, r.action, r.sameName]),
        [
          [2, 'add', 'There is already an Aisha Hansen in this class (id 4100).'],
          [3, 'add', 'There is already a Noor Ali in this class.'],
          [4, 'add', 'There is already a Noor Ali in this class.'],
          [5, 'add', null],
        ],
      );
      const r = await s.call<{ added: number }>('importRoster', { classId: cls.id, csv, preview: p.fingerprint, renames: [] });
      assert.equal(r.added, 4);
      const names = (s.db.prepare('SELECT s.display_name AS n FROM class_members m JOIN students s ON s.id = m.student_id WHERE m.class_id = ? ORDER BY n').all(cls.id) as { n: string }[]).map((x) => x.n);
      assert.deepEqual(names, ['AISHA HANSEN', 'Aisha Hansen', 'Noor Ali', 'Noor Ali', 'Nóor Ali', 'Zed Brown'].sort());
      // Now three: the preview names them all.
      const again = await s.call<{ rows: { sameName: string | null }[] }>('previewRoster', { classId: cls.id, csv: 'Name;ID\nAisha Hansen;4200\n' });
      assert.equal(again.rows[0]!.sameName, 'There are already 2 students of this name in this class: Aisha Hansen (id 4100) and AISHA HANSEN (id 4101).');
    });
  });
});

describe('gradebook columns', () => {
  const s = setup();

  it('the server refuses a column choice for any export but the gradebook CSV', async () => {
    await assert.rejects(s.call('startExport', { classId: s.cls.id, lessonId: 'asif-dirty-work', format: 'csv', columns: 'step' }), /gradebook CSV only/);
    await assert.rejects(s.call('startExport', { classId: s.cls.id, lessonId: 'asif-dirty-work', format: 'gradebook-csv', columns: 'steps' }), /invalid_input/);
  });

  it('lede export --columns: lesson by default, step on request, refused for other formats', async () => {
    const ledeExport = (...args: string[]) => lede('export', '--db', join(s.dir, 'lede.sqlite'), '--class', '7A', '--lesson', 'asif-dirty-work', ...args);
    const header = (file: string) => (parse(readFileSync(file, 'utf8').slice(1)) as string[][])[0]!.slice(5);
    const title = s.store.lessonVersion(s.store.currentVersionId('asif-dirty-work')).title;
    const byLesson = join(s.dir, 'cli-lesson.csv');
    assert.equal((await ledeExport('--format', 'gradebook-csv', '--out', byLesson)).code, 0);
    assert.deepEqual(header(byLesson), [title, 'Final Points']);
    const byStep = join(s.dir, 'cli-step.csv');
    assert.equal((await ledeExport('--format', 'gradebook-csv', '--columns', 'step', '--out', byStep)).code, 0);
    assert.equal(header(byStep).length, 6);
    assert.equal(header(byStep)[0], `${title}: Sources`);
    const wrong = await ledeExport('--format', 'gradebook-csv', '--columns', 'steps', '--out', join(s.dir, 'x.csv'));
    assert.equal(wrong.code, 2);
    assert.match(wrong.err, /--columns must be lesson or step \(got "steps"\)/);
    const other = await ledeExport('--format', 'csv', '--columns', 'step', '--out', join(s.dir, 'y.csv'));
    assert.equal(other.code, 2);
    assert.match(other.err, /--columns is for --format gradebook-csv only/);
  });
});
