// `lede lesson check` and `lede lesson show`: the lesson files alone (no database, no server).
import { statSync } from 'node:fs';
import { loadLessonDir, loadLessonFile } from '../core/lessons/load.ts';
import { formatProblem, type Problem } from '../core/lessons/parse.ts';
import { lessonToJson } from './lesson-json.ts';
import { CliError, type Io } from './io.ts';

/** A lesson file's lesson, or one CLI error that names its first problem. */
export function loadOrFail(file: string) {
  const r = loadLessonFile(file);
  if (r.ok) return r.loaded.lesson;
  const first = r.problems[0] as Problem;
  if (r.problems.length === 1) throw new CliError(formatProblem(first));
  throw new CliError(`${file} is not a valid lesson (${r.problems.length} problems, the first: line ${first.line}: ${first.message}); run "lede lesson check ${file}" to see them all`);
}

export function lessonCheck(target: string, io: Io): number {
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

export function lessonShow(file: string, json: boolean, io: Io): number {
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
