import { z } from 'zod';

// The YAML front matter of a lesson file. Objects are strict so that a misspelt
// field is reported rather than silently ignored.

const id = z
  .string({ error: 'must be text' })
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: 'must be lower-case letters, digits and single hyphens (for example "sources-2")' });
/** The longest any one text of a lesson file may be (an explanation, an option, a card, a model answer…): a few paragraphs. */
export const TEXT_FIELD_MAX = 4000;
const text = (what: string) =>
  z
    .string({ error: `${what} must be text` })
    .trim()
    .min(1, { error: `${what} must not be empty` })
    .max(TEXT_FIELD_MAX, { error: `${what} must be at most ${TEXT_FIELD_MAX.toLocaleString('en-US')} characters` });
const points = z.number({ error: 'must be a number' }).positive({ error: 'must be more than 0' }).max(1000, { error: 'must be at most 1000' });

const LabelSchema = z.strictObject({
  id,
  name: text('name'),
  description: text('description'),
});

const quote = z.string({ error: 'quote must be text' }).min(1, { error: 'quote must not be empty' });
const occurrence = z.int({ error: 'occurrence must be a whole number' }).positive({ error: 'occurrence counts from 1' }).optional();
const core = z.string({ error: 'core must be text' }).trim().min(1, { error: 'core must not be empty' }).optional();

const MentionSchema = z.strictObject({ quote, occurrence, core });

/**
 * A key item: one source, framing device or claim. Either one mention written in
 * place (`quote`, with `occurrence` and `core`), or a list of `mentions`; an
 * item-level `core` is the default core of each mention.
 */
const KeyItemSchema = z
  .strictObject({
    quote: quote.optional(),
    occurrence,
    core,
    mentions: z.array(MentionSchema, { error: 'mentions must be a list' }).min(1, { error: 'mentions must list at least one quote' }).optional(),
    label: z.string({ error: 'label must be text' }).optional(),
    /** Several labels the key accepts for the item (a fuzzy line): instead of `label`. */
    labels: z
      .array(z.string({ error: 'each label must be text' }), { error: 'labels must be a list of label ids' })
      .min(1, { error: 'labels must list at least one label' })
      .max(8, { error: 'labels may list at most 8 labels' })
      .optional(),
    explanation: text('explanation'),
  })
  .superRefine((item, ctx) => {
    if (item.label === undefined && item.labels === undefined) {
      ctx.addIssue({ code: 'custom', message: 'a key item needs a label (or a list of labels)', path: ['explanation'] });
    }
    if (item.label !== undefined && item.labels !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'give either label or labels, not both (put this label in the list of labels)', path: ['labels'] });
    }
    if (item.labels !== undefined && new Set(item.labels).size !== item.labels.length) {
      ctx.addIssue({ code: 'custom', message: 'labels lists a label twice', path: ['labels'] });
    }
    if (item.quote === undefined && item.mentions === undefined) {
      ctx.addIssue({ code: 'custom', message: 'a key item needs a quote (or a list of mentions)', path: ['label'] });
    }
    if (item.quote !== undefined && item.mentions !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'give either quote or mentions, not both (put this quote in the list of mentions)', path: ['quote'] });
    }
    if (item.mentions !== undefined && item.occurrence !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'with mentions, put occurrence on the mention it belongs to', path: ['occurrence'] });
    }
  });

/** A passage left out of the key on purpose: the student who marks it is told why. */
const NoteSchema = z.strictObject({ quote, occurrence, note: text('note') });

const verdict = z.enum(['supported', 'contradicted', 'not-found'], { error: 'verdict must be supported, contradicted or not-found' });

/** A web address to show and open in a browser: http or https only (not javascript:, file:, data:…). */
const webAddress = z.url({ protocol: /^https?$/, error: 'url must be a web address starting with http:// or https://' });

const CardSchema = z.strictObject({
  id,
  outlet: text('outlet'),
  date: text('date').optional(),
  title: text('title').optional(),
  url: webAddress.optional(),
  text: text('text'),
});

const ClaimSchema = z.strictObject({
  id,
  quote,
  occurrence,
  claim: text('claim').optional(),
  verdict: z.union([verdict, z.array(verdict).min(1, { error: 'list at least one verdict' })], {
    error: 'verdict must be supported, contradicted or not-found (or a list of them)',
  }),
  cards: z.array(id, { error: 'cards must be a list of card ids' }).default([]),
  explanation: text('explanation'),
});

