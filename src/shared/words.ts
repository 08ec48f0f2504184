// Word boundaries of a lesson's canonical text: the one word splitter, used to snap
// selections to whole words and move a keyboard caret (reader), to shade a heat map
// (live dashboard, PDF report) and to place sample answers.

export interface Word {
  start: number;
  end: number;
}

const cache = new Map<string, { text: string; words: Word[] }>();

/** The words of `text`, in order (cached for the last few texts: a lesson's text is split once). */
export function segmentWords(text: string, language: string): Word[] {
  const hit = cache.get(language);
  if (hit && hit.text === text) return hit.words;
  const words = splitWords(text, language);
  if (cache.size > 8) cache.clear();
  cache.set(language, { text, words });
  return words;
}

function splitWords(text: string, language: string): Word[] {
  const words: Word[] = [];
  const seg = new Intl.Segmenter(language, { granularity: 'word' });
  for (const s of seg.segment(text)) {
    if (s.isWordLike) words.push({ start: s.index, end: s.index + s.segment.length });
  }
  return words;
}

/** Index of the first word that ends after `offset` (the word containing it, or the next one). */
export function wordAtOrAfter(words: readonly Word[], offset: number): number {
  let lo = 0;
  let hi = words.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (words[mid]!.end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c);

/**
 * Widens a selection so that no word is cut in half, and trims white space at its
 * edges. Punctuation the student selected on purpose is kept.
 */
export function snapToWords(text: string, words: readonly Word[], start: number, end: number): Word | null {
  if (end < start) [start, end] = [end, start];
  const first = words[wordAtOrAfter(words, start)];
  if (first && first.start < start && start < first.end) start = first.start;
  const lastIdx = wordAtOrAfter(words, end - 1);
  const last = words[lastIdx];
  if (last && last.start < end && end < last.end) end = last.end;
  while (start < end && isSpace(text[start])) start++;
  while (end > start && isSpace(text[end - 1])) end--;
  return end > start ? { start, end } : null;
}
