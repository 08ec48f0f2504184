// `lede import`, `lede teacher reset-pin` and `lede rescore`: the database, no server.
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { emptyKeySteps, loadLessonDir } from '../core/lessons/load.ts';
import { formatProblem } from '../core/lessons/parse.ts';
import { Store } from '../core/db/store.ts';
import { prepareDefaultDb, defaultLessonsDir } from '../core/paths.ts';
import { resetPin } from '../core/teacher/pin.ts';
import { planRescore } from '../core/teacher/rescore.ts';
import { CliError, type Io } from './io.ts';

export function runImport(argv: string[], io: Io): number {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { db: { type: 'string' } } });
  const dir = positionals[0] ?? defaultLessonsDir();
  const { loaded, problems, drafts } = loadLessonDir(dir, { drafts: 'skip' });
  for (const p of problems) io.err(formatProblem(p));
  for (const d of drafts) io.err(`${d.file}: a draft, not imported: ${emptyKeySteps(d.lesson).map((t) => `“${t}”`).join(', ')} ${emptyKeySteps(d.lesson).length === 1 ? 'has' : 'have'} no key items yet`);
  const store = Store.open(values.db ?? prepareDefaultDb((m) => io.err(m)));
  try {
    for (const l of loaded) {
      const { status } = store.importLesson(l);
      io.out(`${l.lesson.id}: ${status}`);
    }
  } finally {
    store.close();
  }
  return problems.length > 0 ? 1 : 0;
}

export function runTeacher(argv: string[], io: Io, usage: string): number {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { db: { type: 'string' } } });
  if (positionals[0] !== 'reset-pin' || positionals.length !== 1) throw new CliError(`usage: ${usage}`);
  const dbPath = values.db ?? prepareDefaultDb((m) => io.err(m));
  if (!existsSync(dbPath)) throw new CliError(`${dbPath}: no such database`);
  const store = Store.open(dbPath);
  try {
    const removed = resetPin(store.settings);
    io.out(
      removed
        ? 'The teacher PIN has been removed. Open Lede on this computer to choose a new one; classes, students and results are unchanged.'
        : 'No teacher PIN was set; nothing changed.',
    );
    return 0;
  } finally {
    store.close();
  }
}

const fmtPoints = (n: number) => String(Math.round(n * 100) / 100);

export function runRescore(argv: string[], io: Io, usage: string): number {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { db: { type: 'string' }, apply: { type: 'boolean', default: false } } });
  const lessonId = positionals[0];
  if (lessonId === undefined || positionals.length !== 1) throw new CliError(`usage: ${usage}`);
  const dbPath = values.db ?? prepareDefaultDb((m) => io.err(m));
  if (!existsSync(dbPath)) throw new CliError(`${dbPath}: no such database`);
  const store = Store.open(dbPath);
  try {
    const plan = planRescore(store, lessonId);
    io.out(`${plan.lessonTitle}: ${plan.scored} result${plan.scored === 1 ? '' : 's'} scored automatically, ${plan.older} under earlier rules than today’s (version ${plan.toVersion}).`);
    for (const c of plan.changes) {
      const who = c.student.tag ? `${c.student.displayName} (${c.student.tag})` : c.student.displayName;
      io.out(`  ${who}, attempt ${c.attemptNumber}, ${c.stepTitle}: ${fmtPoints(c.before)} → ${fmtPoints(c.after)} of ${c.maxPoints} (was version ${c.fromVersion})`);
    }
    if (plan.updates.length === 0) {
      io.out('Nothing to re-score: every result is scored under today’s rules.');
      return 0;
    }
    if (!values.apply) {
      io.out(`${plan.changes.length} result${plan.changes.length === 1 ? '' : 's'} would change. Run again with --apply to re-score ${plan.updates.length}.`);
      return 0;
    }
    const n = store.results.rescore(plan.updates, plan.toVersion);
    io.out(`Re-scored ${n} result${n === 1 ? '' : 's'} under version ${plan.toVersion} of the rules; ${plan.changes.length} got other points.`);
    return 0;
  } finally {
    store.close();
  }
}
