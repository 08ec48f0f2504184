import { LedeError } from '../../shared/errors.ts';
import type { Answer, Span } from '../../shared/answers.ts';
import type { ChoiceExercise, EvidenceExercise, Exercise, HighlightExercise, KeyItem, Lesson, Verdict } from '../../shared/lesson.ts';
import { roundPoints } from '../../shared/points.ts';
import { DEFAULT_WRONG_LABEL_CREDIT, scoreHighlights, type HighlightScore } from './spans.ts';
import { CURRENT_RULES, rulesOf, type ScoringRules } from './rules.ts';

/** The one rounding of points lives in src/shared/points.ts, where the renderer finds it too. */
export { roundPoints };

export interface ChoiceResult {
  /** 0..1: see `choiceFraction`. */
  fraction: number;
  options: { id: string; text: string; selected: boolean; correct: boolean; feedback: string }[];
}

/**
 * Single answer: 1 when the one chosen option is correct, else 0.
 * Multiple answer: the share of the true options chosen minus the share of the
 * untrue options chosen, never below 0. Ticking everything (1 − 1) and ticking
 * nothing (0 − 0) therefore earn 0 whatever the ratio of true to untrue options;
 * only when every option is true does ticking everything earn 1.
 */
export function choiceFraction(ex: Pick<ChoiceExercise, 'multiple' | 'options'>, chosen: readonly string[], rules: Pick<ScoringRules, 'choice'> = CURRENT_RULES): number {
  const picked = new Set(chosen);
  if (!ex.multiple) {
    if (picked.size !== 1) return 0;
    return ex.options.some((o) => o.correct && picked.has(o.id)) ? 1 : 0;
  }
  const correct = ex.options.filter((o) => o.correct).length;
  const untrue = ex.options.length - correct;
  if (correct === 0) return 0;
  let right = 0;
  let wrong = 0;
  for (const o of ex.options) {
    if (!picked.has(o.id)) continue;
    if (o.correct) right++;
    else wrong++;
  }
  // Version 1 of the rules: (true chosen − untrue chosen) ÷ true options.
  if (rules.choice === 'per-true') return Math.max(0, (right - wrong) / correct);
  return Math.max(0, right / correct - (untrue === 0 ? 0 : wrong / untrue));
}

export function scoreChoice(ex: ChoiceExercise, chosen: readonly string[], rules: ScoringRules = CURRENT_RULES): ChoiceResult {
  const picked = new Set(chosen);
  return {
    fraction: choiceFraction(ex, chosen, rules),
    options: ex.options.map((o) => ({ id: o.id, text: o.text, selected: picked.has(o.id), correct: o.correct, feedback: o.feedback })),
  };
}

/** One row per key item: its mentions, what the key says, and how the student did. */
export function keyItemRows(h: HighlightScore<KeyItem>) {
  return h.items.map((r) => ({
    label: r.item.label,
    ...(r.item.labels && r.item.labels.length > 1 ? { labels: r.item.labels } : {}),
    explanation: r.item.explanation,
    status: r.status,
    credit: r.credit,
    mention: r.mention,
    mentions: r.item.mentions.map((m) => ({ start: m.start, end: m.end, quote: m.quote, coreStart: m.coreStart, coreEnd: m.coreEnd })),
    ...(r.markedAs !== undefined ? { markedAs: r.markedAs } : {}),
    ...(r.nearby ? { nearby: true } : {}),
  }));
}

export interface ClaimResult {
  id: string;
  start: number;
  end: number;
  quote: string;
  claim?: string;
  /** What the student said (null: no verdict given). */
  verdict: Verdict | null;
  card: string | null;
  /** What the key accepts. */
  verdicts: Verdict[];
  cards: string[];
  explanation: string;
  /** 0, 0.5, 0.75 or 1: see `claimCredit`. */
  credit: number;
}

export interface EvidenceResult {
  /** 0..1: the step's share, `raw` corrected for guessing (see `guessCorrected`). */
  fraction: number;
  /** The mean claim credit before the correction. */
  raw: number;
  /** The largest share of the claims one verdict is right for: what one verdict for every claim can earn at most. */
  guess: number;
  claims: ClaimResult[];
}

/** What one verdict for every claim earns at most: chance among three verdicts. */
export const GUESS_CEILING = 1 / 3;

/**
 * The step's share from the mean claim credit, so that giving every claim the same
 * verdict earns no more than a third. `guess` is the largest share of the claims one
 * verdict is right for (what that guess earns at most). When it is more than a third,
 * credit up to `guess` is scaled down to at most a third, and credit beyond it up to
 * the rest: raw ≤ guess → raw × ⅓ ÷ guess; above → ⅓ + (raw − guess) × ⅔ ÷ (1 − guess).
 * 0 stays 0 and full credit stays 1; more credit always earns more. A step whose
 * every claim accepts one verdict (guess = 1) is left as it is: there the right
 * answer is the one verdict.
 */
