import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { DashboardDto } from '../../../../shared/teacher-api.ts';
import { selectLiveActions, useLiveDashboard } from '../../state/live-dashboard.ts';
import { StudentName } from './StudentName.tsx';

/** The live session's students: joined or not, where they are, and "Let join again" with the code it gives. */
export function LiveRoster({ d, stepName }: { d: DashboardDto; stepName: (step: number) => string }) {
  const { release } = useLiveDashboard(useShallow(selectLiveActions));
  /** The student just released: their code is announced. */
  const [released, setReleased] = useState<string | null>(null);
  const s = d.session;
  const n = d.lesson.exercises.length;
  const current = s.step >= 1 && s.step <= n ? d.lesson.exercises[s.step - 1]! : null;
  return (
    <ul className="live-roster">
      {d.roster.map((r) => (
        <li key={r.studentId} className={r.joined ? (r.connected ? 'online' : 'away') : 'absent'}>
          <span className="dot" aria-hidden="true" />
          <span className="live-name">
            <StudentName name={r.displayName} tag={r.tag} />
          </span>
          {r.studentTag && r.studentTag !== r.tag && (
            <span className="name-tag" title="Students see this beside the name when they choose theirs to join">shown to students as {r.studentTag}</span>
          )}
          {r.typed && <span className="badge typed" title="This student typed their name when joining: it was not on the class list.">typed name</span>}
          <span className="hint">
            {!r.joined
              ? r.rejoinCode
                ? 'may join again'
                : 'not joined'
              : `${stepName(r.step)} · ${r.checked.length} checked · ${r.points} pts${current?.kind === 'highlight' ? ` · ${r.marks} ${r.marks === 1 ? 'mark' : 'marks'}` : ''}${r.connected ? '' : ' · offline'}`}
          </span>
          {r.rejoinCode && (
            <span className="rejoin-code" aria-live={released === r.studentId ? 'polite' : undefined}>
              code <strong aria-label={r.rejoinCode.split('').join(' ')}>{r.rejoinCode}</strong>
            </span>
          )}
          {r.joined && (
            <button
              type="button"
              className="link-button"
              onClick={() => void release(r.studentId).then((done) => done && setReleased(r.studentId))}
              title="Let this student join again, e.g. from another device: they will need the code shown here"
            >
              Let join again
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
