import { useId, useState } from 'react';
import type { ReactionDto } from '../../../../shared/api.ts';
import { countGraphemes } from '../../../../shared/names.ts';
import { FEELING_NAMES, FEELINGS, MAX_FEELINGS, MAX_REACTION_WORDS, reflectOnChange, SHARE_CHOICES, SHARE_NAMES, type Feeling, type ShareChoice } from '../../../../shared/reaction.ts';
import type { ActionOutcome, LessonSession, ReactionAnswer } from '../../state/types.ts';

// The first-reaction check (SIFT's "Stop"): before reading, how the headline makes the
// student feel and whether they would share it; at the end, the same again beside the
// first answer. Unscored: the screen says so, and never calls an answer wrong.

type Save = (answer: ReactionAnswer) => Promise<ActionOutcome>;

/** The two questions. `initial`: the answer being changed. */
function ReactionForm({ initial, onSave, saveLabel, onCancel, headlineWord }: { initial?: ReactionDto | undefined; onSave: Save; saveLabel: string; onCancel?: (() => void) | undefined; headlineWord: string }) {
  const id = useId();
  const [feelings, setFeelings] = useState<Feeling[]>(initial?.feelings ?? []);
  const [share, setShare] = useState<ShareChoice | null>(initial?.share ?? null);
  const [words, setWords] = useState(initial?.words ?? '');
  const [state, setState] = useState<{ busy: boolean; problem: string | null }>({ busy: false, problem: null });
  const length = countGraphemes(words.trim());
  const tooLong = length > MAX_REACTION_WORDS;
  const full = feelings.length >= MAX_FEELINGS;
  const ready = feelings.length > 0 && share !== null && !tooLong;
  const toggle = (f: Feeling, on: boolean) => setFeelings((fs) => (on ? FEELINGS.filter((x) => x === f || fs.includes(x)) : fs.filter((x) => x !== f)));
  const save = async () => {
    if (!ready || share === null) return;
    setState({ busy: true, problem: null });
    const r = await onSave({ feelings, share, words });
    setState({ busy: false, problem: r.ok ? null : r.message });
  };
  return (
    <form
      className="reaction-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <fieldset className="reaction-feelings">
        <legend>How does {headlineWord} make you feel?</legend>
        <p className="hint" id={`${id}-fh`}>Choose up to {MAX_FEELINGS}.</p>
        <div className="reaction-chips">
          {FEELINGS.map((f) => {
            const on = feelings.includes(f);
            return (
              <label key={f} className={`reaction-chip${on ? ' on' : ''}`}>
                <input type="checkbox" checked={on} disabled={!on && full} aria-describedby={`${id}-fh`} onChange={(e) => toggle(f, e.target.checked)} />
                {FEELING_NAMES[f]}
              </label>
            );
          })}
        </div>
        <label className="reaction-words" htmlFor={`${id}-w`}>
          In your own words <span className="hint">(optional)</span>
        </label>
        <input
          id={`${id}-w`}
          type="text"
          value={words}
          autoComplete="off"
          aria-invalid={tooLong || undefined}
          aria-describedby={`${id}-wc`}
          onChange={(e) => setWords(e.target.value)}
        />
        <p className={`hint reaction-count${tooLong ? ' field-error' : ''}`} id={`${id}-wc`}>
          {tooLong ? `${length} characters: keep it to ${MAX_REACTION_WORDS}.` : `${length} / ${MAX_REACTION_WORDS}`}
        </p>
      </fieldset>
      <fieldset className="reaction-share">
        <legend>Would you share it?</legend>
        {SHARE_CHOICES.map((c) => (
          <label key={c} className="reaction-option">
            <input type="radio" name={`${id}-share`} checked={share === c} onChange={() => setShare(c)} />
            {SHARE_NAMES[c]}
          </label>
        ))}
      </fieldset>
      <div className="step-actions">
        <button type="submit" className="primary" disabled={!ready || state.busy}>
          {state.busy ? 'Saving…' : saveLabel}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Keep my answer
          </button>
        )}
      </div>
      {!ready && !tooLong && <p className="hint">Choose at least one feeling and an answer about sharing.</p>}
      {state.problem && (
        <p className="check-problem" role="alert">
          {state.problem}
        </p>
      )}
    </form>
  );
}

