import type { PublicExerciseDto, StepFeedbackDto } from '../../../../shared/api.ts';
import { CheckFooter } from './CheckFooter.tsx';
import { searchOutcome } from './search-outcome.ts';
import { StepLinks } from './StepLinks.tsx';

type Exercise = Extract<PublicExerciseDto, { kind: 'search' }>;
type Feedback = Extract<StepFeedbackDto, { kind: 'search' }>;
type Picks = Record<string, { result: string; reason?: string }>;

interface Props {
  exercise: Exercise;
  picks: Picks;
  feedback: Feedback | null;
  onChange: (picks: Picks) => void;
  onCheck: () => void;
  checking: boolean;
  /** The teacher's review: the answer is the student's, not "yours". */
  reader?: 'student' | 'teacher';
}

/** A result once checked, in words: what opening it first earns. */
function resultVerdict(credit: number, chosen: boolean, who: string): { mark: string; text: string } {
  const pct = Math.round(credit * 100);
  if (credit === 1) return { mark: chosen ? '✓' : '', text: chosen ? `${who} open this first: the best first click.` : 'The best first click.' };
  if (credit > 0) return { mark: chosen ? '~' : '', text: chosen ? `${who} open this first: acceptable (${pct}%), not the best.` : `Acceptable (${pct}%), not the best.` };
  return { mark: chosen ? '✗' : '', text: chosen ? `${who} open this first: a poor first click.` : 'A poor first click.' };
}

/**
 * A simulated search-results page: for each goal, the student chooses the result to
 * open first (radio buttons: arrow keys move between them) and why. The addresses are
 * text: nothing is fetched and nothing is a link.
 */
export function SearchStep({ exercise, picks, feedback, onChange, onCheck, checking, reader = 'student' }: Props) {
  const who = reader === 'teacher' ? 'The student would' : 'You would';
  const set = (questionId: string, patch: { result?: string; reason?: string }) => {
    const prev = picks[questionId];
    const result = patch.result ?? prev?.result;
    if (result === undefined) return;
    const reason = patch.reason ?? prev?.reason;
    onChange({ ...picks, [questionId]: reason !== undefined ? { result, reason } : { result } });
  };
  const answered = exercise.questions.filter((q) => picks[q.id]?.result !== undefined && picks[q.id]?.reason !== undefined).length;
  const all = answered === exercise.questions.length;
  return (
    <section className="step search-step" aria-labelledby="step-title">
      <h2 id="step-title" tabIndex={-1}>{exercise.title}</h2>
      <StepLinks />
      <p className="prompt">{exercise.prompt}</p>
      <p className="hint">A made-up results page for practice: the addresses are shown as text, and nothing opens.</p>
      {exercise.questions.map((q, qi) => {
        const page = exercise.pages.find((p) => p.id === q.page);
        const fq = feedback?.questions.find((x) => x.id === q.id) ?? null;
        const pick = fq ? { result: fq.result, reason: fq.reason } : { result: picks[q.id]?.result ?? null, reason: picks[q.id]?.reason ?? null };
        const n = exercise.questions.length;
        return (
          <div key={q.id} className="search-question">
            <h3 className="search-goal">{n > 1 ? `Goal ${qi + 1} of ${n}: ` : 'Goal: '}{q.goal}</h3>
            <div className="search-box" aria-label="What was searched for">
              <span aria-hidden="true">🔍 </span>
              <span className="search-query" dir="auto">{page?.query}</span>
            </div>
            <fieldset className="search-results" disabled={feedback !== null}>
              <legend>Which result would you open first?</legend>
              <ol className="search-list">
                {(page?.results ?? []).map((shown) => {
                  const r = fq?.results.find((x) => x.id === shown.id);
                  const chosen = pick.result === shown.id;
                  const said = r ? resultVerdict(r.credit, chosen, who) : null;
                  const cls = r ? (r.credit === 1 ? ' result-best' : r.credit > 0 ? ' result-fair' : ' result-poor') : '';
                  return (
                    <li key={shown.id} className={`search-result${chosen ? ' result-chosen' : ''}${cls}`}>
                      <label>
                        <input type="radio" name={`search-${exercise.id}-${q.id}`} value={shown.id} checked={chosen} onChange={() => set(q.id, { result: shown.id })} />
                        <span className="result-body">
                          <span className="result-title" dir="auto">{shown.title}</span>
                          <span className="result-url" dir="ltr">{shown.url}</span>
                          <span className="result-snippet" dir="auto">{shown.snippet}</span>
                        </span>
                      </label>
                      {said && r && (
                        <p className="choice-feedback">
                          <strong>
                            {said.mark && <span aria-hidden="true">{said.mark} </span>}
                            {said.text}
                          </strong>{' '}
                          {r.feedback}
                        </p>
                      )}
                    </li>
                  );
                })}
              </ol>
            </fieldset>
            <fieldset className="choices search-reasons" disabled={feedback !== null || pick.result === null}>
              <legend>Why open it first?{pick.result === null && !feedback && <span className="hint"> Choose a result first.</span>}</legend>
              {q.reasons.map((shown) => {
                const r = fq?.reasons.find((x) => x.id === shown.id);
                const chosen = pick.reason === shown.id;
                const verdict = r ? (r.correct ? 'correct' : 'incorrect') : null;
                return (
                  <div key={shown.id} className={`choice${verdict ? ` choice-${verdict}` : ''}${chosen ? ' choice-selected' : ''}`}>
                    <label>
                      <input type="radio" name={`search-${exercise.id}-${q.id}-why`} value={shown.id} checked={chosen} onChange={() => set(q.id, { reason: shown.id })} />
                      <span>{shown.text}</span>
                    </label>
                    {r && (chosen || r.correct) && (
                      <p className="choice-feedback">
                        <strong>
                          <span aria-hidden="true">{chosen ? (r.correct ? '✓ ' : '✗ ') : ''}</span>
                          {chosen ? (r.correct ? `${reader === 'teacher' ? 'The student’s' : 'Your'} reason, and a good one.` : `${reader === 'teacher' ? 'The student’s' : 'Your'} reason, but not the best one.`) : 'A good reason.'}
                        </strong>{' '}
                        {r.feedback}
                      </p>
                    )}
                  </div>
                );
              })}
            </fieldset>
          </div>
        );
      })}
      <CheckFooter
        result={feedback}
        outcome={feedback ? searchOutcome(feedback.questions, false, reader === 'teacher' ? 'The student' : 'You') : undefined}
        rule={`The best first click earns all of a goal, an acceptable one part of it, a poor one nothing; the reason is worth ${Math.round(exercise.reasonShare * 100)}% of what the click earns.`}
        label="Check my answer"
        onCheck={onCheck}
        checking={checking}
        disabled={!all}
        note={all ? undefined : `Choose a result and a reason for ${exercise.questions.length === 1 ? 'the goal' : 'every goal'} (${answered} of ${exercise.questions.length} done).`}
      />
    </section>
  );
}
