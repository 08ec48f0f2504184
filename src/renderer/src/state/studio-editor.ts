// The lesson editor's store: the lesson file being edited (its front matter as data),
// the live check of that data, saving, and the drafting assistant's proposals.
// Components read it through the named selectors at the bottom. Over 300 lines:
// one store for one screen (load, edit, check, save, copy, assistant, preview).
import { create } from 'zustand';
import { errorMessage } from '../../../shared/errors.ts';
import type { BodyBlock } from '../../../shared/lesson-text.ts';
import type { LessonDataDto, ProposalDto, StepTemplateDto, StudioCheckDto, StudioLessonFileDto } from '../../../shared/studio-api.ts';
import { teacherApi } from '../api/client.ts';
import { getIn, setIn, type LessonData, type Path } from '../features/studio/editor/model.ts';

/** How long the teacher may pause typing before the lesson is checked. */
export const CHECK_DELAY_MS = 250;

export interface SaveOutcome {
  kind: 'saved' | 'draft' | 'problems' | 'unchanged' | 'error';
  message: string;
}

export interface EditorFile {
  fileName: string;
  folder: StudioLessonFileDto['folder'];
  editable: boolean;
  answered: boolean;
  /** The file as opened or last saved: a save refuses to overwrite a file changed elsewhere since. */
  stamp: string;
  /** The version students see, or null. */
  libraryVersion: number | null;
}

export interface StudioEditorState {
  lessonId: string | null;
  loading: boolean;
  loadError: string | null;
  file: EditorFile | null;
  data: LessonData | null;
  body: BodyBlock[];
  check: StudioCheckDto | null;
  /** A check is waiting or running. */
  checking: boolean;
  checkError: string | null;
  /** Changed since it was opened or last saved. */
  dirty: boolean;
  /** The step shown: an index into exercises, or -1 for the lesson's details. */
  step: number;
  /** The key item (highlight) or claim (evidence) selected in the current step. */
  active: number | null;
  /** An element to move focus to once it is on screen. */
  focusTarget: { id: string; n: number } | null;
  /** Words of the article to scroll to and flash. */
  flash: { start: number; end: number; n: number } | null;
  templates: StepTemplateDto[];
  proposals: ProposalDto[];
  note: string | null;
  suggesting: boolean;
  suggestError: string | null;
  /** Proposals were asked for once (so "none" can be said). */
  suggested: boolean;
  saving: boolean;
  outcome: SaveOutcome | null;
  previewing: boolean;
  copying: boolean;

  open: (lessonId: string) => Promise<void>;
  /** Replaces the value at `path` of the data (undefined removes an optional field). */
  set: (path: Path, value: unknown) => void;
  /** Changes the value at `path` of the data. */
  update: <V>(path: Path, f: (v: V) => unknown) => void;
  setStep: (step: number) => void;
  setActive: (i: number | null) => void;
  focus: (id: string) => void;
  showInArticle: (span: { start: number; end: number }) => void;
  save: () => Promise<void>;
  suggest: () => Promise<void>;
  dropProposal: (p: ProposalDto) => void;
  setPreviewing: (on: boolean) => void;
  copy: () => Promise<string | null>;
  /** Forgets the lesson (leaving the editor without saving). */
  discard: () => void;
  dismissOutcome: () => void;
}

const EMPTY = {
  lessonId: null,
  loading: false,
  loadError: null,
  file: null,
  data: null,
  body: [],
  check: null,
  checking: false,
  checkError: null,
  dirty: false,
  step: -1,
  active: null,
  focusTarget: null,
  flash: null,
  proposals: [],
  note: null,
  suggesting: false,
  suggestError: null,
  suggested: false,
  saving: false,
  outcome: null,
  previewing: false,
  copying: false,
} satisfies Partial<StudioEditorState>;