const EvidenceSchema = z.strictObject({
  id,
  kind: z.literal('evidence'),
  title: text('title'),
  prompt: text('prompt'),
  points: points.optional(),
  cards: z.array(CardSchema, { error: 'cards must be a list' }).min(1, { error: 'an evidence exercise needs at least one card' }),
  claims: z.array(ClaimSchema, { error: 'claims must be a list' }).min(1, { error: 'an evidence exercise needs at least one claim' }),
});

const HighlightSchema = z.strictObject({
  id,
  kind: z.literal('highlight'),
  title: text('title'),
  prompt: text('prompt'),
  points: points.default(10),
  itemName: text('itemName').optional(),
  labels: z.array(LabelSchema, { error: 'labels must be a list' }).min(1, { error: 'a highlight exercise needs at least one label' }),
  /** Empty while a lesson is a draft (a warning says so). */
  key: z.array(KeyItemSchema, { error: 'key must be a list' }),
  notes: z.array(NoteSchema, { error: 'notes must be a list' }).default([]),
  /** The share of an item the right words earn under a wrong label (0 to 1; default one half). */
  wrongLabelCredit: z.number({ error: 'wrongLabelCredit must be a number' }).min(0, { error: 'wrongLabelCredit must be at least 0' }).max(1, { error: 'wrongLabelCredit must be at most 1' }).optional(),
});

const OptionSchema = z.strictObject({
  id,
  text: text('text'),
  correct: z.boolean({ error: 'correct must be true or false' }).default(false),
  feedback: text('feedback'),
  /** Kept at its authored position when the options are shuffled for a student. */
  fixed: z.boolean({ error: 'fixed must be true or false' }).optional(),
});

const ChoiceSchema = z.strictObject({
  id,
  kind: z.literal('choice'),
  title: text('title'),
  prompt: text('prompt'),
  points: points.default(2),
  multiple: z.boolean({ error: 'multiple must be true or false' }).default(false),
  options: z.array(OptionSchema, { error: 'options must be a list' }).min(2, { error: 'a choice exercise needs at least two options' }),
});

const RubricSchema = z.strictObject({ criterion: text('criterion'), points });

const ShortAnswerSchema = z.strictObject({
  id,
  kind: z.literal('short-answer'),
  title: text('title'),
  prompt: text('prompt'),
  rubric: z.array(RubricSchema, { error: 'rubric must be a list' }).min(1, { error: 'a short-answer exercise needs a rubric' }),
  modelAnswer: text('modelAnswer').optional(),
});

// ── A simulated search-results page (lateral reading, click restraint) ──────
// Limits keep a page readable on a phone and a lesson file reviewable: see
// "Search steps" in lessons/README.md.
export const SEARCH_LIMITS = {
  pages: 3,
  questions: 4,
  results: 8,
  reasons: 6,
  query: 200,
  title: 200,
  url: 200,
  snippet: 400,
  goal: 300,
  reason: 200,
  feedback: 600,
} as const;

const limited = (what: string, max: number) => text(what).max(max, { error: `${what} must be at most ${max} characters` });

const SearchResultSchema = z.strictObject({
  id,
  title: limited('title', SEARCH_LIMITS.title),
  /** The address as the results page shows it: text only, never fetched or linked. */
  url: limited('url', SEARCH_LIMITS.url),
  snippet: limited('snippet', SEARCH_LIMITS.snippet),
  /** Kept at its authored place when the results are shuffled for a student. */
  fixed: z.boolean({ error: 'fixed must be true or false' }).optional(),
});

const SearchPageSchema = z.strictObject({
  id,
  /** What the student "typed" into the search box. */
  query: limited('query', SEARCH_LIMITS.query),
  results: z
    .array(SearchResultSchema, { error: 'results must be a list' })
    .min(2, { error: 'a results page needs at least two results' })
    .max(SEARCH_LIMITS.results, { error: `a results page may list at most ${SEARCH_LIMITS.results} results` }),
});

const ReasonSchema = z.strictObject({
  id,
  text: limited('text', SEARCH_LIMITS.reason),
  correct: z.boolean({ error: 'correct must be true or false' }).default(false),
  feedback: limited('feedback', SEARCH_LIMITS.feedback),
  fixed: z.boolean({ error: 'fixed must be true or false' }).optional(),
});

