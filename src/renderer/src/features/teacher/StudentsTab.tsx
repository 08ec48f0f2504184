import { useEffect, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { RosterPreviewDto } from '../../../../shared/teacher-api.ts';
import { teacherApi } from '../../api/client.ts';
import { selectStudentsTab } from '../../state/teacher-selectors.ts';
import { useTeacher } from '../../state/teacher.ts';
import { plural } from './plural.ts';
import { RosterPreview } from './RosterPreview.tsx';
import { StudentRow } from './StudentRow.tsx';

/** The class's students: add one, import a roster (previewed first), add profiles already on this computer. */
export function StudentsTab() {
  const t = useTeacher(useShallow(selectStudentsTab));
  const [name, setName] = useState('');
  const [rosterId, setRosterId] = useState('');
  const [pending, setPending] = useState<{ classId: string; fileName: string; csv: string; preview: RosterPreviewDto } | null>(null);
  const [skipped, setSkipped] = useState<{ line: number; reason: string }[]>([]);
  // A preview belongs to the class it was made for.
  useEffect(() => {
    setPending(null);
    setSkipped([]);
  }, [t.classId]);
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

  // Choosing a file only previews it; the preview's "Import" button imports.
  const previewRoster = async (file: File) => {
    setPending(null);
    setSkipped([]);
    const csv = await file.text();
    const classId = t.classId!;
    const preview = await t.run(() => teacherApi.previewRoster({ classId, csv }));
    if (preview && useTeacher.getState().classId === classId) setPending({ classId, fileName: file.name, csv, preview });
  };

  return (
    <section aria-labelledby="students-title">
      <h3 id="students-title">Students</h3>
      <div className="add-grid">
        <form onSubmit={(e) => void add(e)} className="add-student">
          <h4>Add a student</h4>
          <label htmlFor="student-name">Name</label>
          <input id="student-name" value={name} onChange={(e) => setName(e.target.value)} dir="auto" />
          <label htmlFor="student-roster-id">School id (optional)</label>
          <input id="student-roster-id" value={rosterId} onChange={(e) => setRosterId(e.target.value)} maxLength={200} />
          <button type="submit" disabled={!name.trim()}>Add</button>
        </form>
        <div className="import-roster">
          <h4>Import a roster</h4>
          <p className="hint">A CSV file with a <code>name</code> column (or <code>given_name</code> and <code>family_name</code>) and, if you have it, an <code>id</code> column; or a OneRoster <code>users.csv</code>.</p>
          <p className="hint">Comma, semicolon or tab separated. You will see how each row is read before anything is imported.</p>
          <input
            type="file"
            accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values"
            aria-label="Roster file (CSV)"
            onChange={(e) => {
              const file = e.target.files?.[0];
              // Cleared so that choosing the same file again (after fixing it) previews it again.
              e.target.value = '';
              if (file) void previewRoster(file);
            }}
          />
        </div>
      </div>
      {pending && (
        <RosterPreview
          key={pending.preview.fingerprint}
          classId={pending.classId}
          fileName={pending.fileName}
          csv={pending.csv}
          preview={pending.preview}
          onPreview={(p) => setPending({ ...pending, preview: p })}
          onImported={(r) => {
            setPending(null);
            setSkipped(r.skipped);
          }}
          onCancel={() => setPending(null)}
        />
      )}
      {skipped.length > 0 && (
        <details>
          <summary>{plural(skipped.length, 'row')} skipped: why</summary>
          <ul>
            {skipped.slice(0, 200).map((s) => (
              <li key={s.line}>
                Line {s.line}: {s.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
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
