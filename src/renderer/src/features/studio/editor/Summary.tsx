// The top of the editor: what is left to fix before students can use the lesson,
// each a link that moves focus to the place, and the notes (warnings) as such.
import { useShallow } from 'zustand/react/shallow';
import type { StudioProblemDto } from '../../../../../shared/studio-api.ts';
import { selectEditorCheck, selectNavigation, useStudioEditor } from '../../../state/studio-editor.ts';
import type { StepData } from './model.ts';
import { anchorOf, fieldId, fieldName, problemSummary, stepOfAnchor } from './problems.ts';

export function Summary({ steps }: { steps: StepData[] }) {
  const check = useStudioEditor(selectEditorCheck);
  const { setStep, focus, setPane } = useStudioEditor(useShallow(selectNavigation));
  if (!check) return null;
  const where = (p: StudioProblemDto) => {
    const s = stepOfAnchor(anchorOf(p.path));
    const field = fieldName(p.path);
    const step = s < 0 ? 'Lesson details' : `Step ${s + 1}${steps[s]?.title ? ` (${steps[s]!.title})` : ''}`;
    return field ? `${step}, ${field}` : step;
  };
  const go = (p: StudioProblemDto) => {
    const a = anchorOf(p.path);
    setStep(stepOfAnchor(a));
    setPane('step');
    focus(fieldId(a));
  };
  const list = (items: readonly StudioProblemDto[], kind: 'problem' | 'warning') => (
    <ul className={`ed-summary-list ${kind}`}>
      {items.map((p, i) => (
        <li key={i}>
          <button type="button" className="ed-link" onClick={() => go(p)}>
            <span className="ed-where">{where(p)}:</span> {p.message}
          </button>
        </li>
      ))}
    </ul>
  );
  if (!check.problems.length && !check.warnings.length) return null;
  return (
    <div className="ed-summary" aria-live="polite">
      {check.problems.length > 0 && (
        <section className="ed-summary-problems" aria-labelledby="ed-summary-title">
          <h2 id="ed-summary-title">{problemSummary(check.problems.length)}</h2>
          {list(check.problems, 'problem')}
        </section>
      )}
      {check.warnings.length > 0 && (
        <details className="ed-summary-warnings" open={check.problems.length === 0}>
          <summary>
            {check.warnings.length === 1 ? '1 note' : `${check.warnings.length} notes`} (the lesson works, but have a look)
          </summary>
          {list(check.warnings, 'warning')}
        </details>
      )}
    </div>
  );
}
