import type { ReactionSummaryDto } from '../../shared/teacher-api.ts';
import { FEELINGS, SHARE_CHOICES } from '../../shared/reaction.ts';
import type { Store } from '../db/store.ts';

// The first-reaction check across a class (the attempts its results show): how many
// answered before and after, how many would share, the feelings named. Never a grade.

const zeros = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

export function reactionSummary(store: Store, attemptIds: readonly string[]): ReactionSummaryDto {
  const byAttempt = store.reactions.ofAttempts(attemptIds);
  const phase = () => ({ answered: 0, share: zeros(SHARE_CHOICES), feelings: zeros(FEELINGS) });
  const out: ReactionSummaryDto = { students: attemptIds.length, before: phase(), after: phase(), both: 0, changedShare: 0 };
  for (const list of byAttempt.values()) {
    for (const r of list) {
      const s = out[r.phase];
      s.answered++;
      s.share[r.share]++;
      for (const f of r.feelings) s.feelings[f]++;
    }
    const b = list.find((r) => r.phase === 'before');
    const a = list.find((r) => r.phase === 'after');
    if (b && a) {
      out.both++;
      if (b.share !== a.share) out.changedShare++;
    }
  }
  return out;
}