/** One saved answer, read only. */
export function ReactionShown({ reaction }: { reaction: ReactionDto }) {
  return (
    <dl className="reaction-shown">
      <dt>Felt</dt>
      <dd>{reaction.feelings.map((f) => FEELING_NAMES[f]).join(', ')}</dd>
      <dt>Would share it</dt>
      <dd>{SHARE_NAMES[reaction.share]}</dd>
      {reaction.words !== '' && (
        <>
          <dt>Own words</dt>
          <dd className="reaction-quote">“{reaction.words}”</dd>
        </>
      )}
    </dl>
  );
}

const phaseOf = (session: LessonSession, phase: ReactionDto['phase']) => session.reactions.find((r) => r.phase === phase);

/** Whether the check before reading is due: the lesson asks, nothing is answered yet, and the student has not skipped it. */
export function firstReactionDue(session: LessonSession, ended: boolean): boolean {
  return (
    session.lesson.reaction === true &&
    !ended &&
    session.finishedAt === null &&
    !session.reactionSkipped &&
    !phaseOf(session, 'before') &&
    session.highlights.length === 0 &&
    Object.keys(session.responses).length === 0 &&
    Object.keys(session.feedback).length === 0
  );
}

/** Before reading: the headline only, and the two questions. */
export function FirstReaction({ session, onSave, onSkip }: { session: LessonSession; onSave: Save; onSkip: () => void }) {
  const { article, direction, language } = session.lesson;
  return (
    <section className="summary first-reaction" aria-labelledby="step-title">
      <h1 id="step-title" tabIndex={-1}>
        Before you read: your first reaction
      </h1>
      <p>Here is only the story’s headline. Stop for a moment and notice how it makes you feel. There are no wrong answers, and this is not scored: at the end you will see it again beside what you think then.</p>
      <figure className="reaction-headline" lang={language} dir={direction}>
        <p>{article.headline}</p>
        {article.outlet && <figcaption>{article.outlet}</figcaption>}
      </figure>
      <ReactionForm onSave={onSave} saveLabel="Save and read the article" headlineWord="the headline" />
      <p className="reaction-skip">
        <button type="button" className="link-button" onClick={onSkip}>
          Skip this and read the article
        </button>
      </p>
    </section>
  );
}

/** At the end: the first answer beside the answer now, and a line on what changed. */
export function EndReaction({ session, onSave, readOnly = false }: { session: LessonSession; onSave: Save; readOnly?: boolean }) {
  const before = phaseOf(session, 'before');
  const after = phaseOf(session, 'after');
  const [changing, setChanging] = useState(false);
  if (session.lesson.reaction !== true) return null;
  const allChecked = session.lesson.exercises.every((e) => session.feedback[e.id]);
  if (!allChecked) return null;
  const line = reflectOnChange(before, after);
  const editing = !readOnly && (!after || changing);
  return (
    <section className="reaction-end" aria-labelledby="reaction-end-title">
      <h2 className="summary-sub" id="reaction-end-title">
        Your reaction, then and now
      </h2>
      <p className="hint">Not scored. The same two questions as before you read the story.</p>
      <div className="reaction-pair">
        <div className="reaction-side" aria-labelledby="reaction-before-title">
          <h3 id="reaction-before-title">Before reading</h3>
          {before ? <ReactionShown reaction={before} /> : <p className="hint">You did not answer before reading.</p>}
        </div>
        <div className="reaction-side" aria-labelledby="reaction-after-title">
          <h3 id="reaction-after-title">Now</h3>
          {editing ? (
            <ReactionForm
              initial={after}
              headlineWord="the story"
              saveLabel={after ? 'Save my change' : 'Save my reaction'}
              onSave={async (a) => {
                const r = await onSave(a);
                if (r.ok) setChanging(false);
                return r;
              }}
              onCancel={after ? () => setChanging(false) : undefined}
            />
          ) : after ? (
            <>
              <ReactionShown reaction={after} />
              {!readOnly && (
                <button type="button" onClick={() => setChanging(true)}>
                  Change my answer
                </button>
              )}
            </>
          ) : (
            <p className="hint">You did not answer at the end.</p>
          )}
        </div>
      </div>
      {line && !editing && (
        <p className="reaction-reflection" role="status">
          {line}
        </p>
      )}
    </section>
  );
}
