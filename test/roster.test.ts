import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { openDatabase } from '../src/core/db/open.ts';
import { Store } from '../src/core/db/store.ts';
import { ClassroomManager } from '../src/core/classroom/manager.ts';
import { ExportJobs } from '../src/core/export/jobs.ts';
import { dispatch } from '../src/core/services/dispatch.ts';
import { createTeacherHandlers, type CallContext } from '../src/core/services/teacher-service.ts';
import { parseRoster } from '../src/core/teacher/roster-csv.ts';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', 'roster', name), 'utf8');
const read = (csv: string) => parseRoster(csv).entries.map((e) => [e.line, e.name, e.rosterId]);

describe('roster files: one delimiter per file', () => {
  it('reads "Müller, Jürgen;20234" as the name "Müller, Jürgen" with id 20234 (semicolon file)', () => {
    const r = parseRoster('name;id\nMüller, Jürgen;20234\n');
    assert.equal(r.delimiter, ';');
    assert.deepEqual(read('name;id\nMüller, Jürgen;20234\n'), [[2, 'Müller, Jürgen', '20234']]);
    assert.deepEqual(r.skipped, []);
  });

  it('reads an Excel semicolon export (byte-order mark, CRLF, quoted semicolons, apostrophes)', () => {
    const r = parseRoster(fixture('semicolon-excel.csv'));
    assert.equal(r.delimiter, ';');
    assert.deepEqual(r.columns, ['Name', 'ID']);
    assert.deepEqual(read(fixture('semicolon-excel.csv')), [
      [2, 'Müller, Jürgen', '20234'],
      [3, 'Schmidt; Anna', '20235'],
      [4, "O'Brien, Seán", '20236'],
    ]);
  });

  it('reads a tab-separated file, keeping commas, semicolons and quotation marks inside values', () => {
    const r = parseRoster(fixture('tab.csv'));
    assert.equal(r.delimiter, '\t');
    assert.deepEqual(read(fixture('tab.csv')), [
      [2, 'Zoë Ångström, Jr.', 'T-1'],
      [3, 'Ana "Nan" Silva; Costa', 'T-2'],
      [5, 'Amaru Quispe', 'T-3'],
    ]);
    assert.deepEqual(r.skipped, []);
  });

  it('reads quoted fields that contain the other delimiters, quotes and line breaks; lines are where each row starts', () => {
    const r = parseRoster(fixture('quoted.csv'));
    assert.equal(r.delimiter, ',');
    assert.deepEqual(read(fixture('quoted.csv')), [
      [2, 'Lovelace, Ada', 'S1'],
      [3, 'Brontë; Emily "Em"', 'S2'],
      [4, 'Multi\nLine', 'S3'],
      [6, 'Dan', 'S4'],
    ]);
    assert.deepEqual(r.skipped, []);
  });

  it('lists rows whose number of values differs from the header, never shifting or truncating them', () => {
    const r = parseRoster(fixture('inconsistent.csv'));
    assert.equal(r.delimiter, ';');
    assert.deepEqual(read(fixture('inconsistent.csv')), [
      [2, 'Ann', '1'],
      [5, 'Cleo', '3'],
      [7, 'Dan', '4'],
    ]);
    assert.deepEqual(
      r.skipped.map((s) => s.line),
      [3, 4],
    );
    assert.match(r.skipped[0]!.reason, /^3 values where the header has 2 columns \(name; id\): "Müller", "Jürgen", "20234"/);
    assert.match(r.skipped[0]!.reason, /quotation marks/);
    assert.match(r.skipped[1]!.reason, /^1 value where the header has 2 columns/);
  });

  it('reads a one-column file with a name header, commas in names and all', () => {
    const r = parseRoster('name\nMüller, Jürgen\nAna; Lima\nBen\n');
    assert.deepEqual(r.columns, ['name']);
    assert.deepEqual(read('name\nMüller, Jürgen\nAna; Lima\nBen\n'), [
      [2, 'Müller, Jürgen', null],
      [3, 'Ana; Lima', null],
      [4, 'Ben', null],
    ]);
    assert.deepEqual(r.skipped, []);
  });

  it('still recognises OneRoster, here semicolon-separated, and reports its uneven rows', () => {
    const r = parseRoster(fixture('oneroster-semicolon.csv'));
    assert.equal(r.format, 'oneroster');
    assert.equal(r.delimiter, ';');
    assert.deepEqual(read(fixture('oneroster-semicolon.csv')), [[2, 'Zainab Haddad, Jr.', 'u1']]);
    assert.deepEqual(
      r.skipped.map((s) => [s.line, s.reason.slice(0, 30)]),
      [
        [3, 'role is "teacher", not student'],
        [4, '11 values where the header has'],
      ],
    );
  });

  it('says where a broken quotation is, with the delimiter it read', () => {
    assert.throws(() => parseRoster('name;id\nAnn;1\n"Cleo;3\nDan;4\n'), /line 3.*never closed/);
    assert.throws(() => parseRoster('name;id\nAnn;1\n"Cl"eo;3\n'), /semicolon-separated.*line 3/);
  });

  it('prefers the delimiter whose header has a name column, and refuses a file that reads equally well two ways', () => {
    assert.deepEqual(read('id;name,name\n1;Ann,Ann Lee\n'), [[2, 'Ann Lee', null]]);
    assert.throws(() => parseRoster('name,x;name\nAnn,B;C\n'), /reads as well comma-separated as semicolon-separated/);
  });

  it('refuses a file that has a header and no students', () => {
    assert.throws(() => parseRoster('name;id\n\n;;\n'), /no students/);
  });

  it('property: names and ids with commas, semicolons and quotes, written with any one delimiter, read back the same', () => {
    const chars = fc.constantFrom(...'aZüßŁ李 ,;"\'-.'.split(''));
    const text = fc
      .array(chars, { minLength: 1, maxLength: 14 })
      .map((c) => c.join('').replace(/ +/g, ' ').trim())
      .filter((s) => /\p{L}/u.test(s));
    fc.assert(
      fc.property(
        fc.constantFrom(',' as const, ';' as const, '\t' as const),
        fc.boolean(),
        fc.array(fc.record({ name: text, id: text }), { minLength: 1, maxLength: 15 }),
        (delimiter, withId, students) => {
          const rows = [withId ? ['name', 'id'] : ['name'], ...students.map((s) => (withId ? [s.name, s.id] : [s.name]))];
          const r = parseRoster(stringify(rows, { delimiter }));
          assert.deepEqual(r.skipped, []);
          assert.deepEqual(
            r.entries.map((e) => [e.line, e.name, e.rosterId]),
            students.map((s, i) => [i + 2, s.name, withId ? s.id : null]),
          );
          if (withId) assert.equal(r.delimiter, delimiter);
        },
      ),
      { numRuns: 300 },
    );
  });
});

