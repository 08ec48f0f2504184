import type { LessonSession } from '../../state/types.ts';
import { choiceOutcome } from '../exercises/choice-outcome.ts';
import { foundSummary, shownMention } from '../exercises/HighlightFeedback.tsx';
import { roundPoints } from '../../../../shared/points.ts';

interface Props {
  session: LessonSession;
  onGoToStep: (step: number) => void;
  onTryAgain: () => void;
  onLibrary: () => void;
  /** A teacher's preview in the lesson studio: nothing is kept, and the way out is the editor. */
  preview?: boolean;
  /** A live session that has ended: this note instead of the ways on (there is no library or new attempt in a class). */
  ended?: string | undefined;
}

export function Summary({ session, onGoToStep, onTryAgain, onLibrary, preview = false, ended }: Props) {
  const { lesson, feedback } = session;
  let points = 0;
  let max = 0;
  let pending = 0;
  let toCheck = 0;
  let selfAssessed = 0;
  const rows = lesson.exercises.map((ex, i) => {
    const fb = feedback[ex.id];
    let result = 'Not checked';
    if (fb) {
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
      <h1 id="summary-title" tabIndex={-1}>{preview ? 'Summary of the preview' : `Summary — attempt ${session.attemptNumber}`}</h1>
      <p className="summary-total">
        <strong>{roundPoints(points)}</strong> of {max} points
        {pending > 0 && <span className="hint"> · {pending} answer{pending > 1 ? 's' : ''} waiting for your teacher</span>}
        {toCheck > 0 && <span className="hint"> · {toCheck} answer{toCheck > 1 ? 's' : ''} to check yourself</span>}
        {selfAssessed > 0 && <span className="hint"> · {selfAssessed === 1 ? '1 answer' : `${selfAssessed} answers`} self-assessed (your own check)</span>}
      </p>
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
            <button type="button" className="primary" onClick={onTryAgain}>Try again</button>
            <button type="button" onClick={onLibrary}>{preview ? 'Back to the editor' : 'Back to the library'}</button>
          </div>
          <p className="hint">{preview ? 'Trying again starts the preview again with nothing marked. Nothing from a preview is saved.' : 'Trying again starts a new attempt with nothing marked. This attempt is kept.'}</p>
        </>
      )}
    </section>
  );
}