/** What saving did, in words (studioSave writes the file even while it has problems; students then keep what they had). */
export function saveMessage(r: { changed: boolean; draft: boolean; library: string | null; version: number | null; check: StudioCheckDto }, answered: boolean): SaveOutcome {
  // A lesson students already have keeps its last complete version in their library meanwhile.
  const kept = r.version !== null ? ` Students keep the last complete version (version ${r.version}) until then.` : '';
  if (!r.check.ok) {
    const n = r.check.problems.length;
    const things = n === 1 ? '1 thing is' : `${n} things are`;
    return { kind: 'problems', message: `Saved in your lesson file, but students do not see these changes until ${things} fixed (listed above).${kept}` };
  }
  if (r.draft) {
    const steps = r.check.emptySteps.length ? ` (no key items yet in: ${r.check.emptySteps.join(', ')})` : '';
    return {
      kind: 'draft',
      message:
        r.version !== null
          ? `Saved as a draft${steps}: students do not see these changes until every highlight step has key items.${kept}`
          : `Saved as a draft: students do not see it until every highlight step has key items${steps}.`,
    };
  }
  if (!r.changed) return { kind: 'unchanged', message: 'Nothing had changed since the last save.' };
  switch (r.library) {
    case 'added':
      return { kind: 'saved', message: 'Saved. Students now find this lesson in their library.' };
    case 'new-version':
      return {
        kind: 'saved',
        message:
          r.version !== null && r.version > 1
            ? `Saved. Students see the new version from their next attempt; answers already given stay with version ${r.version - 1}.`
            : 'Saved. Students see the new version from their next attempt; answers already given stay with the version they answered.',
      };
    case 'restored':
      return { kind: 'saved', message: `Saved. This is the same as an earlier version${r.version !== null ? ` (version ${r.version})` : ''}, which students see again from their next attempt.` };
    case 'unchanged':
      return { kind: 'saved', message: 'Saved. Nothing that students see has changed.' };
    default:
      return { kind: 'saved', message: answered ? 'Saved. Students see the changes from their next attempt.' : 'Saved. Students see the changes.' };
  }
}

export const useStudioEditor = create<StudioEditorState>()((set, get) => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let checkSeq = 0;
  let focusN = 0;

  const runCheck = async () => {
    const { lessonId, data } = get();
    if (!lessonId || !data) return;
    const seq = ++checkSeq;
    try {
      const check = await teacherApi.studioCheck({ lessonId, data: data as unknown as LessonDataDto });
      if (seq === checkSeq && get().lessonId === lessonId) set({ check, checking: false, checkError: null });
    } catch (e) {
      if (seq === checkSeq) set({ checking: false, checkError: errorMessage(e) });
    }
  };

  const scheduleCheck = () => {
    clearTimeout(timer);
    set({ checking: true });
    timer = setTimeout(() => void runCheck(), CHECK_DELAY_MS);
  };

  const changed = (data: LessonData) => {
    set({ data, dirty: true, outcome: null });
    scheduleCheck();
  };

  return {
    ...EMPTY,
    templates: [],

    async open(lessonId) {
      const s = get();
      // Back to a lesson left with unsaved changes (e.g. after a preview or a cancelled navigation): keep them.
      if (s.lessonId === lessonId && s.data && s.dirty) return;
      clearTimeout(timer);
      set({ ...EMPTY, lessonId, loading: true });
      try {
        const [f, templates] = await Promise.all([teacherApi.studioOpen({ lessonId }), get().templates.length ? Promise.resolve(get().templates) : teacherApi.studioTemplates({})]);
        if (get().lessonId !== lessonId) return;
        set({
          loading: false,
          file: { fileName: f.fileName, folder: f.folder, editable: f.editable, answered: f.answered, stamp: f.stamp, libraryVersion: f.libraryVersion },
          data: f.data as unknown as LessonData,
          body: f.body,
          check: f.check,
          templates,
          step: -1,
        });
        // Open on the first step that needs work, else the first step.
        const data = f.data as unknown as LessonData;
        if (Array.isArray(data.exercises) && data.exercises.length) {
          const empty = data.exercises.findIndex((x) => x.kind === 'highlight' && Array.isArray(x.key) && x.key.length === 0);
          set({ step: Math.max(0, empty) });
        }
      } catch (e) {
        if (get().lessonId === lessonId) set({ loading: false, loadError: errorMessage(e) });
      }
    },

    set(path, value) {
      const { data, file } = get();
      if (!data || !file?.editable) return;
      if (getIn(data, path) === value) return;
      changed(setIn(data, path, value));
    },

    update(path, f) {
      const { data, file } = get();
      if (!data || !file?.editable) return;
      changed(setIn(data, path, f(getIn(data, path) as never)));
    },

    setStep(step) {
      if (step !== get().step) set({ step, active: null });
    },
    setActive(active) {
      set({ active });
    },
    focus(id) {
      set({ focusTarget: { id, n: ++focusN } });
    },
    showInArticle(span) {
      set({ flash: { start: span.start, end: span.end, n: ++focusN } });
    },

    async save() {
      const { lessonId, data, file, saving } = get();
      if (!lessonId || !data || !file?.editable || saving) return;
      clearTimeout(timer);
      set({ saving: true, outcome: null });
      try {
        const r = await teacherApi.studioSave({ lessonId, data: data as unknown as LessonDataDto, stamp: file.stamp });
        const outcome = saveMessage(r, file.answered);
        // Saved: nothing is left unsaved (unless the teacher typed on meanwhile).
        const stillSame = get().data === data;
        const current = get().file;
        set({ saving: false, outcome, check: r.check, checking: false, dirty: !stillSame, ...(current ? { file: { ...current, stamp: r.stamp, libraryVersion: r.check.ok && !r.draft ? r.version : current.libraryVersion } } : {}) });
        if (!stillSame) scheduleCheck();
      } catch (e) {
        set({ saving: false, outcome: { kind: 'error', message: `Not saved: ${errorMessage(e)}` } });
      }
    },

    async suggest() {
      const { lessonId, data } = get();
      if (!lessonId || !data) return;
      set({ suggesting: true, suggestError: null });
      try {
        const r = await teacherApi.studioSuggest({ lessonId, data: data as unknown as LessonDataDto });
        set({ suggesting: false, suggested: true, proposals: r.proposals, note: r.note });
      } catch (e) {
        set({ suggesting: false, suggestError: errorMessage(e) });
      }
    },

    dropProposal(p) {
      set({ proposals: get().proposals.filter((x) => x !== p) });
    },

    setPreviewing(previewing) {
      set({ previewing });
    },

    async copy() {
      const { lessonId } = get();
      if (!lessonId) return null;
      set({ copying: true });
      try {
        const r = await teacherApi.studioCopy({ lessonId });
        set({ copying: false });
        return r.lessonId;
      } catch (e) {
        set({ copying: false, outcome: { kind: 'error', message: `No copy was made: ${errorMessage(e)}` } });
        return null;
      }
    },

    discard() {
      clearTimeout(timer);
      checkSeq++;
      set({ ...EMPTY });
    },

    dismissOutcome() {
      set({ outcome: null });
    },
  };
});

