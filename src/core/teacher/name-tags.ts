import { withTag } from '../../shared/names.ts';
import { lookAlikeKeys } from './names.ts';

// Students of the same name told apart. Wherever the teacher sees a class's students
// (results, grading, the live join list, every export), a student whose name is the
// same as another's in the class, or looks like it (the look-alike rule of names.ts:
// "Aisha Hansen", "aisha hansen", "Aïsha Hansen", a Cyrillic "А"), is shown with a tag:
//
// - for the teacher, the school's id when the student has one: "Aisha Hansen (id 2041)";
// - otherwise, and always where students see the list (joining a live class, where a
//   school id may be private), the first characters of the student's Lede id:
//   "Aisha Hansen (#3f2a)". Four characters, more only when four do not tell the
//   students apart. The id never changes, so the tag is the same on every screen and
//   in every export, and stays when a student is renamed, added or removed.
//
// A student whose name is like no other's in the class has no tag.

export interface Nameable {
  id: string;
  displayName: string;
  rosterId: string | null;
}

/** Who will see the tags: the teacher (the school id may be shown) or students (never the school id). */
export type TagAudience = 'teacher' | 'students';

const SHORTEST_CODE = 4;

/** The tag at a level: 1 is the student's usual tag (school id for the teacher, else the id's first 4 characters), each level above a longer code. */
function tagAt(s: Nameable, level: number, audience: TagAudience): string | null {
  if (level === 0) return null;
  if (level === 1 && audience === 'teacher' && s.rosterId) return `id ${s.rosterId}`;
  const length = SHORTEST_CODE + Math.max(0, level - (audience === 'teacher' && s.rosterId ? 2 : 1)) * 2;
  return `#${s.id.slice(0, length)}`;
}

/** Whether a higher level would give a different tag (a longer code, or a code instead of the school id). */
function canGrow(s: Nameable, level: number, audience: TagAudience): boolean {
  return level === 0 || tagAt(s, level, audience) !== tagAt(s, level + 1, audience);
}

/** The students whose labels look alike, as groups of indexes (each group has at least two). */
function lookAlikeGroups(labels: readonly string[]): number[][] {
  const parent = labels.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const firstWithKey = new Map<string, number>();
  labels.forEach((label, i) => {
    for (const key of lookAlikeKeys(label)) {
      const j = firstWithKey.get(key);
      if (j === undefined) firstWithKey.set(key, i);
      else parent[find(i)] = find(j);
    }
  });
  const groups = new Map<number, number[]>();
  labels.forEach((_, i) => {
    const root = find(i);
    const g = groups.get(root);
    if (g) g.push(i);
    else groups.set(root, [i]);
  });
  return [...groups.values()].filter((g) => g.length > 1);
}

/**
 * The tag that tells each student apart from the others of the class whose names are
 * the same or look alike, by student id; a student with a name of their own has none.
 * Pure: the same students give the same tags, in any order.
 */
export function nameTags(students: readonly Nameable[], audience: TagAudience = 'teacher'): Map<string, string> {
  // Sorted by id, so the order the students come in changes nothing.
  const list = [...students].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const level = list.map(() => 0);
  // Each round gives the students whose labels still look alike a longer tag; a
  // code grows to the whole id, which no other student has, so this ends.
  for (;;) {
    const labels = list.map((s, i) => withTag(s.displayName, tagAt(s, level[i]!, audience)));
    let grew = false;
    for (const group of lookAlikeGroups(labels)) {
      for (const i of group) {
        if (canGrow(list[i]!, level[i]!, audience)) {
          level[i]!++;
          grew = true;
        }
      }
    }
    if (!grew) break;
  }
  const tags = new Map<string, string>();
  list.forEach((s, i) => {
    const tag = tagAt(s, level[i]!, audience);
    if (tag !== null) tags.set(s.id, tag);
  });
  return tags;
}

/** Each student with their tag (null when their name is their own in the class), in the order given. */
export function withNameTags<T extends Nameable>(students: readonly T[], audience: TagAudience = 'teacher'): (T & { tag: string | null })[] {
  const tags = nameTags(students, audience);
  return students.map((s) => ({ ...s, tag: tags.get(s.id) ?? null }));
}
