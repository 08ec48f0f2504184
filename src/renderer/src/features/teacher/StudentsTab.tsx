import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { RosterPreviewDto, RosterPreviewRowDto, RosterStudentDto } from '../../../../shared/teacher-api.ts';
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

const SEPARATED: Record<RosterPreviewDto['delimiter'], string> = { ',': 'comma-separated', ';': 'semicolon-separated', '\t': 'tab-separated' };
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
/** A district's whole users.csv can have tens of thousands of rows: the table shows this many, and every rename offered. */
const PREVIEW_ROWS = 1000;

function whatHappens(r: RosterPreviewRowDto): string {
  switch (r.action) {
    case 'add':
      return 'Add as a new student';
    case 'enrol':
      return 'Add to the class (a student already on this computer with this id)';
    case 'in-class':
      return 'Already in the class';
    case 'skip':
      return `Skip: ${r.reason ?? 'not usable'}`;
  }
}

type ImportResult = Awaited<ReturnType<typeof teacherApi.importRoster>>;

/** What importing a roster file will do, row by row, with the renames it offers; nothing changes until "Import". */
function RosterPreview(props: {
  classId: string;
  fileName: string;
  csv: string;
  preview: RosterPreviewDto;
  onImported: (r: ImportResult) => void;
  onPreview: (p: RosterPreviewDto) => void;
  onCancel: () => void;
}) {
  const { classId, fileName, csv, preview, onImported, onPreview, onCancel } = props;
  const t = useTeacher(useShallow((x) => ({ run: x.run, refresh: x.refresh })));
  // Renames start unticked: a stored name may be one the teacher chose (a preferred name), and another system may
  // write the same name differently ("Müller, Jürgen"); changing what is stored is the teacher's decision, row by row.
  const [renames, setRenames] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  // The preview appears below the file chooser: take keyboard and screen-reader users to it.
  useEffect(() => heading.current?.focus(), []);
  const offers = preview.rows.filter((r) => r.currentName !== null && r.rosterId);
  const count = (a: RosterPreviewRowDto['action']) => preview.rows.filter((r) => r.action === a).length;
  const shown = preview.rows.length <= PREVIEW_ROWS ? preview.rows : [...preview.rows.slice(0, PREVIEW_ROWS), ...preview.rows.slice(PREVIEW_ROWS).filter((r) => r.currentName !== null)];
  const joining = count('add') + count('enrol');
  const toggle = (id: string, on: boolean) => setRenames((s) => (on ? new Set([...s, id]) : new Set([...s].filter((x) => x !== id))));
  const label = joining > 0 ? `Import ${plural(joining, 'student')}${renames.size ? ` and rename ${renames.size}` : ''}` : renames.size ? `Rename ${plural(renames.size, 'student')}` : 'Nothing to import';

  const submit = async () => {
    setBusy(true);
    const r = await t.run(
      () => teacherApi.importRoster({ classId, csv, renames: [...renames], preview: preview.fingerprint }),
      (r) =>
        `Roster imported: ${[
          `${r.added} added`,
          r.enrolled && `${r.enrolled} already on this computer joined the class`,
          r.alreadyInClass && `${r.alreadyInClass} already here`,
          r.renamed && `${r.renamed} renamed`,
          r.skipped.length && `${plural(r.skipped.length, 'row')} skipped`,
        ]
          .filter(Boolean)
          .join(', ')}.`,
    );
    setBusy(false);
    if (r) {
      onImported(r);
      await t.refresh();
      return;
    }
    // Refused (the class changed since this preview, say): show what the file would do now, keeping the message.
    try {
      onPreview(await teacherApi.previewRoster({ classId, csv }));
    } catch {
      onCancel();
    }
  };

  return (
    <section className="roster-preview" aria-labelledby="roster-preview-title" style={{ marginBottom: 16 }}>
      <h4 id="roster-preview-title" ref={heading} tabIndex={-1} style={{ margin: '0 0 6px' }}>
        Preview: <span dir="auto">{fileName}</span>
      </h4>
      <p className="hint" style={{ margin: '0 0 6px' }}>
        {preview.format === 'oneroster' ? 'A OneRoster users.csv, read' : 'Read'}{' '}
        {preview.columns.length > 1 ? `as ${SEPARATED[preview.delimiter]}; columns: ${preview.columns.join(', ')}.` : `as one column: ${preview.columns[0]}.`}
      </p>
      <p style={{ margin: '0 0 8px' }}>
        {[
          count('add') && `${plural(count('add'), 'new student')}`,
          count('enrol') && `${count('enrol')} already on this computer ${count('enrol') === 1 ? 'joins' : 'join'} the class`,
          count('in-class') && `${count('in-class')} already in the class`,
          offers.length && `${plural(offers.length, 'name change')} offered`,
          count('skip') && `${plural(count('skip'), 'row')} skipped`,
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
      <div className="table-wrap" style={{ maxHeight: '50vh', overflowY: 'auto', border: '1px solid var(--line)', borderRadius: 8 }} tabIndex={0} role="region" aria-label="How each row will be read">
        <table className="results-table roster-preview-table">
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Name</th>
              <th scope="col">ID</th>
              <th scope="col">What will happen</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.line} className={`roster-${r.action}`}>
                <td>{r.line}</td>
                <td dir="auto" style={{ whiteSpace: 'normal', overflowWrap: 'anywhere', minWidth: '12em' }}>{r.name}</td>
                <td style={{ whiteSpace: 'normal', overflowWrap: 'anywhere', minWidth: '6em' }}>{r.rosterId ?? ''}</td>
                <td style={{ whiteSpace: 'normal', color: r.action === 'skip' ? 'var(--warn)' : undefined }}>
                  {whatHappens(r)}
                  {r.currentName !== null && r.rosterId && (
                    <label style={{ display: 'flex', gap: 6, alignItems: 'baseline', marginTop: 4 }}>
                      <input type="checkbox" checked={renames.has(r.rosterId)} onChange={(e) => toggle(r.rosterId!, e.target.checked)} />
                      <span>
                        Rename from “<span dir="auto">{r.currentName}</span>” to “<span dir="auto">{r.name}</span>”
                      </span>
                    </label>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {shown.length < preview.rows.length && (
        <p className="hint">
          The table shows the first {PREVIEW_ROWS} rows and every name change; the other {preview.rows.length - shown.length} are counted in the summary above.
        </p>
      )}
      {offers.length > 1 && (
        <label style={{ display: 'flex', gap: 6, alignItems: 'center', marginTop: 8 }}>
          <input
            type="checkbox"
            checked={renames.size === offers.length}
            onChange={(e) => setRenames(new Set(e.target.checked ? offers.map((r) => r.rosterId!) : []))}
          />
          Rename all {offers.length} students whose name in the file differs
        </label>
      )}
      <p className="row" style={{ display: 'flex', gap: 8, marginTop: 10 }}>
        <button type="button" className="primary" disabled={busy || (joining === 0 && renames.size === 0)} onClick={() => void submit()}>
          {label}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </p>
    </section>
  );
}

export function StudentsTab() {
  const t = useTeacher(useShallow((s) => ({ roster: s.roster, profiles: s.profiles, classId: s.classId, run: s.run, refresh: s.refresh })));
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
          <input id="student-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={500} dir="auto" />
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
