import { sortByName } from '../../shared/collate.ts';
import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import type { Answer, Span } from '../../shared/answers.ts';
import { LedeError } from '../../shared/errors.ts';
import { evidencePrerequisites, quotedList, type Exercise, type Lesson } from '../../shared/lesson.ts';
import type { LoadedLesson } from '../lessons/load.ts';
import { checkAnswer, scoreExercise, type ExerciseResult } from '../scoring/attempt.ts';
import { CURRENT_RULES_VERSION } from '../scoring/rules.ts';
import { cleanDisplayName, lookAlikeKeys } from '../teacher/names.ts';
import { Assignments } from './assignments.ts';
import { BackupRecords } from './backup.ts';
import { Classes } from './classes.ts';
import { ClassroomRepository } from './classroom.ts';
import { Exports } from './exports.ts';
import { Lessons, type ImportStatus, type LessonRow } from './lessons.ts';
import { openDatabase } from './open.ts';
import { Reactions } from './reactions.ts';
import { Results } from './results.ts';
import { Settings } from './settings.ts';

// The data layer: the only place that runs SQL. The Store owns the connection, its
// group commit and one repository per domain (lessons, classes, results, exports,
// backup, settings, classroom); the student's own path — students, attempts,
// answers and checking a step — stays on the Store itself. That path is one unit:
// its statements are prepared together, every write checks the step is still open
// and touches the attempt in the same transaction, and the group commit wraps them,
// which is why this file is longer than the others.

/**
 * The most highlights one attempt may hold in one step: far beyond honest use (the
 * seed lesson's steps have a dozen or two key items), and it keeps the cost of
 * every request about an attempt bounded, whatever a client sends.
 */
export const MAX_HIGHLIGHTS_PER_STEP = 400;

export interface Student {
  id: string;
  displayName: string;
  createdAt: string;
}

/** A student with what tells their profile apart from another of the same name. */
export interface Profile extends Student {
  classes: string[];
  lastUsedAt: string | null;
  lessonsStarted: number;
  lessonsFinished: number;
}

export interface Attempt {
  id: string;
  studentId: string;
  lessonId: string;
  lessonVersionId: number;
  number: number;
  currentStep: number;
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
  /** The assignment it was made for; null: practice, self-paced study or a live class. */
  assignmentId: string | null;
}

export interface HighlightRow extends Span {
  id: string;
  exerciseId: string;
}

interface AttemptDbRow {
  id: string;
  student_id: string;
  lesson_id: string;
  lesson_version_id: number;
  number: number;
  current_step: number;
  started_at: string;
  updated_at: string;
  finished_at: string | null;
  assignment_id: string | null;
}

const toAttempt = (r: AttemptDbRow): Attempt => ({
  id: r.id,
  studentId: r.student_id,
  lessonId: r.lesson_id,
  lessonVersionId: r.lesson_version_id,
  number: r.number,
  currentStep: r.current_step,
  startedAt: r.started_at,
  updatedAt: r.updated_at,
  finishedAt: r.finished_at,
  assignmentId: r.assignment_id,
});

const now = () => new Date().toISOString();

/**
 * Lede's store: every read and write of the database goes through here. It has no
 * dependency on Electron, so the CLI, the HTTP server and the app share it.
 */
export class Store {
  /** The connection: the data layer's own (repositories get it; nothing outside src/core/db sees it). */
  readonly #db: Database;
  /** Lessons and their versions. */
  readonly lessons: Lessons;
  /** Classes, rosters and student records. */
  readonly classes: Classes;
  /** Results of checked steps: one attempt's, a class's; the teacher's grades. */
  readonly results: Results;
  /** What the answers export reads for many attempts at once. */
  readonly exports: Exports;
  /** The rows of a results backup, read and written. */
  readonly backup: BackupRecords;
  /** Settings rows: the teacher's PIN hash, its throttle, the idle lock. */
  readonly settings: Settings;
  /** The live classroom's sessions and seats. */
  readonly classroom: ClassroomRepository;
  /** Lessons assigned to classes, and whether a lesson is in every student's library. */
  readonly assignments: Assignments;
  /** The first-reaction check's answers (unscored). */
  readonly reactions: Reactions;
  private readonly attemptLesson = new Map<string, number>();
  private readonly stmt: {
    attempt: Statement<[string], AttemptDbRow>;
    touchAttempt: Statement<[string, string]>;
    upsertHighlight: Statement<[string, string, string, number, number, string, string, string]>;
    deleteHighlight: Statement<[string, string]>;
    highlightStep: Statement<[string, string], { exercise_id: string }>;
    highlightCount: Statement<[string, string], { n: number }>;
    upsertResponse: Statement<[string, string, string | null, string | null, string | null, string]>;
    submitted: Statement<[string, string], { status: string }>;
  };

