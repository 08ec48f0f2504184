import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { exportDownloadUrl, teacherApi, transport } from '../../api/client.ts';
import { useApp } from '../../state/app.ts';
import { selectNavigate } from '../../state/selectors.ts';
import { selectClassView, selectExportTab, selectRun } from '../../state/teacher-selectors.ts';
import { useTeacher, type ExportFormatId, type GradebookColumns } from '../../state/teacher.ts';
import { AssignmentsTab } from './AssignmentsTab.tsx';
import { ResultsTable } from './ResultsTable.tsx';
import { StudentsTab } from './StudentsTab.tsx';

type Tab = 'results' | 'assignments' | 'students' | 'export' | 'live';

function StartLive({ classId, lessonId }: { classId: string; lessonId: string | null }) {
  const navigate = useApp(selectNavigate);
  const run = useTeacher(selectRun);
  const [interfaces, setInterfaces] = useState<{ name: string; address: string }[] | null>(null);
  const [host, setHost] = useState('');
  const [allowNewNames, setAllow] = useState(false);
  useEffect(() => {
    void teacherApi.networkInterfaces({}).then((list) => {
      setInterfaces(list);
      setHost(list[0]?.address ?? '127.0.0.1');
    });
  }, []);
  if (!interfaces) return <p className="loading">Looking for networks…</p>;
  return (
    <form
      className="start-live"
      onSubmit={(e) => {
        e.preventDefault();
        if (!lessonId) return;
        void run(() => teacherApi.startClassroom({ classId, lessonId, host, allowNewNames })).then((info) => info && navigate({ name: 'teacher', liveId: info.id }));
      }}
    >
      <h3>Start a live session</h3>
      <p className="hint">Students join from any browser on the school network — a Chromebook is fine — with the address and code you will see. Everything stays on this computer.</p>
      <label htmlFor="live-host">Network</label>
      <select id="live-host" value={host} onChange={(e) => setHost(e.target.value)}>
        {interfaces.map((i) => (
          <option key={i.address} value={i.address}>{i.name} — {i.address}</option>
        ))}
        <option value="0.0.0.0">Every network of this computer</option>
        <option value="127.0.0.1">This computer only (for trying it out)</option>
      </select>
      {interfaces.length === 0 && <p className="hint">This computer is not on a network now; students on other devices will not be able to join.</p>}
      <label className="check">
        <input type="checkbox" checked={allowNewNames} onChange={(e) => setAllow(e.target.checked)} /> Let students type a name that is not on the class list
      </label>
      <button type="submit" className="primary" disabled={!lessonId}>Start the session</button>
    </form>
  );
}

const FORMATS: { id: ExportFormatId; name: string; about: string; perLesson: boolean }[] = [
  { id: 'gradebook-csv', name: 'Gradebook CSV', about: 'One row per student with their points: import it into Canvas or open it in Google Sheets.', perLesson: true },
  { id: 'xlsx', name: 'Excel workbook', about: 'Summary, per-step, highlight and item-analysis sheets.', perLesson: true },
  { id: 'csv', name: 'Answers CSV', about: 'One row per answer: every highlight with its text, every choice and written answer.', perLesson: true },
  { id: 'pdf', name: 'Class summary (PDF)', about: 'A few pages: the class’s figures, each step’s average, which key items the class missed most, a heat map of the article and a table of every student’s points.', perLesson: true },
  { id: 'student-reports', name: 'Student reports (ZIP of PDFs)', about: 'One PDF per student who started, to hand to the student or a parent: their marks, what to review and their grades (never your private comments).', perLesson: true },
  { id: 'answer-key', name: 'Answer key (PDF)', about: 'For you only: every step’s key with its explanations, the correct options, the rubric and model answer, and the claims’ verdicts.', perLesson: true },
  { id: 'json', name: 'Backup (JSON)', about: 'All of this class’s results, to import on another computer.', perLesson: false },
];

/** The gradebook CSV's columns: Canvas makes an assignment of each column it does not know. */
function GradebookColumnsChoice({ value, onChange }: { value: GradebookColumns; onChange: (v: GradebookColumns) => void }) {
  const choices: { id: GradebookColumns; name: string; about: string }[] = [
    { id: 'lesson', name: 'One column per lesson', about: 'the lesson’s total: one assignment in Canvas' },
    { id: 'step', name: 'One column per step', about: 'each step’s points: Canvas makes an assignment of each step' },
  ];
  return (
    <fieldset className="gradebook-columns">
      <legend>Gradebook columns</legend>
      {choices.map((c) => (
        <label key={c.id} className="check">
          <input type="radio" name="gradebook-columns" value={c.id} checked={value === c.id} onChange={() => onChange(c.id)} /> {c.name} <span className="hint">— {c.about}</span>
        </label>
      ))}
    </fieldset>
  );
}

