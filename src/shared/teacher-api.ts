// The teacher's calls. Except for the four that manage the PIN, every one needs
// the teacher area to be unlocked on the connection that makes it (an Electron
// window, or a browser holding the teacher cookie).
import { z } from 'zod';
import { AnswerSchema } from './answers.ts';
import { BlockSchema, CountsSchema, KeyShownSchema, PublicLessonSchema, ReactionSchema, SavedHighlightSchema, StepFeedbackSchema } from './api.ts';
import { FEELINGS, SHARE_CHOICES } from './reaction.ts';
import type { TeacherApiName } from './api-names.ts';
import { STUDIO_API } from './studio-api.ts';

const Id = z.string().min(1).max(100);
const Pin = z.string().max(64);

export const TeacherStatusSchema = z.object({
  pinSet: z.boolean(),
  unlocked: z.boolean(),
  /** Whether this screen may choose the first PIN (the desktop app, or the browser that opened the set-up link). */
  mayChoosePin: z.boolean(),
  /** The teacher area locks itself after this many minutes without the teacher doing anything. */
  idleLockMinutes: z.number(),
  /** Seconds before another PIN may be tried (after too many wrong ones). */
  waitSeconds: z.number(),
});
export type TeacherStatusDto = z.infer<typeof TeacherStatusSchema>;

export const ClassSchema = z.object({ id: z.string(), name: z.string(), createdAt: z.string(), studentCount: z.number() });
export type ClassDto = z.infer<typeof ClassSchema>;

/** tag: what tells the student apart from another of the same name in the class ("id 2041", "#3f2a"), or null. */
export const RosterStudentSchema = z.object({ id: z.string(), displayName: z.string(), rosterId: z.string().nullable(), attempts: z.number(), tag: z.string().nullable() });
export type RosterStudentDto = z.infer<typeof RosterStudentSchema>;

const RosterFormatSchema = z.enum(['lede', 'oneroster']);
const RosterDelimiterSchema = z.enum([',', ';', '\t']);

/** One row of a roster file, as it will be read and what importing it will do. */
export const RosterPreviewRowSchema = z.object({
  line: z.number(),
  name: z.string(),
  rosterId: z.string().nullable(),
  /** add: a new student; enrol: a student already on this computer (same id) joins the class; in-class: nothing to do; skip: see reason. */
  action: z.enum(['add', 'enrol', 'in-class', 'skip']),
  /** A known id with another name: the name stored now. Importing offers to rename the student to `name`. */
  currentName: z.string().nullable(),
  reason: z.string().nullable(),
  /** A student joining the class with the name (or a look-alike) of one already in it: said, not blocking. */
  sameName: z.string().nullable(),
});
export type RosterPreviewRowDto = z.infer<typeof RosterPreviewRowSchema>;

export const RosterPreviewSchema = z.object({
  format: RosterFormatSchema,
  delimiter: RosterDelimiterSchema,
  columns: z.array(z.string()),
  rows: z.array(RosterPreviewRowSchema),
  fingerprint: z.string(),
});
export type RosterPreviewDto = z.infer<typeof RosterPreviewSchema>;

export const ProfileSchema = z.object({ id: z.string(), displayName: z.string(), rosterId: z.string().nullable(), classes: z.array(z.string()) });
export type ProfileDto = z.infer<typeof ProfileSchema>;

const StepCellSchema = z.object({
  exerciseId: z.string(),
  status: z.enum(['not-started', 'not-checked', 'scored', 'pending', 'graded', 'self-assessed']),
  points: z.number().nullable(),
  maxPoints: z.number(),
});

