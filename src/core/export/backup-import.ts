import type { Store } from '../db/store.ts';
import { refuse, type Backup, type BackupAttempt, type BackupResult } from './backup-format.ts';
import { checkBackup, type CheckedBackup, type ParsedTexts, type VersionInFile } from './backup-check.ts';
import { checkAccepted, unknownLessonTexts, type AcceptedLessonText, type LessonTextInFile } from './backup-lessons.ts';

// Importing a results backup (backup-format.ts), once checked in itself
// (backup-check.ts): against what is stored here, and written, in one transaction,
// so that one bad record refuses the whole file and nothing stored changes. A lesson
// text the file brings that is not on this computer is written only if the teacher
// accepted it after the preview (backup-lessons.ts).

export interface ImportReport {
  classId: string;
  classCreated: boolean;
  className: string;
  students: number;
  attempts: number;
  highlights: number;
  responses: number;
  results: number;
  lessonVersions: number;
  assignments: number;
  notes: string[];
}

export interface ImportOptions {
  /** The lesson texts not on this computer that the teacher accepted as their own after the preview: exactly those the file brings. */
  acceptLessons?: readonly AcceptedLessonText[];
  /** The backup's file name: recorded as where a lesson new to this computer came from. */
  fileName?: string | undefined;
}

/** What a backup holds and what importing it would do, with nothing written. */
export interface BackupPreview {
  /** The class's name in the file (as it would be typed here). */
  className: string;
  /** The class already on this computer with the backup's class id (the backup adds to it), or null: a new class. */
  classHere: string | null;
  exportedAt: string;
  /** In the file. */
  students: number;
  attempts: number;
  results: number;
  assignments: number;
  /** What importing would add (the import, run and undone). */
  adds: ImportReport;
  /** The lesson texts the file brings that are not on this computer: to be accepted before importing. */
  lessonTexts: LessonTextInFile[];
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');

/**
 * Imports a backup in one transaction: all of it, or (on any problem) nothing. A
 * lesson text not on this computer is refused unless `acceptLessons` names exactly
 * those the file brings.
 */
export function importBackup(store: Store, backup: Backup, options: ImportOptions & { parsedTexts?: ParsedTexts } = {}): ImportReport {
  const checked = checkBackup(store, backup, options.parsedTexts);
  checkAccepted(unknownLessonTexts(store, checked), options.acceptLessons ?? []);
  return store.inTransaction(() => write(store, backup, checked, options.fileName));
}

/** Undoes the import run by a preview. */
const UNDO = Symbol('undo the preview');

/** Checks a backup as importing it would, against what is stored here, and says what it holds and would add; nothing is written. */
export function previewBackup(store: Store, backup: Backup, parsedTexts?: ParsedTexts): BackupPreview {
  const checked = checkBackup(store, backup, parsedTexts);
  const lessonTexts = unknownLessonTexts(store, checked);
  let adds: ImportReport | undefined;
  try {
    store.inTransaction(() => {
      adds = write(store, backup, checked, undefined);
      throw UNDO;
    });
  } catch (err) {
    if (err !== UNDO) throw err;
  }
  return {
    className: checked.className,
    classHere: store.classes.nameOf(backup.class.id) ?? null,
    exportedAt: backup.exportedAt,
    students: backup.students.length,
    attempts: backup.attempts.length,
    results: backup.attempts.reduce((n, a) => n + a.results.length, 0),
    assignments: backup.assignments.length,
    adds: adds!,
    lessonTexts,
  };
}

/** Writes a checked backup (inside the caller's transaction); refuses it at the first record that clashes with what is stored here. */
function write(store: Store, backup: Backup, checked: CheckedBackup, fileName: string | undefined): ImportReport {
  const report: ImportReport = {
    classId: backup.class.id,
    classCreated: false,
    className: backup.class.name,
    students: 0,
    attempts: 0,
    highlights: 0,
    responses: 0,
    results: 0,
    lessonVersions: 0,
    assignments: 0,
    notes: [],
  };
  const { versions, className, students, attempts } = checked;
  const { classes, backup: records } = store;

  // ── Against what is stored here, and written (in the caller's transaction) ──
  const versionIdFor = new Map<VersionInFile, number>();
  for (const [key, v] of versions) {
    if (v.localId !== null) {
      versionIdFor.set(v, v.localId);
      continue;
    }
    // A text the teacher accepted as their own (importBackup checked that): a version of the lesson, after those here.
    const lessonId = key.split('\n')[0]!;
    const entry = backup.lessonVersions.find((x) => x.lessonId === lessonId && x.hash === v.lesson.hash)!;
    const isNew = !store.lessons.exists(lessonId);
    const vid = store.lessons.addFromBackup({ lessonId, hash: v.lesson.hash, source: entry.source, title: v.lesson.title });
    versionIdFor.set(v, vid);
    // A lesson new to this computer came from the backup's file (there is no origin kind "backup": an imported file, named).
    if (isNew) store.lessons.setOrigin(lessonId, { kind: 'imported', fileName });
    report.lessonVersions++;
  }

  // The class: by id. A different class with the same name keeps its name; the import is renamed.
  const here = classes.nameOf(backup.class.id);
  if (here !== undefined) {
    report.className = here;
  } else {
    let name = className;
    for (let n = 2; classes.nameTaken(name); n++) name = `${className.slice(0, 190)} (${n})`;
    classes.create(name, backup.class.id);
    report.classCreated = true;
    report.className = name;
    if (name !== className) report.notes.push(`A different class is already called “${className}”, so the imported class is called “${name}”.`);
  }

  // Students: by id. A student already here is kept as they are (their name may have been changed here).
  for (const [id, s] of students) {
    if (!classes.studentExists(id)) {
      let rosterId = s.rosterId;
      if (rosterId && classes.studentByRosterId(rosterId)) {
        report.notes.push(`Roster id “${rosterId}” already belongs to another student here; ${s.displayName} was imported without it.`);
        rosterId = null;
      }
      records.insertStudent({ id, displayName: s.displayName, createdAt: s.createdAt, rosterId });
      report.students++;
    }
    classes.enroll(backup.class.id, id);
  }

  // Assignments: by id, in this class. One already here keeps its settings (they may have been changed here).
  for (const a of backup.assignments) {
    const here = store.assignments.get(a.id);
    if (here) {
      if (here.classId !== backup.class.id || here.lessonId !== a.lessonId) refuse(`The assignment of lesson “${a.lessonId}” has the id of a different assignment stored on this computer.`);
      if (here.opensAt !== a.opensAt || here.dueAt !== a.dueAt || here.maxAttempts !== a.maxAttempts || here.counts !== a.counts || here.keyShown !== a.keyShown) {
        report.notes.push(`The assignment of “${a.lessonId}” was changed on this computer since the backup was made; this computer's settings were kept.`);
      }
      continue;
    }
    if (store.assignments.ofClassLesson(backup.class.id, a.lessonId)) {
      refuse(`The class already has an assignment of lesson “${a.lessonId}” made on this computer; a backup cannot add a second one.`);
    }
    if (!store.lessons.exists(a.lessonId)) refuse(`The backup assigns lesson “${a.lessonId}”, which is neither on this computer nor in the backup.`);
    // Times as this app writes them (UTC, ISO): the store compares them as text.
    const iso = (t: string) => new Date(t).toISOString();
    const isoOrNull = (t: string | null) => (t === null ? null : iso(t));
    store.assignments.insertRecord({
      ...a,
      opensAt: iso(a.opensAt),
      dueAt: isoOrNull(a.dueAt),
      keyReleasedAt: isoOrNull(a.keyReleasedAt),
      createdAt: iso(a.createdAt),
      updatedAt: iso(a.updatedAt),
      classId: backup.class.id,
      className: report.className,
    });
    report.assignments++;
  }

  const wentOnHere: string[] = [];
  for (const { a, who, version, results, reactions } of attempts) {
    const vid = versionIdFor.get(version)!;
    const lesson = version.lesson;
    const stepName = (id: string) => `step “${lesson.exercises.find((e) => e.id === id)?.title ?? id}”`;
    const existing = records.storedAttempt(a.id);
    if (existing) {
      if (existing.studentId !== a.studentId || existing.lessonVersionId !== vid || existing.startedAt !== a.startedAt || existing.assignmentId !== a.assignmentId) {
        refuse(`${who}: its id ${a.id} is stored on this computer as a different attempt.`);
      }
      if (mergeStoredAttempt(store, a, results, who, stepName, report)) wentOnHere.push(who);
      continue;
    }
    for (const h of a.highlights) {
      if (records.highlightExists(h.id)) refuse(`${who}, ${stepName(h.exerciseId)}: highlight ${h.id} has the id of a highlight already stored on this computer in another attempt.`);
    }
    // A different attempt with the same number (the student worked on both computers) comes after those here.
    let number = a.number;
    if (records.attemptNumberTaken(a.studentId, a.lessonId, a.number)) {
      number = 1 + records.lastAttemptNumber(a.studentId, a.lessonId);
      report.notes.push(`${who}: this computer already has an attempt ${a.number} of that student at that lesson, so the imported one is attempt ${number}.`);
    }
    records.insertAttempt({ ...a, vid, number });
    report.attempts++;
    for (const h of a.highlights) records.insertHighlight(a.id, h);
    report.highlights += a.highlights.length;
    for (const r of a.responses) {
      records.insertResponse(a.id, { ...r, choices: r.choices === null ? null : JSON.stringify(r.choices), claims: r.claims === null ? null : JSON.stringify(r.claims) });
    }
    report.responses += a.responses.length;
    for (const r of results.values()) records.insertResult(a.id, r);
    report.results += results.size;
    for (const { at, ...r } of reactions) store.reactions.put(a.id, r, at);
  }
  if (wentOnHere.length) {
    const some = wentOnHere.slice(0, 3).join('; ') + (wentOnHere.length > 3 ? `; and ${wentOnHere.length - 3} more` : '');
    report.notes.push(
      `Work not yet checked differs from the backup's copy in ${wentOnHere.length === 1 ? 'an attempt' : `${wentOnHere.length} attempts`} already on this computer (${some}): it went on here, so the copy here was kept.`,
    );
  }
  return report;
}

/**
 * An attempt the file shares with this computer. Nothing is added to it or changed,
 * with one exception: a grade given on the other computer completes an answer
 * still waiting to be graded here. A step checked in the file must have been
 * checked here with the same answers (a checked step's answers are locked on
 * both computers, so a difference is a forgery or a different attempt); work not
 * yet checked may have gone on here since the file was made, and the copy here is
 * kept. Returns whether such work differs.
 */
type ClaimsRecord = Record<string, Record<string, string | undefined>>;

/** The same verdicts (and cards) on the same claims, or the same picks on the same search questions, whatever order the keys were written in. */
function sameClaims(a: ClaimsRecord | null, b: ClaimsRecord | null): boolean {
  if (a === null || b === null) return a === b;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  const same = (x: Record<string, string | undefined>, y: Record<string, string | undefined>) => {
    const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
    return [...keys].every((k) => (x[k] ?? null) === (y[k] ?? null));
  };
  return ka.every((k) => Object.hasOwn(b, k) && same(a[k]!, b[k]!));
}

function mergeStoredAttempt(store: Store, a: BackupAttempt, results: Map<string, BackupResult>, who: string, stepName: (id: string) => string, report: ImportReport): boolean {
  const hl = store.highlights(a.id);
  const resp = new Map(store.backup.responses(a.id).map((r) => [r.exerciseId, r]));
  const stored = new Map(store.results.forReview(a.id).map((r) => [r.exercise_id, r]));
  const highlightsOf = (list: { id: string; start: number; end: number; label: string }[]) => list.map((h) => `${h.id}\u0000${h.start}\u0000${h.end}\u0000${h.label}`);
  const sameAnswers = (exerciseId: string) => {
    const mine = hl.filter((h) => h.exerciseId === exerciseId);
    const theirs = a.highlights.filter((h) => h.exerciseId === exerciseId);
    if (!sameSet(highlightsOf(mine), highlightsOf(theirs))) return false;
    const r = resp.get(exerciseId);
    const t = a.responses.find((x) => x.exerciseId === exerciseId);
    return (
      (r?.choices ?? null) === (t?.choices ? JSON.stringify(t.choices) : null) &&
      (r?.text ?? null) === (t?.text ?? null) &&
      sameClaims(r?.claims ? (JSON.parse(r.claims) as ClaimsRecord) : null, t?.claims ?? null)
    );
  };
  const exercises = new Set([...a.highlights.map((h) => h.exerciseId), ...a.responses.map((r) => r.exerciseId)]);
  let workDiffers = false;
  for (const id of exercises) if (!results.has(id) && !sameAnswers(id)) workDiffers = true;
  for (const r of results.values()) {
    const where = `${who}, ${stepName(r.exerciseId)}`;
    const s = stored.get(r.exerciseId);
    if (!s) refuse(`${where}: the backup has it checked, but it is not checked in the attempt stored on this computer; a backup cannot add to an attempt already stored on this computer.`);
    if (!sameAnswers(r.exerciseId)) refuse(`${where}: the backup has different answers than the attempt already stored on this computer; a backup cannot change it.`);
    if (s!.status === 'scored' && r.status !== 'scored') refuse(`${where}: the backup scores it differently than the attempt already stored on this computer; a backup cannot change it.`);
    if (s!.status === 'scored' && s!.rules_version !== r.rulesVersion) {
      // The same answers scored under two versions of the rules (one copy re-scored): both checked, the copy here kept.
      report.notes.push(`${where}: scored under version ${s!.rules_version} of the scoring rules on this computer and version ${r.rulesVersion} in the backup; the result on this computer was kept.`);
    } else if (s!.status === 'scored' && Math.abs((s!.points ?? 0) - (r.points ?? 0)) > 0.005) {
      refuse(`${where}: the backup scores it differently than the attempt already stored on this computer; a backup cannot change it.`);
    }
    if (r.status === 'graded' && (s!.status === 'pending' || s!.status === 'self-assessed')) {
      // A grade given on the other computer completes an answer still waiting here (or replaces the student's own check).
      store.results.grade(a.id, r.exerciseId, r.points!, r.comment, r.commentShared, r.gradedAt!);
      report.results++;
    } else if (r.status === 'self-assessed' && s!.status === 'pending') {
      store.results.selfAssess(a.id, r.exerciseId, r.selfCheck!, r.points!, r.gradedAt!);
      report.results++;
    } else if (r.status === 'graded' && s!.status === 'graded' && (s!.points !== r.points || (s!.comment ?? null) !== (r.comment ?? null))) {
      report.notes.push(`${where}: graded differently on the two computers; the grade on this computer was kept.`);
    }
  }
  return workDiffers;
}
