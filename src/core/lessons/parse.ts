import { createHash } from 'node:crypto';
import { LineCounter, parseDocument, visit } from 'yaml';
import { lessonText } from '../../shared/lesson-text.ts';
import { countWords, type BlockKind, type Exercise, type Lesson } from '../../shared/lesson.ts';
import { lineOf, sortProblems, zodProblems, type PathSegment, type Problem } from './problems.ts';
import { duplicateIds, KEY_ITEM_INDEX, normaliseForMatch, resolveExercise, type ResolveContext } from './resolve.ts';
import { ExerciseFileSchema, FrontMatterSchema, RTL_LANGUAGES } from './schema.ts';
import { yamlErrorMessage } from './yaml-errors.ts';
import { yamlWarnings } from './yaml-warnings.ts';

// A lesson file (documented in lessons/README.md): YAML front matter, then the
// article's body. Parsed into the lesson the app shows and scores against; every
// problem is reported as file:line: message (problems.ts), and each exercise's key
// is resolved to offsets in the article's text (resolve.ts).

export { formatProblem, type Problem } from './problems.ts';

/** Words by which an option points at others by their place ("Both of the above", "the first answer"). */
const POSITIONAL = /\b(?:above|below)\b|\b(?:first|second|third|fourth|last|previous|next|other two|top|bottom)\s+(?:option|answer|choice|statement|one)s?\b|\b(?:option|answer|choice)\s+(?:[a-h1-9])\b/i;

/** `warnings` are values YAML reads without complaint but not as meant: the lesson still loads. */
export type ParseResult = { ok: true; lesson: Lesson; problems: []; warnings: Problem[] } | { ok: false; problems: Problem[]; warnings?: Problem[] };

export { BLOCK_SEPARATOR } from '../../shared/lesson-text.ts';

interface RawBlock {
  kind: BlockKind;
  text: string;
  line: number;
}

interface Split {
  frontMatter: string;
  frontMatterFirstLine: number;
  body: string[];
  bodyFirstLine: number;
}

function splitFile(source: string, file: string, problems: Problem[]): Split | null {
  const lines = source.split('\n');
  if (lines[0]?.trimEnd() !== '---') {
    problems.push({
      file,
      line: 1,
      message: 'not a Lede lesson: the file must start with a "---" line that opens the YAML front matter',
    });
    return null;
  }
  const close = lines.findIndex((l, i) => i > 0 && (l.trimEnd() === '---' || l.trimEnd() === '...'));
  if (close === -1) {
    problems.push({ file, line: 1, message: 'the front matter opened on line 1 is never closed by a "---" line' });
    return null;
  }
  return {
    frontMatter: lines.slice(1, close).join('\n'),
    frontMatterFirstLine: 2,
    body: lines.slice(close + 1),
    bodyFirstLine: close + 2,
  };
}

/**
 * Paragraphs are runs of non-blank lines (joined with one space); `## ` starts a
 * subheading. A line that begins with `\#` is text that begins with "#".
 */
function parseBody(split: Split, file: string, problems: Problem[]): RawBlock[] {
  const blocks: RawBlock[] = [];
  let current: { lines: string[]; line: number; heading: 'sub' | 'top' | null } | null = null;
  const flush = () => {
    if (!current) return;
    if (current.heading === 'sub') {
      const heading = current.lines.join(' ').replace(/^#{2,6}\s+/, '').replace(/\s+#+\s*$/, '').trim();
      blocks.push({ kind: 'subheading', text: heading, line: current.line });
    } else if (current.heading === 'top') {
      problems.push({
        file,
        line: current.line,
        message: 'a "# " heading in the body: the headline belongs in the front matter as article.headline; use "## " for a subheading (or write \\# for a paragraph that starts with "#")',
      });
    } else {
      blocks.push({ kind: 'paragraph', text: current.lines.join(' '), line: current.line });
    }
    current = null;
  };
  split.body.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') {
      flush();
      return;
    }
    // A leading backslash escapes the line: "\\# 1" is the text "# 1", "\\\\x" is "\\x".
    const literal = line.startsWith('\\');
    const heading = !literal && /^#{1,6}\s/.test(line) ? (/^#\s/.test(line) ? 'top' : 'sub') : null;
    if (current && heading) flush();
    if (!current) current = { lines: [], line: split.bodyFirstLine + i, heading };
    current.lines.push(literal ? line.slice(1) : line);
    if (heading) flush();
  });
  flush();
  if (!blocks.some((b) => b.kind === 'paragraph')) {
    problems.push({ file, line: split.bodyFirstLine, message: 'the article has no body: write its paragraphs after the front matter' });
  }
  return blocks;
}