// ── Named selectors ──────────────────────────────────────────────────
export const selectEditorData = (s: StudioEditorState) => s.data;
export const selectEditorFile = (s: StudioEditorState) => s.file;
export const selectEditorBody = (s: StudioEditorState) => s.body;
export const selectEditorStep = (s: StudioEditorState) => s.step;
export const selectEditorActive = (s: StudioEditorState) => s.active;
export const selectEditorCheck = (s: StudioEditorState) => s.check;
export const selectEditorDirty = (s: StudioEditorState) => s.dirty;
export const selectEditorPreviewing = (s: StudioEditorState) => s.previewing;
export const selectEditorTemplates = (s: StudioEditorState) => s.templates;
export const selectFocusTarget = (s: StudioEditorState) => s.focusTarget;
export const selectEditable = (s: StudioEditorState) => s.file?.editable ?? false;
export const selectSet = (s: StudioEditorState) => s.set;
export const selectUpdate = (s: StudioEditorState) => s.update;

/** Use with useShallow. */
export const selectEditorShell = (s: StudioEditorState) => ({
  lessonId: s.lessonId,
  loading: s.loading,
  loadError: s.loadError,
  hasData: s.data !== null,
  previewing: s.previewing,
  open: s.open,
  discard: s.discard,
  setPreviewing: s.setPreviewing,
});

/** Use with useShallow. */
export const selectSaveBar = (s: StudioEditorState) => ({
  title: s.data?.title ?? '',
  file: s.file,
  dirty: s.dirty,
  saving: s.saving,
  outcome: s.outcome,
  checking: s.checking,
  checkError: s.checkError,
  copying: s.copying,
  save: s.save,
  copy: s.copy,
  setPreviewing: s.setPreviewing,
  dismissOutcome: s.dismissOutcome,
});

/** Use with useShallow. */
export const selectAssistant = (s: StudioEditorState) => ({
  proposals: s.proposals,
  note: s.note,
  suggesting: s.suggesting,
  suggestError: s.suggestError,
  suggested: s.suggested,
  suggest: s.suggest,
  dropProposal: s.dropProposal,
});

/** Use with useShallow. */
export const selectNavigation = (s: StudioEditorState) => ({ step: s.step, setStep: s.setStep, setActive: s.setActive, focus: s.focus, showInArticle: s.showInArticle });
export const selectFlash = (s: StudioEditorState) => s.flash;
