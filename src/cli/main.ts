import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { AnswersFileSchema } from '../shared/answers.ts';
import { LedeError } from '../shared/errors.ts';
import { draftLessonSource, lessonTemplate } from '../core/studio/draft.ts';
import { MAX_ARTICLE_BYTES } from '../core/studio/extract.ts';
import { readArticle, useReadProcess } from '../core/imports/read.ts';
import { readInChild } from './read-process.ts';
import { proposeKeyItems } from '../core/studio/assistant.ts';
import { loadLessonDir, loadLessonFile, MAX_LESSON_BYTES } from '../core/lessons/load.ts';
import { formatProblem, parseLesson, type Problem } from '../core/lessons/parse.ts';
import { AnswerError, scoreAttempt } from '../core/scoring/attempt.ts';
import { lessonToJson } from './lesson-json.ts';
import { scoreToJson, scoreToText } from './score-report.ts';
import { COMMANDS, type Command } from './commands.ts';
import { CliError, type Io } from './io.ts';

export type { Io };

/** One command in the help: its usage, and its summary beside it, or on the next line when the usage is long. */
function usageLine(c: Pick<Command, 'usage' | 'summary'>): string {
  const usage = `  ${c.usage}`;
  return usage.length < 40 ? `${usage.padEnd(40)}${c.summary}` : `${usage}\n${' '.repeat(40)}${c.summary}`;
}

export const USAGE = `Usage: lede <command> [options]

Lessons
  lede lesson check <file|dir>          Check lesson files; every problem as file:line: message
  lede lesson show <file> [--json]      Show a lesson: its text and resolved key offsets
  lede lesson draft <article> --out <lesson.md> [--json]
                                        Start a lesson from an article (.html saved from a
                                        browser, .txt, .md or .docx): the article and
                                        empty Sources, Framing and Unverified steps;
                                        --json prints the drafting assistant's proposals
  lede lesson new --out <lesson.md>     Write a commented lesson template to fill in
  lede score <lesson> <answers.json> [--json]
                                        Score one attempt's answers against a lesson's key
${COMMANDS.map(usageLine).join('\n')}

Exit codes: 0 success, 1 lesson problems found, 2 bad input.`;

function readJson(file: string): unknown {
  let text: string;
  try {
    if (statSync(file).size > 32 * 1024 * 1024) throw new CliError(`${file}: larger than 32 MB; not an answers file`);
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof CliError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(`${file}: ${code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? 'error'})`}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new CliError(`${file}: not valid JSON (${(err as Error).message})`);
  }
}

function loadOrFail(file: string) {
  const r = loadLessonFile(file);
  if (r.ok) return r.loaded.lesson;
  const first = r.problems[0] as Problem;
  if (r.problems.length === 1) throw new CliError(formatProblem(first));
  throw new CliError(`${file} is not a valid lesson (${r.problems.length} problems, the first: line ${first.line}: ${first.message}); run "lede lesson check ${file}" to see them all`);
}

function lessonCheck(target: string, io: Io): number {
  let isDir: boolean;
  try {
    isDir = statSync(target).isDirectory();
  } catch {
    throw new CliError(`${target}: no such file or folder`);
  }
  const report = (problems: readonly Problem[], warnings: readonly Problem[]) => {
    const all = [...problems.map((p) => ({ p, warn: false })), ...warnings.map((p) => ({ p, warn: true }))];
    all.sort((a, b) => (a.p.file < b.p.file ? -1 : a.p.file > b.p.file ? 1 : a.p.line - b.p.line));
    for (const { p, warn } of all) io.err(warn ? formatProblem({ ...p, message: `warning: ${p.message}` }) : formatProblem(p));
  };
  const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
  if (isDir) {
    const { loaded, problems, warnings } = loadLessonDir(target);
    report(problems, warnings);
    if (loaded.length === 0 && problems.length === 0) throw new CliError(`${target}: no lesson files (*.md) in this folder`);
    io.out(`${plural(loaded.length, 'lesson')} valid${problems.length ? `, ${plural(problems.length, 'problem')}` : ''}${warnings.length ? `, ${plural(warnings.length, 'warning')}` : ''}`);
    return problems.length > 0 ? 1 : 0;
  }
  const r = loadLessonFile(target);
  if (!r.ok) {
    report(r.problems, r.warnings ?? []);
    return 1;
  }
  report([], r.loaded.warnings ?? []);
  const l = r.loaded.lesson;
  const keys = l.exercises.reduce((n, e) => n + (e.kind === 'highlight' ? e.key.length : 0), 0);
  const warned = r.loaded.warnings?.length ? `, ${plural(r.loaded.warnings.length, 'warning')}` : '';
  io.out(`${target}: valid — "${l.title}", ${l.exercises.length} exercises, ${keys} key items${warned}`);
  return 0;
}

