import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../../../shared/errors.ts';
import type { BackupLessonTextDto, BackupPreviewDto, ImportReportDto } from '../../../../shared/teacher-api.ts';
import { teacherApi } from '../../api/client.ts';
import { useApp } from '../../state/app.ts';
import { selectNavigate } from '../../state/selectors.ts';
import { selectRefresh, selectRun, selectSay } from '../../state/teacher-selectors.ts';
import { useTeacher } from '../../state/teacher.ts';
import { dateInWords } from '../studio/files.ts';
import { plural } from './plural.ts';
import './import-backup.css';

/** What importing added, in one sentence, with the notes. */
function importedNotice(r: ImportReportDto): string {
  const nothing = r.students + r.attempts + r.highlights + r.responses + r.results + r.lessonVersions + r.assignments === 0 && !r.classCreated;
  const added = [
    `${r.students} new students`,
    `${r.attempts} attempts`,
    `${r.highlights} highlights`,
    `${r.results} results`,
    r.assignments ? plural(r.assignments, 'assignment') : '',
    r.lessonVersions ? `${plural(r.lessonVersions, 'lesson text')} as your own` : '',
  ].filter(Boolean);
  return (nothing ? `Everything in this backup is already in “${r.className}”; nothing was added.` : `Imported into “${r.className}”: ${added.join(', ')}.`) + (r.notes.length ? ` ${r.notes.join(' ')}` : '');
}

/**
 * Importing a class's backup (made on another computer). It sits under the class
 * list, so it is there on a fresh computer before any class exists. Choosing a file
 * shows what it holds first (previewBackup); nothing is imported until "Import". The
 * server checks every record; a refused file changes nothing and the reason is shown.
 */
export function ImportBackup() {
  const run = useTeacher(selectRun);
  const [busy, setBusy] = useState(false);
  const [chosen, setChosen] = useState<{ fileName: string; json: string; preview: BackupPreviewDto } | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const choose = async (file: File) => {
    setBusy(true);
    try {
      const json = await file.text();
      const preview = await run(() => teacherApi.previewBackup({ json }));
      if (preview) setChosen({ fileName: file.name, json, preview });
    } catch (err) {
      useTeacher.getState().say(null, errorMessage(err));
    } finally {
      setBusy(false);
      // The same file can be chosen again (after fixing it, say).
      if (input.current) input.current.value = '';
    }
  };
  const close = () => {
    setChosen(null);
    input.current?.focus();
  };

  return (
    <div className="new-class import-backup" style={{ marginTop: 24 }}>
      <label htmlFor="backup-file">Import a backup</label>
      <input
        ref={input}
        id="backup-file"
        type="file"
        accept=".json,application/json"
        disabled={busy || chosen !== null}
        aria-describedby="backup-file-hint"
        onChange={(e) => e.target.files?.[0] && void choose(e.target.files[0])}
      />
      <p id="backup-file-hint" className="hint">
        A class’s results saved as a backup (JSON) on another computer. You see what it holds before anything is imported; importing the same file twice adds nothing.
      </p>
      {chosen && <BackupPreview {...chosen} onDone={close} />}
    </div>
  );
}

/** How a lesson text of the backup relates to the lessons here, in a sentence (its title is the heading above it). */
function relationText(t: BackupLessonTextDto): string {
  if (t.relation === 'new-lesson') return 'A lesson not on this computer. Importing adds it to your lessons.';
  if (!t.here) return 'A version of a lesson on this computer that differs from every version here.';
  const lesson = t.here.title === t.title ? 'your lesson' : `your lesson “${t.here.title}”`;
  return `A version of ${lesson} that differs from every version here (compared with version ${t.here.version}, the one students open). Importing adds it as another version of your lesson; students keep opening yours.`;
}

