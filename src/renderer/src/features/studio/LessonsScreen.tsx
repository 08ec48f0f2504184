import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { StudioLessonDto } from '../../../../shared/studio-api.ts';
import { errorMessage } from '../../../../shared/errors.ts';
import { teacherApi } from '../../api/client.ts';
import { useApp } from '../../state/app.ts';
import { selectNavigate } from '../../state/selectors.ts';
import { selectDraft, selectDropActions, selectForgetFinishedImport, selectStudioList, useStudioLessons } from '../../state/studio-lessons.ts';
import { selectRefresh } from '../../state/teacher-selectors.ts';
import { useTeacher } from '../../state/teacher.ts';
import { dateInWords, downloadText, droppedFileKind } from './files.ts';
import { useFileDrop } from './useFileDrop.ts';
import { ImportLessonButton, ImportStatus } from './ImportLesson.tsx';
import './lessons.css';

/** Where a lesson came from, in words. */
export function originText(l: Pick<StudioLessonDto, 'origin'>): string {
  const o = l.origin;
  const on = o.at ? ` on ${dateInWords(o.at)}` : '';
  switch (o.kind) {
    case 'shipped':
      return 'Comes with Lede';
    case 'studio':
      return `Made in the studio${on}`;
    case 'imported':
      return o.fileName ? `Imported from ${o.fileName}${on}` : `Imported${on}`;
    case 'folder':
      return 'Put in the lessons folder';
  }
}

function StateLine({ l }: { l: StudioLessonDto }) {
  // A lesson that was ready and is being changed: students keep the last complete version meanwhile.
  const seen = l.libraryVersion !== null ? `Students still see its last complete version (version ${l.libraryVersion}).` : null;
  switch (l.state) {
    case 'ready':
      return (
        <p className="lesson-state state-ready">
          <span className="state-name">Ready</span> — students see it
        </p>
      );
    case 'draft':
      return (
        <p className="lesson-state state-draft">
          <span className="state-name">Draft</span> — {l.emptySteps.length ? `No key items yet in: ${l.emptySteps.join(', ')}. ` : ''}
          {seen ?? 'Students do not see it yet.'}
        </p>
      );
    case 'broken':
      return (
        <div className="lesson-state state-broken">
          <p>
            <span className="state-name">Has problems</span> — {seen ?? 'students do not see it.'}
          </p>
          {l.problems.length > 0 && (
            <ul className="lesson-problems">
              {l.problems.slice(0, 3).map((p, i) => (
                <li key={i} dir="auto">{p}</li>
              ))}
            </ul>
          )}
        </div>
      );
  }
}

