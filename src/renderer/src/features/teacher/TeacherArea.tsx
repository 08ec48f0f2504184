import { useEffect, useRef, useState, type FormEvent, type MouseEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { teacherApi } from '../../api/client.ts';
import { errorMessage } from '../../../../shared/errors.ts';
import { useApp } from '../../state/app.ts';
import { teacherLessonsScreen } from '../../state/routes.ts';
import { selectNavigate, selectRoute } from '../../state/selectors.ts';
import { selectClassList, selectPinGate, selectTeacherArea, selectTeacherClassId, selectTeacherSettings } from '../../state/teacher-selectors.ts';
import { useTeacher } from '../../state/teacher.ts';
import { LessonEditor } from '../studio/LessonEditor.tsx';
import { LessonsScreen } from '../studio/LessonsScreen.tsx';
import { NewLesson } from '../studio/NewLesson.tsx';
import { ClassView } from './ClassView.tsx';
import { ImportBackup } from './ImportBackup.tsx';
import { LiveDashboard } from './LiveDashboard.tsx';
import { ProjectorBoard } from './ProjectorBoard.tsx';
import { projectorToken, useProjector } from '../../state/projector.ts';
import { ReviewScreen } from './ReviewScreen.tsx';

function PinGate() {
  const { status, unlock, choosePin, notice } = useTeacher(useShallow(selectPinGate));
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const first = status?.pinSet === false;
  const input = useRef<HTMLInputElement>(null);
  // After too many wrong PINs the server makes the next try wait: count it down here.
  const [waitUntil, setWaitUntil] = useState(() => Date.now() + (status?.waitSeconds ?? 0) * 1000);
  const [now, setNow] = useState(() => Date.now());
  const wait = Math.max(0, Math.ceil((waitUntil - now) / 1000));
  useEffect(() => {
    if (waitUntil <= Date.now()) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [waitUntil]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    if (first && pin !== again) return setProblem('The two PINs are not the same.');
    setBusy(true);
    try {
      await (first ? choosePin(pin) : unlock(pin));
    } catch (err) {
      setProblem(errorMessage(err));
      setPin('');
      setAgain('');
      const seconds = await teacherApi.teacherStatus({}).then((s) => s.waitSeconds, () => 0);
      setWaitUntil(Date.now() + seconds * 1000);
      setNow(Date.now());
      input.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  if (first && !status?.mayChoosePin) {
    return (
      <main className="pin-gate" aria-labelledby="pin-title">
        <h1 id="pin-title">No teacher PIN yet</h1>
        <p>
          The teacher PIN is chosen on the computer that runs Lede: in the desktop app, or — when Lede runs in a browser — with the one-time set-up link that
          the <code>lede serve</code> command printed when it started.
        </p>
        <p className="hint">Students cannot choose it, so they cannot open the teacher area.</p>
      </main>
    );
  }

  return (
    <main className="pin-gate" aria-labelledby="pin-title">
      <h1 id="pin-title">{first ? 'Choose a teacher PIN' : 'Teacher area'}</h1>
      {!first && notice && <p className="notice-banner" role="status">{notice}</p>}
      <p className="hint">
        {first
          ? 'The teacher area shows every student’s work and grades. Choose a PIN of 4 to 12 digits; students will not be able to open it.'
          : 'Enter your teacher PIN.'}
      </p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <label htmlFor="pin">{first ? 'New PIN' : 'PIN'}</label>
        <input ref={input} id="pin" type="password" inputMode="numeric" autoComplete={first ? 'new-password' : 'current-password'} value={pin} onChange={(e) => setPin(e.target.value)} maxLength={12} aria-invalid={problem ? true : undefined} aria-describedby={problem ? 'pin-problem' : undefined} />
        {first && (
          <>
            <label htmlFor="pin-again">The same PIN again</label>
            <input id="pin-again" type="password" inputMode="numeric" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} maxLength={12} />
          </>
        )}
        {problem && <p id="pin-problem" className="field-error" role="alert">{problem}</p>}
        {!first && wait > 0 && <p className="hint">You can try again in {wait} second{wait === 1 ? '' : 's'}.</p>}
        <button type="submit" className="primary" disabled={busy || pin.length < 4 || (!first && wait > 0)}>
          {first ? 'Set PIN and open' : 'Open'}
        </button>
      </form>
      {!first && <p className="hint">Forgot the PIN? It can be reset only on the computer that runs Lede, as Lede’s guide explains; no class or result is lost.</p>}
    </main>
  );
}

/**
 * A live session's dashboard while the teacher area is locked (it locked itself, or the
 * teacher locked the controls): the screen keeps the projector's view — only what the
 * class may see, from the same call — and the controls wait behind "Unlock controls",
 * which asks for the PIN in a dialog on this screen.
 */
function LockedLive({ sessionId, token }: { sessionId: string; token: string }) {
  const { view, problem } = useProjector(sessionId, token);
  const unlock = useTeacher((t) => t.unlock);
  const dialog = useRef<HTMLDialogElement>(null);
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await unlock(pin);
    } catch (err) {
      setError(errorMessage(err));
      setPin('');
    } finally {
      setBusy(false);
    }
  };
  const bar = (
    <div className="controls-locked">
      <span className="hint">Controls locked</span>
      <button
        type="button"
        onClick={() => {
          setError(null);
          dialog.current?.showModal();
        }}
      >
        Unlock controls
      </button>
    </div>
  );
  return (
    <main className="teacher-locked-live" aria-label="Live session">
      {view ? <ProjectorBoard v={view} aside={bar} /> : <p className="loading">{problem ?? 'Opening the live session…'}</p>}
      {!view && bar}
      <dialog ref={dialog} className="unlock-dialog" aria-labelledby="unlock-title" onClose={() => setPin('')}>
        <form onSubmit={(e) => void submit(e)} noValidate>
          <h2 id="unlock-title">Unlock the controls</h2>
          <label htmlFor="unlock-pin">Teacher PIN</label>
          <input id="unlock-pin" type="password" inputMode="numeric" autoComplete="current-password" maxLength={12} value={pin} onChange={(e) => setPin(e.target.value)} aria-invalid={error ? true : undefined} aria-describedby={error ? 'unlock-problem' : undefined} />
          {error && <p id="unlock-problem" className="field-error" role="alert">{error}</p>}
          <div className="step-actions">
            <button type="submit" className="primary" disabled={busy || pin.length < 4}>Unlock</button>
            <button type="button" onClick={() => dialog.current?.close()}>Cancel</button>
          </div>
        </form>
      </dialog>
    </main>
  );
}

const IDLE_CHOICES = [5, 10, 15, 30, 60, 120, 240];

/** The PIN and the automatic lock, changed by the teacher. */
function TeacherSettings() {
  const { status, setIdleLock, changePin } = useTeacher(useShallow(selectTeacherSettings));
  const [current, setCurrent] = useState('');
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const minutes = status?.idleLockMinutes ?? 15;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    if (pin !== again) return setProblem('The two new PINs are not the same.');
    try {
      await changePin(current, pin);
      setCurrent('');
      setPin('');
      setAgain('');
    } catch (err) {
      setProblem(errorMessage(err));
    }
  };
  return (
    <details className="teacher-settings">
      <summary>PIN and automatic lock</summary>
      <div className="settings-body">
        <label htmlFor="idle-lock">Lock the teacher area after</label>
        <select id="idle-lock" value={minutes} onChange={(e) => void setIdleLock(Number(e.target.value))}>
          {[...new Set([...IDLE_CHOICES, minutes])].sort((a, b) => a - b).map((m) => (
            <option key={m} value={m}>
              {m < 60 ? `${m} minutes` : `${m / 60} hour${m === 60 ? '' : 's'}`} without activity
            </option>
          ))}
        </select>
        <form onSubmit={(e) => void submit(e)} noValidate className="change-pin">
          <h2>Change the PIN</h2>
          <label htmlFor="current-pin">Current PIN</label>
          <input id="current-pin" type="password" inputMode="numeric" autoComplete="current-password" maxLength={12} value={current} onChange={(e) => setCurrent(e.target.value)} />
          <label htmlFor="new-pin">New PIN (4 to 12 digits)</label>
          <input id="new-pin" type="password" inputMode="numeric" autoComplete="new-password" maxLength={12} value={pin} onChange={(e) => setPin(e.target.value)} />
          <label htmlFor="new-pin-again">The new PIN again</label>
          <input id="new-pin-again" type="password" inputMode="numeric" autoComplete="new-password" maxLength={12} value={again} onChange={(e) => setAgain(e.target.value)} />
          {problem && <p className="field-error" role="alert">{problem}</p>}
          <button type="submit" disabled={current.length < 4 || pin.length < 4}>Change the PIN</button>
        </form>
      </div>
    </details>
  );
}