  /** Writes waiting for the next group commit (see `batched`). */
  private pending: { run: () => unknown; resolve: (v: unknown) => void; reject: (e: unknown) => void }[] = [];

  constructor(db: Database) {
    this.#db = db;
    this.lessons = new Lessons(db);
    this.classes = new Classes(db);
    this.results = new Results(db);
    this.exports = new Exports(db);
    this.backup = new BackupRecords(db);
    this.settings = new Settings(db);
    this.classroom = new ClassroomRepository(db);
    this.assignments = new Assignments(db);
    this.reactions = new Reactions(db);
    this.stmt = {
      attempt: db.prepare(
        `SELECT a.*, v.lesson_id FROM attempts a JOIN lesson_versions v ON v.id = a.lesson_version_id WHERE a.id = ?`,
      ),
      touchAttempt: db.prepare(`UPDATE attempts SET updated_at = ? WHERE id = ?`),
      upsertHighlight: db.prepare(
        `INSERT INTO highlights (id, attempt_id, exercise_id, start_offset, end_offset, label, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET start_offset = excluded.start_offset, end_offset = excluded.end_offset,
           label = excluded.label, updated_at = excluded.updated_at
         WHERE highlights.attempt_id = excluded.attempt_id AND highlights.exercise_id = excluded.exercise_id`,
      ),
      deleteHighlight: db.prepare(`DELETE FROM highlights WHERE id = ? AND attempt_id = ?`),
      highlightStep: db.prepare(`SELECT exercise_id FROM highlights WHERE id = ? AND attempt_id = ?`),
      highlightCount: db.prepare(`SELECT count(*) AS n FROM highlights WHERE attempt_id = ? AND exercise_id = ?`),
      upsertResponse: db.prepare(
        `INSERT INTO responses (attempt_id, exercise_id, choices, text, claims, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (attempt_id, exercise_id) DO UPDATE SET choices = excluded.choices, text = excluded.text, claims = excluded.claims,
           updated_at = excluded.updated_at`,
      ),
      submitted: db.prepare(`SELECT status FROM results WHERE attempt_id = ? AND exercise_id = ?`),
    };
  }

