// What a checked choice step says about the student's answer, in words: what was right
// and what was not (never a bare percentage). Pure, so it is tested in Node.

/** An option once the step is checked: whether the student chose it, and whether it is true. */
export interface ChosenOption {
  selected: boolean;
  correct: boolean;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * What was right and what was not, in a sentence: "You chose 2 of the 2 true
 * statements, and 1 that is not true." (`short`: the summary table's shorter form.)
 */
export function choiceOutcome(multiple: boolean, options: readonly ChosenOption[], short = false): string {
  if (!multiple) {
    const chosen = options.find((o) => o.selected);
    if (!chosen) return short ? 'No answer chosen' : 'You did not choose an answer.';
    if (chosen.correct) return short ? 'Right answer' : 'You chose the right answer.';
    return short ? 'Not the right answer' : 'The answer you chose is not the right one.';
  }
  const trueTotal = options.filter((o) => o.correct).length;
  const trueChosen = options.filter((o) => o.correct && o.selected).length;
  const falseChosen = options.filter((o) => !o.correct && o.selected).length;
  const rightPart = short ? `${trueChosen} of ${trueTotal} true ${trueTotal === 1 ? 'statement' : 'statements'} chosen` : `You chose ${trueChosen} of the ${plural(trueTotal, 'true statement', 'true statements')}`;
  if (falseChosen === 0) return short ? rightPart : `${rightPart}, and none that is not true.`;
  return short ? `${rightPart}, and ${falseChosen} untrue` : `${rightPart}, and ${falseChosen} that ${falseChosen === 1 ? 'is' : 'are'} not true.`;
}
