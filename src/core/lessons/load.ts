import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Lesson } from '../../shared/lesson.ts';
import { STUDIO_FILE_LIMITS } from '../../shared/studio-limits.ts';
import { parseLesson, type Problem } from './parse.ts';

export const LESSON_EXTENSION = '.md';
/** Lesson files larger than this are refused before parsing. */
export const MAX_LESSON_BYTES = STUDIO_FILE_LIMITS.lessonBytes;

export interface LoadedLesson {
  file: string;
  lesson: Lesson;
  source: string;
  /** Values YAML reads without complaint but not as meant (the lesson loads). */
  warnings?: Problem[];
}

export type LoadResult = { ok: true; loaded: LoadedLesson } | { ok: false; problems: Problem[]; warnings?: Problem[] };

const SAVE_AS_UTF8 = 'open it in a text editor and save it with the encoding "UTF-8" (in Notepad: File > Save as > Encoding: UTF-8), then check it again';

/**
 * The text of a lesson file's bytes. UTF-8 (with or without a byte-order mark) and
 * UTF-16 (with a byte-order mark, or without one when every other byte is zero, as
 * some Windows editors save it) are read; anything else is refused with how to
 * save it as UTF-8.
 */
export function decodeLessonBytes(bytes: Uint8Array): { ok: true; text: string } | { ok: false; message: string } {
  const utf16 = (le: boolean, skip: number) => new TextDecoder(le ? 'utf-16le' : 'utf-16be', { fatal: true }).decode(bytes.subarray(skip));
  try {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return { ok: true, text: utf16(true, 2) };
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return { ok: true, text: utf16(false, 2) };
    // Without a byte-order mark: a lesson starts with "---", which UTF-16 writes with a zero byte beside each dash.
    if (bytes[0] === 0x2d && bytes[1] === 0 && bytes[2] === 0x2d && bytes[3] === 0) return { ok: true, text: utf16(true, 0) };
    if (bytes[0] === 0 && bytes[1] === 0x2d && bytes[2] === 0 && bytes[3] === 0x2d) return { ok: true, text: utf16(false, 0) };
    // Otherwise plain text in UTF-16 has a zero byte beside nearly every Latin letter.
    const sample = bytes.subarray(0, Math.min(bytes.length, 4096)) ;
    let evenZeros = 0;
    let oddZeros = 0;
    for (let i = 0; i < sample.length; i++) if (sample[i] === 0) (i % 2 === 0 ? evenZeros++ : oddZeros++);
    const half = sample.length / 2;
    if (sample.length >= 4 && oddZeros > half * 0.6 && evenZeros < half * 0.1) return { ok: true, text: utf16(true, 0) };
    if (sample.length >= 4 && evenZeros > half * 0.6 && oddZeros < half * 0.1) return { ok: true, text: utf16(false, 0) };
  } catch {
    return { ok: false, message: `is not readable as UTF-16 text: ${SAVE_AS_UTF8}` };
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    if (text.includes('\u0000')) return { ok: false, message: `is not a text file Lede can read (it holds zero bytes, as UTF-16 or binary files do): ${SAVE_AS_UTF8}` };
    return { ok: true, text };
  } catch {
    // Curly quotes, dashes and accents saved by older Word or Notepad (bytes 0x80–0xFF on their own).
    const legacy = [...bytes].some((b) => (b >= 0x80 && b <= 0x9f) || (b >= 0xc0 && b <= 0xff));
    return { ok: false, message: `is not UTF-8 text${legacy ? ' (it looks like Windows-1252, as older Word and Notepad save it)' : ''}: ${SAVE_AS_UTF8}` };
  }
}

export function loadLessonFile(file: string): LoadResult {
  let source: string;
  try {
    const st = statSync(file);
    if (st.isDirectory()) return { ok: false, problems: [{ file, line: 1, message: 'is a folder, not a lesson file' }] };
    if (st.size > MAX_LESSON_BYTES) {
      return { ok: false, problems: [{ file, line: 1, message: `is ${st.size} bytes; a lesson file may be at most ${MAX_LESSON_BYTES} bytes` }] };
    }
    const decoded = decodeLessonBytes(readFileSync(file));
    if (!decoded.ok) return { ok: false, problems: [{ file, line: 1, message: decoded.message }] };
    source = decoded.text;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const message = code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? (err as Error).message})`;
    return { ok: false, problems: [{ file, line: 1, message }] };
  }
  const parsed = parseLesson(source, file);
  if (!parsed.ok) return { ok: false, problems: parsed.problems, ...(parsed.warnings?.length ? { warnings: parsed.warnings } : {}) };
  return { ok: true, loaded: { file, lesson: parsed.lesson, source, ...(parsed.warnings.length ? { warnings: parsed.warnings } : {}) } };
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
  warnings: Problem[];
  /** With `{ drafts: 'skip' }`: lessons left out because a highlight step has no key items yet. */
  drafts: LoadedLesson[];
}

/** The highlight steps of a lesson with no key items yet: a draft, not for students. */
export function emptyKeySteps(lesson: Lesson): string[] {
  return lesson.exercises.filter((e) => e.kind === 'highlight' && e.key.length === 0).map((e) => e.title);
}

/** Load every lesson in a folder; also reports two files that claim the same lesson id. */
export function loadLessonDir(dir: string, opts: { drafts?: 'include' | 'skip' } = {}): DirResult {
  const loaded: LoadedLesson[] = [];
  const drafts: LoadedLesson[] = [];
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const byId = new Map<string, string>();
  for (const file of lessonFilesIn(dir)) {
    let r: LoadResult;
    try {
      r = loadLessonFile(file);
    } catch (err) {
      // A file that cannot be checked is skipped with a line naming it: it never stops Lede from starting.
      problems.push({ file, line: 1, message: `could not be checked (${err instanceof Error ? err.message : String(err)})` });
      continue;
    }
    warnings.push(...((r.ok ? r.loaded.warnings : r.warnings) ?? []));
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
    if (opts.drafts === 'skip' && emptyKeySteps(r.loaded.lesson).length > 0) drafts.push(r.loaded);
    else loaded.push(r.loaded);
  }
  return { loaded, problems, warnings, drafts };
}
