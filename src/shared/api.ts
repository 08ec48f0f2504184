// The API contract: every call the renderer can make, defined once (name, input
// schema, output schema). The Electron IPC transport and the HTTP transport both
// dispatch through it, and both validate the input on arrival.
import { z } from 'zod';
import { AnswerSchema, SpanSchema } from './answers.ts';
import type { ApiName } from './api-names.ts';
import { MAX_TYPED_NAME_LENGTH } from './names.ts';
import { FEELINGS, MAX_REACTION_WORDS, REACTION_PHASES, SHARE_CHOICES } from './reaction.ts';

const Id = z.string().min(1).max(100);
const ExerciseId = z.string().min(1).max(64);

// ── Shared shapes ───────────────────────────────────────────────────────

export const StudentSchema = z.object({ id: z.string(), displayName: z.string(), createdAt: z.string() });
export type StudentDto = z.infer<typeof StudentSchema>;

/** A profile on the "Who is studying?" screen, with what tells it apart from one of the same name. */
export const StudentProfileSchema = StudentSchema.extend({
  /** The classes the student is in, in the reader's order. */
  classes: z.array(z.string()),
  /** When the student last worked on a lesson; null before their first. */
  lastUsedAt: z.string().nullable(),
  /** Lessons started (any attempt) and finished (an attempt finished). */
  lessonsStarted: z.number(),
  lessonsFinished: z.number(),
});
export type StudentProfileDto = z.infer<typeof StudentProfileSchema>;

/**
 * A name as sent: bounded here only so that a request stays small (a name pasted from
 * anywhere is still refused by the name rules in names.ts, with its length in words).
 */
const TypedName = z.string().max(20_000, { error: `A name can be at most ${MAX_TYPED_NAME_LENGTH} characters long.` });

const LabelSchema = z.object({ id: z.string(), name: z.string(), description: z.string() });
export const BlockSchema = z.object({
  kind: z.enum(['headline', 'standfirst', 'byline', 'image', 'credit', 'subheading', 'paragraph']),
  start: z.number(),
  end: z.number(),
});
export type BlockDto = z.infer<typeof BlockSchema>;

const PublicExerciseSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('highlight'),
    id: z.string(),
    title: z.string(),
    prompt: z.string(),
    points: z.number(),
    itemName: z.string(),
    labels: z.array(LabelSchema),
    keyCount: z.number(),
  }),
  z.object({
    kind: z.literal('choice'),
    id: z.string(),
    title: z.string(),
    prompt: z.string(),
    points: z.number(),
    multiple: z.boolean(),
    options: z.array(z.object({ id: z.string(), text: z.string() })),
  }),
  z.object({
    kind: z.literal('short-answer'),
    id: z.string(),
    title: z.string(),
    prompt: z.string(),
    points: z.number(),
    rubric: z.array(z.object({ criterion: z.string(), points: z.number() })),
  }),
  z.object({
    kind: z.literal('evidence'),
    id: z.string(),
    title: z.string(),
    prompt: z.string(),
    points: z.number(),
    cards: z.array(
      z.object({ id: z.string(), outlet: z.string(), date: z.string().optional(), title: z.string().optional(), url: z.string().optional(), text: z.string() }),
    ),
    claims: z.array(z.object({ id: z.string(), start: z.number(), end: z.number(), quote: z.string(), claim: z.string().optional() })),
    /** Titles of the steps to check first; while any is listed the cards and claims are withheld. */
    lockedUntil: z.array(z.string()),
  }),
  z.object({
    kind: z.literal('search'),
    id: z.string(),
    title: z.string(),
    prompt: z.string(),
    points: z.number(),
    /** The share of each question the reason is worth. */
    reasonShare: z.number(),
    /** Simulated results pages: text only, never fetched or linked. */
    pages: z.array(z.object({ id: z.string(), query: z.string(), results: z.array(z.object({ id: z.string(), title: z.string(), url: z.string(), snippet: z.string() })) })),
    /** Which result to open first for a goal, and why: the reasons carry no "correct" before checking. */
    questions: z.array(z.object({ id: z.string(), page: z.string(), goal: z.string(), reasons: z.array(z.object({ id: z.string(), text: z.string() })) })),
  }),
]);
export type PublicExerciseDto = z.infer<typeof PublicExerciseSchema>;

