// The results table's rules, pure (no DOM, no store) so they are tested in Node:
// each row's status, the filters and their counts, sorting by any column, and the
// order in which a teacher grades the written answers ("next to grade").
import type { LessonResultsDto } from '../../../../shared/teacher-api.ts';
import { withTag } from '../../../../shared/names.ts';

export type ResultRowDto = LessonResultsDto['rows'][number];
type Cell = ResultRowDto['steps'][number];

/** Where a student is with the lesson. Exclusive: a row has exactly one, so the counts add up to the class. */
export type RowStatus = 'to-grade' | 'not-started' | 'in-progress' | 'finished';
export type RowFilter = 'all' | RowStatus;

export const FILTERS: { id: RowFilter; name: string; about: string }[] = [
  { id: 'all', name: 'All', about: 'every student in the class' },
  { id: 'to-grade', name: 'To grade', about: 'a written answer is waiting for your grade' },
  { id: 'not-started', name: 'Not started', about: 'no attempt at this lesson yet' },
  { id: 'in-progress', name: 'In progress', about: 'started, not finished' },
  { id: 'finished', name: 'Finished', about: 'finished, nothing left to grade' },
];

export function rowStatus(r: ResultRowDto): RowStatus {
  if (!r.attemptId) return 'not-started';
  if (r.pending > 0) return 'to-grade';
  return r.finished ? 'finished' : 'in-progress';
}

export function statusCounts(rows: readonly ResultRowDto[]): Record<RowFilter, number> {
  const n: Record<RowFilter, number> = { all: rows.length, 'to-grade': 0, 'not-started': 0, 'in-progress': 0, finished: 0 };
  for (const r of rows) n[rowStatus(r)]++;
  return n;
}

export function filterRows(rows: readonly ResultRowDto[], filter: RowFilter): readonly ResultRowDto[] {
  return filter === 'all' ? rows : rows.filter((r) => rowStatus(r) === filter);
}

/** A column to sort by: the student's name, the total, time, attempts, or a step (`step:<exercise id>`). */
export type SortKey = 'name' | 'total' | 'time' | 'attempts' | `step:${string}`;
export type SortDir = 'asc' | 'desc';
export interface SortState {
  key: SortKey;
  dir: SortDir;
}
export const DEFAULT_SORT: SortState = { key: 'name', dir: 'asc' };

const hasGrade = (c: Cell) => c.status === 'scored' || c.status === 'graded';

/** Cells without a number, in the order they come after the numbers (whichever the direction). */
const NO_NUMBER_RANK: Record<Cell['status'], number> = { scored: 0, graded: 0, pending: 0, 'self-assessed': 0, 'not-checked': 1, 'not-started': 2 };

/**
 * The value a row sorts by in a column: a number, or null (no number: it comes after
 * every number in both directions; `rank` orders those among themselves).
 */
function sortValue(r: ResultRowDto, key: SortKey, stepIndex: number): { v: number | null; rank: number } {
  switch (key) {
    case 'name':
      return { v: 0, rank: 0 };
    case 'total':
      return r.attemptId ? { v: r.points, rank: 0 } : { v: null, rank: 2 };
    case 'time':
      return r.attemptId ? { v: r.timeSpentMs, rank: 0 } : { v: null, rank: 2 };
    case 'attempts':
      return r.attemptId ? { v: r.attempts, rank: 0 } : { v: null, rank: 2 };
    default: {
      const c = r.steps[stepIndex];
      if (!c) return { v: null, rank: 3 };
      return hasGrade(c) ? { v: c.points ?? 0, rank: 0 } : { v: null, rank: NO_NUMBER_RANK[c.status] };
    }
  }
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/**
 * The rows in the order of a column. Numbers ascending or descending; rows with no
 * number (not started, not checked, waiting for a grade) always after them; equal
 * values by name. Does not change `rows`.
 */
export function sortRows(rows: readonly ResultRowDto[], steps: readonly { id: string }[], sort: SortState): ResultRowDto[] {
  // Names are compared once (the collator is the slow part), then every comparison is on numbers.
  const byName = [...rows].sort((a, b) => collator.compare(withTag(a.student.displayName, a.student.tag), withTag(b.student.displayName, b.student.tag)) || (a.student.id < b.student.id ? -1 : a.student.id > b.student.id ? 1 : 0));
  if (sort.key === 'name') return sort.dir === 'asc' ? byName : byName.reverse();
  const stepIndex = sort.key.startsWith('step:') ? steps.findIndex((s) => `step:${s.id}` === sort.key) : -1;
  const sign = sort.dir === 'asc' ? 1 : -1;
  const keyed = byName.map((r, i) => ({ r, i, ...sortValue(r, sort.key, stepIndex) }));
  keyed.sort((a, b) => {
    if (a.v === null || b.v === null) {
      if (a.v !== null) return -1;
      if (b.v !== null) return 1;
      return a.rank - b.rank || a.i - b.i;
    }
    return (a.v - b.v) * sign || a.i - b.i;
  });
  return keyed.map((k) => k.r);
}

/** A written answer handed in, in the table's order. */
export interface AnswerToGrade {
  attemptId: string;
  exerciseId: string;
  student: string;
}

/**
 * "Next to grade" and "previous to grade" from the answer on screen: the answers still
 * waiting for a grade, in the order of the table as sorted (row by row, then step by
 * step), going round at the end. The answer on screen is never its own next; `left`
 * counts the answers waiting besides it. When the attempt on screen is not in the table
 * (an earlier attempt), next is the first answer to grade and previous the last.
 */
export function gradingNeighbours(
  rows: readonly ResultRowDto[],
  current: { attemptId: string; exerciseId: string },
): { next: AnswerToGrade | null; previous: AnswerToGrade | null; left: number } {
  const waiting: (AnswerToGrade & { row: number; step: number })[] = [];
  let here: { row: number; step: number } | null = null;
  rows.forEach((r, row) => {
    r.steps.forEach((c, step) => {
      if (r.attemptId === current.attemptId && c.exerciseId === current.exerciseId) here = { row, step };
      // A student's own check is not a grade: the answer waits for the teacher's like one not checked at all.
      else if ((c.status === 'pending' || c.status === 'self-assessed') && r.attemptId) waiting.push({ attemptId: r.attemptId, exerciseId: c.exerciseId, student: withTag(r.student.displayName, r.student.tag), row, step });
    });
  });
  if (waiting.length === 0) return { next: null, previous: null, left: 0 };
  const at = here as { row: number; step: number } | null;
  const after = (w: { row: number; step: number }) => at !== null && (w.row > at.row || (w.row === at.row && w.step > at.step));
  const firstAfter = waiting.findIndex(after);
  const nextIndex = at === null ? 0 : firstAfter === -1 ? 0 : firstAfter;
  const previousIndex = at === null ? waiting.length - 1 : (nextIndex - 1 + waiting.length) % waiting.length;
  const strip = ({ attemptId, exerciseId, student }: AnswerToGrade) => ({ attemptId, exerciseId, student });
  return { next: strip(waiting[nextIndex]!), previous: strip(waiting[previousIndex]!), left: waiting.length };
}
