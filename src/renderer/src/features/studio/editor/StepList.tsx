// The lesson's steps: move between them, add one from a ready-made template,
// reorder them, delete one (after a confirmation).
import { useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { StepTemplateDto } from '../../../../../shared/studio-api.ts';
import { selectEditorTemplates, selectNavigation, selectUpdate, useStudioEditor } from '../../../state/studio-editor.ts';
import { usePlaced } from './fields.tsx';
import { move, STEP_KIND_NAMES, uniqueId, type StepData } from './model.ts';
import { stepOfAnchor } from './problems.ts';

export function StepList({ steps, editable }: { steps: StepData[]; editable: boolean }) {
  const { step: current, setStep, focus } = useStudioEditor(useShallow(selectNavigation));
  const update = useStudioEditor(selectUpdate);
  const templates = useStudioEditor(selectEditorTemplates);
  const placed = usePlaced();
  const [template, setTemplate] = useState<string>('');
  const listRef = useRef<HTMLOListElement>(null);
  // On a narrow screen the steps scroll sideways: keep the current one in view.
  useEffect(() => {
    listRef.current?.querySelector('li.current')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [current, steps.length]);

  const counts = new Map<number, number>();
  for (const [a, list] of placed.problems) {
    const s = stepOfAnchor(a);
    counts.set(s, (counts.get(s) ?? 0) + list.length);
  }

  const add = (t: StepTemplateDto) => {
    const step = structuredClone(t.step) as unknown as StepData;
    step.id = uniqueId(typeof step.id === 'string' ? step.id : t.template, steps.map((s) => s.id));
    update<StepData[]>(['exercises'], (list) => [...(Array.isArray(list) ? list : []), step]);
    setStep(steps.length);
    focus('fx-exercises-' + steps.length + '-title');
  };

  const remove = (i: number) => {
    const s = steps[i]!;
    const items = s.kind === 'highlight' && Array.isArray(s.key) ? s.key.length : 0;
    const what = items ? ` and its ${items} key ${items === 1 ? 'item' : 'items'}` : '';
    if (!window.confirm(`Delete the step “${s.title || i + 1}”${what}? This cannot be undone once you save.`)) return;
    update<StepData[]>(['exercises'], (list) => list.filter((_, k) => k !== i));
    setStep(Math.min(i, steps.length - 2));
    focus('ed-steps');
  };

  const badge = (n: number | undefined) =>
    n ? (
      <span className="ed-badge bad" aria-label={`${n} to fix`}>
        {n}
      </span>
    ) : null;

  return (
    <nav className="ed-steps" aria-label="Steps of the lesson" id="ed-steps" tabIndex={-1}>
      <ol ref={listRef}>
        <li className={current === -1 ? 'current' : undefined}>
          <button type="button" className="ed-step-link details" aria-current={current === -1 ? 'step' : undefined} onClick={() => setStep(-1)}>
            <span className="ed-step-title">Lesson details</span>
            {badge(counts.get(-1))}
          </button>
        </li>
        {steps.map((s, i) => (
          <li key={`${s.id}-${i}`} className={current === i ? 'current' : undefined}>
            <button type="button" className="ed-step-link" aria-current={current === i ? 'step' : undefined} onClick={() => setStep(i)}>
              <span className="ed-step-n">{i + 1}</span>
              <span className="ed-step-title" dir="auto">
                {s.title || 'Untitled step'}
              </span>
              <span className="ed-step-kind">
                {STEP_KIND_NAMES[s.kind] ?? s.kind}
                {s.kind === 'highlight' && Array.isArray(s.key) ? ` · ${s.key.length} ${s.key.length === 1 ? 'item' : 'items'}` : ''}
              </span>
              {badge(counts.get(i))}
            </button>
            {editable && current === i && (
              <span className="ed-step-tools" role="group" aria-label={`Step ${i + 1}`}>
                <button
                  type="button"
                  className="ed-small"
                  disabled={i === 0}
                  aria-label={`Move step ${i + 1} up`}
                  onClick={() => {
                    update<StepData[]>(['exercises'], (l) => move(l, i, -1));
                    setStep(i - 1);
                  }}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="ed-small"
                  disabled={i === steps.length - 1}
                  aria-label={`Move step ${i + 1} down`}
                  onClick={() => {
                    update<StepData[]>(['exercises'], (l) => move(l, i, 1));
                    setStep(i + 1);
                  }}
                >
                  ↓
                </button>
                <button type="button" className="ed-small" aria-label={`Delete step ${i + 1}`} onClick={() => remove(i)}>
                  Delete
                </button>
              </span>
            )}
          </li>
        ))}
      </ol>
      {editable && templates.length > 0 && (
        <form
          className="ed-add-step"
          onSubmit={(e) => {
            e.preventDefault();
            const t = templates.find((x) => x.template === template);
            if (t) add(t);
          }}
        >
          <label htmlFor="ed-template">Add a step</label>
          <select id="ed-template" value={template} onChange={(e) => setTemplate(e.target.value)} aria-describedby="ed-template-desc">
            <option value="">Choose a kind of step…</option>
            {templates.map((t) => (
              <option key={t.template} value={t.template}>
                {t.name}
              </option>
            ))}
          </select>
          {template && (
            <p id="ed-template-desc" className="ed-hint">
              {templates.find((t) => t.template === template)?.description}
            </p>
          )}
          <button type="submit" disabled={!template}>
            Add step
          </button>
        </form>
      )}
    </nav>
  );
}
