import { LedeError } from '../../shared/errors.ts';

// The versions of the scoring rules. Every stored result records the version that
// scored it (results.rules_version), so that its feedback is explained by the rules
// that gave its points, a backup is checked against the rules it was scored under,
// and a teacher can see what today's rules would change before re-scoring
// (README, "How answers are scored" → "Versions of the rules").
//
// A new version is a new entry here, never a change to an old one: old results stay
// explained by the rules that scored them.

export interface ScoringRules {
  version: number;
  /** In a teacher's words, for the re-score preview and the README. */
  summary: string;
  /**
   * Multiple-answer choice: 'per-true' — (true chosen − untrue chosen) ÷ true options;
   * 'shares' — share of true chosen − share of untrue chosen. Both floored at 0.
   */
  choice: 'per-true' | 'shares';
  /** The right words under a label the key does not accept earn the step's `wrongLabelCredit` (else nothing). */
  wrongLabelCredit: boolean;
  /** A key item may accept several labels (`labels: [..]`); else only its first. */
  severalLabels: boolean;
  /** Marking a note (a passage left out of the key on purpose) costs nothing. */
  notesFree: boolean;
  /** Precision counts only beyond chance (the share of the text the key covers). */
  beyondChance: boolean;
  /** One verdict for every claim of an evidence step earns at most a third of it. */
  guessCorrected: boolean;
}

export const SCORING_RULES: Readonly<Record<number, ScoringRules>> = {
  1: {
    version: 1,
    summary: 'The first rules (results stored before December 2026): no credit for the right words under a wrong label, notes counted against precision, ticking every option could earn points.',
    choice: 'per-true',
    wrongLabelCredit: false,
    severalLabels: false,
    notesFree: false,
    beyondChance: false,
    guessCorrected: false,
  },
  2: {
    version: 2,
    summary: 'Right words with a wrong label earn part of the item; a key item may accept several labels; notes cost nothing; precision counts beyond chance; ticking every option or giving every claim one verdict earns (next to) nothing.',
    choice: 'shares',
    wrongLabelCredit: true,
    severalLabels: true,
    notesFree: true,
    beyondChance: true,
    guessCorrected: true,
  },
};

/** The rules new results are scored under. */
export const CURRENT_RULES_VERSION = 2;
export const CURRENT_RULES: ScoringRules = SCORING_RULES[CURRENT_RULES_VERSION]!;

/** True for a version this app can score under. */
export function knownRulesVersion(version: number): boolean {
  return Number.isInteger(version) && SCORING_RULES[version] !== undefined;
}

/** The rules of a version; a version this app does not know (a newer app's) is refused with why. */
export function rulesOf(version: number): ScoringRules {
  const rules = Number.isInteger(version) ? SCORING_RULES[version] : undefined;
  if (!rules) {
    throw new LedeError(
      'invalid_input',
      `These results were scored under version ${version} of the scoring rules, which this copy of Lede does not know (it knows versions 1–${CURRENT_RULES_VERSION}). Update Lede to read them.`,
    );
  }
  return rules;
}
