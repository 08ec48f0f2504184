import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { allIn, IN_CHUNK } from '../src/core/db/in-list.ts';
import { MIGRATIONS, type Migration } from '../src/core/db/migrations.ts';
import { migrate, NewerDatabaseError, openDatabase, userVersion } from '../src/core/db/open.ts';
import { Store } from '../src/core/db/store.ts';
import { cleanDisplayName } from '../src/core/teacher/names.ts';
import { loadLessonFile, type LoadedLesson } from '../src/core/lessons/load.ts';
import { parseLesson } from '../src/core/lessons/parse.ts';
import { LedeError } from '../src/shared/errors.ts';
import { miniLesson, ROOT, OLD_SEED_FILE, tempDir } from './helpers.ts';

function loaded(source: string, file = 'mini.md'): LoadedLesson {
  const r = parseLesson(source, file);
  assert.ok(r.ok);
  return { file, lesson: r.lesson, source };
}

function tables(db: BetterSqlite3.Database): { name: string; strict: number }[] {
  return (db.prepare(`PRAGMA table_list`).all() as { name: string; strict: number; schema: string; type: string }[])
    .filter((t) => t.schema === 'main' && t.type === 'table' && !t.name.startsWith('sqlite_'))
    .map(({ name, strict }) => ({ name, strict }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** One lesson with one version: the rows every migration test's data hangs from. */
const ONE_LESSON = `INSERT INTO lessons (id) VALUES ('l');
  INSERT INTO lesson_versions (id, lesson_id, version, hash, source, title, imported_at) VALUES (1, 'l', 1, 'h', 's', 't', 'now');`;

describe('migrations', () => {
  it('are numbered 1, 2, 3 … in order', () => {
    assert.deepEqual(
      MIGRATIONS.map((m) => m.version),
      MIGRATIONS.map((_, i) => i + 1),
    );
  });

  for (const m of MIGRATIONS) {
    it(`migration ${m.version} (${m.name}) applies from an empty database and from the schema before it`, () => {
      // From empty: every migration up to and including this one.
      const fresh = new BetterSqlite3(':memory:');
      migrate(fresh, MIGRATIONS.slice(0, m.version));
      assert.equal(userVersion(fresh), m.version);
      // From the previous schema: stop one short, then apply this one alone.
      const prev = new BetterSqlite3(':memory:');
      migrate(prev, MIGRATIONS.slice(0, m.version - 1));
      assert.equal(userVersion(prev), m.version - 1);
      migrate(prev, MIGRATIONS.slice(0, m.version));
      assert.equal(userVersion(prev), m.version);
      assert.deepEqual(tables(prev), tables(fresh));
      for (const t of tables(fresh)) assert.equal(t.strict, 1, `${t.name} is STRICT`);
      fresh.close();
      prev.close();
    });
  }

  it('migration 2 keeps every student, attempt and answer made under schema 1', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS.slice(0, 1));
    db.exec(`${ONE_LESSON}
      INSERT INTO students (id, display_name, created_at) VALUES ('s1', 'Ada', 'now');
      INSERT INTO attempts (id, student_id, lesson_version_id, number, started_at, updated_at) VALUES ('a1', 's1', 1, 1, 'now', 'now');
      INSERT INTO highlights (id, attempt_id, exercise_id, start_offset, end_offset, label, created_at, updated_at) VALUES ('h1', 'a1', 'x', 0, 3, 'named', 'now', 'now');`);
    migrate(db, MIGRATIONS.slice(0, 2));
    assert.deepEqual(db.prepare('SELECT id, display_name, roster_id FROM students').all(), [{ id: 's1', display_name: 'Ada', roster_id: null }]);
    assert.equal((db.prepare('SELECT count(*) AS n FROM highlights').get() as { n: number }).n, 1);
    db.close();
  });

  it('migration 4 keeps every classroom seat made under schema 3; old seats are not typed and have no rejoin code', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS.slice(0, 3));
    db.exec(`${ONE_LESSON}
      INSERT INTO students (id, display_name, created_at) VALUES ('s1', 'Ada', 'now'), ('s2', 'Ben', 'now');
      INSERT INTO attempts (id, student_id, lesson_version_id, number, started_at, updated_at) VALUES ('a1', 's1', 1, 1, 'now', 'now'), ('a2', 's2', 1, 1, 'now', 'now');
      INSERT INTO classes (id, name, created_at) VALUES ('c', '8C', 'now');
      INSERT INTO classroom_sessions (id, class_id, lesson_id, lesson_version_id, join_code, host, port, started_at) VALUES ('x', 'c', 'l', 1, 'ABCDEF', '127.0.0.1', 0, 'now');
      INSERT INTO classroom_members (session_id, student_id, attempt_id, token_hash, joined_at) VALUES ('x', 's1', 'a1', 'hash', 'now'), ('x', 's2', 'a2', NULL, 'now');`);
    migrate(db, MIGRATIONS.slice(0, 4));
    assert.deepEqual(db.prepare('SELECT student_id, token_hash, typed, rejoin_code FROM classroom_members ORDER BY student_id').all(), [
      { student_id: 's1', token_hash: 'hash', typed: 0, rejoin_code: null },
      { student_id: 's2', token_hash: null, typed: 0, rejoin_code: null },
    ]);
    assert.throws(() => db.prepare(`UPDATE classroom_members SET rejoin_code = 'ABC'`).run(), /CHECK constraint/);
    db.close();
  });

  it('migration 5 keeps every choice and written answer made under schema 4; evidence verdicts must be JSON', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS.slice(0, 4));
    db.exec(`${ONE_LESSON}
      INSERT INTO students (id, display_name, created_at) VALUES ('s1', 'Ada', 'now');
      INSERT INTO attempts (id, student_id, lesson_version_id, number, started_at, updated_at) VALUES ('a1', 's1', 1, 1, 'now', 'now');
      INSERT INTO responses (attempt_id, exercise_id, choices, text, updated_at) VALUES ('a1', 'q', '["tense"]', NULL, 'now'), ('a1', 'w', NULL, 'Find the video.', 'now');`);
    migrate(db, MIGRATIONS.slice(0, 5));
    assert.deepEqual(db.prepare('SELECT exercise_id, choices, text, claims FROM responses ORDER BY exercise_id').all(), [
      { exercise_id: 'q', choices: '["tense"]', text: null, claims: null },
      { exercise_id: 'w', choices: null, text: 'Find the video.', claims: null },
    ]);
    db.prepare(`INSERT INTO responses (attempt_id, exercise_id, claims, updated_at) VALUES ('a1', 'e', ?, 'now')`).run('{"kashmir":{"verdict":"not-found"}}');
    assert.throws(() => db.prepare(`INSERT INTO responses (attempt_id, exercise_id, claims, updated_at) VALUES ('a1', 'f', 'not json', 'now')`).run(), /CHECK constraint/);
    db.close();
  });

  it('migration 6 keeps every lesson made under schema 5; an origin is studio or imported, one per lesson', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS.slice(0, 5));
    db.exec(ONE_LESSON);
    migrate(db, MIGRATIONS.slice(0, 6));
    assert.equal((db.prepare('SELECT count(*) AS n FROM lesson_versions').get() as { n: number }).n, 1);
    assert.equal((db.prepare('SELECT count(*) AS n FROM lesson_origins').get() as { n: number }).n, 0);
    db.prepare(`INSERT INTO lesson_origins (lesson_id, kind, file_name, at) VALUES ('l1', 'imported', 'flood.md', 'now')`).run();
    assert.throws(() => db.prepare(`INSERT INTO lesson_origins (lesson_id, kind, at) VALUES ('l2', 'downloaded', 'now')`).run(), /CHECK constraint/);
    assert.throws(() => db.prepare(`INSERT INTO lesson_origins (lesson_id, kind, at) VALUES ('l1', 'studio', 'now')`).run(), /UNIQUE constraint/);
    db.close();
  });

  it('migration 7 keeps every result made under schema 6; old comments stay private, and shown is 0 or 1', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS.slice(0, 6));
    db.exec(`${ONE_LESSON}
      INSERT INTO students (id, display_name, created_at) VALUES ('s1', 'Ada', 'now');
      INSERT INTO attempts (id, student_id, lesson_version_id, number, started_at, updated_at) VALUES ('a1', 's1', 1, 1, 'now', 'now');
      INSERT INTO results (attempt_id, exercise_id, status, points, max_points, submitted_at, graded_at, comment)
        VALUES ('a1', 'w', 'graded', 4, 5, 'now', 'now', 'Talk to me after class.'), ('a1', 's', 'scored', 7.5, 10, 'now', NULL, NULL);`);
    migrate(db, MIGRATIONS.slice(0, 7));
    assert.deepEqual(db.prepare('SELECT exercise_id, status, points, comment, comment_shared FROM results ORDER BY exercise_id').all(), [
      { exercise_id: 's', status: 'scored', points: 7.5, comment: null, comment_shared: 0 },
      { exercise_id: 'w', status: 'graded', points: 4, comment: 'Talk to me after class.', comment_shared: 0 },
    ]);
    db.prepare(`UPDATE results SET comment_shared = 1 WHERE exercise_id = 'w'`).run();
    assert.throws(() => db.prepare(`UPDATE results SET comment_shared = 2`).run(), /CHECK constraint/);
    db.close();
  });

  it('migration 8 keeps every result made under schema 7 (comments and their shown flag too); self-assessed is a status, its criteria a JSON array', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS.slice(0, 7));
    db.exec(`${ONE_LESSON}
      INSERT INTO students (id, display_name, created_at) VALUES ('s1', 'Ada', 'now');
      INSERT INTO attempts (id, student_id, lesson_version_id, number, started_at, updated_at) VALUES ('a1', 's1', 1, 1, 'now', 'now');
      INSERT INTO results (attempt_id, exercise_id, status, points, max_points, precision, recall, f1, submitted_at, graded_at, comment, comment_shared)
        VALUES ('a1', 'w', 'graded', 4, 5, NULL, NULL, NULL, 't1', 't2', 'Well argued.', 1),
               ('a1', 's', 'scored', 7.5, 10, 0.5, 0.75, 0.6, 't3', NULL, NULL, 0),
               ('a1', 'p', 'pending', NULL, 3, NULL, NULL, NULL, 't4', NULL, NULL, 0);`);
    const before = db.prepare('SELECT * FROM results ORDER BY exercise_id').all();
    migrate(db, MIGRATIONS.slice(0, 8));
    const after = db.prepare('SELECT * FROM results ORDER BY exercise_id').all() as Record<string, unknown>[];
    assert.deepEqual(
      after.map(({ self_check, ...rest }) => (assert.equal(self_check, null), rest)),
      before,
    );
    db.prepare(`UPDATE results SET status = 'self-assessed', points = 2, self_check = '[0,2]' WHERE exercise_id = 'p'`).run();
    assert.throws(() => db.prepare(`UPDATE results SET status = 'peer-reviewed' WHERE exercise_id = 'p'`).run(), /CHECK constraint/);
    assert.throws(() => db.prepare(`UPDATE results SET self_check = '{"0":true}' WHERE exercise_id = 'p'`).run(), /CHECK constraint/);
    assert.throws(() => db.prepare(`UPDATE results SET self_check = 'not json' WHERE exercise_id = 'p'`).run(), /CHECK constraint/);
    // The criteria are there exactly when the answer is self-assessed, with its points.
    assert.throws(() => db.prepare(`UPDATE results SET self_check = NULL WHERE exercise_id = 'p'`).run(), /CHECK constraint/);
    assert.throws(() => db.prepare(`UPDATE results SET points = NULL WHERE exercise_id = 'p'`).run(), /CHECK constraint/);
    assert.throws(() => db.prepare(`UPDATE results SET self_check = '[0]' WHERE exercise_id = 'w'`).run(), /CHECK constraint/);
    // The index on answers waiting for a grade came back, and deleting an attempt still takes its results.
    assert.deepEqual((db.prepare(`PRAGMA index_list(results)`).all() as { name: string }[]).map((i) => i.name).filter((n) => !n.startsWith('sqlite_')), ['results_pending']);
    db.prepare(`DELETE FROM attempts WHERE id = 'a1'`).run();
    assert.equal((db.prepare('SELECT count(*) AS n FROM results').get() as { n: number }).n, 0);
    db.close();
  });

  it('migration 9 keeps every attempt and lesson made under schema 8 (as practice, in the library); assignments hold their rules in the schema', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS.slice(0, 8));
    db.exec(`${ONE_LESSON}
      INSERT INTO students (id, display_name, created_at) VALUES ('s1', 'Ada', 'now');
      INSERT INTO classes (id, name, created_at) VALUES ('c1', '9B', 'now');
      INSERT INTO attempts (id, student_id, lesson_version_id, number, started_at, updated_at, finished_at) VALUES ('a1', 's1', 1, 1, 't0', 't1', 't2');`);
    const before = db.prepare('SELECT * FROM attempts').all() as Record<string, unknown>[];
    migrate(db, MIGRATIONS.slice(0, 9));
    const after = db.prepare('SELECT * FROM attempts').all() as Record<string, unknown>[];
    assert.deepEqual(after.map(({ assignment_id, ...rest }) => (assert.equal(assignment_id, null), rest)), before);
    assert.equal(db.prepare(`SELECT in_library FROM lessons WHERE id = 'l'`).pluck().get(), 1);
    const insert = db.prepare(
      `INSERT INTO assignments (id, class_id, lesson_id, opens_at, due_at, max_attempts, counts, key_shown, created_at, updated_at) VALUES (?, 'c1', 'l', ?, ?, ?, ?, ?, 'now', 'now')`,
    );
    insert.run('x1', '2026-12-07T08:00:00.000Z', '2026-12-11T17:00:00.000Z', 1, 'first', 'after-due');
    // One assignment per class and lesson; counts, key_shown and attempts within their sets; dates in order; after-due needs a due date.
    assert.throws(() => insert.run('x2', '2026-12-07T08:00:00.000Z', null, 1, 'first', 'after-hand-in'), /UNIQUE/);
    db.prepare(`DELETE FROM assignments WHERE id = 'x1'`).run();
    assert.throws(() => insert.run('x3', '2026-12-07T08:00:00.000Z', null, 1, 'best', 'after-hand-in'), /CHECK constraint/);
    assert.throws(() => insert.run('x3', '2026-12-07T08:00:00.000Z', null, 1, 'first', 'at-once'), /CHECK constraint/);
    assert.throws(() => insert.run('x3', '2026-12-07T08:00:00.000Z', null, 0, 'first', 'after-hand-in'), /CHECK constraint/);
    assert.throws(() => insert.run('x3', '2026-12-07T08:00:00.000Z', null, 1, 'first', 'after-due'), /CHECK constraint/);
    assert.throws(() => insert.run('x3', '2026-12-07T08:00:00.000Z', '2026-12-01T08:00:00.000Z', 1, 'first', 'after-hand-in'), /CHECK constraint/);
    assert.throws(() => db.prepare(`UPDATE lessons SET in_library = 2`).run(), /CHECK constraint/);
    // An attempt made for an assignment; deleting the class (and so the assignment) leaves it as practice.
    insert.run('x4', '2026-12-07T08:00:00.000Z', null, null, 'highest', 'on-release');
    db.prepare(`UPDATE attempts SET assignment_id = 'x4' WHERE id = 'a1'`).run();
    assert.throws(() => db.prepare(`UPDATE attempts SET assignment_id = 'nope' WHERE id = 'a1'`).run(), /FOREIGN KEY/);
    db.prepare(`DELETE FROM classes WHERE id = 'c1'`).run();
    assert.equal(db.prepare(`SELECT count(*) FROM assignments`).pluck().get(), 0);
    assert.equal(db.prepare(`SELECT assignment_id FROM attempts WHERE id = 'a1'`).pluck().get(), null);
    db.close();
  });

  it('migration 10 keeps every result stored under schema 9 and records it as scored under the first rules (version 1)', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS.slice(0, 9));
    db.exec(`${ONE_LESSON}
      INSERT INTO students (id, display_name, created_at) VALUES ('s1', 'Ada', 'now');
      INSERT INTO attempts (id, student_id, lesson_version_id, number, started_at, updated_at) VALUES ('a1', 's1', 1, 1, 't0', 't1');
      INSERT INTO results (attempt_id, exercise_id, status, points, max_points, precision, recall, f1, submitted_at) VALUES ('a1', 'e1', 'scored', 2.5, 4, 0.5, 0.25, 0.3333, 't1');
      INSERT INTO results (attempt_id, exercise_id, status, points, max_points, submitted_at, graded_at, comment, comment_shared) VALUES ('a1', 'e2', 'graded', 3, 5, 't1', 't2', 'Good', 1);`);
    const before = db.prepare('SELECT * FROM results ORDER BY exercise_id').all() as Record<string, unknown>[];
    migrate(db, MIGRATIONS.slice(0, 10));
    const after = db.prepare('SELECT * FROM results ORDER BY exercise_id').all() as Record<string, unknown>[];
    assert.deepEqual(after.map(({ rules_version, ...rest }) => (assert.equal(rules_version, 1), rest)), before);
    // A version is a positive whole number, always present.
    assert.throws(() => db.prepare(`UPDATE results SET rules_version = 0`).run(), /CHECK constraint/);
    assert.throws(() => db.prepare(`UPDATE results SET rules_version = NULL`).run(), /NOT NULL/);
    assert.throws(() => db.prepare(`UPDATE results SET rules_version = 'two'`).run(), /cannot store TEXT/);
    db.close();
  });

  it('migration 11 keeps every row made under schema 10 (results with their rules version too); a reaction belongs to an attempt, one per phase, within its bounds', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS.filter((m) => m.version < 11));
    db.exec(`${ONE_LESSON}
      INSERT INTO students (id, display_name, created_at) VALUES ('s1', 'Ada', 'now');
      INSERT INTO attempts (id, student_id, lesson_version_id, number, started_at, updated_at, finished_at) VALUES ('a1', 's1', 1, 1, 't0', 't1', 't2');
      INSERT INTO highlights (id, attempt_id, exercise_id, start_offset, end_offset, label, created_at, updated_at) VALUES ('h1', 'a1', 'sources', 0, 4, 'named', 'now', 'now');
      INSERT INTO responses (attempt_id, exercise_id, choices, updated_at) VALUES ('a1', 'q', '["a"]', 'now');
      INSERT INTO results (attempt_id, exercise_id, status, points, max_points, submitted_at) VALUES ('a1', 'q', 'scored', 2, 2, 'now');`);
    const tablesBefore = tables(db).map((t) => t.name);
    const dump = () => Object.fromEntries(tablesBefore.map((t) => [t, db.prepare(`SELECT * FROM ${t}`).all()]));
    const before = dump();
    migrate(db, MIGRATIONS.filter((m) => m.version <= 11));
    assert.equal(userVersion(db), 11);
    assert.deepEqual(dump(), before, 'every row of every table is kept');
    assert.deepEqual(tables(db).map((t) => t.name), [...tablesBefore, 'reactions'].sort((a, b) => a.localeCompare(b)));
    const put = db.prepare(`INSERT INTO reactions (attempt_id, phase, feelings, share, words, at) VALUES ('a1', ?, ?, ?, ?, 'now')`);
    put.run('before', '["angry","shocked"]', 'yes', 'Wow');
    put.run('after', '["doubtful"]', 'no', '');
    assert.throws(() => put.run('after', '["sad"]', 'no', ''), /UNIQUE|PRIMARY KEY/);
    assert.throws(() => db.prepare(`INSERT INTO reactions (attempt_id, phase, feelings, share, at) VALUES ('a9', 'before', '["sad"]', 'no', 'now')`).run(), /FOREIGN KEY/);
    // An attempt deleted takes its reactions with it.
    db.prepare(`DELETE FROM attempts WHERE id = 'a1'`).run();
    assert.equal(db.prepare('SELECT count(*) FROM reactions').pluck().get(), 0);
    db.close();
  });

  it('names and titles come in the reader’s order, not byte order (Å with the A’s, Class 2 before Class 10)', () => {
    const store = Store.open(':memory:');
    for (const name of ['Zeta', 'Łódź group', 'Class 10', 'Åsa', 'class 2', 'Maths']) store.classes.create(name);
    assert.deepEqual(store.classes.list().map((c) => c.name), ['Åsa', 'class 2', 'Class 10', 'Łódź group', 'Maths', 'Zeta']);
    for (const name of ['Zoë', 'Ümit', 'adam', 'Łukasz', 'Bea']) store.createStudent(name);
    assert.deepEqual(store.listStudents().map((s) => s.displayName), ['adam', 'Bea', 'Łukasz', 'Ümit', 'Zoë']);
    store.close();
  });

  it('the full schema has the expected tables', () => {
    const db = openDatabase(':memory:');
    assert.deepEqual(
      tables(db).map((t) => t.name),
      ['assignments', 'attempts', 'class_members', 'classes', 'classroom_members', 'classroom_sessions', 'highlights', 'lesson_origins', 'lesson_versions', 'lessons', 'reactions', 'responses', 'results', 'settings', 'students'],
    );
    assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
    db.close();
  });

  it('a failing migration rolls back completely and leaves the version alone', () => {
    const db = new BetterSqlite3(':memory:');
    const broken: Migration[] = [
      ...MIGRATIONS,
      {
        version: MIGRATIONS.length + 1,
        name: 'broken',
        up: (d) => {
          d.exec('CREATE TABLE half_done (x INTEGER) STRICT');
          d.exec('THIS IS NOT SQL');
        },
      },
    ];
    assert.throws(() => migrate(db, broken));
    assert.equal(userVersion(db), MIGRATIONS.length);
    assert.ok(!tables(db).some((t) => t.name === 'half_done'));
  });

  it('refuses a database written by a newer Lede, and leaves it untouched', () => {
    const dir = tempDir();
    const path = join(dir, 'future.sqlite');
    const future = new BetterSqlite3(path);
    future.pragma('user_version = 99');
    future.exec('CREATE TABLE from_the_future (x INTEGER)');
    future.close();
    assert.throws(
      () => openDatabase(path),
      (e: unknown) => e instanceof NewerDatabaseError && e.message.includes(`newer version of Lede (schema 99; this version understands up to ${MIGRATIONS.at(-1)!.version})`),
    );
    const again = new BetterSqlite3(path);
    assert.equal(userVersion(again), 99);
    assert.equal(again.pragma('journal_mode', { simple: true }), 'delete', 'not even switched to WAL');
    again.close();
  });

  it('a file database uses WAL', () => {
    const db = openDatabase(join(tempDir(), 'x.sqlite'));
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    db.close();
  });

  it('a file database syncs the WAL at every commit (synchronous=FULL, and F_FULLFSYNC where the OS has it), so an acknowledged answer survives power loss', () => {
    const db = openDatabase(join(tempDir(), 'durable.sqlite'));
    // PRAGMA synchronous is per connection: read it back from the connection openDatabase returns. 2 = FULL (1 = NORMAL).
    assert.equal(db.pragma('synchronous', { simple: true }), 2);
    assert.equal(db.pragma('fullfsync', { simple: true }), 1);
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    db.close();
  });
});