export const PublicLessonSchema = z.object({
  id: z.string(),
  title: z.string(),
  summary: z.string().optional(),
  practice: z.boolean(),
  /** The lesson asks for the student's first reaction (unscored) before reading and at the end. */
  reaction: z.literal(true).optional(),
  language: z.string(),
  direction: z.enum(['ltr', 'rtl']),
  article: z.object({
    headline: z.string(),
    standfirst: z.string().optional(),
    outlet: z.string().optional(),
    byline: z.string().optional(),
    date: z.string().optional(),
    url: z.string().optional(),
    image: z.object({ caption: z.string().optional(), credit: z.string().optional() }).optional(),
    tags: z.array(z.string()),
  }),
  text: z.string(),
  blocks: z.array(BlockSchema),
  exercises: z.array(PublicExerciseSchema),
  hash: z.string(),
  wordCount: z.number(),
});
export type PublicLessonDto = z.infer<typeof PublicLessonSchema>;

/** Where a lesson came from, as the library and the studio show it. */
export const LessonOriginSchema = z.object({
  /** shipped: comes with Lede; studio: made in this app; imported: a lesson file imported here; folder: put in the lessons folder by hand. */
  kind: z.enum(['shipped', 'studio', 'imported', 'folder']),
  /** imported: the name of the file it came from. */
  fileName: z.string().optional(),
  /** studio, imported: when (ISO). */
  at: z.string().optional(),
});
export type LessonOriginDto = z.infer<typeof LessonOriginSchema>;

/** Which of a student's attempts at an assignment is the grade. */
export const CountsSchema = z.enum(['first', 'highest', 'latest']);
/** When a student sees an assignment's key (see src/core/assignments/policy.ts). */
export const KeyShownSchema = z.enum(['after-check', 'after-hand-in', 'after-due', 'on-release']);
/**
 * Why the key is held back from a student's attempt: until they hand it in, until the
 * assignment's due date, until the teacher releases it, or — for practice — while the
 * lesson is assigned to a class (until that assignment closes, at `at` when it has a due date).
 */
export const KeyHeldSchema = z.discriminatedUnion('until', [
  z.object({ until: z.literal('hand-in') }),
  /** Handed in, and the student may still start another attempt: the key comes with the last one, or when the assignment closes. */
  z.object({ until: z.literal('last-attempt') }),
  z.object({ until: z.literal('due'), at: z.string() }),
  z.object({ until: z.literal('release') }),
  z.object({ until: z.literal('assignment'), at: z.string().nullable() }),
  /** Practice of a lesson a live class is doing on this computer: held until that class ends. */
  z.object({ until: z.literal('live-class') }),
]);
export type KeyHeldDto = z.infer<typeof KeyHeldSchema>;

/** An assignment as its student sees it (on a library card and in an attempt). */
export const StudentAssignmentSchema = z.object({
  id: z.string(),
  className: z.string(),
  opensAt: z.string(),
  dueAt: z.string().nullable(),
  /** scheduled: not open yet; open; closed: past its due date (or closed by the teacher). */
  phase: z.enum(['scheduled', 'open', 'closed']),
  /** null: unlimited. */
  maxAttempts: z.number().nullable(),
  /** Attempts made for it. */
  used: z.number(),
  counts: CountsSchema,
  keyShown: KeyShownSchema,
  /** For the student's latest attempt: whether, and until when, its key is held back. */
  keyHeld: KeyHeldSchema.nullable(),
  /** Why a new attempt cannot start now (null: it can). */
  cannotStart: z.string().nullable(),
  /** Whether the student may practise the lesson now (outside the assignment: practice never changes the grade). */
  practiceOpen: z.boolean(),
});
export type StudentAssignmentDto = z.infer<typeof StudentAssignmentSchema>;

