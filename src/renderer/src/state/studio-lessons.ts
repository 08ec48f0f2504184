// The lesson studio's list of lessons and the new lesson being made (teacher area).
// The lessons come from the backend (studioLessons); the new lesson's article is kept
// here, not in the screen, so going back by accident (the browser's Back button, the
// Classes tab) loses nothing: it is there again on "New lesson" until it is created or
// discarded. Components read this store through the named selectors below.
import { create } from 'zustand';
import type { ExtractedArticleDto, StepTemplateDto, StepTemplateId, StudioLessonDto } from '../../../shared/studio-api.ts';
import { errorMessage, LedeError } from '../../../shared/errors.ts';
import { teacherApi } from '../api/client.ts';
import { FILE_LIMITS, fileToBase64, tooLarge } from '../features/studio/files.ts';

/** The article fields the teacher checks, all as plain text ('' for none). */
export const ARTICLE_FIELDS = ['headline', 'standfirst', 'byline', 'outlet', 'date', 'url', 'imageCaption', 'imageCredit', 'language'] as const;
export type ArticleField = (typeof ARTICLE_FIELDS)[number];

export interface DraftBlock {
  /** Stable while the teacher edits and removes blocks (React's key, focus after a removal). */
  key: number;
  kind: 'paragraph' | 'subheading';
  text: string;
  /** Flagged by the server as page furniture ("author-image", "New Update"). */
  debris: boolean;
}

export interface NewLessonDraft {
  /** The file the article came from ('pasted.txt' for pasted text). */
  from: string;
  format: ExtractedArticleDto['format'];
  fields: Record<ArticleField, string>;
  blocks: DraftBlock[];
  steps: StepTemplateId[];
}

/** The steps a new lesson starts with, unless the teacher changes them. */
export const DEFAULT_STEPS: readonly StepTemplateId[] = ['sources', 'framing', 'unverified'];

let nextKey = 1;

export function draftFromExtracted(from: string, a: ExtractedArticleDto): NewLessonDraft {
  return {
    from,
    format: a.format,
    fields: {
      headline: a.headline,
      standfirst: a.standfirst ?? '',
      byline: a.byline ?? '',
      outlet: a.outlet ?? '',
      date: a.date ?? '',
      url: a.url ?? '',
      imageCaption: a.imageCaption ?? '',
      imageCredit: a.imageCredit ?? '',
      language: a.language ?? '',
    },
    blocks: a.blocks.map((b) => ({ key: nextKey++, kind: b.kind, text: b.text, debris: b.debris })),
    steps: [...DEFAULT_STEPS],
  };
}

/** Importing a lesson file, step by step. */
export type ImportState =
  | { phase: 'idle' }
  | { phase: 'reading' | 'sending'; fileName: string }
  /** A lesson with the file's id is in the teacher's folder already: replace it, import a copy, or not. */
  | { phase: 'conflict'; fileName: string; base64: string; message: string }
  | { phase: 'done'; fileName: string; lessonId: string; title: string; replaced: boolean; draft: boolean; warnings: string[] }
  | { phase: 'refused'; fileName: string; message: string };

export interface StudioLessonsState {
  lessons: StudioLessonDto[] | null;
  /** The list could not be read (in plain words). */
  listProblem: string | null;
  templates: StepTemplateDto[] | null;
  /** What the teacher pasted, kept until a lesson is made from it. */
  paste: { headline: string; text: string };
  /** The article taken from a file or the paste, being checked; null before one is taken. */
  draft: NewLessonDraft | null;
  importing: ImportState;
  /** An article file dropped on the Lessons screen, for New lesson to open as if chosen there. */
  incoming: File | null;

  loadLessons: () => Promise<void>;
  loadTemplates: () => Promise<void>;
  setPaste: (paste: { headline: string; text: string }) => void;
  setDraft: (draft: NewLessonDraft | null) => void;
  setField: (field: ArticleField, value: string) => void;
  setBlockText: (key: number, text: string) => void;
  removeBlock: (key: number) => void;
  removeDebris: () => void;
  toggleStep: (step: StepTemplateId, on: boolean) => void;
  keepBlock: (key: number) => void;
  /** Forgets the new lesson (created, or discarded by the teacher). */
  discardNew: () => void;
  /** Reads a lesson file and sends it to the server (refused here first when it is too large). */
  importFile: (file: File) => Promise<void>;
  /** The answer to "a lesson with this id is already yours". */
  resolveConflict: (choice: 'replace' | 'copy' | 'cancel') => Promise<void>;
  clearImport: () => void;
  /** A file that is not a lesson file nor an article: said where an import's refusal is. */
  refuseFile: (fileName: string, message: string) => void;
  setIncoming: (file: File | null) => void;
  /** Leaving the list: an import's outcome is not shown again later (a question still waiting is). */
  forgetFinishedImport: () => void;
}

