import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Answer } from '../../shared/answers.ts';
import { LedeError } from '../../shared/errors.ts';
import type { Exercise, Lesson } from '../../shared/lesson.ts';
import { cleanDisplayName, type Store } from '../db/store.ts';
import { parseLesson } from '../lessons/parse.ts';
import { checkAnswer, roundPoints, scoreExercise } from '../scoring/attempt.ts';
import { Classes, cleanClassName, cleanRosterId } from '../teacher/classes.ts';
import { giveWay, type Pace } from './tables.ts';

// A class's results as one JSON file (documented in the README), to move them to
// another computer. A backup is a file from elsewhere, so it is never trusted:
// every record is checked against the lesson text it names (which must match its
// sha-256 and parse), every score is recomputed from the imported answers and the
// key, and a record that claims an id already stored must be what is stored. One
// bad record refuses the whole file, with a message naming it, and nothing stored
// changes. Importing the same file twice adds nothing.

export const BACKUP_FORMAT = 'lede-class-results';
export const BACKUP_VERSION = 1;
export const MAX_BACKUP_BYTES = 64 * 1024 * 1024;

// The same limits as the API's, so every imported record can be opened afterwards.
const Id = z.string().min(1).max(100);
const ShortId = z.string().min(1).max(64);
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const Time = z.string().max(40).refine((s) => ISO_TIME.test(s) && !Number.isNaN(Date.parse(s)), 'not a date and time (ISO 8601)');

const HighlightSchema = z.object({ id: ShortId, exerciseId: ShortId, start: z.int().nonnegative(), end: z.int().positive(), label: ShortId, createdAt: Time, updatedAt: Time });
const ResponseSchema = z.object({ exerciseId: ShortId, choices: z.array(ShortId).max(100).nullable(), text: z.string().max(20000).nullable(), updatedAt: Time });
const ResultSchema = z.object({
  exerciseId: ShortId,
  status: z.enum(['scored', 'pending', 'graded']),
  points: z.number().nullable(),
  maxPoints: z.number(),
  precision: z.number().nullable(),
  recall: z.number().nullable(),
  f1: z.number().nullable(),
  submittedAt: Time,
  gradedAt: Time.nullable(),
  comment: z.string().max(5000).nullable(),
});

export const BackupSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_VERSION),
  exportedAt: Time,
  // Names are checked as they are when typed (cleanClassName, cleanDisplayName); these are only bounds.
  class: z.object({ id: Id, name: z.string().min(1).max(1000) }),
  students: z.array(z.object({ id: Id, displayName: z.string().min(1).max(4000), rosterId: z.string().max(200).nullable(), createdAt: Time })),
  lessonVersions: z.array(z.object({ lessonId: Id, version: z.int().positive(), hash: z.string().max(64), title: z.string(), source: z.string().max(2 * 1024 * 1024) })),
  attempts: z.array(
    z.object({
      id: Id,
      studentId: Id,
      lessonId: Id,
      lessonHash: z.string().max(64),
      number: z.int().positive(),
      currentStep: z.int().nonnegative(),
      startedAt: Time,
      updatedAt: Time,
      finishedAt: Time.nullable(),
      highlights: z.array(HighlightSchema),
      responses: z.array(ResponseSchema),
      results: z.array(ResultSchema),
    }),
  ),
});
export type Backup = z.infer<typeof BackupSchema>;

