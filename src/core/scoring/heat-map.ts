import type { Span } from '../../shared/answers.ts';
import type { HighlightExercise } from '../../shared/lesson.ts';
import { wordAtOrAfter, type Word } from '../../shared/words.ts';
import { scoreExercise } from './attempt.ts';

// A highlight step's heat map: per word of the text, how many students marked any of
// it; per key item, how many found it. The one builder behind the live dashboard
// (kept up to date one attempt at a time) and the PDF report (built once).

/** What one attempt adds to a step's heat map. */
export interface HeatContribution {
  /** The words (indices into the text's words) its highlights touch, each once. */
  words: number[];
  /** The key items (indices into the step's key) it found. */
  found: number[];
  /** How many highlights it holds. */
  marks: number;
}

/** The indices of the words any of the spans touches (a word counts when a span covers any part of it), in order, each once. */
export function markedWords(words: readonly Word[], spans: readonly { start: number; end: number }[]): number[] {
  const seen = new Set<number>();
  for (const sp of spans) for (let w = wordAtOrAfter(words, sp.start); w < words.length && words[w]!.start < sp.end; w++) seen.add(w);
  return [...seen].sort((a, b) => a - b);
}

export function heatContribution(ex: HighlightExercise, words: readonly Word[], spans: readonly Span[]): HeatContribution {
  const found: number[] = [];
  const fb = scoreExercise(ex, { spans: spans as Span[] });
  if (fb.kind === 'highlight') fb.highlight.items.forEach((k, i) => k.status === 'found' && found.push(i));
  return { words: markedWords(words, spans), found, marks: spans.length };
}

/**
 * The heat map of one step over a set of attempts. Setting an attempt again takes
 * back its earlier contribution first, so an update costs what that attempt holds,
 * however many others there are.
 */
export class HeatMap {
  readonly exercise: HighlightExercise;
  readonly words: readonly Word[];
  /** Per word: how many attempts marked it. */
  readonly counts: Int32Array;
  /** Per key item: how many attempts found it. */
  readonly found: Int32Array;
  private readonly contrib = new Map<string, HeatContribution>();

  constructor(exercise: HighlightExercise, words: readonly Word[]) {
    this.exercise = exercise;
    this.words = words;
    this.counts = new Int32Array(words.length);
    this.found = new Int32Array(exercise.key.length);
  }

  /** The attempt's highlights in this step are now `spans`. */
  set(attemptId: string, spans: readonly Span[]): void {
    const old = this.contrib.get(attemptId);
    if (old) {
      for (const w of old.words) this.counts[w]!--;
      for (const k of old.found) this.found[k]!--;
    }
    const next = heatContribution(this.exercise, this.words, spans);
    for (const w of next.words) this.counts[w]!++;
    for (const k of next.found) this.found[k]!++;
    this.contrib.set(attemptId, next);
  }

  has(attemptId: string): boolean {
    return this.contrib.has(attemptId);
  }

  /** How many highlights the attempt holds in this step (0 when it has not been set). */
  marks(attemptId: string): number {
    return this.contrib.get(attemptId)?.marks ?? 0;
  }

  /** The most attempts that marked any one word. */
  max(): number {
    let max = 0;
    for (const c of this.counts) if (c > max) max = c;
    return max;
  }

  /** Every word as [start, end, how many marked it]. */
  allWords(): [number, number, number][] {
    return this.words.map((w, i) => [w.start, w.end, this.counts[i]!]);
  }

  /** The words someone marked, as [start, end, how many marked it]. */
  markedWords(): [number, number, number][] {
    const out: [number, number, number][] = [];
    this.words.forEach((w, i) => {
      const c = this.counts[i]!;
      if (c > 0) out.push([w.start, w.end, c]);
    });
    return out;
  }
}
