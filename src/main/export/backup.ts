import { z } from 'zod';
import { LedeError } from '../../shared/errors.ts';
import type { Store } from '../db/store.ts';
import { parseLesson } from '../lessons/parse.ts';
import { Classes } from '../teacher/classes.ts';
import { giveWay, type Pace } from './tables.ts';

// A class's results as one JSON file (documented in the README), to move them to
// another computer. Importing matches every record by its id: importing the same
// file twice adds nothing, and nothing already stored is changed or lost.

export const BACKUP_FORMAT = 'lede-class-results';
export const BACKUP_VERSION = 1;
export const MAX_BACKUP_BYTES = 64 * 1024 * 1024;

const Id = z.string().min(1).max(200);
const Time = z.string().min(1).max(40);

const HighlightSchema = z.object({ id: Id, exerciseId: Id, start: z.int().nonnegative(), end: z.int().positive(), label: Id, createdAt: Time, updatedAt: Time });
const ResponseSchema = z.object({ exerciseId: Id, choices: z.array(Id).nullable(), text: z.string().max(20000).nullable(), updatedAt: Time });
const ResultSchema = z.object({
  exerciseId: Id,
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
  class: z.object({ id: Id, name: z.string().min(1).max(200) }),
  students: z.array(z.object({ id: Id, displayName: z.string().min(1).max(500), rosterId: z.string().max(200).nullable(), createdAt: Time })),
  lessonVersions: z.array(z.object({ lessonId: Id, version: z.int().positive(), hash: z.string(), title: z.string(), source: z.string().max(2 * 1024 * 1024) })),
  attempts: z.array(
    z.object({
      id: Id,
      studentId: Id,
      lessonId: Id,
      lessonHash: z.string(),
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
    const i = parsed.error.issues[0];
    const looks = json && typeof json === 'object' && (json as { format?: unknown }).format === BACKUP_FORMAT;
    throw new LedeError(
      'invalid_input',
      looks ? `The backup is damaged or from another version (${i?.path.join('.')}: ${i?.message}). Nothing was imported.` : 'The file is not a Lede results backup. Nothing was imported.',
    );
  }
  return parsed.data;
}

/** Imports a backup in one transaction: all of it, or (on any problem) nothing. */
export function importBackup(store: Store, backup: Backup): ImportReport {
  const db = store.db;
  const report: ImportReport = { classCreated: false, className: backup.class.name, students: 0, attempts: 0, highlights: 0, responses: 0, results: 0, lessonVersions: 0, notes: [] };
  const versionIdFor = new Map<string, number>(); // `${lessonId}\n${hash}` → local version id
  db.transaction(() => {
    // Lesson versions: by lesson id and content hash.
    for (const v of backup.lessonVersions) {
      const key = `${v.lessonId}\n${v.hash}`;
      const local = db.prepare('SELECT id FROM lesson_versions WHERE lesson_id = ? AND hash = ?').get(v.lessonId, v.hash) as { id: number } | undefined;
      if (local) {
        versionIdFor.set(key, local.id);
        continue;
      }
      const parsed = parseLesson(v.source, `${v.lessonId}.md`);
      if (!parsed.ok || parsed.lesson.id !== v.lessonId) throw new LedeError('invalid_input', `The backup's copy of lesson "${v.lessonId}" is not a valid lesson. Nothing was imported.`);
      const exists = db.prepare('SELECT current_version_id FROM lessons WHERE id = ?').get(v.lessonId) as { current_version_id: number | null } | undefined;
      if (!exists) db.prepare('INSERT INTO lessons (id) VALUES (?)').run(v.lessonId);
      const max = (db.prepare('SELECT coalesce(max(version), 0) AS m FROM lesson_versions WHERE lesson_id = ?').get(v.lessonId) as { m: number }).m;
      const id = Number(
        db
          .prepare('INSERT INTO lesson_versions (lesson_id, version, hash, source, file, title, imported_at) VALUES (?, ?, ?, ?, NULL, ?, ?)')
          .run(v.lessonId, max + 1, v.hash, v.source, v.title, new Date().toISOString()).lastInsertRowid,
      );
      if (!exists) db.prepare('UPDATE lessons SET current_version_id = ? WHERE id = ?').run(id, v.lessonId);
      versionIdFor.set(key, id);
      report.lessonVersions++;
    }

    // The class: by id. A different class with the same name keeps its name; the import is renamed.
    const classes = new Classes(db);
    if (!db.prepare('SELECT 1 FROM classes WHERE id = ?').get(backup.class.id)) {
      let name = backup.class.name;
      for (let n = 2; db.prepare('SELECT 1 FROM classes WHERE name = ? COLLATE NOCASE').get(name); n++) name = `${backup.class.name} (${n})`;
      classes.create(name, backup.class.id);
      report.classCreated = true;
      report.className = name;
      if (name !== backup.class.name) report.notes.push(`A different class is already called "${backup.class.name}", so the imported class is called "${name}".`);
    }

    // Students: by id.
    for (const s of backup.students) {
      if (!db.prepare('SELECT 1 FROM students WHERE id = ?').get(s.id)) {
        let rosterId = s.rosterId;
        if (rosterId && db.prepare('SELECT 1 FROM students WHERE roster_id = ?').get(rosterId)) {
          report.notes.push(`Roster id "${rosterId}" already belongs to another student here; ${s.displayName} was imported without it.`);
          rosterId = null;
        }
        db.prepare('INSERT INTO students (id, display_name, created_at, roster_id) VALUES (?, ?, ?, ?)').run(s.id, s.displayName, s.createdAt, rosterId);
        report.students++;
      }
      db.prepare('INSERT OR IGNORE INTO class_members (class_id, student_id, added_at) VALUES (?, ?, ?)').run(backup.class.id, s.id, new Date().toISOString());
    }

    // Attempts and everything in them: by id (highlights) or by attempt and step.
    for (const a of backup.attempts) {
      const vid = versionIdFor.get(`${a.lessonId}\n${a.lessonHash}`);
      if (vid === undefined) throw new LedeError('invalid_input', `Attempt ${a.id} refers to a lesson text the backup does not contain. Nothing was imported.`);
      if (!db.prepare('SELECT 1 FROM students WHERE id = ?').get(a.studentId)) throw new LedeError('invalid_input', `Attempt ${a.id} belongs to a student the backup does not list. Nothing was imported.`);
      const textLength = store.lessonVersion(vid).text.length;
      const existing = db.prepare('SELECT student_id FROM attempts WHERE id = ?').get(a.id) as { student_id: string } | undefined;
      if (existing && existing.student_id !== a.studentId) {
        report.notes.push(`Attempt ${a.id} is already stored for another student; it was left as it is.`);
        continue;
      }
      if (!existing) {
        db.prepare('INSERT INTO attempts (id, student_id, lesson_version_id, number, current_step, started_at, updated_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
          a.id, a.studentId, vid, a.number, a.currentStep, a.startedAt, a.updatedAt, a.finishedAt,
        );
        report.attempts++;
      }
      for (const h of a.highlights) {
        if (h.end <= h.start || h.end > textLength) throw new LedeError('invalid_input', `Highlight ${h.id} lies outside its lesson's text. Nothing was imported.`);
        const r = db
          .prepare('INSERT OR IGNORE INTO highlights (id, attempt_id, exercise_id, start_offset, end_offset, label, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
          .run(h.id, a.id, h.exerciseId, h.start, h.end, h.label, h.createdAt, h.updatedAt);
        report.highlights += r.changes;
      }
      for (const r of a.responses) {
        const res = db
          .prepare('INSERT OR IGNORE INTO responses (attempt_id, exercise_id, choices, text, updated_at) VALUES (?, ?, ?, ?, ?)')
          .run(a.id, r.exerciseId, r.choices === null ? null : JSON.stringify(r.choices), r.text, r.updatedAt);
        report.responses += res.changes;
      }
      for (const r of a.results) {
        const res = db
          .prepare(
            `INSERT OR IGNORE INTO results (attempt_id, exercise_id, status, points, max_points, precision, recall, f1, submitted_at, graded_at, comment)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(a.id, r.exerciseId, r.status, r.points, r.maxPoints, r.precision, r.recall, r.f1, r.submittedAt, r.gradedAt, r.comment);
        if (res.changes === 0 && r.status === 'graded') {
          // A grade given on the other computer completes an answer still waiting here.
          const up = db
            .prepare(`UPDATE results SET status = 'graded', points = ?, graded_at = ?, comment = ? WHERE attempt_id = ? AND exercise_id = ? AND status = 'pending'`)
            .run(r.points, r.gradedAt, r.comment, a.id, r.exerciseId);
          report.results += up.changes;
        } else {
          report.results += res.changes;
        }
      }
    }
  })();
  return report;
}
