import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { ActionOutcome, LessonSession } from '../../state/types.ts';
import { searchOutcome } from '../exercises/search-outcome.ts';
import { choiceOutcome } from '../exercises/choice-outcome.ts';
import { foundSummary, shownMention } from '../exercises/HighlightFeedback.tsx';
import { roundPoints } from '../../../../shared/points.ts';
import { COUNTS_TEXT } from '../assignments/words.ts';

interface Props {
  session: LessonSession;
  onGoToStep: (step: number) => void;
  /** Finishes the attempt: called when the summary opens with every step checked. */
  onFinish: () => Promise<ActionOutcome>;
  onTryAgain: () => void;
  onLibrary: () => void;
  /** A teacher's preview in the lesson studio: nothing is kept, and the way out is the editor. */
  preview?: boolean;
  /** Practice of a lesson after its assignment (never the grade). */
  onPractise?: () => void;
  /** A live session that has ended: this note instead of the ways on (there is no library or new attempt in a class). */
  ended?: string | undefined;
  /** The first-reaction check at the end (where the lesson asks for it), under the points. */
  reaction?: ReactNode;
}

/**
 * The attempt's summary. Opening it finishes the attempt when every step is checked
 * (saying so if that cannot happen now, with a way to try again); with steps left it
 * says which, with a way to each, and the attempt stays open.
 */
