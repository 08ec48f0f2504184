import { createHash } from 'node:crypto';
import type { Answer } from '../../shared/answers.ts';
import { LedeError } from '../../shared/errors.ts';
import { evidencePrerequisites, type Exercise, type Lesson } from '../../shared/lesson.ts';
import { MAX_HIGHLIGHTS_PER_STEP } from '../db/store.ts';
import { roundPoints } from '../../shared/points.ts';
import type { Store } from '../db/store.ts';
import { parseLesson, type ParseResult } from '../lessons/parse.ts';
import { checkAnswer, scoreExercise } from '../scoring/attempt.ts';
import { CURRENT_RULES_VERSION, knownRulesVersion, rulesOf } from '../scoring/rules.ts';
import { settingsProblem } from '../assignments/policy.ts';
import { cleanClassName, cleanDisplayName, cleanRosterId } from '../teacher/names.ts';
import type { Reaction } from '../../shared/reaction.ts';
import { refuse, type Backup, type BackupAttempt, type BackupResult } from './backup-format.ts';
import { checkReactions } from './backup-reactions.ts';

// A backup file checked in itself, before anything is written: every lesson text
// against its sha-256 and the lesson it claims to be, every name as if typed here,
// every id used once, and every attempt against its lesson, its results recomputed
// from its answers and the key. What is stored here is checked by the import.

export interface CheckedAttempt {
  a: BackupAttempt;
  /** The attempt in a teacher's words: "Attempt 2 of student “Aisha Silva”". */
  who: string;
  version: VersionInFile;
  /** The results to store: recomputed, not as the file claims them. */
  results: Map<string, BackupResult>;
  /** The first-reaction answers to store, checked and cleaned (backup-reactions.ts). */
  reactions: Reaction[];
}

export interface CheckedBackup {
  /** By lesson id and hash. */
  versions: Map<string, VersionInFile>;
  className: string;
  students: Map<string, { displayName: string; rosterId: string | null; createdAt: string }>;
  attempts: CheckedAttempt[];
}

export interface VersionInFile {
  lesson: Lesson;
  /** The same text already stored here (matched by lesson id and sha-256). */
  localId: number | null;
  /** The version number the file gives the text (that of the computer it was made on). */
  version: number;
}

const fmtNumber = (n: number) => n.toLocaleString('en-US');

/** A backup's lesson texts not stored here, by sha-256, parsed apart (parsedBackupTexts) before the check. */
export type ParsedTexts = ReadonlyMap<string, ParseResult>;

/** The lesson texts of a backup that are not on this computer and match their hash: to parse (apart) before checkBackup. */
export function textsToParse(store: Store, backup: Backup): { hash: string; fileName: string; source: string }[] {
  const out = new Map<string, { hash: string; fileName: string; source: string }>();
  for (const v of backup.lessonVersions) {
    if (out.has(v.hash) || store.lessons.versionIdByHash(v.lessonId, v.hash) !== undefined) continue;
    if (createHash('sha256').update(v.source, 'utf8').digest('hex') !== v.hash) continue; // refused by the check, unparsed
    out.set(v.hash, { hash: v.hash, fileName: `${v.lessonId}.md`, source: v.source });
  }
  return [...out.values()];
}

