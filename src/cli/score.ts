// `lede score`: one attempt's answers against a lesson's key.
import { readFileSync, statSync } from 'node:fs';
import { AnswersFileSchema } from '../shared/answers.ts';
import { AnswerError, scoreAttempt } from '../core/scoring/attempt.ts';
import { scoreToJson, scoreToText } from './score-report.ts';
import { loadOrFail } from './lesson.ts';
import { CliError, type Io } from './io.ts';

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

export function score(lessonFile: string, answersFile: string, json: boolean, io: Io): number {
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
