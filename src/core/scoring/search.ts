import type { SearchExercise, SearchQuestion } from '../../shared/lesson.ts';

// A search step (lateral reading, click restraint): for each question, the student
// chooses which result of a simulated results page to open first, and why.

/** What the student chose for one question. */
export interface SearchPick {
  result: string;
  reason?: string | undefined;
}

/** The share of a question the first click earns: 1 for the best result, the teacher's share for an acceptable one, else 0. */
export function clickCredit(q: Pick<SearchQuestion, 'best' | 'partial'>, result: string | undefined): number {
  if (result === undefined) return 0;
  if (result === q.best) return 1;
  return Object.hasOwn(q.partial, result) ? (q.partial[result] ?? 0) : 0;
}

/**
 * One question's credit: the click's credit, of which the reason is worth
 * `reasonShare`: click × (1 − reasonShare + reasonShare × [reason is right]).
 * A right reason earns nothing for a click that earns nothing (a good reason for
 * a poor click is no reason for it); the best click with a wrong reason (or none)
 * earns 1 − reasonShare.
 */
export function questionCredit(q: Pick<SearchQuestion, 'best' | 'partial' | 'reasons'>, reasonShare: number, pick: SearchPick | undefined): number {
  const click = clickCredit(q, pick?.result);
  const right = pick?.reason !== undefined && q.reasons.some((r) => r.id === pick.reason && r.correct);
  return click * (1 - reasonShare + (right ? reasonShare : 0));
}

export interface SearchQuestionResult {
  id: string;
  page: string;
  query: string;
  goal: string;
  /** What the student chose (null: nothing). */
  result: string | null;
  reason: string | null;
  /** The click's share (0..1) and the question's (0..1). */
  clickCredit: number;
  credit: number;
  /** Every result of the page, with what it earns as a first click and why. */
  results: { id: string; title: string; url: string; snippet: string; credit: number; feedback: string }[];
  reasons: { id: string; text: string; correct: boolean; feedback: string }[];
}

export interface SearchScore {
  /** 0..1: the mean question credit. */
  fraction: number;
  questions: SearchQuestionResult[];
}

export function scoreSearch(ex: SearchExercise, given: Readonly<Record<string, SearchPick>>): SearchScore {
  const questions = ex.questions.map((q): SearchQuestionResult => {
    const pick = Object.hasOwn(given, q.id) ? given[q.id] : undefined;
    const page = ex.pages.find((p) => p.id === q.page);
    return {
      id: q.id,
      page: q.page,
      query: page?.query ?? '',
      goal: q.goal,
      result: pick?.result ?? null,
      reason: pick?.reason ?? null,
      clickCredit: clickCredit(q, pick?.result),
      credit: questionCredit(q, ex.reasonShare, pick),
      results: (page?.results ?? []).map((r) => ({ id: r.id, title: r.title, url: r.url, snippet: r.snippet, credit: clickCredit(q, r.id), feedback: q.feedback[r.id] ?? '' })),
      reasons: q.reasons.map((r) => ({ id: r.id, text: r.text, correct: r.correct, feedback: r.feedback })),
    };
  });
  const fraction = questions.length === 0 ? 0 : questions.reduce((n, q) => n + q.credit, 0) / questions.length;
  return { fraction, questions };
}
