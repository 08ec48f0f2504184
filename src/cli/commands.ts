import { parseArgs } from 'node:util';
import { emptyKeySteps, loadLessonDir } from '../core/lessons/load.ts';
import { formatProblem } from '../core/lessons/parse.ts';
import { Store } from '../core/db/store.ts';
import { appRoot, defaultLessonsDir, prepareDefaultDb } from '../core/paths.ts';
import { startHttpServer } from '../server/http.ts';
import { startBackend, type Backend } from '../core/services/bootstrap.ts';
import { API_NAMES } from '../shared/api-names.ts';
import type { AllHandlers } from '../core/services/dispatch.ts';
import { pinIsSet, resetPin } from '../core/teacher/pin.ts';
import { newToken } from '../core/classroom/security.ts';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { LedeError } from '../shared/errors.ts';
import { EXPORT_FORMATS, writeAnswerKey, writeExport, type ExportFormat } from '../core/export/run.ts';
import { closeChromium, renderPdfWithChromium } from '../core/export/pdf-chromium.ts';
import type { GradebookColumns } from '../core/export/tables.ts';
import { GRADEBOOK_COLUMNS } from '../shared/teacher-api.ts';
import { createSampleClass } from '../core/teacher/sample.ts';
import { planRescore } from '../core/teacher/rescore.ts';
import { CliError, type Io } from './io.ts';

/** A CLI command beyond the lesson tools: parses its own options. */
export interface Command {
  name: string;
  usage: string;
  summary: string;
  run: (argv: string[], io: Io) => Promise<number> | number;
}

const importCommand: Command = {
  name: 'import',
  usage: 'lede import [dir] [--db path]',
  summary: 'Import lesson files into the database',
  run(argv, io) {
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
  },
};

function parsePort(raw: string | undefined, option = '--port'): number {
  if (raw === undefined) return 0;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`${option} must be a whole number from 0 to 65535 (got "${raw}")`);
  return port;
}

/**
 * The teacher area over HTTP: while no PIN is chosen, only the browser that opens
 * the one-time set-up link printed here may choose it (not whoever comes first).
 */
function teacherHttp(backend: Backend, io: Io): { teacherSessions: Backend['teacherSessions']; setup: { value: string | null }; announce: (url: string) => void } {
  const setup = { value: pinIsSet(backend.store.settings) ? null : newToken() };
  return {
    teacherSessions: backend.teacherSessions,
    setup,
    announce: (url) => {
      if (setup.value) io.out(`No teacher PIN is set yet. To choose it, open this one-time link: ${url}setup/${setup.value}`);
    },
  };
}

const serveCommand: Command = {
  name: 'serve',
  usage: 'lede serve [--port N] [--db path] [--lessons dir] [--my-lessons dir]',
  summary: 'Serve Lede to browsers on this computer (127.0.0.1)',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { port: { type: 'string' }, db: { type: 'string' }, lessons: { type: 'string' }, 'my-lessons': { type: 'string' } },
    });
    const port = parsePort(values.port);
    const staticDir = join(appRoot(), 'out', 'renderer');
    const backend = startBackend(values.db ?? prepareDefaultDb((m) => io.err(m)), values.lessons ?? defaultLessonsDir(), {
      renderPdf: renderPdfWithChromium,
      serve: startHttpServer,
      ...(values['my-lessons'] ? { myLessonsDir: values['my-lessons'] } : {}),
    });
    for (const p of backend.problems) io.err(`lesson not loaded: ${p}`);
    const { announce, ...teacher } = teacherHttp(backend, io);
    let running;
    try {
      running = await startHttpServer({ handlers: { ...backend.handlers, ...backend.teacher }, jobs: backend.jobs, staticDir, port, ...teacher });
    } catch (err) {
      await backend.close();
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') throw new CliError(`port ${port} is already in use; choose another with --port`);
      throw new CliError((err as Error).message);
    }
    io.out(`Lede is running at ${running.url}`);
    announce(running.url);
    io.out('Open that address in a browser. Press Ctrl+C to stop.');
    await new Promise<void>((done) => {
      const stop = () => {
        void running
          .close()
          .then(() => backend.close())
          .then(done);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};

const exportCommand: Command = {
  name: 'export',
  usage: 'lede export --class <name|id> --format <f> --out <file> [--lesson <id>] [--columns lesson|step] [--db path]  |  lede export --format answer-key --lesson <id> --out <file> [--db path]',
  summary: 'Export: gradebook-csv, csv, xlsx, pdf, student-reports, json, answer-key',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { db: { type: 'string' }, class: { type: 'string' }, lesson: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, columns: { type: 'string' } },
    });
    const columns = values.columns;
    const format = values.format;
    const answerKey = format === 'answer-key';
    if (!format || !values.out || (!answerKey && !values.class)) throw new CliError(`usage: ${exportCommand.usage}`);
    if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new CliError(`--format must be one of ${EXPORT_FORMATS.join(', ')} (got "${format}")`);
    if (columns !== undefined && format !== 'gradebook-csv') throw new CliError('--columns is for --format gradebook-csv only');
    if (columns !== undefined && !(GRADEBOOK_COLUMNS as readonly string[]).includes(columns)) throw new CliError(`--columns must be lesson or step (got "${columns}")`);
    if (answerKey && !values.lesson) throw new CliError('--format answer-key needs --lesson <id>: the answer key is a lesson\'s');
    const dbPath = values.db ?? prepareDefaultDb((m) => io.err(m));
    if (!existsSync(dbPath)) throw new CliError(`${dbPath}: no such database`);
    const out = resolve(values.out);
    if (!existsSync(dirname(out))) throw new CliError(`${dirname(out)}: no such folder`);
    const store = Store.open(dbPath);
    try {
      if (answerKey) {
        await domainAsync(() => writeAnswerKey(store, values.lesson!, out, renderPdfWithChromium));
      } else {
        const cls = domain(() => store.classes.find(values.class!));
        await domainAsync(() =>
          writeExport(store, { classId: cls.id, ...(values.lesson ? { lessonId: values.lesson } : {}), ...(columns ? { columns: columns as GradebookColumns } : {}) }, format as ExportFormat, out, { renderPdf: renderPdfWithChromium }),
        );
      }
      io.out(`Wrote ${out}`);
      return 0;
    } finally {
      store.close();
      await closeChromium();
    }
  },
};

