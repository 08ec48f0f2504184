import { createHash } from 'node:crypto';
import { LedeError } from '../../shared/errors.ts';
import type { Classes } from '../db/classes.ts';
import type { Store } from '../db/store.ts';
import { cleanDisplayName, cleanRosterId, lookAlikeKeys } from './names.ts';
import { parseRoster, type RosterDelimiter, type RosterParse } from './roster-csv.ts';

// The roster import plan: what each row of a roster file (read by roster-csv.ts)
// will do to the class. The preview shows it; the
// import computes it again from the file and the database (never from the client's
// copy) and applies it only if it is still the same plan.

export type RosterAction = 'add' | 'enrol' | 'in-class' | 'skip';

export interface RosterPlanRow {
  line: number;
  /** The name as it will be stored (as read, when the row is skipped). */
  name: string;
  rosterId: string | null;
  action: RosterAction;
  /** The student already on this computer (enrol, in-class). */
  studentId: string | null;
  /** When a known id comes with another name: the name stored now (a rename is offered). */
  currentName: string | null;
  /** Why a row is skipped. */
  reason: string | null;
  /**
   * A student joining the class (add, enrol) whose name is the same as, or looks like,
   * that of a student already in it: "There is already an Aisha Hansen in this class
   * (id 2041)". Said, never blocking: two students may have the same name.
   */
  sameName: string | null;
}

export interface RosterPlan {
  format: 'lede' | 'oneroster';
  delimiter: RosterDelimiter;
  columns: string[];
  rows: RosterPlanRow[];
  /** A digest of the plan: the import refuses to run when it no longer matches the preview. */
  fingerprint: string;
}

export function planRoster(classes: Classes, classId: string, parsed: RosterParse): RosterPlan {
  const members = classes.roster(classId);
  const memberIds = new Set(members.map((m) => m.id));
  const memberByName = new Map(members.map((m) => [m.displayName, m.id]));
  // The class's students by look-alike key, to say when a student joining has the same name as one already in it.
  const membersByKey = new Map<string, typeof members>();
  for (const m of members) {
    for (const key of new Set(lookAlikeKeys(m.displayName))) membersByKey.set(key, [...(membersByKey.get(key) ?? []), m]);
  }
  const sameNameAs = (name: string, studentId: string | null): string | null => {
    const alike = new Map<string, (typeof members)[number]>();
    for (const key of lookAlikeKeys(name)) for (const m of membersByKey.get(key) ?? []) if (m.id !== studentId) alike.set(m.id, m);
    if (alike.size === 0) return null;
    // In a stable order (by school id, then name), whatever the students' ids.
    const list = [...alike.values()].sort((a, b) => (a.rosterId ?? '\uffff').localeCompare(b.rosterId ?? '\uffff') || a.displayName.localeCompare(b.displayName));
    const who = (m: (typeof members)[number]) => `${m.displayName}${m.rosterId ? ` (id ${m.rosterId})` : ''}`;
    const one = list[0]!;
    if (list.length === 1) return `There is already ${/^[aeiou]/iu.test(one.displayName) ? 'an' : 'a'} ${one.displayName} in this class${one.rosterId ? ` (id ${one.rosterId})` : ''}.`;
    return `There are already ${list.length} students of this name in this class: ${list.slice(0, -1).map(who).join(', ')} and ${who(list.at(-1)!)}.`;
  };
  const seenIds = new Map<string, number>();
  const seenNames = new Map<string, number>();
  const rows: RosterPlanRow[] = parsed.skipped.map((s) => ({
    line: s.line,
    name: s.name ?? '',
    rosterId: s.rosterId ?? null,
    action: 'skip',
    studentId: null,
    currentName: null,
    reason: s.reason,
    sameName: null,
  }));
  for (const e of parsed.entries) {
    const skip = (reason: string) => rows.push({ line: e.line, name: e.name, rosterId: e.rosterId, action: 'skip', studentId: null, currentName: null, reason, sameName: null });
    let name: string;
    let rid: string | null;
    try {
      name = cleanDisplayName(e.name);
      rid = cleanRosterId(e.rosterId);
    } catch (err) {
      if (err instanceof LedeError) {
        skip(err.message);
        continue;
      }
      throw err;
    }
    const row = { line: e.line, name, rosterId: rid, studentId: null, currentName: null, reason: null, sameName: null };
    if (rid) {
      const before = seenIds.get(rid);
      if (before !== undefined) {
        skip(`the same id as line ${before}`);
        continue;
      }
      seenIds.set(rid, e.line);
      seenNames.set(name, seenNames.get(name) ?? e.line);
      const known = classes.studentByRosterId(rid);
      if (!known) rows.push({ ...row, action: 'add', sameName: sameNameAs(name, null) });
      else {
        const inClass = memberIds.has(known.id);
        rows.push({
          ...row,
          action: inClass ? 'in-class' : 'enrol',
          studentId: known.id,
          currentName: known.displayName === name ? null : known.displayName,
          sameName: inClass ? null : sameNameAs(name, known.id),
        });
      }
      continue;
    }
    // Without an id, a name already in the class is that student; a name twice in the file is one student.
    const before = seenNames.get(name);
    if (before !== undefined) {
      skip(`the same name as line ${before}, without an id`);
      continue;
    }
    seenNames.set(name, e.line);
    const member = memberByName.get(name);
    rows.push(member ? { ...row, action: 'in-class', studentId: member } : { ...row, action: 'add', sameName: sameNameAs(name, null) });
  }
  rows.sort((a, b) => a.line - b.line);
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([classId, parsed.format, parsed.delimiter, parsed.columns, rows]))
    .digest('base64url');
  return { format: parsed.format, delimiter: parsed.delimiter, columns: parsed.columns, rows, fingerprint };
}