const ReactionPhaseSummarySchema = z.object({
  /** Students who answered in this phase. */
  answered: z.number(),
  /** How many chose each answer to "Would you share it?". */
  share: z.record(z.enum(SHARE_CHOICES), z.number()),
  /** How many named each feeling. */
  feelings: z.record(z.enum(FEELINGS), z.number()),
});
/** The first-reaction check across the attempts a class's results show (never a grade). */
export const ReactionSummarySchema = z.object({
  /** The attempts counted (one per student who started). */
  students: z.number(),
  before: ReactionPhaseSummarySchema,
  after: ReactionPhaseSummarySchema,
  /** Students who answered both times; of them, those whose answer about sharing changed. */
  both: z.number(),
  changedShare: z.number(),
});
export type ReactionSummaryDto = z.infer<typeof ReactionSummarySchema>;

export const LessonResultsSchema = z.object({
  /** The class's assignment of the lesson, if any: its attempts and rule choose each student's grade. */
  assignment: z.object({ id: z.string(), counts: CountsSchema, maxAttempts: z.number().nullable(), dueAt: z.string().nullable() }).nullable(),
  lesson: z.object({
    id: z.string(),
    title: z.string(),
    steps: z.array(z.object({ id: z.string(), title: z.string(), kind: z.string(), points: z.number() })),
    maxPoints: z.number(),
  }),
  rows: z.array(
    z.object({
      /** tag: what tells the student apart from another of the same name in the class ("id 2041", "#3f2a"), or null. */
      student: z.object({ id: z.string(), displayName: z.string(), rosterId: z.string().nullable(), tag: z.string().nullable() }),
      attempts: z.number(),
      /** The attempt shown (the one that counts, by the assignment's rule), as "attempt 1 of 3 · first counts"; null without an assignment. */
      standing: z.string().nullable(),
      /** Attempts made outside the assignment (practice): never the grade. */
      practiceAttempts: z.number(),
      attemptId: z.string().nullable(),
      lessonVersionId: z.number().nullable(),
      finished: z.boolean(),
      timeSpentMs: z.number(),
      steps: z.array(StepCellSchema),
      points: z.number(),
      maxPoints: z.number(),
      pending: z.number(),
    }),
  ),
  /** Results of the lesson on this computer (any class) scored under an earlier version of the scoring rules: a re-score is offered. */
  olderRules: z.number(),
  /** The first-reaction check (lessons with `reaction: true`), or null. */
  reactions: ReactionSummarySchema.nullable().optional(),
});
export type LessonResultsDto = z.infer<typeof LessonResultsSchema>;

/** What re-scoring a lesson's results under today's scoring rules would change (see rescorePreview). */
export const RescorePreviewSchema = z.object({
  lessonId: z.string(),
  lessonTitle: z.string(),
  /** Today's version of the scoring rules, and what it changed, in a teacher's words. */
  rulesVersion: z.number(),
  rulesSummary: z.string(),
  /** Results scored automatically on this computer (every class, every attempt); of them, under earlier rules. */
  scored: z.number(),
  older: z.number(),
  /** How many results a re-score stores again (under today's rules, with other points or the same). */
  toUpdate: z.number(),
  /** How many results would get other points; `changes` lists the first RESCORE_PREVIEW_LIMIT (500) of them. */
  changeCount: z.number(),
  changes: z.array(
    z.object({
      attemptId: z.string(),
      attemptNumber: z.number(),
      student: z.object({ id: z.string(), displayName: z.string(), tag: z.string().nullable() }),
      exerciseId: z.string(),
      stepTitle: z.string(),
      before: z.number(),
      after: z.number(),
      maxPoints: z.number(),
      fromVersion: z.number(),
    }),
  ),
  /** Pass it to rescoreLesson: the re-score is made only while the results are what this preview showed. */
  token: z.string(),
});
export type RescorePreviewDto = z.infer<typeof RescorePreviewSchema>;

/** An assignment as the teacher sees it: its settings, state and how far the class is. */
export const AssignmentSchema = z.object({
  id: z.string(),
  classId: z.string(),
  lessonId: z.string(),
  lessonTitle: z.string(),
  opensAt: z.string(),
  dueAt: z.string().nullable(),
  maxAttempts: z.number().nullable(),
  counts: CountsSchema,
  keyShown: KeyShownSchema,
  keyReleasedAt: z.string().nullable(),
  phase: z.enum(['scheduled', 'open', 'closed']),
  /** Whether students may see the key now (for every student who handed in: see keyShown). */
  keyOpen: z.boolean(),
  students: z.number(),
  started: z.number(),
  handedIn: z.number(),
  /** Whether the lesson is in every student's library too (for practice), or only where assigned. */
  inLibrary: z.boolean(),
});
export type AssignmentDto = z.infer<typeof AssignmentSchema>;

