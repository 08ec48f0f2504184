import { useCallback, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { teacherApi } from '../../api/client.ts';
import { useApp } from '../../state/app.ts';
import { selectTextSize, TEXT_SIZES, usePrefs } from '../../state/prefs.ts';
import { selectNavigate } from '../../state/selectors.ts';
import { selectReview, selectRun } from '../../state/teacher-selectors.ts';
import { useTeacher } from '../../state/teacher.ts';
import { EvidenceCards, EvidenceStep } from '../exercises/EvidenceStep.tsx';
import { HighlightFeedback } from '../exercises/HighlightFeedback.tsx';
import { Article } from '../reader/Article.tsx';
import { roundPoints } from '../../../../shared/points.ts';

function GradeForm({ attemptId, exerciseId, max, points, comment, onSaved }: { attemptId: string; exerciseId: string; max: number; points: number | null; comment: string | null; onSaved: () => void }) {
  const run = useTeacher(selectRun);
  const [p, setP] = useState(points === null ? '' : String(points));
  const [c, setC] = useState(comment ?? '');
  const value = Number(p.replace(',', '.'));
  const valid = p.trim() !== '' && Number.isFinite(value) && value >= 0 && value <= max;
  return (
    <form
      className="grade-form"
      onSubmit={(e) => {
        e.preventDefault();
        void run(() => teacherApi.gradeAnswer({ attemptId, exerciseId, points: value, comment: c }), () => 'Grade saved.').then((r) => r && onSaved());
      }}
    >
      <label htmlFor="grade-points">Points (0–{max})</label>
      <input id="grade-points" inputMode="decimal" value={p} onChange={(e) => setP(e.target.value)} aria-invalid={p !== '' && !valid ? true : undefined} />
      <label htmlFor="grade-comment">Private comment (not shown to the student)</label>
      <textarea id="grade-comment" rows={3} value={c} onChange={(e) => setC(e.target.value)} maxLength={4000} />
      <button type="submit" className="primary" disabled={!valid}>Save grade</button>
    </form>
  );
}

export function ReviewScreen() {
  const { review, openReview, classId } = useTeacher(useShallow(selectReview));
  const navigate = useApp(selectNavigate);
  const textSize = usePrefs(selectTextSize);
  const [step, setStep] = useState(0);
  const [flash, setFlash] = useState<{ start: number; end: number; n: number } | null>(null);
  const show = useCallback((span: { start: number; end: number }) => setFlash((f) => ({ ...span, n: (f?.n ?? 0) + 1 })), []);
  if (!review) return <p className="loading">Opening the attempt…</p>;
  const { lesson } = review;
  const ex = lesson.exercises[Math.min(step, lesson.exercises.length - 1)]!;
  const fb = review.feedback[ex.id];
  const st = review.steps.find((s) => s.exerciseId === ex.id)!;
  const total = review.steps.reduce((t, s) => t + (s.points ?? 0), 0);
  // A total is a grade once every step has one (scored or graded); until then it is the points so far.
  const complete = review.steps.every((s) => s.status === 'scored' || s.status === 'graded');
  return (
    <div className="review">
      <div className="class-head">
        <button type="button" onClick={() => void navigate(classId ? { name: 'teacher', classId } : { name: 'teacher' })}>← Results</button>
        <h2>
          <span dir="auto">{review.student.displayName}</span> — {lesson.title}
        </h2>
        <span className="spacer" />
        {review.otherAttempts.length > 1 && (
          <label>
            Attempt{' '}
            <select value={review.attempt.id} onChange={(e) => void navigate({ name: 'teacher', attemptId: e.target.value }).then(() => openReview(e.target.value))}>
              {review.otherAttempts.map((a) => (
                <option key={a.id} value={a.id}>{a.number}</option>
              ))}
            </select>
          </label>
        )}
      </div>
      <p className="hint">
        Attempt {review.attempt.number} · {roundPoints(total)} {complete ? `of ${lesson.exercises.reduce((t, e) => t + e.points, 0)} points` : 'points so far'} · {review.attempt.finishedAt ? 'finished' : 'not finished'}
      </p>
      <div role="tablist" className="tabs" aria-label="Steps">
        {lesson.exercises.map((e, i) => {
          const s = review.steps.find((x) => x.exerciseId === e.id)!;
          return (
            <button key={e.id} type="button" role="tab" aria-selected={i === step} onClick={() => setStep(i)}>
              {e.title} <span className="max">{s.status === 'pending' ? '· to grade' : s.points !== null ? `· ${s.points}/${e.points}` : s.status === 'not-checked' ? '· not checked' : ''}</span>
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
        ) : ex.kind === 'short-answer' && fb?.kind === 'short-answer' ? (
          <div className="step short-review">
            <p className="prompt">{ex.prompt}</p>
            <blockquote className="student-answer" dir="auto">{fb.text || '(no answer written)'}</blockquote>
            <h3>Rubric</h3>
            <ul>
              {ex.rubric.map((r) => (
                <li key={r.criterion}>{r.criterion} <span className="hint">({r.points})</span></li>
              ))}
            </ul>
            {st.modelAnswer && (
              <details>
                <summary>Model answer</summary>
                <p>{st.modelAnswer}</p>
              </details>
            )}
            {st.status === 'pending' || st.status === 'graded' ? (
              <GradeForm key={`${review.attempt.id}-${ex.id}`} attemptId={review.attempt.id} exerciseId={ex.id} max={ex.points} points={st.points} comment={st.comment} onSaved={() => void openReview(review.attempt.id)} />
            ) : (
              <p className="hint">The student has not handed this answer in yet.</p>
            )}
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
