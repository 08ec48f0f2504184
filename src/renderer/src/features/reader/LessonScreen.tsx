import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../../state/app.ts';
import { selectTextSize, TEXT_SIZES, usePrefs } from '../../state/prefs.ts';
import { selectLessonActions, selectSession, selectStepLimit } from '../../state/selectors.ts';
import type { AnnouncementsSlice, LessonSession, LessonSlice } from '../../state/types.ts';
import { SearchStep } from '../exercises/SearchStep.tsx';
import { ChoiceStep } from '../exercises/ChoiceStep.tsx';
import { EvidenceCards, EvidenceStep } from '../exercises/EvidenceStep.tsx';
import { HighlightStep } from '../exercises/HighlightStep.tsx';
import { ShortAnswerStep } from '../exercises/ShortAnswerStep.tsx';
import { StepJumpsContext, type StepJumps } from '../exercises/StepLinks.tsx';
import { Stepper } from '../exercises/Stepper.tsx';
import { HandIn } from '../assignments/HandIn.tsx';
import { HeldNotice, HeldStep } from '../assignments/HeldStep.tsx';
import { Summary } from '../summary/Summary.tsx';
import { EndReaction, FirstReaction, firstReactionDue } from '../reaction/Reaction.tsx';
import { Article } from './Article.tsx';
import { StepPanel } from './StepPanel.tsx';

/** What the lesson's screens ask of whoever holds the lesson: the student's store, or a teacher's preview. */
export type LessonViewActions = Pick<
  LessonSlice,
  'goToStep' | 'addHighlight' | 'relabelHighlight' | 'removeHighlight' | 'setResponse' | 'checkStep' | 'finish' | 'tryAgain' | 'saveReaction' | 'skipReaction'
> &
  Pick<AnnouncementsSlice, 'announce'> &
  /** A student's own check of a written answer (self-paced study), handing in an assignment, practice: not in a teacher's preview, whose answers go to no one. */
  Partial<Pick<LessonSlice, 'selfCheck' | 'handIn' | 'practise'>>;

/** The student's open lesson, from the app's store. */
export function LessonScreen() {
  const session = useApp(selectSession);
  const actions = useApp(useShallow(selectLessonActions));
  /** In a teacher-paced class, the last step the teacher opened. */
  const stepLimit = useApp(selectStepLimit);
  const { navigate } = actions;
  const toLibrary = useCallback(() => void navigate({ name: 'library' }), [navigate]);
  const classEnded = useApp((s) => s.classroom?.ended === true);
  if (!session) return <p className="loading">Opening the lesson…</p>;
  return (
    <LessonView
      session={session}
      actions={actions}
      stepLimit={stepLimit}
      onLeave={toLibrary}
      ended={classEnded ? 'Your teacher has ended the session: this is your summary, and your work is saved. You can close this page.' : undefined}
    />
  );
}

interface LessonViewProps {
  session: LessonSession;
  actions: LessonViewActions;
  /** The last step that may be opened (Infinity but in a teacher-paced class). */
  stepLimit: number;
  /** The summary's way out ("Back to the library"). */
  onLeave: () => void;
  /** A teacher's preview in the lesson studio (nothing is kept). */
  preview?: boolean;
  /** A live session that has ended: the summary's note in place of its ways on. */
  ended?: string | undefined;
}

