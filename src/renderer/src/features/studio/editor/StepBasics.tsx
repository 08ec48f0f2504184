// The fields every step has: its title, the instructions students read, its points.
import { selectSet, useStudioEditor } from '../../../state/studio-editor.ts';
import { NumberField, TextField } from './fields.tsx';
import type { StepData } from './model.ts';
import { anchor } from './problems.ts';

export function StepBasics({ index, step, editable, points = true }: { index: number; step: StepData; editable: boolean; points?: boolean }) {
  const set = useStudioEditor(selectSet);
  const at = (f: string) => anchor('exercises', index, f);
  return (
    <div className="ed-basics">
      <TextField anchor={at('title')} label="Step title" value={step.title ?? ''} onChange={(v) => set(['exercises', index, 'title'], v)} disabled={!editable} />
      <TextField
        anchor={at('prompt')}
        label="Instructions for students"
        value={step.prompt ?? ''}
        multiline
        rows={3}
        onChange={(v) => set(['exercises', index, 'prompt'], v)}
        disabled={!editable}
      />
      {step.kind === 'highlight' && (
        <TextField
          anchor={at('itemName')}
          label="What students count"
          optional
          hint="Feedback says “You found 3 of 8 …” with these words, e.g. “sources”."
          value={step.itemName ?? ''}
          onChange={(v) => set(['exercises', index, 'itemName'], v === '' ? undefined : v)}
          disabled={!editable}
        />
      )}
      {points && 'points' in step && (
        <NumberField
          anchor={at('points')}
          label="Points"
          className="ed-narrow"
          value={step.points}
          onChange={(v) => set(['exercises', index, 'points'], v)}
          disabled={!editable}
          optional={step.kind === 'evidence'}
        />
      )}
    </div>
  );
}
