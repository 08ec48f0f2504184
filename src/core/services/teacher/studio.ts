import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { basename } from 'node:path';
import { parseDocument } from 'yaml';
import { LedeError } from '../../../shared/errors.ts';
import { evidencePrerequisites, quotedList, toPublicLesson, type Lesson } from '../../../shared/lesson.ts';
import { lessonText } from '../../../shared/lesson-text.ts';
import type { ExtractedArticleDto, ProposalDto } from '../../../shared/studio-api.ts';
import { MAX_LESSON_BYTES } from '../../lessons/load.ts';
import { lessonBody, parseLesson } from '../../lessons/parse.ts';
import type { ExerciseFile } from '../../lessons/schema.ts';
import { scoreExercise } from '../../scoring/attempt.ts';
import { proposeKeyItems, type AssistantStep } from '../../studio/assistant.ts';
import { checkForStudio, plainMessage } from '../../studio/check.ts';
import { draftLessonSource, lessonIdFrom } from '../../studio/draft.ts';
import type { ExtractedArticle } from '../../studio/extract.ts';
import { readArticle, readLesson, readPasted } from '../../imports/read.ts';
import { writeFileAtomic, type StudioLibrary } from '../../studio/library.ts';
import { frontMatterOf, patchFrontMatter, replaceBody } from '../../studio/patch.ts';
import { HIGHLIGHT_TEMPLATES, STEP_TEMPLATES } from '../../studio/templates.ts';
import { toFeedback } from '../lede-service.ts';
import { ok, type HandlersFor, type TeacherDeps } from './types.ts';

/** Where no lessons folder was given (a test's backend): every studio call says so. */
function unavailable(): StudioLibrary {
  return new Proxy({} as StudioLibrary, {
    get: () => () => {
      throw new LedeError('unavailable', 'The lesson studio needs a lessons folder, and this server has none.');
    },
  });
}

// The lesson studio's calls (src/shared/studio-api.ts): files in the teacher's
// lessons folder made, edited, checked, tried, shared. Every edit goes through the
// lesson file (patch.ts writes only what changed) and the same checks as any lesson.

export type StudioHandlers = HandlersFor<
  | 'studioLessons'
  | 'studioTemplates'
  | 'studioExtract'
  | 'studioCreate'
  | 'studioCopy'
  | 'studioOpen'
  | 'studioCheck'
  | 'studioSave'
  | 'studioSuggest'
  | 'studioPreview'
  | 'studioPreviewCheck'
  | 'studioExport'
  | 'studioImport'
  | 'studioDelete'
>;

/** A short fingerprint of a file's text: a save refuses to overwrite a file changed since it was opened. */
const stampOf = (source: string) => createHash('sha256').update(source).digest('base64url').slice(0, 22);