const IsoInstant = z.iso.datetime({ offset: true, error: 'A date and time is expected (ISO 8601).' });

export const AssignmentSettingsSchema = z.object({
  opensAt: IsoInstant,
  dueAt: IsoInstant.nullable(),
  /** null: unlimited. */
  maxAttempts: z.int().min(1, { error: 'At least one attempt.' }).max(100, { error: 'At most 100 attempts (or unlimited).' }).nullable(),
  counts: CountsSchema,
  keyShown: KeyShownSchema,
});

export const ReviewSchema = z.object({
  attempt: z.object({ id: z.string(), number: z.number(), startedAt: z.string(), updatedAt: z.string(), finishedAt: z.string().nullable() }),
  student: z.object({ id: z.string(), displayName: z.string() }),
  /** Every attempt of the student at the lesson: for an assignment (its place among them) or practice. */
  otherAttempts: z.array(z.object({ id: z.string(), number: z.number(), assignment: z.boolean(), counts: z.boolean() })),
  /** Where this attempt stands: "attempt 1 of 3 · first counts", "practice", or null (no assignment). */
  standing: z.string().nullable(),
  lesson: PublicLessonSchema,
  highlights: z.array(SavedHighlightSchema),
  responses: z.record(z.string(), AnswerSchema),
  /** The first-reaction check's answers (before reading, at the end); empty where the lesson does not ask. */
  reactions: z.array(ReactionSchema),
  /** For every step, checked or not: what the key says about the student's answers. */
  feedback: z.record(z.string(), StepFeedbackSchema),
  steps: z.array(
    z.object({
      exerciseId: z.string(),
      status: z.enum(['not-checked', 'scored', 'pending', 'graded', 'self-assessed']),
      points: z.number().nullable(),
      /** The teacher's comment on a written answer; shown to the student only when `commentShared`. */
      comment: z.string().nullable(),
      commentShared: z.boolean(),
      modelAnswer: z.string().nullable(),
    }),
  ),
});
export type ReviewDto = z.infer<typeof ReviewSchema>;

/**
 * pdf: the class summary report; student-reports: a ZIP with one PDF per student who
 * started; answer-key: the lesson's key with every explanation (a PDF; no class data).
 */
export const EXPORT_FORMAT_IDS = ['gradebook-csv', 'csv', 'xlsx', 'pdf', 'student-reports', 'answer-key', 'json'] as const;
export type ExportFormatId = (typeof EXPORT_FORMAT_IDS)[number];
/** The gradebook CSV's columns: one per lesson (its total; the default) or one per step. */
export const GRADEBOOK_COLUMNS = ['lesson', 'step'] as const;
export type GradebookColumns = (typeof GRADEBOOK_COLUMNS)[number];

export const ExportStatusSchema = z.object({
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  progress: z.number(),
  message: z.string().optional(),
  fileName: z.string(),
  elapsedMs: z.number(),
});
export type ExportStatusDto = z.infer<typeof ExportStatusSchema>;

export const ImportReportSchema = z.object({
  /** The class the backup was imported into (to open it). */
  classId: z.string(),
  classCreated: z.boolean(),
  className: z.string(),
  students: z.number(),
  attempts: z.number(),
  highlights: z.number(),
  responses: z.number(),
  results: z.number(),
  lessonVersions: z.number(),
  /** Assignments added (an assignment already here keeps its settings). */
  assignments: z.number(),
  notes: z.array(z.string()),
});
export type ImportReportDto = z.infer<typeof ImportReportSchema>;