export async function buildBackup(store: Store, classId: string, pace: Pace = {}): Promise<Backup> {
  const db = store.db;
  const cls = new Classes(db).get(classId);
  const students = db
    .prepare(
      `SELECT s.id, s.display_name AS displayName, s.roster_id AS rosterId, s.created_at AS createdAt
       FROM class_members m JOIN students s ON s.id = m.student_id WHERE m.class_id = ? ORDER BY s.id`,
    )
    .all(classId) as Backup['students'];
  const attempts = db
    .prepare(
      `SELECT a.id, a.student_id AS studentId, v.lesson_id AS lessonId, v.hash AS lessonHash, a.number, a.current_step AS currentStep,
         a.started_at AS startedAt, a.updated_at AS updatedAt, a.finished_at AS finishedAt, a.lesson_version_id AS vid
       FROM attempts a JOIN lesson_versions v ON v.id = a.lesson_version_id
       JOIN class_members m ON m.student_id = a.student_id AND m.class_id = ? ORDER BY a.id`,
    )
    .all(classId) as (Omit<Backup['attempts'][number], 'highlights' | 'responses' | 'results'> & { vid: number })[];
  const hl = db.prepare(
    `SELECT id, exercise_id AS exerciseId, start_offset AS start, end_offset AS "end", label, created_at AS createdAt, updated_at AS updatedAt FROM highlights WHERE attempt_id = ? ORDER BY id`,
  );
  const rs = db.prepare(`SELECT exercise_id AS exerciseId, choices, text, updated_at AS updatedAt FROM responses WHERE attempt_id = ? ORDER BY exercise_id`);
  const rr = db.prepare(
    `SELECT exercise_id AS exerciseId, status, points, max_points AS maxPoints, precision, recall, f1, submitted_at AS submittedAt, graded_at AS gradedAt, comment
     FROM results WHERE attempt_id = ? ORDER BY exercise_id`,
  );
  const versionIds = new Set<number>();
  const out: Backup['attempts'] = [];
  for (const [i, { vid, ...a }] of attempts.entries()) {
    if (i % 200 === 0) await giveWay(pace, i / Math.max(1, attempts.length));
    versionIds.add(vid);
    out.push({
      ...a,
      highlights: hl.all(a.id) as Backup['attempts'][number]['highlights'],
      responses: (rs.all(a.id) as { exerciseId: string; choices: string | null; text: string | null; updatedAt: string }[]).map((r) => ({
        ...r,
        choices: r.choices === null ? null : (JSON.parse(r.choices) as string[]),
      })),
      results: rr.all(a.id) as Backup['attempts'][number]['results'],
    });
  }
  const lessonVersions = [...versionIds].sort((x, y) => x - y).map((vid) => {
    const v = db.prepare('SELECT lesson_id AS lessonId, version, hash, title, source FROM lesson_versions WHERE id = ?').get(vid) as Backup['lessonVersions'][number];
    return v;
  });
  pace.progress?.(1);
  return { format: BACKUP_FORMAT, version: BACKUP_VERSION, exportedAt: new Date().toISOString(), class: { id: cls.id, name: cls.name }, students, lessonVersions, attempts: out };
}

export interface ImportReport {
  classId: string;
  classCreated: boolean;
  className: string;
  students: number;
  attempts: number;
  highlights: number;
  responses: number;
  results: number;
  lessonVersions: number;
  notes: string[];
}

const refuse = (message: string): never => {
  throw new LedeError('invalid_input', `${message} Nothing was imported.`);
};

type Json = Record<string, unknown> | undefined;
const field = (x: unknown, k: string): unknown => (x && typeof x === 'object' ? (x as Record<string, unknown>)[k] : undefined);

