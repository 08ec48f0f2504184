import { z } from 'zod';
import { ClaimsAnswerSchema, SearchAnswerSchema } from '../../shared/answers.ts';
import { RUBRIC_LIMIT } from '../../shared/api.ts';
import { LedeError } from '../../shared/errors.ts';

// A class's results as one JSON file (documented in the README), to move them to
// another computer. A backup is a file from elsewhere, so it is never trusted:
// every record is checked against the lesson text it names (which must match its
// sha-256 and parse), every score is recomputed from the imported answers and the
// key, and a record that claims an id already stored must be what is stored. One
// bad record refuses the whole file, with a message naming it, and nothing stored
// changes. Importing the same file twice adds nothing.
//
// The file format (this file), making one (backup-build.ts), checking one against
// its lessons (backup-check.ts) and importing it (backup-import.ts).

export const BACKUP_FORMAT = 'lede-class-results';
/**
 * 2: results may be self-assessed, with the criteria ticked, and say whether a comment is shown.
 * 3: the class's assignments, and the assignment each attempt was made for.
 * 4: each result says the version of the scoring rules that gave its points. Versions 1–3 are read too (their results: version 1).
 */
export const BACKUP_VERSION = 4;
export const MAX_BACKUP_BYTES = 64 * 1024 * 1024;
/** Lesson texts in one backup: the versions its attempts were made on (a class's year of lessons is a few dozen). */
export const MAX_BACKUP_LESSON_TEXTS = 200;

// The same limits as the API's, so every imported record can be opened afterwards.
const Id = z.string().min(1).max(100);
const ShortId = z.string().min(1).max(64);
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const Time = z.string().max(40).refine((s) => ISO_TIME.test(s) && !Number.isNaN(Date.parse(s)), 'not a date and time (ISO 8601)');

const HighlightSchema = z.object({ id: ShortId, exerciseId: ShortId, start: z.int().nonnegative(), end: z.int().positive(), label: ShortId, createdAt: Time, updatedAt: Time });
/** An evidence step's verdicts, or a search step's picks (the same column: per-item answers keyed by id). */
const ClaimsSchema = z.union([ClaimsAnswerSchema.shape.claims, SearchAnswerSchema.shape.search]);
const ResponseSchema = z.object({
  exerciseId: ShortId,
  choices: z.array(ShortId).max(100).nullable(),
  text: z.string().max(20000).nullable(),
  /** An evidence step's verdicts or a search step's picks (absent in backups made before evidence steps existed). */
  claims: ClaimsSchema.nullable().default(null),
  updatedAt: Time,
});
const ResultSchema = z.object({
  exerciseId: ShortId,
  status: z.enum(['scored', 'pending', 'graded', 'self-assessed']),
  points: z.number().nullable(),
  maxPoints: z.number(),
  precision: z.number().nullable(),
  recall: z.number().nullable(),
  f1: z.number().nullable(),
  submittedAt: Time,
  /** When the teacher graded it, or the student checked it themselves. */
  gradedAt: Time.nullable(),
  /** As long as a comment typed in the app (gradeAnswer): at most 4,000 characters. */
  comment: z.string().max(4000).nullable(),
  /** The teacher chose to show the comment to the student (absent in older backups: the comment stays private). */
  commentShared: z.boolean().default(false),
  /** Self-assessed: the rubric criteria (positions) the student said the answer meets (absent in older backups). */
  selfCheck: z.array(z.int().min(0).max(RUBRIC_LIMIT - 1)).max(RUBRIC_LIMIT).nullable().default(null),
  /** The version of the scoring rules that gave the points (absent before version 4: the first rules, 1). */
  rulesVersion: z.int().min(1).max(10_000).default(1),
});

/** An answer to the first-reaction check (unscored); its rules are checked in backup-reactions.ts. */
const ReactionRecordSchema = z.object({
  phase: z.enum(['before', 'after']),
  feelings: z.array(z.string().max(40)).max(20),
  share: z.enum(['yes', 'comment', 'no', 'unsure']),
  words: z.string().max(4000),
  at: Time,
});

const AssignmentSchema = z.object({
  id: Id,
  lessonId: Id,
  opensAt: Time,
  dueAt: Time.nullable(),
  maxAttempts: z.int().min(1).max(100).nullable(),
  counts: z.enum(['first', 'highest', 'latest']),
  keyShown: z.enum(['after-check', 'after-hand-in', 'after-due', 'on-release']),
  keyReleasedAt: Time.nullable(),
  createdAt: Time,
  updatedAt: Time,
});
export type BackupAssignment = z.infer<typeof AssignmentSchema>;

export const BackupSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(BACKUP_VERSION)]),
  exportedAt: Time,
  // Names are checked as they are when typed (cleanClassName, cleanDisplayName); these are only bounds.
  class: z.object({ id: Id, name: z.string().min(1).max(1000) }),
  students: z.array(z.object({ id: Id, displayName: z.string().min(1).max(4000), rosterId: z.string().max(200).nullable(), createdAt: Time })),
  lessonVersions: z.array(z.object({ lessonId: Id, version: z.int().positive(), hash: z.string().max(64), title: z.string(), source: z.string().max(2 * 1024 * 1024) })).max(MAX_BACKUP_LESSON_TEXTS, `more than ${MAX_BACKUP_LESSON_TEXTS} lesson texts; a backup holds the texts its attempts were made on, at most ${MAX_BACKUP_LESSON_TEXTS}`),
  /** The class's assignments (absent before version 3). */
  assignments: z.array(AssignmentSchema).max(10_000).default([]),
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
      /** The assignment (in `assignments`) the attempt was made for; null: practice (absent before version 3). */
      assignmentId: Id.nullable().default(null),
      highlights: z.array(HighlightSchema),
      responses: z.array(ResponseSchema),
      results: z.array(ResultSchema),
      /** The first-reaction check's answers (absent in backups made before it existed). */
      reactions: z.array(ReactionRecordSchema).max(2).default([]),
    }),
  ),
});
export type Backup = z.infer<typeof BackupSchema>;
export type BackupAttempt = Backup['attempts'][number];
export type BackupResult = BackupAttempt['results'][number];

/** Refuses the whole file: nothing is imported. */
export const refuse = (message: string): never => {
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
    const kinds: Record<string, string> = { highlights: 'highlight', responses: 'answer', results: 'result', reactions: 'first reaction' };
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