describe('importing lessons', () => {
  it('a version updated in place by another process on the same database is read again, not served from the cache', () => {
    const path = join(tempDir(), 'two.sqlite');
    const server = new Store(openDatabase(path));
    const first = server.importLesson(loaded(miniLesson()));
    assert.equal(server.lessonVersion(first.versionId).title, 'A small lesson');
    // `lede import` (another process) while the server runs: no attempt yet, so the version is updated in place.
    const cli = new Store(openDatabase(path));
    const up = cli.importLesson(loaded(miniLesson().replace('A small lesson', 'A small lesson, retitled')));
    assert.deepEqual(up, { status: 'updated', versionId: first.versionId });
    cli.close();
    assert.equal(server.lessonVersion(first.versionId).title, 'A small lesson, retitled');
    server.close();
  });

  it('added, unchanged, updated while unanswered, new version once answered, restored', () => {
    const db = openDatabase(':memory:');
    const store = new Store(db);
    const v1 = loaded(miniLesson());
    assert.equal(store.importLesson(v1).status, 'added');
    assert.equal(store.importLesson(v1).status, 'unchanged');

    const v1b = loaded(miniLesson().replace('A small lesson', 'A small lesson, retitled'));
    const up = store.importLesson(v1b);
    assert.equal(up.status, 'updated');
    assert.equal(store.listLessons()[0]!.title, 'A small lesson, retitled');
    assert.equal(store.listLessons()[0]!.version, 1);

    const student = store.createStudent('Ada');
    const attempt = store.startAttempt(student.id, 'mini');
    store.putHighlight(attempt.id, 'sources', { id: 'h1', start: 57, end: 68, label: 'named' });

    const v2 = loaded(miniLesson({ body: 'Now the council says something else entirely.\n\nexperts.\n' }).replace('occurrence: 1', 'occurrence: 1'));
    const nv = store.importLesson(v2);
    assert.equal(nv.status, 'new-version');
    assert.equal(store.listLessons()[0]!.version, 2);
    // The earlier attempt still points at the text it was made on.
    const old = store.lessonForAttempt(attempt.id);
    assert.equal(old.text.slice(57, 68), 'the council');
    assert.match(old.text, /According to the council/);
    assert.equal(store.currentVersionId('mini'), nv.versionId);
    // Going back to the first text reuses its version.
    assert.equal(store.importLesson(v1b).status, 'restored');
    assert.equal(store.currentVersionId('mini'), up.versionId);
    const count = db.prepare('SELECT count(*) AS n FROM lesson_versions').get() as { n: number };
    assert.equal(count.n, 2);
  });

  it('imports the seed lesson', () => {
    const store = new Store(openDatabase(':memory:'));
    const r = loadLessonFile(OLD_SEED_FILE);
    assert.ok(r.ok);
    store.importLesson(r.loaded);
    assert.deepEqual(store.listLessons().map((l) => l.lessonId), ['asif-dirty-work']);
  });
});