/** The article's body of a lesson file (paragraphs and subheadings), or null when the file has no front matter. */
export function lessonBody(rawSource: string): { kind: 'paragraph' | 'subheading'; text: string }[] | null {
  const source = rawSource.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const split = splitFile(source, 'lesson', []);
  if (!split) return null;
  return parseBody(split, 'lesson', []).map((b) => ({ kind: b.kind === 'subheading' ? 'subheading' : 'paragraph', text: b.text }));
}

/** Parse and validate one lesson file. Every problem is reported, not just the first. */
/** The largest a lesson may be once read (JSON): the seed lesson, the longest shipped, is 0.05 MB. */
export const MAX_LESSON_JSON_BYTES = 4 * 1024 * 1024;

/** The longest list in a lesson file (key items, options, claims, cards …): the seed's longest has 32. */
export const MAX_LIST_ITEMS = 1_000;
/** The most fields one block (an exercise, a key item …) may have: the largest has about 20. */
export const MAX_BLOCK_FIELDS = 100;

export function parseLesson(rawSource: string, file: string): ParseResult {
  try {
    return parseLessonUnguarded(rawSource, file);
  } catch (err) {
    // Whatever a file holds, checking it ends in problems, never in an error that stops Lede.
    if (err instanceof RangeError) return { ok: false, problems: [{ file, line: 1, message: 'the lesson is too large or too deeply nested to check: write it as the lesson guide shows' }] };
    throw err;
  }
}

