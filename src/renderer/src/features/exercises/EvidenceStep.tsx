import type { PublicExerciseDto, StepFeedbackDto } from '../../../../shared/api.ts';
import { quotedList } from '../../../../shared/lesson.ts';
import { CheckFooter } from './CheckFooter.tsx';
import type { Reader } from './HighlightFeedback.tsx';
import { StepLinks } from './StepLinks.tsx';

type Exercise = Extract<PublicExerciseDto, { kind: 'evidence' }>;
type Feedback = Extract<StepFeedbackDto, { kind: 'evidence' }>;
type Verdict = 'supported' | 'contradicted' | 'not-found';
export type ClaimAnswers = Record<string, { verdict: Verdict; card?: string }>;

const VERDICT_TEXT: Record<Verdict, string> = { supported: 'Supported', contradicted: 'Contradicted', 'not-found': 'Not found in these reports' };
const VERDICT_SHORT: Record<Verdict, string> = { supported: 'supported', contradicted: 'contradicted', 'not-found': 'not found' };
const VERDICTS = Object.keys(VERDICT_TEXT) as Verdict[];

const cardName = (ex: Exercise, id: string) => {
  const c = ex.cards.find((x) => x.id === id);
  return c ? `${c.outlet}${c.date ? `, ${c.date}` : ''}` : id;
};

