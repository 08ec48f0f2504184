import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClassroomManager, type ClassroomOptions } from '../src/core/classroom/manager.ts';
import { openDatabase } from '../src/core/db/open.ts';
import { Store } from '../src/core/db/store.ts';
import { loadLessonFile } from '../src/core/lessons/load.ts';
import { startHttpServer } from '../src/server/http.ts';
import { OLD_SEED_FILE, tempDir } from './helpers.ts';

/** The classroom manager as the entry points build it: its sessions listen with `startHttpServer`. */
export class ServedClassroomManager extends ClassroomManager {
  constructor(store: Store, opts: ClassroomOptions) {
    super(store, { serve: startHttpServer, ...opts });
  }
}

/**
 * A class of `names` on a file database with the seed lesson, and a classroom
 * manager whose sessions serve a one-page app; `db` is the test's own handle on
 * the database, to read rows back with SQL. Removed when the test file ends.
 */
export function classroomFixture(className: string, names: readonly string[], opts: Partial<ClassroomOptions> = {}) {
  const dir = tempDir('lede-classroom-');
  const staticDir = join(dir, 'renderer');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Lede</title>');
  const db = openDatabase(join(dir, 'lede.sqlite'));
  const store = new Store(db);
  const r = loadLessonFile(OLD_SEED_FILE);
  if (!r.ok) throw new Error('seed');
  store.importLesson(r.loaded);
  const cls = store.classes.create(className);
  const ids = names.map((n) => store.classes.addStudent(cls.id, n).id);
  const manager = new ServedClassroomManager(store, { staticDir, log: () => {}, ...opts });
  return { dir, db, store, cls, ids, manager };
}
