import { createHash } from 'node:crypto';
import { Document, isScalar, Scalar, visit } from 'yaml';
import type { ExerciseFile } from '../lessons/schema.ts';
import { languageOfScript, type ExtractedArticle } from './extract.ts';
import { HIGHLIGHT_TEMPLATES } from './templates.ts';

// A new lesson file written from an extracted article: the article in the front
// matter and body, and the three highlight steps with their label sets and empty
// keys, ready for key items. Written with the yaml Document API, so the file reads
// like a hand-written one (long texts as folded blocks, comments where a teacher
// needs them) and parses back to exactly what was written.

/** Long texts as folded blocks ("prompt: >-"), which need no quoting, as a teacher writes them. */
export function foldLongText(doc: Document): void {
  visit(doc, {
    Scalar(_, node) {
      if (isScalar(node) && typeof node.value === 'string' && node.value.length > 70 && !node.value.includes('\n')) node.type = Scalar.BLOCK_FOLDED;
    },
  });
}

/** A lesson id from a headline: lower-case letters and digits, single hyphens. */
export function lessonIdFrom(headline: string): string {
  const slug = headline
    .replace(/['’]s\b/g, '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .split('-')
    .slice(0, 5)
    .join('-');
  // A headline with no Latin letters (Arabic, Chinese …) still gets an id of its own.
  return slug || `lesson-${createHash('sha256').update(headline).digest('hex').slice(0, 6)}`;
}

export interface DraftOptions {
  id?: string;
  /** Where the article came from, for the comment at the top ("riverton.html"). */
  from?: string;
  /** When it was drafted (ISO date), for the same comment. */
  date?: string;
  /** The steps to start with (the three highlight steps when not given). */
  steps?: readonly ExerciseFile[];
}

/**
 * The article's body as a lesson file writes it: paragraphs and "## " subheadings with a
 * blank line between. A paragraph that begins with "#" or "\\" is written with a "\\" in
 * front (else it would read as a heading); a subheading that ends in "#" gets a closing
 * " #" so the "#" stays its own.
 */
export function bodyText(blocks: readonly { kind: 'paragraph' | 'subheading'; text: string }[], nl = '\n'): string {
  return blocks
    .map((b) => (b.kind === 'subheading' ? `## ${b.text}${/#\s*$/.test(b.text) ? ' #' : ''}` : /^[#\\]/.test(b.text) ? `\\${b.text}` : b.text))
    .join(nl + nl);
}

/** The YAML front matter and body of a new lesson file, as text. */
export function draftLessonSource(article: ExtractedArticle, opts: DraftOptions = {}): string {
  const kept = article.blocks.filter((b) => !b.debris);
  const language = article.language ?? languageOfScript([article.headline, ...kept.map((b) => b.text)].join(' '));
  const dropped = article.blocks.filter((b) => b.debris);
  const a: Record<string, unknown> = { headline: article.headline };
  if (article.standfirst) a.standfirst = article.standfirst;
  if (article.outlet) a.outlet = article.outlet;
  if (article.byline) a.byline = article.byline;
  if (article.date) a.date = article.date;
  if (article.url) a.url = article.url;
  if (article.image) a.image = { ...article.image };
  const data = {
    lede: 1,
    id: opts.id ?? lessonIdFrom(article.headline),
    title: article.headline,
    // Known from the page, or told by the script (Arabic, Hebrew: right to left); otherwise left to the teacher.
    ...(language ? { language } : {}),
    article: a,
    exercises: (opts.steps ?? HIGHLIGHT_TEMPLATES).map((step) => {
      if (step.kind !== 'highlight') return step;
      const { notes: _notes, ...rest } = step;
      return { ...rest, key: [] };
    }),
  };
  const doc = new Document(data);
  const top = [
    ` Lede lesson file${opts.from ? `, drafted from ${opts.from}` : ''}${opts.date ? ` on ${opts.date}` : ''}.`,
    ' Format: lessons/README.md. Check it with: npx lede lesson check <this file>',
    ' Check the article below against the original, then add key items to each step.',
  ];
  if (dropped.length) top.push(` Left out as page furniture: ${dropped.map((b) => JSON.stringify(b.text)).join(', ')}.`);
  doc.commentBefore = top.join('\n');
  foldLongText(doc);
  // Empty keys as [].
  visit(doc, {
    Seq(_, node) {
      if (node.items.length === 0) node.flow = true;
    },
  });
  const exercises = doc.get('exercises', true) as { items: { commentBefore?: string }[] } | undefined;
  const first = exercises?.items[0];
  if (first) first.commentBefore = ' Each key item: a quote from the article, its label and an explanation (see lessons/README.md).';
  const front = doc.toString({ lineWidth: 88 }).trimEnd();
  return `---\n${front}\n---\n\n${bodyText(kept)}\n`;
}

/** `lede lesson new`: a lesson to fill in, with a comment on every part a teacher writes. */
export function lessonTemplate(): string {
  const source = draftLessonSource(
    {
      format: 'text',
      headline: 'The headline, exactly as published',
      byline: 'The writer, as the page names them',
      blocks: [
        { kind: 'paragraph', text: 'Paste the article here, exactly as published: one paragraph per block, with a blank line between paragraphs.' },
        { kind: 'subheading', text: 'A subheading starts with two hashes and a space' },
        { kind: 'paragraph', text: 'The last paragraph. Keep the article’s own words, spelling and punctuation: the key quotes it.' },
      ],
    },
    { id: 'my-lesson' },
  );
  const guide = [
    '# A new Lede lesson. Fill in the parts below, then check it: npx lede lesson check <this file>',
    '# - id: lower-case letters, digits and single hyphens, unique in the lessons folder.',
    '# - article: headline (required); standfirst, outlet, byline, date, url and',
    '#   image: { caption, credit } when the page gives them: say nothing rather than guess.',
    '# - each step\'s key: items with a quote from the article, a label and an explanation;',
    '#   an item found in several places lists its mentions, each with the words that',
    '#   identify it as its core. The whole format, with a complete example: lessons/README.md.',
    '# - choice, short-answer and evidence steps can be added after these three.',
  ].join('\n');
  return source.replace(/^---\n/, `---\n${guide}\n`);
}
