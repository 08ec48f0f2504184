import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { RescorePreviewDto } from '../../../../shared/teacher-api.ts';
import { withTag } from '../../../../shared/names.ts';
import { teacherApi } from '../../api/client.ts';
import { selectRescore } from '../../state/teacher-selectors.ts';
import { useTeacher } from '../../state/teacher.ts';
import { plural } from './plural.ts';

// Results keep the points they were given and the version of the scoring rules that
// gave them. Where some of a lesson's results were scored under earlier rules, the
// teacher may re-score them under today's: first a preview of every change (student,
// attempt, step, before → after), then the re-score, refused by the server if the
// results moved since the preview.

const pts = (n: number) => String(Math.round(n * 100) / 100);

export function Rescore({ lessonId, olderRules }: { lessonId: string; olderRules: number }) {
  const { run, reloadResults } = useTeacher(useShallow(selectRescore));
  const [preview, setPreview] = useState<RescorePreviewDto | null>(null);
  const [busy, setBusy] = useState(false);
  if (olderRules === 0 && !preview) return null;

  const look = async () => {
    setBusy(true);
    try {
      const p = await run(() => teacherApi.rescorePreview({ lessonId }));
      if (p) setPreview(p);
    } finally {
      setBusy(false);
    }
  };
  const apply = async () => {
    if (!preview) return;
    setBusy(true);
    try {
      const r = await run(
        () => teacherApi.rescoreLesson({ lessonId, token: preview.token }),
        (r) => `Re-scored under today’s rules: ${plural(r.changed, 'result')} got other points.`,
      );
      if (r) {
        setPreview(null);
        await reloadResults();
      }
    } finally {
      setBusy(false);
    }
  };

  if (!preview) {
    return (
      <div className="rescore-offer hint" role="note">
        <p>
          {plural(olderRules, 'result')} of this lesson {olderRules === 1 ? 'was' : 'were'} scored under earlier scoring rules. They keep their points until you re-score them.{' '}
          <button type="button" className="secondary" disabled={busy} onClick={() => void look()}>
            Preview a re-score…
          </button>
        </p>
      </div>
    );
  }
  return (
    <section className="rescore-preview" aria-labelledby="rescore-title">
      <h3 id="rescore-title">Re-score under today’s rules</h3>
      <p className="hint">
        <span dir="auto">{preview.lessonTitle}</span> · What changed in the rules: {preview.rulesSummary}
      </p>
      <p>
        {plural(preview.scored, 'result')} scored automatically on this computer (every class and attempt), {preview.older} under earlier rules.{' '}
        {preview.changeCount === 0
          ? 'None would get other points: re-scoring only records today’s rules on them.'
          : `${plural(preview.changeCount, 'result')} would get other points${preview.changeCount > preview.changes.length ? ` (the first ${preview.changes.length} are listed)` : ''}:`}
      </p>
      {preview.changes.length > 0 && (
        <div className="rescore-scroll" tabIndex={0} role="region" aria-label="What would change">
          <table className="rescore-table">
            <thead>
              <tr>
                <th scope="col">Student</th>
                <th scope="col">Attempt</th>
                <th scope="col">Step</th>
                <th scope="col">Now</th>
                <th scope="col">After</th>
              </tr>
            </thead>
            <tbody>
              {preview.changes.map((c) => (
                <tr key={`${c.attemptId}:${c.exerciseId}`}>
                  <th scope="row" dir="auto">
                    {withTag(c.student.displayName, c.student.tag)}
                  </th>
                  <td>{c.attemptNumber}</td>
                  <td dir="auto">{c.stepTitle}</td>
                  <td>
                    {pts(c.before)}/{c.maxPoints}
                  </td>
                  <td className={c.after > c.before ? 'up' : 'down'}>
                    {pts(c.after)}/{c.maxPoints} <span className="visually-hidden">{c.after > c.before ? '(more)' : '(less)'}</span>
                    <span aria-hidden="true">{c.after > c.before ? ' ▲' : ' ▼'}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="actions">
        <button type="button" className="primary" disabled={busy} onClick={() => void apply()}>
          Re-score {plural(preview.toUpdate, 'result')}
        </button>
        <button type="button" className="secondary" disabled={busy} onClick={() => setPreview(null)}>
          Cancel
        </button>
      </div>
    </section>
  );
}