  /**
   * Group commit: runs `write` with the other writes that arrive in the same turn of
   * the event loop, in one transaction, so a busy class costs one sync of the disk
   * per group rather than per answer (every commit is synced: see open.ts). Each
   * write is its own savepoint (the store's methods open a nested transaction), so
   * one refused write changes nothing and does not affect the others. The promise
   * settles after the group's commit: an answer is acknowledged only once it is on
   * the disk.
   */
  batched<T>(write: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.pending.push({ run: write, resolve: resolve as (v: unknown) => void, reject }) === 1) setImmediate(() => this.commitGroup());
    });
  }

  private commitGroup(): void {
    const group = this.pending;
    this.pending = [];
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      this.#db.transaction(() => {
        for (const w of group) {
          try {
            outcomes.push({ ok: true, value: w.run() });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      })();
    } catch (error) {
      // The commit itself failed (a full disk, say): nothing of the group is saved.
      for (const w of group) w.reject(error);
      return;
    }
    group.forEach((w, i) => {
      const o = outcomes[i]!;
      if (o.ok) w.resolve(o.value);
      else w.reject(o.error);
    });
  }

  static open(path: string): Store {
    return new Store(openDatabase(path));
  }

  close(): void {
    this.#db.close();
  }

  /**
   * Runs `work` in one transaction (a savepoint when one is open): all of it is
   * written, or on an exception nothing. For work that spans repositories, like
   * importing a roster or a backup.
   */
  inTransaction<T>(work: () => T): T {
    return this.#db.transaction(work)();
  }

  // ── Lessons (see lessons.ts) ───────────────────────────────────────────

  importLesson(loaded: LoadedLesson): { status: ImportStatus; versionId: number } {
    return this.lessons.import(loaded);
  }

  listLessons(): LessonRow[] {
    return this.lessons.list();
  }

  lessonVersion(versionId: number): Lesson {
    return this.lessons.version(versionId);
  }

  currentVersionId(lessonId: string): number {
    return this.lessons.currentVersionId(lessonId);
  }

  // ── Students ───────────────────────────────────────────────────────────

  /**
   * Makes a profile. A name that is, or looks like, one already stored (the look-alike
   * rule of names.ts: case, accents, spacing and letters from other scripts set aside)
   * is refused unless `deliberate`: a second "Robin" would split one student's work
   * across two profiles.
   */
  createStudent(displayName: string, opts: { deliberate?: boolean } = {}): Profile {
    const name = cleanDisplayName(displayName);
    return this.#db.transaction(() => {
      if (!opts.deliberate) {
        const same = this.similarProfiles(name)[0];
        if (same) {
          throw new LedeError(
            'conflict',
            same.displayName === name
              ? `There is already a profile called “${same.displayName}” on this computer. Choose it if it is yours, or add something that tells you apart, like your class or an initial.`
              : `“${name}” looks like “${same.displayName}”, a profile already on this computer. Choose it if it is yours, or add something that tells you apart, like your class or an initial.`,
          );
        }
      }
      const student = { id: randomUUID(), displayName: name, createdAt: now() };
      this.#db.prepare(`INSERT INTO students (id, display_name, created_at) VALUES (?, ?, ?)`).run(student.id, student.displayName, student.createdAt);
      return { ...student, classes: [], lastUsedAt: null, lessonsStarted: 0, lessonsFinished: 0 };
    })();
  }

  /** Every profile with what tells it apart (classes, last used, progress), in the reader's order of names. */
  listStudents(): Profile[] {
    const rows = this.#db
      .prepare(
        `SELECT s.id, s.display_name AS displayName, s.created_at AS createdAt,
           (SELECT json_group_array(c.name) FROM class_members m JOIN classes c ON c.id = m.class_id WHERE m.student_id = s.id) AS classes,
           (SELECT max(a.updated_at) FROM attempts a WHERE a.student_id = s.id) AS lastUsedAt,
           (SELECT count(DISTINCT v.lesson_id) FROM attempts a JOIN lesson_versions v ON v.id = a.lesson_version_id WHERE a.student_id = s.id) AS lessonsStarted,
           (SELECT count(DISTINCT v.lesson_id) FROM attempts a JOIN lesson_versions v ON v.id = a.lesson_version_id
             WHERE a.student_id = s.id AND a.finished_at IS NOT NULL) AS lessonsFinished
         FROM students s ORDER BY s.created_at, s.id`,
      )
      .all() as (Omit<Profile, 'classes'> & { classes: string })[];
    return sortByName(
      rows.map((r) => ({ ...r, classes: sortByName(JSON.parse(r.classes) as string[], (c) => c) })),
      (s) => s.displayName,
    );
  }

  /** The profiles whose names look like `displayName` (see createStudent). */
  similarProfiles(displayName: string): Profile[] {
    const keys = new Set(lookAlikeKeys(cleanDisplayName(displayName)));
    const names = this.#db.prepare('SELECT id, display_name AS name FROM students').all() as { id: string; name: string }[];
    const alike = new Set(names.filter((s) => lookAlikeKeys(s.name).some((k) => keys.has(k))).map((s) => s.id));
    // The facts (classes, last use, progress) only for the few that look alike.
    return alike.size === 0 ? [] : this.listStudents().filter((s) => alike.has(s.id));
  }

  student(id: string): Student {
    const s = this.#db.prepare(`SELECT id, display_name AS displayName, created_at AS createdAt FROM students WHERE id = ?`).get(id) as
      | Student
      | undefined;
    if (!s) throw new LedeError('not_found', 'That student profile no longer exists.');
    return s;
  }

  /**
   * Whether no teacher will grade this attempt's written answers: its student is in no
   * class and it is not a live class's attempt (self-paced study on this computer).
   */
  noTeacherFor(attemptId: string): boolean {
    this.attempt(attemptId); // an attempt that does not exist is refused, not taken for one without a teacher
    const r = this.#db
      .prepare(
        `SELECT EXISTS (SELECT 1 FROM attempts a JOIN class_members m ON m.student_id = a.student_id WHERE a.id = ?) AS inClass,
           EXISTS (SELECT 1 FROM classroom_members WHERE attempt_id = ?) AS live`,
      )
      .get(attemptId, attemptId) as { inClass: number; live: number };
    return r.inClass === 0 && r.live === 0;
  }

  /** Whether an attempt is a live class's (its session's rules govern it while the session runs). */
  isLiveAttempt(attemptId: string): boolean {
    return this.#db.prepare('SELECT EXISTS (SELECT 1 FROM classroom_members WHERE attempt_id = ?)').pluck().get(attemptId) === 1;
  }

  /** Whether an attempt belongs to a live session that has not ended. */
  inRunningSession(attemptId: string): boolean {
    return (
      this.#db
        .prepare('SELECT EXISTS (SELECT 1 FROM classroom_members m JOIN classroom_sessions s ON s.id = m.session_id WHERE m.attempt_id = ? AND s.ended_at IS NULL)')
        .pluck()
        .get(attemptId) === 1
    );
  }

  /** Whether a live session of this lesson is running (not ended). */
  lessonLive(lessonId: string): boolean {
    return this.#db.prepare('SELECT EXISTS (SELECT 1 FROM classroom_sessions WHERE lesson_id = ? AND ended_at IS NULL)').pluck().get(lessonId) === 1;
  }

  /** Whether a teacher teaches any class on this computer. */
  teachesClasses(): boolean {
    return this.#db.prepare('SELECT EXISTS (SELECT 1 FROM classes) AS n').pluck().get() === 1;
  }

  // ── Attempts ───────────────────────────────────────────────────────────

  /** Starts a new attempt on the current version of a lesson (for an assignment, or practice when `assignmentId` is null). Earlier attempts are kept. */
  startAttempt(studentId: string, lessonId: string, versionId: number = this.currentVersionId(lessonId), assignmentId: string | null = null): Attempt {
    this.student(studentId);
    const id = randomUUID();
    const t = now();
    this.#db.transaction(() => {
      const { n } = this.#db
        .prepare(
          `SELECT count(*) AS n FROM attempts a JOIN lesson_versions v ON v.id = a.lesson_version_id WHERE a.student_id = ? AND v.lesson_id = ?`,
        )
        .get(studentId, lessonId) as { n: number };
      this.#db
        .prepare(`INSERT INTO attempts (id, student_id, lesson_version_id, number, started_at, updated_at, assignment_id) VALUES (?, ?, ?, ?, ?, ?, ?)`)
        .run(id, studentId, versionId, n + 1, t, t, assignmentId);
    })();
    return this.attempt(id);
  }

  attempt(id: string): Attempt {
    const row = this.stmt.attempt.get(id);
    if (!row) throw new LedeError('not_found', 'That attempt does not exist.');
    return toAttempt(row);
  }

  /** A student's attempts at a lesson (every version), newest first. */
  attemptsFor(studentId: string, lessonId: string): Attempt[] {
    const rows = this.#db
      .prepare(
        `SELECT a.*, v.lesson_id FROM attempts a JOIN lesson_versions v ON v.id = a.lesson_version_id
         WHERE a.student_id = ? AND v.lesson_id = ? ORDER BY a.number DESC`,
      )
      .all(studentId, lessonId) as AttemptDbRow[];
    return rows.map(toAttempt);
  }

  lessonForAttempt(attemptId: string): Lesson {
    let versionId = this.attemptLesson.get(attemptId);
    if (versionId === undefined) {
      versionId = this.attempt(attemptId).lessonVersionId;
      this.attemptLesson.set(attemptId, versionId);
    }
    return this.lessonVersion(versionId);
  }

  setStep(attemptId: string, step: number): void {
    const lesson = this.lessonForAttempt(attemptId);
    // Step 0 is reading the article, 1..n the exercises, n + 1 the summary.
    if (!Number.isInteger(step) || step < 0 || step > lesson.exercises.length + 1) {
      throw new LedeError('invalid_input', `Step ${step} does not exist in this lesson.`);
    }
    // Looking back at a finished attempt is not time spent on it: its last change stays.
    this.#db.prepare(`UPDATE attempts SET current_step = ?, updated_at = CASE WHEN finished_at IS NULL THEN ? ELSE updated_at END WHERE id = ?`).run(step, now(), attemptId);
  }

  /**
   * Sets when an attempt was started, last changed and finished. For `lede
   * sample-class` only, whose made-up attempts happen in an instant: without this a
   * sample class would show every student spending no time at all.
   */
  setAttemptTimes(attemptId: string, t: { startedAt: Date; updatedAt: Date; finished: boolean }): void {
    this.#db
      .prepare(`UPDATE attempts SET started_at = ?, updated_at = ?, finished_at = CASE WHEN ? THEN ? ELSE NULL END WHERE id = ?`)
      .run(t.startedAt.toISOString(), t.updatedAt.toISOString(), t.finished ? 1 : 0, t.updatedAt.toISOString(), attemptId);
  }

  finishAttempt(attemptId: string): void {
    this.#db.prepare(`UPDATE attempts SET finished_at = coalesce(finished_at, ?), updated_at = ? WHERE id = ?`).run(now(), now(), attemptId);
  }

  /**
   * Hands an attempt in as it stands, in one transaction: every step not checked yet is
   * checked with the answers it has (a step with none scores 0; a written answer, even an
   * empty one, waits for the teacher), in the lesson's order — so an evidence step comes
   * after the highlight steps it waits for — then the attempt is finished. Used where an
   * attempt must end whatever is left: an assignment handed in or closed at its due date,
   * a live session ended by the teacher. Returns the steps it checked (their ids).
   */
  handIn(attemptId: string): string[] {
    const lesson = this.lessonForAttempt(attemptId);
    const checked: string[] = [];
    this.#db.transaction(() => {
      for (const ex of lesson.exercises) {
        if (this.stmt.submitted.get(attemptId, ex.id)) continue;
        this.submitExercise(attemptId, ex.id, { revealed: true });
        checked.push(ex.id);
      }
      this.finishAttempt(attemptId);
    })();
    return checked;
  }

  private assertOpen(attemptId: string, exerciseId: string): void {
    if (this.stmt.submitted.get(attemptId, exerciseId)) {
      throw new LedeError('conflict', 'This step has already been checked; start a new attempt to change your answers.');
    }
  }

  /**
   * An evidence step opens once the highlight steps before it are checked: its
   * reports and claims would give their answers away.
   */
  private assertEvidenceOpen(attemptId: string, lesson: Lesson, ex: Exercise): void {
    if (ex.kind !== 'evidence') return;
    const waiting = evidencePrerequisites(lesson, ex.id).filter((e) => !this.stmt.submitted.get(attemptId, e.id));
    if (waiting.length > 0) {
      throw new LedeError('conflict', `Check ${quotedList(waiting.map((e) => e.title))} first: this step’s reports would give their answers away.`);
    }
  }

  // ── Answers (each saved as the student acts) ───────────────────────────

  /** Creates or changes one highlight. Committed before it returns. */
  putHighlight(attemptId: string, exerciseId: string, h: { id: string; start: number; end: number; label: string }): HighlightRow {
    const lesson = this.lessonForAttempt(attemptId);
    checkAnswer(lesson, exerciseId, { spans: [{ start: h.start, end: h.end, label: h.label }] });
    const t = now();
    this.#db.transaction(() => {
      // The step the stored highlight belongs to is the one that must be open.
      const stored = this.stmt.highlightStep.get(h.id, attemptId);
      if (stored && stored.exercise_id !== exerciseId) throw new LedeError('conflict', 'That highlight belongs to another step.');
      this.assertOpen(attemptId, exerciseId);
      if (!stored && this.stmt.highlightCount.get(attemptId, exerciseId)!.n >= MAX_HIGHLIGHTS_PER_STEP) {
        throw new LedeError('too_large', `A step can hold at most ${MAX_HIGHLIGHTS_PER_STEP} highlights. Remove some before adding more.`);
      }
      const r = this.stmt.upsertHighlight.run(h.id, attemptId, exerciseId, h.start, h.end, h.label, t, t);
      if (r.changes === 0) throw new LedeError('conflict', 'That highlight belongs to another exercise or attempt.');
      this.stmt.touchAttempt.run(t, attemptId);
    })();
    return { id: h.id, exerciseId, start: h.start, end: h.end, label: h.label };
  }

  /** The step a stored highlight belongs to, if the attempt has it. */
  highlightStep(attemptId: string, highlightId: string): string | undefined {
    return this.stmt.highlightStep.get(highlightId, attemptId)?.exercise_id;
  }

  /**
   * Removes one highlight. The step checked is the one the stored highlight belongs
   * to, not the one the caller names: a checked step's highlights cannot be removed
   * by naming another step. Removing a highlight that is not there changes nothing.
   */
  deleteHighlight(attemptId: string, exerciseId: string, highlightId: string): void {
    this.#db.transaction(() => {
      const stored = this.stmt.highlightStep.get(highlightId, attemptId);
      this.assertOpen(attemptId, stored?.exercise_id ?? exerciseId);
      if (!stored) return;
      this.stmt.deleteHighlight.run(highlightId, attemptId);
      this.stmt.touchAttempt.run(now(), attemptId);
    })();
  }

  /** Saves a choice, short-answer or evidence response (replacing the previous one). */
  putResponse(attemptId: string, exerciseId: string, answer: Answer): void {
    const lesson = this.lessonForAttempt(attemptId);
    const ex = checkAnswer(lesson, exerciseId, answer);
    if (ex.kind === 'highlight') throw new LedeError('invalid_input', 'Highlights are saved one at a time.');
    const t = now();
    this.#db.transaction(() => {
      this.assertOpen(attemptId, exerciseId);
      this.assertEvidenceOpen(attemptId, lesson, ex);
      this.stmt.upsertResponse.run(
        attemptId,
        exerciseId,
        'choices' in answer ? JSON.stringify(answer.choices) : null,
        'text' in answer ? answer.text : null,
        // The claims column holds the per-item answers of a step: an evidence step's verdicts or a search step's picks.
        'claims' in answer ? JSON.stringify(answer.claims) : 'search' in answer ? JSON.stringify(answer.search) : null,
        t,
      );
      this.stmt.touchAttempt.run(t, attemptId);
    })();
  }

  highlights(attemptId: string): HighlightRow[] {
    return this.#db
      .prepare(
        `SELECT id, exercise_id AS exerciseId, start_offset AS start, end_offset AS "end", label FROM highlights
         WHERE attempt_id = ? ORDER BY exercise_id, start_offset, end_offset, id`,
      )
      .all(attemptId) as HighlightRow[];
  }

  /** Every answer of an attempt, in the answers-file shape. */
  answers(attemptId: string): Record<string, Answer> {
    const lesson = this.lessonForAttempt(attemptId);
    const out: Record<string, Answer> = {};
    for (const ex of lesson.exercises) if (ex.kind === 'highlight') out[ex.id] = { spans: [] };
    for (const h of this.highlights(attemptId)) {
      const a = out[h.exerciseId];
      if (a && 'spans' in a) a.spans.push({ start: h.start, end: h.end, label: h.label });
    }
    const rows = this.#db.prepare(`SELECT exercise_id, choices, text, claims FROM responses WHERE attempt_id = ?`).all(attemptId) as {
      exercise_id: string;
      choices: string | null;
      text: string | null;
      claims: string | null;
    }[];
    const searchSteps = new Set(lesson.exercises.filter((e) => e.kind === 'search').map((e) => e.id));
    for (const r of rows) {
      out[r.exercise_id] =
        searchSteps.has(r.exercise_id) && r.claims !== null
          ? { search: JSON.parse(r.claims) as Extract<Answer, { search: unknown }>['search'] }
          : r.choices !== null
          ? { choices: JSON.parse(r.choices) as string[] }
          : r.claims !== null
            ? { claims: JSON.parse(r.claims) as Extract<Answer, { claims: unknown }>['claims'] }
            : { text: r.text ?? '' };
    }
    return out;
  }

  // ── Checking a step ────────────────────────────────────────────────────

  /**
   * Scores one step from its saved answers and records the result. Checking a
   * step locks its answers; checking it again returns the same result.
   */
  submitExercise(attemptId: string, exerciseId: string, opts: { revealed?: boolean } = {}): ExerciseResult {
    const lesson = this.lessonForAttempt(attemptId);
    const ex = lesson.exercises.find((e) => e.id === exerciseId);
    if (!ex) throw new LedeError('not_found', `This lesson has no step "${exerciseId}".`);
    const answer = this.answers(attemptId)[exerciseId];
    const result = scoreExercise(ex, answer);
    this.#db.transaction(() => {
      if (this.stmt.submitted.get(attemptId, exerciseId)) return;
      // A teacher who reveals a step in class decides for everyone; a student checks steps in order.
      if (!opts.revealed) this.assertEvidenceOpen(attemptId, lesson, ex);
      const h = result.kind === 'highlight' ? result.highlight : null;
      this.#db
        .prepare(
          `INSERT INTO results (attempt_id, exercise_id, status, points, max_points, precision, recall, f1, submitted_at, rules_version)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(attemptId, exerciseId, result.status, result.points, result.maxPoints, h?.semeval.precision ?? null, h?.semeval.recall ?? null, h?.semeval.f1 ?? null, now(), CURRENT_RULES_VERSION);
      this.stmt.touchAttempt.run(now(), attemptId);
    })();
    return result;
  }
}