describe('students', () => {
  it('keeps names in any script intact, and refuses empty, control-character and over-long names', () => {
    const store = new Store(openDatabase(':memory:'));
    const names = ['زينب الحسيني', 'דוד לוי', '李小龍 🐉', 'Zoë "; DROP TABLE students; --', '<img src=x onerror=alert(1)>', 'ß'.repeat(500)];
    for (const n of names) store.createStudent(n);
    const stored = store.listStudents().map((s) => s.displayName);
    for (const n of names) assert.ok(stored.includes(n), `lost ${n.slice(0, 20)}`);
    assert.throws(() => cleanDisplayName('   '), LedeError);
    assert.throws(() => cleanDisplayName('a\u0000b'), /control characters/);
    assert.throws(() => cleanDisplayName('x'.repeat(501)), /at most 500/);
    assert.equal(cleanDisplayName('  Ana \n  María '), 'Ana María');
    assert.equal(cleanDisplayName('e\u0301'), '\u00e9', 'NFC');
  });
});

describe('answers', () => {
  function setup() {
    const db = openDatabase(':memory:');
    const store = new Store(db);
    store.importLesson(loaded(miniLesson()));
    const s = store.createStudent('Ben');
    const a = store.startAttempt(s.id, 'mini');
    return { store, db, a };
  }

  it('saves, relabels and removes highlights, and reads them back in the answers-file shape', () => {
    const { store, db, a } = setup();
    store.putHighlight(a.id, 'sources', { id: 'h1', start: 57, end: 68, label: 'vague' });
    store.putHighlight(a.id, 'sources', { id: 'h2', start: 130, end: 137, label: 'vague' });
    store.putHighlight(a.id, 'sources', { id: 'h1', start: 57, end: 68, label: 'named' });
    store.putHighlight(a.id, 'sources', { id: 'h3', start: 0, end: 7, label: 'named' });
    store.deleteHighlight(a.id, 'sources', 'h3');
    store.putResponse(a.id, 'q', { choices: ['a'] });
    assert.deepEqual(store.answers(a.id), {
      sources: {
        spans: [
          { start: 57, end: 68, label: 'named' },
          { start: 130, end: 137, label: 'vague' },
        ],
      },
      q: { choices: ['a'] },
    });
    const rows = db.prepare('SELECT id, label FROM highlights ORDER BY id').all();
    assert.deepEqual(rows, [
      { id: 'h1', label: 'named' },
      { id: 'h2', label: 'vague' },
    ]);
  });

  it('refuses answers that do not fit, and stores nothing', () => {
    const { store, db, a } = setup();
    assert.throws(() => store.putHighlight(a.id, 'sources', { id: 'x', start: 10, end: 5, label: 'named' }), /must be greater/);
    assert.throws(() => store.putHighlight(a.id, 'sources', { id: 'x', start: 0, end: 5000, label: 'named' }), /outside the text/);
    assert.throws(() => store.putHighlight(a.id, 'q', { id: 'x', start: 0, end: 5, label: 'named' }), /choice question/);
    assert.throws(() => store.putHighlight('no-such-attempt', 'sources', { id: 'x', start: 0, end: 5, label: 'named' }), /does not exist/);
    const n = db.prepare('SELECT count(*) AS n FROM highlights').get() as { n: number };
    assert.equal(n.n, 0);
  });

  it('checking a step scores it from the saved answers, records it, and locks the step', () => {
    const { store, db, a } = setup();
    store.putHighlight(a.id, 'sources', { id: 'h1', start: 57, end: 68, label: 'named' });
    const r = store.submitExercise(a.id, 'sources');
    assert.equal(r.kind, 'highlight');
    assert.equal(r.points, 6.67);
    const row = db.prepare('SELECT status, points, max_points, precision, recall FROM results').get();
    assert.deepEqual(row, { status: 'scored', points: 6.67, max_points: 10, precision: 1, recall: 0.5 });
    assert.throws(() => store.putHighlight(a.id, 'sources', { id: 'h2', start: 130, end: 137, label: 'vague' }), /already been checked/);
    assert.equal(store.submitExercise(a.id, 'sources').points, 6.67, 'checking again returns the same result');
  });

  it('a new attempt starts empty and numbers itself; earlier attempts are kept', () => {
    const { store, a } = setup();
    store.putHighlight(a.id, 'sources', { id: 'h1', start: 57, end: 68, label: 'named' });
    const b = store.startAttempt(a.studentId, 'mini');
    assert.equal(b.number, 2);
    assert.deepEqual(store.answers(b.id), { sources: { spans: [] } });
    assert.deepEqual(store.attemptsFor(a.studentId, 'mini').map((x) => x.number), [2, 1]);
  });

  it('an answer reported as saved survives the process being killed', async () => {
    const dir = tempDir();
    const db = join(dir, 'crash.sqlite');
    const lessonFile = join(dir, 'mini.md');
    writeFileSync(lessonFile, miniLesson());
    const script = join(dir, 'writer.ts');
    writeFileSync(
      script,
      `import { Store } from ${JSON.stringify(join(ROOT, 'src/core/db/store.ts'))};
       import { loadLessonFile } from ${JSON.stringify(join(ROOT, 'src/core/lessons/load.ts'))};
       const store = Store.open(${JSON.stringify(db)});
       const r = loadLessonFile(${JSON.stringify(lessonFile)});
       if (!r.ok) throw new Error('lesson');
       store.importLesson(r.loaded);
       const a = store.startAttempt(store.createStudent('Kim').id, 'mini');
       for (let i = 0; i < 40; i++) {
         store.putHighlight(a.id, 'sources', { id: 'h' + i, start: i, end: i + 1, label: 'named' });
         process.stdout.write('saved ' + i + '\\n');
       }
       setInterval(() => {}, 1000);`,
    );
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let acknowledged = -1;
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        for (const m of chunk.toString().matchAll(/saved (\d+)/g)) acknowledged = Number(m[1]);
        if (acknowledged >= 25) {
          child.kill('SIGKILL');
          resolve();
        }
      });
    });
    await new Promise((r) => child.once('exit', r));
    const check = new BetterSqlite3(db);
    const { n } = check.prepare('SELECT count(*) AS n FROM highlights').get() as { n: number };
    check.close();
    assert.ok(n >= acknowledged + 1, `${n} rows stored, ${acknowledged + 1} acknowledged`);
  });
});

