// The app store's named selectors (src/renderer/src/state/selectors.ts), on plain
// state objects: what each returns, and that the object selectors give shallow-equal
// results when nothing they read changed (what useShallow relies on).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shallow } from 'zustand/vanilla/shallow';
import type { ClassroomStateDto, StudentDto } from '../../src/shared/api.ts';
import * as sel from '../../src/renderer/src/state/selectors.ts';
import type { AppState, LessonSession } from '../../src/renderer/src/state/types.ts';
import * as teacherSel from '../../src/renderer/src/state/teacher-selectors.ts';
import type { TeacherState } from '../../src/renderer/src/state/teacher.ts';

const noop = () => {
  throw new Error('not called in these tests');
};

/** A state with every action a distinct function, as the store has. */
function appState(patch: Partial<AppState> = {}): AppState {
  const actions = Object.fromEntries(
    [
      'init', 'navigate', 'setRoute', 'restoreStudent', 'loadStudents', 'loadLessons', 'chooseStudent', 'createStudent', 'similarProfiles', 'openLesson', 'showAttempt',
      'resumeAttempt', 'reloadAttempt', 'closeLesson', 'goToStep', 'addHighlight', 'relabelHighlight', 'removeHighlight', 'setResponse', 'checkStep',
      'finish', 'tryAgain', 'enterClassroom', 'joinCheck', 'joinPick', 'announce', 'showError', 'dismissError',
    ].map((name) => [name, Object.assign(() => noop(), { action: name })]),
  );
  return {
    ready: true,
    mode: 'app',
    route: { name: 'library' },
    students: [],
    student: null,
    lessons: null,
    session: null,
    save: { state: 'idle' },
    classroom: null,
    announcement: { text: '', n: 0 },
    error: null,
    ...(actions as unknown as Pick<AppState, 'init'>),
    ...patch,
  } as AppState;
}

const student: StudentDto = { id: 's1', displayName: 'Ada', createdAt: '2026-01-01' };
const session = { attemptId: 'a1', attemptNumber: 1, finishedAt: null, step: 2, highlights: [], responses: {}, feedback: {}, lesson: { id: 'l1', title: 'The lesson' } } as unknown as LessonSession;
const classroom = (patch: Partial<ClassroomStateDto> = {}): ClassroomStateDto => ({
  sessionId: 'c1',
  className: '7b',
  lessonTitle: 'The lesson',
  pacing: 'student',
  step: 1,
  paused: false,
  revealed: [],
  ended: false,
  ...patch,
});

/** The object selectors and a change that none of them reads. */
const OBJECT_SELECTORS = {
  selectShell: sel.selectShell,
  selectHeader: sel.selectHeader,
  selectErrorBanner: sel.selectErrorBanner,
  selectProfiles: sel.selectProfiles,
  selectLibrary: sel.selectLibrary,
  selectJoin: sel.selectJoin,
  selectLessonActions: sel.selectLessonActions,
};

