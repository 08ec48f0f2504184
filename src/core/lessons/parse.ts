import { createHash } from 'node:crypto';
import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import type { z } from 'zod';
import {
  countWords,
  type Block,
  type BlockKind,
  type Exercise,
  type KeySpan,
  type Lesson,
} from '../../shared/lesson.ts';
import { ExerciseFileSchema, FrontMatterSchema, RTL_LANGUAGES, type ExerciseFile, type FrontMatter } from './schema.ts';

/** A problem in a lesson file, reported as `file:line: message`. */
export interface Problem {
  file: string;
  line: number;
  message: string;
}

export type ParseResult = { ok: true; lesson: Lesson; problems: [] } | { ok: false; problems: Problem[] };

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}: ${p.message}`;
}

export const BLOCK_SEPARATOR = '\n\n';

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

/** Paragraphs are runs of non-blank lines (joined with one space); `## ` starts a subheading. */
function parseBody(split: Split, file: string, problems: Problem[]): RawBlock[] {
  const blocks: RawBlock[] = [];
  let current: { lines: string[]; line: number } | null = null;
  const flush = () => {
    if (!current) return;
    const first = current.lines[0] ?? '';
    if (/^#{2,6}\s/.test(first)) {
      const heading = current.lines.join(' ').replace(/^#{2,6}\s+/, '').replace(/\s+#+\s*$/, '').trim();
      blocks.push({ kind: 'subheading', text: heading, line: current.line });
    } else if (/^#\s/.test(first)) {
      problems.push({
        file,
        line: current.line,
        message: 'a "# " heading in the body: the headline belongs in the front matter as article.headline; use "## " for a subheading',
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
    if (current && /^#{1,6}\s/.test(line)) flush();
    if (!current) current = { lines: [], line: split.bodyFirstLine + i };
    current.lines.push(line);
    if (/^#{1,6}\s/.test(line)) flush();
  });
  flush();
  if (!blocks.some((b) => b.kind === 'paragraph')) {
    problems.push({ file, line: split.bodyFirstLine, message: 'the article has no body: write its paragraphs after the front matter' });
  }
  return blocks;
}

type PathSegment = PropertyKey;

/** The line of the YAML node at `path`, or of its nearest existing ancestor. */
function lineOf(doc: Document, path: readonly PathSegment[], lc: LineCounter, firstLine: number): number {
  let node: unknown = doc.contents;
  let best: unknown = node;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => {
        const k = p.key as { value?: unknown } | null;
        return k !== null && typeof k === 'object' && k.value === seg;
      });
      if (!pair) break;
      node = pair.value ?? pair.key;
      best = pair.value ?? pair.key;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      if (item === undefined) break;
      node = item;
      best = item;
    } else {
      break;
    }
  }
  const range = (best as YamlNode | null)?.range;
  if (!range) return firstLine;
  return lc.linePos(range[0]).line + firstLine - 1;
}

function describePath(path: readonly PathSegment[], fm: unknown): string {
  let out = '';
  let node: unknown = fm;
  for (const seg of path) {
    if (typeof seg === 'number') {
      const item = Array.isArray(node) ? node[seg] : undefined;
      const itemId = item && typeof item === 'object' && 'id' in item && typeof item.id === 'string' ? ` (${item.id})` : '';
      out += `[${seg + 1}]${itemId}`;
    } else {
      out += (out ? '.' : '') + String(seg);
    }
    node = node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[seg] : undefined;
  }
  return out;
}

function zodProblems(error: z.ZodError, doc: Document, data: unknown, lc: LineCounter, file: string, firstLine: number): Problem[] {
  return error.issues.map((issue) => {
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      message = `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
      const where = describePath(issue.path, data);
      const line = lineOf(doc, [...issue.path, issue.keys[0] ?? ''], lc, firstLine);
      return { file, line, message: where ? `${where}: ${message}` : message };
    }
    if (issue.code === 'invalid_type' && issue.input === undefined) {
      message = `${String(issue.path.at(-1) ?? 'value')} is required`;
    }
    const where = describePath(issue.path, data);
    return { file, line: lineOf(doc, issue.path, lc, firstLine), message: where ? `${where}: ${message}` : message };
  });
}

function buildBlocks(a: FrontMatter['article'], body: RawBlock[]): RawBlock[] {
  const meta: RawBlock[] = [{ kind: 'headline', text: a.headline, line: 0 }];
  if (a.standfirst) meta.push({ kind: 'standfirst', text: a.standfirst, line: 0 });
  if (a.byline) meta.push({ kind: 'byline', text: a.byline, line: 0 });
  if (a.image?.caption) meta.push({ kind: 'image', text: a.image.caption, line: 0 });
  if (a.image?.credit) meta.push({ kind: 'credit', text: a.image.credit, line: 0 });
  return [...meta, ...body];
}

function duplicateIds(items: { id: string }[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const { id } of items) (seen.has(id) ? dup : seen).add(id);
  return [...dup];
}

interface ResolveContext {
  file: string;
  problems: Problem[];
  text: string;
  norm: string;
  at: (path: PathSegment[]) => number;
}

/** The article's blocks joined into the canonical text, with each block's offsets. */
function canonicalText(article: FrontMatter['article'], body: RawBlock[]): { text: string; blocks: Block[] } {
  const blocks: Block[] = [];
  let text = '';
  for (const b of buildBlocks(article, body)) {
    if (text.length > 0) text += BLOCK_SEPARATOR;
    blocks.push({ kind: b.kind, start: text.length, end: text.length + b.text.length });
    text += b.text;
  }
  return { text, blocks };
}

/** One exercise of the file, checked, with its key quotes resolved to offsets. */
function resolveExercise(ex: ExerciseFile, ei: number, { file, problems, text, norm, at }: ResolveContext): Exercise {
  const here = (...rest: PathSegment[]) => at(['exercises', ei, ...rest]);
  switch (ex.kind) {
    case 'highlight': {
      for (const dup of duplicateIds(ex.labels)) {
        problems.push({ file, line: here('labels'), message: `exercise "${ex.id}": label id "${dup}" is used more than once` });
      }
      const labelIds = new Set(ex.labels.map((l) => l.id));
      const key: (KeySpan & { line: number })[] = [];
      ex.key.forEach((item, ki) => {
        const line = here('key', ki, 'quote');
        const shown = item.quote.length > 60 ? `${item.quote.slice(0, 57)}...` : item.quote;
        if (!labelIds.has(item.label)) {
          problems.push({
            file,
            line: here('key', ki, 'label'),
            message: `exercise "${ex.id}": label "${item.label}" is not one of this exercise's labels (${[...labelIds].join(', ')})`,
          });
        }
        const needle = normaliseForMatch(item.quote);
        const hits = findAll(norm, needle);
        if (hits.length === 0) {
          const loose = findAll(norm.toLowerCase(), needle.toLowerCase()).length > 0;
          problems.push({
            file,
            line,
            message: `exercise "${ex.id}": quote not found in the article: "${shown}"${loose ? ' (it is there with different capital letters)' : ''}`,
          });
          return;
        }
        let start: number;
        if (item.occurrence !== undefined) {
          const hit = hits[item.occurrence - 1];
          if (hit === undefined) {
            problems.push({
              file,
              line,
              message: `exercise "${ex.id}": occurrence ${item.occurrence} of "${shown}" asked for, but the quote appears ${hits.length === 1 ? 'once' : `${hits.length} times`}`,
            });
            return;
          }
          start = hit;
        } else if (hits.length > 1) {
          problems.push({
            file,
            line,
            message: `exercise "${ex.id}": quote "${shown}" is ambiguous: it appears ${hits.length} times; add "occurrence: N" (1 to ${hits.length}) to say which`,
          });
          return;
        } else {
          start = hits[0] as number;
        }
        const end = start + item.quote.length;
        key.push({ start, end, label: item.label, quote: text.slice(start, end), explanation: item.explanation, line });
      });
      // Same-label key spans must not overlap: each is explained separately.
      const sorted = [...key].sort((a, b) => a.label.localeCompare(b.label) || a.start - b.start);
      for (let i = 1; i < sorted.length; i++) {
        const prev = sorted[i - 1]!;
        const cur = sorted[i]!;
        if (prev.label === cur.label && cur.start < prev.end) {
          problems.push({
            file,
            line: cur.line,
            message: `exercise "${ex.id}": key span "${cur.quote.slice(0, 40)}" overlaps the "${cur.label}" span on line ${prev.line}; merge them into one`,
          });
        }
      }
      key.sort((a, b) => a.start - b.start || a.end - b.end);
      return {
        id: ex.id,
        kind: 'highlight',
        title: ex.title,
        prompt: ex.prompt,
        points: ex.points,
        itemName: ex.itemName ?? 'items in the key',
        labels: ex.labels,
        key: key.map(({ line: _line, ...k }) => k),
      };
    }
    case 'choice': {
      for (const dup of duplicateIds(ex.options)) {
        problems.push({ file, line: here('options'), message: `exercise "${ex.id}": option id "${dup}" is used more than once` });
      }
      const correct = ex.options.filter((o) => o.correct).length;
      if (!ex.multiple && correct !== 1) {
        problems.push({
          file,
          line: here('options'),
          message: `exercise "${ex.id}": a single-answer question needs exactly one correct option (it has ${correct}); or set "multiple: true"`,
        });
      } else if (ex.multiple && correct === 0) {
        problems.push({ file, line: here('options'), message: `exercise "${ex.id}": mark at least one option "correct: true"` });
      }
      return { id: ex.id, kind: 'choice', title: ex.title, prompt: ex.prompt, points: ex.points, multiple: ex.multiple, options: ex.options };
    }
    case 'short-answer': {
      const total = ex.rubric.reduce((s, r) => s + r.points, 0);
      return {
        id: ex.id,
        kind: 'short-answer',
        title: ex.title,
        prompt: ex.prompt,
        points: total,
        rubric: ex.rubric,
        ...(ex.modelAnswer !== undefined ? { modelAnswer: ex.modelAnswer } : {}),
      };
    }
  }
}