/** Where a schema problem is, in words a teacher can find in the file: "attempt 3 of student “Aisha Silva”, highlight 2, start". */
function whereInFile(json: unknown, path: readonly PropertyKey[]): string {
  const [top, i, sub, j, ...rest] = path;
  const list = (k: string) => (Array.isArray(field(json, k)) ? (field(json, k) as unknown[]) : []);
  const tail = (parts: unknown[]) => (parts.length ? `, ${parts.map(String).join('.')}` : '');
  if (top === 'attempts' && typeof i === 'number') {
    const a = list('attempts')[i] as Json;
    const name = field(list('students').find((s) => field(s, 'id') === field(a, 'studentId')), 'displayName');
    const who = typeof name === 'string' && typeof field(a, 'number') === 'number' ? `attempt ${String(field(a, 'number'))} of student “${name}”` : `attempt ${i + 1} in the file`;
    const kinds: Record<string, string> = { highlights: 'highlight', responses: 'answer', results: 'result' };
    if (typeof sub === 'string' && kinds[sub] && typeof j === 'number') return `${who}, ${kinds[sub]} ${j + 1}${tail(rest)}`;
    return `${who}${tail([sub, j, ...rest].filter((x) => x !== undefined))}`;
  }
  if (top === 'students' && typeof i === 'number') {
    const name = field(list('students')[i], 'displayName');
    return `student ${i + 1} in the file${typeof name === 'string' ? ` (“${name.slice(0, 80)}”)` : ''}${tail([sub, j, ...rest].filter((x) => x !== undefined))}`;
  }
  if (top === 'lessonVersions' && typeof i === 'number') {
    const id = field(list('lessonVersions')[i], 'lessonId');
    return `lesson text ${i + 1} in the file${typeof id === 'string' ? ` (“${id}”)` : ''}${tail([sub, j, ...rest].filter((x) => x !== undefined))}`;
  }
  return path.map(String).join('.') || 'the file';
}

export function parseBackup(text: string): Backup {
  if (Buffer.byteLength(text) > MAX_BACKUP_BYTES) throw new LedeError('too_large', 'The file is larger than 64 MB; it is not a Lede backup.');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new LedeError('invalid_input', 'The file is not JSON, so it is not a Lede results backup.');
  }
  const parsed = BackupSchema.safeParse(json);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    if (field(json, 'format') !== BACKUP_FORMAT) throw new LedeError('invalid_input', 'The file is not a Lede results backup. Nothing was imported.');
    // A problem in one record is damage; one at the top (a missing list, another version number) may be a newer format.
    const intro = i.path.length > 1 ? 'The backup is damaged' : 'The backup is damaged or from another version';
    refuse(`${intro}: ${whereInFile(json, i.path)}: ${i.message}.`);
  }
  return parsed.data!;
}

type BackupAttempt = Backup['attempts'][number];
type BackupResult = BackupAttempt['results'][number];

interface VersionInFile {
  lesson: Lesson;
  /** The same text already stored here (matched by lesson id and sha-256). */
  localId: number | null;
}

const fmtNumber = (n: number) => n.toLocaleString('en-US');
const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');

/** Checks each lesson text of the file: its sha-256, that it parses, that it is the lesson it says. */
function checkLessonVersions(store: Store, backup: Backup): Map<string, VersionInFile> {
  const out = new Map<string, VersionInFile>();
  for (const v of backup.lessonVersions) {
    const key = `${v.lessonId}\n${v.hash}`;
    const what = `The backup's copy of lesson “${v.lessonId}”`;
    if (out.has(key)) refuse(`${what} is listed twice.`);
    if (createHash('sha256').update(v.source, 'utf8').digest('hex') !== v.hash) refuse(`${what} does not match its sha-256 hash: the text was changed after it was exported.`);
    const local = store.db.prepare('SELECT id FROM lesson_versions WHERE lesson_id = ? AND hash = ?').get(v.lessonId, v.hash) as { id: number } | undefined;
    let lesson: Lesson;
    if (local) {
      lesson = store.lessonVersion(local.id); // the same text (same sha-256), already checked when it was stored
    } else {
      const parsed = parseLesson(v.source, `${v.lessonId}.md`);
      if (!parsed.ok) {
        const p = parsed.problems[0];
        return refuse(`${what} is not a valid lesson${p ? ` (line ${p.line}: ${p.message})` : ''}.`);
      }
      if (parsed.lesson.id !== v.lessonId) refuse(`${what} is the text of another lesson, “${parsed.lesson.id}”.`);
      lesson = parsed.lesson;
    }
    if (lesson.title !== v.title) refuse(`${what} is called “${lesson.title}”, not “${v.title}” as the backup says.`);
    out.set(key, { lesson, localId: local?.id ?? null });
  }
  return out;
}

