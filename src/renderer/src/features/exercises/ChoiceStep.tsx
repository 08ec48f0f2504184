import type { PublicExerciseDto, StepFeedbackDto } from '../../../../shared/api.ts';
import { CheckFooter } from './CheckFooter.tsx';
import { choiceOutcome } from './choice-outcome.ts';
import { StepLinks } from './StepLinks.tsx';

type Exercise = Extract<PublicExerciseDto, { kind: 'choice' }>;
type Feedback = Extract<StepFeedbackDto, { kind: 'choice' }>;

interface Props {
  exercise: Exercise;
  chosen: string[];
  feedback: Feedback | null;
  onChange: (choices: string[]) => void;
  onCheck: () => void;
  checking: boolean;
}

/** One option's verdict after checking, with what the student did. */
function optionVerdict(multiple: boolean, selected: boolean, correct: boolean): { mark: string; text: string } {
  if (selected) return correct ? { mark: '✓', text: 'You chose this, and it is true.' } : { mark: '✗', text: 'You chose this, but it is not true.' };
  if (correct) return { mark: '✗', text: multiple ? 'You did not choose this, but it is true.' : 'This is the right answer.' };
  return { mark: '', text: multiple ? 'Not true, and you left it out.' : 'Not the answer.' };
}

export function ChoiceStep({ exercise, chosen, feedback, onChange, onCheck, checking }: Props) {
  const toggle = (id: string, on: boolean) => {
    if (!exercise.multiple) return onChange([id]);
    onChange(on ? [...chosen.filter((c) => c !== id), id] : chosen.filter((c) => c !== id));
  };
  return (
    <section className="step" aria-labelledby="step-title">
      <h2 id="step-title" tabIndex={-1}>{exercise.title}</h2>
      <StepLinks />
      <fieldset className="choices" disabled={feedback !== null}>
        <legend className="prompt">
          {exercise.prompt}
          <span className="hint"> {exercise.multiple ? 'Choose every answer that is true.' : 'Choose one answer.'}</span>
        </legend>
        {exercise.options.map((shown) => {
          // In the order this student was shown (the exercise's), with the key once checked.
          const o = feedback?.options.find((f) => f.id === shown.id) ?? { ...shown, selected: chosen.includes(shown.id), correct: false, feedback: '' };
          const selected = feedback ? o.selected : chosen.includes(o.id);
          const verdict = feedback ? (o.correct ? 'correct' : 'incorrect') : null;
          const said = feedback ? optionVerdict(exercise.multiple, selected, o.correct) : null;
          return (
            <div key={o.id} className={`choice${verdict ? ` choice-${verdict}` : ''}${selected ? ' choice-selected' : ''}`}>
              <label>
                <input
                  type={exercise.multiple ? 'checkbox' : 'radio'}
                  name={`choice-${exercise.id}`}
                  value={o.id}
                  checked={selected}
                  onChange={(e) => toggle(o.id, e.target.checked)}
                />
                <span>{o.text}</span>
              </label>
              {said && (
                <p className="choice-feedback">
                  <strong>
                    {said.mark && <span aria-hidden="true">{said.mark} </span>}
                    {said.text}
                  </strong>{' '}
                  {o.feedback}
                </p>
              )}
            </div>
          );
        })}
      </fieldset>
      <CheckFooter
        result={feedback}
        outcome={feedback ? choiceOutcome(exercise.multiple, feedback.options) : undefined}
        rule={exercise.multiple ? 'Each true statement you chose earns its share; each untrue one you chose takes a share away (never below zero).' : undefined}
        label="Check my answer"
        onCheck={onCheck}
        checking={checking}
        disabled={chosen.length === 0}
      />
    </section>
  );
}