/** A lesson text a backup brings that no version on this computer has (by lesson id and sha-256). */
export const BackupLessonTextSchema = z.object({
  lessonId: z.string(),
  /** Its sha-256: what the teacher accepts (`importBackup`'s `acceptLessons`). */
  hash: z.string(),
  title: z.string(),
  /** Its version number on the computer the backup was made on. */
  version: z.number(),
  /** other-version: a version of a lesson here that differs from every version here; new-lesson: a lesson not on this computer. */
  relation: z.enum(['other-version', 'new-lesson']),
  /** other-version: the lesson here (its current version), compared with. */
  here: z.object({ title: z.string(), version: z.number() }).nullable(),
  /** other-version: what scores answers differs from the lesson here (a step's key or points, or the steps). */
  keyDiffers: z.boolean(),
  /** other-version: how the text differs from the lesson here, in the teacher's words (at most 12 lines). */
  differences: z.array(z.string()),
  /** The backup's attempts made on this text: they are scored against it. */
  attempts: z.number(),
});
export type BackupLessonTextDto = z.infer<typeof BackupLessonTextSchema>;

export const BackupPreviewSchema = z.object({
  /** The class's name in the file. */
  className: z.string(),
  /** The class on this computer with the backup's class id (the backup adds to it), or null: the import creates it. */
  classHere: z.string().nullable(),
  exportedAt: z.string(),
  /** What the file holds. */
  students: z.number(),
  attempts: z.number(),
  results: z.number(),
  assignments: z.number(),
  /** What importing would add now (with its notes); nothing is written by the preview. */
  adds: ImportReportSchema,
  /** The lesson texts the file brings that are not on this computer: imported only if the teacher accepts them. */
  lessonTexts: z.array(BackupLessonTextSchema),
});
export type BackupPreviewDto = z.infer<typeof BackupPreviewSchema>;

const Ok = z.object({ ok: z.literal(true) });

export const ClassroomInfoSchema = z.object({
  id: z.string(),
  joinCode: z.string(),
  urls: z.array(z.string()),
  qrSvg: z.string(),
  className: z.string(),
  lessonId: z.string(),
  lessonTitle: z.string(),
  pacing: z.enum(['teacher', 'student']),
  step: z.number(),
  paused: z.boolean(),
  revealed: z.array(z.string()),
  allowNewNames: z.boolean(),
  startedAt: z.string(),
  running: z.boolean(),
});

/** How many students chose each option of a choice step (the current one); `correct` is the key (null where the viewer may not see it yet). */
const ChoiceDistributionSchema = z.object({
  exerciseId: z.string(),
  /** Students with an answer saved in this step. */
  answered: z.number(),
  options: z.array(z.object({ id: z.string(), text: z.string(), count: z.number(), correct: z.boolean().nullable() })),
});

/** The current step's heat map: per word that anyone marked, how many students did. */
const HeatSchema = z.object({
  exerciseId: z.string(),
  words: z.array(z.tuple([z.number(), z.number(), z.number()])),
  max: z.number(),
  students: z.number(),
  key: z.array(z.object({ start: z.number(), end: z.number(), label: z.string(), quote: z.string() })),
  missed: z.array(z.object({ quote: z.string(), label: z.string(), found: z.number(), of: z.number() })),
});