/** The answer to one step, as its records in the file give it (what the student would have been scored on). */
function answerInFile(a: BackupAttempt, ex: Exercise): Answer | undefined {
  if (ex.kind === 'highlight') return { spans: a.highlights.filter((h) => h.exerciseId === ex.id).map(({ start, end, label }) => ({ start, end, label })) };
  const r = a.responses.find((x) => x.exerciseId === ex.id);
  if (!r) return undefined;
  return ex.kind === 'choice' ? { choices: r.choices ?? [] } : { text: r.text ?? '' };
}

/**
 * Checks one attempt of the file against its lesson: the step it is at, every
 * highlight (step, label, offsets), every answer (step, options), and every
 * result, whose score is recomputed from the answers and the key. Returns the
 * recomputed results, to be stored instead of what the file claims.
 */
function checkAttempt(a: BackupAttempt, lesson: Lesson, who: string): Map<string, BackupResult> {
  const steps = new Map(lesson.exercises.map((e) => [e.id, e]));
  const stepName = (id: string) => `step “${steps.get(id)?.title ?? id}”`;
  if (a.currentStep > lesson.exercises.length + 1) refuse(`${who}: it is at step ${a.currentStep}, but the lesson has ${lesson.exercises.length} steps.`);
  const chars = lesson.text.length;
  for (const h of a.highlights) {
    const ex = steps.get(h.exerciseId);
    if (!ex) return refuse(`${who}: highlight ${h.id} belongs to step “${h.exerciseId}”, which the lesson does not have.`);
    if (ex.kind !== 'highlight') refuse(`${who}, ${stepName(ex.id)}: highlight ${h.id} is on a step that is not a highlighting step.`);
    if (ex.kind === 'highlight' && !ex.labels.some((l) => l.id === h.label)) {
      refuse(`${who}, ${stepName(ex.id)}: highlight ${h.id} has the label “${h.label}”, which this step does not have (${ex.labels.map((l) => l.id).join(', ')}).`);
    }
    if (h.end <= h.start) refuse(`${who}, ${stepName(ex.id)}: highlight ${h.id} ends at ${h.end}, which is not after its start (${h.start}).`);
    if (h.end > chars) refuse(`${who}, ${stepName(ex.id)}: highlight ${h.id} ends at ${h.end} but the article has ${fmtNumber(chars)} characters.`);
  }
  const answered = new Set<string>();
  for (const r of a.responses) {
    const ex = steps.get(r.exerciseId);
    if (!ex) return refuse(`${who}: an answer to step “${r.exerciseId}”, which the lesson does not have.`);
    if (answered.has(ex.id)) refuse(`${who}, ${stepName(ex.id)}: the step is answered twice.`);
    answered.add(ex.id);
    if (ex.kind === 'highlight') refuse(`${who}, ${stepName(ex.id)}: a highlighting step is answered with highlights, not with an answer.`);
    if (ex.kind === 'choice' && (r.choices === null || r.text !== null)) refuse(`${who}, ${stepName(ex.id)}: a choice question is answered with options chosen, and nothing else.`);
    if (ex.kind === 'short-answer' && (r.text === null || r.choices !== null)) refuse(`${who}, ${stepName(ex.id)}: a written question is answered with text, and nothing else.`);
    try {
      checkAnswer(lesson, ex.id, r.choices !== null ? { choices: r.choices } : { text: r.text ?? '' });
    } catch (err) {
      // checkAnswer names the exercise by id; here the step is already named.
      if (err instanceof LedeError) refuse(`${who}, ${stepName(ex.id)}: ${err.message.replace(/^exercise "[^"]*"(: )?/, (_m, colon: string | undefined) => (colon ? '' : 'the question'))}.`);
      throw err;
    }
  }
  const results = new Map<string, BackupResult>();
  for (const r of a.results) {
    const ex = steps.get(r.exerciseId);
    if (!ex) return refuse(`${who}: a result for step “${r.exerciseId}”, which the lesson does not have.`);
    if (results.has(ex.id)) refuse(`${who}, ${stepName(ex.id)}: the step has two results.`);
    const where = `${who}, ${stepName(ex.id)}`;
    if (r.maxPoints !== ex.points) refuse(`${where}: the backup says the step is worth ${r.maxPoints} points, but the lesson gives it ${ex.points}.`);
    const scored = scoreExercise(ex, answerInFile(a, ex));
    if (scored.kind === 'short-answer') {
      if (r.status === 'scored') refuse(`${where}: a written answer is graded by the teacher, not scored automatically.`);
      if (r.status === 'pending' && (r.points !== null || r.gradedAt !== null)) refuse(`${where}: the answer is waiting for a grade, yet has points.`);
      if (r.status === 'graded') {
        if (r.points === null || r.points < 0 || r.points > ex.points) refuse(`${where}: a grade of ${r.points ?? 'no'} points is outside 0–${ex.points}.`);
        if (r.gradedAt === null) refuse(`${where}: the grade has no date.`);
      }
      results.set(ex.id, { ...r, points: r.status === 'graded' ? roundPoints(r.points!) : null, precision: null, recall: null, f1: null });
      continue;
    }
    if (r.status !== 'scored') refuse(`${where}: the step is scored automatically, so it cannot be “${r.status}”.`);
    if (r.comment !== null || r.gradedAt !== null) refuse(`${where}: a teacher's grade or comment on a step that is scored automatically.`);
    if (r.points === null || Math.abs(r.points - scored.points) > 0.005) {
      refuse(`${where}: the backup says ${r.points ?? 'no'} points, but its answers score ${scored.points} of ${ex.points} against the key.`);
    }
    const h = scored.kind === 'highlight' ? scored.highlight : null;
    results.set(ex.id, { ...r, points: scored.points, precision: h?.precision ?? null, recall: h?.recall ?? null, f1: h?.f1 ?? null });
  }
  return results;
}