/** A title in quotation marks, unless it begins with one already. */
const quoted = (t: string) => (/^[“"‘']/.test(t) ? t : `“${t}”`);

/** A lesson file's title, if its front matter reads. */
const titleIn = (source: string): string | null => {
  try {
    const t = dataOf(source).title;
    return typeof t === 'string' ? t : null;
  } catch {
    return null;
  }
};

const dataOf = (source: string): Record<string, unknown> => {
  const doc = parseDocument(frontMatterOf(source.replace(/^\uFEFF/, '')).text);
  if (doc.errors.length) throw new LedeError('invalid_input', 'The lesson file has a mistake the studio cannot read past (the Lessons screen says what it is). Fix it in a text editor, or ask whoever made the file.');
  const data: unknown = doc.toJS();
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new LedeError('invalid_input', 'The lesson file has no fields in its front matter.');
  return data as Record<string, unknown>;
};

function toDto(a: ExtractedArticle): ExtractedArticleDto {
  return {
    format: a.format,
    headline: a.headline,
    ...(a.standfirst ? { standfirst: a.standfirst } : {}),
    ...(a.byline ? { byline: a.byline } : {}),
    ...(a.outlet ? { outlet: a.outlet } : {}),
    ...(a.date ? { date: a.date } : {}),
    ...(a.url ? { url: a.url } : {}),
    ...(a.image?.caption ? { imageCaption: a.image.caption } : {}),
    ...(a.image?.credit ? { imageCredit: a.image.credit } : {}),
    ...(a.language ? { language: a.language } : {}),
    blocks: a.blocks.map((b) => ({ kind: b.kind, text: b.text, debris: b.debris === true })),
  };
}

/** Step ids made unique within a lesson (a second Sources step is sources-2). */
function uniqueSteps(steps: ExerciseFile[]): ExerciseFile[] {
  const used = new Set<string>();
  return steps.map((s) => {
    let id = s.id;
    for (let n = 2; used.has(id); n++) id = `${s.id}-${n}`;
    used.add(id);
    return { ...s, id };
  });
}

/** Which of the assistant's step kinds a highlight step is: the one whose labels it has. */
function assistantKind(labels: unknown): AssistantStep | null {
  if (!Array.isArray(labels)) return null;
  const ids = new Set(labels.map((l: unknown) => (l && typeof l === 'object' && 'id' in l ? String((l as { id: unknown }).id) : '')));
  const kinds: AssistantStep[] = ['sources', 'framing', 'unverified'];
  return kinds.find((k, i) => HIGHLIGHT_TEMPLATES[i]!.labels.every((l) => ids.has(l.id))) ?? null;
}

export function studioHandlers({ store, studio: library }: Pick<TeacherDeps, 'store' | 'studio'>): StudioHandlers {
  const studio = library ?? unavailable();
  /** The lesson's file with the edit written in (nothing saved), after the checks every edit gets. */
  const edited = (lessonId: string, data: Record<string, unknown>, body?: { kind: 'paragraph' | 'subheading'; text: string }[]) => {
    const file = studio.find(lessonId);
    if (data.id !== lessonId) throw new LedeError('invalid_input', 'A lesson’s id cannot be changed in the studio: make a copy instead.');
    let source = patchFrontMatter(file.source, data);
    if (body !== undefined) {
      if (!body.some((b) => b.kind === 'paragraph' && b.text.trim())) throw new LedeError('invalid_input', 'The article needs at least one paragraph.');
      source = replaceBody(source, body, lessonBody(file.source) ?? []);
    }
    if (Buffer.byteLength(source) > MAX_LESSON_BYTES) throw new LedeError('too_large', `The lesson would be larger than ${MAX_LESSON_BYTES / 1024 / 1024} MB.`);
    return { file, source };
  };
  /** The lesson an edit gives, or the first problems in plain words. */
  const lessonOf = (source: string, fileName: string): Lesson => {
    const r = parseLesson(source, fileName);
    if (!r.ok) throw new LedeError('invalid_input', `Fix the lesson’s problems first: ${r.problems.slice(0, 3).map((p) => plainMessage(p.message)).join(' ')}`);
    return r.lesson;
  };

  return {
    studioLessons: () => studio.list(),
    studioTemplates: () => STEP_TEMPLATES.map((t) => ({ ...t, step: t.step as unknown as Record<string, unknown> })),

    studioExtract: async ({ fileName, base64, text }) => {
      if (text !== undefined) {
        if (!text.trim()) throw new LedeError('invalid_input', 'Paste the article’s text first.');
        return toDto(await readPasted(text));
      }
      if (base64 === undefined) throw new LedeError('invalid_input', 'Choose a file, or paste the article’s text.');
      // Read apart from the class (imports/read.ts): a hostile file costs its own thread, never this one.
      return toDto(await readArticle(fileName, Buffer.from(base64, 'base64')));
    },

    studioCreate: ({ article, steps, from }) => {
      const lessonId = studio.freeId(lessonIdFrom(article.headline));
      const templates = steps.map((id) => STEP_TEMPLATES.find((t) => t.template === id)!.step);
      const extracted: ExtractedArticle = {
        format: 'text',
        headline: article.headline,
        ...(article.standfirst ? { standfirst: article.standfirst } : {}),
        ...(article.byline ? { byline: article.byline } : {}),
        ...(article.outlet ? { outlet: article.outlet } : {}),
        ...(article.date ? { date: article.date } : {}),
        ...(article.url ? { url: article.url } : {}),
        ...(article.imageCaption || article.imageCredit
          ? { image: { ...(article.imageCaption ? { caption: article.imageCaption } : {}), ...(article.imageCredit ? { credit: article.imageCredit } : {}) } }
          : {}),
        ...(article.language ? { language: article.language } : {}),
        blocks: article.blocks.map((b) => ({ kind: b.kind, text: b.text.replace(/\s+/g, ' ').trim() })).filter((b) => b.text),
      };
      if (article.url && !URL.canParse(article.url)) throw new LedeError('invalid_input', 'The web address is not a full address (it should start with https://).');
      const source = draftLessonSource(extracted, {
        id: lessonId,
        ...(from ? { from } : {}),
        date: new Date().toISOString().slice(0, 10),
        steps: uniqueSteps(templates.length ? templates : [...HIGHLIGHT_TEMPLATES]),
      });
      if (Buffer.byteLength(source) > MAX_LESSON_BYTES) throw new LedeError('too_large', `The article is too long for one lesson (at most ${MAX_LESSON_BYTES / 1024 / 1024} MB).`);
      writeFileAtomic(studio.newPath(lessonId), source);
      store.lessons.setOrigin(lessonId, { kind: 'studio' });
      return { lessonId };
    },

    studioCopy: ({ lessonId }) => {
      const file = studio.find(lessonId);
      const data = dataOf(file.source);
      const copyId = studio.freeId(`${lessonId}-copy`);
      const title = typeof data.title === 'string' ? `${data.title} (copy)` : copyId;
      const source = patchFrontMatter(file.source, { ...data, id: copyId, title });
      if (Buffer.byteLength(source) > MAX_LESSON_BYTES) throw new LedeError('too_large', `The copy would be larger than ${MAX_LESSON_BYTES / 1024 / 1024} MB.`);
      const path = studio.newPath(copyId);
      writeFileAtomic(path, source);
      store.lessons.setOrigin(copyId, { kind: 'studio' });
      // A complete lesson in the teacher's folder is in the library, as at start-up.
      if (checkForStudio(source).ok) studio.publish(path);
      return { lessonId: copyId };
    },

    studioOpen: ({ lessonId }) => {
      const file = studio.find(lessonId);
      const check = checkForStudio(file.source, basename(file.path));
      return {
        lessonId,
        fileName: basename(file.path),
        folder: file.folder,
        editable: file.folder === 'mine',
        answered: store.lessons.answered(lessonId),
        stamp: stampOf(file.source),
        libraryVersion: store.lessons.currentVersion(lessonId),
        data: dataOf(file.source),
        body: lessonBody(file.source) ?? [],
        check: { ok: check.ok, problems: check.problems, warnings: check.warnings, emptySteps: check.emptySteps },
      };
    },

    studioCheck: ({ lessonId, data, body }) => {
      const { file, source } = edited(lessonId, data, body);
      const { lesson: _lesson, ...check } = checkForStudio(source, basename(file.path));
      return check;
    },

    studioSave: ({ lessonId, data, body, stamp }) => {
      const { file, source } = edited(lessonId, data, body);
      if (file.folder !== 'mine') throw new LedeError('forbidden', 'This lesson comes with Lede and cannot be changed: make a copy of it to edit.');
      if (stamp !== undefined && stamp !== stampOf(file.source)) {
        throw new LedeError(
          'conflict',
          'The lesson file was changed somewhere else since you opened it (in another window, or in a text editor), so it was not overwritten. Copy what you wrote, open the lesson again, and make your change there.',
        );
      }
      const { lesson: _lesson, ...check } = checkForStudio(source, basename(file.path));
      const changed = source !== file.source;
      if (changed) writeFileAtomic(file.path, source);
      const saved = { changed, stamp: stampOf(source), check };
      if (!check.ok) return { ...saved, draft: false, library: null, version: store.lessons.currentVersion(lessonId) };
      const published = studio.publish(file.path);
      return { ...saved, draft: published.draft, library: published.library, version: published.version };
    },

    studioSuggest: ({ lessonId, data, body }) => {
      const { source } = edited(lessonId, data, body);
      const article = data.article as { headline?: unknown; standfirst?: unknown; byline?: unknown; image?: unknown; outlet?: unknown } | undefined;
      if (!article || typeof article.headline !== 'string') throw new LedeError('invalid_input', 'Give the article its headline first.');
      const head = {
        headline: article.headline,
        ...(typeof article.standfirst === 'string' ? { standfirst: article.standfirst } : {}),
        ...(typeof article.byline === 'string' ? { byline: article.byline } : {}),
        ...(article.image && typeof article.image === 'object' ? { image: article.image as { caption?: string; credit?: string } } : {}),
      };
      const { text, blocks } = lessonText(head, lessonBody(source) ?? []);
      const language = typeof data.language === 'string' ? data.language : 'en';
      if (!/^en\b/i.test(language)) return { proposals: [], note: 'The assistant reads English only, so it has no proposals for this lesson. Add key items by selecting words in the article.' };
      const exercises = Array.isArray(data.exercises) ? (data.exercises as Record<string, unknown>[]) : [];
      const steps = exercises
        .filter((e) => e && e.kind === 'highlight' && typeof e.id === 'string')
        .map((e) => ({ id: e.id as string, kind: assistantKind(e.labels), key: Array.isArray(e.key) ? (e.key as Record<string, unknown>[]) : [] }))
        .filter((s): s is { id: string; kind: AssistantStep; key: Record<string, unknown>[] } => s.kind !== null);
      if (steps.length === 0) {
        return { proposals: [], note: 'The assistant proposes key items for Sources, Framing and Unverified statements steps (with their usual labels); this lesson has none.' };
      }
      // What the key already holds (by the same label) is not proposed again.
      const keyed = new Map<string, { start: number; end: number; label: string }[]>();
      const parsed = parseLesson(source, 'lesson.md');
      if (parsed.ok) {
        for (const ex of parsed.lesson.exercises) {
          if (ex.kind === 'highlight') keyed.set(ex.id, ex.key.flatMap((it) => it.mentions.map((m) => ({ start: m.start, end: m.end, label: it.label }))));
        }
      }
      const outlet = typeof article.outlet === 'string' ? article.outlet : undefined;
      const proposals: ProposalDto[] = [];
      for (const p of proposeKeyItems({ text, blocks, language, ...(outlet ? { article: { outlet } } : {}) })) {
        for (const s of steps.filter((x) => x.kind === p.exercise)) {
          const taken = (keyed.get(s.id) ?? []).some((k) => k.label === p.label && k.start < p.end && p.start < k.end);
          if (!taken) proposals.push({ exerciseId: s.id, start: p.start, end: p.end, quote: p.quote, label: p.label, reason: p.reason, ...(p.core ? { coreStart: p.core.start, coreEnd: p.core.end } : {}) });
        }
      }
      return { proposals, note: null };
    },

    studioPreview: ({ lessonId, data, body, checked }) => {
      const { file, source } = edited(lessonId, data, body);
      return toPublicLesson(lessonOf(source, basename(file.path)), new Set(checked));
    },

    studioPreviewCheck: ({ lessonId, data, body, exerciseId, answer, checked }) => {
      const { file, source } = edited(lessonId, data, body);
      const lesson = lessonOf(source, basename(file.path));
      const ex = lesson.exercises.find((e) => e.id === exerciseId);
      if (!ex) throw new LedeError('not_found', 'This lesson has no such step.');
      if (ex.kind === 'evidence') {
        const missing = evidencePrerequisites(lesson, ex.id).filter((p) => !checked.includes(p.id));
        if (missing.length) throw new LedeError('conflict', `Check ${quotedList(missing.map((m) => m.title))} first: this step’s feedback would give away their keys.`);
      }
      return toFeedback(scoreExercise(ex, answer));
    },

    studioExport: ({ lessonId }) => {
      const file = studio.find(lessonId);
      return { fileName: basename(file.path), text: file.source };
    },

    studioImport: async ({ fileName, base64, ifExists }) => {
      const bytes = Buffer.from(base64, 'base64');
      if (bytes.length > MAX_LESSON_BYTES) throw new LedeError('too_large', `“${fileName}” is larger than ${MAX_LESSON_BYTES / 1024 / 1024} MB: a lesson file is smaller.`);
      const decoded = studio.decode(bytes, fileName);
      let source = decoded;
      const r = await readLesson(source, fileName);
      if (!r.ok) {
        // The first different problems, each with its line (whoever fixes the file needs it), once each.
        const seen = new Set<string>();
        const lines: string[] = [];
        for (const p of r.problems) {
          const m = plainMessage(p.message, 'file').replace(/\.$/, '');
          if (seen.has(m)) continue;
          seen.add(m);
          lines.push(`${m} (line ${p.line}).`);
        }
        const more = lines.length > 3 ? ` And ${lines.length - 3} more.` : '';
        throw new LedeError('invalid_input', `“${fileName}” is not a lesson Lede can use. ${lines.slice(0, 3).join(' ')}${more} Ask whoever made it for a corrected file, or correct it in a text editor.`);
      }
      let lessonId = r.lesson.id;
      let target: string | null = null;
      const existing = (() => {
        try {
          return studio.find(lessonId);
        } catch {
          return null;
        }
      })();
      // A lesson this computer had (students answered it) whose file is gone: the same text restores it; another one
      // would become a new version of it, so that is asked first, like any lesson already there.
      const orphan = !existing && store.lessons.ids().has(lessonId) && store.lessons.versionIdByHash(lessonId, r.lesson.hash) === undefined;
      if (orphan && ifExists === 'refuse') {
        throw new LedeError(
          'conflict',
          `A lesson with this id (“${lessonId}”) was on this computer before, and students’ answers keep its text. Import this one as a copy, or replace it (it becomes a new version of that lesson).`,
        );
      }
      /** This lesson under a free id, titled as a copy (students then see two cards they can tell apart). */
      const asCopy = () => {
        lessonId = studio.freeId(r.lesson.id);
        source = patchFrontMatter(source, { ...dataOf(source), id: lessonId, title: `${r.lesson.title} (copy)` });
      };
      if (orphan && ifExists === 'copy') asCopy();
      if (existing) {
        if (ifExists === 'refuse') {
          throw new LedeError(
            'conflict',
            existing.folder === 'mine'
              ? `You already have this lesson (${quoted(titleIn(existing.source) ?? r.lesson.title)}, file ${basename(existing.path)}). Replace it with this file, or import this one as a copy.`
              : `This lesson comes with Lede (${quoted(titleIn(existing.source) ?? r.lesson.title)}). Import this one as a copy.`,
          );
        }
        if (ifExists === 'replace') {
          if (existing.folder !== 'mine') throw new LedeError('forbidden', 'A lesson that comes with Lede cannot be replaced: import this one as a copy.');
          target = existing.path;
        } else {
          asCopy();
        }
      }
      if (Buffer.byteLength(source) > MAX_LESSON_BYTES) throw new LedeError('too_large', `The lesson would be larger than ${MAX_LESSON_BYTES / 1024 / 1024} MB.`);
      // The text as written, parsed apart too when it was renamed as a copy: nothing of it is parsed on this thread.
      const final = source === decoded ? r : await readLesson(source, fileName);
      if (!final.ok) throw new LedeError('internal', `The copy of “${fileName}” could not be read back: ${plainMessage(final.problems[0]?.message ?? '')}`);
      writeFileAtomic(target ?? studio.newPath(lessonId), source);
      store.lessons.setOrigin(lessonId, { kind: 'imported', fileName: basename(fileName) });
      const published = studio.publish(target ?? studio.find(lessonId).path, {
        lesson: final.lesson,
        source,
        ...(final.warnings.length ? { warnings: final.warnings } : {}),
      });
      return {
        lessonId,
        title: titleIn(source) ?? r.lesson.title,
        replaced: target !== null,
        draft: published.draft,
        warnings: (r.warnings ?? []).map((w) => plainMessage(w.message)),
      };
    },

    studioDelete: ({ lessonId }) => {
      const file = studio.editable(lessonId);
      if (store.lessons.answered(lessonId)) {
        throw new LedeError('conflict', 'Students have answered this lesson, so it stays: their results need its text. You can still change it (a change becomes a new version).');
      }
      if (store.lessons.usedInClass(lessonId)) {
        throw new LedeError('conflict', 'This lesson was used in a live class, so it stays: the class’s record needs it. You can still change it.');
      }
      store.lessons.remove(lessonId);
      rmSync(file.path);
      store.lessons.forgetOrigin(lessonId);
      return ok;
    },
  };
}
