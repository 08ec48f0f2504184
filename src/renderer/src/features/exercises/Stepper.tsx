import type { LessonSession } from '../../state/types.ts';

/** `limit`: the last step that may be opened; in a teacher-paced class, steps the teacher has not opened yet are closed. */
export function Stepper({ session, limit, onGoToStep }: { session: LessonSession; limit: number; onGoToStep: (step: number) => void }) {
  const { lesson, feedback, step } = session;
  const allChecked = lesson.exercises.every((e) => feedback[e.id]);
  const steps = [
    { title: 'Read', done: step > 0 || Object.keys(feedback).length > 0, enabled: true },
    ...lesson.exercises.map((e) => ({ title: e.title, done: Boolean(feedback[e.id]), enabled: true })),
    // An assignment's attempt may be handed in with steps left (the screen names them).
    { title: session.keyHeld && session.assignment ? 'Hand in' : 'Summary', done: session.finishedAt !== null, enabled: allChecked || session.assignment !== null },
  ];
  return (
    <nav className="stepper" aria-label="Lesson steps">
      <ol>
        {steps.map((s, i) => (
          <li key={s.title + i} className={i === step ? 'current' : s.done ? 'done' : ''}>
            <button type="button" aria-current={i === step ? 'step' : undefined} disabled={!s.enabled || i > limit} onClick={() => onGoToStep(i)}>
              <span className="step-num" aria-hidden="true">{s.done && i !== step ? '✓' : i === 0 ? '¶' : i}</span>
              <span className="step-title">{s.title}</span>
              {s.done && <span className="visually-hidden"> (done)</span>}
            </button>
          </li>
        ))}
      </ol>
      <p className="visually-hidden" aria-live="off">
        {step === 0 ? 'Reading the article' : step > lesson.exercises.length ? 'Summary' : `Step ${step} of ${lesson.exercises.length}: ${steps[step]!.title}`}
      </p>
    </nav>
  );
}
