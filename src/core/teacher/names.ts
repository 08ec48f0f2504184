import unicodeConfusables from 'unicode-confusables';
import { LedeError } from '../../shared/errors.ts';

// Names as typed: class names, roster ids, and students' names as a teacher types
// them and as students type them when they join a live class (the one name
// cleaner). A name is shown on dashboards, projectors and in exports, so what is
// stored must look like what it is: characters that draw nothing (zero-width spaces,
// joiners, byte-order marks, soft hyphens) and characters that reorder text (bidi
// controls) are removed, compatibility forms are folded (NFKC: full-width letters,
// ligatures), and runs of spaces become one.

/** The longest name a teacher may store (a roster entry). */
export const MAX_NAME_LENGTH = 500;
/** The longest name a student may type when joining a class (shown beside the field). */
export const MAX_TYPED_NAME_LENGTH = 40;

const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Bidi_Control}]/gu;
const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });
const countGraphemes = (s: string) => [...graphemes.segment(s)].length;

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
  const name = removeInvisible(raw.normalize('NFKC')).replace(/[\s\p{Z}]+/gu, ' ').trim();
  if (name.length === 0) throw new LedeError('invalid_input', 'Please type a name.');
  if (/\p{Cc}/u.test(name)) throw new LedeError('invalid_input', 'A name cannot contain control characters.');
  if (!/[\p{L}\p{N}\p{Extended_Pictographic}]/u.test(name)) throw new LedeError('invalid_input', 'A name needs at least one letter.');
  if (countGraphemes(name) > maxLength) throw new LedeError('invalid_input', `A name can be at most ${maxLength} characters long.`);
  return name;
}

/** A name a student types to join a class: as above, shorter, and with letters in it. */
export function cleanTypedName(raw: string): string {
  const name = cleanDisplayName(raw, MAX_TYPED_NAME_LENGTH);
  if (!/\p{L}/u.test(name)) throw new LedeError('invalid_input', 'A name needs at least one letter.');
  return name;
}

/** A class's name as typed: one line of at most 200 characters. */
export function cleanClassName(raw: string): string {
  const name = raw.normalize('NFC').replace(/\s+/gu, ' ').trim();
  if (!name) throw new LedeError('invalid_input', 'Please give the class a name.');
  if (/\p{Cc}/u.test(name)) throw new LedeError('invalid_input', 'A class name cannot contain control characters.');
  if ([...name].length > 200) throw new LedeError('invalid_input', 'A class name can be at most 200 characters long.');
  return name;
}

/** The school's id for a student (a roster id): null when blank. */
export function cleanRosterId(raw: string | null | undefined): string | null {
  const id = (raw ?? '').trim();
  if (!id) return null;
  if (id.length > 200 || /\p{Cc}/u.test(id)) throw new LedeError('invalid_input', `"${id.slice(0, 40)}" is not a usable roster id.`);
  return id;
}

/**
 * Keys under which a name looks alike on a screen: the UTS #39 skeleton (NFD, each
 * character mapped to the one it is commonly confused with, NFD again), with case
 * and accents set aside. Two keys, because the confusables map has upper-case
 * prototypes for some lower-case letters (it maps "I" and "1" to "l"): the skeleton
 * of the lower-cased name, and the lower-cased skeleton of the name. Names that
 * share a key look alike: "Aisha Silva", "aisha silva", "Aïsha Sílva", "Аisha
 * Silva" with a Cyrillic А, "Ilya" and "lIya", "Nia Tanaka" and "NiaTanaka".
 */
export function lookAlikeKeys(name: string): string[] {
  // Spaces are set aside too: "Nia Tanaka" and "Nia\u200BTanaka" (a zero-width space,
  // removed when the name is cleaned) look alike.
  const base = name.normalize('NFKD').replace(/\p{M}/gu, '').replace(INVISIBLE, '').replace(/[\s\p{Z}]+/gu, '');
  const skeleton = (s: string) => unicodeConfusables.rectifyConfusion(s.normalize('NFD')).normalize('NFD');
  return [skeleton(base.toLowerCase()), skeleton(base).toLowerCase()];
}

/** The first name in `existing` that looks like `name`, if any. */
export function findLookAlike(name: string, existing: Iterable<string>): string | undefined {
  const keys = new Set(lookAlikeKeys(name));
  for (const other of existing) if (lookAlikeKeys(other).some((k) => keys.has(k))) return other;
  return undefined;
}