export const useStudioLessons = create<StudioLessonsState>()((set, get) => {
  const editDraft = (f: (d: NewLessonDraft) => NewLessonDraft) => {
    const d = get().draft;
    if (d) set({ draft: f(d) });
  };
  const send = async (fileName: string, base64: string, ifExists: 'refuse' | 'replace' | 'copy') => {
    set({ importing: { phase: 'sending', fileName } });
    try {
      const r = await teacherApi.studioImport({ fileName, base64, ifExists });
      set({ importing: { phase: 'done', fileName, ...r } });
      await get().loadLessons();
    } catch (e) {
      if (e instanceof LedeError && e.code === 'conflict' && ifExists === 'refuse') set({ importing: { phase: 'conflict', fileName, base64, message: e.message } });
      else set({ importing: { phase: 'refused', fileName, message: errorMessage(e) } });
    }
  };
  return {
    lessons: null,
    listProblem: null,
    templates: null,
    paste: { headline: '', text: '' },
    draft: null,
    importing: { phase: 'idle' },
    incoming: null,

    async loadLessons() {
      try {
        set({ lessons: await teacherApi.studioLessons({}), listProblem: null });
      } catch (e) {
        set({ listProblem: errorMessage(e) });
      }
    },
    async loadTemplates() {
      if (get().templates) return;
      set({ templates: await teacherApi.studioTemplates({}) });
    },
    setPaste: (paste) => set({ paste }),
    setDraft: (draft) => set({ draft }),
    setField: (field, value) => editDraft((d) => ({ ...d, fields: { ...d.fields, [field]: value } })),
    setBlockText: (key, text) => editDraft((d) => ({ ...d, blocks: d.blocks.map((b) => (b.key === key ? { ...b, text } : b)) })),
    removeBlock: (key) => editDraft((d) => ({ ...d, blocks: d.blocks.filter((b) => b.key !== key) })),
    removeDebris: () => editDraft((d) => ({ ...d, blocks: d.blocks.filter((b) => !b.debris) })),
    toggleStep: (step, on) => editDraft((d) => ({ ...d, steps: on ? [...new Set([...d.steps, step])] : d.steps.filter((s) => s !== step) })),
    keepBlock: (key) => editDraft((d) => ({ ...d, blocks: d.blocks.map((b) => (b.key === key ? { ...b, debris: false } : b)) })),
    discardNew: () => set({ draft: null, paste: { headline: '', text: '' } }),

    async importFile(file) {
      const fileName = file.name;
      const big = tooLarge(file, FILE_LIMITS.lessonBytes, 'a lesson file');
      if (big) return set({ importing: { phase: 'refused', fileName, message: big } });
      set({ importing: { phase: 'reading', fileName } });
      let base64: string;
      try {
        base64 = await fileToBase64(file);
      } catch {
        return set({ importing: { phase: 'refused', fileName, message: `“${fileName}” could not be read from this computer. Try choosing it again.` } });
      }
      await send(fileName, base64, 'refuse');
    },
    async resolveConflict(choice) {
      const i = get().importing;
      if (i.phase !== 'conflict') return;
      if (choice === 'cancel') return set({ importing: { phase: 'idle' } });
      await send(i.fileName, i.base64, choice);
    },
    clearImport: () => set({ importing: { phase: 'idle' } }),
    refuseFile: (fileName, message) => set({ importing: { phase: 'refused', fileName, message } }),
    setIncoming: (incoming) => set({ incoming }),
    forgetFinishedImport: () => {
      const { phase } = get().importing;
      if (phase === 'done' || phase === 'refused') set({ importing: { phase: 'idle' } });
    },
  };
});

// ── Named selectors (several values: with useShallow) ────────────────
export const selectStudioList = (s: StudioLessonsState) => ({ lessons: s.lessons, listProblem: s.listProblem, loadLessons: s.loadLessons });
export const selectLoadLessons = (s: StudioLessonsState) => s.loadLessons;
export const selectNewLessonSource = (s: StudioLessonsState) => ({ paste: s.paste, setPaste: s.setPaste, setDraft: s.setDraft, draft: s.draft, discardNew: s.discardNew });
export const selectDraft = (s: StudioLessonsState) => s.draft;
export const selectDraftActions = (s: StudioLessonsState) => ({
  setField: s.setField,
  setBlockText: s.setBlockText,
  removeBlock: s.removeBlock,
  removeDebris: s.removeDebris,
  toggleStep: s.toggleStep,
  keepBlock: s.keepBlock,
  setDraft: s.setDraft,
  discardNew: s.discardNew,
});
export const selectTemplates = (s: StudioLessonsState) => ({ templates: s.templates, loadTemplates: s.loadTemplates });
/** Whether the teacher has typed or taken anything for a new lesson (leaving asks first). */
export const selectNewLessonStarted = (s: StudioLessonsState) => s.draft !== null || s.paste.text.trim() !== '' || s.paste.headline.trim() !== '';
export const selectImport = (s: StudioLessonsState) => ({ importing: s.importing, importFile: s.importFile, resolveConflict: s.resolveConflict, clearImport: s.clearImport });
export const selectImportFile = (s: StudioLessonsState) => s.importFile;
/** Use with useShallow. */
export const selectDropActions = (s: StudioLessonsState) => ({ importFile: s.importFile, refuseFile: s.refuseFile, setIncoming: s.setIncoming });
export const selectIncoming = (s: StudioLessonsState) => s.incoming;
export const selectSetIncoming = (s: StudioLessonsState) => s.setIncoming;
export const selectForgetFinishedImport = (s: StudioLessonsState) => s.forgetFinishedImport;
