// `lede classroom`: a live classroom session, and the teacher's dashboard beside it.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { appRoot, prepareDefaultDb, defaultLessonsDir } from '../core/paths.ts';
import { startHttpServer } from '../server/http.ts';
import { useReadProcess } from '../core/imports/read.ts';
import { readInChild } from './read-process.ts';
import { startBackend, type Backend } from '../core/services/bootstrap.ts';
import { API_NAMES } from '../shared/api-names.ts';
import type { AllHandlers } from '../core/services/dispatch.ts';
import { LedeError } from '../shared/errors.ts';
import { renderPdfWithChromium } from '../core/export/pdf-chromium.ts';
import { domain, domainAsync, parsePort } from './options.ts';
import { teacherHttp } from './teacher-http.ts';
import { CliError, type Io } from './io.ts';

/** After a session is ended from the dashboard, students' screens have this long to fetch their summaries before `lede classroom` stops. */
export const SUMMARY_GRACE_MS = 5000;

export async function runClassroom(argv: string[], io: Io, usage: string): Promise<number> {
  // `lede classroom` runs under a heap flag: files from elsewhere are read in a process of their own (src/cli/read-process.ts).
  useReadProcess(readInChild);
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
  if (!values.lesson || !values.class) throw new CliError(`usage: ${usage}`);
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
}

/** The teacher's calls, and no student call but `serverInfo` (which says so). */
function dashboardHandlers(backend: Backend): AllHandlers {
  const none = () => {
    throw new LedeError('not_found', 'This address is the teacher’s dashboard; students join at the address on the teacher’s screen.');
  };
  const students = Object.fromEntries(API_NAMES.map((n) => [n, none])) as unknown as AllHandlers;
  return { ...students, serverInfo: () => ({ mode: 'dashboard' as const }), ...backend.teacher };
}
