import { z } from 'zod';

// The YAML front matter of a lesson file. Objects are strict so that a misspelt
// field is reported rather than silently ignored.

const id = z
  .string({ error: 'must be text' })
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: 'must be lower-case letters, digits and single hyphens (for example "sources-2")' });
const text = (what: string) => z.string({ error: `${what} must be text` }).trim().min(1, { error: `${what} must not be empty` });
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

const CardSchema = z.strictObject({
  id,
  outlet: text('outlet'),
  date: text('date').optional(),
  title: text('title').optional(),
  url: z.url({ error: 'url must be a web address' }).optional(),
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

export const ExerciseFileSchema = z.discriminatedUnion('kind', [HighlightSchema, ChoiceSchema, ShortAnswerSchema, EvidenceSchema], {
  error: 'kind must be one of: highlight, choice, short-answer, evidence',
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
    url: z.url({ error: 'url must be a web address' }).optional(),
    image: z.strictObject({ caption: text('caption').optional(), credit: text('credit').optional() }).optional(),
    tags: z.array(text('a tag')).default([]),
  }),
  exercises: z.array(ExerciseFileSchema, { error: 'exercises must be a list' }).min(1, { error: 'a lesson needs at least one exercise' }),
});

export type FrontMatter = z.infer<typeof FrontMatterSchema>;
export type ExerciseFile = z.infer<typeof ExerciseFileSchema>;

/** Right-to-left scripts, used when a lesson does not say its direction. */
export const RTL_LANGUAGES = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'sd', 'ug', 'yi', 'dv', 'ckb']);
