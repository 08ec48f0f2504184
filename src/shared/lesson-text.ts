import type { Block, BlockKind } from './lesson.ts';

// The canonical text of a lesson's article, and finding a key's quotes in it: the
// one definition used by the lesson parser (backend) and the lesson studio's editor
// (renderer), so an item the editor paints is where the parser will find it.

export const BLOCK_SEPARATOR = '\n\n';

/** What of the front matter's `article` goes into the text, before the body. */
export interface ArticleHead {
  headline: string;
  standfirst?: string | undefined;
  byline?: string | undefined;
  image?: { caption?: string | undefined; credit?: string | undefined } | undefined;
}

export interface BodyBlock {
  kind: BlockKind;
  text: string;
}

/** The article's blocks in reading order: headline, standfirst, byline, image caption and credit, then the body. */
export function articleBlocks<B extends BodyBlock>(a: ArticleHead, body: readonly B[]): (B | BodyBlock)[] {
  const meta: BodyBlock[] = [{ kind: 'headline', text: a.headline }];
  if (a.standfirst) meta.push({ kind: 'standfirst', text: a.standfirst });
  if (a.byline) meta.push({ kind: 'byline', text: a.byline });
  if (a.image?.caption) meta.push({ kind: 'image', text: a.image.caption });
  if (a.image?.credit) meta.push({ kind: 'credit', text: a.image.credit });
  return [...meta, ...body];
}

/** The article's blocks joined into the canonical text, with each block's offsets. */
export function lessonText(a: ArticleHead, body: readonly BodyBlock[]): { text: string; blocks: Block[] } {
  const blocks: Block[] = [];
  let text = '';
  for (const b of articleBlocks(a, body)) {
    if (text.length > 0) text += BLOCK_SEPARATOR;
    blocks.push({ kind: b.kind, start: text.length, end: text.length + b.text.length });
    text += b.text;
  }
  return { text, blocks };
}

/**
 * Typographic variants that a teacher may type plainly in a key: curly quotes and
 * apostrophes, and non-breaking spaces. Each maps one UTF-16 unit to one, so an
 * offset in the normalised text is an offset in the original.
 */
const MATCH_EQUIVALENTS: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201A': "'",
  '\u2032': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '\u2033': '"',
  '\u00A0': ' ',
  '\u202F': ' ',
  '\n': ' ',
  '\t': ' ',
};

/** The text with typographic variants made plain, one UTF-16 unit for one (offsets are kept). */
export function normaliseForMatch(s: string): string {
  return s.replace(/[\u2018\u2019\u201A\u2032\u201C\u201D\u201E\u2033\u00A0\u202F\n\t]/g, (c) => MATCH_EQUIVALENTS[c] ?? c);
}

/** Every start offset of `needle` in `haystack` (both already normalised), overlapping allowed. */
export function findAll(haystack: string, needle: string): number[] {
  const found: number[] = [];
  if (needle.length === 0) return found;
  let at = haystack.indexOf(needle);
  while (at !== -1) {
    found.push(at);
    at = haystack.indexOf(needle, at + 1);
  }
  return found;
}

/**
 * Where a key's quote is: the offset of its one occurrence, or of the occurrence it
 * names (counting from 1). Undefined when it is not there, not there that often, or
 * there several times with no occurrence given.
 */
export function locateQuote(text: string, quote: string, occurrence?: number, norm: string = normaliseForMatch(text)): number | undefined {
  const hits = findAll(norm, normaliseForMatch(quote));
  if (occurrence !== undefined) return hits[occurrence - 1];
  return hits.length === 1 ? hits[0] : undefined;
}

/** How a key names `text[start, end)`: its words, and which occurrence they are when they appear more than once. */
export function quoteAt(text: string, start: number, end: number, norm: string = normaliseForMatch(text)): { quote: string; occurrence?: number } {
  const quote = text.slice(start, end);
  const hits = findAll(norm, normaliseForMatch(quote));
  if (hits.length <= 1) return { quote };
  return { quote, occurrence: hits.indexOf(start) + 1 };
}
