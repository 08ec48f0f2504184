import { useState, type ReactNode } from 'react';
import type { LessonSession } from '../../state/types.ts';
import { attemptsText, COUNTS_TEXT, keyHeldText, when } from './words.ts';

interface Props {
  session: LessonSession;
  onGoToStep: (step: number) => void;
  onHandIn: () => void;
  onTryAgain: () => void;
  onPractise: () => void;
  onLibrary: () => void;
  /** The first-reaction check at the end (where the lesson asks for it): never held back. */
  reaction?: ReactNode;
}

/**
 * The end of an assignment's attempt whose key is not shown yet: handing it in (with the
 * steps left named first), and once handed in, what is recorded and when the key comes.
 */
export function HandIn({ session, onGoToStep, onHandIn, onTryAgain, onPractise, onLibrary, reaction }: Props) {
  const [confirming, setConfirming] = useState(false);
  const a = session.assignment!;
  const { lesson, feedback } = session;
  const left = lesson.exercises.map((ex, i) => ({ ex, step: i + 1 })).filter(({ ex }) => !feedback[ex.id]);
  const place = `attempt ${a.attemptIndex}${a.maxAttempts !== null ? ` of ${a.maxAttempts}` : ''}`;
  if (session.finishedAt === null) {
    return (
      <section className="summary hand-in" aria-labelledby="summary-title">
        <h1 id="summary-title" tabIndex={-1}>Hand in — {place}</h1>
        <p>
          For class {a.className}
          {a.dueAt ? `, due ${when(a.dueAt)}` : ''}. {COUNTS_TEXT[a.counts]}.
        </p>
        {left.length > 0 ? (
          <>
            <p>{left.length === 1 ? 'One step is not checked yet' : `${left.length} steps are not checked yet`}: handing in records {left.length === 1 ? 'it' : 'them'} as {left.length === 1 ? 'it stands' : 'they stand'}.</p>
            <ul className="steps-left">
              {left.map(({ ex, step }) => (
                <li key={ex.id}>
                  <button type="button" className="quote-link" onClick={() => onGoToStep(step)}>{ex.title}</button>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p>Every step is recorded.</p>
        )}
        {session.keyHeld && <p className="hint">You will see the key and your points {keyHeldText(session.keyHeld)}.</p>}
        {reaction}
        <div className="step-actions">
          {confirming ? (
            <span className="confirm" role="group" aria-label="Confirm handing in">
              Hand in now? Your answers cannot change afterwards.
              <button type="button" className="primary" onClick={onHandIn}>Hand in</button>
              <button type="button" onClick={() => setConfirming(false)} autoFocus>Not yet</button>
            </span>
          ) : (
            <button type="button" className="primary" onClick={() => setConfirming(true)}>Hand in {place}</button>
          )}
          <button type="button" onClick={onLibrary}>Back to the library</button>
        </div>
      </section>
    );
  }
  return (
    <section className="summary handed-in" aria-labelledby="summary-title">
      <h1 id="summary-title" tabIndex={-1}>Handed in — {place}</h1>
      <p>
        Handed in on {when(session.finishedAt)} for class {a.className}. Your answers are recorded.
        {session.keyHeld && ` You will see the key and your points ${keyHeldText(session.keyHeld)}.`}
      </p>
      <table className="summary-table">
        <thead>
          <tr>
            <th scope="col">Step</th>
            <th scope="col">Result</th>
          </tr>
        </thead>
        <tbody>
          {lesson.exercises.map((ex, i) => (
            <tr key={ex.id}>
              <th scope="row">
                <button type="button" className="quote-link" onClick={() => onGoToStep(i + 1)}>{ex.title}</button>
              </th>
              <td>Recorded</td>
            </tr>
          ))}
        </tbody>
      </table>
      {reaction}
      <p className="hint">{attemptsText(a)} · {COUNTS_TEXT[a.counts]}.</p>
      <div className="step-actions">
        {a.cannotStart === null && <button type="button" className="primary" onClick={onTryAgain}>Start attempt {a.used + 1}{a.maxAttempts !== null ? ` of ${a.maxAttempts}` : ''}</button>}
        {a.practiceOpen && <button type="button" onClick={onPractise}>Practise (never changes your grade)</button>}
        <button type="button" className={a.cannotStart === null ? '' : 'primary'} onClick={onLibrary}>Back to the library</button>
      </div>
      {a.cannotStart && <p className="hint">{a.cannotStart}</p>}
    </section>
  );
}