const sampleCommand: Command = {
  name: 'sample-class',
  usage: 'lede sample-class --students N [--class name] [--seed n] [--lessons dir] [--db path]',
  summary: 'Create a sample class with answers to the seed lesson',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { db: { type: 'string' }, students: { type: 'string' }, class: { type: 'string' }, seed: { type: 'string' }, lessons: { type: 'string' } },
    });
    const n = Number(values.students ?? '30');
    if (!Number.isInteger(n) || n < 1 || n > 100_000) throw new CliError('--students must be a whole number from 1 to 100000');
    const seed = Number(values.seed ?? '7');
    const backend = startBackend(values.db ?? prepareDefaultDb((m) => io.err(m)), values.lessons ?? defaultLessonsDir());
    try {
      const r = domain(() => createSampleClass(backend.store, { students: n, ...(values.class ? { className: values.class } : {}), seed }));
      io.out(`Created "${r.className}": ${r.students} students, ${r.finished} finished the lesson.`);
      return 0;
    } finally {
      await backend.close();
    }
  },
};

/** Domain errors (missing class, unknown lesson…) become one-line CLI errors. */
async function domainAsync<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (err) {
    if (err instanceof LedeError) throw new CliError(err.message);
    throw err;
  }
}
function domain<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof LedeError) throw new CliError(err.message);
    throw err;
  }
}

/** After a session is ended from the dashboard, students' screens have this long to fetch their summaries before `lede classroom` stops. */
export const SUMMARY_GRACE_MS = 5000;