/** The preview of a chosen backup, in a dialog: what it holds and adds, and each lesson text it brings that is not on this computer, to accept. */
function BackupPreview({ fileName, json, preview, onDone }: { fileName: string; json: string; preview: BackupPreviewDto; onDone: () => void }) {
  const refresh = useTeacher(selectRefresh);
  const say = useTeacher(selectSay);
  const navigate = useApp(selectNavigate);
  const dialog = useRef<HTMLDialogElement>(null);
  const [accepted, setAccepted] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);
  const texts = preview.lessonTexts;
  const keyOf = (t: BackupLessonTextDto) => `${t.lessonId}\n${t.hash}`;
  const allAccepted = texts.every((t) => accepted.has(keyOf(t)));
  const a = preview.adds;
  const addsNothing = a.students + a.attempts + a.highlights + a.responses + a.results + a.lessonVersions + a.assignments === 0 && !a.classCreated;

  const submit = async () => {
    setBusy(true);
    setProblem(null);
    let report: ImportReportDto;
    try {
      report = await teacherApi.importBackup({ json, fileName, acceptLessons: texts.map(({ lessonId, hash }) => ({ lessonId, hash })) });
    } catch (err) {
      // Refused (something here changed since the preview, say): said here, and nothing was imported.
      setProblem(errorMessage(err));
      setBusy(false);
      return;
    }
    say(importedNotice(report));
    dialog.current?.close(); // and onClose: onDone
    try {
      await refresh();
      await navigate({ name: 'teacher', classId: report.classId });
    } catch (err) {
      // Imported, but the class list could not be read again (the server went away, say): said, not thrown.
      say(useTeacher.getState().notice, errorMessage(err));
    }
  };

  return (
    <dialog ref={dialog} className="backup-preview" aria-labelledby="backup-preview-title" onClose={onDone}>
      <h2 id="backup-preview-title">
        Import <span dir="auto">{fileName}</span>?
      </h2>
      <p>
        A backup of the class “<span dir="auto">{preview.className}</span>”, made on {dateInWords(preview.exportedAt)}: {plural(preview.students, 'student')}, {plural(preview.attempts, 'attempt')},{' '}
        {plural(preview.results, 'result')}
        {preview.assignments ? `, ${plural(preview.assignments, 'assignment')}` : ''}.
      </p>
      <p>
        {preview.classHere !== null ? (
          <>
            It goes into your class “<span dir="auto">{preview.classHere}</span>”, already on this computer.
          </>
        ) : (
          <>
            It becomes a new class, “<span dir="auto">{a.className}</span>”.
          </>
        )}{' '}
        {addsNothing
          ? 'Everything in it is already on this computer: importing adds nothing.'
          : `Importing adds ${[`${plural(a.students, 'new student')}`, plural(a.attempts, 'attempt'), plural(a.results, 'result'), a.assignments ? plural(a.assignments, 'assignment') : ''].filter(Boolean).join(', ')}.`}
      </p>
      {texts.length === 0 && preview.attempts > 0 && <p>Its attempts were made on lessons that are on this computer, word for word.</p>}
      {a.notes.length > 0 && (
        <ul className="backup-notes">
          {a.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      {texts.length > 0 && (
        <section className="backup-lessons" aria-labelledby="backup-lessons-title">
          <h3 id="backup-lessons-title">{texts.length === 1 ? 'A lesson text not on this computer' : `${texts.length} lesson texts not on this computer`}</h3>
          <p className="backup-warning">
            The backup’s attempts at {texts.length === 1 ? 'this lesson are' : 'these lessons are'} scored against the {texts.length === 1 ? 'text' : 'texts'} it brings, with {texts.length === 1 ? 'its' : 'their'} keys — not against yours. Accept{' '}
            {texts.length === 1 ? 'it' : 'each'} only if you trust where the file came from: {texts.length === 1 ? 'it becomes' : 'each becomes'} your own lesson.
          </p>
          <ul>
            {texts.map((t) => (
              <li key={keyOf(t)} className="backup-lesson">
                <h4>
                  <span dir="auto">{t.title}</span> <span className="hint lesson-id">({t.lessonId})</span>
                </h4>
                <p>{relationText(t)}</p>
                {t.relation === 'other-version' && t.here && <p className={t.keyDiffers ? 'key-differs' : undefined}>{t.keyDiffers ? 'Its key or points differ from your lesson’s:' : 'Its key and points are the same as your lesson’s; what differs:'}</p>}
                {t.differences.length > 0 && (
                  <ul className="backup-differences">
                    {t.differences.map((d) => (
                      <li key={d}>{d}</li>
                    ))}
                  </ul>
                )}
                <p className="hint">{t.attempts === 0 ? 'No attempt in the backup was made on this text.' : `${plural(t.attempts, 'attempt')} in the backup ${t.attempts === 1 ? 'is' : 'are'} scored against this text.`}</p>
                <label className="accept-lesson">
                  <input
                    type="checkbox"
                    checked={accepted.has(keyOf(t))}
                    disabled={busy}
                    onChange={(e) => setAccepted((s) => (e.target.checked ? new Set([...s, keyOf(t)]) : new Set([...s].filter((k) => k !== keyOf(t)))))}
                  />
                  <span>{t.relation === 'new-lesson' ? `Accept “${t.title}” as my own lesson` : 'Accept this text as my own version of the lesson'}</span>
                </label>
              </li>
            ))}
          </ul>
        </section>
      )}
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      <div className="step-actions">
        <button type="button" className="primary" disabled={busy || !allAccepted} aria-describedby={allAccepted ? undefined : 'backup-accept-hint'} onClick={() => void submit()}>
          {busy ? 'Importing…' : 'Import'}
        </button>
        <button type="button" disabled={busy} onClick={() => dialog.current?.close()}>
          Cancel
        </button>
      </div>
      {!allAccepted && (
        <p id="backup-accept-hint" className="hint">
          To import, accept {texts.length === 1 ? 'the lesson text' : 'each lesson text'} above — or cancel, and nothing is imported.
        </p>
      )}
    </dialog>
  );
}