export function guessCorrected(raw: number, guess: number): number {
  if (guess <= GUESS_CEILING || guess >= 1) return raw;
  if (raw <= guess) return (raw * GUESS_CEILING) / guess;
  return GUESS_CEILING + ((raw - guess) * (1 - GUESS_CEILING)) / (1 - guess);
}

/** The largest share of the claims whose key accepts one same verdict. */
export function guessShare(claims: readonly { verdicts: readonly Verdict[] }[]): number {
  if (claims.length === 0) return 0;
  return Math.max(...(['supported', 'contradicted', 'not-found'] as const).map((v) => claims.filter((c) => c.verdicts.includes(v)).length)) / claims.length;
}

/** A right "supported" or "contradicted" verdict without a report named to show it. */
export const CREDIT_NO_CARD = 0.75;
/** A right "supported" or "contradicted" verdict naming a report that does not show it. */
export const CREDIT_WRONG_CARD = 0.5;

/**
 * One claim's credit. A verdict the key does not accept earns 0. "Not found" earns
 * 1 when the key accepts it (no report shows what is not there, so any card named
 * with it is ignored). "Supported" or "contradicted", when accepted, earns 1 with a
 * card the key lists as showing it, CREDIT_NO_CARD with none, CREDIT_WRONG_CARD
 * with a card the key does not list: the evidence is part of the answer.
 */
export function claimCredit(claim: { verdicts: readonly Verdict[]; cards: readonly string[] }, answer: { verdict: Verdict; card?: string | undefined } | undefined): number {
  if (!answer || !claim.verdicts.includes(answer.verdict)) return 0;
  if (answer.verdict === 'not-found') return 1;
  if (answer.card === undefined) return CREDIT_NO_CARD;
  return claim.cards.includes(answer.card) ? 1 : CREDIT_WRONG_CARD;
}

export function scoreEvidence(
  ex: EvidenceExercise,
  given: Readonly<Record<string, { verdict: Verdict; card?: string | undefined }>>,
  rules: ScoringRules = CURRENT_RULES,
): EvidenceResult {
  const claims = ex.claims.map((c): ClaimResult => {
    const a = Object.hasOwn(given, c.id) ? given[c.id] : undefined;
    return {
      id: c.id,
      start: c.start,
      end: c.end,
      quote: c.quote,
      ...(c.claim !== undefined ? { claim: c.claim } : {}),
      verdict: a?.verdict ?? null,
      card: a?.card ?? null,
      verdicts: c.verdicts,
      cards: c.cards,
      explanation: c.explanation,
      credit: claimCredit(c, a),
    };
  });
  const raw = claims.length === 0 ? 0 : claims.reduce((n, c) => n + c.credit, 0) / claims.length;
  const guess = guessShare(ex.claims);
  return { fraction: rules.guessCorrected ? guessCorrected(raw, guess) : raw, raw, guess, claims };
}

export type ExerciseResult =
  | {
      exerciseId: string;
      kind: 'highlight';
      status: 'scored';
      points: number;
      maxPoints: number;
      highlight: HighlightScore<KeyItem>;
      /** For each extra span: the note on a passage left out of the key on purpose that it touches, if any. */
      extraNotes: (string | null)[];
    }
  | { exerciseId: string; kind: 'evidence'; status: 'scored'; points: number; maxPoints: number; evidence: EvidenceResult }
  | { exerciseId: string; kind: 'choice'; status: 'scored'; points: number; maxPoints: number; choice: ChoiceResult }
  | { exerciseId: string; kind: 'short-answer'; status: 'pending'; points: null; maxPoints: number; text: string };

/**
 * One step's result under a version of the scoring rules (today's unless told:
 * a stored result is explained by the rules that scored it, see rules.ts).
 */
export function scoreExercise(ex: Exercise, answer: Answer | undefined, rules: ScoringRules = CURRENT_RULES): ExerciseResult {
  switch (ex.kind) {
    case 'highlight': {
      const spans = answer && 'spans' in answer ? answer.spans : [];
      const highlight = scoreHighlights(ex.key, spans, {
        ...(rules.notesFree ? { notes: ex.notes } : {}),
        ...(rules.beyondChance ? { textLength: ex.textLength } : {}),
        wrongLabelCredit: rules.wrongLabelCredit ? (ex.wrongLabelCredit ?? DEFAULT_WRONG_LABEL_CREDIT) : 0,
        firstLabelOnly: !rules.severalLabels,
      });
      const extraNotes = highlight.extraSpans.map((s) => ex.notes.find((n) => n.start < s.end && s.start < n.end)?.note ?? null);
      return { exerciseId: ex.id, kind: 'highlight', status: 'scored', points: roundPoints(highlight.score * ex.points), maxPoints: ex.points, highlight, extraNotes };
    }
    case 'evidence': {
      const given = answer && 'claims' in answer ? answer.claims : {};
      const evidence = scoreEvidence(ex, given, rules);
      return { exerciseId: ex.id, kind: 'evidence', status: 'scored', points: roundPoints(evidence.fraction * ex.points), maxPoints: ex.points, evidence };
    }
    case 'choice': {
      const chosen = answer && 'choices' in answer ? answer.choices : [];
      const choice = scoreChoice(ex, chosen, rules);
      return { exerciseId: ex.id, kind: 'choice', status: 'scored', points: roundPoints(choice.fraction * ex.points), maxPoints: ex.points, choice };
    }
    case 'short-answer': {
      const text = answer && 'text' in answer ? answer.text : '';
      return { exerciseId: ex.id, kind: 'short-answer', status: 'pending', points: null, maxPoints: ex.points, text };
    }
  }
}

