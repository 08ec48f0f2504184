import type { PublicExerciseDto, StepFeedbackDto } from '../../../../shared/api.ts';
import { LabelSwatch } from '../../components/LabelSwatch.tsx';

type Exercise = Extract<PublicExerciseDto, { kind: 'highlight' }>;
type Feedback = Extract<StepFeedbackDto, { kind: 'highlight' }>;

const pct = (x: number) => `${Math.round(x * 100)}%`;

const STATUS_TEXT = { found: 'Found', partly: 'Partly found', missed: 'Missed' } as const;
const STATUS_ICON = { found: '✓', partly: '◐', missed: '✗' } as const;

/** "You found 6 of 8 sources": counts the key spans found (at least half covered, right label). */
export function foundSummary(feedback: Feedback, itemName: string): string {
  const found = feedback.keySpans.filter((k) => k.status === 'found').length;
  return `You found ${found} of ${feedback.keySpans.length} ${itemName}`;
}

export function HighlightFeedback({ exercise, feedback, text, onShow }: { exercise: Exercise; feedback: Feedback; text: string; onShow: (s: { start: number; end: number }) => void }) {
  const labelIndex = new Map(exercise.labels.map((l, i) => [l.id, i]));
  const labelName = (id: string) => exercise.labels.find((l) => l.id === id)?.name ?? id;
  const partly = feedback.keySpans.filter((k) => k.status === 'partly').length;
  const groups = (['found', 'partly', 'missed'] as const).map((status) => ({ status, items: feedback.keySpans.filter((k) => k.status === status) }));
  return (
    <div className="feedback" aria-labelledby="feedback-title">
      <h3 id="feedback-title" className="feedback-figure">
        {foundSummary(feedback, exercise.itemName)}
        {partly > 0 && <span className="feedback-sub">, and partly found {partly}</span>}
      </h3>
      <p className="points">
        <strong>{feedback.points}</strong> of {feedback.maxPoints} points
      </p>
      <ul className="status-legend" aria-label="Colours in the article">
        <li><span className="sl-found" aria-hidden="true" />found</li>
        <li><span className="sl-partly" aria-hidden="true" />partly found</li>
        <li><span className="sl-missed" aria-hidden="true" />missed</li>
        <li><span className="sl-extra" aria-hidden="true" />not in the key</li>
      </ul>
      <details className="metrics">
        <summary>How is this scored?</summary>
        <dl>
          <dt>Precision {pct(feedback.precision)}</dt>
          <dd>How much of what you highlighted is in the key, with the right label. Highlighting everything would make this low.</dd>
          <dt>Recall {pct(feedback.recall)}</dt>
          <dd>How much of the key you highlighted, with the right label. Highlighting too little makes this low.</dd>
          <dt>Score (F1) {pct(feedback.f1)}</dt>
          <dd>A balance of the two, used for your points. Ignoring the labels, it would be {pct(feedback.unlabeled.f1)}.</dd>
        </dl>
        <p>An item counts as found when you highlighted at least half of it with the right label.</p>
      </details>
      {groups.map(({ status, items }) =>
        items.length === 0 ? null : (
          <section key={status} className={`fb-group fb-${status}`}>
            <h4>
              <span aria-hidden="true">{STATUS_ICON[status]}</span> {STATUS_TEXT[status]} ({items.length})
            </h4>
            <ul>
              {items.map((k) => (
                <li key={`${k.start}-${k.end}-${k.label}`} className="fb-item">
                  <button type="button" className="quote-link" onClick={() => onShow(k)} title="Show in the article">
                    <LabelSwatch index={labelIndex.get(k.label) ?? 0} /> “{k.quote}”
                  </button>
                  <span className="label-name">{labelName(k.label)}</span>
                  {k.markedAs && <p className="marked-as">You highlighted this as {labelName(k.markedAs)}.</p>}
                  {status === 'partly' && <p className="marked-as">You highlighted {pct(k.coverage)} of it.</p>}
                  <p className="explanation">{k.explanation}</p>
                </li>
              ))}
            </ul>
          </section>
        ),
      )}
      {feedback.extraSpans.length > 0 && (
        <section className="fb-group fb-extra">
          <h4>
            <span aria-hidden="true">+</span> Not in the key ({feedback.extraSpans.length})
          </h4>
          <p className="hint">These highlights do not touch anything in the key. Ask yourself why you chose them — you may have spotted something the key leaves out.</p>
          <ul>
            {feedback.extraSpans.map((s) => (
              <li key={`${s.start}-${s.end}-${s.label}`} className="fb-item">
                <button type="button" className="quote-link" onClick={() => onShow(s)}>
                  <LabelSwatch index={labelIndex.get(s.label) ?? 0} /> “{text.slice(s.start, s.end)}”
                </button>
                <span className="label-name">{labelName(s.label)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
