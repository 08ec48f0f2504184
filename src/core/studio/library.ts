import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { LessonOriginDto } from '../../shared/api.ts';
import { LedeError } from '../../shared/errors.ts';
import type { StudioLessonDto } from '../../shared/studio-api.ts';
import type { Store } from '../db/store.ts';
import { decodeLessonBytes, emptyKeySteps, lessonFilesIn, loadLessonFile, MAX_LESSON_BYTES, type LoadedLesson } from '../lessons/load.ts';
import { parseLesson } from '../lessons/parse.ts';
import { plainMessage } from './check.ts';
import { frontMatterOf } from './patch.ts';

// The studio's lessons: files in two folders. The lessons that come with Lede are
// read (a teacher copies one to change it); the teacher's own folder is where the
// studio writes — new drafts, edits, imported files. A file is written whole under a
// temporary name and renamed into place, so a crash mid-write leaves the old file.
// What students see is the library in the store: a lesson is imported into it when
// it is complete (no highlight step without key items).

export type Folder = 'shipped' | 'mine';

export interface LessonFile {
  path: string;
  folder: Folder;
}

/** Writes a file so that a crash leaves either the old file or the new one, never half of one. */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx');
  try {
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (err) {
    // A full disk, say: the old file stays, and no temporary file is left behind.
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** A lesson id as the format allows it (so that it is also a safe file name). */
const LESSON_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A lesson file's id, read without checking the rest (null when even that is unreadable, or not a valid id). */
function idOf(source: string): string | null {
  try {
    const id: unknown = parseDocument(frontMatterOf(source.replace(/^\uFEFF/, '')).text).get('id');
    return typeof id === 'string' && LESSON_ID.test(id) ? id : null;
  } catch {
    return null;
  }
}

/** Problems that only say a text is still to be written. */
const UNFINISHED = /(?:must not be empty|is required)$/;

function dataOrNull(source: string): Record<string, unknown> | null {
  try {
    const data: unknown = parseDocument(frontMatterOf(source.replace(/^\uFEFF/, '')).text).toJS();
    return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function titleOf(source: string): string | null {
  try {
    const t: unknown = parseDocument(frontMatterOf(source.replace(/^\uFEFF/, '')).text).get('title');
    return typeof t === 'string' && t.trim() ? t : null;
  } catch {
    return null;
  }
}

export class StudioLibrary {
  readonly shippedDir: string;
  readonly mineDir: string;
  readonly #store: Store;

  constructor(store: Store, shippedDir: string, mineDir: string) {
    this.#store = store;
    this.shippedDir = resolve(shippedDir);
    this.mineDir = resolve(mineDir);
  }

  /** Every lesson file: the teacher's first, then the ones that come with Lede (one folder when they are the same). */
  files(): LessonFile[] {
    const list = (dir: string, folder: Folder) => (existsSync(dir) ? lessonFilesIn(dir).map((path) => ({ path, folder })) : []);
    const mine = list(this.mineDir, 'mine');
    return this.shippedDir === this.mineDir ? mine : [...mine, ...list(this.shippedDir, 'shipped')];
  }

  read(path: string): string {
    return this.decode(readFileSync(path), basename(path));
  }

  /** A lesson file's bytes as text (UTF-8 or UTF-16), or a refusal that says how to save it. */
  decode(bytes: Uint8Array, fileName: string): string {
    if (bytes.length > MAX_LESSON_BYTES) throw new LedeError('too_large', `“${fileName}” is larger than ${MAX_LESSON_BYTES / 1024 / 1024} MB: a lesson file is smaller.`);
    const decoded = decodeLessonBytes(bytes);
    if (!decoded.ok) throw new LedeError('invalid_input', `“${fileName}” ${decoded.message}.`);
    return decoded.text;
  }

  /** Each file's lesson id, remembered while the file is unchanged (the editor asks on every check). */
  readonly #ids = new Map<string, { mtimeMs: number; size: number; id: string | null }>();

  #idOfFile(path: string): string | null {
    let st;
    try {
      st = statSync(path);
    } catch {
      return null;
    }
    const known = this.#ids.get(path);
    if (known && known.mtimeMs === st.mtimeMs && known.size === st.size) return known.id;
    let id: string | null = null;
    try {
      id = idOf(this.read(path));
    } catch {
      // Unreadable: it claims no id.
    }
    this.#ids.set(path, { mtimeMs: st.mtimeMs, size: st.size, id });
    return id;
  }

  /**
   * The file of a lesson, by its id. A lesson that comes with Lede wins over a file of
   * the teacher's with the same id, as at start-up (that file is not used).
   */
  find(lessonId: string): LessonFile & { source: string } {
    const files = this.files();
    for (const f of [...files.filter((x) => x.folder === 'shipped'), ...files.filter((x) => x.folder === 'mine')]) {
      if (this.#idOfFile(f.path) !== lessonId) continue;
      try {
        const source = this.read(f.path);
        if (idOf(source) === lessonId) return { ...f, source };
      } catch {
        // Changed or gone since: look on.
      }
    }
    throw new LedeError('not_found', `There is no lesson file for “${lessonId}” any more: it may have been moved or deleted.`);
  }

  /** The teacher's file of a lesson, to change; a lesson that comes with Lede is copied first. */
  editable(lessonId: string): LessonFile & { source: string } {
    const f = this.find(lessonId);
    if (f.folder !== 'mine') throw new LedeError('forbidden', 'This lesson comes with Lede and cannot be changed: make a copy of it to edit.');
    return f;
  }

  origin(lessonId: string | null, folder: Folder): LessonOriginDto {
    if (folder === 'shipped') return { kind: 'shipped' };
    const o = lessonId ? this.#store.lessons.origin(lessonId) : null;
    return o ?? { kind: 'folder' };
  }

  /** Where a lesson in the library came from, by the file its current version was read from. */
  originOfStored(lessonId: string): LessonOriginDto {
    const file = this.#store.lessons.currentFile(lessonId);
    const shipped = file !== null && this.shippedDir !== this.mineDir && resolve(dirname(file)) === this.shippedDir;
    return this.origin(lessonId, shipped ? 'shipped' : 'mine');
  }

  /** The lessons as the studio lists them. */
  list(): StudioLessonDto[] {
    const seen = { mine: new Set<string>(), shipped: new Set<string>() };
    const shippedIds = new Set(this.files().filter((f) => f.folder === 'shipped').map((f) => this.#idOfFile(f.path)));
    return this.files().map((f): StudioLessonDto => {
      const r = loadLessonFile(f.path);
      const updatedAt = (() => {
        try {
          return statSync(f.path).mtime.toISOString();
        } catch {
          return new Date(0).toISOString();
        }
      })();
      const fileName = basename(f.path);
      let source = '';
      try {
        source = this.read(f.path);
      } catch {
        // Unreadable: reported by the load above.
      }
      const lessonId = r.ok ? r.loaded.lesson.id : idOf(source);
      const shadowed = f.folder === 'mine' && lessonId !== null && shippedIds.has(lessonId);
      const duplicate = lessonId !== null && (seen[f.folder].has(lessonId) || shadowed);
      if (lessonId) seen[f.folder].add(lessonId);
      const base = {
        lessonId,
        fileName,
        folder: f.folder,
        editable: f.folder === 'mine',
        origin: this.origin(lessonId, f.folder),
        answered: lessonId ? this.#store.lessons.answered(lessonId) : false,
        libraryVersion: lessonId && !shadowed ? this.#store.lessons.currentVersion(lessonId) : null,
        updatedAt,
      };
      if (!r.ok || duplicate) {
        // A lesson whose only problems are texts still to write (a step added from a template) is a draft, not broken.
        const unfinished = !r.ok && !duplicate && r.problems.every((p) => UNFINISHED.test(p.message));
        const data = dataOrNull(source);
        const steps = Array.isArray(data?.exercises) ? (data.exercises as { kind?: unknown; key?: unknown; title?: unknown }[]) : [];
        const problems = !r.ok ? r.problems.slice(0, 3).map((p) => plainMessage(p.message)) : shadowed
            ? [`Lede now comes with a lesson with the same id (“${lessonId}”), so this file is not used. Export it, delete it from your lessons folder, and import it again as a copy.`]
            : [`Another lesson file already uses the id “${lessonId}”; this one is not used.`];
        return {
          ...base,
          title: titleOf(source) ?? fileName,
          state: unfinished ? 'draft' : 'broken',
          emptySteps: steps.filter((e) => e.kind === 'highlight' && Array.isArray(e.key) && e.key.length === 0).map((e) => (typeof e.title === 'string' && e.title.trim() ? e.title : 'A highlight step')),
          problems,
          practice: data?.practice === true,
          steps: steps.length,
        };
      }
      const lesson = r.loaded.lesson;
      const empty = emptyKeySteps(lesson);
      return {
        ...base,
        title: lesson.title,
        state: empty.length ? 'draft' : 'ready',
        emptySteps: empty,
        problems: [],
        practice: lesson.practice,
        steps: lesson.exercises.length,
      };
    });
  }

  /** Every lesson id in use: in a file of either folder, or in the store (even if its file is gone). */
  usedIds(): Set<string> {
    const ids = this.#store.lessons.ids();
    for (const f of this.files()) {
      const id = this.#idOfFile(f.path);
      if (id) ids.add(id);
    }
    return ids;
  }

  /** `base`, or base-2, base-3 … : an id no lesson uses. */
  freeId(base: string): string {
    const used = this.usedIds();
    const stem = base.replace(/-\d+$/, '') || 'lesson';
    if (!used.has(base)) return base;
    for (let n = 2; ; n++) if (!used.has(`${stem}-${n}`)) return `${stem}-${n}`;
  }

  /** A new file in the teacher's folder for a lesson id (never an existing file). */
  newPath(lessonId: string): string {
    if (!LESSON_ID.test(lessonId)) throw new LedeError('invalid_input', `“${lessonId}” is not a lesson id (lower-case letters, digits and single hyphens).`);
    mkdirSync(this.mineDir, { recursive: true });
    let path = join(this.mineDir, `${lessonId}.md`);
    for (let n = 2; existsSync(path); n++) path = join(this.mineDir, `${lessonId}-${n}.md`);
    return path;
  }

  /**
   * Brings a lesson file's current text into the library students see: a complete
   * lesson is imported (a new version once anyone has answered it); a draft is not.
   */
  publish(
    path: string,
    /** The file's text as just written, already parsed (on a reading thread: imports/read.ts), so it is not parsed again here. */
    parsed?: Omit<LoadedLesson, 'file'>,
  ): { draft: boolean; library: ReturnType<Store['importLesson']>['status'] | null; version: number | null; loaded: LoadedLesson } {
    const r = parsed ? { ok: true as const, loaded: { ...parsed, file: path } } : loadLessonFile(path);
    if (!r.ok) throw new LedeError('invalid_input', `The lesson file has problems: ${r.problems.slice(0, 3).map((p) => plainMessage(p.message)).join(' ')}`);
    const loaded = r.loaded;
    if (emptyKeySteps(loaded.lesson).length > 0) return { draft: true, library: null, version: this.#store.lessons.currentVersion(loaded.lesson.id), loaded };
    const { status } = this.#store.importLesson(loaded);
    return { draft: false, library: status, version: this.#store.lessons.currentVersion(loaded.lesson.id), loaded };
  }

  /** Checks text as a lesson file (for import): the same checks as the lessons folder. */
  static check(source: string, fileName: string) {
    return parseLesson(source, fileName);
  }
}
