import { memo, useCallback, useLayoutEffect, useMemo, useRef, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { LessonResultsDto } from '../../../../shared/teacher-api.ts';
import { roundPoints } from '../../../../shared/points.ts';
import { withTag } from '../../../../shared/names.ts';
import { StudentName } from './StudentName.tsx';
import { Rescore } from './Rescore.tsx';
import { useApp } from '../../state/app.ts';
import { selectNavigate } from '../../state/selectors.ts';
import { selectResultsTable } from '../../state/teacher-selectors.ts';
import { useTeacher } from '../../state/teacher.ts';
import { filterRows, FILTERS, sortRows, statusCounts, type ResultRowDto, type RowFilter, type SortKey, type SortState } from './results-table.ts';
import { ReactionSummary } from './Reactions.tsx';
import './grading.css';

// The class's results for one lesson: students × steps. The header and the student's
// name and total stay in view while the table scrolls (300 rows, a dozen steps); every
// column sorts (buttons in the headers, aria-sort); a filter shows one status, with counts.

const STATUS = {
  'not-started': { text: '—', title: 'Not started' },
  'not-checked': { text: '…', title: 'Started, not checked yet' },
  pending: { text: 'to grade', title: 'Handed in, waiting for your grade' },
  'self-assessed': { text: 'self-assessed', title: 'The student checked this answer against the criteria on their own (self-paced study); it still waits for your grade' },
} as const;

const minutes = (ms: number) => (ms < 60_000 ? (ms ? '<1 min' : '—') : `${Math.round(ms / 60_000)} min`);

const EMPTY: Record<RowFilter, string> = {
  all: 'No students in this class yet.',
  'to-grade': 'Nothing to grade: every written answer handed in has a grade.',
  'not-started': 'Every student has started this lesson.',
  'in-progress': 'No student is in the middle of this lesson.',
  finished: 'No student has finished this lesson with every answer graded yet.',
};

type Open = (attemptId: string, exerciseId: string | null) => void;

const Row = memo(function Row({ r, onOpen }: { r: ResultRowDto; onOpen: Open }) {
  const complete = r.steps.every((c) => c.status === 'scored' || c.status === 'graded');
  return (
    <tr>
      <th scope="row" className="c-name">
        {r.attemptId ? (
          <button type="button" className="quote-link" onClick={() => onOpen(r.attemptId!, null)} title={`Open ${withTag(r.student.displayName, r.student.tag)}’s attempt`}>
            <StudentName name={r.student.displayName} tag={r.student.tag} />
          </button>
        ) : (
          <StudentName name={r.student.displayName} tag={r.student.tag} />
        )}
      </th>
      <td className="total c-total">
        {!r.attemptId ? (
          <span aria-label="Not started">—</span>
        ) : complete ? (
          r.points
        ) : (
          // Not a grade yet (a step not checked, or an answer to grade): the points so far, said to be partial.
          <span title="Not every step has a grade yet: points so far. Exports leave the total blank until it is complete.">
            {r.points} <span className="max">so far</span>
          </span>
        )}
      </td>
      <td className="c-num">{minutes(r.timeSpentMs)}</td>
      <td className="c-num" title={r.standing ? `Shown: ${r.standing}${r.practiceAttempts ? ` · ${r.practiceAttempts} practice` : ''}` : undefined}>
        {r.standing ? r.standing.replace(/^attempt /, '').replace(/ · .*$/, '') : r.attempts || '—'}
        {r.practiceAttempts > 0 && <span className="max"> +{r.practiceAttempts} practice</span>}
      </td>
      {r.steps.map((c) => {
        const st = c.status === 'scored' || c.status === 'graded' ? null : STATUS[c.status];
        return (
          <td key={c.exerciseId} className={`cell-${c.status}`} title={st?.title}>
            {st ? (
              (c.status === 'pending' || c.status === 'self-assessed') && r.attemptId ? (
                <button type="button" className="to-grade" onClick={() => onOpen(r.attemptId!, c.exerciseId)}>
                  {c.status === 'self-assessed' ? `self-assessed ${c.points}/${c.maxPoints} · to grade` : 'to grade'}
                </button>
              ) : (
                <span aria-label={st.title}>{st.text}</span>
              )
            ) : (
              c.points
            )}
          </td>
        );
      })}
    </tr>
  );
});

function SortHeader({ k, sort, onSort, className, children }: { k: SortKey; sort: SortState; onSort: (s: SortState) => void; className?: string; children: ReactNode }) {
  const active = sort.key === k;
  // Names start A to Z; numbers start with the highest.
  const first = k === 'name' ? 'asc' : 'desc';
  return (
    <th scope="col" className={className} aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
      <button type="button" className="sort" onClick={() => onSort({ key: k, dir: active ? (sort.dir === 'asc' ? 'desc' : 'asc') : first })}>
        <span className="sort-label">{children}</span>
        <span className={active ? 'sort-mark active' : 'sort-mark'} aria-hidden="true">
          {active ? (sort.dir === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}

function sortedBy(sort: SortState, results: LessonResultsDto): string {
  if (sort.key === 'name') return `by name, ${sort.dir === 'asc' ? 'A to Z' : 'Z to A'}`;
  const name = sort.key === 'total' ? 'total' : sort.key === 'time' ? 'time' : sort.key === 'attempts' ? 'attempts' : `“${results.lesson.steps.find((s) => `step:${s.id}` === sort.key)?.title ?? ''}”`;
  return `by ${name}, ${sort.dir === 'asc' ? 'lowest' : 'highest'} first`;
}

export function ResultsTable({ results }: { results: LessonResultsDto }) {
  const t = useTeacher(useShallow(selectResultsTable));
  const navigate = useApp(selectNavigate);
  const { steps } = results.lesson;
  const { focusAnswer } = t;
  const open = useCallback<Open>(
    (attemptId, exerciseId) => {
      focusAnswer(attemptId, exerciseId);
      void navigate({ name: 'teacher', attemptId });
    },
    [focusAnswer, navigate],
  );
  const counts = useMemo(() => statusCounts(results.rows), [results.rows]);
  const sorted = useMemo(() => sortRows(results.rows, steps, t.sort), [results.rows, steps, t.sort]);
  const shown = useMemo(() => filterRows(sorted, t.filter), [sorted, t.filter]);
  const averages = useMemo(
    () =>
      steps.map((_, j) => {
        const checked = results.rows.filter((r) => r.steps[j]!.status === 'scored' || r.steps[j]!.status === 'graded');
        return { n: checked.length, avg: checked.length ? roundPoints(checked.reduce((t, r) => t + (r.steps[j]!.points ?? 0), 0) / checked.length) : null };
      }),
    [results.rows, steps],
  );
  // The scroll box ends at the bottom of the window: where it starts is measured (banners and wrapping change it).
  const box = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => el.style.setProperty('--results-top', `${Math.round(el.getBoundingClientRect().top + window.scrollY)}px`);
    measure();
    window.addEventListener('resize', measure);
    const seen = new ResizeObserver(measure);
    seen.observe(document.body);
    return () => {
      window.removeEventListener('resize', measure);
      seen.disconnect();
    };
  }, []);
  const filterName = FILTERS.find((f) => f.id === t.filter)!.name.toLowerCase();
  return (
    <div className="results">
      <fieldset className="row-filter">
        <legend>Show</legend>
        {FILTERS.map((f) => (
          <label key={f.id} className="filter-choice" title={`Students: ${f.about}`}>
            <input type="radio" name="results-filter" value={f.id} checked={t.filter === f.id} onChange={() => t.filterResults(f.id)} />
            {f.name} <span className="count">{counts[f.id]}</span>
          </label>
        ))}
      </fieldset>
      <Rescore lessonId={results.lesson.id} olderRules={results.olderRules} />
      {results.assignment && (
        <p className="hint assignment-rule">
          Assigned to this class: each row shows the attempt that counts — {results.assignment.counts === 'first' ? 'the first' : results.assignment.counts === 'highest' ? 'the best handed in' : 'the latest handed in'}
          {results.assignment.maxAttempts !== null ? ` (of at most ${results.assignment.maxAttempts})` : ''}. Practice attempts never count. Open a student to see every attempt.
        </p>
      )}
      {results.reactions && <ReactionSummary summary={results.reactions} />}
      <p className="hint table-status" aria-live="polite">
        {t.filter === 'all' ? `${results.rows.length} students` : `${shown.length} of ${results.rows.length} students: ${filterName}`}, sorted {sortedBy(t.sort, results)}.
      </p>
      <div className={`results-scroll${results.rows.some((r) => r.student.tag) ? ' has-tags' : ''}`} ref={box} tabIndex={0} role="region" aria-label={`Results for ${results.lesson.title}`}>
        <table className="results-table">
          <caption className="visually-hidden">
            Results for {results.lesson.title}. Column headers sort the table.
          </caption>
          <thead>
            <tr>
              <SortHeader k="name" sort={t.sort} onSort={t.sortResults} className="c-name">
                Student
              </SortHeader>
              <SortHeader k="total" sort={t.sort} onSort={t.sortResults} className="c-total">
                Total <span className="max">/{results.lesson.maxPoints}</span>
              </SortHeader>
              <SortHeader k="time" sort={t.sort} onSort={t.sortResults} className="c-num">
                Time
              </SortHeader>
              <SortHeader k="attempts" sort={t.sort} onSort={t.sortResults} className="c-num">
                Attempts
              </SortHeader>
              {steps.map((s) => (
                <SortHeader key={s.id} k={`step:${s.id}`} sort={t.sort} onSort={t.sortResults} className="c-step">
                  {s.title} <span className="max">/{s.points}</span>
                </SortHeader>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <Row key={r.student.id} r={r} onOpen={open} />
            ))}
            {shown.length === 0 && (
              <tr>
                <td className="c-empty" colSpan={4 + steps.length}>
                  {EMPTY[t.filter]}
                </td>
              </tr>
            )}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" className="c-name">
                Checked · average
              </th>
              <td className="c-total" />
              <td />
              <td />
              {averages.map((a, j) => (
                <td key={steps[j]!.id}>
                  {a.n} · {a.avg === null ? '—' : a.avg}
                </td>
              ))}
            </tr>
          </tfoot>
        </table>
      </div>
    </div>
  );
}