describe('app selectors', () => {
  it('one value: read straight from the state', () => {
    const s = appState({ session, save: { state: 'offline' }, announcement: { text: 'hi', n: 3 } });
    assert.equal(sel.selectSession(s), session);
    assert.deepEqual(sel.selectSave(s), { state: 'offline' });
    assert.deepEqual(sel.selectAnnouncement(s), { text: 'hi', n: 3 });
    assert.equal(sel.selectNavigate(s), s.navigate);
    assert.deepEqual(sel.selectRoute(s), { name: 'library' });
  });

  it('the step limit: none outside a class or when students set the pace; the teacher’s step when the teacher does', () => {
    assert.equal(sel.selectStepLimit(appState()), Infinity);
    assert.equal(sel.selectStepLimit(appState({ classroom: classroom({ pacing: 'student', step: 2 }) })), Infinity);
    assert.equal(sel.selectStepLimit(appState({ classroom: classroom({ pacing: 'teacher', step: 2 }) })), 2);
    assert.equal(sel.selectStepLimit(appState({ classroom: classroom({ pacing: 'teacher', step: 0 }) })), 0);
    // Once the session has ended, the handed-in attempt can be looked through freely.
    assert.equal(sel.selectStepLimit(appState({ classroom: classroom({ pacing: 'teacher', step: 2, ended: true }) })), Infinity);
  });

  it('the classroom cover: paused, ended (which wins), or nothing', () => {
    assert.equal(sel.selectClassroomCover(appState()), null);
    assert.equal(sel.selectClassroomCover(appState({ classroom: classroom() })), null);
    assert.equal(sel.selectClassroomCover(appState({ classroom: classroom({ paused: true }) })), 'paused');
    assert.equal(sel.selectClassroomCover(appState({ classroom: classroom({ ended: true }) })), 'ended');
    assert.equal(sel.selectClassroomCover(appState({ classroom: classroom({ paused: true, ended: true }) })), 'ended');
    // Ended, and the attempt handed in: the summary shows, uncovered.
    assert.equal(sel.selectClassroomCover(appState({ classroom: classroom({ ended: true }), session: { ...session, finishedAt: '2026-12-07T10:00:00Z' } })), null);
    assert.equal(sel.selectClassroomCover(appState({ classroom: classroom({ ended: true }), session })), 'ended');
  });

  it('the header: the lesson title only on the lesson screen; the class chip only on a classroom page', () => {
    const onLesson = sel.selectHeader(appState({ route: { name: 'lesson', lessonId: 'l1' }, session, student }));
    assert.equal(onLesson.lessonTitle, 'The lesson');
    assert.equal(onLesson.routeName, 'lesson');
    assert.equal(onLesson.student, student);
    assert.equal(onLesson.className, null);
    assert.equal(sel.selectHeader(appState({ route: { name: 'library' }, session })).lessonTitle, null);
    const inClass = sel.selectHeader(appState({ mode: 'classroom', classroom: classroom({ pacing: 'teacher' }) }));
    assert.equal(inClass.className, '7b');
    assert.equal(inClass.teacherPaced, true);
    assert.equal(sel.selectHeader(appState({ mode: 'app', classroom: classroom() })).className, null);
  });

  it('object selectors hand out the state’s own values and actions', () => {
    const s = appState({ student, lessons: [], error: 'Oops' });
    assert.deepEqual(sel.selectLibrary(s), { lessons: s.lessons, openLesson: s.openLesson, student });
    assert.deepEqual(sel.selectErrorBanner(s), { error: 'Oops', dismissError: s.dismissError });
    const actions = sel.selectLessonActions(s);
    for (const [name, f] of Object.entries(actions)) assert.equal(f, s[name as keyof AppState], name);
  });

  it('object selectors are shallow-equal across changes they do not read (no needless re-render)', () => {
    const before = appState({ student, session, route: { name: 'lesson', lessonId: 'l1' } });
    // The save status and the live region change on every keystroke; none of these reads them.
    const after = { ...before, save: { state: 'saving' as const }, announcement: { text: 'Saved', n: 1 } };
    for (const [name, f] of Object.entries(OBJECT_SELECTORS)) {
      const a = (f as (s: AppState) => object)(before);
      const b = (f as (s: AppState) => object)(after);
      assert.notEqual(a, b, `${name} makes a new object`);
      assert.ok(shallow(a, b), `${name} is shallow-equal`);
    }
  });

  it('object selectors change when something they read changes', () => {
    const before = appState({ student });
    assert.equal(shallow(sel.selectLibrary(before), sel.selectLibrary({ ...before, lessons: [] })), false);
    assert.equal(shallow(sel.selectErrorBanner(before), sel.selectErrorBanner({ ...before, error: 'x' })), false);
    assert.equal(shallow(sel.selectHeader(before), sel.selectHeader({ ...before, mode: 'classroom', classroom: classroom() })), false);
    assert.equal(shallow(sel.selectShell(before), sel.selectShell({ ...before, ready: false })), false);
  });
});

describe('teacher selectors', () => {
  it('pick the values their component shows, shallow-equal when those did not change', () => {
    const base = { status: null, classes: [], lessons: [], classId: 'c1', lessonId: 'l1', roster: [], profiles: [], results: null, review: null, jobs: [], problem: null, notice: null } as const;
    const fns = Object.fromEntries(['load', 'unlock', 'choosePin', 'lock', 'setIdleLock', 'changePin', 'refresh', 'openClass', 'chooseLesson', 'openReview', 'run', 'startExport', 'cancelExport', 'saveExport', 'say'].map((n) => [n, () => noop()]));
    const t = { ...base, ...fns } as unknown as TeacherState;
    assert.equal(teacherSel.selectRun(t), t.run);
    assert.equal(teacherSel.selectTeacherClassId(t), 'c1');
    assert.deepEqual(teacherSel.selectStudentsTab(t), { roster: [], profiles: [], classId: 'c1', run: t.run, refresh: t.refresh });
    const later = { ...t, notice: 'Saved.', jobs: [] };
    assert.ok(shallow(teacherSel.selectClassView(t), teacherSel.selectClassView(later)));
    assert.equal(shallow(teacherSel.selectTeacherArea(t), teacherSel.selectTeacherArea(later)), false, 'the area shows the notice');
  });
});
