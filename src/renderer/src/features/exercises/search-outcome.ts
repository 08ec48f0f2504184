// What a checked search step says about the student's answer, in words. Pure, so it is tested in Node.

export interface CheckedQuestion {
  clickCredit: number;
  reason: string | null;
  reasons: readonly { id: string; correct: boolean }[];
}

/** "Best first click for 1 of 2 goals, an acceptable one for 1; the right reason for 1." (`short`: the summary's form.) */
export function searchOutcome(questions: readonly CheckedQuestion[], short = false, who = 'You'): string {
  const best = questions.filter((q) => q.clickCredit === 1).length;
  const fair = questions.filter((q) => q.clickCredit > 0 && q.clickCredit < 1).length;
  const why = questions.filter((q) => q.reason !== null && q.reasons.some((r) => r.id === q.reason && r.correct)).length;
  const n = questions.length;
  const goals = n === 1 ? 'the goal' : `${best} of ${n} goals`;
  if (short) return `Best first click: ${n === 1 ? (best ? 'yes' : 'no') : `${best} of ${n}`}${fair ? `, acceptable: ${fair}` : ''}; right reason: ${n === 1 ? (why ? 'yes' : 'no') : `${why} of ${n}`}`;
  const click = n === 1 ? (best ? `${who} chose the best first click` : fair ? `${who} chose an acceptable first click, not the best` : `${who} chose a poor first click`) : `${who} chose the best first click for ${goals}${fair ? `, an acceptable one for ${fair}` : ''}`;
  const reason = n === 1 ? (why ? 'and the right reason.' : best || fair ? 'but not the right reason.' : 'and not the right reason.') : `and the right reason for ${why} of ${n}.`;
  return `${click}, ${reason}`;
}
