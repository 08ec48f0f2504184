// `lede lesson draft` and `lede lesson new`: write a new lesson file (never over an existing one).
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { LedeError } from '../shared/errors.ts';
import { draftLessonSource, lessonTemplate } from '../core/studio/draft.ts';
import { MAX_ARTICLE_BYTES } from '../core/studio/extract.ts';
import { readArticle, useReadProcess } from '../core/imports/read.ts';
import { proposeKeyItems } from '../core/studio/assistant.ts';
import { loadLessonFile, MAX_LESSON_BYTES } from '../core/lessons/load.ts';
import { formatProblem, parseLesson } from '../core/lessons/parse.ts';
import { CliError, type Io } from './io.ts';
import { readInChild } from './read-process.ts';

/** The --out file of `lede lesson draft|new`: required, and never an existing file (nothing is overwritten). */
export function outOf(argv: string[], sub: string): string {
  const { values } = parseArgs({ args: argv, allowPositionals: true, strict: false, options: { out: { type: 'string' } } });
  const out = typeof values.out === 'string' ? values.out : undefined;
  if (!out) throw new CliError(`lede lesson ${sub}: say where to write the lesson with --out <file.md>`);
  if (!/\.md$/i.test(out)) throw new CliError(`${out}: a lesson file's name ends in .md`);
  if (basename(out).startsWith('.')) throw new CliError(`${out}: a name starting with "." is a hidden file, which the lessons folder skips; choose another name`);
  if (existsSync(out)) throw new CliError(`${out} already exists; choose another name (nothing was written)`);
  return out;
}

function writeLesson(out: string, source: string, io: Io, json = false): number {
  // Checked before anything is written: a lesson that would not load is not written at all.
  if (Buffer.byteLength(source) > MAX_LESSON_BYTES) throw new CliError(`${out} was not written: the article is longer than a lesson file may be (${MAX_LESSON_BYTES / 1024 / 1024} MB)`);
  const pre = parseLesson(source, out);
  if (!pre.ok) throw new CliError(`${out} was not written: ${pre.problems[0]?.message ?? 'the article does not make a valid lesson'}`);
  try {
    writeFileSync(out, source, { flag: 'wx' });
  } catch (err) {
    throw new CliError(`${out}: cannot be written (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const r = loadLessonFile(out);
  if (!r.ok) {
    // Cannot happen for a file Lede wrote; say so plainly if it does.
    for (const p of r.problems) io.err(formatProblem(p));
    return 1;
  }
  if (json) {
    // The assistant's proposals, with offsets into the canonical text of the file just written.
    const suggestions = proposeKeyItems(r.loaded.lesson).map(({ exercise, start, end, quote, label, reason }) => ({ exercise, start, end, quote, label, reason }));
    io.out(JSON.stringify({ file: out, suggestions }, null, 2));
    return 0;
  }
  io.out(`${out}: written — "${r.loaded.lesson.title}", ${r.loaded.lesson.wordCount} words; add key items, then check it with: lede lesson check ${out}`);
  return 0;
}

export async function lessonDraft(articleFile: string, out: string, json: boolean, io: Io): Promise<number> {
  // Under a heap flag, files from elsewhere are read in a process of their own (src/cli/read-process.ts).
  useReadProcess(readInChild);
  let bytes: Buffer;
  try {
    if (statSync(articleFile).size > MAX_ARTICLE_BYTES) throw new CliError(`${articleFile}: larger than ${MAX_ARTICLE_BYTES / 1024 / 1024} MB; not an article`);
    bytes = readFileSync(articleFile);
  } catch (err) {
    if (err instanceof CliError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(`${articleFile}: ${code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? 'error'})`}`);
  }
  let article;
  try {
    // Read apart, within the same budget as the studio's (src/core/imports/read.ts).
    article = await readArticle(basename(articleFile), bytes);
  } catch (err) {
    if (err instanceof LedeError) throw new CliError(`${articleFile}: ${err.message}`);
    throw err;
  }
  return writeLesson(out, draftLessonSource(article, { from: basename(articleFile), date: new Date().toISOString().slice(0, 10) }), io, json);
}

export function lessonNew(out: string, io: Io): number {
  return writeLesson(out, lessonTemplate(), io);
}
