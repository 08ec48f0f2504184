import { LedeError } from '../../shared/errors.ts';
import { cleanFeelings, cleanReactionWords, type Reaction, type ReactionPhase } from '../../shared/reaction.ts';
import type { Store } from '../db/store.ts';
import { assertWritable } from './assignment-rules.ts';

// The first-reaction check's rules (lessons/README.md, "The first-reaction check"), the
// same the screen shows: a lesson that asks for it; "before" only until the attempt's
// first answer is saved (after that it is no longer a first reaction) and only while
// the attempt may change; "after" only once every step is checked (the summary, or an
// assignment handed in), and it may be changed from then on: it is unscored, so no
// grade and no key depends on it. One of each per attempt, replaced when changed.

export interface ReactionInput {
  attemptId: string;
  phase: ReactionPhase;
  feelings: readonly string[];
  share: Reaction['share'];
  words?: string | undefined;
}

export async function putReaction(store: Store, input: ReactionInput, now: Date = new Date()): Promise<Reaction> {
  const { attemptId, phase } = input;
  const lesson = store.lessonForAttempt(attemptId);
  if (!lesson.reaction) throw new LedeError('conflict', 'This lesson does not ask for your first reaction.');
  const feelings = cleanFeelings(input.feelings);
  const words = cleanReactionWords(input.words ?? '');
  if (phase === 'before') assertWritable(store, attemptId, now);
  return store.batched(() =>
    store.inTransaction(() => {
      if (phase === 'before') {
        if (store.attempt(attemptId).finishedAt || store.reactions.anyAnswer(attemptId)) {
          throw new LedeError('conflict', 'Your first reaction is asked before you start: this attempt has answers already, so it can no longer change.');
        }
      } else {
        const checked = new Set(store.results.ofAttempt(attemptId).map((r) => r.exerciseId));
        const left = lesson.exercises.filter((e) => !checked.has(e.id)).length;
        if (left > 0) throw new LedeError('conflict', `Your reaction at the end comes once every step is checked: ${left} ${left === 1 ? 'step is' : 'steps are'} not checked yet.`);
      }
      return store.reactions.put(attemptId, { phase, feelings, share: input.share, words }, now.toISOString());
    }),
  );
}