function ExportTab() {
  const t = useTeacher(useShallow(selectExportTab));
  const [columns, setColumns] = useState<GradebookColumns>('lesson');
  const lessonTitle = t.lessons.find((l) => l.id === t.lessonId)?.title;
  return (
    <section aria-labelledby="export-title">
      <h3 id="export-title">Export results</h3>
      <p className="hint">Files cover the lesson chosen above{lessonTitle ? ` (${lessonTitle})` : ''}, except the backup, which covers the whole class. Progress counts each student’s report as it is printed.</p>
      <ul className="formats">
        {FORMATS.map((f) => (
          <li key={f.id}>
            <button type="button" onClick={() => void t.startExport(f.id, f.id === 'gradebook-csv' ? columns : undefined)}>
              {f.name}
            </button>
            <span className="hint">{f.about}</span>
            {f.id === 'gradebook-csv' && <GradebookColumnsChoice value={columns} onChange={setColumns} />}
          </li>
        ))}
      </ul>
      {t.jobs.length > 0 && (
        <ul className="jobs" aria-label="Exports">
          {t.jobs.map((j) => (
            <li key={j.jobId} className={`job job-${j.state}`}>
              <span className="job-name">{j.fileName || FORMATS.find((f) => f.id === j.format)?.name}</span>
              {j.state === 'running' && (
                <>
                  <progress value={j.progress} max={1} aria-label={`Exporting ${j.fileName}`} />
                  <span>{Math.round(j.progress * 100)}%</span>
                  <button type="button" onClick={() => void t.cancelExport(j.jobId)}>Cancel</button>
                </>
              )}
              {j.state === 'done' &&
                (transport === 'ipc' ? (
                  j.saved ? (
                    <span className="ok">Saved to {j.saved}</span>
                  ) : (
                    <button type="button" className="primary" onClick={() => void t.saveExport(j.jobId)}>Save…</button>
                  )
                ) : (
                  <a className="button primary" href={exportDownloadUrl(j.jobId)} download={j.fileName}>
                    Download
                  </a>
                ))}
              {j.state === 'failed' && <span className="bad">{j.message}</span>}
              {j.state === 'cancelled' && <span className="hint">Cancelled — nothing was written.</span>}
            </li>
          ))}
        </ul>
      )}
      <p className="hint">To bring in a backup made on another computer, use “Import a backup” under the list of classes.</p>
    </section>
  );
}

export function ClassView() {
  const t = useTeacher(useShallow(selectClassView));
  const navigate = useApp(selectNavigate);
  const [tab, setTab] = useState<Tab>('results');
  const [renaming, setRenaming] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const cls = t.classes.find((c) => c.id === t.classId);
  if (!cls) return <p className="hint">Choose a class, or create one.</p>;
  const tabs: { id: Tab; name: string }[] = [
    { id: 'results', name: 'Results' },
    { id: 'assignments', name: 'Assignments' },
    { id: 'students', name: `Students (${cls.studentCount})` },
    { id: 'export', name: 'Export' },
    { id: 'live', name: 'Live session' },
  ];
  return (
    <div className="class-view">
      <div className="class-head">
        {renaming === null ? (
          <h2 dir="auto">{cls.name}</h2>
        ) : (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void t.run(() => teacherApi.renameClass({ classId: cls.id, name: renaming })).then((r) => r && (setRenaming(null), t.refresh()));
            }}
          >
            <label className="visually-hidden" htmlFor="rename-class">Class name</label>
            <input id="rename-class" value={renaming} onChange={(e) => setRenaming(e.target.value)} dir="auto" />
            <button type="submit">Save</button>
            <button type="button" onClick={() => setRenaming(null)}>Cancel</button>
          </form>
        )}
        <span className="spacer" />
        {renaming === null && <button type="button" onClick={() => setRenaming(cls.name)}>Rename</button>}
        {confirmDelete ? (
          <span className="confirm" role="group" aria-label="Confirm deleting the class">
            Delete the class? Students and their work stay.
            <button type="button" className="danger" onClick={() => void t.run(() => teacherApi.deleteClass({ classId: cls.id })).then(() => t.refresh()).then(() => navigate({ name: 'teacher' }))}>Delete</button>
            <button type="button" onClick={() => setConfirmDelete(false)}>Cancel</button>
          </span>
        ) : (
          <button type="button" onClick={() => setConfirmDelete(true)}>Delete class</button>
        )}
      </div>
      <div className="lesson-choice">
        <label htmlFor="lesson-choice">Lesson</label>
        <select id="lesson-choice" value={t.lessonId ?? ''} onChange={(e) => void t.chooseLesson(e.target.value)}>
          {t.lessons.map((l) => (
            <option key={l.id} value={l.id}>{l.title}</option>
          ))}
        </select>
      </div>
      <div role="tablist" aria-label="Class views" className="tabs">
        {tabs.map((x) => (
          <button
            key={x.id}
            type="button"
            role="tab"
            id={`tab-${x.id}`}
            aria-selected={tab === x.id}
            aria-controls={`panel-${x.id}`}
            onClick={() => {
              // A message about what was done on the last tab goes with it (a problem stays until dismissed).
              if (x.id !== tab) t.clearNotice();
              // Results change while other tabs are open (an assignment made, students at work): read them again.
              if (x.id === 'results' && x.id !== tab) void t.reloadResults();
              setTab(x.id);
            }}
          >
            {x.name}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="tab-panel">
        {tab === 'results' && (t.results ? t.results.rows.length ? <ResultsTable results={t.results} /> : <p className="hint">No students in this class yet: add them under Students.</p> : <p className="loading">Loading…</p>)}
        {tab === 'assignments' && <AssignmentsTab classId={cls.id} lessonId={t.lessonId} lessonTitle={t.lessons.find((l) => l.id === t.lessonId)?.title} />}
        {tab === 'students' && <StudentsTab />}
        {tab === 'export' && <ExportTab />}
        {tab === 'live' && <StartLive classId={cls.id} lessonId={t.lessonId} />}
      </div>
    </div>
  );
}
