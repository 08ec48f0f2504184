import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { RosterStudentDto } from '../../../../shared/teacher-api.ts';
import { teacherApi } from '../../api/client.ts';
import { selectRosterActions } from '../../state/teacher-selectors.ts';
import { useTeacher } from '../../state/teacher.ts';

/** A student of the class, with rename, merge, remove from the class and delete. */
export function StudentRow({ s, others }: { s: RosterStudentDto; others: RosterStudentDto[] }) {
  const t = useTeacher(useShallow(selectRosterActions));
  const [mode, setMode] = useState<'view' | 'rename' | 'merge' | 'delete'>('view');
  const [name, setName] = useState(s.displayName);
  const [dup, setDup] = useState(others[0]?.id ?? '');
  const done = async (ok: unknown) => {
    if (ok) {
      setMode('view');
      await t.refresh();
    }
  };
  return (
    <li className="student-row">
      {mode === 'rename' ? (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            void t.run(() => teacherApi.renameStudent({ studentId: s.id, displayName: name }), () => `Renamed to ${name.trim()}.`).then(done);
          }}
        >
          <label className="visually-hidden" htmlFor={`rename-${s.id}`}>New name</label>
          <input id={`rename-${s.id}`} value={name} onChange={(e) => setName(e.target.value)} dir="auto" />
          <button type="submit">Save</button>
          <button type="button" onClick={() => setMode('view')}>Cancel</button>
        </form>
      ) : (
        <span className="student-name">
          <span dir="auto">{s.displayName}</span>
          {s.rosterId && <span className="hint"> · id {s.rosterId}</span>}
          {s.tag && s.tag !== `id ${s.rosterId}` && <span className="name-tag" title="Another student in this class has this name: the first characters of their id in Lede tell them apart"> · {s.tag}</span>}
          <span className="hint"> · {s.attempts} attempt{s.attempts === 1 ? '' : 's'}</span>
        </span>
      )}
      {mode === 'view' && (
        <span className="row-actions">
          <button type="button" onClick={() => setMode('rename')}>Rename</button>
          {others.length > 0 && <button type="button" onClick={() => setMode('merge')}>Merge a duplicate…</button>}
          <button type="button" onClick={() => void t.run(() => teacherApi.unenrollStudent({ classId: t.classId!, studentId: s.id }), () => `${s.displayName} was removed from the class (their work is kept).`).then(done)}>
            Remove from class
          </button>
          <button type="button" className="danger" onClick={() => setMode('delete')}>Delete…</button>
        </span>
      )}
      {mode === 'merge' && (
        <span className="row-actions">
          <label htmlFor={`dup-${s.id}`}>Merge into {s.displayName}:</label>
          <select id={`dup-${s.id}`} value={dup} onChange={(e) => setDup(e.target.value)}>
            {others.map((o) => (
              <option key={o.id} value={o.id}>{o.displayName}</option>
            ))}
          </select>
          <button type="button" onClick={() => void t.run(() => teacherApi.mergeStudents({ keepId: s.id, duplicateId: dup }), () => 'Merged: all attempts now belong to one student.').then(done)}>
            Merge
          </button>
          <button type="button" onClick={() => setMode('view')}>Cancel</button>
        </span>
      )}
      {mode === 'delete' && (
        <span className="row-actions confirm" role="group" aria-label={`Confirm deleting ${s.displayName}`}>
          Delete {s.displayName} and all their work, on this computer, for good?
          <button type="button" className="danger" onClick={() => void t.run(() => teacherApi.deleteStudent({ studentId: s.id }), () => `${s.displayName} and all their data were deleted.`).then(done)}>
            Delete everything
          </button>
          <button type="button" onClick={() => setMode('view')}>Cancel</button>
        </span>
      )}
    </li>
  );
}
