import { LedeError } from '../../shared/errors.ts';
import type { Store } from '../db/store.ts';
import { keySpans, type Verdict } from '../../shared/lesson.ts';
import { classifyStudentSpans } from '../scoring/spans.ts';
import { claimCredit, roundPoints } from '../scoring/attempt.ts';
import { questionCredit } from '../scoring/search.ts';
import { hasGrade, lessonResults, lessonTotal, taggedMembers, type LessonResults, type StepStatus } from '../teacher/results.ts';
import { minutes, type Cell } from './cells.ts';
import { withTag } from '../../shared/names.ts';
import type { GradebookColumns } from '../../shared/teacher-api.ts';
import { FEELING_NAMES, SHARE_NAMES } from '../../shared/reaction.ts';

// The tables every export is made from, computed once from the database.

export interface ExportScope {
  classId: string;
  /** One lesson; all lessons when absent. */
  lessonId?: string;
  /** The gradebook CSV's columns: one per lesson (the default) or one per step. */
  columns?: GradebookColumns;
}

/** Lets a long export report progress, give way to other work, and stop when cancelled. */
export interface Pace {
  signal?: AbortSignal;
  progress?: (fraction: number) => void;
}

export class ExportCancelled extends Error {
  override name = 'ExportCancelled';
}

export async function giveWay(pace: Pace, fraction: number): Promise<void> {
  if (pace.signal?.aborted) throw new ExportCancelled('The export was cancelled.');
  pace.progress?.(Math.max(0, Math.min(1, fraction)));
  await new Promise((r) => setImmediate(r));
  if (pace.signal?.aborted) throw new ExportCancelled('The export was cancelled.');
}

export interface ClassData {
  className: string;
  lessons: LessonResults[];
  scope: ExportScope;
}

export function loadClassData(store: Store, scope: ExportScope): ClassData {
  const cls = store.classes.get(scope.classId);
  const lessonIds = scope.lessonId ? [scope.lessonId] : store.listLessons().map((l) => l.lessonId);
  if (scope.lessonId) store.currentVersionId(scope.lessonId); // throws a clear "no lesson" error
  if (lessonIds.length === 0) throw new LedeError('not_found', 'There are no lessons to export.');
  const members = taggedMembers(store, scope.classId);
  return { className: cls.name, lessons: lessonIds.map((id) => lessonResults(store, scope.classId, id, members)), scope };
}

/**
 * Which attempt of each student a lesson's tables show, in words: the one the class's
 * assignment counts, or (the lesson not assigned to the class) the latest.
 */
export function attemptRule(l: LessonResults): string {
  if (!l.assignment) return 'each student’s latest attempt';
  const which = { first: 'first', highest: 'best', latest: 'latest handed-in' }[l.assignment.counts];
  return `the attempt that counts for the assignment: each student’s ${which} attempt for it (practice attempts never count)`;
}

const STATUS_WORDS: Record<StepStatus, string> = {
  'not-started': 'not started',
  'not-checked': 'not checked',
  scored: 'scored',
  pending: 'waiting for grading',
  graded: 'graded',
  'self-assessed': 'self-assessed, waiting for grading',
};

export function statusWord(s: StepStatus): string {
  return STATUS_WORDS[s];
}

/** A step's status in a table, with a student's own check's points in words (its Points cell is blank: it is no grade). */
function statusCell(c: { status: StepStatus; points: number | null }): string {
  return c.status === 'self-assessed' ? `self-assessed (${c.points ?? 0} by the student's own check), waiting for grading` : statusWord(c.status);
}

// ── Gradebook ───────────────────────────────────────────────────────────

export interface Table {
  header: string[];
  /** Rows after the header that describe the columns (Canvas's "Points Possible"). */
  preamble: Cell[][];
  rows: Cell[][];
}

/** A gradebook's columns: one per lesson (its total, as Canvas makes one assignment of it), or one per step of each lesson. */
export type { GradebookColumns };

