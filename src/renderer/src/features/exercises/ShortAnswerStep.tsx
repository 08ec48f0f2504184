import { useEffect, useRef, useState } from 'react';
import type { AttemptStateDto, PublicExerciseDto, StepFeedbackDto } from '../../../../shared/api.ts';
import { roundPoints } from '../../../../shared/points.ts';
import { StepLinks } from './StepLinks.tsx';

type Exercise = Extract<PublicExerciseDto, { kind: 'short-answer' }>;
type Feedback = Extract<StepFeedbackDto, { kind: 'short-answer' }>;

interface Props {
  exercise: Exercise;
  text: string;
  feedback: Feedback | null;
  onChange: (text: string) => void;
  onSubmit: () => void;
  checking: boolean;
  /** Who checks the answer: the teacher, or the student (self-paced study with no teacher). */
  grading: AttemptStateDto['grading'];
  /** Saves the student's own check (the criteria met, by position); absent in a teacher's preview. */
  onSelfCheck?: (met: number[]) => Promise<void>;
}

const pointsWord = (n: number) => `${n} ${n === 1 ? 'point' : 'points'}`;

/** Self-paced study: the student ticks the criteria their handed-in answer meets, then sees the model answer. */
function SelfCheck({ exercise, modelFollows, onSave }: { exercise: Exercise; modelFollows: boolean; onSave: (met: number[]) => Promise<void> }) {
  const [met, setMet] = useState<ReadonlySet<number>>(new Set());
  const [saving, setSaving] = useState(false);
  /** Nothing ticked: Save asks first (a stray Enter would otherwise give the answer 0 points for good). */
  const [askEmpty, setAskEmpty] = useState(false);
  const saveRef = useRef<HTMLButtonElement>(null);
  /** Back from the question: to the Save button it came from. */
  const keepChecking = () => {
    setAskEmpty(false);
    setTimeout(() => saveRef.current?.focus());
  };
  const total = roundPoints(exercise.rubric.reduce((sum, r, i) => sum + (met.has(i) ? r.points : 0), 0));
  const toggle = (i: number) => {
    setAskEmpty(false);
    setMet((m) => {
      const next = new Set(m);
      if (next.has(i)) next.delete(i);
      else next.add(i);
      return next;
    });
  };
  const save = async () => {
    setSaving(true);
    try {
      await onSave([...met].sort((a, b) => a - b));
    } finally {
      setSaving(false);
    }
  };
  return (
    <div className="feedback self-check">
      <h3 className="feedback-figure" tabIndex={-1} data-result>Now check your answer yourself</h3>
      <p>
        No teacher grades this lesson here, so you do. Read your answer again and tick each point it really makes.
        {modelFollows ? ' The model answer is shown once you save your check.' : ''}
      </p>
      <fieldset>
        <legend>My answer…</legend>
        {exercise.rubric.map((r, i) => (
          <label key={i} className="self-check-item">
            <input type="checkbox" checked={met.has(i)} onChange={() => toggle(i)} />
            <span>
              <span dir="auto">{r.criterion}</span> <span className="rubric-points">({pointsWord(r.points)})</span>
            </span>
          </label>
        ))}
      </fieldset>
      <p className="self-check-total" aria-live="polite">
        By your check: <strong>{total}</strong> of {exercise.points} points
      </p>
      {askEmpty ? (
        <div className="confirm-empty" role="group" aria-labelledby="self-check-empty-title" onKeyDown={(e) => e.key === 'Escape' && keepChecking()}>
          <p id="self-check-empty-title">
            <strong>You have not ticked anything.</strong>
          </p>
          <p id="self-check-empty-text">Saving now gives your answer 0 of {exercise.points} points, and you check it only once.</p>
          <div className="step-actions">
            {/* The question replaces the button that had the focus: the focus goes to the way back. */}
            <button type="button" className="primary" autoFocus onClick={keepChecking} aria-describedby="self-check-empty-text">
              Keep checking
            </button>
            <button type="button" onClick={() => void save()} disabled={saving}>
              {saving ? 'Saving…' : 'Save with 0 points'}
            </button>
          </div>
        </div>
      ) : (
        <div className="step-actions">
          <button ref={saveRef} type="button" className="primary" onClick={() => (met.size === 0 ? setAskEmpty(true) : void save())} disabled={saving}>
            {saving ? 'Saving…' : modelFollows ? 'Save my check and see the model answer' : 'Save my check'}
          </button>
          <span className="hint">You check it once. Your result is marked “self-assessed”.</span>
        </div>
      )}
    </div>
  );
}