function backend() {
  // The test's own handle on the database, to read rows back with SQL.
  const db = openDatabase(':memory:');
  const store = new Store(db);
  const handlers = createTeacherHandlers({ store, jobs: new ExportJobs(store), classroom: new ClassroomManager(store, { staticDir: '/nonexistent' }) });
  // A connection on which the teacher area is unlocked (the PIN itself is tested in teacher.test.ts).
  const ctx: CallContext = { teacher: true, grantTeacher: () => (ctx.teacher = true), revokeTeacher: () => (ctx.teacher = false) };
  const call = async <T = any>(name: string, input: unknown): Promise<T> => {
    const env = await dispatch(handlers as never, name, input, ctx);
    if (!env.ok) throw new Error(`${env.error.code}: ${env.error.message}`);
    return env.value as T;
  };
  const students = () =>
    db.prepare('SELECT display_name AS name, roster_id AS id FROM students ORDER BY roster_id, display_name').all() as { name: string; id: string | null }[];
  const members = (classId: string) =>
    (db.prepare('SELECT s.display_name AS n FROM class_members m JOIN students s ON s.id = m.student_id WHERE m.class_id = ? ORDER BY n').all(classId) as { n: string }[]).map((r) => r.n);
  return { store, call, students, members };
}

describe('importing a roster: preview, then exactly that', () => {
  it('stores "Müller, Jürgen" with id 20234 from a semicolon file', async () => {
    const b = backend();
    const cls = await b.call('createClass', { name: '10B' });
    const r = await b.call('importRoster', { classId: cls.id, csv: '\uFEFFName;ID\r\nMüller, Jürgen;20234\r\n' });
    assert.deepEqual([r.added, r.delimiter], [1, ';']);
    assert.deepEqual(b.students(), [{ name: 'Müller, Jürgen', id: '20234' }]);
  });

  it('previews each row (line, name, id, what will happen) and the import does just that', async () => {
    const b = backend();
    const a = await b.call('createClass', { name: '10A' });
    const c = await b.call('createClass', { name: '10C' });
    await b.call('importRoster', { classId: a.id, csv: 'name;id\nMüller, Jürgen;20234\nAda;S1\nNo Id;\n' });
    await b.call('importRoster', { classId: c.id, csv: 'name;id\nKofi Mensah;K1\n' });
    const csv = 'name,id\n"Müller, Jürgen Karl",20234\nAda,S1\nNo Id,\nKofi Mensah,K1\nNew Kid,N1\nAda Again,S1\n,N2\nNo Id,\n';
    const p = await b.call('previewRoster', { classId: a.id, csv });
    assert.equal(p.delimiter, ',');
    assert.deepEqual(
      p.rows.map((r: any) => [r.line, r.name, r.rosterId, r.action, r.currentName]),
      [
        [2, 'Müller, Jürgen Karl', '20234', 'in-class', 'Müller, Jürgen'],
        [3, 'Ada', 'S1', 'in-class', null],
        [4, 'No Id', null, 'in-class', null],
        [5, 'Kofi Mensah', 'K1', 'enrol', null],
        [6, 'New Kid', 'N1', 'add', null],
        [7, 'Ada Again', 'S1', 'skip', null],
        [8, '', 'N2', 'skip', null],
        [9, 'No Id', null, 'skip', null],
      ],
    );
    assert.match(p.rows[5].reason, /same id as line 3/);
    assert.match(p.rows[6].reason, /no name/);
    assert.match(p.rows[7].reason, /same name as line 4/);

    // The rename is offered, not applied, unless the teacher ticks it.
    const r = await b.call('importRoster', { classId: a.id, csv, preview: p.fingerprint });
    assert.deepEqual([r.added, r.enrolled, r.alreadyInClass, r.renamed, r.skipped.length], [1, 1, 3, 0, 3]);
    assert.deepEqual(b.members(a.id), ['Ada', 'Kofi Mensah', 'Müller, Jürgen', 'New Kid', 'No Id']);
    assert.deepEqual(b.students().find((s) => s.id === '20234'), { name: 'Müller, Jürgen', id: '20234' });
  });

  it('applies a rename the teacher chose, for a known id with a changed name, in this class or another', async () => {
    const b = backend();
    const a = await b.call('createClass', { name: '10A' });
    const other = await b.call('createClass', { name: '11A' });
    await b.call('importRoster', { classId: a.id, csv: 'name;id\nMüller, Jürgen;20234\nAda;S1\n' });
    const csv = 'family_name;given_name;id\nMüller;Jürgen;20234\nLovelace;Ada;S1\n';
    const p = await b.call('previewRoster', { classId: other.id, csv });
    assert.deepEqual(
      p.rows.map((r: any) => [r.action, r.name, r.currentName]),
      [
        ['enrol', 'Jürgen Müller', 'Müller, Jürgen'],
        ['enrol', 'Ada Lovelace', 'Ada'],
      ],
    );
    const r = await b.call('importRoster', { classId: other.id, csv, renames: ['20234'], preview: p.fingerprint });
    assert.deepEqual([r.added, r.enrolled, r.renamed], [0, 2, 1]);
    assert.deepEqual(b.students(), [
      { name: 'Jürgen Müller', id: '20234' },
      { name: 'Ada', id: 'S1' },
    ]);
    assert.deepEqual(b.members(a.id), ['Ada', 'Jürgen Müller'], 'the same student, renamed everywhere');
    // Only a rename the file offers can be applied.
    await assert.rejects(b.call('importRoster', { classId: other.id, csv: 'name;id\nAda;S1\n', renames: ['20234'] }), /invalid_input: .*20234/);
  });

  it('refuses to import when the class changed since the preview, and changes nothing', async () => {
    const b = backend();
    const a = await b.call('createClass', { name: '10A' });
    await b.call('importRoster', { classId: a.id, csv: 'name;id\nAda;S1\n' });
    const csv = 'name;id\nAda L.;S1\nBen;S2\n';
    const p = await b.call('previewRoster', { classId: a.id, csv });
    const ada = (await b.call('classRoster', { classId: a.id }))[0];
    await b.call('renameStudent', { studentId: ada.id, displayName: 'Ada Lovelace' });
    await assert.rejects(b.call('importRoster', { classId: a.id, csv, renames: ['S1'], preview: p.fingerprint }), /conflict: .*changed since/);
    assert.deepEqual(b.students(), [{ name: 'Ada Lovelace', id: 'S1' }]);
  });
});
