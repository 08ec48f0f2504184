import type { ReactNode } from 'react';
import { RulesVersionNote } from './RulesVersionNote.tsx';

interface Props {
  /** The step's result once checked; until then the Check button shows. */
  result: { points: number; maxPoints: number; rulesVersion?: number | undefined } | null;
  /** What was right and what was not, in a sentence, under the points. */
  outcome?: string;
  /** How the points were worked out, shown under them. */
  rule?: ReactNode;
  label: string;
  onCheck: () => void;
  checking: boolean;
  disabled: boolean;
  /** Why the button is disabled, or anything else to say beside it. */
  note?: ReactNode;
}

/** The end of a choice or evidence step: its Check button, then its points. */
export function CheckFooter({ result, outcome, rule, label, onCheck, checking, disabled, note }: Props) {
  if (result) {
    return (
      <div className="feedback">
        <h3 className="feedback-figure" tabIndex={-1} data-result>
          {result.points} of {result.maxPoints} points
        </h3>
        <RulesVersionNote version={result.rulesVersion} />
        {outcome && <p className="choice-outcome">{outcome}</p>}
        {rule && <p className="hint">{rule}</p>}
      </div>
    );
  }
  return (
    <div className="step-actions">
      <button type="button" className="primary" onClick={onCheck} disabled={checking || disabled}>
        {checking ? 'Checking…' : label}
      </button>
      {note && <p className="hint">{note}</p>}
    </div>
  );
}
