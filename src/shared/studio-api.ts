// The lesson studio's calls (teacher only): lessons listed from both folders, an
// article brought in from a file or pasted text, a lesson edited as its front
// matter's data (the backend writes only what changed into the file), checked as
// the teacher types, tried as a student, saved, shared as a file.
import { z } from 'zod';
import { AnswerSchema } from './answers.ts';
import { STUDIO_FILE_LIMITS } from './studio-limits.ts';
import { LessonOriginSchema, PublicLessonSchema, StepFeedbackSchema } from './api.ts';

export { LessonOriginSchema, type LessonOriginDto } from './api.ts';

const Id = z.string().min(1).max(100);
const FileName = z.string().trim().min(1).max(255);
/** A file's bytes, base64, at most `bytes` of them. */
const Base64 = (bytes: number) => z.string().max(Math.ceil(bytes / 3) * 4, { error: `The file is larger than ${bytes / 1024 / 1024} MB.` });
export { STUDIO_FILE_LIMITS };

export const StudioLessonSchema = z.object({
  /** Null when the file is too broken to say. */
  lessonId: z.string().nullable(),
  /** The lesson's title, or the file's name when it has none. */
  title: z.string(),
  fileName: z.string(),
  /** shipped: the lessons that come with Lede (read-only: copy one to change it); mine: the teacher's lessons folder. */
  folder: z.enum(['shipped', 'mine']),
  editable: z.boolean(),
  origin: LessonOriginSchema,
  /** ready: students see it; draft: a highlight step has no key items yet (students do not see it); broken: the file has problems. */
  state: z.enum(['ready', 'draft', 'broken']),
  /** Draft: the steps still without key items. */
  emptySteps: z.array(z.string()),
  /** Broken: the first problems, in plain words. */
  problems: z.array(z.string()),
  /** Students have answered some version of it (a change becomes a new version). */
  answered: z.boolean(),
  /**
   * The version in the students' library, or null when students do not see it. A lesson
   * saved as a draft or with problems after it was ready keeps this version there.
   */
  libraryVersion: z.number().nullable(),
  practice: z.boolean(),
  steps: z.number(),
  /** The file's last change (ISO). */
  updatedAt: z.string(),
});
export type StudioLessonDto = z.infer<typeof StudioLessonSchema>;

const ArticleBlockKind = z.enum(['paragraph', 'subheading']);

/** An article as taken from a file or pasted text, for the teacher to check and fix. */
export const ExtractedArticleSchema = z.object({
  format: z.enum(['html', 'text', 'markdown', 'docx']),
  headline: z.string(),
  standfirst: z.string().optional(),
  byline: z.string().optional(),
  outlet: z.string().optional(),
  date: z.string().optional(),
  url: z.string().optional(),
  imageCaption: z.string().optional(),
  imageCredit: z.string().optional(),
  language: z.string().optional(),
  blocks: z.array(z.object({ kind: ArticleBlockKind, text: z.string(), debris: z.boolean() })),
});
export type ExtractedArticleDto = z.infer<typeof ExtractedArticleSchema>;

const Field = (max: number) => z.string().trim().max(max).optional();

/** The article as the teacher confirmed it: what a new lesson file is written from. */
export const ArticleDraftSchema = z.object({
  headline: z.string().trim().min(1, { error: 'Give the article its headline.' }).max(500),
  standfirst: Field(2000),
  byline: Field(500),
  outlet: Field(200),
  date: Field(100),
  url: Field(2000),
  imageCaption: Field(2000),
  imageCredit: Field(500),
  language: z
    .string()
    .regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, { error: 'The language must be a tag such as "en" or "ar".' })
    .optional(),
  blocks: z
    .array(z.object({ kind: ArticleBlockKind, text: z.string().max(50_000) }))
    .max(5000)
    .refine((b) => b.some((x) => x.kind === 'paragraph' && x.text.trim()), { error: 'The article needs at least one paragraph.' }),
});
export type ArticleDraftDto = z.infer<typeof ArticleDraftSchema>;

export const STEP_TEMPLATE_IDS = ['sources', 'framing', 'unverified', 'choice', 'short-answer', 'evidence', 'highlight'] as const;
export type StepTemplateId = (typeof STEP_TEMPLATE_IDS)[number];

export const StepTemplateSchema = z.object({
  template: z.enum(STEP_TEMPLATE_IDS),
  name: z.string(),
  description: z.string(),
  /** The step as a lesson file holds it (ids made unique when added to a lesson). */
  step: z.record(z.string(), z.unknown()),
});
export type StepTemplateDto = z.infer<typeof StepTemplateSchema>;

/**
 * A problem or warning in plain words, at the place in the lesson's data it belongs to
 * (["exercises", 2, "key", 0, "explanation"]); [] for the lesson as a whole.
 */
export const StudioProblemSchema = z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() });
export type StudioProblemDto = z.infer<typeof StudioProblemSchema>;

export const StudioCheckSchema = z.object({
  ok: z.boolean(),
  problems: z.array(StudioProblemSchema),
  warnings: z.array(StudioProblemSchema),
  /** A draft: the titles of the highlight steps with no key items yet. */
  emptySteps: z.array(z.string()),
});
export type StudioCheckDto = z.infer<typeof StudioCheckSchema>;

/** The front matter of a lesson file as data: what the editor changes (lede, id, title, article, exercises …). */
export const LessonDataSchema = z.record(z.string(), z.unknown());
export type LessonDataDto = z.infer<typeof LessonDataSchema>;