/** A self-assessed answer: what the student ticked, and the model answer. */
function SelfAssessed({ exercise, feedback, grading }: { exercise: Exercise; feedback: Feedback; grading: AttemptStateDto['grading'] }) {
  const met = new Set(feedback.met ?? []);
  return (
    <div className="feedback">
      <h3 className="feedback-figure" tabIndex={-1} data-result>
        {feedback.points} of {feedback.maxPoints} points <span className="self-assessed-tag">self-assessed</span>
      </h3>
      <p className="hint">
        {grading === 'teacher'
          ? 'These points are your own check. You are in a class now: your teacher will grade this answer.'
          : 'These points are your own check: no teacher has graded this answer.'}
      </p>
      <ul className="self-check-result">
        {exercise.rubric.map((r, i) => (
          <li key={i} className={met.has(i) ? 'met' : 'not-met'}>
            <span className="mark" aria-hidden="true">{met.has(i) ? '✓' : '–'}</span>
            <span>
              <span dir="auto">{r.criterion}</span> <span className="rubric-points">({pointsWord(r.points)})</span>
              <span className="visually-hidden">{met.has(i) ? ': you said your answer does this' : ': not ticked'}</span>
            </span>
          </li>
        ))}
      </ul>
      {feedback.modelAnswer !== undefined && (
        <div className="model-answer">
          <h4>A model answer</h4>
          <p dir="auto">{feedback.modelAnswer}</p>
        </div>
      )}
    </div>
  );
}

const MAX = 20000;

export function ShortAnswerStep({ exercise, text, feedback, onChange, onSubmit, checking, grading, onSelfCheck }: Props) {
  const [draft, setDraft] = useState(text);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const latest = useRef(draft);
  latest.current = draft;

  // Save as the student types (after a short pause), and when they leave the step.
  useEffect(() => {
    return () => {
      clearTimeout(timer.current);
      if (latest.current !== text) onChange(latest.current);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const update = (value: string) => {
    setDraft(value);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => onChange(value), 600);
  };

  const submit = () => {
    clearTimeout(timer.current);
    if (draft !== text) onChange(draft);
    onSubmit();
  };

  // Self-paced study with no teacher: the student checks the answer once it is handed in.
  const self = grading === 'self';
  const selfChecking = feedback?.status === 'pending' && feedback.selfCheckOffered === true && onSelfCheck !== undefined;
  // The plain list of criteria, except where the self-check's own list takes its place.
  const showRubric = !selfChecking && feedback?.status !== 'self-assessed';
  // The check saved: focus goes to its result (the Save button it was on is gone).
  const sectionRef = useRef<HTMLElement>(null);
  const wasSelfChecking = useRef(selfChecking);
  useEffect(() => {
    if (wasSelfChecking.current && !selfChecking) sectionRef.current?.querySelector<HTMLElement>('[data-result]')?.focus();
    wasSelfChecking.current = selfChecking;
  }, [selfChecking]);

  return (
    <section className="step" aria-labelledby="step-title" ref={sectionRef}>
      <h2 id="step-title" tabIndex={-1}>{exercise.title}</h2>
      <StepLinks />
      <label htmlFor="short-answer" className="prompt">{exercise.prompt}</label>
      <textarea
        id="short-answer"
        value={feedback ? feedback.text : draft}
        onChange={(e) => update(e.target.value)}
        readOnly={feedback !== null}
        rows={9}
        maxLength={MAX}
        aria-describedby={showRubric ? 'rubric' : undefined}
      />
      <p className="hint counter">{(feedback ? feedback.text : draft).trim().split(/\s+/).filter(Boolean).length} words</p>
      {showRubric && (
        <div id="rubric" className="rubric">
          <h3>{self ? 'What a good answer does' : 'What your teacher will look for'}</h3>
          <ul>
            {exercise.rubric.map((r, i) => (
              <li key={i}>
                {r.criterion} <span className="rubric-points">({pointsWord(r.points)})</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {!feedback ? (
        <div className="step-actions">
          <button type="button" className="primary" onClick={submit} disabled={checking || draft.trim().length === 0}>
            {checking ? 'Sending…' : 'Hand in my answer'}
          </button>
          <span className="hint">
            {self
              ? 'Your answer is saved as you type. Once you hand it in, you check it yourself against this list.'
              : 'Your answer is saved as you type; handing it in sends it for grading.'}
          </span>
        </div>
      ) : selfChecking ? (
        <SelfCheck exercise={exercise} modelFollows={feedback.modelAnswerFollows === true} onSave={onSelfCheck!} />
      ) : feedback.status === 'self-assessed' ? (
        <SelfAssessed exercise={exercise} feedback={feedback} grading={grading} />
      ) : (
        <div className="feedback">
          <h3 className="feedback-figure" tabIndex={-1} data-result>
            {feedback.status === 'graded' ? `${feedback.points} of ${feedback.maxPoints} points` : 'Sent to your teacher'}
          </h3>
          {feedback.status === 'pending' && <p className="hint">Your teacher will grade this answer against the list above.</p>}
          {feedback.comment && (
            <div className="teacher-comment">
              <h4>Your teacher’s comment</h4>
              <p dir="auto">{feedback.comment}</p>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