describe('queries over a list of ids', () => {
  it('sends a long list in chunks of at most IN_CHUNK ids, after the other parameters, and returns every row', () => {
    const db = new BetterSqlite3(':memory:');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, tag TEXT)');
    const insert = db.prepare('INSERT INTO t (id, tag) VALUES (?, ?)');
    for (let i = 1; i <= 1300; i++) insert.run(i, i % 2 ? 'odd' : 'even');
    const statements: string[] = [];
    const spy = { prepare: (sql: string) => (statements.push(sql), db.prepare(sql)) } as unknown as Database;
    const ids = Array.from({ length: 1201 }, (_, i) => i + 1);
    const rows = allIn<{ id: number }>(spy, (marks) => `SELECT id FROM t WHERE tag = ? AND id IN (${marks})`, ids, ['odd']);
    assert.deepEqual(rows.map((r) => r.id).sort((a, b) => a - b), ids.filter((i) => i % 2));
    assert.equal(statements.length, Math.ceil(1201 / IN_CHUNK));
    for (const sql of statements) assert.ok((sql.match(/\?/g) ?? []).length <= IN_CHUNK + 1, 'one parameter before the list, at most IN_CHUNK in it');
    assert.deepEqual(allIn(spy, (marks) => `SELECT id FROM t WHERE id IN (${marks})`, []), [], 'no ids, no query');
    assert.equal(statements.length, Math.ceil(1201 / IN_CHUNK));
    db.close();
  });
});
