// The lesson editor (#/teacher/lessons/edit/<id>): the lesson's details and steps
// beside its article, each step's key made by selecting words in the article as a
// student marks them, checked live as the teacher types, saved into the lesson file.
import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { PublicLessonDto } from '../../../../shared/api.ts';
import { lessonText } from '../../../../shared/lesson-text.ts';
import type { LessonDataDto } from '../../../../shared/studio-api.ts';
import { useApp } from '../../state/app.ts';
import {
  selectBodyEdited,
  selectEditable,
  selectEditorActive,
  selectEditorBody,
  selectEditorData,
  selectEditorShell,
  selectEditorStep,
  selectFlash,
  selectFocusTarget,
  selectNavigation,
  selectPane,
  selectSet,
  useStudioEditor,
} from '../../state/studio-editor.ts';
import { selectAnnounce } from '../../state/selectors.ts';
import { LabelSwatch } from '../../components/LabelSwatch.tsx';
import { itemCardId, SHEET_ID, useArticleBinding } from './editor/binding.ts';
import { ChoiceEditor } from './editor/ChoiceEditor.tsx';
import { DetailsForm } from './editor/DetailsForm.tsx';
import { EditorArticle } from './editor/EditorArticle.tsx';
import { EvidenceEditor } from './editor/EvidenceEditor.tsx';
import { AnchorProblems, TextField, useFocusRequests } from './editor/fields.tsx';
import { HighlightEditor } from './editor/HighlightEditor.tsx';
import { directionOf, indexText, mentionsOf, shorten, type LessonData, type StepData, type TextIndex } from './editor/model.ts';
import { anchor } from './editor/problems.ts';
import type { Block } from '../../../../shared/lesson.ts';
import { ShortAnswerEditor } from './editor/ShortAnswerEditor.tsx';
import { StepBasics } from './editor/StepBasics.tsx';
import { StepList } from './editor/StepList.tsx';
import { Summary } from './editor/Summary.tsx';
import { ArticleHelp } from './editor/ArticleHelp.tsx';
import { PREVIEW_BUTTON_ID, SaveBar } from './editor/SaveBar.tsx';
import { PreviewLesson } from './PreviewLesson.tsx';
import './editor.css';

/** A phone-sized window: the editor shows the article or the step, one at a time. */
const NARROW = '(max-width: 760px)';
const subscribeNarrow = (f: () => void) => {
  const m = window.matchMedia(NARROW);
  m.addEventListener('change', f);
  return () => m.removeEventListener('change', f);
};
function useNarrow(): boolean {
  return useSyncExternalStore(subscribeNarrow, () => window.matchMedia(NARROW).matches);
}

const LEAVE_QUESTION = 'This lesson has changes that are not saved. Leave without saving them?';

/**
 * Unsaved changes are not lost by accident: closing or reloading the page asks
 * (beforeunload), and so does moving elsewhere in the app (the app's leave guard;
 * the back button too, as it navigates).
 */
function useLeaveGuard() {
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (!useStudioEditor.getState().dirty) return;
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    const guard = () => {
      const s = useStudioEditor.getState();
      if (!s.dirty) return true;
      if (!window.confirm(LEAVE_QUESTION)) return false;
      s.discard();
      return true;
    };
    useApp.getState().setLeaveGuard(guard);
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      if (useApp.getState().leaveGuard === guard) useApp.getState().setLeaveGuard(null);
    };
  }, []);
}

/** The article as the student's ArticleText draws it, made from the editor's data. */
function useArticle(data: LessonData | null, body: StudioBody): { lesson: PublicLessonDto; ix: TextIndex } | null {
  const article = data?.article;
  const language = data?.language ?? 'en';
  const direction = data ? directionOf(data) : 'ltr';
  return useMemo(() => {
    if (!article) return null;
    const { text, blocks } = lessonText({ ...article, headline: typeof article.headline === 'string' ? article.headline : '' }, body);
    const lesson: PublicLessonDto = {
      id: '',
      title: '',
      practice: false,
      language,
      direction,
      article: { ...article, headline: article.headline ?? '', tags: Array.isArray(article.tags) ? article.tags : [] },
      text,
      blocks,
      exercises: [],
      hash: '',
      wordCount: 0,
    };
    return { lesson, ix: indexText(text) };
  }, [article, body, language, direction]);
}
type StudioBody = ReturnType<typeof selectEditorBody>;