export const LessonCardSchema = z.object({
  id: z.string(),
  title: z.string(),
  summary: z.string().optional(),
  outlet: z.string().optional(),
  headline: z.string(),
  wordCount: z.number(),
  readingMinutes: z.number(),
  steps: z.number(),
  /** A practice article written for Lede (invented people and places). */
  practice: z.boolean(),
  origin: LessonOriginSchema,
  /** Assigned to one of the student's classes: the card is the assignment's (its attempts only). */
  assignment: StudentAssignmentSchema.optional(),
  progress: z.discriminatedUnion('state', [
    z.object({ state: z.literal('not-started') }),
    /** `checked`: how many of the lesson's steps this attempt has checked. */
    z.object({ state: z.literal('in-progress'), step: z.number(), attempt: z.number(), checked: z.number() }),
    z.object({
      state: z.literal('done'),
      points: z.number(),
      maxPoints: z.number(),
      /** Written answers waiting for the teacher's grade (their points are in neither figure). */
      pending: z.number(),
      /** Self-paced study with no teacher: written answers the student has not checked themselves yet. */
      toSelfCheck: z.number().optional(),
      /** Written answers the student checked themselves (their points are in both figures). */
      selfAssessed: z.number().optional(),
      attempt: z.number(),
    }),
    /** Handed in, its key (and points) held back: see the assignment's keyHeld. */
    z.object({ state: z.literal('handed-in'), attempt: z.number() }),
  ]),
});
export type LessonCardDto = z.infer<typeof LessonCardSchema>;

const HighlightSchema = SpanSchema.extend({ id: z.string().min(1).max(64) });
export const SavedHighlightSchema = HighlightSchema.extend({ exerciseId: z.string() });
export type SavedHighlightDto = z.infer<typeof SavedHighlightSchema>;

const VerdictSchema = z.enum(['supported', 'contradicted', 'not-found']);