/** Checks each lesson text of the file: its sha-256, that it parses, that it is the lesson it says. */
function checkLessonVersions(store: Store, backup: Backup, parsedTexts?: ParsedTexts): Map<string, VersionInFile> {
  const out = new Map<string, VersionInFile>();
  for (const v of backup.lessonVersions) {
    const key = `${v.lessonId}\n${v.hash}`;
    const what = `The backup's copy of lesson “${v.lessonId}”`;
    if (out.has(key)) refuse(`${what} is listed twice.`);
    if (createHash('sha256').update(v.source, 'utf8').digest('hex') !== v.hash) refuse(`${what} does not match its sha-256 hash: the text was changed after it was exported.`);
    const local = store.lessons.versionIdByHash(v.lessonId, v.hash);
    let lesson: Lesson;
    if (local !== undefined) {
      lesson = store.lessonVersion(local); // the same text (same sha-256), already checked when it was stored
    } else {
      const parsed = parsedTexts?.get(v.hash) ?? parseLesson(v.source, `${v.lessonId}.md`);
      if (!parsed.ok) {
        const p = parsed.problems[0];
        return refuse(`${what} is not a valid lesson${p ? ` (line ${p.line}: ${p.message})` : ''}.`);
      }
      if (parsed.lesson.id !== v.lessonId) refuse(`${what} is the text of another lesson, “${parsed.lesson.id}”.`);
      lesson = parsed.lesson;
    }
    if (lesson.title !== v.title) refuse(`${what} is called “${lesson.title}”, not “${v.title}” as the backup says.`);
    out.set(key, { lesson, localId: local ?? null, version: v.version });
  }
  return out;
}

/** The answer to one step, as its records in the file give it (what the student would have been scored on). */
function answerInFile(a: BackupAttempt, ex: Exercise): Answer | undefined {
  if (ex.kind === 'highlight') return { spans: a.highlights.filter((h) => h.exerciseId === ex.id).map(({ start, end, label }) => ({ start, end, label })) };
  const r = a.responses.find((x) => x.exerciseId === ex.id);
  if (!r) return undefined;
  return responseAnswer(ex, r);
}

function responseAnswer(ex: Exercise, r: BackupAttempt['responses'][number]): Answer {
  if (ex.kind === 'choice') return { choices: r.choices ?? [] };
  if (ex.kind === 'evidence') return { claims: (r.claims ?? {}) as Extract<Answer, { claims: unknown }>['claims'] };
  if (ex.kind === 'search') return { search: (r.claims ?? {}) as Extract<Answer, { search: unknown }>['search'] };
  return { text: r.text ?? '' };
}

/**
 * Checks one attempt of the file against its lesson: the step it is at, every
 * highlight (step, label, offsets), every answer (step, options), and every
 * result, whose score is recomputed from the answers and the key. Returns the
 * recomputed results, to be stored instead of what the file claims.
 */