/**
 * One row per student. Columns follow Canvas's gradebook CSV: Student, ID, SIS User
 * ID, SIS Login ID, Section, then one column per lesson (or per step of each lesson,
 * `Lesson: Step`), then "Final Points". Row 2 gives the points possible. A blank cell
 * is "no grade yet" (not started, not checked, or waiting for the teacher): a step
 * without a grade, and a lesson total or Final Points while any step it counts has none.
 */
export function gradebookTable(data: ClassData, columns: GradebookColumns = 'lesson'): Table {
  const perStep = columns === 'step';
  const cols: { title: string; max: number }[] = perStep
    ? data.lessons.flatMap((l) => l.lesson.steps.map((s) => ({ title: `${l.lesson.title}: ${s.title}`, max: s.points })))
    : data.lessons.map((l) => ({ title: l.lesson.title, max: l.lesson.maxPoints }));
  const header = ['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section', ...cols.map((c) => c.title), 'Final Points'];
  const preamble: Cell[][] = [['    Points Possible', '', '', '', '', ...cols.map((c) => c.max), cols.reduce((t, c) => t + c.max, 0)]];
  const students = data.lessons[0]?.rows.map((r) => r.student) ?? [];
  const rows = students.map((student, i) => {
    // A step without a grade is blank (a student's own self-check is not a grade).
    const values: (number | null)[] = perStep ? data.lessons.flatMap((l) => l.rows[i]!.steps.map((c) => (hasGrade(c) ? c.points : null))) : data.lessons.map((l) => lessonTotal(l.rows[i]!));
    const totals = data.lessons.map((l) => lessonTotal(l.rows[i]!));
    const final = totals.every((v) => v !== null) ? roundPoints(totals.reduce<number>((t, v) => t + v!, 0)) : null;
    return [withTag(student.displayName, student.tag), '', student.rosterId ?? '', '', data.className, ...values, final];
  });
  return { header, preamble, rows };
}

export const PER_STEP_HEADER = ['Student', 'Roster ID', 'Lesson', 'Step', 'Status', 'Points', 'Points possible', 'Attempts', 'Minutes spent'];

/** One row per student, lesson and step (generated, not held in memory). */
export function* perStepRows(data: ClassData): Generator<Cell[]> {
  for (const l of data.lessons) {
    for (const r of l.rows) {
      for (const [j, c] of r.steps.entries()) {
        // With an assignment, which attempt this is ("attempt 1 of 3 · first counts"); otherwise how many there were.
        yield [withTag(r.student.displayName, r.student.tag), r.student.rosterId ?? '', l.lesson.title, l.lesson.steps[j]!.title, statusCell(c), hasGrade(c) ? c.points : null, c.maxPoints, r.standing ?? r.attempts, minutes(r.timeSpentMs)];
      }
    }
  }
}

// ── One row per answer ──────────────────────────────────────────────────

export const ANSWER_HEADER = ['Student', 'Roster ID', 'Lesson', 'Attempt', 'Step', 'Kind', 'Label', 'Start', 'End', 'Text', 'Status', 'Step points', 'Step points possible'];

/**
 * Every answer of each student's attempt that counts (see attemptRule): a row per highlight (with its
 * quoted text and whether it matches the key), per chosen option, and per written
 * answer. "Step points" is the step's score, repeated on each of its rows.
 */