export function LessonEditor({ lessonId }: { lessonId: string }) {
  const shell = useStudioEditor(useShallow(selectEditorShell));
  const data = useStudioEditor(selectEditorData);
  const body = useStudioEditor(selectEditorBody);
  const bodyEdited = useStudioEditor(selectBodyEdited);
  const { focus } = useStudioEditor(useShallow(selectNavigation));
  const announce = useApp(selectAnnounce);
  const { open } = shell;
  useEffect(() => {
    void open(lessonId);
  }, [open, lessonId]);
  useLeaveGuard();
  // What the editor said is not said again on the next screen.
  useEffect(() => () => announce(''), [announce]);

  if (shell.loadError)
    return (
      <div className="ed-loading">
        <p className="error-banner" role="alert">
          This lesson could not be opened: {shell.loadError}
        </p>
        <button type="button" onClick={() => void open(lessonId)}>
          Try again
        </button>
      </div>
    );
  if (shell.loading || !data || shell.lessonId !== lessonId) return <p className="loading">Opening the lesson…</p>;
  if (shell.previewing)
    return (
      <PreviewLesson
        lessonId={lessonId}
        data={data as unknown as LessonDataDto}
        body={bodyEdited ? body.filter((b) => b.text.trim() !== '').map((b) => ({ kind: b.kind as 'paragraph' | 'subheading', text: b.text })) : undefined}
        onClose={() => {
          shell.setPreviewing(false);
          // Back where the teacher left: on the button that opened the preview.
          focus(PREVIEW_BUTTON_ID);
        }}
      />
    );
  return <Editor data={data} />;
}

function Editor({ data }: { data: LessonData }) {
  const body = useStudioEditor(selectEditorBody);
  const editable = useStudioEditor(selectEditable);
  const step = useStudioEditor(selectEditorStep);
  const flash = useStudioEditor(selectFlash);
  const active = useStudioEditor(selectEditorActive);
  const pane = useStudioEditor(selectPane);
  const { setPane } = useStudioEditor(useShallow(selectNavigation));
  const narrow = useNarrow();
  useFocusRequests(useStudioEditor(selectFocusTarget));
  const art = useArticle(data, body);
  const steps = useMemo(() => (Array.isArray(data.exercises) ? data.exercises : []), [data.exercises]);
  const current = step >= 0 ? steps[step] : undefined;
  const ix = art?.ix ?? EMPTY_IX;
  const binding = useArticleBinding(current, step, ix, editable);
  const panel = useRef<HTMLDivElement>(null);

  // Another step starts at its top (the last step's scroll position means nothing here).
  useEffect(() => {
    const el = panel.current;
    if (!el) return;
    el.scrollTop = 0;
    if (el.getBoundingClientRect().top < 0) el.scrollIntoView({ block: 'start' });
  }, [step]);

  const stepName = current ? `Step ${step + 1}` : 'Lesson details';
  const showArticle = !narrow || pane === 'article';
  const showStep = !narrow || pane === 'step';

  const article = (
    <div className="ed-article-panel" id="ed-article-panel">
      <ArticleHelp step={current} editable={editable} />
      {art && (
        <EditorArticle
          lesson={art.lesson}
          marks={binding.marks}
          activeRef={active}
          cores={binding.cores}
          proposals={binding.proposals}
          labels={binding.labels}
          selectable={binding.selectable}
          actions={binding.actions}
          onLabel={binding.onLabel}
          onPickMark={binding.onPickMark}
          flash={flash}
          ariaLabel={`Article: ${art.lesson.article.headline}`}
        />
      )}
      {narrow && current?.kind === 'highlight' && active !== null && current.key[active] && <ItemSheet index={step} step={current} j={active} editable={editable} />}
    </div>
  );

  return (
    <div className={`ed${narrow ? ' ed-narrow-screen' : ''}`}>
      <SaveBar />
      <Summary steps={steps} />
      <div className="ed-grid">
        <StepList steps={steps} editable={editable} compact={narrow} />
        {narrow && (
          <div className="ed-panes" role="group" aria-label="Show">
            <button type="button" aria-pressed={pane === 'article'} onClick={() => setPane('article')}>
              Article
            </button>
            <button type="button" aria-pressed={pane === 'step'} onClick={() => setPane('step')}>
              {stepName}
            </button>
          </div>
        )}
        {showArticle && article}
        {showStep && (
          <div className="ed-panel" ref={panel} aria-label={current ? `Step ${step + 1}: ${current.title}` : 'Lesson details'} role="region">
            {art && (current?.kind === 'highlight' || current?.kind === 'evidence') && (
              <a
                className="ed-skip"
                href="#ed-article-panel"
                onClick={(e) => {
                  e.preventDefault();
                  setPane('article');
                  requestAnimationFrame(() => document.querySelector<HTMLElement>('.ed-article-wrap')?.focus());
                }}
              >
                Back to the article
              </a>
            )}
            {step < 0 || !current ? (
              <DetailsForm data={data} body={body} editable={editable} />
            ) : (
              <StepEditor index={step} step={current} ix={ix} blocks={art?.lesson.blocks ?? NO_BLOCKS} editable={editable} />
            )}
          </div>
        )}
      </div>
    </div>
  );
}

