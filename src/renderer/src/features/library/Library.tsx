import { useShallow } from 'zustand/react/shallow';
import type { LessonCardDto, StudentAssignmentDto } from '../../../../shared/api.ts';
import { attemptsText, COUNTS_TEXT, keyPolicyText, when } from '../assignments/words.ts';
import { useApp } from '../../state/app.ts';
import { selectLibrary } from '../../state/selectors.ts';

function progressText(card: LessonCardDto): { text: string; action: string } {
  const p = card.progress;
  switch (p.state) {
    case 'not-started':
      return { text: 'Not started', action: 'Start' };
    case 'in-progress':
      return {
        text: p.step === 0 ? 'Reading' : p.step > card.steps ? 'Ready for the summary' : `Step ${p.step} of ${card.steps}`,
        action: 'Continue',
      };
    case 'handed-in':
      return { text: card.assignment?.keyHeld ? 'Handed in — your points come with the key' : 'Handed in', action: 'Review' };
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

/** An assignment's card lines: class, due date, attempts, which counts, when the key is shown. */
function AssignmentFacts({ a }: { a: StudentAssignmentDto }) {
  return (
    <dl className="card-facts assignment-facts">
      <div>
        <dt>Class</dt>
        <dd dir="auto">{a.className}</dd>
      </div>
      <div>
        <dt>{a.phase === 'scheduled' ? 'Opens' : 'Due'}</dt>
        <dd>{a.phase === 'scheduled' ? when(a.opensAt) : a.dueAt ? `${when(a.dueAt)}${a.phase === 'closed' ? ' (closed)' : ''}` : 'No due date'}</dd>
      </div>
      <div>
        <dt>Attempts</dt>
        <dd>{attemptsText(a)} · {COUNTS_TEXT[a.counts].replace('Your ', '').replace(' counts', ' counts')}</dd>
      </div>
      <div>
        <dt>Key</dt>
        <dd>{keyPolicyText(a)}</dd>
      </div>
    </dl>
  );
}

function LessonCard({ l, onOpen, onPractise, sub }: { l: LessonCardDto; onOpen: () => void; onPractise?: (() => void) | undefined; sub: boolean }) {
  const Title = sub ? 'h3' : 'h2';
  const { text, action } = progressText(l);
  const origin = originLine(l);
  const a = l.assignment;
  // An assignment not started that cannot start (not open yet, closed) has nothing to open.
  const blocked = a && l.progress.state === 'not-started' && a.cannotStart !== null;
  return (
    <li className={`card${a ? ' card-assigned' : ''}`}>
      {l.practice && <p className="card-badge">Practice article · invented people and places</p>}
      <Title className="card-title">{l.title}</Title>
      <p className="card-headline">“{l.headline}”</p>
      {l.summary && <p className="card-summary">{l.summary}</p>}
      {origin && (
        <p className="card-origin hint" dir="auto" style={{ margin: 0 }}>
          {origin}
        </p>
      )}
      {a ? (
        <AssignmentFacts a={a} />
      ) : (
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
      )}
      <p className={`card-progress progress-${l.progress.state}`}>{blocked ? a.cannotStart : text}</p>
      <div className="card-actions">
        {!blocked && (
          <button type="button" className="primary" onClick={onOpen} aria-label={`${action}: ${l.title}`}>
            {action}
          </button>
        )}
        {a?.practiceOpen && onPractise && (
          <button type="button" onClick={onPractise} aria-label={`Practise: ${l.title} (never changes your grade)`}>
            Practise
          </button>
        )}
      </div>
    </li>
  );
}

export function Library() {
  const { lessons, openLesson, student } = useApp(useShallow(selectLibrary));
  const assigned = lessons?.filter((l) => l.assignment) ?? [];
  const others = lessons?.filter((l) => !l.assignment) ?? [];
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
        <>
          {assigned.length > 0 && (
            <section aria-labelledby="assigned-title">
              <h2 id="assigned-title" className="library-section">Assigned to you</h2>
              <ul className="cards">
                {assigned.map((l) => (
                  <LessonCard key={l.assignment!.id} l={l} onOpen={() => void openLesson(l.id, l.assignment!.id)} onPractise={() => void openLesson(l.id)} sub />
                ))}
              </ul>
            </section>
          )}
          {others.length > 0 && (
            <section aria-labelledby={assigned.length > 0 ? 'practice-title' : 'library-title'}>
              {assigned.length > 0 && <h2 id="practice-title" className="library-section">Practice</h2>}
              <ul className="cards">
                {others.map((l) => (
                  <LessonCard key={l.id} l={l} onOpen={() => void openLesson(l.id)} sub={assigned.length > 0} />
                ))}
              </ul>
            </section>
          )}
        </>
      )}
    </main>
  );
}
