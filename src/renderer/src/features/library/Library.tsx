import { useShallow } from 'zustand/react/shallow';
import type { LessonCardDto } from '../../../../shared/api.ts';
import { useApp } from '../../state/app.ts';
import { selectLibrary } from '../../state/selectors.ts';

function progressText(card: LessonCardDto): { text: string; action: string } {
  const p = card.progress;
  switch (p.state) {
    case 'not-started':
      return { text: 'Not started', action: 'Start' };
    case 'in-progress':
      return {
        // At the summary with steps left (an attempt is finished once every step is checked).
        text: p.step === 0 ? 'Reading' : p.step > card.steps ? `In progress — ${p.checked} of ${card.steps} steps checked` : `Step ${p.step} of ${card.steps}`,
        action: 'Continue',
      };
    case 'done': {
      const notes = [
        p.pending ? `${p.pending} waiting for your teacher` : '',
        p.toSelfCheck ? `${p.toSelfCheck} to check yourself` : '',
        p.selfAssessed ? `${p.selfAssessed} self-assessed` : '',
      ].filter(Boolean);
      return {
        text: `Done — ${p.points} of ${p.maxPoints} points${notes.length ? ` (${notes.join(', ')})` : ''}`,
        action: 'Review',
      };
    }
  }
}

/** Where a lesson came from, for the ones that do not come with Lede (never a file name: that is the teacher's business). */
function originLine(card: LessonCardDto): string | null {
  switch (card.origin.kind) {
    case 'shipped':
      return null;
    case 'studio':
      return 'Made by your teacher';
    case 'imported':
      return 'Added by your teacher';
    case 'folder':
      return 'Added by your teacher';
  }
}

export function Library() {
  const { lessons, openLesson, student } = useApp(useShallow(selectLibrary));
  return (
    <main className="library" aria-labelledby="library-title">
      <h1 id="library-title" tabIndex={-1}>Lessons</h1>
      {student && <p className="hint">
          Your progress is saved under the name <span dir="auto">{student.displayName}</span>.
        </p>}
      {lessons === null ? (
        <p className="loading">Loading lessons…</p>
      ) : lessons.length === 0 ? (
        <p className="empty">There are no lessons yet. Lesson files go in the lessons folder.</p>
      ) : (
        <ul className="cards">
          {lessons.map((l) => {
            const { text, action } = progressText(l);
            const origin = originLine(l);
            return (
              <li key={l.id} className="card">
                {l.practice && <p className="card-badge">Practice article · invented people and places</p>}
                <h2 className="card-title">{l.title}</h2>
                <p className="card-headline">“{l.headline}”</p>
                {l.summary && <p className="card-summary">{l.summary}</p>}
                {origin && (
                  <p className="card-origin hint" dir="auto" style={{ margin: 0 }}>
                    {origin}
                  </p>
                )}
                <dl className="card-facts">
                  <div>
                    <dt>Outlet</dt>
                    <dd>{l.outlet ?? 'Not stated'}</dd>
                  </div>
                  <div>
                    <dt>Reading time</dt>
                    <dd>{l.readingMinutes} min ({l.wordCount} words)</dd>
                  </div>
                  <div>
                    <dt>Steps</dt>
                    <dd>{l.steps}</dd>
                  </div>
                </dl>
                <p className={`card-progress progress-${l.progress.state}`}>{text}</p>
                <button type="button" className="primary" onClick={() => void openLesson(l.id)} aria-label={`${action}: ${l.title}`}>
                  {action}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </main>
  );
}