export function Summary({ session, onGoToStep, onFinish, onTryAgain, onLibrary, preview = false, onPractise, ended, reaction }: Props) {
  const { lesson, feedback, assignment } = session;
  const left = lesson.exercises.flatMap((ex, i) => (feedback[ex.id] ? [] : [{ ex, step: i + 1 }]));
  const toFinish = left.length === 0 && session.finishedAt === null;
  const [finishing, setFinishing] = useState<{ state: 'idle' | 'busy' } | { state: 'failed'; message: string }>({ state: 'idle' });
  const finishNow = useCallback(async () => {
    setFinishing({ state: 'busy' });
    const r = await onFinish();
    setFinishing(r.ok ? { state: 'idle' } : { state: 'failed', message: r.message });
  }, [onFinish]);
  /** The attempt this summary has tried to finish by itself (once: then the student's button). */
  const triedFor = useRef<string | null>(null);
  useEffect(() => {
    if (!toFinish || triedFor.current === session.attemptId) return;
    triedFor.current = session.attemptId;
    void finishNow();
  }, [toFinish, session.attemptId, finishNow]);

  let points = 0;
  let max = 0;
  let pending = 0;
  let toCheck = 0;
  let selfAssessed = 0;
  const rows = lesson.exercises.map((ex, i) => {
    const fb = feedback[ex.id];
    let result = 'Not checked';
    if (fb?.kind === 'held') result = 'Recorded';
    else if (fb) {
      if (fb.kind === 'short-answer' && fb.status === 'pending') {
        if (fb.selfCheckOffered && !preview) {
          toCheck++;
          result = 'To check yourself';
        } else {
          pending++;
          result = 'Waiting for your teacher';
        }
      } else {
        points += fb.points ?? 0;
        max += fb.maxPoints;
        result = `${fb.points} / ${fb.maxPoints}`;
        if (fb.kind === 'short-answer' && fb.status === 'self-assessed') {
          selfAssessed++;
          result += ' (self-assessed)';
        }
      }
    }
    const detail =
      fb?.kind === 'highlight' && ex.kind === 'highlight'
        ? foundSummary(fb, ex.itemName)
        : fb?.kind === 'choice' && ex.kind === 'choice'
          ? choiceOutcome(ex.multiple, fb.options, true)
          : fb?.kind === 'evidence'
            ? `${fb.claims.filter((c) => c.credit > 0).length} of ${fb.claims.length} verdicts right`
            : fb?.kind === 'search'
              ? searchOutcome(fb.questions, true)
            : fb?.kind === 'short-answer'
              ? fb.status === 'self-assessed'
                ? `You ticked ${fb.met?.length ?? 0} of ${ex.kind === 'short-answer' ? ex.rubric.length : 0} criteria`
                : 'Handed in'
              : '';
    return { ex, step: i + 1, result, detail };
  });
  // The teacher's comments the teacher chose to show (the server sends no other).
  const comments = lesson.exercises.flatMap((ex) => {
    const fb = feedback[ex.id];
    return fb?.kind === 'short-answer' && fb.comment ? [{ ex, comment: fb.comment }] : [];
  });
  const review = lesson.exercises.flatMap((ex) => {
    const fb = feedback[ex.id];
    if (fb?.kind !== 'highlight' || ex.kind !== 'highlight') return [];
    return fb.items.filter((k) => k.status !== 'found').map((k) => ({ ex, k: { ...shownMention(k), label: k.label, explanation: k.explanation } }));
  });
  return (
    <section className="summary" aria-labelledby="summary-title">
      <h1 id="summary-title" tabIndex={-1}>{preview ? 'Summary of the preview' : assignment ? `Summary — attempt ${assignment.attemptIndex}${assignment.maxAttempts !== null ? ` of ${assignment.maxAttempts}` : ''}` : `Summary — attempt ${session.attemptNumber}`}</h1>
      {assignment && <p className="hint">For class {assignment.className} · {COUNTS_TEXT[assignment.counts]}.</p>}
      {session.practiceAfterAssignment && !preview && <p className="practice-badge">Practice: this attempt never changes your grade.</p>}
      <p className="summary-total">
        <strong>{roundPoints(points)}</strong> of {max} points
        {pending > 0 && <span className="hint"> · {pending} answer{pending > 1 ? 's' : ''} waiting for your teacher</span>}
        {toCheck > 0 && <span className="hint"> · {toCheck} answer{toCheck > 1 ? 's' : ''} to check yourself</span>}
        {selfAssessed > 0 && <span className="hint"> · {selfAssessed === 1 ? '1 answer' : `${selfAssessed} answers`} self-assessed (your own check)</span>}
      </p>
      {left.length > 0 && (
        <div className="notice summary-left">
          <h2 className="summary-sub" id="summary-left-title">
            {left.length === 1 ? '1 step is not checked yet' : `${left.length} steps are not checked yet`}
          </h2>
          <p>{preview ? 'Check them to finish the preview:' : 'This attempt is not finished: it stays open until every step is checked. Go to:'}</p>
          <ul aria-labelledby="summary-left-title">
            {left.map(({ ex, step }) => (
              <li key={ex.id}>
                <button type="button" className="link-button" onClick={() => onGoToStep(step)}>
                  Step {step}: {ex.title}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {toFinish && finishing.state === 'busy' && (
        <p className="hint summary-finishing" role="status">Finishing this attempt…</p>
      )}
      {toFinish && finishing.state === 'failed' && (
        <div className="check-problem summary-finishing" role="alert">
          <p>{finishing.message}</p>
          <button type="button" onClick={() => void finishNow()}>Finish now</button>
        </div>
      )}
      <table className="summary-table">
        <thead>
          <tr>
            <th scope="col">Step</th>
            <th scope="col">Result</th>
            <th scope="col">Points</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.ex.id}>
              <th scope="row">
                <button type="button" className="quote-link" onClick={() => onGoToStep(r.step)}>{r.ex.title}</button>
              </th>
              <td>{r.detail}</td>
              <td>{r.result}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {reaction}
      {comments.length > 0 && (
        <>
          <h2 className="summary-sub">From your teacher</h2>
          <ul className="review teacher-comments">
            {comments.map(({ ex, comment }) => (
              <li key={ex.id}>
                <span className="review-step">{ex.title}:</span> <span dir="auto" className="teacher-comment-text">{comment}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {review.length > 0 && (
        <>
          <h2 className="summary-sub">What to review</h2>
          <ul className="review">
            {review.slice(0, 12).map(({ ex, k }) => (
              <li key={`${ex.id}-${k.start}-${k.label}`}>
                <span className="review-step">{ex.title}:</span> “{k.quote}” — {k.explanation}
              </li>
            ))}
          </ul>
          {review.length > 12 && <p className="hint">…and {review.length - 12} more: open a step to see them all.</p>}
        </>
      )}
      {ended !== undefined ? (
        <p className="notice-banner" role="status">{ended}</p>
      ) : (
        <>
          <div className="step-actions">
            {!assignment ? (
              <button type="button" className="primary" onClick={onTryAgain}>{session.practiceAfterAssignment ? 'Practise again' : 'Try again'}</button>
            ) : assignment.cannotStart === null ? (
              <button type="button" className="primary" onClick={onTryAgain}>Start attempt {assignment.used + 1}{assignment.maxAttempts !== null ? ` of ${assignment.maxAttempts}` : ''}</button>
            ) : null}
            {assignment?.practiceOpen && onPractise && <button type="button" onClick={onPractise}>Practise (never changes your grade)</button>}
            <button type="button" onClick={onLibrary}>{preview ? 'Back to the editor' : 'Back to the library'}</button>
          </div>
          {assignment?.cannotStart ? (
            <p className="hint">{assignment.cannotStart}</p>
          ) : (
            <p className="hint">{preview ? 'Trying again starts the preview again with nothing marked. Nothing from a preview is saved.' : `${assignment ? 'Another attempt' : 'Trying again'} starts with nothing marked. This attempt is kept.`}</p>
          )}
        </>
      )}
    </section>
  );
}