function checkAttempt(a: BackupAttempt, lesson: Lesson, who: string): Map<string, BackupResult> {
  const steps = new Map(lesson.exercises.map((e) => [e.id, e]));
  const stepName = (id: string) => `step “${steps.get(id)?.title ?? id}”`;
  if (a.currentStep > lesson.exercises.length + 1) refuse(`${who}: it is at step ${a.currentStep}, but the lesson has ${lesson.exercises.length} steps.`);
  const chars = lesson.text.length;
  for (const h of a.highlights) {
    const ex = steps.get(h.exerciseId);
    if (!ex) return refuse(`${who}: highlight ${h.id} belongs to step “${h.exerciseId}”, which the lesson does not have.`);
    if (ex.kind !== 'highlight') refuse(`${who}, ${stepName(ex.id)}: highlight ${h.id} is on a step that is not a highlighting step.`);
    if (ex.kind === 'highlight' && !ex.labels.some((l) => l.id === h.label)) {
      refuse(`${who}, ${stepName(ex.id)}: highlight ${h.id} has the label “${h.label}”, which this step does not have (${ex.labels.map((l) => l.id).join(', ')}).`);
    }
    if (h.end <= h.start) refuse(`${who}, ${stepName(ex.id)}: highlight ${h.id} ends at ${h.end}, which is not after its start (${h.start}).`);
    if (h.end > chars) refuse(`${who}, ${stepName(ex.id)}: highlight ${h.id} ends at ${h.end} but the article has ${fmtNumber(chars)} characters.`);
  }
  // The app keeps at most MAX_HIGHLIGHTS_PER_STEP highlights on a step: so does an import.
  const perStep = new Map<string, number>();
  for (const h of a.highlights) perStep.set(h.exerciseId, (perStep.get(h.exerciseId) ?? 0) + 1);
  for (const [step, n] of perStep) {
    if (n > MAX_HIGHLIGHTS_PER_STEP) refuse(`${who}, ${stepName(step)}: ${fmtNumber(n)} highlights, but a step holds at most ${MAX_HIGHLIGHTS_PER_STEP}.`);
  }
  const answered = new Set<string>();
  for (const r of a.responses) {
    const ex = steps.get(r.exerciseId);
    if (!ex) return refuse(`${who}: an answer to step “${r.exerciseId}”, which the lesson does not have.`);
    if (answered.has(ex.id)) refuse(`${who}, ${stepName(ex.id)}: the step is answered twice.`);
    answered.add(ex.id);
    if (ex.kind === 'highlight') refuse(`${who}, ${stepName(ex.id)}: a highlighting step is answered with highlights, not with an answer.`);
    if (ex.kind === 'choice' && (r.choices === null || r.text !== null || r.claims !== null)) refuse(`${who}, ${stepName(ex.id)}: a choice question is answered with options chosen, and nothing else.`);
    if (ex.kind === 'short-answer' && (r.text === null || r.choices !== null || r.claims !== null)) refuse(`${who}, ${stepName(ex.id)}: a written question is answered with text, and nothing else.`);
    if (ex.kind === 'evidence' && (r.claims === null || r.choices !== null || r.text !== null)) refuse(`${who}, ${stepName(ex.id)}: an evidence step is answered with a verdict on each claim, and nothing else.`);
    if (ex.kind === 'search' && (r.claims === null || r.choices !== null || r.text !== null)) refuse(`${who}, ${stepName(ex.id)}: a search step is answered with a result (and a reason) for each question, and nothing else.`);
    try {
      checkAnswer(lesson, ex.id, responseAnswer(ex, r));
    } catch (err) {
      // checkAnswer names the exercise by id; here the step is already named.
      if (err instanceof LedeError) refuse(`${who}, ${stepName(ex.id)}: ${err.message.replace(/^exercise "[^"]*"(: )?/, (_m, colon: string | undefined) => (colon ? '' : 'the question'))}.`);
      throw err;
    }
  }
  // An evidence step is checked only after the highlight steps its reports would give away (as the app enforces).
  const checkedSteps = new Set(a.results.map((r) => r.exerciseId));
  for (const r of a.results) {
    const ex = steps.get(r.exerciseId);
    if (ex?.kind !== 'evidence') continue;
    const waiting = evidencePrerequisites(lesson, ex.id).filter((e) => !checkedSteps.has(e.id));
    if (waiting.length > 0) refuse(`${who}, ${stepName(ex.id)}: checked before ${waiting.map((e) => `“${e.title}”`).join(', ')}, which the app does not allow (its reports would give their answers away).`);
  }
  const results = new Map<string, BackupResult>();
  for (const r of a.results) {
    const ex = steps.get(r.exerciseId);
    if (!ex) return refuse(`${who}: a result for step “${r.exerciseId}”, which the lesson does not have.`);
    if (results.has(ex.id)) refuse(`${who}, ${stepName(ex.id)}: the step has two results.`);
    const where = `${who}, ${stepName(ex.id)}`;
    if (r.maxPoints !== ex.points) refuse(`${where}: the backup says the step is worth ${r.maxPoints} points, but the lesson gives it ${ex.points}.`);
    // Each result is checked against the rules it says scored it: a file scored before a change of rules is still what it claims.
    if (!knownRulesVersion(r.rulesVersion)) {
      refuse(`${where}: the backup says it was scored under version ${r.rulesVersion} of the scoring rules, which this copy of Lede does not know (it knows 1–${CURRENT_RULES_VERSION}); update Lede to import it.`);
    }
    const scored = scoreExercise(ex, answerInFile(a, ex), rulesOf(r.rulesVersion));
    if (scored.kind === 'short-answer') {
      if (r.status === 'scored') refuse(`${where}: a written answer is graded by the teacher, not scored automatically.`);
      if (r.status === 'pending' && (r.points !== null || r.gradedAt !== null)) refuse(`${where}: the answer is waiting for a grade, yet has points.`);
      if (r.status === 'graded') {
        if (r.points === null || r.points < 0 || r.points > ex.points) refuse(`${where}: a grade of ${r.points ?? 'no'} points is outside 0–${ex.points}.`);
        if (r.gradedAt === null) refuse(`${where}: the grade has no date.`);
      }
      if (r.commentShared && (r.status !== 'graded' || r.comment === null)) refuse(`${where}: a comment shown to the student, but no teacher's comment on a graded answer.`);
      if (r.status === 'self-assessed') {
        // The student's points are what the criteria they ticked are worth: recomputed, never taken from the file.
        const rubric = ex.kind === 'short-answer' ? ex.rubric : [];
        const met = r.selfCheck ?? refuse(`${where}: a self-assessed answer without the criteria the student ticked.`);
        if (new Set(met).size !== met.length || met.some((i) => i >= rubric.length)) refuse(`${where}: the self-check names criteria the lesson's list does not have (it has ${rubric.length}).`);
        const worth = roundPoints(met.reduce((sum, i) => sum + rubric[i]!.points, 0));
        if (r.points === null || Math.abs(r.points - worth) > 0.005) refuse(`${where}: the backup says ${r.points ?? 'no'} points, but the criteria the student ticked are worth ${worth}.`);
        if (r.gradedAt === null) refuse(`${where}: the self-check has no date.`);
        if (r.comment !== null) refuse(`${where}: a teacher's comment on an answer the student checked themselves.`);
        results.set(ex.id, { ...r, points: worth, selfCheck: [...met].sort((x, y) => x - y), precision: null, recall: null, f1: null });
        continue;
      }
      if (r.selfCheck !== null) refuse(`${where}: a self-check on an answer that is not self-assessed.`);
      results.set(ex.id, { ...r, points: r.status === 'graded' ? roundPoints(r.points!) : null, precision: null, recall: null, f1: null });
      continue;
    }
    if (r.status !== 'scored') refuse(`${where}: the step is scored automatically, so it cannot be “${r.status}”.`);
    if (r.comment !== null || r.gradedAt !== null || r.commentShared || r.selfCheck !== null) refuse(`${where}: a teacher's grade or comment, or a self-check, on a step that is scored automatically.`);
    if (r.points === null || Math.abs(r.points - scored.points) > 0.005) {
      refuse(`${where}: the backup says ${r.points ?? 'no'} points, but its answers score ${scored.points} of ${ex.points} against the key (under version ${r.rulesVersion} of the scoring rules, which the backup says scored it).`);
    }
    const h = scored.kind === 'highlight' ? scored.highlight : null;
    results.set(ex.id, { ...r, points: scored.points, precision: h?.semeval.precision ?? null, recall: h?.semeval.recall ?? null, f1: h?.semeval.f1 ?? null });
  }
  return results;
}

