import { Store } from '../db/store.ts';
import { loadLessonDir } from '../lessons/load.ts';
import { formatProblem } from '../lessons/parse.ts';
import { createHandlers, type Handlers } from './lede-service.ts';

export interface Backend {
  store: Store;
  handlers: Handlers;
  /** Lesson files that could not be imported, as file:line: message. */
  problems: string[];
  close: () => void;
}

/** Opens the database, imports the lessons folder, and builds the services. */
export function startBackend(dbPath: string, lessonsDir: string): Backend {
  const store = Store.open(dbPath);
  const { loaded, problems } = loadLessonDir(lessonsDir);
  for (const l of loaded) store.importLesson(l);
  return { store, handlers: createHandlers(store), problems: problems.map(formatProblem), close: () => store.close() };
}
