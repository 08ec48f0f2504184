import { lazy, Suspense, useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { initials } from '../../shared/names.ts';
import { SaveStatus } from './components/SaveStatus.tsx';
import { TextSize } from './components/TextSize.tsx';
import { Library } from './features/library/Library.tsx';
import { WhoIsStudying } from './features/profile/WhoIsStudying.tsx';
import { LessonScreen } from './features/reader/LessonScreen.tsx';
import { JoinScreen } from './features/classroom/JoinScreen.tsx';
import { PausedOverlay } from './features/classroom/PausedOverlay.tsx';
import { useApp } from './state/app.ts';
import { selectAnnouncement, selectErrorBanner, selectHeader, selectShell } from './state/selectors.ts';

// The teacher area (with the lesson studio and the live dashboard) is loaded when it is
// opened: a student's first screen does not wait for code it never runs.
const TeacherArea = lazy(() => import('./features/teacher/TeacherArea.tsx').then((m) => ({ default: m.TeacherArea })));
const ProjectorScreen = lazy(() => import('./features/teacher/ProjectorBoard.tsx').then((m) => ({ default: m.ProjectorScreen })));

function LiveRegion() {
  const a = useApp(selectAnnouncement);
  return (
    <div className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="live-region">
      <span key={a.n}>{a.text}</span>
    </div>
  );
}

function Header() {
  const { mode, routeName, student, lessonTitle, className, teacherPaced, navigate } = useApp(useShallow(selectHeader));
  return (
    <header className="topbar">
      <a className="brand" href="#/library" onClick={(e) => { e.preventDefault(); void navigate({ name: student ? 'library' : 'profiles' }); }}>
        <span className="brand-mark" aria-hidden="true">L</span> <span className="brand-name">Lede</span>
      </a>
      {lessonTitle !== null && <span className="topbar-title">{lessonTitle}</span>}
      <span className="spacer" />
      <SaveStatus />
      {routeName === 'lesson' && <TextSize />}
      {className !== null && (
        <span className="class-chip" dir="auto">
          {className}
          {teacherPaced ? ' · teacher-paced' : ''}
        </span>
      )}
      {mode === 'classroom' && student && <span className="who-name" dir="auto">{student.displayName}</span>}
      {mode === 'app' && student && routeName !== 'profiles' && routeName !== 'teacher' && (
        <button type="button" className="who" onClick={() => void navigate({ name: 'profiles' })} title="Switch to another student">
          <span className="avatar small" aria-hidden="true">{initials(student.displayName)}</span>
          <span dir="auto" className="who-name">{student.displayName}</span>
          <span className="visually-hidden">(switch student)</span>
        </button>
      )}
    </header>
  );
}

function ErrorBanner() {
  const { error, dismissError } = useApp(useShallow(selectErrorBanner));
  if (!error) return null;
  return (
    <div className="error-banner" role="alert">
      <span>{error}</span>
      <button type="button" onClick={dismissError}>Dismiss</button>
    </div>
  );
}

export function App() {
  const { ready, route } = useApp(useShallow(selectShell));
  useEffect(() => {
    const titles = { join: 'Join your class', profiles: 'Who is studying?', library: 'Lessons', lesson: 'Lesson', teacher: 'Teacher', projector: 'Projector' } as const;
    document.title = `${titles[route.name]} — Lede`;
  }, [route]);
  // A new student screen: focus goes to its heading (the lesson screen moves focus itself, step by step).
  useEffect(() => {
    if (!ready || (route.name !== 'profiles' && route.name !== 'library')) return;
    const h = document.querySelector<HTMLElement>('#content h1');
    if (!h) return;
    if (!h.hasAttribute('tabindex')) h.tabIndex = -1;
    window.scrollTo(0, 0);
    h.focus({ preventScroll: true });
  }, [ready, route.name]);
  // The projector: what the class sees, with no header, link or control of the app's.
  if (route.name === 'projector') {
    return (
      <main className="projector-screen" aria-label="Projector">
        <Suspense fallback={<p className="loading">Opening the projector view…</p>}>
          <ProjectorScreen sessionId={route.sessionId} token={route.token} />
        </Suspense>
      </main>
    );
  }
  return (
    <>
      <a className="skip-link" href="#content">Skip to content</a>
      <Header />
      <ErrorBanner />
      <div id="content" tabIndex={-1}>
        {!ready ? (
          <p className="loading">Starting Lede…</p>
        ) : route.name === 'join' ? (
          <JoinScreen />
        ) : route.name === 'profiles' ? (
          <WhoIsStudying />
        ) : route.name === 'library' ? (
          <Library />
        ) : route.name === 'teacher' ? (
          <Suspense fallback={<p className="loading">Opening the teacher area…</p>}>
            <TeacherArea classId={route.classId} attemptId={route.attemptId} liveId={route.liveId} />
          </Suspense>
        ) : (
          <main aria-label="Lesson"><LessonScreen /></main>
        )}
      </div>
      <PausedOverlay />
      <LiveRegion />
    </>
  );
}