const NO_BLOCKS: readonly Block[] = [];

/**
 * On a phone, the selected item under the article: its label, its words and its
 * explanation, so a new item is explained without leaving the article.
 */
function ItemSheet({ index, step, j, editable }: { index: number; step: Extract<StepData, { kind: 'highlight' }>; j: number; editable: boolean }) {
  const set = useStudioEditor(selectSet);
  const { setActive, setPane, focus } = useStudioEditor(useShallow(selectNavigation));
  const item = step.key[j]!;
  const labelIdx = step.labels.findIndex((l) => l.id === item.label);
  const first = mentionsOf(item)[0]?.quote ?? '';
  return (
    <section className="ed-sheet" id={SHEET_ID} tabIndex={-1} aria-labelledby="ed-sheet-title">
      <div className="ed-sheet-head">
        <h3 id="ed-sheet-title">
          <span className="ed-item-n">{j + 1}</span> <LabelSwatch index={labelIdx < 0 ? 7 : labelIdx} /> {step.labels[labelIdx]?.name ?? item.label}: “<bdi>{shorten(first, 50)}</bdi>”
        </h3>
        <span className="spacer" />
        <button
          type="button"
          className="ed-small"
          onClick={() => {
            setPane('step');
            focus(itemCardId(index, j));
          }}
        >
          All of item {j + 1}
        </button>
        <button
          type="button"
          className="ed-small"
          aria-label={`Close item ${j + 1}`}
          onClick={() => {
            setActive(null);
            document.querySelector<HTMLElement>('.ed-article-wrap')?.focus({ preventScroll: true });
          }}
        >
          Close
        </button>
      </div>
      <TextField
        anchor={anchor('exercises', index, 'key', j, 'explanation')}
        label={`Explanation of item ${j + 1} (students read it after checking)`}
        value={item.explanation ?? ''}
        multiline
        onChange={(v) => set(['exercises', index, 'key', j, 'explanation'], v)}
        disabled={!editable}
      />
    </section>
  );
}

const EMPTY_IX = indexText('');

function StepEditor({ index, step, ix, blocks, editable }: { index: number; step: StepData; ix: TextIndex; blocks: readonly Block[]; editable: boolean }) {
  const body = (() => {
    switch (step.kind) {
      case 'highlight':
        return <HighlightEditor index={index} step={step} ix={ix} blocks={blocks} editable={editable} />;
      case 'choice':
        return <ChoiceEditor index={index} step={step} editable={editable} />;
      case 'short-answer':
        return <ShortAnswerEditor index={index} step={step} editable={editable} />;
      case 'evidence':
        return <EvidenceEditor index={index} step={step} ix={ix} editable={editable} />;
      case 'search':
        return (
          <>
            <StepBasics index={index} step={step} editable={editable} />
            <p className="ed-hint">
              A search-results step ({Array.isArray(step.pages) ? step.pages.length : 0} results {Array.isArray(step.pages) && step.pages.length === 1 ? 'page' : 'pages'},{' '}
              {Array.isArray(step.questions) ? step.questions.length : 0} {Array.isArray(step.questions) && step.questions.length === 1 ? 'question' : 'questions'}): its results, reasons and feedback are written in the lesson file (see “Search steps” in the lesson format guide). The editor keeps them as they are; try the step in Preview.
            </p>
          </>
        );
      default:
        return <p className="ed-bad">This step is of a kind the editor does not know. Fix it in the lesson file, or delete it.</p>;
    }
  })();
  return (
    <>
      <h2 className="ed-panel-title" id={`fx-exercises-${index}`} tabIndex={-1}>
        Step {index + 1}
      </h2>
      <AnchorProblems anchor={`exercises.${index}`} />
      {body}
    </>
  );
}