export const StepFeedbackSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('highlight'),
    exerciseId: z.string(),
    points: z.number(),
    /** The version of the scoring rules that gave these points, when it is not today's (see README: versions of the rules). */
    rulesVersion: z.int().min(1).optional(),
    maxPoints: z.number(),
    /** Share of the key's items found (0..1). */
    itemRecall: z.number(),
    /** Share of the highlighted characters inside the key (the right place under a wrong label counts, unless the step's wrong-label share is 0) (0..1). */
    spanPrecision: z.number(),
    /** Share of the text the key covers: what highlighting at random finds inside the key (0..1). */
    keyShare: z.number(),
    /** Precision beyond chance: (spanPrecision − keyShare) ÷ (1 − keyShare), never below 0. */
    beyondChance: z.number(),
    /** The harmonic mean of itemRecall and beyondChance: points = score × maxPoints. */
    score: z.number(),
    found: z.number(),
    total: z.number(),
    items: z.array(
      z.object({
        label: z.string(),
        /** Every label the key accepts, when more than one (`label` first). */
        labels: z.array(z.string()).optional(),
        explanation: z.string(),
        status: z.enum(['found', 'partly', 'missed']),
        credit: z.number(),
        /** The mention that earned the credit. */
        mention: z.number(),
        mentions: z.array(z.object({ start: z.number(), end: z.number(), quote: z.string(), coreStart: z.number(), coreEnd: z.number() })),
        markedAs: z.string().optional(),
        nearby: z.boolean().optional(),
      }),
    ),
    /** Highlights touching no key item; `note` says why a passage was left out of the key on purpose. */
    extraSpans: z.array(SpanSchema.extend({ note: z.string().optional() })),
  }),
  z.object({
    kind: z.literal('evidence'),
    exerciseId: z.string(),
    points: z.number(),
    /** The version of the scoring rules that gave these points, when it is not today's (see README: versions of the rules). */
    rulesVersion: z.int().min(1).optional(),
    maxPoints: z.number(),
    /** The step's share: `raw` corrected so that one verdict for every claim earns at most a third. */
    fraction: z.number(),
    /** The mean claim credit. */
    raw: z.number(),
    /** The largest share of the claims one verdict is right for. */
    guess: z.number(),
    claims: z.array(
      z.object({
        id: z.string(),
        start: z.number(),
        end: z.number(),
        quote: z.string(),
        claim: z.string().optional(),
        verdict: VerdictSchema.nullable(),
        card: z.string().nullable(),
        verdicts: z.array(VerdictSchema),
        cards: z.array(z.string()),
        explanation: z.string(),
        credit: z.number(),
      }),
    ),
  }),
  z.object({
    kind: z.literal('choice'),
    exerciseId: z.string(),
    points: z.number(),
    /** The version of the scoring rules that gave these points, when it is not today's (see README: versions of the rules). */
    rulesVersion: z.int().min(1).optional(),
    maxPoints: z.number(),
    fraction: z.number(),
    options: z.array(z.object({ id: z.string(), text: z.string(), selected: z.boolean(), correct: z.boolean(), feedback: z.string() })),
  }),
  z.object({
    kind: z.literal('search'),
    exerciseId: z.string(),
    points: z.number(),
    /** The version of the scoring rules that gave these points, when it is not today's. */
    rulesVersion: z.int().min(1).optional(),
    maxPoints: z.number(),
    /** The mean question credit. */
    fraction: z.number(),
    questions: z.array(
      z.object({
        id: z.string(),
        page: z.string(),
        query: z.string(),
        goal: z.string(),
        /** What the student chose (null: nothing). */
        result: z.string().nullable(),
        reason: z.string().nullable(),
        clickCredit: z.number(),
        credit: z.number(),
        /** Every result of the page: what it earns as a first click, and why. */
        results: z.array(z.object({ id: z.string(), title: z.string(), url: z.string(), snippet: z.string(), credit: z.number(), feedback: z.string() })),
        reasons: z.array(z.object({ id: z.string(), text: z.string(), correct: z.boolean(), feedback: z.string() })),
      }),
    ),
  }),
  z.object({
    kind: z.literal('short-answer'),
    exerciseId: z.string(),
    /** pending: handed in, waiting for the teacher; graded: the teacher's grade; self-assessed: the student's own check (self-paced study). */
    status: z.enum(['pending', 'graded', 'self-assessed']),
    points: z.number().nullable(),
    maxPoints: z.number(),
    text: z.string(),
    /** The teacher's comment, present only once graded and only when the teacher chose to show it to the student. */
    comment: z.string().optional(),
    /** Pending, and no teacher will grade it (self-paced study, no class): the student may check it against the rubric. */
    selfCheckOffered: z.literal(true).optional(),
    /** With selfCheckOffered: the model answer will be shown once the check is saved. */
    modelAnswerFollows: z.literal(true).optional(),
    /** Self-assessed: the rubric criteria (their positions) the student said the answer meets. */
    met: z.array(z.int().min(0)).optional(),
    /** Self-assessed, on a computer that teaches no class: the lesson's model answer (part of the key: sent only after the check). */
    modelAnswer: z.string().optional(),
  }),
  /** The step is checked and its answer recorded, but its key (and points) is held back by the assignment's policy. */
  z.object({ kind: z.literal('held'), exerciseId: z.string(), keyHeld: KeyHeldSchema }),
]);
export type StepFeedbackDto = z.infer<typeof StepFeedbackSchema>;

/** An answer to the first-reaction check (src/shared/reaction.ts): unscored. */
export const ReactionSchema = z.object({
  phase: z.enum(REACTION_PHASES),
  feelings: z.array(z.enum(FEELINGS)),
  share: z.enum(SHARE_CHOICES),
  words: z.string(),
  at: z.string(),
});
export type ReactionDto = z.infer<typeof ReactionSchema>;