/** The reports from elsewhere, shown above the article in this step only. */
export function EvidenceCards({ exercise }: { exercise: Exercise }) {
  return (
    <section className="evidence-cards" aria-labelledby="evidence-title">
      <h2 id="evidence-title">What other outlets reported</h2>
      <p className="hint">Short extracts from other reports of the same interview. Compare each claim of the story with them.</p>
      <ol>
        {exercise.cards.map((c) => (
          <li key={c.id} className="evidence-card" id={`card-${c.id}`}>
            <p className="card-source">
              <strong>{c.outlet}</strong>
              {c.date && <span> · {c.date}</span>}
            </p>
            {c.title && <p className="card-title">{c.title}</p>}
            <p className="card-text">{c.text}</p>
            {c.url && <p className="card-url">{c.url}</p>}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** A claim's words, shortened for a label. */
const shortQuote = (q: string) => (q.length > 60 ? `${q.slice(0, 59).trimEnd()}…` : q);

const outlets = (ex: Exercise, ids: readonly string[]) => ids.map((id) => ex.cards.find((c) => c.id === id)?.outlet ?? id).join(', ');

/** What the key says about a claim, after the student's answer: short, outlets named once. */
function ClaimVerdict({ exercise, result: r, reader }: { exercise: Exercise; result: Feedback['claims'][number]; reader: Reader }) {
  const key = r.verdicts.map((v) => VERDICT_SHORT[v]).join(' or ');
  const shownBy = r.cards.length === 0 ? '' : r.verdicts.every((v) => v === 'not-found') ? ` (compare ${outlets(exercise, r.cards)})` : ` (${outlets(exercise, r.cards)})`;
  if (r.credit === 1) {
    return (
      <>
        <strong>Right:</strong> {key}
        {shownBy}.
      </>
    );
  }
  if (r.credit > 0 && r.card === null) {
    return (
      <>
        <strong>Right verdict.</strong> Naming a report that shows it would have earned the rest: {outlets(exercise, r.cards)}.
      </>
    );
  }
  if (r.credit > 0) {
    return (
      <>
        <strong>Right verdict,</strong> but {outlets(exercise, [r.card ?? ''])} does not show it. The reports: {key}
        {shownBy}.
      </>
    );
  }
  return (
    <>
      <strong>{r.verdict === null ? 'Not answered.' : `Not quite: ${reader === 'student' ? 'you' : 'the student'} said ${VERDICT_SHORT[r.verdict]}.`}</strong> The reports: {key}
      {shownBy}.
    </>
  );
}

interface Props {
  exercise: Exercise;
  answers: ClaimAnswers;
  feedback: Feedback | null;
  onChange: (answers: ClaimAnswers) => void;
  onCheck: () => void;
  onShow: (s: { start: number; end: number }) => void;
  checking: boolean;
  reader?: Reader;
}

export function EvidenceStep({ exercise, answers, feedback, onChange, onCheck, onShow, checking, reader = 'student' }: Props) {
  const set = (claimId: string, next: { verdict?: Verdict; card?: string | null }) => {
    const old = answers[claimId];
    const verdict = next.verdict ?? old?.verdict;
    if (!verdict) return;
    // A report can show what it says, not what is missing: "not found" names none.
    const card = verdict === 'not-found' ? undefined : next.card === undefined ? old?.card : (next.card ?? undefined);
    onChange({ ...answers, [claimId]: card ? { verdict, card } : { verdict } });
  };
  if (exercise.lockedUntil.length > 0) {
    return (
      <section className="step" aria-labelledby="step-title">
        <h2 id="step-title" tabIndex={-1}>{exercise.title}</h2>
        <StepLinks />
        <p className="prompt">{exercise.prompt}</p>
        <p className="notice" role="status">
          Check {quotedList(exercise.lockedUntil)} first. This step shows what other outlets reported, which would give away answers in the steps before it.
        </p>
      </section>
    );
  }
  const unanswered = exercise.claims.filter((c) => !answers[c.id]).length;
  const results = new Map((feedback?.claims ?? []).map((c) => [c.id, c]));
  return (
    <section className="step" aria-labelledby="step-title">
      <h2 id="step-title" tabIndex={-1}>{exercise.title}</h2>
      <StepLinks />
      <p className="prompt">{exercise.prompt}</p>
      <p className="hint">For each claim, decide what the reports say about it. If a report supports or contradicts the claim, name that report too: that is your evidence.</p>
      <ol className="claims">
        {/* In this student's order (shuffled per attempt; the teacher reviews them as written), so a claim
            is named by its words, never by a number that would differ between the two. */}
        {exercise.claims.map((c) => {
          const a = answers[c.id];
          const r = results.get(c.id);
          const mark = r ? (r.credit === 1 ? 'correct' : r.credit > 0 ? 'partly' : 'incorrect') : null;
          return (
            <li key={c.id} className={`claim${mark ? ` claim-${mark}` : ''}`}>
              <fieldset disabled={feedback !== null}>
                <legend>
                  <button type="button" className="quote-link" onClick={() => onShow(c)} title="Show in the article">
                    “{c.quote}”
                  </button>
                  {c.claim && <span className="claim-text"> — {c.claim}</span>}
                </legend>
                <div className="verdicts" role="radiogroup" aria-label={`What the reports say about “${shortQuote(c.quote)}”`}>
                  {VERDICTS.map((v) => (
                    <label key={v} className={`verdict${a?.verdict === v ? ' verdict-selected' : ''}`}>
                      <input type="radio" name={`claim-${exercise.id}-${c.id}`} value={v} checked={a?.verdict === v} onChange={() => set(c.id, { verdict: v })} />
                      {VERDICT_TEXT[v]}
                    </label>
                  ))}
                </div>
                <label className="claim-card">
                  Which report shows it?{' '}
                  <select value={a?.card ?? ''} disabled={!a || a.verdict === 'not-found'} onChange={(e) => set(c.id, { card: e.target.value || null })}>
                    <option value="">— none named —</option>
                    {exercise.cards.map((card) => (
                      <option key={card.id} value={card.id}>
                        {cardName(exercise, card.id)}
                      </option>
                    ))}
                  </select>
                </label>
              </fieldset>
              {r && (
                <div className="claim-feedback">
                  <p>
                    <ClaimVerdict exercise={exercise} result={r} reader={reader} />
                  </p>
                  <p className="explanation">{r.explanation}</p>
                </div>
              )}
            </li>
          );
        })}
      </ol>
      <CheckFooter
        result={feedback}
        rule="Each claim is worth an equal share. A right verdict earns it all when it is “not found”, or when you name a report that shows it; three quarters with no report named; half with a report that does not show it."
        label="Check my answers"
        onCheck={onCheck}
        checking={checking}
        disabled={unanswered > 0}
        note={unanswered > 0 ? `${unanswered === 1 ? 'One claim still needs' : `${unanswered} claims still need`} your verdict.` : undefined}
      />
    </section>
  );
}
