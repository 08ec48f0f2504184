// A choice step: the question, one or several answers, the options with what each
// one tells the student after checking.
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../../../state/app.ts';
import { selectAnnounce } from '../../../state/selectors.ts';
import { selectNavigation, selectSet, selectUpdate, useStudioEditor } from '../../../state/studio-editor.ts';
import { AnchorProblems, CheckField, Confirm, TextField } from './fields.tsx';
import { move, nextLetterId, type ChoiceData, type OptionData } from './model.ts';
import { anchor, fieldId } from './problems.ts';
import { StepBasics } from './StepBasics.tsx';

export function ChoiceEditor({ index, step, editable }: { index: number; step: ChoiceData; editable: boolean }) {
  const set = useStudioEditor(selectSet);
  const update = useStudioEditor(selectUpdate);
  const { focus } = useStudioEditor(useShallow(selectNavigation));
  const announce = useApp(selectAnnounce);
  const [removing, setRemoving] = useState<number | null>(null);
  const options = Array.isArray(step.options) ? step.options : [];
  const path = ['exercises', index, 'options'] as const;
  const at = (...p: (string | number)[]) => anchor('exercises', index, ...p);
  const moveOption = (j: number, by: -1 | 1) => {
    const to = j + by;
    update<OptionData[]>(path, (l) => move(l, j, by));
    announce(`Option ${j + 1} moved to place ${to + 1} of ${options.length}.`);
    const atEnd = by < 0 ? to === 0 : to === options.length - 1;
    focus(`ed-opt-${by < 0 === !atEnd ? 'up' : 'down'}-${index}-${to}`);
  };
  const removeOption = (j: number) => {
    update<OptionData[]>(path, (l) => l.filter((_, k) => k !== j));
    setRemoving(null);
    announce(`Option ${j + 1} removed.`);
    focus(`ed-add-option-${index}`);
  };

  return (
    <div className="ed-step ed-choice-step">
      <StepBasics index={index} step={step} editable={editable} />
      <CheckField
        anchor={at('multiple')}
        label="Students may choose several answers"
        hint={step.multiple ? 'Every correct option must be chosen, and no wrong one.' : 'Students choose one answer.'}
        checked={step.multiple ?? false}
        onChange={(v) => set(['exercises', index, 'multiple'], v)}
        disabled={!editable}
      />
      <section className="ed-section" aria-labelledby={`ed-options-${index}`}>
        <h3 id={`ed-options-${index}`}>Options ({options.length})</h3>
        <p className="ed-hint">Each student sees the options in an order of their own, shuffled once per attempt. An option kept in its position (such as “None of these”) stays where it is here.</p>
        <AnchorProblems anchor={at('options')} />
        <ol className="ed-options">
          {options.map((o, j) => (
            <li key={o.id} id={fieldId(at('options', j))} tabIndex={-1} className={`ed-option${o.correct ? ' correct' : ''}`}>
              <div className="ed-item-head">
                <span className="ed-item-n">{String.fromCharCode(65 + (j % 26))}</span>
                <CheckField
                  anchor={at('options', j, 'correct')}
                  label="Correct answer"
                  checked={o.correct ?? false}
                  onChange={(v) =>
                    update<OptionData[]>(path, (list) =>
                      list.map((x, k) => {
                        if (k === j) return { ...x, correct: v };
                        // One answer only: choosing this one as correct makes the others wrong.
                        return v && !step.multiple && x.correct ? { ...x, correct: false } : x;
                      }),
                    )
                  }
                  disabled={!editable}
                />
                <CheckField
                  anchor={at('options', j, 'fixed')}
                  label="Keep in this position"
                  checked={o.fixed ?? false}
                  onChange={(v) => set([...path, j, 'fixed'], v ? true : undefined)}
                  disabled={!editable}
                />
                <span className="spacer" />
                {editable && (
                  <span className="ed-order" role="group" aria-label={`Move option ${j + 1}`}>
                    <button type="button" className="ed-small" id={`ed-opt-up-${index}-${j}`} disabled={j === 0} aria-label={`Move option ${j + 1} up`} onClick={() => moveOption(j, -1)}>
                      ↑
                    </button>
                    <button
                      type="button"
                      className="ed-small"
                      id={`ed-opt-down-${index}-${j}`}
                      disabled={j === options.length - 1}
                      aria-label={`Move option ${j + 1} down`}
                      onClick={() => moveOption(j, 1)}
                    >
                      ↓
                    </button>
                    <button
                      type="button"
                      className="ed-small"
                      id={`ed-opt-remove-${index}-${j}`}
                      aria-label={`Remove option ${j + 1}`}
                      disabled={removing === j}
                      onClick={() => (o.text.trim() ? setRemoving(j) : removeOption(j))}
                    >
                      Remove
                    </button>
                  </span>
                )}
              </div>
              {removing === j && (
                <Confirm
                  question={
                    <>
                      Remove option {j + 1} (“<bdi>{o.text.slice(0, 60)}</bdi>”)?
                    </>
                  }
                  yes="Remove it"
                  no="Keep it"
                  onYes={() => removeOption(j)}
                  onNo={() => {
                    setRemoving(null);
                    focus(`ed-opt-remove-${index}-${j}`);
                  }}
                />
              )}
              <TextField anchor={at('options', j, 'text')} label={`Option ${j + 1}`} value={o.text ?? ''} multiline onChange={(v) => set([...path, j, 'text'], v)} disabled={!editable} />
              <TextField
                anchor={at('options', j, 'feedback')}
                label="What the student reads about it after checking"
                value={o.feedback ?? ''}
                multiline
                onChange={(v) => set([...path, j, 'feedback'], v)}
                disabled={!editable}
              />
              <AnchorProblems anchor={at('options', j)} />
            </li>
          ))}
        </ol>
        {editable && (
          <button
            type="button"
            id={`ed-add-option-${index}`}
            onClick={() => {
              const id = nextLetterId(options.map((o) => o.id));
              update<OptionData[]>(path, (l) => [...(l ?? []), { id, text: '', correct: false, feedback: '' }]);
              focus(fieldId(at('options', options.length, 'text')));
            }}
          >
            Add an option
          </button>
        )}
      </section>
    </div>
  );
}
