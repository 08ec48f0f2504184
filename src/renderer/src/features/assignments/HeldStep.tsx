import type { KeyHeldDto, PublicExerciseDto } from '../../../../shared/api.ts';
import type { LessonSession } from '../../state/types.ts';
import { keyHeldText } from './words.ts';

/** What the student answered in a step, in words (the key is not here: it is held back). */
function ownAnswer(ex: PublicExerciseDto, session: LessonSession): string {
  const r = session.responses[ex.id];
  switch (ex.kind) {
    case 'highlight': {
      const n = session.highlights.filter((h) => h.exerciseId === ex.id).length;
      return n === 0 ? 'You marked nothing in this step.' : `You marked ${n === 1 ? '1 passage' : `${n} passages`}: they are shown in the article.`;
    }
    case 'choice': {
      const chosen = r && 'choices' in r ? r.choices : [];
      const texts = ex.options.filter((o) => chosen.includes(o.id)).map((o) => `“${o.text}”`);
      return texts.length === 0 ? 'You chose nothing.' : `You chose ${texts.join(', ')}.`;
    }
    case 'evidence': {
      const n = r && 'claims' in r ? Object.keys(r.claims).length : 0;
      return `You gave a verdict on ${n} of ${ex.claims.length} claims.`;
    }
    case 'search': {
      const picks = r && 'search' in r ? r.search : {};
      const titles = ex.questions.flatMap((q) => {
        const id = Object.hasOwn(picks, q.id) ? picks[q.id]!.result : undefined;
        const t = ex.pages.find((p) => p.id === q.page)?.results.find((x) => x.id === id)?.title;
        return t ? [`“${t}”`] : [];
      });
      return titles.length === 0 ? 'You chose no result.' : `You would open first: ${titles.join('; ')}.`;
    }
    case 'short-answer': {
      const text = r && 'text' in r ? r.text.trim() : '';
      return text ? 'Your answer is recorded for your teacher.' : 'You wrote nothing here.';
    }
  }
}

/** A step checked while the key is held back: the answer is recorded and locked; no key, no points. */
export function HeldStep({ exercise, session, keyHeld }: { exercise: PublicExerciseDto; session: LessonSession; keyHeld: KeyHeldDto }) {
  const r = session.responses[exercise.id];
  return (
    <section className="step held-step" aria-labelledby="step-title">
      <h2 id="step-title" tabIndex={-1}>{exercise.title}</h2>
      <p className="prompt">{exercise.prompt}</p>
      <p className="held-note" role="status">
        <strong>Recorded.</strong> This step is locked. You will see the key and your points {keyHeldText(keyHeld)}.
      </p>
      <p>{ownAnswer(exercise, session)}</p>
      {exercise.kind === 'short-answer' && r && 'text' in r && r.text.trim() && <blockquote className="own-answer" dir="auto">{r.text}</blockquote>}
    </section>
  );
}

/** Above a step not checked yet, while the key is held back: what checking does here. */
export function HeldNotice({ keyHeld }: { keyHeld: KeyHeldDto }) {
  return (
    <p className="held-notice">
      Your teacher holds the key back: checking a step records your answer and locks it, without showing the key. You will see the key {keyHeldText(keyHeld)}.
    </p>
  );
}