export const DashboardSchema = z.object({
  version: z.number(),
  session: ClassroomInfoSchema,
  lesson: PublicLessonSchema,
  /** Students who have taken a seat in this session (one let join again still counts: their work stays in it). No step's `checked` is more. */
  joined: z.number(),
  /** The secret of the projector address (#/projector/<session>/<token>): it shows the projector view, nothing else. */
  projectorToken: z.string(),
  steps: z.array(z.object({ id: z.string(), title: z.string(), kind: z.string(), points: z.number(), checked: z.number(), average: z.number().nullable() })),
  roster: z.array(
    z.object({
      studentId: z.string(),
      displayName: z.string(),
      /** What tells the student apart from another of the same name in the class, for the teacher ("id 2041", "#3f2a"), or null. */
      tag: z.string().nullable(),
      /** The same, as the students see it on the join list ("#3f2a": never the school id), or null. */
      studentTag: z.string().nullable(),
      joined: z.boolean(),
      /** The student typed this name when joining (it was not on the class list). */
      typed: z.boolean(),
      /** Set after "Let join again": the code the student needs to take the seat again. */
      rejoinCode: z.string().nullable(),
      connected: z.boolean(),
      step: z.number(),
      checked: z.array(z.string()),
      points: z.number(),
      marks: z.number(),
    }),
  ),
  /** The current step's heat map: per word that anyone marked, how many students did. */
  heat: HeatSchema.nullable(),
  /** The current step's answers, when it is a choice step. */
  choices: ChoiceDistributionSchema.nullable(),
});
export type DashboardDto = z.infer<typeof DashboardSchema>;

/**
 * What the projector shows: what every student in the room may see, and nothing
 * else. No names, no rejoin codes; the key (underlines, most-missed items, the right
 * options and how many chose each) only for a step the teacher has revealed.
 */
export const ProjectorSchema = z.object({
  version: z.number(),
  className: z.string(),
  lessonTitle: z.string(),
  joinCode: z.string(),
  joinUrl: z.string(),
  qrSvg: z.string(),
  running: z.boolean(),
  paused: z.boolean(),
  step: z.number(),
  /** Students who have joined, and how many are on the class list. */
  joined: z.number(),
  classSize: z.number(),
  /** The article, for the heat map. */
  article: z.object({ text: z.string(), language: z.string(), direction: z.enum(['ltr', 'rtl']), blocks: z.array(BlockSchema) }),
  steps: z.array(z.object({ id: z.string(), title: z.string(), kind: z.string(), checked: z.number(), revealed: z.boolean() })),
  heat: HeatSchema.nullable(),
  choices: ChoiceDistributionSchema.nullable(),
});
export type ProjectorDto = z.infer<typeof ProjectorSchema>;
export type HeatDto = z.infer<typeof HeatSchema>;