export interface RosterImportResult {
  added: number;
  enrolled: number;
  alreadyInClass: number;
  renamed: number;
  skipped: { line: number; reason: string }[];
  format: 'lede' | 'oneroster';
  delimiter: RosterDelimiter;
}

/**
 * Imports a roster in one transaction, as planned from the file and the database
 * now. `renames` are the roster ids whose new names the teacher accepted; each must
 * be one the plan offers. With `expected` (the preview's fingerprint), a plan that
 * differs from the preview is refused rather than applied.
 */
export function importRoster(store: Store, classId: string, csv: string, renames: readonly string[], expected?: string): RosterImportResult {
  const parsed = parseRoster(csv);
  const classes = store.classes;
  return store.inTransaction(() => {
    const plan = planRoster(classes, classId, parsed);
    if (expected !== undefined && expected !== plan.fingerprint) {
      throw new LedeError('conflict', 'The class or its students changed since this preview was made, so nothing was imported. Look at the preview again before importing.');
    }
    const offered = new Map(plan.rows.filter((r) => r.currentName !== null && r.rosterId).map((r) => [r.rosterId!, r]));
    for (const id of renames) {
      if (!offered.has(id)) throw new LedeError('invalid_input', `This roster offers no new name for the student with id "${id.slice(0, 60)}".`);
    }
    const accepted = new Set(renames);
    const result: RosterImportResult = { added: 0, enrolled: 0, alreadyInClass: 0, renamed: 0, skipped: [], format: plan.format, delimiter: plan.delimiter };
    for (const r of plan.rows) {
      if (r.action === 'skip') result.skipped.push({ line: r.line, reason: r.reason ?? 'skipped' });
      else if (r.action === 'add') {
        classes.addStudent(classId, r.name, r.rosterId);
        result.added++;
      } else if (r.action === 'enrol') {
        classes.enroll(classId, r.studentId!);
        result.enrolled++;
      } else result.alreadyInClass++;
      if (r.currentName !== null && r.rosterId && accepted.has(r.rosterId)) {
        classes.renameStudent(r.studentId!, r.name);
        result.renamed++;
      }
    }
    return result;
  });
}
