import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AnswersFileSchema } from '../shared/answers.ts';
import { loadLessonDir, loadLessonFile } from '../core/lessons/load.ts';
import { formatProblem, type Problem } from '../core/lessons/parse.ts';
import { AnswerError, scoreAttempt } from '../core/scoring/attempt.ts';
import { lessonToJson } from './lesson-json.ts';
import { scoreToJson, scoreToText } from './score-report.ts';
import { COMMANDS, type Command } from './commands.ts';
import { CliError, type Io } from './io.ts';

export type { Io };

export const USAGE = `Usage: lede <command> [options]

Lessons
  lede lesson check <file|dir>          Check lesson files; every problem as file:line: message
  lede lesson show <file> [--json]      Show a lesson: its text and resolved key offsets
  lede score <lesson> <answers.json> [--json]
                                        Score one attempt's answers against a lesson's key
${COMMANDS.map((c) => `  ${c.usage.padEnd(38)}${c.summary}`).join('\n')}

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

async function dispatch(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
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
    throw new CliError('usage: lede lesson check <file|dir>  |  lede lesson show <file> [--json]');
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
