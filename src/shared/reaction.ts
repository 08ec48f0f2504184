import { LedeError } from './errors.ts';
import { countGraphemes, graphemesOf } from './names.ts';

// The first-reaction check (SIFT's "Stop": notice your own reaction). A lesson with
// `reaction: true` asks, before the article is read, how its headline makes the
// student feel and whether they would share it; at the end it asks the same again,
// beside the first answer. Never scored, never part of the key, never held back.
// Shared by the backend (which checks and stores every answer by these rules) and
// the renderer (which shows the same choices, limits and words).

/** Before reading (only the headline seen), or at the end of the lesson. */
export const REACTION_PHASES = ['before', 'after'] as const;
export type ReactionPhase = (typeof REACTION_PHASES)[number];

/** The feelings to choose from, in the order they are shown. */
export const FEELINGS = ['angry', 'worried', 'shocked', 'curious', 'amused', 'doubtful', 'sad', 'unmoved'] as const;
export type Feeling = (typeof FEELINGS)[number];
export const FEELING_NAMES: Record<Feeling, string> = {
  angry: 'Angry',
  worried: 'Worried',
  shocked: 'Shocked',
  curious: 'Curious',
  amused: 'Amused',
  doubtful: 'Doubtful',
  sad: 'Sad',
  unmoved: 'Nothing much',
};

/** Whether the student would share the story. */
export const SHARE_CHOICES = ['yes', 'comment', 'no', 'unsure'] as const;
export type ShareChoice = (typeof SHARE_CHOICES)[number];
export const SHARE_NAMES: Record<ShareChoice, string> = {
  yes: 'Yes, as it is',
  comment: 'Yes, with a comment of my own',
  no: 'No',
  unsure: 'Not sure',
};

/** The most feelings one answer names. */
export const MAX_FEELINGS = 3;
/** The longest "in your own words" line, in characters as a reader counts them. */
export const MAX_REACTION_WORDS = 200;
/** The most code points those words may have (the database's own bound: emoji made of many characters count once above). */
export const MAX_REACTION_WORDS_CODE_POINTS = 1000;

export interface Reaction {
  phase: ReactionPhase;
  feelings: Feeling[];
  share: ShareChoice;
  /** The student's own short words (empty: none). */
  words: string;
  /** When it was last saved (ISO). */
  at: string;
}

const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Bidi_Control}]/gu;

/**
 * The student's own words made safe to store and show beside a name on a teacher's
 * screen: what draws nothing or reorders text removed (emoji keep their joiners),
 * runs of spaces and line breaks one space. Throws a LedeError saying what is wrong.
 */
export function cleanReactionWords(raw: string): string {
  let out = '';
  for (const g of graphemesOf(raw.normalize('NFC'))) out += /\p{Extended_Pictographic}/u.test(g) ? g : g.replace(INVISIBLE, '');
  const words = out.replace(/[\s\p{Z}]+/gu, ' ').trim();
  if (/\p{Cc}/u.test(words)) throw new LedeError('invalid_input', 'Your words cannot contain control characters.');
  const n = countGraphemes(words);
  if (n > MAX_REACTION_WORDS) throw new LedeError('invalid_input', `Keep your words to ${MAX_REACTION_WORDS} characters; these have ${n.toLocaleString('en')}.`);
  if ([...words].length > MAX_REACTION_WORDS_CODE_POINTS) throw new LedeError('invalid_input', 'Your words have too many accents or joined symbols to store. Please type them more simply.');
  return words;
}

/** The chosen feelings, checked: one to MAX_FEELINGS, each once, in the list's order. */
export function cleanFeelings(raw: readonly string[]): Feeling[] {
  const set = new Set(raw);
  const unknown = [...set].find((f) => !(FEELINGS as readonly string[]).includes(f));
  if (unknown !== undefined) throw new LedeError('invalid_input', `“${unknown.slice(0, 40)}” is not one of the feelings to choose from.`);
  if (set.size === 0) throw new LedeError('invalid_input', 'Choose at least one feeling (“Nothing much” is one).');
  if (set.size > MAX_FEELINGS) throw new LedeError('invalid_input', `Choose at most ${MAX_FEELINGS} feelings: the ones you feel most.`);
  return FEELINGS.filter((f) => set.has(f));
}

const listOf = (items: readonly string[]) => new Intl.ListFormat('en-GB', { type: 'conjunction' }).format(items);
const feelingWords = (fs: readonly Feeling[]) => listOf(fs.map((f) => (f === 'unmoved' ? 'not much' : FEELING_NAMES[f].toLowerCase())));
const shares = (s: ShareChoice) => s === 'yes' || s === 'comment';

/**
 * A short line on the two answers side by side: what changed, said without judging
 * (a reaction is never wrong). Null without both answers.
 */
export function reflectOnChange(before: Reaction | undefined, after: Reaction | undefined): string | null {
  if (!before || !after) return null;
  const sameFeelings = before.feelings.length === after.feelings.length && before.feelings.every((f) => after.feelings.includes(f));
  const feelingLine = sameFeelings
    ? `You felt ${feelingWords(after.feelings)} both times.`
    : `At first you felt ${feelingWords(before.feelings)}; now you feel ${feelingWords(after.feelings)}.`;
  let shareLine: string;
  if (before.share === after.share) {
    shareLine =
      before.share === 'unsure'
        ? 'You are still not sure about sharing it: taking time to decide is a fair answer.'
        : `Your answer about sharing it is the same (${SHARE_NAMES[after.share].toLowerCase()}): looking closely can confirm a first reaction as well as change it.`;
  } else if (shares(before.share) && !shares(after.share)) {
    shareLine = 'You would have shared it at first, and now you would not, or are not sure: what made the difference?';
  } else if (!shares(before.share) && shares(after.share)) {
    shareLine = 'You would share it now, and would not at first: what did you find that changed your mind?';
  } else if (after.share === 'comment') {
    shareLine = 'You would now share it with a comment of your own: what would your comment say?';
  } else if (before.share === 'comment' && after.share === 'yes') {
    shareLine = 'You would now share it as it is, where at first you would have added a comment.';
  } else {
    shareLine = `About sharing it, you said “${SHARE_NAMES[before.share]}” at first and “${SHARE_NAMES[after.share]}” now.`;
  }
  return `${feelingLine} ${shareLine}`;
}