/** Parse and validate one lesson file. Every problem is reported, not just the first. */
export function parseLesson(rawSource: string, file: string): ParseResult {
  const problems: Problem[] = [];
  const hash = createHash('sha256').update(rawSource, 'utf8').digest('hex');
  const source = rawSource.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const split = splitFile(source, file, problems);
  if (!split) return { ok: false, problems };

  const body = parseBody(split, file, problems);
  const lc = new LineCounter();
  const doc = parseDocument(split.frontMatter, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const err of doc.errors) {
      const line = lc.linePos(err.pos[0]).line + split.frontMatterFirstLine - 1;
      problems.push({ file, line, message: `YAML: ${err.message.split('\n')[0]}` });
    }
    return { ok: false, problems };
  }
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
      const { text } = canonicalText(article.data, body);
      const ctx: ResolveContext = { file, problems, text, norm: normaliseForMatch(text), at };
      raw.forEach((r, ei) => {
        const ex = ExerciseFileSchema.safeParse(r);
        if (ex.success) resolveExercise(ex.data, ei, ctx);
      });
    }
    return { ok: false, problems: sortProblems(problems) };
  }
  const fm = parsed.data;

  const { text, blocks } = canonicalText(fm.article, body);
  const ctx: ResolveContext = { file, problems, text, norm: normaliseForMatch(text), at };

  // Exercises and their keys.
  for (const dup of duplicateIds(fm.exercises)) {
    const i = fm.exercises.findLastIndex((e) => e.id === dup);
    problems.push({ file, line: at(['exercises', i, 'id']), message: `exercise id "${dup}" is used more than once` });
  }
  const exercises: Exercise[] = fm.exercises.map((ex, ei) => resolveExercise(ex, ei, ctx));


  if (problems.length > 0) return { ok: false, problems: sortProblems(problems) };
  const direction = fm.direction ?? (RTL_LANGUAGES.has(fm.language.split('-')[0] ?? '') ? 'rtl' : 'ltr');
  const article = { ...fm.article };
  const lesson: Lesson = {
    id: fm.id,
    title: fm.title,
    ...(fm.summary !== undefined ? { summary: fm.summary } : {}),
    language: fm.language,
    direction,
    article,
    text,
    blocks,
    exercises,
    hash,
    wordCount: countWords(text),
  };
  return { ok: true, lesson, problems: [] };
}

function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort((a, b) => a.line - b.line);
}
