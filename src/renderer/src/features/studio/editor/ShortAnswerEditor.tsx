// A short-answer step: the question, the rubric the teacher grades with, a model answer.
import { useShallow } from 'zustand/react/shallow';
import { selectNavigation, selectSet, selectUpdate, useStudioEditor } from '../../../state/studio-editor.ts';
import { AnchorProblems, NumberField, TextField } from './fields.tsx';
import type { RubricData, ShortAnswerData } from './model.ts';
import { anchor, fieldId } from './problems.ts';
import { StepBasics } from './StepBasics.tsx';

export function ShortAnswerEditor({ index, step, editable }: { index: number; step: ShortAnswerData; editable: boolean }) {
  const set = useStudioEditor(selectSet);
  const update = useStudioEditor(selectUpdate);
  const { focus } = useStudioEditor(useShallow(selectNavigation));
  const rubric = Array.isArray(step.rubric) ? step.rubric : [];
  const path = ['exercises', index, 'rubric'] as const;
  const at = (...p: (string | number)[]) => anchor('exercises', index, ...p);
  const total = rubric.reduce((s, r) => s + (Number.isFinite(r.points) ? r.points : 0), 0);
  return (
    <div className="ed-step ed-short">
      <StepBasics index={index} step={step} editable={editable} points={false} />
      <section className="ed-section" aria-labelledby={`ed-rubric-${index}`}>
        <h3 id={`ed-rubric-${index}`}>What you grade ({total} {total === 1 ? 'point' : 'points'} in all)</h3>
        <p className="ed-hint">Students see these criteria while they write; you grade each answer against them in the teacher area.</p>
        <AnchorProblems anchor={at('rubric')} />
        <ol className="ed-rubric">
          {rubric.map((r, j) => (
            <li key={j} id={fieldId(at('rubric', j))} tabIndex={-1} className="ed-rubric-row">
              <TextField anchor={at('rubric', j, 'criterion')} label={`Criterion ${j + 1}`} value={r.criterion ?? ''} multiline onChange={(v) => set([...path, j, 'criterion'], v)} disabled={!editable} />
              <NumberField anchor={at('rubric', j, 'points')} label="Points" className="ed-narrow" value={r.points} onChange={(v) => set([...path, j, 'points'], v)} disabled={!editable} />
              {editable && (
                <button
                  type="button"
                  className="ed-small"
                  aria-label={`Remove criterion ${j + 1}`}
                  onClick={() => {
                    update<RubricData[]>(path, (l) => l.filter((_, k) => k !== j));
                    focus(`ed-add-criterion-${index}`);
                  }}
                >
                  Remove
                </button>
              )}
              <AnchorProblems anchor={at('rubric', j)} />
            </li>
          ))}
        </ol>
        {editable && (
          <button
            type="button"
            id={`ed-add-criterion-${index}`}
            onClick={() => {
              update<RubricData[]>(path, (l) => [...(l ?? []), { criterion: '', points: 1 }]);
              focus(fieldId(at('rubric', rubric.length, 'criterion')));
            }}
          >
            Add a criterion
          </button>
        )}
      </section>
      <TextField
        anchor={at('modelAnswer')}
        label="Model answer"
        hint="Shown to you beside each answer when you grade it."
        optional
        value={step.modelAnswer ?? ''}
        multiline
        rows={3}
        onChange={(v) => set(['exercises', index, 'modelAnswer'], v === '' ? undefined : v)}
        disabled={!editable}
      />
    </div>
  );
}
