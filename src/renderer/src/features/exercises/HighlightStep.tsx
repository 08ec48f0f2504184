import type { PublicExerciseDto, SavedHighlightDto, StepFeedbackDto } from '../../../../shared/api.ts';
import { LabelSwatch } from '../../components/LabelSwatch.tsx';
import { HighlightFeedback } from './HighlightFeedback.tsx';

type Exercise = Extract<PublicExerciseDto, { kind: 'highlight' }>;

interface Props {
  exercise: Exercise;
  text: string;
  highlights: SavedHighlightDto[];
  feedback: Extract<StepFeedbackDto, { kind: 'highlight' }> | null;
  onRelabel: (id: string, label: string) => void;
  onRemove: (id: string) => void;
  onCheck: () => void;
  onShow: (span: { start: number; end: number }) => void;
  checking: boolean;
}

export function Legend({ labels }: { labels: Exercise['labels'] }) {
  return (
    <ul className="legend" aria-label="Labels">
      {labels.map((l, i) => (
        <li key={l.id} className={`legend-item label-${i}`}>
          <LabelSwatch index={i} />
          <span className="legend-sample">{l.name}</span>
          <kbd aria-label={`key ${i + 1}`}>{i + 1}</kbd>
          <span className="legend-desc">{l.description}</span>
        </li>
      ))}
    </ul>
  );
}

export function KeyboardHelp({ count }: { count: number }) {
  return (
    <details className="keyboard-help">
      <summary>Using the keyboard</summary>
      <div id="keyboard-help">
        <p>Tab to the article, then:</p>
        <ul>
          <li><kbd>←</kbd> <kbd>→</kbd> move word by word; <kbd>↑</kbd> <kbd>↓</kbd> move by paragraph; <kbd>Home</kbd> <kbd>End</kbd> go to the start or end of a paragraph</li>
          <li><kbd>Shift</kbd> with an arrow selects several words</li>
          <li><kbd>1</kbd>–<kbd>{count}</kbd> highlight the selection (or the word at the caret) with that label</li>
          <li><kbd>Enter</kbd> on a highlight opens it to change its label; <kbd>Delete</kbd> removes the highlight under the caret</li>
          <li><kbd>Esc</kbd> cancels a selection</li>
        </ul>
      </div>
    </details>
  );
}

export function HighlightStep({ exercise, text, highlights, feedback, onRelabel, onRemove, onCheck, onShow, checking }: Props) {
  const sorted = [...highlights].sort((a, b) => a.start - b.start || a.end - b.end);
  const labelIndex = new Map(exercise.labels.map((l, i) => [l.id, i]));
  return (
    <section className="step" aria-labelledby="step-title">
      <h2 id="step-title">{exercise.title}</h2>
      <p className="prompt">{exercise.prompt}</p>
      <Legend labels={exercise.labels} />
      {!feedback && (
        <>
          <p className="hint">Select words in the article, then choose a label. Click a highlight to change or remove it.</p>
          <KeyboardHelp count={exercise.labels.length} />
        </>
      )}
      <h3 className="list-title">Your highlights ({highlights.length})</h3>
      {sorted.length === 0 ? (
        <p className="empty">{feedback ? 'You did not highlight anything in this step.' : 'Nothing highlighted yet.'}</p>
      ) : (
        <ul className="my-highlights">
          {sorted.map((h) => {
            const i = labelIndex.get(h.label) ?? 0;
            const quote = text.slice(h.start, h.end);
            return (
              <li key={h.id} className={`my-highlight label-${i}`}>
                <button type="button" className="quote-link" onClick={() => onShow(h)} title="Show in the article">
                  <LabelSwatch index={i} /> “{quote}”
                </button>
                {feedback ? (
                  <span className="label-name">{exercise.labels[i]?.name}</span>
                ) : (
                  <span className="my-highlight-actions">
                    <select aria-label={`Label for “${quote}”`} value={h.label} onChange={(e) => onRelabel(h.id, e.target.value)}>
                      {exercise.labels.map((l) => (
                        <option key={l.id} value={l.id}>{l.name}</option>
                      ))}
                    </select>
                    <button type="button" className="icon-button" aria-label={`Remove “${quote}”`} onClick={() => onRemove(h.id)}>
                      Remove
                    </button>
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {feedback ? (
        <HighlightFeedback exercise={exercise} feedback={feedback} text={text} onShow={onShow} />
      ) : (
        <div className="step-actions">
          <button type="button" className="primary" onClick={onCheck} disabled={checking}>
            {checking ? 'Checking…' : 'Check my highlights'}
          </button>
          <span className="hint">Checking shows the answers; you can then no longer change this step.</span>
        </div>
      )}
    </section>
  );
}
