import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ClassroomManager, type ServeClassroom } from '../classroom/manager.ts';
import { Store } from '../db/store.ts';
import { appRoot } from '../paths.ts';
import { loadLessonDir } from '../lessons/load.ts';
import { formatProblem } from '../lessons/parse.ts';
import { ExportJobs } from '../export/jobs.ts';
import type { PdfRenderer } from '../export/run.ts';
import { createHandlers, type Handlers } from './lede-service.ts';
import { createTeacherHandlers, type TeacherDeps, type TeacherHandlers } from './teacher-service.ts';
import { idleLockMinutes, TeacherSessions } from '../teacher/sessions.ts';
import { StudioLibrary } from '../studio/library.ts';

export interface Backend {
  store: Store;
  classroom: ClassroomManager;
  handlers: Handlers;
  teacher: TeacherHandlers;
  jobs: ExportJobs;
  /** Where the teacher area is unlocked (browsers and windows), with the idle lock. */
  teacherSessions: TeacherSessions;
  /** Lesson files that could not be imported, as file:line: message. */
  problems: string[];
  /** Stops classroom listeners and exports, then closes the database. */
  close: () => Promise<void>;
}

export interface BackendOptions {
  /** The built renderer, served to students in classroom sessions. */
  staticDir?: string;
  renderPdf?: PdfRenderer;
  saveExport?: TeacherDeps['saveExport'];
  /**
   * The teacher's own lessons folder, where the lesson studio writes (made, edited
   * and imported lessons). Default: a "lessons" folder beside the database.
   */
  myLessonsDir?: string;
  /** How live classroom sessions listen (`startHttpServer`, given by the entry points: the domain imports no transport). */
  serve?: ServeClassroom;
}

/** Opens the database, imports the lessons folder, and builds the services. */
export function startBackend(dbPath: string, lessonsDir: string, opts: BackendOptions = {}): Backend {
  const store = Store.open(dbPath);
  const myLessonsDir = resolve(opts.myLessonsDir ?? (dbPath === ':memory:' ? lessonsDir : join(dirname(dbPath), 'lessons')));
  // A draft (a highlight step with no key items yet) is not offered to students.
  const { loaded, problems } = loadLessonDir(lessonsDir, { drafts: 'skip' });
  const ids = new Set(loaded.map((l) => l.lesson.id));
  if (resolve(lessonsDir) !== myLessonsDir && existsSync(myLessonsDir)) {
    const mine = loadLessonDir(myLessonsDir, { drafts: 'skip' });
    problems.push(...mine.problems);
    for (const l of mine.loaded) {
      if (ids.has(l.lesson.id)) problems.push({ file: l.file, line: 1, message: `lesson id "${l.lesson.id}" is already used by a lesson that comes with Lede; this file is not used` });
      else loaded.push(l);
    }
  }
  for (const l of loaded) store.importLesson(l);
  const studio = new StudioLibrary(store, lessonsDir, myLessonsDir);
  const jobs = new ExportJobs(store, opts.renderPdf);
  const classroom = new ClassroomManager(store, { staticDir: opts.staticDir ?? join(appRoot(), 'out', 'renderer'), serve: opts.serve });
  const teacherSessions = new TeacherSessions(() => idleLockMinutes(store.settings));
  return {
    store,
    classroom,
    handlers: createHandlers(store, (lessonId) => studio.originOfStored(lessonId)),
    teacher: createTeacherHandlers({ store, jobs, classroom, studio, sessions: teacherSessions, ...(opts.saveExport ? { saveExport: opts.saveExport } : {}) }),
    jobs,
    teacherSessions,
    problems: problems.map(formatProblem),
    close: async () => {
      await classroom.close();
      jobs.close();
      store.close();
    },
  };
}