/** Imports a backup in one transaction: all of it, or (on any problem) nothing. */
export function importBackup(store: Store, backup: Backup): ImportReport {
  const db = store.db;
  const report: ImportReport = {
    classId: backup.class.id,
    classCreated: false,
    className: backup.class.name,
    students: 0,
    attempts: 0,
    highlights: 0,
    responses: 0,
    results: 0,
    lessonVersions: 0,
    notes: [],
  };

  // ── The file in itself ────────────────────────────────────────────────
  const versions = checkLessonVersions(store, backup);
  const className = (() => {
    try {
      return cleanClassName(backup.class.name);
    } catch (err) {
      return refuse(`The class's name in the backup cannot be used: ${(err as Error).message}`);
    }
  })();
  const students = new Map<string, { displayName: string; rosterId: string | null; createdAt: string }>();
  for (const [i, s] of backup.students.entries()) {
    const what = `Student ${i + 1} in the backup (“${s.displayName.slice(0, 80)}”)`;
    if (students.has(s.id)) refuse(`${what} is listed twice.`);
    try {
      students.set(s.id, { displayName: cleanDisplayName(s.displayName), rosterId: cleanRosterId(s.rosterId), createdAt: s.createdAt });
    } catch (err) {
      if (err instanceof LedeError) refuse(`${what}: ${err.message}`);
      throw err;
    }
  }
  const manyLessons = new Set(backup.attempts.map((a) => a.lessonId)).size > 1;
  const attemptIds = new Set<string>();
  const numbers = new Set<string>();
  const highlightIds = new Set<string>();
  const checked: { a: BackupAttempt; who: string; version: VersionInFile; results: Map<string, BackupResult> }[] = [];
  for (const [i, a] of backup.attempts.entries()) {
    const student = students.get(a.studentId);
    const version = versions.get(`${a.lessonId}\n${a.lessonHash}`);
    const who = `Attempt ${a.number} of student “${student?.displayName ?? a.studentId}”${manyLessons && version ? ` at “${version.lesson.title}”` : ''}`;
    if (!student) refuse(`Attempt ${i + 1} in the backup (${a.id}): its student is not in the backup's list of students.`);
    if (!version) return refuse(`${who}: it was made on a text of lesson “${a.lessonId}” that the backup does not contain.`);
    if (attemptIds.has(a.id)) refuse(`${who}: its id ${a.id} is used twice in the backup.`);
    attemptIds.add(a.id);
    const n = `${a.studentId}\n${a.lessonId}\n${a.number}`;
    if (numbers.has(n)) refuse(`${who}: the backup has two attempts numbered ${a.number} for this student and lesson.`);
    numbers.add(n);
    for (const h of a.highlights) {
      if (highlightIds.has(h.id)) refuse(`${who}: highlight ${h.id} is used twice in the backup.`);
      highlightIds.add(h.id);
    }
    checked.push({ a, who, version, results: checkAttempt(a, version.lesson, who) });
  }

  // ── Against what is stored here, and written, in one transaction ─────────
  db.transaction(() => {
    const versionIdFor = new Map<VersionInFile, number>();
    for (const [key, v] of versions) {
      if (v.localId !== null) {
        versionIdFor.set(v, v.localId);
        continue;
      }
      const lessonId = key.split('\n')[0]!;
      const entry = backup.lessonVersions.find((x) => x.lessonId === lessonId && x.hash === v.lesson.hash)!;
      const exists = db.prepare('SELECT current_version_id FROM lessons WHERE id = ?').get(lessonId) as { current_version_id: number | null } | undefined;
      if (!exists) db.prepare('INSERT INTO lessons (id) VALUES (?)').run(lessonId);
      const max = (db.prepare('SELECT coalesce(max(version), 0) AS m FROM lesson_versions WHERE lesson_id = ?').get(lessonId) as { m: number }).m;
      const id = Number(
        db
          .prepare('INSERT INTO lesson_versions (lesson_id, version, hash, source, file, title, imported_at) VALUES (?, ?, ?, ?, NULL, ?, ?)')
          .run(lessonId, max + 1, v.lesson.hash, entry.source, v.lesson.title, new Date().toISOString()).lastInsertRowid,
      );
      if (!exists || exists.current_version_id === null) db.prepare('UPDATE lessons SET current_version_id = ? WHERE id = ?').run(id, lessonId);
      versionIdFor.set(v, id);
      report.lessonVersions++;
    }

    // The class: by id. A different class with the same name keeps its name; the import is renamed.
    const classes = new Classes(db);
    const here = db.prepare('SELECT name FROM classes WHERE id = ?').get(backup.class.id) as { name: string } | undefined;
    if (here) {
      report.className = here.name;
    } else {
      let name = className;
      for (let n = 2; db.prepare('SELECT 1 FROM classes WHERE name = ? COLLATE NOCASE').get(name); n++) name = `${className.slice(0, 190)} (${n})`;
      classes.create(name, backup.class.id);
      report.classCreated = true;
      report.className = name;
      if (name !== className) report.notes.push(`A different class is already called “${className}”, so the imported class is called “${name}”.`);
    }

    // Students: by id. A student already here is kept as they are (their name may have been changed here).
    for (const [id, s] of students) {
      if (!db.prepare('SELECT 1 FROM students WHERE id = ?').get(id)) {
        let rosterId = s.rosterId;
        if (rosterId && db.prepare('SELECT 1 FROM students WHERE roster_id = ?').get(rosterId)) {
          report.notes.push(`Roster id “${rosterId}” already belongs to another student here; ${s.displayName} was imported without it.`);
          rosterId = null;
        }
        db.prepare('INSERT INTO students (id, display_name, created_at, roster_id) VALUES (?, ?, ?, ?)').run(id, s.displayName, s.createdAt, rosterId);
        report.students++;
      }
      db.prepare('INSERT OR IGNORE INTO class_members (class_id, student_id, added_at) VALUES (?, ?, ?)').run(backup.class.id, id, new Date().toISOString());
    }

    const storedAttempt = db.prepare('SELECT student_id, lesson_version_id, started_at FROM attempts WHERE id = ?');
    const storedHighlight = db.prepare('SELECT 1 FROM highlights WHERE id = ?');
    const insertHighlight = db.prepare(
      'INSERT INTO highlights (id, attempt_id, exercise_id, start_offset, end_offset, label, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const insertResponse = db.prepare('INSERT INTO responses (attempt_id, exercise_id, choices, text, updated_at) VALUES (?, ?, ?, ?, ?)');
    const insertResult = db.prepare(
      `INSERT INTO results (attempt_id, exercise_id, status, points, max_points, precision, recall, f1, submitted_at, graded_at, comment)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const wentOnHere: string[] = [];
    for (const { a, who, version, results } of checked) {
      const vid = versionIdFor.get(version)!;
      const lesson = version.lesson;
      const stepName = (id: string) => `step “${lesson.exercises.find((e) => e.id === id)?.title ?? id}”`;
      const existing = storedAttempt.get(a.id) as { student_id: string; lesson_version_id: number; started_at: string } | undefined;
      if (existing) {
        if (existing.student_id !== a.studentId || existing.lesson_version_id !== vid || existing.started_at !== a.startedAt) {
          refuse(`${who}: its id ${a.id} is stored on this computer as a different attempt.`);
        }
        if (mergeStoredAttempt(store, a, results, who, stepName, report)) wentOnHere.push(who);
        continue;
      }
      for (const h of a.highlights) {
        if (storedHighlight.get(h.id)) refuse(`${who}, ${stepName(h.exerciseId)}: highlight ${h.id} has the id of a highlight already stored on this computer in another attempt.`);
      }
      // A different attempt with the same number (the student worked on both computers) comes after those here.
      let number = a.number;
      const taken = db
        .prepare(`SELECT 1 FROM attempts a JOIN lesson_versions v ON v.id = a.lesson_version_id WHERE a.student_id = ? AND v.lesson_id = ? AND a.number = ?`)
        .get(a.studentId, a.lessonId, a.number);
      if (taken) {
        number = 1 + (db.prepare(`SELECT max(a.number) AS m FROM attempts a JOIN lesson_versions v ON v.id = a.lesson_version_id WHERE a.student_id = ? AND v.lesson_id = ?`).get(a.studentId, a.lessonId) as { m: number }).m;
        report.notes.push(`${who}: this computer already has an attempt ${a.number} of that student at that lesson, so the imported one is attempt ${number}.`);
      }
      db.prepare('INSERT INTO attempts (id, student_id, lesson_version_id, number, current_step, started_at, updated_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
        a.id, a.studentId, vid, number, a.currentStep, a.startedAt, a.updatedAt, a.finishedAt,
      );
      report.attempts++;
      for (const h of a.highlights) insertHighlight.run(h.id, a.id, h.exerciseId, h.start, h.end, h.label, h.createdAt, h.updatedAt);
      report.highlights += a.highlights.length;
      for (const r of a.responses) insertResponse.run(a.id, r.exerciseId, r.choices === null ? null : JSON.stringify(r.choices), r.text, r.updatedAt);
      report.responses += a.responses.length;
      for (const r of results.values()) insertResult.run(a.id, r.exerciseId, r.status, r.points, r.maxPoints, r.precision, r.recall, r.f1, r.submittedAt, r.gradedAt, r.comment);
      report.results += results.size;
    }
    if (wentOnHere.length) {
      const some = wentOnHere.slice(0, 3).join('; ') + (wentOnHere.length > 3 ? `; and ${wentOnHere.length - 3} more` : '');
      report.notes.push(
        `Work not yet checked differs from the backup's copy in ${wentOnHere.length === 1 ? 'an attempt' : `${wentOnHere.length} attempts`} already on this computer (${some}): it went on here, so the copy here was kept.`,
      );
    }
  })();
  return report;
}