function parseLessonUnguarded(rawSource: string, file: string): ParseResult {
  const problems: Problem[] = [];
  const hash = createHash('sha256').update(rawSource, 'utf8').digest('hex');
  const source = rawSource.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const split = splitFile(source, file, problems);
  if (!split) return { ok: false, problems };

  const body = parseBody(split, file, problems);
  // An article with no body: every quote of every key would be "not found", so say only that.
  if (!body.some((b) => b.kind === 'paragraph')) return { ok: false, problems };
  const lc = new LineCounter();
  const doc = parseDocument(split.frontMatter, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const firstError = doc.errors[0];
  if (firstError) {
    // Only the first: the errors after a YAML mistake usually follow from it.
    const { at, message } = yamlErrorMessage(firstError, split.frontMatter.split('\n'), lc.linePos(firstError.pos[0]).line);
    return { ok: false, problems: [{ file, line: at + split.frontMatterFirstLine - 1, message }] };
  }
  // An alias (*name) repeats a value written once: a small file could grow without bound (the audit's 1.8 MB file of
  // 99 aliased options made a 170 MB lesson). Every text of a lesson is written out where it is used.
  let alias: number | undefined;
  visit(doc, {
    Alias(_key, node) {
      alias = node.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  if (alias !== undefined) {
    return {
      ok: false,
      problems: [{ file, line: lc.linePos(alias).line + split.frontMatterFirstLine - 1, message: 'a YAML alias (*name) repeats text written elsewhere: lesson files write each text out in full where it is used' }],
    };
  }
  // A list or a block far longer than any lesson's is refused before it is checked field by field
  // (200,000 options in 2 MB made the checker's list of problems overflow its stack).
  let long: { at: number; message: string } | undefined;
  visit(doc, {
    Seq(_key, node) {
      if (node.items.length <= MAX_LIST_ITEMS) return undefined;
      long = { at: node.range?.[0] ?? 0, message: `a list of ${node.items.length.toLocaleString('en-US')} items: a lesson's lists hold at most ${MAX_LIST_ITEMS.toLocaleString('en-US')}` };
      return visit.BREAK;
    },
    Map(_key, node) {
      if (node.items.length <= MAX_BLOCK_FIELDS) return undefined;
      long = { at: node.range?.[0] ?? 0, message: `a block of ${node.items.length.toLocaleString('en-US')} fields: a lesson's blocks have at most ${MAX_BLOCK_FIELDS}` };
      return visit.BREAK;
    },
  });
  if (long) return { ok: false, problems: [{ file, line: lc.linePos(long.at).line + split.frontMatterFirstLine - 1, message: long.message }] };
  const warnings = yamlWarnings(doc, split.frontMatter, lc, file, split.frontMatterFirstLine);
  const data: unknown = doc.toJS();
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    problems.push({ file, line: split.frontMatterFirstLine, message: 'the front matter must be a set of "field: value" lines' });
    return { ok: false, problems };
  }
  const parsed = FrontMatterSchema.safeParse(data);
  const at = (path: PathSegment[]) => lineOf(doc, path, lc, split.frontMatterFirstLine);
  if (!parsed.success) {
    problems.push(...zodProblems(parsed.error, doc, data, lc, file, split.frontMatterFirstLine));
    // Go on where the file allows, so that one check shows every problem: the key
    // quotes of each exercise that is valid by itself, against the article if it is.
    const article = FrontMatterSchema.shape.article.safeParse((data as { article?: unknown }).article);
    const raw = (data as { exercises?: unknown }).exercises;
    if (article.success && Array.isArray(raw)) {
      const { text } = lessonText(article.data, body);
      const ctx: ResolveContext = { file, problems, text, norm: normaliseForMatch(text), at };
      raw.forEach((r, ei) => {
        const ex = ExerciseFileSchema.safeParse(r);
        if (ex.success) resolveExercise(ex.data, ei, ctx);
      });
    }
    return { ok: false, problems: sortProblems(problems), warnings };
  }
  const fm = parsed.data;

  const { text, blocks } = lessonText(fm.article, body);
  const ctx: ResolveContext = { file, problems, text, norm: normaliseForMatch(text), at };

  // Exercises and their keys.
  for (const dup of duplicateIds(fm.exercises)) {
    const i = fm.exercises.findLastIndex((e) => e.id === dup);
    problems.push({ file, line: at(['exercises', i, 'id']), message: `exercise id "${dup}" is used more than once` });
  }
  const exercises: Exercise[] = fm.exercises.map((ex, ei) => resolveExercise(ex, ei, ctx));
  fm.exercises.forEach((ex, ei) => {
    if (ex.kind === 'highlight' && ex.key.length === 0) {
      warnings.push({ file, line: at(['exercises', ei, 'key']), message: `exercise "${ex.id}" has no key items yet: a student who checks it has nothing to find, so add them before a class uses this lesson` });
    }
    // Students see the options shuffled: one that points at others by their place reads wrongly.
    if (ex.kind === 'choice') {
      ex.options.forEach((o, oi) => {
        if (o.fixed || !POSITIONAL.test(o.text)) return;
        warnings.push({
          file,
          line: at(['exercises', ei, 'options', oi, 'text']),
          message: `exercise "${ex.id}": option "${o.id}" points at other options by their place, but each student sees the options in an order of their own: name what it means in words, or keep it in its position with "fixed: true"`,
        });
      });
    }
  });


  if (problems.length > 0) return { ok: false, problems: sortProblems(problems), warnings };
  // Two items of a step whose identifying words overlap under different labels: a student marks words with one
  // label only, so one of the two can never be found.
  exercises.forEach((ex, ei) => {
    if (ex.kind !== 'highlight') return;
    const labelName = (id: string) => ex.labels.find((l) => l.id === id)?.name ?? id;
    ex.key.forEach((b, bi) => {
      const clash = ex.key.findIndex(
        (a, ai) => ai < bi && a.label !== b.label && a.mentions.some((m) => b.mentions.some((n) => m.coreStart < n.coreEnd && n.coreStart < m.coreEnd)),
      );
      if (clash === -1) return;
      const a = ex.key[clash]!;
      const words = text.slice(b.mentions[0]!.coreStart, b.mentions[0]!.coreEnd);
      warnings.push({
        file,
        line: at(['exercises', ei, 'key', KEY_ITEM_INDEX.get(b) ?? bi]),
        message: `exercise "${ex.id}": the identifying words of "${words.length > 40 ? `${words.slice(0, 37)}...` : words}" overlap those of another item, under the labels "${labelName(a.label)}" and "${labelName(b.label)}": a student marks words with one label, so one of the two items can never be found`,
      });
    });
  });
  const direction = fm.direction ?? (RTL_LANGUAGES.has(fm.language.split('-')[0] ?? '') ? 'rtl' : 'ltr');
  const article = { ...fm.article };
  const lesson: Lesson = {
    id: fm.id,
    title: fm.title,
    ...(fm.summary !== undefined ? { summary: fm.summary } : {}),
    practice: fm.practice,
    ...(fm.reaction ? { reaction: true } : {}),
    language: fm.language,
    direction,
    article,
    text,
    blocks,
    exercises,
    hash,
    wordCount: countWords(text),
  };
  // What a student's client is sent is bounded too (the public lesson is a part of this).
  const size = Buffer.byteLength(JSON.stringify(lesson), 'utf8');
  if (size > MAX_LESSON_JSON_BYTES) {
    return { ok: false, problems: [{ file, line: 1, message: `the lesson is ${(size / 1048576).toFixed(1)} MB once read; a lesson may be at most ${MAX_LESSON_JSON_BYTES / 1048576} MB (shorten its texts or split it into two lessons)` }], warnings };
  }
  return { ok: true, lesson, problems: [], warnings };
}