export async function* answerRows(store: Store, data: ClassData, pace: Pace = {}): AsyncGenerator<Cell[]> {
  const total = data.lessons.reduce((t, l) => t + l.rows.length, 0) || 1;
  let done = 0;
  for (const l of data.lessons) {
    // A chunk of students at a time, so memory stays flat however large the class.
    for (let from = 0; from < l.rows.length; from += 500) {
      const chunkRows = l.rows.slice(from, from + 500);
      const chunk = chunkRows.filter((r) => r.attemptId).map((r) => r.attemptId!);
      const highlights = store.exports.highlightsOf(chunk);
      const responses = store.exports.responsesOf(chunk);
      const numbers = store.exports.attemptNumbers(chunk);
      const reactions = store.reactions.ofAttempts(chunk);
      for (const r of chunkRows) {
        if (++done % 250 === 0) await giveWay(pace, done / total);
        if (!r.attemptId || r.lessonVersionId === null) continue;
        const lesson = store.lessonVersion(r.lessonVersionId);
        // The attempt: its number, or with an assignment where it stands ("attempt 1 of 3 · first counts").
        const base = [withTag(r.student.displayName, r.student.tag), r.student.rosterId ?? '', l.lesson.title, r.standing ?? numbers.get(r.attemptId) ?? 1];
        for (const ex of lesson.exercises) {
          const cell = r.steps.find((c) => c.exerciseId === ex.id);
          // Points only for a grade (a student's own self-check is said in the status, not counted).
          const tail = [cell && hasGrade(cell) ? cell.points : null, ex.points];
          if (ex.kind === 'highlight') {
            const mine = (highlights.get(r.attemptId) ?? []).filter((h) => h.exercise_id === ex.id);
            const spans = mine.map((h) => ({ start: h.start_offset, end: h.end_offset, label: h.label }));
            const statuses = classifyStudentSpans(keySpans(ex.key), spans);
            for (const [k, s] of spans.entries()) {
              const label = ex.labels.find((x) => x.id === s.label)?.name ?? s.label;
              yield [...base, ex.title, 'highlight', label, s.start, s.end, lesson.text.slice(s.start, s.end), statuses[k]!, ...tail];
            }
          } else {
            const resp = (responses.get(r.attemptId) ?? []).find((x) => x.exercise_id === ex.id);
            if (!resp) continue;
            if (ex.kind === 'choice') {
              for (const id of JSON.parse(resp.choices ?? '[]') as string[]) {
                const o = ex.options.find((x) => x.id === id);
                yield [...base, ex.title, 'choice', id, null, null, o?.text ?? id, o?.correct ? 'correct' : 'incorrect', ...tail];
              }
            } else if (ex.kind === 'evidence') {
              const given = (JSON.parse(resp.claims ?? '{}') ?? {}) as Record<string, { verdict: Verdict; card?: string }>;
              for (const c of ex.claims) {
                const a = Object.hasOwn(given, c.id) ? given[c.id] : undefined;
                if (!a) continue;
                const credit = claimCredit(c, a);
                yield [...base, ex.title, 'evidence', c.id, c.start, c.end, `${a.verdict}${a.card ? ` (${a.card})` : ''}: ${c.quote}`, credit === 1 ? 'correct' : credit > 0 ? 'partly' : 'incorrect', ...tail];
              }
            } else if (ex.kind === 'search') {
              const given = (JSON.parse(resp.claims ?? '{}') ?? {}) as Record<string, { result: string; reason?: string }>;
              for (const q of ex.questions) {
                const a = Object.hasOwn(given, q.id) ? given[q.id] : undefined;
                if (!a) continue;
                const credit = questionCredit(q, ex.reasonShare, a);
                const title = ex.pages.find((p) => p.id === q.page)?.results.find((x) => x.id === a.result)?.title ?? a.result;
                const why = a.reason !== undefined ? q.reasons.find((x) => x.id === a.reason)?.text ?? a.reason : 'no reason';
                yield [...base, ex.title, 'search', q.id, null, null, `${title} — ${why}`, credit === 1 ? 'correct' : credit > 0 ? 'partly' : 'incorrect', ...tail];
              }
            } else {
              yield [...base, ex.title, 'short-answer', null, null, null, resp.text ?? '', cell ? statusCell(cell) : 'not checked', ...tail];
            }
          }
        }
        // The first-reaction check (unscored): Label, whether they would share it; Text, the feelings and their words.
        for (const x of lesson.reaction ? (reactions.get(r.attemptId) ?? []) : []) {
          const felt = x.feelings.map((f) => FEELING_NAMES[f]).join(', ');
          yield [...base, x.phase === 'before' ? 'First reaction (before reading)' : 'First reaction (at the end)', 'reaction', SHARE_NAMES[x.share], null, null, x.words ? `${felt}: ${x.words}` : felt, 'not scored', null, null];
        }
      }
    }
  }
  pace.progress?.(1);
}
