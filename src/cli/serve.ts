// `lede serve`: Lede over HTTP to browsers on this computer.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { appRoot, prepareDefaultDb, defaultLessonsDir } from '../core/paths.ts';
import { startHttpServer } from '../server/http.ts';
import { startBackend } from '../core/services/bootstrap.ts';
import { renderPdfWithChromium } from '../core/export/pdf-chromium.ts';
import { parsePort } from './options.ts';
import { teacherHttp } from './teacher-http.ts';
import { CliError, type Io } from './io.ts';
import { useReadProcess } from '../core/imports/read.ts';
import { readInChild } from './read-process.ts';

export async function runServe(argv: string[], io: Io): Promise<number> {
  // Under a heap flag, files from elsewhere are read in a process of their own (src/cli/read-process.ts).
  useReadProcess(readInChild);
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
}
