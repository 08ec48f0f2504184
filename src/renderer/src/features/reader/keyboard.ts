// The article's keyboard (README, "Keyboard"): given the words, the caret and a key,
// what the key does. Pure, so it is tested in Node; Article.tsx carries it out.
//
//   ← →            word by word (mirrored in right-to-left lessons)
//   ↑ ↓            previous / next paragraph (one without words is passed over)
//   Home End       start / end of the paragraph
//   Shift + those  select several words
//   1–9            label the selection (or the word at the caret)
//   Enter Space    on a highlight: open it; elsewhere: select the word
//   Delete ⌫       remove the highlight under the caret
//   Esc            cancel the selection
import { wordAtOrAfter, type Word } from '../../../../shared/words.ts';

export interface Span {
  start: number;
  end: number;
}

export interface ArticleLayout {
  /** The text's words, in order (segmentWords). */
  words: readonly Word[];
  /** The article's blocks (paragraphs, headline, …), in order. */
  blocks: readonly Span[];
  rtl: boolean;
  /** How many labels the step has: keys 1 to this label. */
  labelCount: number;
}

export interface Caret {
  /** The word the caret is on; null before the article was first focused (the first word). */
  caret: number | null;
  /** Where a Shift selection started; null when there is none. */
  anchor: number | null;
}

export interface KeyPress {
  key: string;
  shiftKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

export type KeyAction<H extends Span = Span> =
  /** The caret moved; `selection` (from `anchor` to `caret`, whole words) when Shift was held. */
  | { kind: 'move'; caret: number; anchor: number | null; selection: Span | null }
  /** Enter or Space on a word without a highlight: that word is selected. */
  | { kind: 'select'; caret: number; anchor: number; selection: Span }
  /** Enter or Space on a highlight: open it to change its label. */
  | { kind: 'open'; highlight: H }
  /** A digit: label with the `n`th label (1-based). */
  | { kind: 'label'; n: number }
  /** Delete or Backspace: remove this highlight (null: there is none under the caret). */
  | { kind: 'remove'; highlight: H | null }
  | { kind: 'cancel' };

const clamp = (i: number, n: number) => Math.max(0, Math.min(n - 1, i));

/** The block holding word `i` (or the last block starting before it). */
function blockOf(layout: ArticleLayout, i: number): number {
  const w = layout.words[i]!;
  const hit = layout.blocks.findIndex((b) => b.start <= w.start && w.start < b.end);
  if (hit >= 0) return hit;
  return Math.max(0, layout.blocks.findLastIndex((b) => b.start <= w.start));
}

function hasWords(layout: ArticleLayout, block: Span): boolean {
  const w = layout.words[wordAtOrAfter(layout.words, block.start)];
  return w !== undefined && w.start < block.end;
}

/** The word a movement key takes the caret to, or null when the key is not one. */
function target(layout: ArticleLayout, here: number, key: string): number | null {
  const { words, blocks, rtl } = layout;
  switch (key) {
    case 'ArrowRight':
      return here + (rtl ? -1 : 1);
    case 'ArrowLeft':
      return here + (rtl ? 1 : -1);
    case 'ArrowDown':
    case 'ArrowUp': {
      if (!blocks.length) return here;
      // The first word of the nearest paragraph that way that has one (this one's, at either end).
      const from = blockOf(layout, here);
      const step = key === 'ArrowDown' ? 1 : -1;
      let b = from + step;
      while (b >= 0 && b < blocks.length && !hasWords(layout, blocks[b]!)) b += step;
      return wordAtOrAfter(words, blocks[b >= 0 && b < blocks.length ? b : from]!.start);
    }
    case 'Home':
    case 'End': {
      const block = blocks[blockOf(layout, here)];
      if (!block) return here;
      // End: the last word that starts inside the block (the text may end with punctuation).
      return key === 'Home' ? wordAtOrAfter(words, block.start) : Math.max(wordAtOrAfter(words, block.start), wordAtOrAfter(words, block.end) - 1);
    }
    default:
      return null;
  }
}

/** The last of `highlights` that covers `offset` (the one drawn on top). */
export function highlightAt<H extends Span>(highlights: readonly H[], offset: number): H | undefined {
  return highlights.findLast((h) => h.start <= offset && offset < h.end);
}

/** What `press` does in the article, or null when the article leaves the key alone. */
export function keyAction<H extends Span>(layout: ArticleLayout, state: Caret, press: KeyPress, highlights: readonly H[]): KeyAction<H> | null {
  const { words } = layout;
  if (words.length === 0) return null;
  const here = clamp(state.caret ?? 0, words.length);
  const word = words[here]!;
  switch (press.key) {
    case 'Escape':
      return { kind: 'cancel' };
    case 'Delete':
    case 'Backspace':
      return { kind: 'remove', highlight: highlightAt(highlights, word.start) ?? null };
    case 'Enter':
    case ' ': {
      const hit = highlightAt(highlights, word.start);
      return hit ? { kind: 'open', highlight: hit } : { kind: 'select', caret: here, anchor: here, selection: { start: word.start, end: word.end } };
    }
  }
  const to = target(layout, here, press.key);
  if (to === null) {
    const n = Number(press.key);
    const digit = press.key.length === 1 && Number.isInteger(n) && n >= 1 && n <= layout.labelCount;
    return digit && !press.ctrlKey && !press.metaKey && !press.altKey ? { kind: 'label', n } : null;
  }
  const caret = clamp(to, words.length);
  if (!press.shiftKey) return { kind: 'move', caret, anchor: null, selection: null };
  const anchor = state.anchor === null ? here : clamp(state.anchor, words.length);
  const first = words[Math.min(anchor, caret)]!;
  const last = words[Math.max(anchor, caret)]!;
  return { kind: 'move', caret, anchor, selection: { start: first.start, end: last.end } };
}
