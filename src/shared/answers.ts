import { z } from 'zod';

/** A student's highlight: half-open `[start, end)` offsets into the lesson's canonical text. */
export const SpanSchema = z.strictObject({
  start: z.int().nonnegative(),
  end: z.int().nonnegative(),
  label: z.string().min(1).max(64),
});
export type Span = z.infer<typeof SpanSchema>;

export const HighlightAnswerSchema = z.strictObject({ spans: z.array(SpanSchema).max(5000) });
export const ChoiceAnswerSchema = z.strictObject({ choices: z.array(z.string().min(1).max(64)).max(100) });
export const TextAnswerSchema = z.strictObject({ text: z.string().max(20000) });

/** An evidence step: per claim id, the student's verdict and (optionally) the card that shows it. */
export const ClaimAnswerSchema = z.strictObject({
  verdict: z.enum(['supported', 'contradicted', 'not-found']),
  card: z.string().min(1).max(64).optional(),
});
export const ClaimsAnswerSchema = z.strictObject({
  claims: z.record(z.string().min(1).max(64), ClaimAnswerSchema).refine((r) => Object.keys(r).length <= 100, { error: 'at most 100 claims' }),
});

/** A search step: per question id, the result the student would open first and (optionally) the reason chosen. */
export const SearchPickSchema = z.strictObject({
  result: z.string().min(1).max(64),
  reason: z.string().min(1).max(64).optional(),
});
export const SearchAnswerSchema = z.strictObject({
  search: z.record(z.string().min(1).max(64), SearchPickSchema).refine((r) => Object.keys(r).length <= 20, { error: 'at most 20 questions' }),
});

export const AnswerSchema = z.union([HighlightAnswerSchema, ChoiceAnswerSchema, TextAnswerSchema, ClaimsAnswerSchema, SearchAnswerSchema]);
export type Answer = z.infer<typeof AnswerSchema>;

/**
 * One attempt's answers, as `lede score` reads them and as the app exports them.
 * `lessonHash`, when present, must match the lesson file the answers are scored against.
 */
export const AnswersFileSchema = z.object({
  lesson: z.string().min(1),
  lessonHash: z.string().optional(),
  student: z.string().optional(),
  attempt: z.string().optional(),
  answers: z.record(z.string(), AnswerSchema),
});
export type AnswersFile = z.infer<typeof AnswersFileSchema>;