/** A lesson as a student works through it: the article, the steps, the summary. Holds no lesson state of its own. */
export function LessonView({ session, actions, stepLimit, onLeave, preview = false, ended }: LessonViewProps) {
  const textSize = usePrefs(selectTextSize);
  const [checking, setChecking] = useState(false);
  const [flash, setFlash] = useState<{ start: number; end: number; n: number } | null>(null);
  const show = useCallback((span: { start: number; end: number }) => setFlash((f) => ({ ...span, n: (f?.n ?? 0) + 1 })), []);

  const { lesson, step, feedback } = session;
  const n = lesson.exercises.length;
  const rootRef = useRef<HTMLDivElement>(null);
  /** Bumped when a step has been checked here: focus then goes to its result. */
  const [checkedHere, setCheckedHere] = useState(0);
  /** Why the last Check of a step did not happen (offline, a change refused): said under its button until the next try or step. */
  const [problem, setProblem] = useState<{ exerciseId: string; message: string; n: number } | null>(null);
  const [problemStep, setProblemStep] = useState(session.step);
  if (problemStep !== session.step) {
    setProblemStep(session.step);
    if (problem) setProblem(null);
  }

  // A new screen (the lesson opened, another step, a new attempt, the summary): the
  // page goes back to its top and focus to the screen's heading, which a screen reader
  // then reads, so nobody loses their place.
  // (A preview's run starting, or starting again, leaves the focus on the preview's own banner.)
  const shownAttempt = useRef<string | null>(null);
  /** Before reading, the first-reaction check takes the article's place (headline only). */
  const reactionFirst = firstReactionDue(session, ended !== undefined) && step === 0;
  useEffect(() => {
    const root = rootRef.current;
    if (!root) return;
    const newRun = shownAttempt.current !== session.attemptId;
    shownAttempt.current = session.attemptId;
    window.scrollTo(0, 0);
    const panel = root.querySelector<HTMLElement>('.panel');
    if (panel) panel.scrollTop = 0;
    if (newRun && preview) return;
    root.querySelector<HTMLElement>('#summary-title, #step-title')?.focus({ preventScroll: true });
  }, [session.attemptId, step, preview, reactionFirst]);

  // A step just checked: focus goes to its result (the points, what was found).
  useEffect(() => {
    if (checkedHere === 0) return;
    rootRef.current?.querySelector<HTMLElement>('.panel [data-result]')?.focus();
  }, [checkedHere]);

  const jumps = useMemo<StepJumps>(
    () => ({
      toArticle: () => rootRef.current?.querySelector<HTMLElement>('.article-wrap')?.focus(),
      toActions: () => {
        const panel = rootRef.current?.querySelector('.panel');
        const target =
          panel?.querySelector<HTMLElement>('.step-actions button.primary:not(:disabled)') ??
          panel?.querySelector<HTMLElement>('.step-nav button.primary:not(:disabled)') ??
          panel?.querySelector<HTMLElement>('.step-nav button:not(:disabled)');
        target?.focus();
      },
    }),
    [],
  );
  const exercise = step >= 1 && step <= n ? lesson.exercises[step - 1]! : null;
  const highlightEx = exercise?.kind === 'highlight' ? exercise : null;
  const fb = exercise ? (feedback[exercise.id] ?? null) : null;
  const stepHighlights = highlightEx ? session.highlights.filter((h) => h.exerciseId === highlightEx.id) : [];
  const allChecked = lesson.exercises.every((e) => feedback[e.id]);
  const canGo = (to: number) => to <= stepLimit;

  const check = async () => {
    if (!exercise) return;
    setProblem(null);
    setChecking(true);
    const outcome = await actions.checkStep(exercise.id);
    setChecking(false);
    if (outcome.ok) setCheckedHere((c) => c + 1);
    else setProblem((p) => ({ exerciseId: exercise.id, message: outcome.message, n: (p?.n ?? 0) + 1 }));
  };

  // A check that did not happen: focus goes back to its button (the message under it is read out as an alert).
  const problemN = problem?.n ?? 0;
  useEffect(() => {
    if (problemN === 0) return;
    const root = rootRef.current;
    root?.querySelector<HTMLElement>('.panel .step-actions button.primary:not(:disabled)')?.focus({ preventScroll: true });
    root?.querySelector<HTMLElement>('.panel .check-problem')?.scrollIntoView({ block: 'nearest' });
  }, [problemN]);

  /** Opening the summary: it finishes the attempt when every step is checked, or says which steps are left. */
  const next = () => actions.goToStep(step + 1);

  const panel = (() => {
    if (step === 0) {
      return (
        <section className="step" aria-labelledby="step-title">
          <h2 id="step-title" tabIndex={-1}>Read the article</h2>
          {lesson.summary && <p className="prompt">{lesson.summary}</p>}
          <p>Read it through once, as you would any news story. Then you will look at it again, step by step:</p>
          <ol className="plan">
            {lesson.exercises.map((e) => (
              <li key={e.id}>{e.title}</li>
            ))}
          </ol>
          <div className="step-actions">
            {canGo(1) ? (
              <button type="button" className="primary" onClick={() => actions.goToStep(1)}>
                Start: {lesson.exercises[0]?.title}
              </button>
            ) : (
              <p className="hint" role="status">Your teacher will open the first step.</p>
            )}
          </div>
        </section>
      );
    }
    const endReaction = <EndReaction session={session} onSave={(a) => actions.saveReaction('after', a)} readOnly={ended !== undefined} />;
    if (step > n && session.assignment && (session.finishedAt === null || session.keyHeld) && actions.handIn) {
      const { handIn, practise } = actions;
      return (
        <HandIn
          session={session}
          reaction={endReaction}
          onGoToStep={actions.goToStep}
          onHandIn={() => void handIn()}
          onTryAgain={() => void actions.tryAgain()}
          onPractise={() => void practise?.()}
          onLibrary={onLeave}
        />
      );
    }
    if (step > n) {
      return (
        <Summary
          session={session}
          reaction={endReaction}
          onGoToStep={actions.goToStep}
          onFinish={actions.finish}
          onTryAgain={() => void actions.tryAgain()}
          onLibrary={onLeave}
          preview={preview}
          ended={ended}
          {...(actions.practise ? { onPractise: () => void actions.practise?.() } : {})}
        />
      );
    }
    if (!exercise) return null;
    if (fb?.kind === 'held') return <HeldStep key={exercise.id} exercise={exercise} session={session} keyHeld={fb.keyHeld} />;
    switch (exercise.kind) {
      case 'highlight':
        return (
          <HighlightStep
            key={exercise.id}
            exercise={exercise}
            text={lesson.text}
            highlights={stepHighlights}
            feedback={fb?.kind === 'highlight' ? fb : null}
            onRelabel={actions.relabelHighlight}
            onRemove={actions.removeHighlight}
            onCheck={() => void check()}
            onShow={show}
            checking={checking}
          />
        );
      case 'choice': {
        const r = session.responses[exercise.id];
        return (
          <ChoiceStep
            key={exercise.id}
            exercise={exercise}
            chosen={r && 'choices' in r ? r.choices : []}
            feedback={fb?.kind === 'choice' ? fb : null}
            onChange={(choices) => actions.setResponse(exercise.id, { choices })}
            onCheck={() => void check()}
            checking={checking}
          />
        );
      }
      case 'evidence': {
        const r = session.responses[exercise.id];
        return (
          <EvidenceStep
            key={exercise.id}
            exercise={exercise}
            answers={r && 'claims' in r ? r.claims : {}}
            feedback={fb?.kind === 'evidence' ? fb : null}
            onChange={(claims) => actions.setResponse(exercise.id, { claims })}
            onCheck={() => void check()}
            onShow={show}
            checking={checking}
          />
        );
      }
      case 'search': {
        const r = session.responses[exercise.id];
        return (
          <SearchStep
            key={exercise.id}
            exercise={exercise}
            picks={r && 'search' in r ? r.search : {}}
            feedback={fb?.kind === 'search' ? fb : null}
            onChange={(search) => actions.setResponse(exercise.id, { search })}
            onCheck={() => void check()}
            checking={checking}
          />
        );
      }
      case 'short-answer': {
        const r = session.responses[exercise.id];
        return (
          <ShortAnswerStep
            key={exercise.id}
            exercise={exercise}
            text={r && 'text' in r ? r.text : ''}
            feedback={fb?.kind === 'short-answer' ? fb : null}
            onChange={(text) => actions.setResponse(exercise.id, { text })}
            onSubmit={() => void check()}
            checking={checking}
            grading={session.grading}
            onSelfCheck={actions.selfCheck ? (met) => actions.selfCheck!(exercise.id, met) : undefined}
          />
        );
      }
    }
  })();

  if (reactionFirst) {
    return (
      <div className="lesson-screen" ref={rootRef}>
        <Stepper session={session} limit={stepLimit} onGoToStep={actions.goToStep} />
        <div className="summary-body">
          <FirstReaction session={session} onSave={(a) => actions.saveReaction('before', a)} onSkip={actions.skipReaction} />
        </div>
      </div>
    );
  }

  if (step > n) {
    return (
      <div className="lesson-screen" ref={rootRef}>
        <Stepper session={session} limit={stepLimit} onGoToStep={actions.goToStep} />
        <div className="summary-body">{panel}</div>
      </div>
    );
  }

  return (
    <StepJumpsContext.Provider value={jumps}>
    <div className="lesson-screen" ref={rootRef}>
      <Stepper session={session} limit={stepLimit} onGoToStep={actions.goToStep} />
      <div className={`lesson-body${exercise?.kind === 'evidence' && exercise.lockedUntil.length === 0 ? ' with-evidence' : ''}`} style={{ ['--article-size' as string]: `${TEXT_SIZES[textSize] ?? 17}px` }}>
        {/* The reports come first, then (on a narrow screen) the claims, then the article to look them up in. */}
        {exercise?.kind === 'evidence' && exercise.lockedUntil.length === 0 && <EvidenceCards exercise={exercise} />}
        <div className="article-column">
          <Article
            lesson={lesson}
            exercise={highlightEx}
            highlights={stepHighlights}
            feedback={fb?.kind === 'highlight' ? fb : null}
            locked={fb?.kind === 'held'}
            flash={flash}
            onCreate={(span) => highlightEx && actions.addHighlight(highlightEx.id, span)}
            onRelabel={actions.relabelHighlight}
            onRemove={actions.removeHighlight}
            announce={actions.announce}
          />
        </div>
        <StepPanel session={session}>
          {session.keyHeld && session.assignment && exercise && !fb && <HeldNotice keyHeld={session.keyHeld} />}
          {panel}
          {problem && exercise && problem.exerciseId === exercise.id && !fb && (
            <p className="check-problem" role="alert">
              {problem.message}
            </p>
          )}
          {step >= 1 && step <= n && (
            <div className="step-nav" id="step-nav">
              <button type="button" onClick={() => actions.goToStep(step - 1)}>
                ← Back
              </button>
              {fb && !canGo(step + 1) && <p className="hint" role="status">Waiting for your teacher to open the next step.</p>}
              {fb && canGo(step + 1) && (
                <button type="button" className="primary" onClick={next}>
                  {step < n ? `Next: ${lesson.exercises[step]!.title} →` : session.keyHeld && session.assignment ? 'Hand in →' : 'See my summary →'}
                </button>
              )}
              {!fb && step < n && canGo(step + 1) && (
                <button type="button" className="link-button" onClick={() => actions.goToStep(step + 1)}>
                  Skip for now
                </button>
              )}
            </div>
          )}
          {step === n && fb && !allChecked && <p className="hint">Some steps are not checked yet: {session.keyHeld && session.assignment ? 'the Hand in screen' : 'your summary'} lists them.</p>}
        </StepPanel>
      </div>
    </div>
    </StepJumpsContext.Provider>
  );
}