function lessonShow(file: string, json: boolean, io: Io): number {
  const lesson = loadOrFail(file);
  if (json) {
    io.out(JSON.stringify(lessonToJson(lesson), null, 2));
    return 0;
  }
  io.out(`${lesson.title}  [${lesson.id}]\n`);
  io.out(lesson.text);
  for (const ex of lesson.exercises) {
    io.out(`\n— ${ex.title} (${ex.kind}, ${ex.points} points): ${ex.prompt}`);
    if (ex.kind === 'highlight') {
      for (const k of ex.key) {
        const [first, ...more] = k.mentions.map((m) => {
          const core = m.coreStart === m.start && m.coreEnd === m.end ? '' : ` (core “${lesson.text.slice(m.coreStart, m.coreEnd)}”)`;
          return `[${m.start}, ${m.end}) “${m.quote}”${core}`;
        });
        io.out(`  ${k.label}: ${first ?? ''}`);
        for (const m of more) io.out(`  ${' '.repeat(k.label.length)}  ${m}`);
      }
    } else if (ex.kind === 'evidence') {
      for (const c of ex.claims) io.out(`  [${c.start}, ${c.end}) “${c.quote}” → ${c.verdicts.join(' or ')}${c.cards.length ? ` (${c.cards.join(', ')})` : ''}`);
    } else if (ex.kind === 'search') {
      for (const q of ex.questions) {
        const page = ex.pages.find((p) => p.id === q.page);
        const partial = Object.entries(q.partial).map(([id, share]) => `${id} ${Math.round(share * 100)}%`);
        io.out(`  ${q.goal} [search: ${page?.query ?? ''}] → open ${q.best} first${partial.length ? ` (partly: ${partial.join(', ')})` : ''}; reasons: ${q.reasons.filter((r) => r.correct).map((r) => r.id).join(', ')}`);
      }
    }
  }
  return 0;
}

function score(lessonFile: string, answersFile: string, json: boolean, io: Io): number {
  const lesson = loadOrFail(lessonFile);
  const parsed = AnswersFileSchema.safeParse(readJson(answersFile));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'top level';
    throw new CliError(`${answersFile}: not an answers file (${where}: ${issue?.message ?? 'invalid'})`);
  }
  const answers = parsed.data;
  if (answers.lesson !== lesson.id) {
    throw new CliError(`${answersFile}: the answers are for lesson "${answers.lesson}", not "${lesson.id}"`);
  }
  if (answers.lessonHash !== undefined && answers.lessonHash !== lesson.hash) {
    throw new CliError(`${answersFile}: the answers were made on a different version of "${lesson.id}" (lessonHash does not match ${lessonFile})`);
  }
  let result;
  try {
    result = scoreAttempt(lesson, answers.answers);
  } catch (err) {
    if (err instanceof AnswerError) throw new CliError(`${answersFile}: ${err.message}`);
    throw err;
  }
  io.out(json ? JSON.stringify(scoreToJson(result, lesson.text), null, 2) : scoreToText(lesson, result));
  return 0;
}

/** The --out file of `lede lesson draft|new`: required, and never an existing file (nothing is overwritten). */
function outOf(argv: string[], sub: string): string {
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

async function lessonDraft(articleFile: string, out: string, json: boolean, io: Io): Promise<number> {
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

function lessonNew(out: string, io: Io): number {
  return writeLesson(out, lessonTemplate(), io);
}

async function dispatch(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, out: { type: 'string' } },
  });
  const [cmd, sub, ...rest] = positionals;
  if (values.help || cmd === undefined || cmd === 'help') {
    io.out(USAGE);
    return cmd === undefined && !values.help ? 2 : 0;
  }
  const json = values.json === true;
  if (cmd === 'lesson') {
    if (sub === 'check' && rest.length === 1) return lessonCheck(rest[0] as string, io);
    if (sub === 'show' && rest.length === 1) return lessonShow(rest[0] as string, json, io);
    if (sub === 'draft' && rest.length === 1) return lessonDraft(rest[0] as string, outOf(argv, 'draft'), json, io);
    if (sub === 'new' && rest.length === 0) return lessonNew(outOf(argv, 'new'), io);
    throw new CliError('usage: lede lesson check <file|dir>  |  lede lesson show <file> [--json]  |  lede lesson draft <article> --out <lesson.md>  |  lede lesson new --out <lesson.md>');
  }
  if (cmd === 'score') {
    if (sub === undefined || rest.length !== 1) throw new CliError('usage: lede score <lesson file> <answers.json> [--json]');
    return score(sub, rest[0] as string, json, io);
  }
  const command: Command | undefined = COMMANDS.find((c) => c.name === cmd);
  if (command) return command.run(argv.slice(1), io);
  throw new CliError(`unknown command "${cmd}" (run "lede help")`);
}

/** Runs the CLI; returns the exit code. Never throws for bad input. */
export async function run(argv: string[], io: Io): Promise<number> {
  // Under a heap flag (`lede classroom`), files from elsewhere are read in a process of their own.
  useReadProcess(readInChild);
  try {
    return await dispatch(argv, io);
  } catch (err) {
    if (err instanceof CliError) {
      io.err(`lede: ${err.message}`);
      return 2;
    }
    if (err instanceof TypeError && (err as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`lede: ${err.message}`);
      return 2;
    }
    throw err;
  }
}
