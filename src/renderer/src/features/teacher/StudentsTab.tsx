import { useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { RosterStudentDto } from '../../../../shared/teacher-api.ts';
import { teacherApi } from '../../api/client.ts';
import { useTeacher } from '../../state/teacher.ts';

function StudentRow({ s, others }: { s: RosterStudentDto; others: RosterStudentDto[] }) {
  const t = useTeacher(useShallow((x) => ({ run: x.run, refresh: x.refresh, classId: x.classId })));
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
          <input id={`rename-${s.id}`} value={name} onChange={(e) => setName(e.target.value)} maxLength={500} dir="auto" />
          <button type="submit">Save</button>
          <button type="button" onClick={() => setMode('view')}>Cancel</button>
        </form>
      ) : (
        <span className="student-name">
          <span dir="auto">{s.displayName}</span>
          {s.rosterId && <span className="hint"> · id {s.rosterId}</span>}
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

export function StudentsTab() {
  const t = useTeacher(useShallow((s) => ({ roster: s.roster, profiles: s.profiles, classId: s.classId, run: s.run, refresh: s.refresh })));
  const [name, setName] = useState('');
  const [rosterId, setRosterId] = useState('');
  const [skipped, setSkipped] = useState<{ line: number; reason: string }[]>([]);
  const outside = t.profiles.filter((p) => !t.roster.some((r) => r.id === p.id));

  const add = async (e: FormEvent) => {
    e.preventDefault();
    const r = await t.run(() => teacherApi.addStudent({ classId: t.classId!, displayName: name, ...(rosterId.trim() ? { rosterId } : {}) }), (r) => (r.created ? `Added ${name.trim()}.` : 'That roster id belongs to an existing student, who is now in this class.'));
    if (r) {
      setName('');
      setRosterId('');
      await t.refresh();
    }
  };

  const importRoster = async (file: File) => {
    const csv = await file.text();
    const r = await t.run(
      () => teacherApi.importRoster({ classId: t.classId!, csv }),
      (r) => `Roster imported (${r.format === 'oneroster' ? 'OneRoster' : 'CSV'}): ${r.added} added, ${r.enrolled} already known and now in the class, ${r.alreadyInClass} already here${r.skipped.length ? `, ${r.skipped.length} ${r.skipped.length === 1 ? 'row' : 'rows'} skipped` : ''}.`,
    );
    setSkipped(r?.skipped ?? []);
    if (r) await t.refresh();
  };

  return (
    <section aria-labelledby="students-title">
      <h3 id="students-title">Students</h3>
      <div className="add-grid">
        <form onSubmit={(e) => void add(e)} className="add-student">
          <h4>Add a student</h4>
          <label htmlFor="student-name">Name</label>
          <input id="student-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={500} dir="auto" />
          <label htmlFor="student-roster-id">School id (optional)</label>
          <input id="student-roster-id" value={rosterId} onChange={(e) => setRosterId(e.target.value)} maxLength={200} />
          <button type="submit" disabled={!name.trim()}>Add</button>
        </form>
        <div className="import-roster">
          <h4>Import a roster</h4>
          <p className="hint">A CSV file with a <code>name</code> column (or <code>given_name</code> and <code>family_name</code>) and, if you have it, an <code>id</code> column; or a OneRoster <code>users.csv</code>.</p>
          <input type="file" accept=".csv,text/csv" aria-label="Roster file (CSV)" onChange={(e) => e.target.files?.[0] && void importRoster(e.target.files[0])} />
          {skipped.length > 0 && (
            <details>
              <summary>{skipped.length} {skipped.length === 1 ? 'row' : 'rows'} skipped: why</summary>
              <ul>
                {skipped.slice(0, 50).map((s) => (
                  <li key={s.line}>Line {s.line}: {s.reason}</li>
                ))}
              </ul>
            </details>
          )}
        </div>
      </div>
      {outside.length > 0 && (
        <details className="profiles-outside">
          <summary>Profiles on this computer not in the class ({outside.length})</summary>
          <ul>
            {outside.map((p) => (
              <li key={p.id}>
                <span dir="auto">{p.displayName}</span>
                {p.classes.length > 0 && <span className="hint"> · in {p.classes.join(', ')}</span>}
                <button type="button" onClick={() => void t.run(() => teacherApi.enrollStudents({ classId: t.classId!, studentIds: [p.id] }), () => `${p.displayName} is now in the class.`).then(() => t.refresh())}>
                  Add to class
                </button>
              </li>
            ))}
          </ul>
        </details>
      )}
      <ul className="roster" aria-label="Students in the class">
        {t.roster.map((s) => (
          <StudentRow key={s.id} s={s} others={t.roster.filter((o) => o.id !== s.id)} />
        ))}
      </ul>
    </section>
  );
}
