import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Lesson } from '../../shared/lesson.ts';
import { parseLesson, type Problem } from './parse.ts';

export const LESSON_EXTENSION = '.md';
/** Lesson files larger than this are refused before parsing. */
export const MAX_LESSON_BYTES = 2 * 1024 * 1024;

export interface LoadedLesson {
  file: string;
  lesson: Lesson;
  source: string;
}

export type LoadResult = { ok: true; loaded: LoadedLesson } | { ok: false; problems: Problem[] };

export function loadLessonFile(file: string): LoadResult {
  let source: string;
  try {
    const st = statSync(file);
    if (st.isDirectory()) return { ok: false, problems: [{ file, line: 1, message: 'is a folder, not a lesson file' }] };
    if (st.size > MAX_LESSON_BYTES) {
      return { ok: false, problems: [{ file, line: 1, message: `is ${st.size} bytes; a lesson file may be at most ${MAX_LESSON_BYTES} bytes` }] };
    }
    const bytes = readFileSync(file);
    source = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT' ? 'no such file' : err instanceof TypeError ? 'is not UTF-8 text' : `cannot be read (${code ?? (err as Error).message})`;
    return { ok: false, problems: [{ file, line: 1, message }] };
  }
  const parsed = parseLesson(source, file);
  if (!parsed.ok) return { ok: false, problems: parsed.problems };
  return { ok: true, loaded: { file, lesson: parsed.lesson, source } };
}

/** The lesson files in a folder (not recursive), sorted by name. */
export function lessonFilesIn(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(LESSON_EXTENSION) && !e.name.startsWith('.') && e.name.toUpperCase() !== 'README.MD')
    .map((e) => join(dir, e.name))
    .sort();
}

export interface DirResult {
  loaded: LoadedLesson[];
  problems: Problem[];
}

/** Load every lesson in a folder; also reports two files that claim the same lesson id. */
export function loadLessonDir(dir: string): DirResult {
  const loaded: LoadedLesson[] = [];
  const problems: Problem[] = [];
  const byId = new Map<string, string>();
  for (const file of lessonFilesIn(dir)) {
    const r = loadLessonFile(file);
    if (!r.ok) {
      problems.push(...r.problems);
      continue;
    }
    const other = byId.get(r.loaded.lesson.id);
    if (other) {
      problems.push({ file, line: 1, message: `lesson id "${r.loaded.lesson.id}" is already used by ${other}` });
      continue;
    }
    byId.set(r.loaded.lesson.id, file);
    loaded.push(r.loaded);
  }
  return { loaded, problems };
}
