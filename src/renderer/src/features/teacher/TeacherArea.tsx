import { useEffect, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { teacherApi } from '../../api/client.ts';
import { useApp } from '../../state/app.ts';
import { useTeacher } from '../../state/teacher.ts';
import { ClassView } from './ClassView.tsx';
import { LiveDashboard } from './LiveDashboard.tsx';
import { ReviewScreen } from './ReviewScreen.tsx';

function PinGate() {
  const { status, unlock, choosePin } = useTeacher(useShallow((s) => ({ status: s.status, unlock: s.unlock, choosePin: s.choosePin })));
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const first = status?.pinSet === false;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    if (first && pin !== again) return setProblem('The two PINs are not the same.');
    setBusy(true);
    try {
      await (first ? choosePin(pin) : unlock(pin));
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
      setPin('');
      setAgain('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="pin-gate" aria-labelledby="pin-title">
      <h1 id="pin-title">{first ? 'Choose a teacher PIN' : 'Teacher area'}</h1>
      <p className="hint">
        {first
          ? 'The teacher area shows every student’s work and grades. Choose a PIN of 4 to 12 digits; students will not be able to open it.'
          : 'Enter your teacher PIN.'}
      </p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <label htmlFor="pin">{first ? 'New PIN' : 'PIN'}</label>
        <input id="pin" type="password" inputMode="numeric" autoComplete={first ? 'new-password' : 'current-password'} value={pin} onChange={(e) => setPin(e.target.value)} maxLength={12} aria-invalid={problem ? true : undefined} aria-describedby={problem ? 'pin-problem' : undefined} />
        {first && (
          <>
            <label htmlFor="pin-again">The same PIN again</label>
            <input id="pin-again" type="password" inputMode="numeric" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} maxLength={12} />
          </>
        )}
        {problem && <p id="pin-problem" className="field-error" role="alert">{problem}</p>}
        <button type="submit" className="primary" disabled={busy || pin.length < 4}>
          {first ? 'Set PIN and open' : 'Open'}
        </button>
      </form>
    </main>
  );
}

function ClassList() {
  const { classes, classId, run, refresh } = useTeacher(
    useShallow((s) => ({ classes: s.classes, classId: s.classId, run: s.run, refresh: s.refresh })),
  );
  const navigate = useApp((s) => s.navigate);
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
      {classes.length === 0 && <p className="hint">No classes yet. Create one, then add students or import a roster.</p>}
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
    </nav>
  );
}

function Unfinished() {
  const navigate = useApp((s) => s.navigate);
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
            onClick={() => void teacherApi.resumeClassroom({ sessionId: u.id }).then(() => navigate({ name: 'teacher', liveId: u.id }), (e: unknown) => setProblem(e instanceof Error ? e.message : String(e)))}
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

export function TeacherArea({ classId, attemptId, liveId }: { classId?: string | undefined; attemptId?: string | undefined; liveId?: string | undefined }) {
  const t = useTeacher(useShallow((s) => ({ status: s.status, load: s.load, lock: s.lock, openClass: s.openClass, openReview: s.openReview, problem: s.problem, notice: s.notice, say: s.say })));
  const navigate = useApp((s) => s.navigate);
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
  if (!t.status.unlocked) return <PinGate />;
  return (
    <div className="teacher">
      <div className="teacher-bar">
        <h1>Teacher</h1>
        <span className="spacer" />
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
      <div className="teacher-body">
        <ClassList />
        <main className="teacher-main" aria-label="Class">
          <Unfinished />
          {liveId ? <LiveDashboard sessionId={liveId} /> : attemptId ? <ReviewScreen /> : <ClassView />}
        </main>
      </div>
    </div>
  );
}