export const AttemptStateSchema = z.object({
  attempt: z.object({
    id: z.string(),
    number: z.number(),
    currentStep: z.number(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
  }),
  student: StudentSchema,
  lesson: PublicLessonSchema,
  highlights: z.array(SavedHighlightSchema),
  responses: z.record(z.string(), AnswerSchema),
  feedback: z.record(z.string(), StepFeedbackSchema),
  /**
   * Who checks this attempt's written answers: the teacher, or, in self-paced study
   * where no teacher will (the student in no class, not a live class), the student
   * themselves against the rubric (selfCheckAnswer).
   */
  grading: z.enum(['teacher', 'self']),
  /** The assignment this attempt was made for (null: practice or study), with the attempt's place among its attempts. */
  assignment: StudentAssignmentSchema.extend({ attemptIndex: z.number() }).nullable(),
  /** Practice of a lesson the student has an assignment for: never changes the grade. */
  practiceAfterAssignment: z.boolean(),
  /** Whether, and until when, this attempt's key is held back (then every checked step's feedback is 'held'). */
  keyHeld: KeyHeldSchema.nullable(),
  /** The first-reaction check's answers so far (before, after); empty where the lesson does not ask. Never held back. */
  reactions: z.array(ReactionSchema),
});
export type AttemptStateDto = z.infer<typeof AttemptStateSchema>;

const Saved = z.object({ savedAt: z.string() });

export const ClassroomStateSchema = z.object({
  sessionId: z.string(),
  className: z.string(),
  lessonTitle: z.string(),
  pacing: z.enum(['teacher', 'student']),
  /** The teacher's step (0 = read, 1..n = exercises). */
  step: z.number(),
  paused: z.boolean(),
  revealed: z.array(z.string()),
  ended: z.boolean(),
});
export type ClassroomStateDto = z.infer<typeof ClassroomStateSchema>;

const JoinCode = z.string().trim().toUpperCase().regex(/^[A-Z0-9]{6}$/, { error: 'The join code has 6 letters and digits.' });

/** The most criteria a written answer's self-check names, and the highest position it may name (a rubric is a short list; this bounds the request). */
export const RUBRIC_LIMIT = 200;

// ── The calls ───────────────────────────────────────────────────────────

export const API = {
  /** The profiles on this computer, in the reader's order of their names. */
  listStudents: { input: z.object({}), output: z.array(StudentProfileSchema) },
  /**
   * Makes a profile from a name the student typed. A name that is, or looks like, one
   * already on this computer is refused ("conflict") unless `deliberate` says the
   * student chose to make a second one.
   */
  createStudent: { input: z.object({ displayName: TypedName, deliberate: z.boolean().optional() }), output: StudentProfileSchema },
  /** The profiles whose names look like this one (the rule createStudent refuses by). */
  similarProfiles: { input: z.object({ displayName: TypedName }), output: z.array(StudentProfileSchema) },
  listLessons: { input: z.object({ studentId: Id.optional() }), output: z.array(LessonCardSchema) },
  /**
   * Opens the student's latest attempt at a lesson (a finished one opens on its summary), or starts one:
   * for an assignment of one of their classes (`assignmentId`: only its attempts, within its dates and
   * attempts), or practice (no `assignmentId`: refused while the lesson is kept back or its key held by an assignment).
   */
  openLesson: { input: z.object({ studentId: Id, lessonId: Id, assignmentId: Id.optional() }), output: AttemptStateSchema },
  /** Starts a fresh attempt (for the assignment, or practice), under the same rules; earlier attempts are kept. */
  newAttempt: { input: z.object({ studentId: Id, lessonId: Id, assignmentId: Id.optional() }), output: AttemptStateSchema },
  getAttempt: { input: z.object({ attemptId: Id }), output: AttemptStateSchema },
  putHighlight: { input: z.object({ attemptId: Id, exerciseId: ExerciseId, highlight: HighlightSchema }), output: Saved },
  deleteHighlight: { input: z.object({ attemptId: Id, exerciseId: ExerciseId, highlightId: z.string().min(1).max(64) }), output: Saved },
  putResponse: { input: z.object({ attemptId: Id, exerciseId: ExerciseId, answer: AnswerSchema }), output: Saved },
  setStep: { input: z.object({ attemptId: Id, step: z.int().min(0).max(1000) }), output: Saved },
  /**
   * The first-reaction check (unscored), saved or changed: `before` only until the attempt's first answer is
   * saved, `after` once every step is checked. 1 to MAX_FEELINGS feelings; words at most MAX_REACTION_WORDS characters.
   */
  putReaction: {
    input: z.object({
      attemptId: Id,
      phase: z.enum(REACTION_PHASES),
      feelings: z.array(z.string().max(40)).max(FEELINGS.length),
      share: z.enum(SHARE_CHOICES, { error: 'Choose whether you would share it.' }),
      words: z.string().max(4000, { error: `Keep your words to ${MAX_REACTION_WORDS} characters.` }).optional(),
    }),
    output: ReactionSchema,
  },
  /** Scores a step; the response is the first time its key reaches the client. */
  checkStep: { input: z.object({ attemptId: Id, exerciseId: ExerciseId }), output: StepFeedbackSchema },
  finishAttempt: { input: z.object({ attemptId: Id }), output: Saved },
  /**
   * An assignment's attempt handed in as it stands: every step not checked yet is checked with
   * what it holds (no answer scores 0), and the attempt ends. Only for an attempt made for an assignment.
   */
  handIn: { input: z.object({ attemptId: Id }), output: AttemptStateSchema },
  /**
   * Self-paced study with no teacher (the student in no class, not a live class): the
   * student's own check of a handed-in written answer, by the rubric criteria (their
   * positions) the answer meets. Recorded as self-assessed; the answer shows the model
   * answer from then on. Refused in a class, before the answer is handed in, and once
   * it is graded or checked. At most RUBRIC_LIMIT criteria.
   */
  selfCheckAnswer: {
    input: z.object({ attemptId: Id, exerciseId: ExerciseId, met: z.array(z.int().min(0).max(RUBRIC_LIMIT - 1)).max(RUBRIC_LIMIT) }),
    output: StepFeedbackSchema,
  },

  /**
   * Which server this is: Lede itself, a classroom session's student server, or the
   * teacher-only dashboard server of `lede classroom` (no student calls).
   */
  serverInfo: { input: z.object({}), output: z.object({ mode: z.enum(['app', 'classroom', 'dashboard']) }) },
  /** Classroom: check a join code; the answer lists the names to pick from. */
  classroomJoin: {
    input: z.object({ code: JoinCode }),
    output: z.object({
      className: z.string(),
      lessonTitle: z.string(),
      allowNewNames: z.boolean(),
      /** tag: what tells a student apart from another of the same name ("#3f2a", the first characters of their id), or null. */
      roster: z.array(z.object({ id: z.string(), displayName: z.string(), tag: z.string().nullable(), taken: z.boolean(), needsCode: z.boolean() })),
    }),
  },
  /** Classroom: take a name from the roster (or a new one, if allowed); sets the session cookie. */
  classroomPick: {
    input: z.object({ code: JoinCode, studentId: Id.optional(), newName: TypedName.optional(), rejoinCode: z.string().max(20).optional() }),
    output: z.object({ attempt: AttemptStateSchema, classroom: ClassroomStateSchema }),
  },
  /** Classroom: where this browser's student is (from the session cookie). */
  classroomMe: { input: z.object({}), output: z.object({ attempt: AttemptStateSchema, classroom: ClassroomStateSchema }) },
} as const satisfies Record<ApiName, { input: z.ZodType; output: z.ZodType }>;

export type ApiDef = typeof API;
export type ApiInput<K extends ApiName> = z.input<ApiDef[K]['input']>;
export type ApiOutput<K extends ApiName> = z.output<ApiDef[K]['output']>;

/** The client's view of the API: one async function per call. */
export type LedeApi = { [K in ApiName]: (input: ApiInput<K>) => Promise<ApiOutput<K>> };

export type { Envelope } from './errors.ts';