function ClassList() {
  const { classes, classId, run, refresh } = useTeacher(useShallow(selectClassList));
  const navigate = useApp(selectNavigate);
  const [name, setName] = useState('');
  const create = async (e: FormEvent) => {
    e.preventDefault();
    const c = await run(() => teacherApi.createClass({ name }), (c) => `Class “${c.name}” created.`);
    if (c) {
      setName('');
      await refresh();
      void navigate({ name: 'teacher', classId: c.id });
    }
  };
  return (
    <nav className="class-list" aria-label="Classes">
      <h2>Classes</h2>
      {classes.length === 0 && <p className="hint">No classes yet. Create one, then add students or import a roster — or import a backup from another computer below.</p>}
      <ul>
        {classes.map((c) => (
          <li key={c.id}>
            <button type="button" aria-current={c.id === classId ? 'page' : undefined} onClick={() => void navigate({ name: 'teacher', classId: c.id })}>
              <span dir="auto">{c.name}</span> <span className="count">{c.studentCount}</span>
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={(e) => void create(e)} className="new-class">
        <label htmlFor="class-name">New class</label>
        <div className="row">
          <input id="class-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={200} dir="auto" />
          <button type="submit" disabled={!name.trim()}>Create</button>
        </div>
      </form>
      <ImportBackup />
    </nav>
  );
}

function Unfinished() {
  const navigate = useApp(selectNavigate);
  const [list, setList] = useState<Awaited<ReturnType<typeof teacherApi.unfinishedClassrooms>>>([]);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    void teacherApi.unfinishedClassrooms({}).then(setList, () => {});
  }, []);
  const stopped = list.filter((x) => !x.running);
  if (!stopped.length) return null;
  return (
    <>
      {stopped.map((u) => (
        <div key={u.id} className="unfinished" role="status">
          <span>
            A live session was interrupted: <strong dir="auto">{u.className}</strong> — {u.lessonTitle} ({u.members} joined). Every answer students saw saved is kept.
          </span>
          <button
            type="button"
            className="primary"
            onClick={() => void teacherApi.resumeClassroom({ sessionId: u.id }).then(() => navigate({ name: 'teacher', liveId: u.id }), (e: unknown) => setProblem(errorMessage(e)))}
          >
            Resume the session
          </button>
          <button type="button" onClick={() => void teacherApi.endClassroom({ sessionId: u.id }).then(() => setList(list.filter((x) => x.id !== u.id)))}>
            End it
          </button>
        </div>
      ))}
      {problem && <p className="field-error" role="alert">{problem}</p>}
    </>
  );
}

/** Classes or Lessons: the two sides of the teacher area (links: each has its address). */
function AreaTabs({ lessons }: { lessons: boolean }) {
  const navigate = useApp(selectNavigate);
  const classId = useTeacher(selectTeacherClassId);
  const go = (e: MouseEvent, to: 'classes' | 'lessons') => {
    if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    void navigate(to === 'lessons' ? { name: 'teacher', lessons: 'list' } : { name: 'teacher', ...(classId ? { classId } : {}) });
  };
  return (
    <nav className="teacher-tabs" aria-label="Teacher area">
      <a href="#/teacher" aria-current={lessons ? undefined : 'page'} onClick={(e) => go(e, 'classes')}>
        Classes
      </a>
      <a href="#/teacher/lessons" aria-current={lessons ? 'page' : undefined} onClick={(e) => go(e, 'lessons')}>
        Lessons
      </a>
    </nav>
  );
}

export function TeacherArea({ classId, attemptId, liveId }: { classId?: string | undefined; attemptId?: string | undefined; liveId?: string | undefined }) {
  const t = useTeacher(useShallow(selectTeacherArea));
  const navigate = useApp(selectNavigate);
  const lessons = teacherLessonsScreen(useApp(selectRoute));
  useEffect(() => {
    void t.load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(() => {
    if (!t.status?.unlocked) return;
    if (attemptId) void t.openReview(attemptId);
    // Coming back to a class (from a review, say) shows fresh results.
    else if (classId !== undefined) void t.openClass(classId);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [t.status?.unlocked, classId, attemptId]);

  if (!t.status) return <p className="loading">Opening the teacher area…</p>;
  if (!t.status.unlocked) {
    // A live session in front of the class: its safe view stays, the controls lock.
    const token = liveId ? projectorToken(liveId) : null;
    return liveId && token ? <LockedLive sessionId={liveId} token={token} /> : <PinGate />;
  }
  return (
    <div className="teacher">
      <div className="teacher-bar">
        <h1>Teacher</h1>
        <AreaTabs lessons={lessons !== null} />
        <span className="spacer" />
        <TeacherSettings />
        <button type="button" onClick={() => void t.lock().then(() => navigate({ name: 'profiles' }))}>
          Lock the teacher area
        </button>
      </div>
      {(t.problem || t.notice) && (
        <div className={t.problem ? 'error-banner' : 'notice-banner'} role={t.problem ? 'alert' : 'status'}>
          <span>{t.problem ?? t.notice}</span>
          <button type="button" onClick={() => t.say(null)}>Dismiss</button>
        </div>
      )}
      {lessons ? (
        <div className="teacher-body lessons-body">
          <main className="teacher-main" aria-label="Lessons">
            {lessons.screen === 'edit' ? <LessonEditor key={lessons.lessonId} lessonId={lessons.lessonId} /> : lessons.screen === 'new' ? <NewLesson /> : <LessonsScreen />}
          </main>
        </div>
      ) : (
        <div className="teacher-body">
          <ClassList />
          <main className="teacher-main" aria-label="Class">
            <Unfinished />
            {liveId ? <LiveDashboard sessionId={liveId} /> : attemptId ? <ReviewScreen /> : <ClassView />}
          </main>
        </div>
      )}
    </div>
  );
}
