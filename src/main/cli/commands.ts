import { parseArgs } from 'node:util';
import { loadLessonDir } from '../lessons/load.ts';
import { formatProblem } from '../lessons/parse.ts';
import { Store } from '../db/store.ts';
import { defaultDbPath, defaultLessonsDir } from '../paths.ts';
import type { Io } from './main.ts';

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

export const COMMANDS: readonly Command[] = [importCommand];