export const StudioLessonFileSchema = z.object({
  lessonId: z.string(),
  fileName: z.string(),
  folder: z.enum(['shipped', 'mine']),
  editable: z.boolean(),
  answered: z.boolean(),
  /** The file's text as opened (a hash): a save made with it is refused if the file changed since. */
  stamp: z.string(),
  /** The version in the students' library, or null when students do not see it. */
  libraryVersion: z.number().nullable(),
  data: LessonDataSchema,
  /**
   * The article's body as the file holds it (headline, standfirst, byline and image
   * come from `data.article`): with `lessonText` (shared/lesson-text.ts) it gives the
   * canonical text that key quotes are found in.
   */
  body: z.array(z.object({ kind: ArticleBlockKind, text: z.string() })),
  check: StudioCheckSchema,
});
export type StudioLessonFileDto = z.infer<typeof StudioLessonFileSchema>;

export const ProposalSchema = z.object({
  exerciseId: z.string(),
  start: z.number(),
  end: z.number(),
  quote: z.string(),
  label: z.string(),
  /** Why it was proposed, in plain words. */
  reason: z.string(),
  /** The identifying words (the item's core), when they are less than the whole quote: "Critics" in "Critics say". */
  coreStart: z.number().optional(),
  coreEnd: z.number().optional(),
});
export type ProposalDto = z.infer<typeof ProposalSchema>;

const LessonRef = z.object({ lessonId: Id });
/**
 * An edit: the front matter's data, and — when the teacher changed the article's text —
 * its body (paragraphs and subheadings; the key's quotes are then checked against it).
 */
const Edit = z.object({
  lessonId: Id,
  data: LessonDataSchema,
  body: z.array(z.object({ kind: ArticleBlockKind, text: z.string().max(50_000) })).max(5000).optional(),
});

export const STUDIO_API = {
  /** Every lesson file in both folders, drafts and broken ones included. */
  studioLessons: { input: z.object({}), output: z.array(StudioLessonSchema) },
  /** The ready-made steps. */
  studioTemplates: { input: z.object({}), output: z.array(StepTemplateSchema) },
  /** An article from a file (`base64`) or from pasted text (`text`); nothing is saved. */
  studioExtract: {
    input: z.object({ fileName: FileName, base64: Base64(STUDIO_FILE_LIMITS.articleBytes).optional(), text: z.string().max(2_000_000).optional() }),
    output: ExtractedArticleSchema,
  },
  /** Writes a new draft lesson file in the teacher's folder from a confirmed article and the chosen steps. */
  studioCreate: {
    input: z.object({ article: ArticleDraftSchema, steps: z.array(z.enum(STEP_TEMPLATE_IDS)).max(20), from: FileName.optional() }),
    output: z.object({ lessonId: z.string() }),
  },
  /** A shipped (or any) lesson copied into the teacher's folder under a new id, to change it. */
  studioCopy: { input: LessonRef, output: z.object({ lessonId: z.string() }) },
  studioOpen: { input: LessonRef, output: StudioLessonFileSchema },
  /** Checks edited data as the lesson file would hold it; nothing is saved. */
  studioCheck: { input: Edit, output: StudioCheckSchema },
  /**
   * Writes the edit into the lesson file (only what changed), even while the lesson
   * has problems (work in progress is not lost). A lesson with no problems that is not
   * a draft also goes into the library: one students have answered becomes a new
   * version. `check` says which it was.
   */
  studioSave: {
    /** `stamp`: the file as the editor opened (or last saved) it; a file changed elsewhere since is not overwritten. */
    input: Edit.extend({ stamp: z.string().max(100).optional() }),
    output: z.object({
      changed: z.boolean(),
      /** The file as now saved, for the next save. */
      stamp: z.string(),
      draft: z.boolean(),
      /** What the library did: added, updated (no answers yet), new-version, unchanged; null for a draft. */
      library: z.enum(['added', 'unchanged', 'updated', 'new-version', 'restored']).nullable(),
      version: z.number().nullable(),
      check: StudioCheckSchema,
    }),
  },
  /** The assistant's proposals for the lesson's highlight steps (nothing is added to a key). */
  studioSuggest: {
    input: Edit,
    output: z.object({ proposals: z.array(ProposalSchema), note: z.string().nullable() }),
  },
  /** The lesson as a student would get it, from edited data (a draft may be previewed). */
  /** `checked`: the steps already checked in this preview (an evidence step opens once the steps before it are). */
  studioPreview: { input: Edit.extend({ checked: z.array(Id).max(100).default([]) }), output: PublicLessonSchema },
  /** A preview step checked: the feedback a student would see. Nothing is stored. */
  studioPreviewCheck: {
    input: Edit.extend({ exerciseId: Id, answer: AnswerSchema, checked: z.array(Id).max(100).default([]) }),
    output: StepFeedbackSchema,
  },
  /** A lesson's file, to save elsewhere and share. */
  studioExport: { input: LessonRef, output: z.object({ fileName: z.string(), text: z.string() }) },
  /** A lesson file from elsewhere, checked like any lesson and written to the teacher's folder. */
  studioImport: {
    input: z.object({ fileName: FileName, base64: Base64(STUDIO_FILE_LIMITS.lessonBytes), ifExists: z.enum(['refuse', 'replace', 'copy']).default('refuse') }),
    output: z.object({ lessonId: z.string(), title: z.string(), replaced: z.boolean(), draft: z.boolean(), warnings: z.array(z.string()) }),
  },
  /** Removes a lesson file from the teacher's folder (refused once students have answered it). */
  studioDelete: { input: LessonRef, output: z.object({ ok: z.literal(true) }) },
} as const;

