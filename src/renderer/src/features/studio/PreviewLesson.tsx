// "Preview as a student": the lesson exactly as a student works through it (the
// student's own screens), from the editor's data as it was when the preview opened.
// Marks, answers and checks live in memory (preview/run.ts); nothing is saved.
import { useCallback, useEffect, useRef, useState } from 'react';
import { TextSize } from '../../components/TextSize.tsx';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { PublicLessonDto } from '../../../../shared/api.ts';
import { errorMessage } from '../../../../shared/errors.ts';
import { quotedList } from '../../../../shared/lesson.ts';
import { roundPoints } from '../../../../shared/points.ts';
import type { LessonDataDto } from '../../../../shared/studio-api.ts';
import { teacherApi } from '../../api/client.ts';
import { useApp, type AppState } from '../../state/app.ts';
import { selectAnnounce } from '../../state/selectors.ts';
import { LessonView } from '../reader/LessonScreen.tsx';
import { createPreviewRun, runTotals, selectRunActions, selectRunSession, type PreviewRun } from './preview/run.ts';
import './preview.css';

const selectShowError = (s: AppState) => s.showError;

type Loaded = { state: 'loading' } | { state: 'failed'; problem: string } | { state: 'ready'; lesson: PublicLessonDto; run: PreviewRun; n: number };

/** The article's body as an edit sends it (only when the teacher changed it). */
export type PreviewBody = { kind: 'paragraph' | 'subheading'; text: string }[] | undefined;

export function PreviewLesson({ lessonId, data, body, onClose }: { lessonId: string; data: LessonDataDto; body?: PreviewBody; onClose: () => void }) {
  const announce = useApp(selectAnnounce);
  const showError = useApp(selectShowError);
  // What is previewed: the editor's data at the moment the preview opened.
  const [opened] = useState(data);
  const [openedBody] = useState(body);
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const titleRef = useRef<HTMLHeadingElement>(null);

  const newRun = useCallback(
    (lesson: PublicLessonDto, n: number): Loaded => {
      const startAgain = () => {
        setLoaded((l) => (l.state === 'ready' ? newRun(l.lesson, l.n + 1) : l));
        announce('Started again: nothing is marked or answered.');
        titleRef.current?.focus();
      };
      return { state: 'ready', lesson, n, run: createPreviewRun({ lessonId, data: opened, ...(openedBody ? { body: openedBody } : {}), lesson, run: n, announce, showError, startAgain }) };
    },
    [lessonId, opened, openedBody, announce, showError],
  );

  // The editor's button is gone: the banner's heading takes the focus, and says what this is.
  useEffect(() => titleRef.current?.focus(), []);

  useEffect(() => {
    let live = true;
    setLoaded({ state: 'loading' });
    teacherApi.studioPreview({ lessonId, data: opened, ...(openedBody ? { body: openedBody } : {}), checked: [] }).then(
      (lesson) => live && setLoaded(newRun(lesson, 1)),
      (err: unknown) => live && setLoaded({ state: 'failed', problem: errorMessage(err) }),
    );
    return () => {
      live = false;
    };
  }, [lessonId, opened, openedBody, newRun, attempt]);

  // From a preview that could not open, "Start again" asks the backend again.
  const startAgain = () => {
    if (loaded.state === 'ready') void loaded.run.getState().tryAgain();
    else if (loaded.state === 'failed') setAttempt((a) => a + 1);
  };

  return (
    <div className="preview-lesson">
      <section className="preview-banner" aria-labelledby="preview-title">
        <div className="preview-banner-text">
          <h2 id="preview-title" ref={titleRef} tabIndex={-1}>
            Preview as a student — nothing is saved
          </h2>
          <p className="preview-what">
            {loaded.state === 'ready' && (
              <>
                <cite dir="auto">{loaded.lesson.title}</cite>{' '}
              </>
            )}
            <span>Checked against the key as it was when this preview opened; your marks and answers are forgotten when you leave.</span>
            {loaded.state === 'ready' && loaded.lesson.exercises.some((e) => e.kind === 'choice' || e.kind === 'evidence') && (
              <span> Options and claims are in the order you wrote them here; each student sees them in an order of their own.</span>
            )}
          </p>
          {loaded.state === 'ready' && <PreviewStatus lesson={loaded.lesson} run={loaded.run} />}
        </div>
        <div className="preview-actions">
          <TextSize />
          <button type="button" onClick={startAgain}>
            Start again
          </button>
          <button type="button" className="primary" onClick={onClose}>
            Back to the editor
          </button>
        </div>
      </section>
      {loaded.state === 'loading' && <p className="loading preview-loading">Opening the lesson as a student sees it…</p>}
      {loaded.state === 'failed' && (
        <div className="preview-problem" role="alert">
          <p>
            <strong>The preview could not open.</strong> {loaded.problem}
          </p>
          <p className="hint">Go back to the editor to put it right, then press “Preview as a student” again — or press “Start again” to try once more.</p>
        </div>
      )}
      {loaded.state === 'ready' && <PreviewRunView key={loaded.n} run={loaded.run} onLeave={onClose} />}
    </div>
  );
}

/** The student's lesson screen, fed by one preview run. */
function PreviewRunView({ run, onLeave }: { run: PreviewRun; onLeave: () => void }) {
  const session = useStore(run, selectRunSession);
  const actions = useStore(run, useShallow(selectRunActions));
  return (
    <div className="preview-student" aria-label="The lesson as a student sees it" role="region">
      <LessonView session={session} actions={actions} stepLimit={Infinity} onLeave={onLeave} preview />
    </div>
  );
}

/** Points so far, and the steps a student could not score yet (a draft). */
function PreviewStatus({ lesson, run }: { lesson: PublicLessonDto; run: PreviewRun }) {
  const session = useStore(run, selectRunSession);
  const t = runTotals(session);
  const empty = lesson.exercises.filter((e) => e.kind === 'highlight' && e.keyCount === 0).map((e) => e.title);
  const steps = lesson.exercises.length;
  return (
    <>
      <p className="preview-score">
        {t.checked === 0 ? (
          `No step checked yet (${steps} step${steps === 1 ? '' : 's'}).`
        ) : (
          <>
            So far: <strong>{roundPoints(t.points)}</strong> of {t.maxPoints} points · {t.checked} of {steps} step{steps === 1 ? '' : 's'} checked
            {t.waiting > 0 && ` · ${t.waiting} answer${t.waiting === 1 ? '' : 's'} a teacher would grade`}
          </>
        )}
      </p>
      {empty.length > 0 && (
        <p className="preview-draft">
          A draft: {quotedList(empty)} {empty.length === 1 ? 'has' : 'have'} no key items yet, so a student would find nothing there. Students do not see this
          lesson until {empty.length === 1 ? 'it has' : 'they have'} some.
        </p>
      )}
    </>
  );
}