const SearchQuestionSchema = z.strictObject({
  id,
  /** The results page this question is asked about (may be left out when the step has one page). */
  page: id.optional(),
  /** What the student wants to learn by opening one result. */
  goal: limited('goal', SEARCH_LIMITS.goal),
  /** The result to open first: full credit. */
  best: id.optional(),
  /** Acceptable first clicks and the share of the question each earns (more than 0, less than 1); every other result earns 0. */
  partial: z
    .record(z.string(), z.number({ error: 'a partial credit must be a number' }).gt(0, { error: 'a partial credit must be more than 0' }).lt(1, { error: 'a partial credit must be less than 1 (the best result earns 1)' }), {
      error: 'partial must map result ids to a share, for example { wiki: 0.5 }',
    })
    .optional(),
  /** Why each result is a good or poor first click for this goal: one entry for every result of the page. */
  feedback: z.record(z.string(), limited('feedback', SEARCH_LIMITS.feedback), { error: 'feedback must map every result id to why it is a good or poor first click' }),
  /** Why open it first: the student chooses one. */
  reasons: z
    .array(ReasonSchema, { error: 'reasons must be a list' })
    .min(2, { error: 'a search question needs at least two reasons to choose from' })
    .max(SEARCH_LIMITS.reasons, { error: `a search question may offer at most ${SEARCH_LIMITS.reasons} reasons` }),
});

const SearchSchema = z.strictObject({
  id,
  kind: z.literal('search'),
  title: text('title'),
  prompt: text('prompt'),
  /** Default: 2 for each question. */
  points: points.optional(),
  /** The share of a question the reason is worth (0 to 1; default one half): see "How answers are scored". */
  reasonShare: z.number({ error: 'reasonShare must be a number' }).min(0, { error: 'reasonShare must be at least 0' }).max(1, { error: 'reasonShare must be at most 1' }).optional(),
  pages: z
    .array(SearchPageSchema, { error: 'pages must be a list' })
    .min(1, { error: 'a search step needs at least one results page' })
    .max(SEARCH_LIMITS.pages, { error: `a search step may hold at most ${SEARCH_LIMITS.pages} results pages` }),
  questions: z
    .array(SearchQuestionSchema, { error: 'questions must be a list' })
    .min(1, { error: 'a search step needs at least one question' })
    .max(SEARCH_LIMITS.questions, { error: `a search step may ask at most ${SEARCH_LIMITS.questions} questions` }),
});

export const ExerciseFileSchema = z.discriminatedUnion('kind', [HighlightSchema, ChoiceSchema, ShortAnswerSchema, EvidenceSchema, SearchSchema], {
  error: 'kind must be one of: highlight, choice, short-answer, evidence, search',
});

export const FrontMatterSchema = z.strictObject({
  lede: z.literal(1, { error: 'lede (the format version) must be 1' }),
  id,
  title: text('title').max(300, { error: 'title must be at most 300 characters' }),
  summary: text('summary').max(1000, { error: 'summary must be at most 1000 characters' }).optional(),
  /** A practice article written for Lede (invented people and places), shown as such in the library. */
  practice: z.boolean({ error: 'practice must be true or false' }).default(false),
  language: z.string({ error: 'language must be text' }).regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, { error: 'language must be a language tag such as "en" or "ar"' }).default('en'),
  direction: z.enum(['ltr', 'rtl'], { error: 'direction must be "ltr" or "rtl"' }).optional(),
  /** The first-reaction check (unscored): before reading, and again at the end. */
  reaction: z.boolean({ error: 'reaction must be true or false (true: ask for the student\'s first reaction before reading, and again at the end)' }).default(false),
  article: z.strictObject({
    headline: text('headline').max(500, { error: 'headline must be at most 500 characters' }),
    standfirst: text('standfirst').optional(),
    outlet: text('outlet').optional(),
    byline: text('byline').optional(),
    date: text('date').optional(),
    url: webAddress.optional(),
    image: z.strictObject({ caption: text('caption').optional(), credit: text('credit').optional() }).optional(),
    tags: z.array(text('a tag')).default([]),
  }),
  exercises: z.array(ExerciseFileSchema, { error: 'exercises must be a list' }).min(1, { error: 'a lesson needs at least one exercise' }),
});

export type FrontMatter = z.infer<typeof FrontMatterSchema>;
export type ExerciseFile = z.infer<typeof ExerciseFileSchema>;

/** Right-to-left scripts, used when a lesson does not say its direction. */
export const RTL_LANGUAGES = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'sd', 'ug', 'yi', 'dv', 'ckb']);