/**
 * An attempt the file shares with this computer. Nothing is added to it or changed,
 * with one exception: a grade given on the other computer completes an answer
 * still waiting to be graded here. A step checked in the file must have been
 * checked here with the same answers (a checked step's answers are locked on
 * both computers, so a difference is a forgery or a different attempt); work not
 * yet checked may have gone on here since the file was made, and the copy here is
 * kept. Returns whether such work differs.
 */
function mergeStoredAttempt(store: Store, a: BackupAttempt, results: Map<string, BackupResult>, who: string, stepName: (id: string) => string, report: ImportReport): boolean {
  const db = store.db;
  const hl = db.prepare('SELECT id, exercise_id, start_offset AS start, end_offset AS "end", label FROM highlights WHERE attempt_id = ?').all(a.id) as {
    id: string;
    exercise_id: string;
    start: number;
    end: number;
    label: string;
  }[];
  const resp = new Map(
    (db.prepare('SELECT exercise_id, choices, text FROM responses WHERE attempt_id = ?').all(a.id) as { exercise_id: string; choices: string | null; text: string | null }[]).map((r) => [
      r.exercise_id,
      r,
    ]),
  );
  const stored = new Map(
    (db.prepare('SELECT exercise_id, status, points, comment FROM results WHERE attempt_id = ?').all(a.id) as {
      exercise_id: string;
      status: 'scored' | 'pending' | 'graded';
      points: number | null;
      comment: string | null;
    }[]).map((r) => [r.exercise_id, r]),
  );
  const highlightsOf = (list: { id: string; start: number; end: number; label: string }[]) => list.map((h) => `${h.id}\u0000${h.start}\u0000${h.end}\u0000${h.label}`);
  const sameAnswers = (exerciseId: string) => {
    const mine = hl.filter((h) => h.exercise_id === exerciseId);
    const theirs = a.highlights.filter((h) => h.exerciseId === exerciseId);
    if (!sameSet(highlightsOf(mine), highlightsOf(theirs))) return false;
    const r = resp.get(exerciseId);
    const t = a.responses.find((x) => x.exerciseId === exerciseId);
    return (r?.choices ?? null) === (t?.choices ? JSON.stringify(t.choices) : null) && (r?.text ?? null) === (t?.text ?? null);
  };
  const exercises = new Set([...a.highlights.map((h) => h.exerciseId), ...a.responses.map((r) => r.exerciseId)]);
  let workDiffers = false;
  for (const id of exercises) if (!results.has(id) && !sameAnswers(id)) workDiffers = true;
  for (const r of results.values()) {
    const where = `${who}, ${stepName(r.exerciseId)}`;
    const s = stored.get(r.exerciseId);
    if (!s) refuse(`${where}: the backup has it checked, but it is not checked in the attempt stored on this computer; a backup cannot add to an attempt already stored on this computer.`);
    if (!sameAnswers(r.exerciseId)) refuse(`${where}: the backup has different answers than the attempt already stored on this computer; a backup cannot change it.`);
    if (s!.status === 'scored' && (r.status !== 'scored' || Math.abs((s!.points ?? 0) - (r.points ?? 0)) > 0.005)) {
      refuse(`${where}: the backup scores it differently than the attempt already stored on this computer; a backup cannot change it.`);
    }
    if (r.status === 'graded' && s!.status === 'pending') {
      // A grade given on the other computer completes an answer still waiting here.
      db.prepare(`UPDATE results SET status = 'graded', points = ?, graded_at = ?, comment = ? WHERE attempt_id = ? AND exercise_id = ? AND status = 'pending'`).run(
        r.points, r.gradedAt, r.comment, a.id, r.exerciseId,
      );
      report.results++;
    } else if (r.status === 'graded' && s!.status === 'graded' && (s!.points !== r.points || (s!.comment ?? null) !== (r.comment ?? null))) {
      report.notes.push(`${where}: graded differently on the two computers; the grade on this computer was kept.`);
    }
  }
  return workDiffers;
}