function LessonRow({ l, onDeleted, say }: { l: StudioLessonDto; onDeleted: (title: string) => void; say: (status: string) => void }) {
  const navigate = useApp(selectNavigate);
  const refreshTeacher = useTeacher(selectRefresh);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const keep = useRef<HTMLButtonElement>(null);
  const deleteButton = useRef<HTMLButtonElement>(null);
  const id = l.lessonId;
  const rowId = `lesson-${l.folder}-${l.fileName}`;

  useEffect(() => {
    if (confirming) keep.current?.focus();
  }, [confirming]);

  const act = async (f: () => Promise<void>) => {
    setBusy(true);
    setProblem(null);
    try {
      await f();
    } catch (e) {
      setProblem(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const copy = () =>
    act(async () => {
      const r = await teacherApi.studioCopy({ lessonId: id! });
      void refreshTeacher().catch(() => {});
      await navigate({ name: 'teacher', editLessonId: r.lessonId });
    });
  const exportIt = () =>
    act(async () => {
      const r = await teacherApi.studioExport({ lessonId: id! });
      downloadText(r.fileName, r.text);
      say(`“${l.title}” was exported as ${r.fileName} (look in your downloads). Send that file to another teacher; they import it under Lessons.`);
    });
  const remove = () =>
    act(async () => {
      try {
        await teacherApi.studioDelete({ lessonId: id! });
      } catch (e) {
        setConfirming(false);
        deleteButton.current?.focus();
        throw e;
      }
      void refreshTeacher().catch(() => {});
      onDeleted(l.title);
    });

  return (
    <li className="studio-lesson" aria-labelledby={`${rowId}-title`}>
      <div className="studio-lesson-main">
        <h4 id={`${rowId}-title`} className="studio-lesson-title" dir="auto">
          {l.title}
        </h4>
        <StateLine l={l} />
        <p className="lesson-facts">
          <span className="origin">{originText(l)}</span>
          <span>
            {l.steps} step{l.steps === 1 ? '' : 's'}
          </span>
          {l.practice && <span className="card-badge">Practice article</span>}
          {l.answered && <span className="answered">Students have answered it</span>}
          <span className="file-name" title="The lesson’s file in the lessons folder">
            {l.fileName}
          </span>
        </p>
        {problem && (
          <p className="field-error" role="alert">
            {problem}
          </p>
        )}
      </div>
      {id !== null ? (
        <div className="studio-lesson-actions">
          {l.editable ? (
            <button type="button" className="primary" disabled={busy} onClick={() => void navigate({ name: 'teacher', editLessonId: id })}>
              Edit<span className="visually-hidden"> “{l.title}”</span>
            </button>
          ) : (
            <button type="button" disabled={busy} onClick={() => void copy()}>
              Make a copy to edit<span className="visually-hidden"> “{l.title}”</span>
            </button>
          )}
          <button type="button" disabled={busy} onClick={() => void exportIt()}>
            Export<span className="visually-hidden"> “{l.title}”</span>
          </button>
          {l.folder === 'mine' && !confirming && (
            <button ref={deleteButton} type="button" className="delete" disabled={busy} onClick={() => setConfirming(true)}>
              Delete<span className="visually-hidden"> “{l.title}”</span>
            </button>
          )}
        </div>
      ) : (
        <p className="hint studio-lesson-actions">Fix this file in your lessons folder, or remove it from there.</p>
      )}
      {confirming && (
        <div className="confirm studio-confirm" role="group" aria-labelledby={`${rowId}-confirm`}>
          <span id={`${rowId}-confirm`}>
            Delete “<span dir="auto">{l.title}</span>”? Its file is removed from your lessons folder. Export it first if you may want it again.
          </span>
          <button type="button" className="danger" disabled={busy} onClick={() => void remove()}>
            Delete it
          </button>
          <button
            ref={keep}
            type="button"
            disabled={busy}
            onClick={() => {
              setConfirming(false);
              setTimeout(() => deleteButton.current?.focus());
            }}
          >
            Keep it
          </button>
        </div>
      )}
    </li>
  );
}

function Group({ title, id, lessons, empty, onDeleted, say }: { title: string; id: string; lessons: StudioLessonDto[]; empty: ReactNode; onDeleted: (title: string) => void; say: (status: string) => void }) {
  return (
    <section className="studio-group" aria-labelledby={id}>
      <h3 id={id} tabIndex={-1}>
        {title} <span className="count">{lessons.length}</span>
      </h3>
      {lessons.length === 0 ? (
        empty
      ) : (
        <ul className="studio-lessons">
          {lessons.map((l) => (
            <LessonRow key={`${l.folder}/${l.fileName}`} l={l} onDeleted={onDeleted} say={say} />
          ))}
        </ul>
      )}
    </section>
  );
}

/** The teacher's lessons: their own and the ones that come with Lede; new, import, edit, export, delete. */
export function LessonsScreen() {
  const { lessons, listProblem, loadLessons } = useStudioLessons(useShallow(selectStudioList));
  const { importFile, refuseFile, setIncoming } = useStudioLessons(useShallow(selectDropActions));
  const inProgress = useStudioLessons(selectDraft);
  const navigate = useApp(selectNavigate);
  const [status, setStatus] = useState<string | null>(null);

  const forgetFinishedImport = useStudioLessons(selectForgetFinishedImport);
  useEffect(() => {
    void loadLessons();
    return forgetFinishedImport;
  }, [loadLessons, forgetFinishedImport]);

  const mine = lessons?.filter((l) => l.folder === 'mine') ?? [];
  const shipped = lessons?.filter((l) => l.folder === 'shipped') ?? [];

  const onDeleted = (title: string) => {
    setStatus(`“${title}” was deleted.`);
    void loadLessons();
    document.getElementById('mine-title')?.focus();
  };

  // A lesson file (.md) dropped anywhere on the screen is imported; an article (a web page, .txt, .docx) opens
  // New lesson with it, as if chosen there. The zone shows while a file is dragged over.
  const dropped = (f: File) => {
    const kind = droppedFileKind(f.name);
    if (kind === 'lesson') return void importFile(f);
    if (kind === 'article') {
      if (inProgress) {
        setStatus(
          `A new lesson from “${inProgress.fields.headline || inProgress.from}” is waiting: create it or throw it away (under “Go on with the new lesson”) before starting one from ${f.name}.`,
        );
        return;
      }
      setIncoming(f);
      void navigate({ name: 'teacher', lessons: 'new' });
      return;
    }
    refuseFile(f.name, 'It is neither a lesson file (.md) nor an article Lede can read (a web page saved as .html, a .txt file or a Word .docx document).');
  };

  const { dragging, handlers: drag } = useFileDrop(dropped);

  return (
    <div className="studio studio-list" {...drag}>
      <div className="studio-head">
        <div>
          <h2 id="lessons-title">Lessons</h2>
          <p className="hint" id="import-lesson-hint">
            Make a lesson from an article, or import a lesson file another teacher shared (a .md file). You can also drop either on this page: a lesson file is imported, a
            saved web page, .txt or .docx becomes a new lesson. Students see the lessons marked Ready.
          </p>
        </div>
        <div className="studio-head-actions">
          <button type="button" className="primary" onClick={() => void navigate({ name: 'teacher', lessons: 'new' })}>
            {inProgress ? 'Go on with the new lesson' : 'New lesson'}
          </button>
          <ImportLessonButton />
        </div>
      </div>
      {inProgress && (
        <p className="hint">
          A new lesson from “<span dir="auto">{inProgress.fields.headline || inProgress.from}</span>” is not created yet; it waits for you under “Go on with the new lesson”.
        </p>
      )}
      <ImportStatus />
      {status && (
        <div className="notice-banner studio-notice" role="status">
          <span>{status}</span>
          <button type="button" onClick={() => setStatus(null)}>Dismiss</button>
        </div>
      )}
      {listProblem && (
        <div className="error-banner studio-notice" role="alert">
          <span>The lessons could not be listed: {listProblem}</span>
          <button type="button" onClick={() => void loadLessons()}>Try again</button>
        </div>
      )}
      {lessons === null ? (
        !listProblem && <p className="loading">Loading the lessons…</p>
      ) : (
        <>
          <Group
            title="My lessons"
            id="mine-title"
            lessons={mine}
            onDeleted={onDeleted}
            say={setStatus}
            empty={
              <div className="studio-empty">
                <p>You have no lessons of your own yet.</p>
                <p className="hint">
                  Choose <strong>New lesson</strong> and paste an article or open a web page you saved from the browser: Lede takes the text, you check it and choose the steps. Or import a lesson file
                  another teacher sent you. To change a lesson that comes with Lede, make a copy of it below.
                </p>
              </div>
            }
          />
          <Group title="Comes with Lede" id="shipped-title" lessons={shipped} onDeleted={onDeleted} say={setStatus} empty={<p className="hint">No lessons come with this copy of Lede.</p>} />
        </>
      )}
      {dragging && (
        <div className="drop-zone" aria-hidden="true">
          <p>Drop a lesson file (.md) to import it, or an article (.html, .txt, .docx) to make a new lesson from it</p>
        </div>
      )}
    </div>
  );
}