/** Checks the whole file in itself; refuses it (throws) at its first problem. */
/**
 * The file's assignments, each against the rules the app enforces (dates in order, a due
 * date where the key waits for it, one per lesson), and every attempt's assignment: one in
 * the file, of the attempt's lesson.
 */
function checkAssignments(backup: Backup): void {
  const byId = new Map<string, Backup['assignments'][number]>();
  const lessons = new Set<string>();
  for (const [i, a] of backup.assignments.entries()) {
    const what = `Assignment ${i + 1} in the backup (lesson “${a.lessonId}”)`;
    if (byId.has(a.id)) refuse(`${what} is listed twice.`);
    if (lessons.has(a.lessonId)) refuse(`${what}: the class has another assignment of the same lesson in the file; a class has one per lesson.`);
    const problem = settingsProblem(a);
    if (problem) refuse(`${what}: ${problem}`);
    byId.set(a.id, a);
    lessons.add(a.lessonId);
  }
  for (const a of backup.attempts) {
    if (a.assignmentId === null) continue;
    const s = byId.get(a.assignmentId);
    if (!s) refuse(`Attempt ${a.number} of lesson “${a.lessonId}” (${a.id}) was made for assignment ${a.assignmentId}, which the backup does not have.`);
    if (s!.lessonId !== a.lessonId) refuse(`Attempt ${a.number} of lesson “${a.lessonId}” (${a.id}) was made for an assignment of another lesson (“${s!.lessonId}”).`);
  }
}

