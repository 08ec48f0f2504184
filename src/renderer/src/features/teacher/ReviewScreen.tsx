import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ReviewDto } from '../../../../shared/teacher-api.ts';
import { teacherApi } from '../../api/client.ts';
import { useApp } from '../../state/app.ts';
import { selectTextSize, TEXT_SIZES, usePrefs } from '../../state/prefs.ts';
import { selectNavigate } from '../../state/selectors.ts';
import { selectReview, selectReviewed, selectRun } from '../../state/teacher-selectors.ts';
import { useTeacher } from '../../state/teacher.ts';
import { EvidenceCards, EvidenceStep } from '../exercises/EvidenceStep.tsx';
import { SearchStep } from '../exercises/SearchStep.tsx';
import { HighlightFeedback } from '../exercises/HighlightFeedback.tsx';
import { Article } from '../reader/Article.tsx';
import { roundPoints } from '../../../../shared/points.ts';
import { withTag } from '../../../../shared/names.ts';
import { StudentName } from './StudentName.tsx';
import { gradingNeighbours, sortRows, type AnswerToGrade } from './results-table.ts';
import { ReactionReview } from './Reactions.tsx';
import './grading.css';

/** A field that takes typed characters: the grading shortcuts leave its keys alone. */
function takesText(el: EventTarget | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  if (el.isContentEditable || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true;
  return el instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(el.type);
}

interface GradeFormProps {
  attemptId: string;
  exerciseId: string;
  student: string;
  max: number;
  points: number | null;
  comment: string | null;
  commentShared: boolean;
  /** Waiting for a grade: the points field takes the focus when the answer opens. */
  pending: boolean;
  next: AnswerToGrade | null;
  previous: AnswerToGrade | null;
  goTo: (a: AnswerToGrade) => void;
  onSaved: () => Promise<void>;
}

/**
 * The teacher's grade for a written answer: points (typed, or a button or digit key per
 * point), a comment, and whether the student sees it. "Save and next to grade" saves and
 * opens the next answer waiting in the class, so a student takes two actions: points, save.
 */
function GradeForm({ attemptId, exerciseId, student, max, points, comment, commentShared, pending, next, previous, goTo, onSaved }: GradeFormProps) {
  const run = useTeacher(selectRun);
  const [p, setP] = useState(points === null ? '' : String(points));
  const [c, setC] = useState(comment ?? '');
  const [shared, setShared] = useState(commentShared);
  const [busy, setBusy] = useState(false);
  const pointsRef = useRef<HTMLInputElement>(null);
  const form = useRef<HTMLFormElement>(null);
  const nextButton = useRef<HTMLButtonElement>(null);
  const value = Number(p.replace(',', '.'));
  const valid = p.trim() !== '' && Number.isFinite(value) && value >= 0 && value <= max;
  // One button (and digit key) per whole point, when there are few enough.
  const quick = Number.isInteger(max) && max <= 10 ? Array.from({ length: max + 1 }, (_, i) => i) : [];
  const keys = Math.min(max, 9);

  // An answer to grade opens ready to grade: the step in view (the answer beside the form), the focus on Points.
  useEffect(() => {
    const input = pointsRef.current;
    if (!pending || !input) return;
    input.closest('[role="tabpanel"]')?.scrollIntoView({ block: 'start' });
    input.focus({ preventScroll: true });
    const r = input.getBoundingClientRect();
    if (r.top < 0 || r.bottom > window.innerHeight) input.scrollIntoView({ block: 'nearest' });
    // Only when the answer opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Shortcuts, outside text fields only: a digit gives that many points, N and P go to the next and previous answer to grade.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || busy || takesText(e.target)) return;
      if (/^[0-9]$/.test(e.key) && Number(e.key) <= max) {
        e.preventDefault();
        setP(e.key);
      } else if ((e.key === 'n' || e.key === 'N') && next) {
        e.preventDefault();
        goTo(next);
      } else if ((e.key === 'p' || e.key === 'P') && previous) {
        e.preventDefault();
        goTo(previous);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [max, next, previous, goTo, busy]);

  const save = async (andNext: boolean) => {
    if (!valid || busy) return;
    setBusy(true);
    const to = andNext ? next : null;
    const saved = await run(
      () => teacherApi.gradeAnswer({ attemptId, exerciseId, points: value, comment: c, shareComment: shared && c.trim() !== '' }),
      () => (to ? `Grade saved for ${student}. Now grading ${to.student}.` : `Grade saved for ${student}.`),
    );
    if (!saved) return setBusy(false);
    await onSaved();
    if (to) goTo(to);
    else setBusy(false);
  };

  const error = p.trim() !== '' && !valid ? `Points are a number from 0 to ${max}.` : null;
  return (
    <form
      ref={form}
      className="grade-form"
      aria-label={`Grade for ${student}`}
      onSubmit={(e) => {
        e.preventDefault();
        const by = (e.nativeEvent as SubmitEvent).submitter;
        void save(by ? by === nextButton.current : next !== null);
      }}
      onKeyDown={(e) => {
        // Ctrl+Enter (⌘+Enter) saves from anywhere in the form, the comment included.
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          form.current?.requestSubmit(nextButton.current ?? undefined);
        }
      }}
    >
      <div className="points-field">
        <label htmlFor="grade-points">Points (0–{max})</label>
        <input
          id="grade-points"
          ref={pointsRef}
          inputMode="decimal"
          autoComplete="off"
          size={5}
          value={p}
          onChange={(e) => setP(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'grade-points-error' : 'grade-shortcuts'}
        />
        {quick.length > 0 && (
          <span className="points-quick" role="group" aria-label="Points">
            {quick.map((n) => (
              <button key={n} type="button" aria-pressed={p.trim() !== '' && value === n} aria-label={`${n} ${n === 1 ? 'point' : 'points'}`} onClick={() => setP(String(n))}>
                {n}
              </button>
            ))}
          </span>
        )}
      </div>
      {error && (
        <p id="grade-points-error" className="grade-error">
          {error}
        </p>
      )}
      <label htmlFor="grade-comment">Comment</label>
      <textarea id="grade-comment" rows={3} value={c} onChange={(e) => setC(e.target.value)} maxLength={4000} dir="auto" aria-describedby="grade-comment-who" />
      <label className="check">
        <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} />
        <span>
          Show this comment to the student
          <span id="grade-comment-who" className="hint" style={{ display: 'block' }}>
            {shared ? 'The student sees it with their grade, on this step and on their summary.' : 'Not ticked: only you see it.'}
          </span>
        </span>
      </label>
      <div className="grade-actions">
        {next && (
          <button type="submit" ref={nextButton} className="primary" disabled={!valid || busy}>
            Save and next to grade <span className="next-name">({next.student})</span>
          </button>
        )}
        <button type="submit" className={next ? undefined : 'primary'} disabled={!valid || busy}>
          Save grade
        </button>
      </div>
      <div id="grade-shortcuts" className="shortcuts">
        Keyboard:
        <ul>
          <li>
            <kbd>0</kbd>–<kbd>{keys}</kbd>: that many points (when you are not typing in a field)
          </li>
          <li>
            <kbd>Enter</kbd> in Points, or <kbd>Ctrl</kbd>+<kbd>Enter</kbd> anywhere here: {next ? 'save and go to the next answer to grade' : 'save'}
          </li>
          <li>
            <kbd>N</kbd> / <kbd>P</kbd>: next / previous answer to grade, without saving
          </li>
        </ul>
      </div>
    </form>
  );
}

export function ReviewScreen() {
  const review = useTeacher(selectReviewed);
  if (!review) return <p className="loading">Opening the attempt…</p>;
  // A new attempt is a new screen: it opens at its own step, with its own form.
  return <ReviewBody key={review.attempt.id} review={review} />;
}

function ReviewBody({ review }: { review: ReviewDto }) {
  const { openReview, classId, reviewFocus, focusAnswer, results, resultsSort, reloadResults } = useTeacher(useShallow(selectReview));
  const navigate = useApp(selectNavigate);
  const textSize = usePrefs(selectTextSize);
  const { lesson } = review;
  // Open where there is something to do: the answer the teacher chose, else the first answer to grade.
  const [step, setStep] = useState(() => {
    const chosen = reviewFocus?.attemptId === review.attempt.id ? lesson.exercises.findIndex((e) => e.id === reviewFocus.exerciseId) : -1;
    if (chosen >= 0) return chosen;
    return Math.max(0, lesson.exercises.findIndex((e) => {
      const status = review.steps.find((s) => s.exerciseId === e.id)?.status;
      return status === 'pending' || status === 'self-assessed';
    }));
  });
  const [flash, setFlash] = useState<{ start: number; end: number; n: number } | null>(null);
  const show = useCallback((span: { start: number; end: number }) => setFlash((f) => ({ ...span, n: (f?.n ?? 0) + 1 })), []);
  const ex = lesson.exercises[Math.min(step, lesson.exercises.length - 1)]!;
  const fb = review.feedback[ex.id];
  const st = review.steps.find((s) => s.exerciseId === ex.id)!;
  // A student's own self-check is not counted (as in the results table): it waits for the teacher's grade.
  const total = review.steps.reduce((t, s) => t + (s.status === 'self-assessed' ? 0 : (s.points ?? 0)), 0);
  // A total is a grade once every step has one (scored or graded); until then it is the points so far.
  const complete = review.steps.every((s) => s.status === 'scored' || s.status === 'graded');
  // The answers waiting in the class, in the results table's order (when the class's results for this lesson are open).
  const sorted = useMemo(() => (results && results.lesson.id === lesson.id ? sortRows(results.rows, results.lesson.steps, resultsSort) : null), [results, lesson.id, resultsSort]);
  const around = useMemo(() => (sorted ? gradingNeighbours(sorted, { attemptId: review.attempt.id, exerciseId: ex.id }) : null), [sorted, review.attempt.id, ex.id]);
  // What tells the student apart from another of the same name in the class, as in the results table.
  const tag = results?.rows.find((r) => r.student.id === review.student.id)?.student.tag ?? null;
  const who = withTag(review.student.displayName, tag);
  const goTo = useCallback(
    (a: AnswerToGrade) => {
      focusAnswer(a.attemptId, a.exerciseId);
      if (a.attemptId === review.attempt.id) setStep(Math.max(0, lesson.exercises.findIndex((e) => e.id === a.exerciseId)));
      else void navigate({ name: 'teacher', attemptId: a.attemptId });
    },
    [focusAnswer, navigate, review.attempt.id, lesson.exercises],
  );
  return (
    <div className="review">
      <div className="class-head">
        <button type="button" onClick={() => void navigate(classId ? { name: 'teacher', classId } : { name: 'teacher' })}>← Results</button>
        <h2>
          <StudentName name={review.student.displayName} tag={tag} />
        </h2>
        <span className="spacer" />
        {review.otherAttempts.length > 1 && (
          <label>
            Attempt{' '}
            <select value={review.attempt.id} onChange={(e) => void navigate({ name: 'teacher', attemptId: e.target.value }).then(() => openReview(e.target.value))}>
              {review.otherAttempts.map((a) => (
                <option key={a.id} value={a.id}>{a.number}{a.counts ? ' (counts)' : a.assignment ? '' : review.otherAttempts.some((x) => x.assignment) ? ' (practice)' : ''}</option>
              ))}
            </select>
          </label>
        )}
      </div>
      <p className="hint">
        {lesson.title} · Attempt {review.attempt.number}{review.standing ? ` (${review.standing})` : ''} · {roundPoints(total)} {complete ? `of ${lesson.exercises.reduce((t, e) => t + e.points, 0)} points` : 'points so far'} · {review.attempt.finishedAt ? 'finished' : 'not finished'}
      </p>
      {lesson.reaction && <ReactionReview reactions={review.reactions} />}
      {around && (
        <div className="grading-bar" role="group" aria-label="Answers to grade in this class">
          <span className="left">
            {around.left === 0 ? 'No other answer to grade in this class.' : `${around.left} other ${around.left === 1 ? 'answer' : 'answers'} to grade in this class`}
          </span>
          <button type="button" disabled={!around.previous} onClick={() => around.previous && goTo(around.previous)}>
            ← Previous to grade
          </button>
          <button type="button" disabled={!around.next} onClick={() => around.next && goTo(around.next)}>
            Next to grade{around.next ? <span className="next-name"> ({around.next.student})</span> : null} →
          </button>
        </div>
      )}
      <div role="tablist" className="tabs" aria-label="Steps">
        {lesson.exercises.map((e, i) => {
          const s = review.steps.find((x) => x.exerciseId === e.id)!;
          return (
            <button key={e.id} type="button" role="tab" aria-selected={i === step} onClick={() => setStep(i)}>
              {e.title} <span className="max">{s.status === 'pending' ? '· to grade' : s.status === 'self-assessed' ? `· self ${s.points}/${e.points}, to grade` : s.points !== null ? `· ${s.points}/${e.points}` : s.status === 'not-checked' ? '· not checked' : ''}</span>
            </button>
          );
        })}
      </div>
      <div role="tabpanel" className="tab-panel">
        {st.status === 'not-checked' && <p className="notice">The student has not checked this step yet: this is how their answers compare with the key so far.</p>}
        {ex.kind === 'highlight' && fb?.kind === 'highlight' ? (
          <div className="lesson-body review-body" style={{ ['--article-size' as string]: `${TEXT_SIZES[textSize] ?? 17}px` }}>
            <div className="article-column">
              <ReadOnlyArticle lesson={lesson} exercise={ex} highlights={review.highlights.filter((h) => h.exerciseId === ex.id)} feedback={fb} flash={flash} />
            </div>
            <aside className="panel" aria-label="Feedback">
              <HighlightFeedback exercise={ex} feedback={fb} text={lesson.text} onShow={show} reader="teacher" />
            </aside>
          </div>
        ) : ex.kind === 'choice' && fb?.kind === 'choice' ? (
          <div className="step">
            <p className="prompt">{ex.prompt}</p>
            <ul className="choice-review">
              {fb.options.map((o) => (
                <li key={o.id} className={o.correct ? 'choice-correct' : 'choice-incorrect'}>
                  {o.selected ? '☑' : '☐'} {o.text} <span className="hint">({o.correct ? 'true' : 'not true'})</span>
                </li>
              ))}
            </ul>
            <p><strong>{fb.points}</strong> of {fb.maxPoints} points</p>
          </div>
        ) : ex.kind === 'evidence' && fb?.kind === 'evidence' ? (
          <div className="lesson-body review-body with-evidence" style={{ ['--article-size' as string]: `${TEXT_SIZES[textSize] ?? 17}px` }}>
            <EvidenceCards exercise={ex} />
            <div className="article-column">
              <ReadOnlyArticle lesson={lesson} exercise={null} highlights={[]} feedback={null} flash={flash} />
            </div>
            <aside className="panel" aria-label="Feedback">
              <EvidenceStep
                exercise={ex}
                answers={Object.fromEntries(fb.claims.filter((c) => c.verdict !== null).map((c) => [c.id, c.card ? { verdict: c.verdict!, card: c.card } : { verdict: c.verdict! }]))}
                feedback={fb}
                onChange={() => {}}
                onCheck={() => {}}
                onShow={show}
                checking={false}
                reader="teacher"
              />
            </aside>
          </div>
        ) : ex.kind === 'search' && fb?.kind === 'search' ? (
          <SearchStep
            exercise={ex}
            picks={Object.fromEntries(fb.questions.flatMap((q) => (q.result === null ? [] : [[q.id, q.reason !== null ? { result: q.result, reason: q.reason } : { result: q.result }]])))}
            feedback={fb}
            onChange={() => {}}
            onCheck={() => {}}
            checking={false}
            reader="teacher"
          />
        ) : ex.kind === 'short-answer' && fb?.kind === 'short-answer' ? (
          <div className="step short-review">
            <div className="answer-column">
              <p className="prompt">{ex.prompt}</p>
              <h3>
                <span dir="auto">{who}</span>’s answer
              </h3>
              <blockquote className="student-answer" dir="auto">{fb.text || '(no answer written)'}</blockquote>
              <h3>Rubric</h3>
              <ul>
                {ex.rubric.map((r, i) => {
                  const ticked = st.status === 'self-assessed' && (fb.met ?? []).includes(i);
                  return (
                    <li key={i}>
                      {ticked && <span className="ticked" aria-hidden="true">✓ </span>}
                      {r.criterion} <span className="hint">({r.points})</span>
                      {ticked && <span className="visually-hidden"> (the student ticked this)</span>}
                    </li>
                  );
                })}
              </ul>
              {st.modelAnswer && (
                <details>
                  <summary>Model answer</summary>
                  <p>{st.modelAnswer}</p>
                </details>
              )}
            </div>
            <div className="grade-column">
              {st.status === 'self-assessed' && (
                <p className="self-assessed-note">
                  <span className="self-assessed-tag">self-assessed</span> <span dir="auto">{who}</span> checked this answer on their own
                  (self-paced study, before being in a class): {st.points} of {ex.points} points by their check
                  {fb.met && fb.met.length > 0 ? ' (what they ticked is marked ✓ in the rubric)' : ', with nothing ticked'}. It is not a grade until
                  you give one.
                </p>
              )}
              {st.status === 'pending' || st.status === 'graded' || st.status === 'self-assessed' ? (
                <GradeForm
                  key={`${review.attempt.id}-${ex.id}`}
                  attemptId={review.attempt.id}
                  exerciseId={ex.id}
                  student={who}
                  max={ex.points}
                  points={st.status === 'graded' ? st.points : null}
                  comment={st.comment}
                  commentShared={st.commentShared}
                  pending={st.status !== 'graded'}
                  next={around?.next ?? null}
                  previous={around?.previous ?? null}
                  goTo={goTo}
                  onSaved={() => Promise.all([openReview(review.attempt.id), reloadResults()]).then(() => undefined)}
                />
              ) : (
                <p className="hint">The student has not handed this answer in yet.</p>
              )}
            </div>
          </div>
        ) : null}
      </div>
    </div>
  );
}

const nothing = () => {};

/** The article as the teacher reviews it: the student's marks and the key, nothing to change. */
function ReadOnlyArticle(props: Pick<Parameters<typeof Article>[0], 'lesson' | 'exercise' | 'highlights' | 'feedback' | 'flash'>) {
  return <Article {...props} onCreate={nothing} onRelabel={nothing} onRemove={nothing} announce={nothing} />;
}
