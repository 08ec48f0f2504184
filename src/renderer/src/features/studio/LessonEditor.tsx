// The lesson editor (#/teacher/lessons/edit/<id>): the lesson's details and steps
// beside its article, each step's key made by selecting words in the article as a
// student marks them, checked live as the teacher types, saved into the lesson file.
import { useEffect, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { PublicLessonDto } from '../../../../shared/api.ts';
import { lessonText } from '../../../../shared/lesson-text.ts';
import type { LessonDataDto } from '../../../../shared/studio-api.ts';
import { useApp } from '../../state/app.ts';
import {
  selectEditable,
  selectEditorActive,
  selectEditorBody,
  selectEditorData,
  selectEditorShell,
  selectEditorStep,
  selectFlash,
  selectFocusTarget,
  useStudioEditor,
} from '../../state/studio-editor.ts';
import { useArticleBinding } from './editor/binding.ts';
import { ChoiceEditor } from './editor/ChoiceEditor.tsx';
import { DetailsForm } from './editor/DetailsForm.tsx';
import { EditorArticle } from './editor/EditorArticle.tsx';
import { EvidenceEditor } from './editor/EvidenceEditor.tsx';
import { AnchorProblems, useFocusRequests } from './editor/fields.tsx';
import { HighlightEditor } from './editor/HighlightEditor.tsx';
import { directionOf, indexText, type LessonData, type StepData, type TextIndex } from './editor/model.ts';
import { ShortAnswerEditor } from './editor/ShortAnswerEditor.tsx';
import { StepList } from './editor/StepList.tsx';
import { Summary } from './editor/Summary.tsx';
import { ArticleHelp } from './editor/ArticleHelp.tsx';
import { SaveBar } from './editor/SaveBar.tsx';
import { PreviewLesson } from './PreviewLesson.tsx';
import './editor.css';

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
  const { open } = shell;
  useEffect(() => {
    void open(lessonId);
  }, [open, lessonId]);
  useLeaveGuard();

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
  if (shell.previewing) return <PreviewLesson lessonId={lessonId} data={data as unknown as LessonDataDto} onClose={() => shell.setPreviewing(false)} />;
  return <Editor data={data} />;
}

function Editor({ data }: { data: LessonData }) {
  const body = useStudioEditor(selectEditorBody);
  const editable = useStudioEditor(selectEditable);
  const step = useStudioEditor(selectEditorStep);
  const flash = useStudioEditor(selectFlash);
  const active = useStudioEditor(selectEditorActive);
  useFocusRequests(useStudioEditor(selectFocusTarget));
  const art = useArticle(data, body);
  const steps = useMemo(() => (Array.isArray(data.exercises) ? data.exercises : []), [data.exercises]);
  const current = step >= 0 ? steps[step] : undefined;
  const ix = art?.ix ?? EMPTY_IX;
  const binding = useArticleBinding(current, step, ix, editable);

  return (
    <div className="ed">
      <SaveBar />
      <Summary steps={steps} />
      <div className="ed-grid">
        <StepList steps={steps} editable={editable} />
        <div className="ed-article-panel">
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
        </div>
        <div className="ed-panel" aria-label={current ? `Step ${step + 1}: ${current.title}` : 'Lesson details'} role="region">
          {step < 0 || !current ? <DetailsForm data={data} editable={editable} /> : <StepEditor index={step} step={current} ix={ix} editable={editable} />}
        </div>
      </div>
    </div>
  );
}

const EMPTY_IX = indexText('');

function StepEditor({ index, step, ix, editable }: { index: number; step: StepData; ix: TextIndex; editable: boolean }) {
  const body = (() => {
    switch (step.kind) {
      case 'highlight':
        return <HighlightEditor index={index} step={step} ix={ix} editable={editable} />;
      case 'choice':
        return <ChoiceEditor index={index} step={step} editable={editable} />;
      case 'short-answer':
        return <ShortAnswerEditor index={index} step={step} editable={editable} />;
      case 'evidence':
        return <EvidenceEditor index={index} step={step} ix={ix} editable={editable} />;
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
