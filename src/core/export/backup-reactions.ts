import { LedeError } from '../../shared/errors.ts';
import type { Lesson } from '../../shared/lesson.ts';
import { cleanFeelings, cleanReactionWords, type Reaction } from '../../shared/reaction.ts';
import { refuse, type BackupAttempt } from './backup-format.ts';

// A backup's first-reaction answers (see shared/reaction.ts), checked record by record
// as the server checks them when a student gives them: only for a lesson that asks,
// one per phase, feelings from the list, words within the limit and cleaned as typed
// here, and the answer at the end only where every step has a result.

export function checkReactions(a: BackupAttempt, lesson: Lesson, who: string): Reaction[] {
  if (a.reactions.length === 0) return [];
  if (!lesson.reaction) refuse(`${who}: it has a first reaction, but its lesson does not ask for one.`);
  const seen = new Set<string>();
  return a.reactions.map((r) => {
    const where = `${who}, first reaction ${r.phase === 'before' ? 'before reading' : 'at the end'}`;
    if (seen.has(r.phase)) refuse(`${where}: given twice.`);
    seen.add(r.phase);
    if (r.phase === 'after') {
      const left = lesson.exercises.filter((e) => !a.results.some((x) => x.exerciseId === e.id));
      if (left.length > 0) refuse(`${where}: it is asked once every step is checked, but ${left.length === 1 ? 'a step has' : `${left.length} steps have`} no result.`);
    }
    try {
      return { phase: r.phase, feelings: cleanFeelings(r.feelings), share: r.share, words: cleanReactionWords(r.words), at: new Date(r.at).toISOString() };
    } catch (err) {
      if (err instanceof LedeError) return refuse(`${where}: ${err.message}`);
      throw err;
    }
  });
}
