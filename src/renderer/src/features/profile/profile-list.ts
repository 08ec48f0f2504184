// The "Who is studying?" list as data: profiles found by what is typed (case, accents
// and spacing set aside), grouped by class, and the facts that tell two profiles of the
// same name apart. Pure functions, tested in Node.
import type { StudentProfileDto } from '../../../../shared/api.ts';
import { compareNames } from '../../../../shared/collate.ts';
import { searchKey } from '../../../../shared/names.ts';

/** A profile with its search key, computed once per list. */
export interface IndexedProfile {
  profile: StudentProfileDto;
  key: string;
}

export const indexProfiles = (profiles: readonly StudentProfileDto[]): IndexedProfile[] => profiles.map((profile) => ({ profile, key: searchKey(profile.displayName) }));

/** The profiles whose name holds every word typed (anywhere in it: "rob ka" finds "Robin Kaur"), in the list's order. */
export function findProfiles(index: readonly IndexedProfile[], query: string): StudentProfileDto[] {
  const words = searchKey(query).split(' ').filter(Boolean);
  if (words.length === 0) return index.map((p) => p.profile);
  return index.filter((p) => words.every((w) => p.key.includes(w))).map((p) => p.profile);
}

export interface ProfileGroup {
  /** The class's name; null for the profiles in no class. */
  className: string | null;
  profiles: StudentProfileDto[];
}

/**
 * The profiles by class, classes in the reader's order and the profiles in no class
 * last; a profile in two classes is in both groups. One group (className null) when no
 * profile is in a class.
 */
export function groupByClass(profiles: readonly StudentProfileDto[]): ProfileGroup[] {
  const byClass = new Map<string, StudentProfileDto[]>();
  const none: StudentProfileDto[] = [];
  for (const p of profiles) {
    if (p.classes.length === 0) none.push(p);
    for (const c of p.classes) {
      const list = byClass.get(c);
      if (list) list.push(p);
      else byClass.set(c, [p]);
    }
  }
  const groups: ProfileGroup[] = [...byClass.keys()].sort(compareNames).map((c) => ({ className: c, profiles: byClass.get(c)! }));
  if (none.length > 0 || groups.length === 0) groups.push({ className: null, profiles: none });
  return groups;
}

const DAY = 24 * 60 * 60 * 1000;
const startOfDay = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();

/** A day in words, from today's point of view: "today", "yesterday", "3 days ago", "12 Mar" or "12 Mar 2024". */
export function dayInWords(iso: string, now: Date): string {
  const then = new Date(iso);
  const days = Math.round((startOfDay(now) - startOfDay(then)) / DAY);
  if (days <= 0) return 'today';
  if (days === 1) return 'yesterday';
  if (days < 7) return `${days} days ago`;
  return then.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', ...(then.getFullYear() === now.getFullYear() ? {} : { year: 'numeric' }) });
}

const lessons = (n: number) => `${n} lesson${n === 1 ? '' : 's'}`;

/**
 * What tells this profile apart from another of the same name: its classes (except the
 * one it is listed under), when it was last used (or made), and its progress.
 */
export function profileFacts(p: StudentProfileDto, now: Date, listedUnder: string | null = null): string[] {
  const facts: string[] = [];
  const classes = p.classes.filter((c) => c !== listedUnder);
  if (classes.length > 0) facts.push(classes.join(', '));
  facts.push(p.lastUsedAt ? `last used ${dayInWords(p.lastUsedAt, now)}` : `made ${dayInWords(p.createdAt, now)}`);
  if (p.lessonsFinished > 0) facts.push(`${lessons(p.lessonsFinished)} finished`);
  else if (p.lessonsStarted > 0) facts.push(`${lessons(p.lessonsStarted)} started`);
  else facts.push('no lessons yet');
  return facts;
}
