import { parseArgs } from 'node:util';
import { loadLessonDir } from '../lessons/load.ts';
import { formatProblem } from '../lessons/parse.ts';
import { Store } from '../db/store.ts';
import { appRoot, defaultDbPath, defaultLessonsDir } from '../paths.ts';
import { startHttpServer } from '../server/http.ts';
import { startBackend } from '../services/bootstrap.ts';
import { join } from 'node:path';
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
    const { loaded, problems } = loadLessonDir(dir);
    for (const p of problems) io.err(formatProblem(p));
    const store = Store.open(values.db ?? defaultDbPath());
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

function parsePort(raw: string | undefined): number {
  if (raw === undefined) return 0;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be a whole number from 0 to 65535 (got "${raw}")`);
  return port;
}

const serveCommand: Command = {
  name: 'serve',
  usage: 'lede serve [--port N] [--db path]',
  summary: 'Serve Lede to browsers on this computer (127.0.0.1)',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { port: { type: 'string' }, db: { type: 'string' }, lessons: { type: 'string' } },
    });
    const port = parsePort(values.port);
    const staticDir = join(appRoot(), 'out', 'renderer');
    const backend = startBackend(values.db ?? defaultDbPath(), values.lessons ?? defaultLessonsDir());
    for (const p of backend.problems) io.err(`lesson not loaded: ${p}`);
    let running;
    try {
      running = await startHttpServer({ handlers: backend.handlers, staticDir, port });
    } catch (err) {
      backend.close();
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') throw new CliError(`port ${port} is already in use; choose another with --port`);
      throw new CliError((err as Error).message);
    }
    io.out(`Lede is running at ${running.url}`);
    io.out('Open that address in a browser. Press Ctrl+C to stop.');
    await new Promise<void>((done) => {
      const stop = () => {
        void running.close().then(() => {
          backend.close();
          done();
        });
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};

export const COMMANDS: readonly Command[] = [importCommand, serveCommand];
