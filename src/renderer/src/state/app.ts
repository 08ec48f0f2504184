import { create } from 'zustand';
import type { Answer } from '../../../shared/answers.ts';
import type { AttemptStateDto, ClassroomStateDto, LessonCardDto, SavedHighlightDto, StepFeedbackDto, StudentDto } from '../../../shared/api.ts';
import { api, ApiError } from '../api/client.ts';
import { newId } from './ids.ts';
import { usePrefs } from './prefs.ts';

export type Route =
  | { name: 'join' }
  | { name: 'profiles' }
  | { name: 'library' }
  | { name: 'lesson'; lessonId: string }
  | { name: 'teacher'; classId?: string; attemptId?: string; liveId?: string };

export function routeToHash(r: Route): string {
  switch (r.name) {
    case 'lesson':
      return `#/lesson/${encodeURIComponent(r.lessonId)}`;
    case 'teacher':
      if (r.liveId) return `#/teacher/live/${encodeURIComponent(r.liveId)}`;
      return r.attemptId ? `#/teacher/review/${encodeURIComponent(r.attemptId)}` : r.classId ? `#/teacher/class/${encodeURIComponent(r.classId)}` : '#/teacher';
    default:
      return `#/${r.name}`;
  }
}

export function hashToRoute(hash: string): Route | null {
  let m = /^#\/(join|profiles|library|teacher)$/.exec(hash);
  if (m) return { name: m[1] as 'join' | 'profiles' | 'library' | 'teacher' };
  if ((m = /^#\/lesson\/(.+)$/.exec(hash))) return { name: 'lesson', lessonId: decodeURIComponent(m[1]!) };
  if ((m = /^#\/teacher\/class\/(.+)$/.exec(hash))) return { name: 'teacher', classId: decodeURIComponent(m[1]!) };
  if ((m = /^#\/teacher\/review\/(.+)$/.exec(hash))) return { name: 'teacher', attemptId: decodeURIComponent(m[1]!) };
  if ((m = /^#\/teacher\/live\/(.+)$/.exec(hash))) return { name: 'teacher', liveId: decodeURIComponent(m[1]!) };
  return null;
}

export interface LessonSession {
  attemptId: string;
  attemptNumber: number;
  finishedAt: string | null;
  lesson: AttemptStateDto['lesson'];
  /** 0 = read the article, 1..n = exercises, n + 1 = summary. */
  step: number;
  highlights: SavedHighlightDto[];
  responses: Record<string, Answer>;
  feedback: Record<string, StepFeedbackDto>;
}

export type SaveState =
  | { state: 'idle' }
  | { state: 'saving' }
  | { state: 'saved'; at: string }
  | { state: 'offline' }
  | { state: 'waiting'; message: string }
  | { state: 'error'; message: string };

/** A change waiting to reach the backend; kept in the browser until it is acknowledged. */
type OpBody =
  | { name: 'putHighlight'; input: Parameters<typeof api.putHighlight>[0] }
  | { name: 'deleteHighlight'; input: Parameters<typeof api.deleteHighlight>[0] }
  | { name: 'putResponse'; input: Parameters<typeof api.putResponse>[0] }
  | { name: 'setStep'; input: Parameters<typeof api.setStep>[0] };
type Op = OpBody & { key: string };

const OUTBOX = 'lede-outbox';

function readOutbox(): Op[] {
  try {
    const v = JSON.parse(localStorage.getItem(OUTBOX) ?? '[]') as unknown;
    return Array.isArray(v) ? (v as Op[]) : [];
  } catch {
    return [];
  }
}

function writeOutbox(ops: Op[]): void {
  try {
    if (ops.length) localStorage.setItem(OUTBOX, JSON.stringify(ops));
    else localStorage.removeItem(OUTBOX);
  } catch {
    // Storage full or blocked: the change is still retried while the page is open.
  }
}

function send(op: Op): Promise<unknown> {
  switch (op.name) {
    case 'putHighlight':
      return api.putHighlight(op.input);
    case 'deleteHighlight':
      return api.deleteHighlight(op.input);
    case 'putResponse':
      return api.putResponse(op.input);
    case 'setStep':
      return api.setStep(op.input);
  }
}

interface AppState {
  ready: boolean;
  /** 'classroom' when this page was served by a teacher's live session. */
  /** 'dashboard': the teacher-only server of `lede classroom` (no student screens). */
  mode: 'app' | 'classroom' | 'dashboard';
  classroom: ClassroomStateDto | null;
  route: Route;
  students: StudentDto[];
  student: StudentDto | null;
  lessons: LessonCardDto[] | null;
  session: LessonSession | null;
  save: SaveState;
  /** A problem to show the user, in plain words. */
  error: string | null;
  /** Text for the ARIA live region; `n` changes so the same words are announced again. */
  announcement: { text: string; n: number };

  init: () => Promise<void>;
  navigate: (route: Route) => Promise<void>;
  chooseStudent: (student: StudentDto) => Promise<void>;
  createStudent: (displayName: string) => Promise<void>;
  openLesson: (lessonId: string) => Promise<void>;
  goToStep: (step: number) => void;
  addHighlight: (exerciseId: string, span: { start: number; end: number; label: string }) => SavedHighlightDto | null;
  relabelHighlight: (id: string, label: string) => void;
  removeHighlight: (id: string) => void;
  setResponse: (exerciseId: string, answer: Answer) => void;
  checkStep: (exerciseId: string) => Promise<void>;
  finish: () => Promise<void>;
  tryAgain: () => Promise<void>;
  announce: (text: string) => void;
  dismissError: () => void;
  joinCheck: (code: string) => Promise<Awaited<ReturnType<typeof api.classroomJoin>>>;
  joinPick: (code: string, choice: { studentId?: string; newName?: string; rejoinCode?: string }) => Promise<void>;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export const useApp = create<AppState>()((set, get) => {
  // ── Autosave: every change is sent in order; offline changes are retried, and
  // kept in the browser until acknowledged, so a closed tab or a restarted device
  // sends them when it is back. Every change is idempotent (highlights carry their
  // own id), so sending one twice never doubles it.
  let queue: Promise<void> = Promise.resolve();
  let pending = 0;

  const settle = (op: Op) => writeOutbox(readOutbox().filter((o) => o.key !== op.key));

  const enqueue = (body: OpBody | Op, persisted = false): Promise<void> => {
    const op: Op = 'key' in body ? body : { ...body, key: newId() };
    pending++;
    if (!persisted) writeOutbox([...readOutbox(), op]);
    set({ save: { state: 'saving' } });
    const run = async (): Promise<void> => {
      for (let delay = 500; ; delay = Math.min(delay * 2, 8000)) {
        try {
          await send(op);
          settle(op);
          pending--;
          if (pending === 0) set({ save: { state: 'saved', at: new Date().toISOString() } });
          return;
        } catch (err) {
          if (err instanceof ApiError && (err.offline || err.retryLater)) {
            // Not lost, only not now: kept in the browser and sent again.
            set({ save: err.offline ? { state: 'offline' } : { state: 'waiting', message: err.message } });
            await new Promise((r) => setTimeout(r, delay));
            continue;
          }
          settle(op);
          pending--;
          set({ save: { state: 'error', message: message(err) }, error: `Not saved: ${message(err)}` });
          await reload();
          return;
        }
      }
    };
    queue = queue.then(run);
    return queue;
  };

  /** Sends what an earlier page left unsent for this attempt (others wait for theirs), then shows the backend's state. */
  const replayOutbox = async (attemptId: string) => {
    const mine = readOutbox().filter((o) => o.input.attemptId === attemptId && typeof o.key === 'string');
    if (!mine.length) return;
    for (const op of mine) void enqueue(op, true);
    await queue;
    await reload();
  };

  // ── Classroom: the teacher's session state arrives as server-sent events. ──
  let events: EventSource | null = null;
  const listen = () => {
    if (events || typeof EventSource === 'undefined') return;
    events = new EventSource('/events');
    events.addEventListener('state', (e) => onClassroom(JSON.parse((e as MessageEvent<string>).data) as ClassroomStateDto));
  };
  const onClassroom = (c: ClassroomStateDto) => {
    const before = get().classroom;
    set({ classroom: c });
    const s = get().session;
    if (!s) return;
    if (c.ended) {
      events?.close();
      events = null;
      if (!before?.ended) get().announce('Your teacher has ended the session. Your work is saved.');
      return;
    }
    if (c.paused && !before?.paused) get().announce('Your teacher has paused the class.');
    if (c.pacing === 'teacher' && s.step !== c.step) {
      get().goToStep(c.step);
      get().announce(`Your teacher moved the class to step ${c.step}.`);
    }
    if (c.revealed.some((id) => !s.feedback[id])) void reload();
  };
  /** After a refused change, show what the backend actually holds. */
  const reload = async () => {
    const s = get().session;
    if (!s) return;
    try {
      applyAttempt(await api.getAttempt({ attemptId: s.attemptId }), s.step);
    } catch (err) {
      set({ error: message(err) });
    }
  };

  const applyAttempt = (a: AttemptStateDto, step?: number) => {
    set({
      session: {
        attemptId: a.attempt.id,
        attemptNumber: a.attempt.number,
        finishedAt: a.attempt.finishedAt,
        lesson: a.lesson,
        step: step ?? a.attempt.currentStep,
        highlights: a.highlights,
        responses: a.responses,
        feedback: a.feedback,
      },
    });
  };

  const setRoute = (route: Route) => {
    set({ route });
    const hash = routeToHash(route);
    if (location.hash !== hash) history.pushState(null, '', hash);
    // The teacher area is not reopened by itself on a shared computer.
    usePrefs.getState().setLastRoute(route.name === 'teacher' ? '#/profiles' : hash);
  };

  const patchSession = (patch: (s: LessonSession) => Partial<LessonSession>) => {
    const s = get().session;
    if (s) set({ session: { ...s, ...patch(s) } });
  };

  const exerciseOf = (id: string) => get().session?.lesson.exercises.find((e) => e.id === id);

  return {
    ready: false,
    mode: 'app',
    classroom: null,
    route: { name: 'profiles' },
    students: [],
    student: null,
    lessons: null,
    session: null,
    save: { state: 'idle' },
    error: null,
    announcement: { text: '', n: 0 },

    async init() {
      try {
        const { mode } = await api.serverInfo({});
        if (mode === 'classroom') {
          set({ mode });
          try {
            const me = await api.classroomMe({});
            applyAttempt(me.attempt);
            set({ student: me.attempt.student, classroom: me.classroom });
            setRoute({ name: 'lesson', lessonId: me.attempt.lesson.id });
            listen();
            await replayOutbox(me.attempt.attempt.id);
          } catch {
            setRoute({ name: 'join' });
          }
          return;
        }
        if (mode === 'dashboard') {
          set({ mode });
          const wanted = hashToRoute(location.hash);
          setRoute(wanted?.name === 'teacher' ? wanted : { name: 'teacher' });
          return;
        }
        const students = await api.listStudents({});
        const prefs = usePrefs.getState();
        const student = students.find((s) => s.id === prefs.lastStudentId) ?? null;
        set({ students, student });
        const wanted = hashToRoute(location.hash) ?? (prefs.lastRoute ? hashToRoute(prefs.lastRoute) : null);
        // The teacher area opens without a student (the set-up link leads there); the rest needs one.
        await get().navigate(wanted?.name === 'teacher' && hashToRoute(location.hash) ? wanted : student ? (wanted ?? { name: 'library' }) : { name: 'profiles' });
      } catch (err) {
        set({ error: message(err) });
      } finally {
        set({ ready: true });
      }
      window.addEventListener('popstate', () => {
        const r = hashToRoute(location.hash);
        if (r && get().mode !== 'classroom') void get().navigate(r);
      });
    },

    async navigate(route) {
      if (get().mode === 'classroom') return; // a classroom page stays on its lesson
      if (get().mode === 'dashboard' && route.name !== 'teacher') route = { name: 'teacher' }; // and a dashboard on the teacher area
      if (route.name !== 'profiles' && route.name !== 'teacher' && !get().student) route = { name: 'profiles' };
      set({ error: null });
      if (route.name === 'teacher') {
        set({ session: null });
        setRoute(route);
      } else if (route.name === 'profiles') {
        set({ students: await api.listStudents({}) });
        setRoute(route);
      } else if (route.name === 'library') {
        set({ session: null });
        setRoute(route);
        const lessons = await api.listLessons({ studentId: get().student!.id });
        set({ lessons });
      } else if (route.name === 'lesson') {
        await get().openLesson(route.lessonId);
      } else {
        setRoute({ name: 'profiles' });
      }
    },

    async chooseStudent(student) {
      set({ student, lessons: null });
      usePrefs.getState().setLastStudent(student.id);
      get().announce(`Studying as ${student.displayName}`);
      await get().navigate({ name: 'library' });
    },

    async createStudent(displayName) {
      const student = await api.createStudent({ displayName });
      set({ students: [...get().students, student] });
      await get().chooseStudent(student);
    },

    async openLesson(lessonId) {
      const student = get().student;
      if (!student) return;
      try {
        const a = await api.openLesson({ studentId: student.id, lessonId });
        applyAttempt(a);
        setRoute({ name: 'lesson', lessonId });
        await replayOutbox(a.attempt.id);
      } catch (err) {
        set({ error: message(err) });
        setRoute({ name: 'library' });
      }
    },

    goToStep(step) {
      const s = get().session;
      if (!s || step === s.step) return;
      const c = get().classroom;
      if (c && c.pacing === 'teacher' && step > c.step) return;
      patchSession(() => ({ step }));
      void enqueue({ name: 'setStep', input: { attemptId: s.attemptId, step } });
    },

    addHighlight(exerciseId, span) {
      const s = get().session;
      if (!s || s.feedback[exerciseId]) return null;
      const h: SavedHighlightDto = { id: newId(), exerciseId, ...span };
      patchSession((x) => ({ highlights: [...x.highlights, h] }));
      const ex = exerciseOf(exerciseId);
      const label = ex?.kind === 'highlight' ? ex.labels.find((l) => l.id === span.label)?.name : span.label;
      get().announce(`Highlighted “${s.lesson.text.slice(span.start, span.end)}” as ${label}.`);
      void enqueue({ name: 'putHighlight', input: { attemptId: s.attemptId, exerciseId, highlight: { id: h.id, start: h.start, end: h.end, label: h.label } } });
      return h;
    },

    relabelHighlight(id, label) {
      const s = get().session;
      const h = s?.highlights.find((x) => x.id === id);
      if (!s || !h || h.label === label) return;
      const next = { ...h, label };
      patchSession((x) => ({ highlights: x.highlights.map((y) => (y.id === id ? next : y)) }));
      const ex = exerciseOf(h.exerciseId);
      const name = ex?.kind === 'highlight' ? ex.labels.find((l) => l.id === label)?.name : label;
      get().announce(`Changed to ${name}.`);
      void enqueue({ name: 'putHighlight', input: { attemptId: s.attemptId, exerciseId: h.exerciseId, highlight: { id, start: h.start, end: h.end, label } } });
    },

    removeHighlight(id) {
      const s = get().session;
      const h = s?.highlights.find((x) => x.id === id);
      if (!s || !h) return;
      patchSession((x) => ({ highlights: x.highlights.filter((y) => y.id !== id) }));
      get().announce(`Removed the highlight on “${s.lesson.text.slice(h.start, h.end)}”.`);
      void enqueue({ name: 'deleteHighlight', input: { attemptId: s.attemptId, exerciseId: h.exerciseId, highlightId: id } });
    },

    setResponse(exerciseId, answer) {
      const s = get().session;
      if (!s || s.feedback[exerciseId]) return;
      patchSession((x) => ({ responses: { ...x.responses, [exerciseId]: answer } }));
      void enqueue({ name: 'putResponse', input: { attemptId: s.attemptId, exerciseId, answer } });
    },

    async checkStep(exerciseId) {
      const s = get().session;
      if (!s) return;
      await queue; // every change is saved before the step is scored
      try {
        const fb = await api.checkStep({ attemptId: s.attemptId, exerciseId });
        patchSession((x) => ({ feedback: { ...x.feedback, [exerciseId]: fb } }));
        if (fb.kind === 'highlight') {
          const found = fb.keySpans.filter((k) => k.status === 'found').length;
          get().announce(`Checked. You found ${found} of ${fb.keySpans.length}. ${fb.points} of ${fb.maxPoints} points.`);
        } else if (fb.kind === 'choice') {
          get().announce(`Checked. ${fb.points} of ${fb.maxPoints} points.`);
        } else {
          get().announce('Sent to your teacher for grading.');
        }
      } catch (err) {
        set({ error: message(err) });
      }
    },

    async finish() {
      const s = get().session;
      if (!s) return;
      await queue;
      try {
        await api.finishAttempt({ attemptId: s.attemptId });
        patchSession(() => ({ finishedAt: new Date().toISOString() }));
        get().goToStep(s.lesson.exercises.length + 1);
      } catch (err) {
        set({ error: message(err) });
      }
    },

    async tryAgain() {
      const s = get().session;
      const student = get().student;
      if (!s || !student) return;
      await queue;
      try {
        applyAttempt(await api.newAttempt({ studentId: student.id, lessonId: s.lesson.id }));
        get().announce(`Attempt ${get().session?.attemptNumber} started.`);
      } catch (err) {
        set({ error: message(err) });
      }
    },

    announce(text) {
      set((st) => ({ announcement: { text, n: st.announcement.n + 1 } }));
    },

    dismissError() {
      set({ error: null });
    },

    joinCheck(code) {
      return api.classroomJoin({ code });
    },

    async joinPick(code, choice) {
      const r = await api.classroomPick({ code, ...choice });
      applyAttempt(r.attempt);
      set({ student: r.attempt.student, classroom: r.classroom });
      setRoute({ name: 'lesson', lessonId: r.attempt.lesson.id });
      listen();
      get().announce(`Joined ${r.classroom.className} as ${r.attempt.student.displayName}.`);
    },
  };
});