const classroomCommand: Command = {
  name: 'classroom',
  usage: 'lede classroom --lesson <id> --class <name|id> [--host 0.0.0.0] [--port N] [--dashboard-port N] [--pacing teacher|student] [--allow-new-names] [--db path]',
  summary: 'Run a live classroom session (resumes an unfinished one)',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        db: { type: 'string' },
        lesson: { type: 'string' },
        class: { type: 'string' },
        host: { type: 'string' },
        port: { type: 'string' },
        'dashboard-port': { type: 'string' },
        'allow-new-names': { type: 'boolean' },
        pacing: { type: 'string' },
        lessons: { type: 'string' },
      },
    });
    if (!values.lesson || !values.class) throw new CliError(`usage: ${classroomCommand.usage}`);
    if (values.pacing !== undefined && values.pacing !== 'teacher' && values.pacing !== 'student') throw new CliError(`--pacing must be teacher or student (got "${values.pacing}")`);
    const port = parsePort(values.port);
    const dashboardPort = parsePort(values['dashboard-port'], '--dashboard-port');
    const host = values.host ?? '0.0.0.0';
    const backend = startBackend(values.db ?? prepareDefaultDb((m) => io.err(m)), values.lessons ?? defaultLessonsDir(), { renderPdf: renderPdfWithChromium, serve: startHttpServer });
    const { classroom, store } = backend;
    let info;
    let teacherServer: Awaited<ReturnType<typeof startHttpServer>> | undefined;
    let resumed = false;
    let announceSetup = (_url: string) => {};
    try {
      const cls = domain(() => store.classes.find(values.class!));
      domain(() => store.currentVersionId(values.lesson!));
      // The dashboard server first: a port that is taken stops the command before any session starts.
      // It offers the teacher's calls only (behind the PIN): no student call, so no one
      // on this computer reads or checks attempts through it.
      const { announce, ...teacher } = teacherHttp(backend, io);
      announceSetup = announce;
      try {
        teacherServer = await startHttpServer({ handlers: dashboardHandlers(backend), jobs: backend.jobs, staticDir: join(appRoot(), 'out', 'renderer'), port: dashboardPort, ...teacher });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new CliError(`port ${dashboardPort} is already in use; choose another with --dashboard-port`);
        throw err;
      }
      const unfinished = store.classroom.unfinishedFor(cls.id, values.lesson);
      resumed = unfinished !== undefined;
      info = unfinished
        ? await domainAsync(() => classroom.resume(unfinished))
        : await domainAsync(() => classroom.start({ classId: cls.id, lessonId: values.lesson!, host, ...(port ? { port } : {}), allowNewNames: values['allow-new-names'] === true }));
      if (values.pacing) classroom.control(info.id, values.pacing === 'student' ? 'student-paced' : 'teacher-paced');
    } catch (err) {
      await teacherServer?.close();
      await backend.close();
      throw err instanceof LedeError ? new CliError(err.message) : err;
    }
    const dashboard = teacherServer;
    io.out(`${resumed ? 'Resumed' : 'Started'} the classroom session: ${info.className} — ${info.lessonTitle}`);
    io.out(`Join code: ${info.joinCode}`);
    for (const u of info.urls) io.out(`Students open: ${u}`);
    io.out(`Teacher dashboard (this computer): ${dashboard.url}#/teacher/live/${info.id}`);
    announceSetup(dashboard.url);
    io.out('Ctrl+C ends the session, as does "End session" on the dashboard. (If this process is stopped any other way, run the same command to resume it.)');
    const sessionId = info.id;
    const status = setInterval(() => {
      void classroom.dashboard(sessionId).then((d) => {
        if (!d.session.running) return;
        io.out(`${new Date().toLocaleTimeString()} · ${d.joined} of ${d.roster.length} joined · ${d.steps.map((s) => `${s.title}: ${s.checked} checked`).join(' · ')}`);
      });
    }, 15_000);
    await new Promise<void>((done) => {
      let stopping = false;
      const stop = async (how: 'ctrl-c' | 'signal' | 'dashboard') => {
        if (stopping) return;
        stopping = true;
        clearInterval(status);
        if (how === 'ctrl-c') await classroom.end(sessionId).catch(() => {});
        if (how !== 'signal') {
          io.out(`The session has ended${how === 'dashboard' ? ' (from the dashboard)' : ''}: every student's work is handed in, and their screens show their summaries.`);
          // Students' screens fetch their summary when the end reaches them: give them a moment.
          await new Promise((r) => setTimeout(r, SUMMARY_GRACE_MS));
        }
        await dashboard.close();
        await backend.close();
        io.out(how === 'signal' ? 'Stopped; the session can be resumed.' : 'Stopped.');
        done();
      };
      classroom.onEnded((id) => {
        if (id === sessionId) void stop('dashboard');
      });
      process.once('SIGINT', () => void stop('ctrl-c'));
      process.once('SIGTERM', () => void stop('signal'));
    });
    return 0;
  },
};

/** The teacher's calls, and no student call but `serverInfo` (which says so). */
function dashboardHandlers(backend: Backend): AllHandlers {
  const none = () => {
    throw new LedeError('not_found', 'This address is the teacher’s dashboard; students join at the address on the teacher’s screen.');
  };
  const students = Object.fromEntries(API_NAMES.map((n) => [n, none])) as unknown as AllHandlers;
  return { ...students, serverInfo: () => ({ mode: 'dashboard' as const }), ...backend.teacher };
}

const teacherCommand: Command = {
  name: 'teacher',
  usage: 'lede teacher reset-pin [--db path]',
  summary: 'Remove the teacher PIN (a new one is chosen at the next start)',
  run(argv, io) {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { db: { type: 'string' } } });
    if (positionals[0] !== 'reset-pin' || positionals.length !== 1) throw new CliError(`usage: ${teacherCommand.usage}`);
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
  },
};

const fmtPoints = (n: number) => String(Math.round(n * 100) / 100);

const rescoreCommand: Command = {
  name: 'rescore',
  usage: 'lede rescore <lesson id> [--apply] [--db path]',
  summary: 'Today’s scoring rules on a lesson’s results: --apply re-scores',
  run(argv, io) {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { db: { type: 'string' }, apply: { type: 'boolean', default: false } } });
    const lessonId = positionals[0];
    if (lessonId === undefined || positionals.length !== 1) throw new CliError(`usage: ${rescoreCommand.usage}`);
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
  },
};

export const COMMANDS: readonly Command[] = [importCommand, serveCommand, exportCommand, sampleCommand, classroomCommand, teacherCommand, rescoreCommand];
