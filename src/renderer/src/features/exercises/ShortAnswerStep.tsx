import { useEffect, useRef, useState } from 'react';
import type { PublicExerciseDto, StepFeedbackDto } from '../../../../shared/api.ts';
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
}

const MAX = 20000;

export function ShortAnswerStep({ exercise, text, feedback, onChange, onSubmit, checking }: Props) {
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

  return (
    <section className="step" aria-labelledby="step-title">
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
        aria-describedby="rubric"
      />
      <p className="hint counter">{(feedback ? feedback.text : draft).trim().split(/\s+/).filter(Boolean).length} words</p>
      <div id="rubric" className="rubric">
        <h3>What your teacher will look for</h3>
        <ul>
          {exercise.rubric.map((r) => (
            <li key={r.criterion}>
              {r.criterion} <span className="rubric-points">({r.points} {r.points === 1 ? 'point' : 'points'})</span>
            </li>
          ))}
        </ul>
      </div>
      {feedback ? (
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
      ) : (
        <div className="step-actions">
          <button type="button" className="primary" onClick={submit} disabled={checking || draft.trim().length === 0}>
            {checking ? 'Sending…' : 'Hand in my answer'}
          </button>
          <span className="hint">Your answer is saved as you type; handing it in sends it for grading.</span>
        </div>
      )}
    </section>
  );
}