export const TEACHER_API = {
  teacherStatus: { input: z.object({}), output: TeacherStatusSchema },
  setTeacherPin: { input: z.object({ pin: Pin, currentPin: Pin.optional() }), output: TeacherStatusSchema },
  unlockTeacher: { input: z.object({ pin: Pin }), output: TeacherStatusSchema },
  lockTeacher: { input: z.object({}), output: TeacherStatusSchema },
  setIdleLock: { input: z.object({ minutes: z.int().min(5).max(240) }), output: TeacherStatusSchema },

  listClasses: { input: z.object({}), output: z.array(ClassSchema) },
  createClass: { input: z.object({ name: z.string().max(1000) }), output: ClassSchema },
  renameClass: { input: z.object({ classId: Id, name: z.string().max(1000) }), output: ClassSchema },
  deleteClass: { input: z.object({ classId: Id }), output: Ok },
  classRoster: { input: z.object({ classId: Id }), output: z.array(RosterStudentSchema) },
  allProfiles: { input: z.object({}), output: z.array(ProfileSchema) },
  addStudent: { input: z.object({ classId: Id, displayName: z.string().max(20_000), rosterId: z.string().max(400).optional() }), output: z.object({ id: z.string(), created: z.boolean() }) },
  enrollStudents: { input: z.object({ classId: Id, studentIds: z.array(Id).max(5000) }), output: Ok },
  unenrollStudent: { input: z.object({ classId: Id, studentId: Id }), output: Ok },
  /** What importing this roster file would do, row by row; changes nothing. */
  previewRoster: { input: z.object({ classId: Id, csv: z.string() }), output: RosterPreviewSchema },
  /**
   * Imports a roster file as previewed. `renames`: the roster ids whose new names the teacher accepted (none by default).
   * `preview`: the preview's fingerprint; the import is refused if the file, class or students no longer give that preview.
   */
  importRoster: {
    input: z.object({ classId: Id, csv: z.string(), renames: z.array(z.string().max(400)).max(100_000).default([]), preview: z.string().max(200).optional() }),
    output: z.object({
      added: z.number(),
      enrolled: z.number(),
      alreadyInClass: z.number(),
      renamed: z.number(),
      skipped: z.array(z.object({ line: z.number(), reason: z.string() })),
      format: RosterFormatSchema,
      delimiter: RosterDelimiterSchema,
    }),
  },
  renameStudent: { input: z.object({ studentId: Id, displayName: z.string().max(20_000) }), output: Ok },
  setRosterId: { input: z.object({ studentId: Id, rosterId: z.string().max(400).nullable() }), output: Ok },
  mergeStudents: { input: z.object({ keepId: Id, duplicateId: Id }), output: Ok },
  deleteStudent: { input: z.object({ studentId: Id }), output: Ok },

  classResults: { input: z.object({ classId: Id, lessonId: Id }), output: LessonResultsSchema },
  reviewAttempt: { input: z.object({ attemptId: Id }), output: ReviewSchema },
  /** What re-scoring every result of a lesson under today's scoring rules would change; nothing is stored. */
  rescorePreview: { input: z.object({ lessonId: Id }), output: RescorePreviewSchema },
  /** Re-scores every result of a lesson under today's rules, as previewed (`token`); refused if the results changed since. */
  rescoreLesson: { input: z.object({ lessonId: Id, token: z.string().min(1).max(64) }), output: z.object({ rescored: z.number(), changed: z.number() }) },
  gradeAnswer: {
    /** `shareComment`: show the comment to the student (with their grade); by default it is private. */
    input: z.object({ attemptId: Id, exerciseId: Id, points: z.number().min(0).max(1000), comment: z.string().max(4000), shareComment: z.boolean().default(false) }),
    output: Ok,
  },

  /** A class's assignments, in the order they open. */
  listAssignments: { input: z.object({ classId: Id }), output: z.array(AssignmentSchema) },
  /** Assigns a lesson to a class (one assignment per class and lesson), or changes an assignment's settings. */
  saveAssignment: { input: AssignmentSettingsSchema.extend({ classId: Id, lessonId: Id, assignmentId: Id.optional() }), output: AssignmentSchema },
  /** Closes an assignment now: its due date becomes now, and attempts still open are handed in as they stand. */
  closeAssignment: { input: z.object({ assignmentId: Id }), output: AssignmentSchema },
  /** Releases the key to the class (for an assignment whose key is shown when the teacher releases it). */
  releaseKey: { input: z.object({ assignmentId: Id }), output: AssignmentSchema },
  /** Removes an assignment no student has started (once one has, close it instead). */
  deleteAssignment: { input: z.object({ assignmentId: Id }), output: Ok },
  /** Whether a lesson is in every student's library for practice (true), or only shown where it is assigned. */
  setLessonInLibrary: { input: z.object({ lessonId: Id, inLibrary: z.boolean() }), output: Ok },
  /** Every lesson: whether it is in every student's library, and the classes it is assigned to. */
  libraryLessons: { input: z.object({}), output: z.array(z.object({ lessonId: z.string(), title: z.string(), inLibrary: z.boolean(), assignedTo: z.array(z.string()) })) },

  /** columns: only for the gradebook CSV (one column per lesson by default). */
  startExport: { input: z.object({ classId: Id, lessonId: Id.optional(), format: z.enum(EXPORT_FORMAT_IDS), columns: z.enum(GRADEBOOK_COLUMNS).optional() }), output: z.object({ jobId: z.string() }) },
  exportStatus: { input: z.object({ jobId: Id }), output: ExportStatusSchema },
  cancelExport: { input: z.object({ jobId: Id }), output: Ok },
  /** Desktop only: asks where to save a finished export and writes it there. */
  saveExport: { input: z.object({ jobId: Id }), output: z.object({ saved: z.boolean(), path: z.string().optional() }) },
  /** Checks a backup as importing it would and says what it holds and would add, and which lesson texts it brings that are not here; nothing is stored. */
  previewBackup: { input: z.object({ json: z.string() }), output: BackupPreviewSchema },
  /**
   * Imports a backup. A lesson text not on this computer is imported only if `acceptLessons`
   * names exactly the texts the preview listed (lesson id and sha-256; at most 1,000): they
   * become the teacher's own lesson versions. `fileName`: the file's name, recorded as where
   * a lesson new to this computer came from.
   */
  importBackup: {
    input: z.object({
      json: z.string(),
      acceptLessons: z.array(z.object({ lessonId: Id, hash: z.string().regex(/^[0-9a-f]{64}$/, 'a sha-256 (64 hex digits)') })).max(1000).default([]),
      fileName: z.string().max(255).optional(),
    }),
    output: ImportReportSchema,
  },

  networkInterfaces: { input: z.object({}), output: z.array(z.object({ name: z.string(), address: z.string() })) },
  startClassroom: {
    input: z.object({ classId: Id, lessonId: Id, host: z.string().max(100), port: z.int().min(0).max(65535).optional(), allowNewNames: z.boolean().default(false) }),
    output: ClassroomInfoSchema,
  },
  /** The live dashboard. With `since`, waits (up to 20 s) until something changes. */
  classroomDashboard: { input: z.object({ sessionId: Id, since: z.number().optional() }), output: DashboardSchema },
  /**
   * The projector view of a live session (long-polled like the dashboard). It needs the
   * session's projector token, not the teacher PIN: it works while the teacher area is
   * locked, and returns only what students may see.
   */
  classroomProjector: { input: z.object({ sessionId: Id, token: z.string().max(100), since: z.number().optional() }), output: ProjectorSchema },
  classroomControl: {
    input: z.object({
      sessionId: Id,
      action: z.enum(['teacher-paced', 'student-paced', 'go-to-step', 'pause', 'resume', 'reveal']),
      step: z.int().min(0).max(1000).optional(),
      exerciseId: Id.optional(),
    }),
    output: Ok,
  },
  /** Lets a student join again; the seat then needs the one-time code returned here. */
  releaseStudent: { input: z.object({ sessionId: Id, studentId: Id }), output: z.object({ rejoinCode: z.string() }) },
  endClassroom: { input: z.object({ sessionId: Id }), output: Ok },
  unfinishedClassrooms: {
    input: z.object({}),
    output: z.array(z.object({ id: z.string(), className: z.string(), lessonTitle: z.string(), startedAt: z.string(), members: z.number(), running: z.boolean() })),
  },
  resumeClassroom: { input: z.object({ sessionId: Id }), output: ClassroomInfoSchema },
  ...STUDIO_API,
} as const satisfies Record<TeacherApiName, { input: z.ZodType; output: z.ZodType }>;

/** Calls that only watch: they do not keep an idle teacher area unlocked. */
export const TEACHER_PASSIVE: ReadonlySet<TeacherApiName> = new Set(['teacherStatus', 'classroomDashboard', 'classroomProjector', 'exportStatus']);

/** Calls that work while the teacher area is locked. */
export const TEACHER_PUBLIC: ReadonlySet<TeacherApiName> = new Set(['teacherStatus', 'setTeacherPin', 'unlockTeacher', 'lockTeacher', 'classroomProjector']);

/** Calls whose requests may be large (files), for a teacher only. */
export const TEACHER_LARGE_BODY: ReadonlySet<TeacherApiName> = new Set([
  'previewRoster',
  'importRoster',
  'previewBackup',
  'importBackup',
  'studioExtract',
  'studioCreate',
  'studioCheck',
  'studioSave',
  'studioSuggest',
  'studioPreview',
  'studioPreviewCheck',
  'studioImport',
]);

export type TeacherApiDef = typeof TEACHER_API;
export type TeacherApi = { [K in TeacherApiName]: (input: z.input<TeacherApiDef[K]['input']>) => Promise<z.output<TeacherApiDef[K]['output']>> };
