// Small rules of the student's screens: what a checked choice step says
// (features/exercises/choice-outcome.ts) and where the label picker opens
// (features/reader/placement.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { choiceOutcome } from '../../src/renderer/src/features/exercises/choice-outcome.ts';
import { opensAbove } from '../../src/renderer/src/features/reader/placement.ts';

const opt = (correct: boolean, selected: boolean) => ({ correct, selected });

describe('choiceOutcome', () => {
  it('says what was right and what was not, not a percentage', () => {
    // Both true statements and one untrue one: the case that read "50 % right".
    const options = [opt(true, true), opt(true, true), opt(false, true), opt(false, false)];
    assert.equal(choiceOutcome(true, options), 'You chose 2 of the 2 true statements, and 1 that is not true.');
    assert.equal(choiceOutcome(true, options, true), '2 of 2 true statements chosen, and 1 untrue');
  });
  it('counts the true statements missed and the untrue ones left out', () => {
    const options = [opt(true, true), opt(true, false), opt(true, false), opt(false, false)];
    assert.equal(choiceOutcome(true, options), 'You chose 1 of the 3 true statements, and none that is not true.');
    assert.equal(choiceOutcome(true, options, true), '1 of 3 true statements chosen');
    assert.equal(choiceOutcome(true, [opt(true, false), opt(false, true), opt(false, true)]), 'You chose 0 of the 1 true statement, and 2 that are not true.');
  });
  it('a single choice is right or not', () => {
    assert.equal(choiceOutcome(false, [opt(true, true), opt(false, false)]), 'You chose the right answer.');
    assert.equal(choiceOutcome(false, [opt(true, false), opt(false, true)], true), 'Not the right answer');
    assert.equal(choiceOutcome(false, [opt(true, false), opt(false, false)]), 'You did not choose an answer.');
  });
});

describe('opensAbove', () => {
  it('opens below when the picker fits there', () => {
    assert.equal(opensAbove(120, 121, 600), false);
  });
  it('opens above near the window’s bottom, where there is more room above', () => {
    assert.equal(opensAbove(120, 40, 500), true);
  });
  it('stays below when neither side fits and below has more room', () => {
    assert.equal(opensAbove(300, 200, 150), false);
  });
});
