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
  focusTarget: { id: string; n: number; fallback?: string } | null;
  /** Words of the article to scroll to and flash. */
  flash: { start: number; end: number; n: number } | null;
  templates: StepTemplateDto[];
  /** The article's body was changed in the editor: it goes with every check, save, suggestion and preview. */
  bodyEdited: boolean;
  proposals: ProposalDto[];
  /** Proposals accepted or dismissed while the lesson is open (`handledKey`): never listed again. */
  handled: ReadonlySet<string>;
  /** A refusal or a notice for the current step, shown beside its key (cleared when the step changes). */
  notice: { step: number; text: string; n: number } | null;
  /** Explanation fields of items just made: their "it is empty" is a quiet hint until the field is left or a save is tried. */
  quiet: ReadonlySet<string>;
  /** On a phone: which half of the editor is shown. */
  pane: 'article' | 'step';
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
  /** Moves focus to the element `id` once it is on screen (else to `fallback`). */
  focus: (id: string, fallback?: string) => void;
  /** Replaces the article's body (paragraphs and subheadings). */
  setBody: (body: BodyBlock[]) => void;
  dropProposal: (p: ProposalDto) => void;
  say: (text: string | null) => void;
  hush: (anchor: string) => void;
  unhush: (anchor: string) => void;
  setPane: (pane: 'article' | 'step') => void;
  showInArticle: (span: { start: number; end: number }) => void;
  save: () => Promise<void>;
  suggest: () => Promise<void>;
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
  bodyEdited: false,
  proposals: [],
  handled: new Set<string>(),
  notice: null,
  quiet: new Set<string>(),
  pane: 'article',
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

/** What makes a proposal the same proposal: its step, its words and its label. */
export const handledKey = (p: Pick<ProposalDto, 'exerciseId' | 'quote' | 'label'>) => `${p.exerciseId}\u0000${p.quote}\u0000${p.label}`;

/** The body as an edit sends it: emptied paragraphs are left out. */
const bodyToSend = (body: readonly BodyBlock[]) => body.filter((b) => b.text.trim() !== '').map((b) => ({ kind: b.kind as 'paragraph' | 'subheading', text: b.text }));

export const useStudioEditor = create<StudioEditorState>()((set, get) => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let checkSeq = 0;
  let focusN = 0;

  /** The edit as the server takes it: the data, and the body once the teacher changed it. */
  const edit = () => {
    const { lessonId, data, body, bodyEdited } = get();
    return { lessonId: lessonId!, data: data as unknown as LessonDataDto, ...(bodyEdited ? { body: bodyToSend(body) } : {}) };
  };

  const runCheck = async () => {
    const { lessonId, data } = get();
    if (!lessonId || !data) return;
    const seq = ++checkSeq;
    try {
      const check = await teacherApi.studioCheck(edit());
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

  /** The article's words changed: the proposals' places are stale, so they go (the teacher asks again). */
  const articleChanged = () => {
    if (get().proposals.length || get().suggested) set({ proposals: [], suggested: false, note: 'The article’s text changed: ask for proposals again.' });
  };

  const changed = (data: LessonData, path?: Path) => {
    if (path?.[0] === 'article') articleChanged();
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
      changed(setIn(data, path, value), path);
    },

    update(path, f) {
      const { data, file } = get();
      if (!data || !file?.editable) return;
      changed(setIn(data, path, f(getIn(data, path) as never)), path);
    },

    setBody(body) {
      const { data, file } = get();
      if (!data || !file?.editable) return;
      articleChanged();
      set({ body, bodyEdited: true, dirty: true, outcome: null });
      scheduleCheck();
    },

    setStep(step) {
      if (step !== get().step) set({ step, active: null, notice: null });
    },
    setActive(active) {
      set({ active });
    },
    focus(id, fallback) {
      set({ focusTarget: { id, n: ++focusN, ...(fallback ? { fallback } : {}) } });
    },
    say(text) {
      set({ notice: text === null ? null : { step: get().step, text, n: ++focusN } });
    },
    hush(anchor) {
      set({ quiet: new Set([...get().quiet, anchor]) });
    },
    unhush(anchor) {
      if (!get().quiet.has(anchor)) return;
      const quiet = new Set(get().quiet);
      quiet.delete(anchor);
      set({ quiet });
    },
    setPane(pane) {
      set({ pane });
    },
    showInArticle(span) {
      set({ flash: { start: span.start, end: span.end, n: ++focusN }, pane: 'article' });
    },

    async save() {
      const { lessonId, data, body, file, saving } = get();
      if (!lessonId || !data || !file?.editable || saving) return;
      clearTimeout(timer);
      // Saving is trying: every empty field now says so.
      set({ saving: true, outcome: null, quiet: new Set() });
      try {
        const r = await teacherApi.studioSave({ ...edit(), stamp: file.stamp });
        const outcome = saveMessage(r, file.answered);
        // Saved: nothing is left unsaved (unless the teacher typed on meanwhile).
        const stillSame = get().data === data && get().body === body;
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
      set({ suggesting: true, suggestError: null, note: null });
      try {
        const r = await teacherApi.studioSuggest(edit());
        // What the teacher accepted or dismissed stays handled.
        const handled = get().handled;
        set({ suggesting: false, suggested: true, proposals: r.proposals.filter((p) => !handled.has(handledKey(p))), note: r.note });
      } catch (e) {
        set({ suggesting: false, suggestError: errorMessage(e) });
      }
    },

    dropProposal(p) {
      set({ proposals: get().proposals.filter((x) => x !== p), handled: new Set([...get().handled, handledKey(p)]) });
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
export const selectNavigation = (s: StudioEditorState) => ({
  step: s.step,
  setStep: s.setStep,
  setActive: s.setActive,
  focus: s.focus,
  showInArticle: s.showInArticle,
  say: s.say,
  setPane: s.setPane,
});
export const selectNotice = (s: StudioEditorState) => s.notice;
export const selectQuiet = (s: StudioEditorState) => s.quiet;
export const selectPane = (s: StudioEditorState) => s.pane;
export const selectSetBody = (s: StudioEditorState) => s.setBody;
export const selectBodyEdited = (s: StudioEditorState) => s.bodyEdited;
/** Use with useShallow. */
export const selectQuietActions = (s: StudioEditorState) => ({ hush: s.hush, unhush: s.unhush });
export const selectFlash = (s: StudioEditorState) => s.flash;
