import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { PublicExerciseDto, SavedHighlightDto, StepFeedbackDto } from '../../../../shared/api.ts';
import { LabelSwatch } from '../../components/LabelSwatch.tsx';
import { HighlightFeedback } from './HighlightFeedback.tsx';
import { useRoving } from './roving.ts';
import { StepLinks, useStepJumps } from './StepLinks.tsx';

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
        <p>In the list of your highlights (one Tab stop): <kbd>↑</kbd> <kbd>↓</kbd> move between them, <kbd>Enter</kbd> shows one in the article, <kbd>1</kbd>–<kbd>{count}</kbd> change its label, <kbd>Delete</kbd> removes it.</p>
      </div>
    </details>
  );
}

export function HighlightStep({ exercise, text, highlights, feedback, onRelabel, onRemove, onCheck, onShow, checking }: Props) {
  const sorted = [...highlights].sort((a, b) => a.start - b.start || a.end - b.end);
  const labelIndex = new Map(exercise.labels.map((l, i) => [l.id, i]));
  const jumps = useStepJumps();
  const list = useRoving<HTMLUListElement>();
  const checkRef = useRef<HTMLButtonElement>(null);
  const keepRef = useRef<HTMLButtonElement>(null);
  // Checking with nothing highlighted shows the key and locks the step: it asks first.
  const [confirming, setConfirming] = useState(false);
  const empty = highlights.length === 0;
  useEffect(() => {
    if (!empty) setConfirming(false);
  }, [empty]);
  useEffect(() => {
    if (confirming) keepRef.current?.focus();
  }, [confirming]);
  const keepMarking = () => {
    setConfirming(false);
    if (jumps) jumps.toArticle();
    else requestAnimationFrame(() => checkRef.current?.focus());
  };

  /** Keys on a listed highlight: a number relabels it, Delete removes it (arrows move along the list). */
  const onItemKey = (e: KeyboardEvent, h: SavedHighlightDto, index: number) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      onRemove(h.id);
      list.focusAfterRemoval(index, () => jumps?.toArticle());
      return;
    }
    const n = Number(e.key);
    if (e.key.length === 1 && Number.isInteger(n) && n >= 1 && n <= exercise.labels.length) {
      e.preventDefault();
      onRelabel(h.id, exercise.labels[n - 1]!.id);
    }
  };

  return (
    <section className="step" aria-labelledby="step-title">
      <h2 id="step-title" tabIndex={-1}>{exercise.title}</h2>
      <StepLinks />
      <p className="prompt">{exercise.prompt}</p>
      <Legend labels={exercise.labels} />
      {!feedback && (
        <>
          <p className="hint">Select words in the article, then choose a label. Click a highlight to change or remove it.</p>
          <KeyboardHelp count={exercise.labels.length} />
        </>
      )}
      <h3 className="list-title" id="my-highlights-title">Your highlights ({highlights.length})</h3>
      {sorted.length === 0 ? (
        <p className="empty">{feedback ? 'You did not highlight anything in this step.' : 'Nothing highlighted yet.'}</p>
      ) : (
        <ul className="my-highlights" ref={list.ref} onKeyDown={list.onKeyDown} onFocus={list.onFocus} aria-labelledby="my-highlights-title">
          {sorted.map((h, index) => {
            const i = labelIndex.get(h.label) ?? 0;
            const quote = text.slice(h.start, h.end);
            return (
              <li key={h.id} className={`my-highlight label-${i}`}>
                <button
                  type="button"
                  className="quote-link"
                  data-roving
                  onClick={() => onShow(h)}
                  onKeyDown={feedback ? undefined : (e) => onItemKey(e, h, index)}
                  title="Show in the article"
                  aria-label={`“${quote}”, ${exercise.labels[i]?.name ?? h.label}`}
                  aria-describedby={feedback ? undefined : 'my-highlight-keys'}
                >
                  <LabelSwatch index={i} /> “{quote}”
                </button>
                {feedback ? (
                  <span className="label-name">{exercise.labels[i]?.name}</span>
                ) : (
                  <span className="my-highlight-actions">
                    <select aria-label={`Label for “${quote}”`} value={h.label} tabIndex={-1} onChange={(e) => onRelabel(h.id, e.target.value)}>
                      {exercise.labels.map((l) => (
                        <option key={l.id} value={l.id}>{l.name}</option>
                      ))}
                    </select>
                    <button type="button" className="icon-button" aria-label={`Remove “${quote}”`} tabIndex={-1} onClick={() => onRemove(h.id)}>
                      Remove
                    </button>
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {!feedback && sorted.length > 0 && (
        <p id="my-highlight-keys" className="visually-hidden">
          Enter shows it in the article. Numbers 1 to {exercise.labels.length} change its label; Delete removes it. Up and down arrows move through the list.
        </p>
      )}
      {feedback ? (
        <HighlightFeedback exercise={exercise} feedback={feedback} text={text} onShow={onShow} />
      ) : confirming ? (
        <div className="confirm-empty" role="group" aria-labelledby="confirm-empty-title" onKeyDown={(e) => e.key === 'Escape' && keepMarking()}>
          <p id="confirm-empty-title">
            <strong>You have not highlighted anything in this step.</strong>
          </p>
          <p id="confirm-empty-text">Checking now shows the answers, and you can then no longer mark anything in this step.</p>
          <div className="step-actions">
            <button type="button" ref={keepRef} className="primary" onClick={keepMarking} aria-describedby="confirm-empty-text">
              Go back to the article
            </button>
            <button
              type="button"
              onClick={() => {
                setConfirming(false);
                onCheck();
              }}
            >
              Check with no highlights
            </button>
          </div>
        </div>
      ) : (
        <div className="step-actions">
          <button type="button" ref={checkRef} className="primary" onClick={() => (empty ? setConfirming(true) : onCheck())} disabled={checking}>
            {checking ? 'Checking…' : 'Check my highlights'}
          </button>
          <span className="hint">Checking shows the answers; you can then no longer change this step.</span>
        </div>
      )}
    </section>
  );
}
