import type { Database } from 'better-sqlite3';

// Numbered migrations, applied in order. `PRAGMA user_version` records the last one
// applied; each runs in its own transaction. Never edit a migration that has
// shipped: add a new one at the end.

export interface Migration {
  version: number;
  name: string;
  up: (db: Database) => void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'lessons, students, attempts, answers and scores',
    up: (db) => {
      db.exec(`
        CREATE TABLE lessons (
          id TEXT PRIMARY KEY,
          current_version_id INTEGER
        ) STRICT;

        -- Every distinct text of a lesson that answers were made on is kept.
        CREATE TABLE lesson_versions (
          id INTEGER PRIMARY KEY,
          lesson_id TEXT NOT NULL REFERENCES lessons(id) ON DELETE CASCADE,
          version INTEGER NOT NULL CHECK (version >= 1),
          hash TEXT NOT NULL,
          source TEXT NOT NULL,
          file TEXT,
          title TEXT NOT NULL,
          imported_at TEXT NOT NULL,
          UNIQUE (lesson_id, version),
          UNIQUE (lesson_id, hash)
        ) STRICT;

        CREATE TABLE students (
          id TEXT PRIMARY KEY,
          display_name TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 500),
          created_at TEXT NOT NULL
        ) STRICT;

        CREATE TABLE attempts (
          id TEXT PRIMARY KEY,
          student_id TEXT NOT NULL REFERENCES students(id) ON DELETE CASCADE,
          lesson_version_id INTEGER NOT NULL REFERENCES lesson_versions(id),
          number INTEGER NOT NULL CHECK (number >= 1),
          current_step INTEGER NOT NULL DEFAULT 0 CHECK (current_step >= 0),
          started_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          finished_at TEXT
        ) STRICT;
        CREATE INDEX attempts_by_student ON attempts(student_id, lesson_version_id);
        CREATE INDEX attempts_by_version ON attempts(lesson_version_id);

        -- One row per highlight, saved as the student makes, relabels or removes it.
        CREATE TABLE highlights (
          id TEXT PRIMARY KEY,
          attempt_id TEXT NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
          exercise_id TEXT NOT NULL,
          start_offset INTEGER NOT NULL CHECK (start_offset >= 0),
          end_offset INTEGER NOT NULL CHECK (end_offset > start_offset),
          label TEXT NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX highlights_by_attempt ON highlights(attempt_id, exercise_id);

        -- Choice and short-answer responses: one row per attempt and exercise.
        CREATE TABLE responses (
          attempt_id TEXT NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
          exercise_id TEXT NOT NULL,
          choices TEXT CHECK (choices IS NULL OR json_valid(choices)),
          text TEXT,
          updated_at TEXT NOT NULL,
          PRIMARY KEY (attempt_id, exercise_id)
        ) STRICT;

        -- A step the student has checked, with its score.
        CREATE TABLE results (
          attempt_id TEXT NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
          exercise_id TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('scored', 'pending', 'graded')),
          points REAL,
          max_points REAL NOT NULL,
          precision REAL,
          recall REAL,
          f1 REAL,
          submitted_at TEXT NOT NULL,
          graded_at TEXT,
          comment TEXT,
          PRIMARY KEY (attempt_id, exercise_id)
        ) STRICT;
      `);
    },
  },
  {
    version: 2,
    name: 'classes, rosters, teacher settings and grading',
    up: (db) => {
      db.exec(`
        -- An id from a school roster (OneRoster sourcedId, SIS id); unique when present.
        ALTER TABLE students ADD COLUMN roster_id TEXT;
        CREATE UNIQUE INDEX students_by_roster_id ON students(roster_id) WHERE roster_id IS NOT NULL;

        CREATE TABLE classes (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
          created_at TEXT NOT NULL
        ) STRICT;
        CREATE UNIQUE INDEX classes_by_name ON classes(name COLLATE NOCASE);

        CREATE TABLE class_members (
          class_id TEXT NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
          student_id TEXT NOT NULL REFERENCES students(id) ON DELETE CASCADE,
          added_at TEXT NOT NULL,
          PRIMARY KEY (class_id, student_id)
        ) STRICT;
        CREATE INDEX class_members_by_student ON class_members(student_id);

        CREATE TABLE settings (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL
        ) STRICT;

        -- Who graded a short answer is always the teacher; when, and the private comment, are in results.
        CREATE INDEX results_pending ON results(status) WHERE status = 'pending';
      `);
    },
  },
  {
    version: 3,
    name: 'live classroom sessions',
    up: (db) => {
      db.exec(`
        CREATE TABLE classroom_sessions (
          id TEXT PRIMARY KEY,
          class_id TEXT NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
          lesson_id TEXT NOT NULL REFERENCES lessons(id),
          lesson_version_id INTEGER NOT NULL REFERENCES lesson_versions(id),
          join_code TEXT NOT NULL CHECK (length(join_code) = 6),
          allow_new_names INTEGER NOT NULL DEFAULT 0 CHECK (allow_new_names IN (0, 1)),
          pacing TEXT NOT NULL DEFAULT 'teacher' CHECK (pacing IN ('teacher', 'student')),
          current_step INTEGER NOT NULL DEFAULT 0 CHECK (current_step >= 0),
          paused INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
          revealed TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(revealed)),
          host TEXT NOT NULL,
          port INTEGER NOT NULL,
          started_at TEXT NOT NULL,
          ended_at TEXT
        ) STRICT;
        CREATE INDEX classroom_sessions_open ON classroom_sessions(ended_at) WHERE ended_at IS NULL;

        -- A student's place in a session: only a hash of their token is stored.
        CREATE TABLE classroom_members (
          session_id TEXT NOT NULL REFERENCES classroom_sessions(id) ON DELETE CASCADE,
          student_id TEXT NOT NULL REFERENCES students(id) ON DELETE CASCADE,
          attempt_id TEXT NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
          token_hash TEXT UNIQUE,
          joined_at TEXT NOT NULL,
          PRIMARY KEY (session_id, student_id)
        ) STRICT;
      `);
    },
  },
  {
    version: 4,
    name: 'classroom seats: typed names flagged, rejoin codes for released seats',
    up: (db) => {
      db.exec(`
        -- 1 when the student typed this name when joining (not picked from the class list).
        ALTER TABLE classroom_members ADD COLUMN typed INTEGER NOT NULL DEFAULT 0 CHECK (typed IN (0, 1));
        -- A released seat can be taken again only with this one-time code, shown to the teacher.
        ALTER TABLE classroom_members ADD COLUMN rejoin_code TEXT CHECK (rejoin_code IS NULL OR length(rejoin_code) = 6);
      `);
    },
  },
  {
    version: 5,
    name: 'evidence steps: a response holds the verdict given on each claim',
    up: (db) => {
      db.exec(`
        -- An evidence step's answer: {"claim-id": {"verdict": "...", "card": "..."}}.
        ALTER TABLE responses ADD COLUMN claims TEXT CHECK (claims IS NULL OR json_valid(claims));
      `);
    },
  },
  {
    version: 6,
    name: 'lesson studio: where a lesson came from (made in the studio, imported from a file)',
    up: (db) => {
      db.exec(`
        -- Lessons that come with Lede or were put in a folder by hand have no row.
        CREATE TABLE lesson_origins (
          lesson_id TEXT PRIMARY KEY,
          kind TEXT NOT NULL CHECK (kind IN ('studio', 'imported')),
          file_name TEXT CHECK (file_name IS NULL OR length(file_name) <= 255),
          at TEXT NOT NULL
        ) STRICT;
      `);
    },
  },
  {
    version: 7,
    name: 'grading: the teacher chooses whether a comment is shown to the student',
    up: (db) => {
      db.exec(`
        -- 1 when the teacher chose "Show this comment to the student". Comments written
        -- before this choice existed were private, and stay private (0).
        ALTER TABLE results ADD COLUMN comment_shared INTEGER NOT NULL DEFAULT 0 CHECK (comment_shared IN (0, 1));
      `);
    },
  },
  {
    version: 8,
    name: 'self-paced study: a written answer checked by the student against the rubric (self-assessed)',
    up: (db) => {
      // A CHECK constraint cannot be changed in place: the table is rebuilt with every row.
      // Nothing refers to results, so dropping the old table takes nothing with it.
      db.exec(`
        CREATE TABLE results_v8 (
          attempt_id TEXT NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
          exercise_id TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('scored', 'pending', 'graded', 'self-assessed')),
          points REAL,
          max_points REAL NOT NULL,
          precision REAL,
          recall REAL,
          f1 REAL,
          submitted_at TEXT NOT NULL,
          graded_at TEXT,
          comment TEXT,
          comment_shared INTEGER NOT NULL DEFAULT 0 CHECK (comment_shared IN (0, 1)),
          -- Self-assessed: the rubric criteria (their positions, as a JSON array) the student said the answer meets.
          self_check TEXT CHECK (self_check IS NULL OR (json_valid(self_check) AND json_type(self_check) = 'array')),
          PRIMARY KEY (attempt_id, exercise_id),
          -- The criteria are there exactly when the student checked the answer, with the points they are worth.
          CHECK ((status = 'self-assessed') = (self_check IS NOT NULL)),
          CHECK (status <> 'self-assessed' OR points IS NOT NULL)
        ) STRICT;
        INSERT INTO results_v8 (attempt_id, exercise_id, status, points, max_points, precision, recall, f1, submitted_at, graded_at, comment, comment_shared)
          SELECT attempt_id, exercise_id, status, points, max_points, precision, recall, f1, submitted_at, graded_at, comment, comment_shared FROM results;
        DROP TABLE results;
        ALTER TABLE results_v8 RENAME TO results;
        CREATE INDEX results_pending ON results(status) WHERE status = 'pending';
      `);
    },
  },
  {
    version: 9,
    name: 'assignments: a lesson given to a class with its dates, attempts, the attempt that counts and when the key is shown',
    up: (db) => {
      db.exec(`
        -- A lesson assigned to a class (at most one assignment per class and lesson).
        -- opens_at / due_at: ISO instants; no due date: open until the teacher closes it (due_at set to then).
        -- max_attempts: NULL for unlimited. counts: which of a student's attempts is the grade.
        -- key_shown: after-check (each step's key once it is checked: practice), after-hand-in (once the
        -- attempt is handed in), after-due (once the due date has passed), on-release (once the teacher releases it).
        CREATE TABLE assignments (
          id TEXT PRIMARY KEY,
          class_id TEXT NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
          lesson_id TEXT NOT NULL REFERENCES lessons(id) ON DELETE CASCADE,
          opens_at TEXT NOT NULL,
          due_at TEXT,
          max_attempts INTEGER CHECK (max_attempts IS NULL OR max_attempts BETWEEN 1 AND 100),
          counts TEXT NOT NULL CHECK (counts IN ('first', 'highest', 'latest')),
          key_shown TEXT NOT NULL CHECK (key_shown IN ('after-check', 'after-hand-in', 'after-due', 'on-release')),
          key_released_at TEXT,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          CHECK (key_shown <> 'after-due' OR due_at IS NOT NULL),
          CHECK (due_at IS NULL OR due_at > opens_at),
          UNIQUE (class_id, lesson_id)
        ) STRICT;
        CREATE INDEX assignments_by_lesson ON assignments(lesson_id);

        -- The assignment an attempt was made for; NULL: practice (or a live class). A class deleted with its
        -- assignments leaves its students' attempts as practice.
        ALTER TABLE attempts ADD COLUMN assignment_id TEXT REFERENCES assignments(id) ON DELETE SET NULL;
        CREATE INDEX attempts_by_assignment ON attempts(assignment_id, student_id) WHERE assignment_id IS NOT NULL;

        -- Whether a lesson is offered in every student's library for practice (1), or only to the classes it is assigned to (0).
        ALTER TABLE lessons ADD COLUMN in_library INTEGER NOT NULL DEFAULT 1 CHECK (in_library IN (0, 1));
      `);
    },
  },
  {
    version: 10,
    name: 'results: the version of the scoring rules that gave each result its points',
    up: (db) => {
      db.exec(`
        -- Every result stored before this migration was scored under the first rules (src/core/scoring/rules.ts, version 1).
        -- A re-score under later rules sets the new version with the new points; a written answer keeps the version it was
        -- handed in under (its points are the teacher's or the rubric's, not the scorer's).
        ALTER TABLE results ADD COLUMN rules_version INTEGER NOT NULL DEFAULT 1 CHECK (rules_version >= 1);
      `);
    },
  },
  {
    version: 11,
    name: 'the first-reaction check: how the headline made the student feel and whether they would share it, before reading and at the end',
    up: (db) => {
      db.exec(`
        -- Unscored, never part of the key (src/shared/reaction.ts). One answer per attempt and phase, replaced when changed.
        -- feelings: a JSON array of 1 to 3 of the feelings offered; words: the student's own, cleaned ('' for none).
        CREATE TABLE reactions (
          attempt_id TEXT NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
          phase TEXT NOT NULL CHECK (phase IN ('before', 'after')),
          feelings TEXT NOT NULL CHECK (json_valid(feelings) AND json_type(feelings) = 'array' AND json_array_length(feelings) BETWEEN 1 AND 3),
          share TEXT NOT NULL CHECK (share IN ('yes', 'comment', 'no', 'unsure')),
          words TEXT NOT NULL DEFAULT '' CHECK (length(words) <= 1000),
          at TEXT NOT NULL,
          PRIMARY KEY (attempt_id, phase)
        ) STRICT;
      `);
    },
  },
];
