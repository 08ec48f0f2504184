import { Store } from '../db/store.ts';
import { loadLessonDir } from '../lessons/load.ts';
import { formatProblem } from '../lessons/parse.ts';
import { ExportJobs } from '../export/jobs.ts';
import type { PdfRenderer } from '../export/run.ts';
import { createHandlers, type Handlers } from './lede-service.ts';
import { createTeacherHandlers, type TeacherDeps, type TeacherHandlers } from './teacher-service.ts';

export interface Backend {
  store: Store;
  handlers: Handlers;
  teacher: TeacherHandlers;
  jobs: ExportJobs;
  /** Lesson files that could not be imported, as file:line: message. */
  problems: string[];
  close: () => void;
}

export interface BackendOptions {
  renderPdf?: PdfRenderer;
  saveExport?: TeacherDeps['saveExport'];
}

/** Opens the database, imports the lessons folder, and builds the services. */
export function startBackend(dbPath: string, lessonsDir: string, opts: BackendOptions = {}): Backend {
  const store = Store.open(dbPath);
  const { loaded, problems } = loadLessonDir(lessonsDir);
  for (const l of loaded) store.importLesson(l);
  const jobs = new ExportJobs(store, opts.renderPdf);
  return {
    store,
    handlers: createHandlers(store),
    teacher: createTeacherHandlers({ store, jobs, ...(opts.saveExport ? { saveExport: opts.saveExport } : {}) }),
    jobs,
    problems: problems.map(formatProblem),
    close: () => {
      jobs.close();
      store.close();
    },
  };
}
