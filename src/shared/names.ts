import { LedeError } from './errors.ts';

// People's names as typed, on both sides: the backend cleans and checks every name it
// stores with these rules (profiles typed on the "Who is studying?" screen, names typed
// to join a live class, names a teacher types or imports), and the renderer uses the
// same rules to show the limit and what is wrong while the name is typed, to draw a
// name's initials and to find a name in a long list.
//
// A name is shown on dashboards, projectors and in exports, so what is stored must
// look like what it is: characters that draw nothing (zero-width spaces, joiners,
// byte-order marks, soft hyphens, Hangul fillers) and characters that reorder text
// (bidi controls) are removed, compatibility forms are folded (NFKC: full-width
// letters, ligatures), and runs of spaces become one. Lengths count characters as a
// reader sees them (grapheme clusters: 👩🏽‍🎓 and 🇫🇷 are one each).

/** The longest name a teacher may store (a roster entry), in characters as a reader counts them. */
export const MAX_NAME_LENGTH = 500;
/** The longest name a student may type (a profile on this computer, or joining a live class). */
export const MAX_TYPED_NAME_LENGTH = 40;
/**
 * The most code points any name may have, whatever its length as seen: the database's
 * own bound. Only a name whose characters carry many marks or joined symbols reaches it
 * (40 emoji families, a letter under a hundred accents).
 */
export const MAX_NAME_CODE_POINTS = 500;

const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Bidi_Control}]/gu;
const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

/** The name's characters as a reader sees them (an emoji with a skin tone, a flag, a letter with its accents: one each). */
export const graphemesOf = (s: string): string[] => Array.from(graphemes.segment(s), (g) => g.segment);

/** How many characters a reader sees in `s`: what a name's limit counts. */
export const countGraphemes = (s: string): number => {
  let n = 0;
  for (const _ of graphemes.segment(s)) n++;
  return n;
};

/**
 * Removes what draws nothing, except inside an emoji, where joiners and variation
 * selectors are part of the picture (👩🏽‍🎓 is one emoji made of four characters).
 */
function removeInvisible(s: string): string {
  let out = '';
  for (const { segment } of graphemes.segment(s)) out += /\p{Extended_Pictographic}/u.test(segment) ? segment : segment.replace(INVISIBLE, '');
  return out;
}

/** A name as typed, made safe to store and show; throws a LedeError saying what is wrong. */
export function cleanDisplayName(raw: string, maxLength = MAX_NAME_LENGTH): string {
  // Normalized again once the invisible characters are out: "a", an invisible times and
  // an accent become "á", as "a" and the accent typed together are.
  const name = removeInvisible(raw.normalize('NFKC')).normalize('NFKC').replace(/[\s\p{Z}]+/gu, ' ').trim();
  if (name.length === 0) {
    throw new LedeError('invalid_input', raw.length === 0 || /^[\s\p{Z}]*$/u.test(raw) ? 'Please type a name.' : 'That name has no visible letters. Please type a name.');
  }
  if (/\p{Cc}/u.test(name)) throw new LedeError('invalid_input', 'A name cannot contain control characters.');
  if (!/[\p{L}\p{N}\p{Extended_Pictographic}]/u.test(name)) throw new LedeError('invalid_input', 'A name needs at least one letter.');
  const length = countGraphemes(name);
  if (length > maxLength) throw new LedeError('invalid_input', `A name can be at most ${maxLength} characters long; this one has ${length.toLocaleString('en')}.`);
  if ([...name].length > MAX_NAME_CODE_POINTS) throw new LedeError('invalid_input', 'That name has too many accents or joined symbols to store. Please type it more simply.');
  return name;
}

/** A name a student types (a profile, or joining a class): as above, shorter, and with letters in it. */
export function cleanTypedName(raw: string): string {
  const name = cleanDisplayName(raw, MAX_TYPED_NAME_LENGTH);
  if (!/\p{L}/u.test(name)) throw new LedeError('invalid_input', 'A name needs at least one letter.');
  return name;
}

/** What is wrong with a name as typed so far (the same words the backend would answer), or null. */
export function typedNameProblem(raw: string): string | null {
  try {
    cleanTypedName(raw);
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

const DRAWN = /[\p{L}\p{N}\p{Extended_Pictographic}\p{Regional_Indicator}]/u;

/** The first character of `word` a reader would call its initial (a letter, a digit, an emoji or a flag), whole. */
function initialOf(word: string): string | undefined {
  const g = graphemesOf(word).find((c) => DRAWN.test(c));
  if (g === undefined) return undefined;
  const upper = g.toLocaleUpperCase();
  // "ß" upper-cases to "SS": keep a character that would become two as it is.
  return countGraphemes(upper) === 1 ? upper : g;
}

/**
 * A name's initials for an avatar: the first character of its first word and, for a
 * name of several words, of its last ("Robin Kaur" → "RK"). Whole characters only: a
 * flag, an emoji with a skin tone or a letter with its accent is never split.
 */
export function initials(name: string): string {
  const visible = removeInvisible(name);
  const words = visible.split(/[\s\p{Z}]+/u).filter((w) => DRAWN.test(w));
  if (words.length === 0) return graphemesOf(visible).find((g) => /\S/u.test(g)) ?? '';
  const first = initialOf(words[0]!) ?? '';
  const last = words.length > 1 ? (initialOf(words[words.length - 1]!) ?? '') : '';
  // Two initials that would join into one character (Hangul jamo do): the first alone.
  return countGraphemes(first + last) === 2 ? first + last : first;
}

// Letters that carry their difference in the letter itself rather than in a
// separable accent, written as a reader without them would type them.
const FOLD: Record<string, string> = { ß: 'ss', ẞ: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ħ: 'h', ı: 'i', þ: 'th', ð: 'd' };

/**
 * A name (or what is typed to find one) with case, accents and spacing set aside, for
 * finding a name in a list: "zoe" finds "Zoë", "lukasz" finds "Łukasz", "ss" finds "ß".
 */
export function searchKey(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(INVISIBLE, '')
    .toLowerCase()
    .replace(/[ßæœøłđħıþð]/gu, (c) => FOLD[c] ?? c)
    .replace(/[\s\p{Z}]+/gu, ' ')
    .trim();
}

/**
 * A student's name with what tells them apart from another of the same name in their
 * class (see src/core/teacher/name-tags.ts): "Aisha Hansen (id 2041)",
 * "Aisha Hansen (#3f2a)"; the name alone when there is no tag.
 */
export function withTag(name: string, tag: string | null | undefined): string {
  return tag ? `${name} (${tag})` : name;
}
