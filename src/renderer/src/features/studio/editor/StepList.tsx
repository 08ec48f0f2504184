// The lesson's steps: move between them, add one from a ready-made template,
// reorder them, delete one (after an in-page confirmation). On a phone the steps
// are a select (every step's name readable), with the current step's tools beside it.
import { useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { StepTemplateDto } from '../../../../../shared/studio-api.ts';
import { useApp } from '../../../state/app.ts';
import { selectAnnounce } from '../../../state/selectors.ts';
import { selectEditorTemplates, selectNavigation, selectUpdate, useStudioEditor } from '../../../state/studio-editor.ts';
import { Confirm, usePlaced } from './fields.tsx';
import { move, STEP_KIND_NAMES, uniqueId, type StepData } from './model.ts';
import { stepOfAnchor } from './problems.ts';

const stepButtonId = (i: number) => `ed-step-${i}`;

export function StepList({ steps, editable, compact = false }: { steps: StepData[]; editable: boolean; compact?: boolean }) {
  const { step: current, setStep, focus, setPane } = useStudioEditor(useShallow(selectNavigation));
  const announce = useApp(selectAnnounce);
  const [deleting, setDeleting] = useState<number | null>(null);
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
    setPane('step');
    announce(`Step ${steps.length + 1} added: ${t.name}. Give it a title.`);
    focus('fx-exercises-' + steps.length + '-title');
  };

  const remove = (i: number) => {
    const s = steps[i]!;
    update<StepData[]>(['exercises'], (list) => list.filter((_, k) => k !== i));
    setDeleting(null);
    const next = Math.min(i, steps.length - 2);
    setStep(next);
    announce(`Step “${s.title || i + 1}” deleted.`);
    focus(compact ? 'ed-step-select' : stepButtonId(next));
  };

  const show = (i: number) => {
    setStep(i);
    setDeleting(null);
    announce(i < 0 ? 'Showing the lesson details.' : `Showing step ${i + 1}: ${steps[i]?.title || 'untitled'}.`);
  };

  /** Moves step i up (-1) or down (+1); the focus stays on the moved step's same button (or its other one at an end). */
  const moveStep = (i: number, by: -1 | 1) => {
    const to = i + by;
    update<StepData[]>(['exercises'], (l) => move(l, i, by));
    setStep(to);
    announce(`Step “${steps[i]?.title || i + 1}” moved to place ${to + 1} of ${steps.length}.`);
    const atEnd = by < 0 ? to === 0 : to === steps.length - 1;
    focus(`ed-step-${by < 0 === !atEnd ? 'up' : 'down'}-${to}`);
  };

  const deleteQuestion = (i: number) => {
    const s = steps[i]!;
    const items = s.kind === 'highlight' && Array.isArray(s.key) ? s.key.length : 0;
    const what = items ? ` and its ${items} key ${items === 1 ? 'item' : 'items'}` : '';
    return (
      <>
        Delete the step “<bdi>{s.title || i + 1}</bdi>”{what}? It is gone from the lesson file when you save.
      </>
    );
  };

  const tools = (i: number) =>
    editable && (
      <span className="ed-step-tools" role="group" aria-label={`Step ${i + 1}`}>
        <button type="button" className="ed-small" id={`ed-step-up-${i}`} disabled={i === 0} aria-label={`Move step ${i + 1} up`} onClick={() => moveStep(i, -1)}>
          ↑
        </button>
        <button type="button" className="ed-small" id={`ed-step-down-${i}`} disabled={i === steps.length - 1} aria-label={`Move step ${i + 1} down`} onClick={() => moveStep(i, 1)}>
          ↓
        </button>
        <button type="button" className="ed-small" id={`ed-step-delete-${i}`} aria-label={`Delete step ${i + 1}`} aria-expanded={deleting === i} onClick={() => setDeleting(i)} disabled={deleting === i}>
          Delete
        </button>
      </span>
    );

  const confirmDelete = (i: number) =>
    deleting === i && (
      <Confirm
        question={deleteQuestion(i)}
        yes="Delete the step"
        no="Keep it"
        onYes={() => remove(i)}
        onNo={() => {
          setDeleting(null);
          focus(`ed-step-delete-${i}`);
        }}
      />
    );

  const badge = (n: number | undefined) =>
    n ? (
      <span className="ed-badge bad" aria-label={`${n} to fix`}>
        {n}
      </span>
    ) : null;

  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const addForm = editable && templates.length > 0 && (
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
  );

  if (compact) {
    const fix = (n: number | undefined) => (n ? ` — ${n} to fix` : '');
    return (
      <nav className="ed-steps ed-steps-compact" aria-label="Steps of the lesson" id="ed-steps" tabIndex={-1}>
        <div className="ed-step-pick">
          <label htmlFor="ed-step-select">Step{total ? ` (${total} to fix)` : ''}</label>
          <select id="ed-step-select" value={current} onChange={(e) => show(Number(e.target.value))}>
            <option value={-1}>Lesson details{fix(counts.get(-1))}</option>
            {steps.map((s, i) => (
              <option key={`${s.id}-${i}`} value={i}>
                {i + 1}. {s.title || 'Untitled step'} —{' '}
                {s.kind === 'highlight' && Array.isArray(s.key) ? `${s.key.length} ${s.key.length === 1 ? 'item' : 'items'}` : (STEP_KIND_NAMES[s.kind] ?? s.kind).toLowerCase()}
                {fix(counts.get(i))}
              </option>
            ))}
          </select>
          {current >= 0 && tools(current)}
        </div>
        {current >= 0 && confirmDelete(current)}
        {addForm && (
          <details className="ed-add-details">
            <summary>Add a step</summary>
            {addForm}
          </details>
        )}
      </nav>
    );
  }

  return (
    <nav className="ed-steps" aria-label="Steps of the lesson" id="ed-steps" tabIndex={-1}>
      <ol ref={listRef}>
        <li className={current === -1 ? 'current' : undefined}>
          <button type="button" id={stepButtonId(-1)} className="ed-step-link details" aria-current={current === -1 ? 'step' : undefined} onClick={() => show(-1)}>
            <span className="ed-step-title">Lesson details</span>
            {badge(counts.get(-1))}
          </button>
        </li>
        {steps.map((s, i) => (
          <li key={`${s.id}-${i}`} className={current === i ? 'current' : undefined}>
            <button type="button" id={stepButtonId(i)} className="ed-step-link" aria-current={current === i ? 'step' : undefined} onClick={() => show(i)}>
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
            {current === i && tools(i)}
            {current === i && confirmDelete(i)}
          </li>
        ))}
      </ol>
      {addForm}
    </nav>
  );
}
