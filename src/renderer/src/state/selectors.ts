// Named selectors for the app's store. Components read the store only through these:
// `useApp(selectSave)` for one value, `useApp(useShallow(selectHeader))` for an
// object of several (useShallow keeps the component from re-rendering when none of
// them changed). Pure functions of the state, tested in Node.
import type { AppState } from './types.ts';

// ── One value ─────────────────────────────────────────────────────────
export const selectRoute = (s: AppState) => s.route;
export const selectSession = (s: AppState) => s.session;
export const selectSave = (s: AppState) => s.save;
export const selectAnnouncement = (s: AppState) => s.announcement;
export const selectClassroom = (s: AppState) => s.classroom;
export const selectNavigate = (s: AppState) => s.navigate;
export const selectAnnounce = (s: AppState) => s.announce;

/** The last step the student may open: in a teacher-paced class, the one the teacher opened. */
export const selectStepLimit = (s: AppState): number => (s.classroom?.pacing === 'teacher' && !s.classroom.ended ? s.classroom.step : Infinity);

/** What covers a classroom student's screen: the teacher paused the class, or ended the session. */
export const selectClassroomCover = (s: AppState): 'paused' | 'ended' | null =>
  // Once the session has ended and the attempt is handed in, the screen is the student's summary.
  s.classroom?.ended ? (s.session?.finishedAt ? null : 'ended') : s.classroom?.paused ? 'paused' : null;

// ── Several values: use with useShallow ───────────────────────────────
export const selectShell = (s: AppState) => ({ ready: s.ready, route: s.route });

export const selectHeader = (s: AppState) => ({
  mode: s.mode,
  routeName: s.route.name,
  student: s.student,
  lessonTitle: s.route.name === 'lesson' ? (s.session?.lesson.title ?? null) : null,
  /** The class chip of a classroom page: the class, and whether the teacher sets the pace. */
  className: s.mode === 'classroom' ? (s.classroom?.className ?? null) : null,
  teacherPaced: s.classroom?.pacing === 'teacher' && !s.classroom.ended,
  navigate: s.navigate,
});

export const selectErrorBanner = (s: AppState) => ({ error: s.error, dismissError: s.dismissError });

export const selectProfiles = (s: AppState) => ({
  students: s.students,
  chooseStudent: s.chooseStudent,
  createStudent: s.createStudent,
  similarProfiles: s.similarProfiles,
  navigate: s.navigate,
});

export const selectLibrary = (s: AppState) => ({ lessons: s.lessons, openLesson: s.openLesson, student: s.student });

export const selectJoin = (s: AppState) => ({ joinCheck: s.joinCheck, joinPick: s.joinPick });

export const selectLessonActions = (s: AppState) => ({
  goToStep: s.goToStep,
  addHighlight: s.addHighlight,
  relabelHighlight: s.relabelHighlight,
  removeHighlight: s.removeHighlight,
  setResponse: s.setResponse,
  checkStep: s.checkStep,
  selfCheck: s.selfCheck,
  finish: s.finish,
  tryAgain: s.tryAgain,
  saveReaction: s.saveReaction,
  skipReaction: s.skipReaction,
  handIn: s.handIn,
  practise: s.practise,
  announce: s.announce,
  navigate: s.navigate,
});