/**
 * A step's result scored under the rules that scored its stored result (today's for a
 * step not checked yet), so that its feedback explains the points it was given.
 */
export function scoreAsStored(ex: Exercise, answer: Answer | undefined, stored: { rulesVersion: number } | undefined): ExerciseResult {
  return scoreExercise(ex, answer, stored ? rulesOf(stored.rulesVersion) : CURRENT_RULES);
}

/** A problem with a submitted answer, phrased for the person who sent it. */
export class AnswerError extends LedeError {
  override name = 'AnswerError';
  constructor(message: string) {
    super('invalid_input', message);
  }
}

function checkSpans(ex: HighlightExercise, spans: readonly Span[], textLength: number): void {
  const labels = new Set(ex.labels.map((l) => l.id));
  spans.forEach((s, i) => {
    const where = `exercise "${ex.id}", span ${i + 1}`;
    if (!labels.has(s.label)) {
      throw new AnswerError(`${where}: unknown label "${s.label}" (this exercise's labels are ${[...labels].join(', ')})`);
    }
    if (s.end <= s.start) throw new AnswerError(`${where}: end (${s.end}) must be greater than start (${s.start})`);
    if (s.end > textLength) throw new AnswerError(`${where}: offsets ${s.start}-${s.end} are outside the text (${textLength} characters)`);
  });
}

/** Throws AnswerError when an answer does not fit its exercise. */
export function checkAnswer(lesson: Lesson, exerciseId: string, answer: Answer): Exercise {
  const ex = lesson.exercises.find((e) => e.id === exerciseId);
  if (!ex) {
    throw new AnswerError(`unknown exercise "${exerciseId}" (lesson "${lesson.id}" has ${lesson.exercises.map((e) => e.id).join(', ')})`);
  }
  switch (ex.kind) {
    case 'highlight':
      if (!('spans' in answer)) throw new AnswerError(`exercise "${ex.id}" is a highlight exercise: its answer must be { "spans": [...] }`);
      checkSpans(ex, answer.spans, lesson.text.length);
      break;
    case 'choice': {
      if (!('choices' in answer)) throw new AnswerError(`exercise "${ex.id}" is a choice question: its answer must be { "choices": [...] }`);
      const ids = new Set(ex.options.map((o) => o.id));
      const unknown = answer.choices.find((c) => !ids.has(c));
      if (unknown !== undefined) throw new AnswerError(`exercise "${ex.id}": unknown option "${unknown}" (options are ${[...ids].join(', ')})`);
      if (new Set(answer.choices).size !== answer.choices.length) throw new AnswerError(`exercise "${ex.id}": an option is chosen twice`);
      if (!ex.multiple && answer.choices.length > 1) throw new AnswerError(`exercise "${ex.id}" takes one answer, but ${answer.choices.length} were given`);
      break;
    }
    case 'short-answer':
      if (!('text' in answer)) throw new AnswerError(`exercise "${ex.id}" is a short-answer question: its answer must be { "text": "..." }`);
      break;
    case 'evidence': {
      if (!('claims' in answer)) throw new AnswerError(`exercise "${ex.id}" is an evidence step: its answer must be { "claims": { "claim-id": { "verdict": "..." } } }`);
      const claims = new Set(ex.claims.map((c) => c.id));
      const cards = new Set(ex.cards.map((c) => c.id));
      for (const [id, a] of Object.entries(answer.claims)) {
        if (!claims.has(id)) throw new AnswerError(`exercise "${ex.id}": unknown claim "${id}" (claims are ${[...claims].join(', ')})`);
        if (a.card !== undefined && !cards.has(a.card)) throw new AnswerError(`exercise "${ex.id}", claim "${id}": unknown card "${a.card}" (cards are ${[...cards].join(', ')})`);
      }
      break;
    }
  }
  return ex;
}

export interface AttemptScore {
  exercises: ExerciseResult[];
  /** Points from scored exercises. */
  points: number;
  /** Most points available from scored exercises. */
  maxPoints: number;
  /** Exercises still to be graded by the teacher. */
  pending: number;
}

export function scoreAttempt(lesson: Lesson, answers: Readonly<Record<string, Answer>>): AttemptScore {
  for (const [id, answer] of Object.entries(answers)) checkAnswer(lesson, id, answer);
  const exercises = lesson.exercises.map((ex) => scoreExercise(ex, answers[ex.id]));
  let points = 0;
  let maxPoints = 0;
  let pending = 0;
  for (const r of exercises) {
    if (r.status === 'pending') pending++;
    else {
      points += r.points;
      maxPoints += r.maxPoints;
    }
  }
  return { exercises, points: roundPoints(points), maxPoints, pending };
}