export function checkBackup(store: Store, backup: Backup, parsedTexts?: ParsedTexts): CheckedBackup {
  // Version 1 was written before self-checks and shown comments: a file that says it is one and has them is not what it claims.
  if (backup.version === 1 && backup.attempts.some((a) => a.results.some((r) => r.status === 'self-assessed' || r.selfCheck !== null || r.commentShared))) {
    refuse('The backup says it is version 1, made before self-checks and shown comments existed, yet it has them.');
  }
  // Version 4 brought the version of the scoring rules on each result: an older file's results were all scored under the first.
  if (backup.version < 4 && backup.attempts.some((a) => a.results.some((r) => r.rulesVersion !== 1))) {
    refuse(`The backup says it is version ${backup.version}, made before results recorded the version of the scoring rules, yet it has results scored under a later version.`);
  }
  // Version 3 brought assignments: an older file that has them is not what it claims either.
  if (backup.version < 3 && (backup.assignments.length > 0 || backup.attempts.some((a) => a.assignmentId !== null))) {
    refuse(`The backup says it is version ${backup.version}, made before assignments existed, yet it has them.`);
  }
  checkAssignments(backup);
  const versions = checkLessonVersions(store, backup, parsedTexts);
  const className = (() => {
    try {
      return cleanClassName(backup.class.name);
    } catch (err) {
      return refuse(`The class's name in the backup cannot be used: ${(err as Error).message}`);
    }
  })();
  const students = new Map<string, { displayName: string; rosterId: string | null; createdAt: string }>();
  for (const [i, s] of backup.students.entries()) {
    const what = `Student ${i + 1} in the backup (“${s.displayName.slice(0, 80)}”)`;
    if (students.has(s.id)) refuse(`${what} is listed twice.`);
    try {
      students.set(s.id, { displayName: cleanDisplayName(s.displayName), rosterId: cleanRosterId(s.rosterId), createdAt: s.createdAt });
    } catch (err) {
      if (err instanceof LedeError) refuse(`${what}: ${err.message}`);
      throw err;
    }
  }
  const manyLessons = new Set(backup.attempts.map((a) => a.lessonId)).size > 1;
  const attemptIds = new Set<string>();
  const numbers = new Set<string>();
  const highlightIds = new Set<string>();
  const checked: CheckedAttempt[] = [];
  for (const [i, a] of backup.attempts.entries()) {
    const student = students.get(a.studentId);
    const version = versions.get(`${a.lessonId}\n${a.lessonHash}`);
    const who = `Attempt ${a.number} of student “${student?.displayName ?? a.studentId}”${manyLessons && version ? ` at “${version.lesson.title}”` : ''}`;
    if (!student) refuse(`Attempt ${i + 1} in the backup (${a.id}): its student is not in the backup's list of students.`);
    if (!version) return refuse(`${who}: it was made on a text of lesson “${a.lessonId}” that the backup does not contain.`);
    if (attemptIds.has(a.id)) refuse(`${who}: its id ${a.id} is used twice in the backup.`);
    attemptIds.add(a.id);
    const n = `${a.studentId}\n${a.lessonId}\n${a.number}`;
    if (numbers.has(n)) refuse(`${who}: the backup has two attempts numbered ${a.number} for this student and lesson.`);
    numbers.add(n);
    for (const h of a.highlights) {
      if (highlightIds.has(h.id)) refuse(`${who}: highlight ${h.id} is used twice in the backup.`);
      highlightIds.add(h.id);
    }
    checked.push({ a, who, version, results: checkAttempt(a, version.lesson, who), reactions: checkReactions(a, version.lesson, who) });
  }
  return { versions, className, students, attempts: checked };
}
