// The open lesson: the attempt as the backend holds it, the student's changes (shown
// at once, saved through the outbox) and checking a step.
import type { AttemptStateDto, SavedHighlightDto } from '../../../../shared/api.ts';
import { errorMessage, LedeError } from '../../../../shared/errors.ts';
import { api } from '../../api/client.ts';
import { newId } from '../ids.ts';
import { createOutbox, type Change, type FlushResult, type OutboxStorage } from '../outbox.ts';
import type { ActionOutcome, AppSlice, LessonSession, LessonSlice } from '../types.ts';

/** The browser's localStorage, reached only when used (reaching it can throw where storage is blocked). */
const localStore: OutboxStorage = {
  getItem: (key) => localStorage.getItem(key),
  setItem: (key, value) => localStorage.setItem(key, value),
  removeItem: (key) => localStorage.removeItem(key),
};

function sendChange(c: Change): Promise<unknown> {
  switch (c.name) {
    case 'putHighlight':
      return api.putHighlight(c.input);
    case 'deleteHighlight':
      return api.deleteHighlight(c.input);
    case 'putResponse':
      return api.putResponse(c.input);
    case 'setStep':
      return api.setStep(c.input);
  }
}

const toSession = (a: AttemptStateDto, step?: number): LessonSession => ({
  attemptId: a.attempt.id,
  attemptNumber: a.attempt.number,
  finishedAt: a.attempt.finishedAt,
  lesson: a.lesson,
  step: step ?? a.attempt.currentStep,
  highlights: a.highlights,
  responses: a.responses,
  feedback: a.feedback,
  grading: a.grading,
  assignment: a.assignment,
  keyHeld: a.keyHeld,
  practiceAfterAssignment: a.practiceAfterAssignment,
  reactions: a.reactions,
});

/** What an action that waits for the saved changes is, in the words of its messages. */
interface Action {
  /** "This step was not checked" */
  notDone: string;
  /** "check it again" */
  again: string;
}
const CHECK: Action = { notDone: 'This step was not checked', again: 'check it again' };
const HAND_IN: Action = { notDone: 'Your answer was not handed in', again: 'hand it in again' };
const FINISH: Action = { notDone: 'This attempt is not finished yet', again: 'finish it again' };
const NEW_ATTEMPT: Action = { notDone: 'A new attempt was not started', again: 'try again' };
const HAND_IN_ATTEMPT: Action = { notDone: 'This attempt was not handed in', again: 'hand it in again' };

/** Refusals told in the banner at once (the rest are counted). */
const REFUSALS_SHOWN = 3;

export const createLessonSlice: AppSlice<LessonSlice> = (set, get) => {
  /**
   * Every highlight this page has shown or made, by id: a refused change names the
   * highlight it was about, even once it is gone from the screen. Only the open
   * attempt's (cleared when another opens), so as many as one attempt can hold.
   */
  const known = new Map<string, SavedHighlightDto>();
  /** The refusals the error banner tells now (it is cleared when dismissed or replaced). */
  let toldBanner = '';
  let toldList: string[] = [];

  /** A change the backend refused, in the student's words: which highlight or answer, and of which step. */
  const describeChange = (c: Change): string => {
    const s = get().session;
    const lesson = s && s.attemptId === c.input.attemptId ? s.lesson : null;
    const stepTitle = (exerciseId: string) => {
      const title = lesson?.exercises.find((e) => e.id === exerciseId)?.title;
      return title === undefined ? '' : ` in “${title}”`;
    };
    const quote = (h: { start: number; end: number } | undefined) => (h && lesson ? ` “${lesson.text.slice(h.start, h.end)}”` : '');
    switch (c.name) {
      case 'putHighlight': {
        const label = labelName(c.input.exerciseId, c.input.highlight.label);
        return `Your highlight${quote(c.input.highlight)}${label ? ` (${label})` : ''}${stepTitle(c.input.exerciseId)} was not saved`;
      }
      case 'deleteHighlight':
        return `Removing your highlight${quote(known.get(c.input.highlightId))}${stepTitle(c.input.exerciseId)} was not saved`;
      case 'putResponse':
        return `Your answer${stepTitle(c.input.exerciseId)} was not saved`;
      case 'setStep':
        return `Lede could not keep which step you were on`;
    }
  };

  const outbox = createOutbox({
    storage: localStore,
    send: sendChange,
    newKey: newId,
    onStatus: (save) => set({ save }),
    onRefused: async (change, err) => {
      // Never dropped silently: the banner says which change it was and why, and the
      // screen then shows what the backend holds.
      const line = `${describeChange(change)}: ${errorMessage(err)}`;
      if (get().error !== toldBanner) toldList = [];
      toldList.push(line);
      const shown = toldList.slice(-REFUSALS_SHOWN);
      const more = toldList.length - shown.length;
      const banner = `${shown.join(' ')}${more > 0 ? ` (${more} more change${more === 1 ? '' : 's'} not saved.)` : ''}`;
      toldBanner = banner;
      set({ error: banner });
      get().announce(line);
      await get().reloadAttempt();
    },
  });

  /**
   * Sends every change made before an action that must come after them; the action goes
   * ahead only when they are all saved. Otherwise it says why, at once, and nothing changes.
   */
  const changesSaved = async (action: Action): Promise<ActionOutcome> => {
    const r: FlushResult = await outbox.flush();
    switch (r.state) {
      case 'sent':
        return { ok: true };
      case 'unsent':
        return { ok: false, message: notNow(action, r.error) };
      case 'refused': {
        const which = r.refused.map((x) => describeChange(x.change));
        return {
          ok: false,
          message: `${action.notDone}: ${which.length === 1 ? `${which[0]!.replace(/^./, (ch) => ch.toLowerCase())}` : `${which.length} of your changes were not saved`} (see the message above). Look over the step as it is now, then ${action.again}.`,
        };
      }
    }
  };

  /** Why an action cannot happen now (no connection, the server busy, the class paused): nothing is lost. */
  const notNow = (action: Action, err: LedeError): string =>
    err.code === 'offline'
      ? `${action.notDone}: Lede cannot reach its server. Nothing has changed, and your work is kept on this device; ${action.again} when the connection is back.`
      : `${action.notDone}: ${err.message} Nothing has changed and your work is kept; ${action.again} in a moment.`;

  /** The outcome of an action the backend did not take. */
  const notTaken = (action: Action, err: unknown): ActionOutcome =>
    err instanceof LedeError && err.retryLater ? { ok: false, message: notNow(action, err) } : { ok: false, message: `${action.notDone}: ${errorMessage(err)}` };

  /**
   * The step being checked now. Its highlights wait until the check is done: a mark made
   * meanwhile would reach the server after the check, and be refused.
   */
  let checking: string | null = null;
  const beingChecked = (exerciseId: string): boolean => {
    if (checking !== exerciseId) return false;
    get().announce('Wait a moment: this step is being checked.');
    return true;
  };

  /** The open attempt and its student, once every change made before an action is saved; otherwise null, and the banner says why. */
  const savedFirst = async (action: Action) => {
    const s = get().session;
    const student = get().student;
    if (!s || !student) return null;
    const ready = await changesSaved(action);
    if (!ready.ok) {
      set({ error: ready.message });
      return null;
    }
    return { s, student };
  };

  /** Checks a step (see `checkStep`). */
  const checkNow = async (exerciseId: string): Promise<ActionOutcome> => {
    const s = get().session;
    if (!s) return { ok: true };
    const ex = s.lesson.exercises.find((e) => e.id === exerciseId);
    const action = ex?.kind === 'short-answer' ? HAND_IN : CHECK;
    // Every change made before the check is saved first, in order; else nothing is checked.
    const ready = await changesSaved(action);
    if (!ready.ok) return ready;
    let fb;
    try {
      fb = await api.checkStep({ attemptId: s.attemptId, exerciseId });
    } catch (err) {
      // Checked already (in another window, or the answer to a check that was cut off): show it as the server holds it.
      if (err instanceof LedeError && err.code === 'conflict') {
        await get().reloadAttempt();
        if (get().session?.feedback[exerciseId]) return { ok: true };
      }
      return notTaken(action, err);
    }
    patchSession((x) => ({ feedback: { ...x.feedback, [exerciseId]: fb } }));
    try {
      // A step that waited for this one (an evidence step) may open now: fetch what it holds.
      const title = ex?.title;
      if (s.lesson.exercises.some((e) => e.kind === 'evidence' && title !== undefined && e.lockedUntil.includes(title))) {
        const fresh = await api.getAttempt({ attemptId: s.attemptId });
        patchSession(() => ({ lesson: fresh.lesson }));
      }
    } catch (err) {
      get().showError(err);
    }
    if (fb.kind === 'held') {
      get().announce('Recorded. This step is locked; you will see the key later.');
    } else if (fb.kind === 'highlight') {
      get().announce(`Checked. You found ${fb.found} of ${fb.total}. ${fb.points} of ${fb.maxPoints} points.`);
    } else if (fb.kind === 'choice' || fb.kind === 'evidence' || fb.kind === 'search') {
      get().announce(`Checked. ${fb.points} of ${fb.maxPoints} points.`);
    } else if (fb.selfCheckOffered) {
      get().announce('Handed in. Now check your answer against the list of criteria.');
    } else {
      get().announce('Sent to your teacher for grading.');
    }
    return { ok: true };
  };

  /** A lesson already being opened at start-up (one only, used once). */
  let early: { studentId: string; lessonId: string; attempt: Promise<AttemptStateDto> } | null = null;

  const patchSession = (patch: (s: LessonSession) => Partial<LessonSession>) => {
    const s = get().session;
    if (s) set({ session: { ...s, ...patch(s) } });
  };

  const labelName = (exerciseId: string, label: string) => {
    const ex = get().session?.lesson.exercises.find((e) => e.id === exerciseId);
    return ex?.kind === 'highlight' ? ex.labels.find((l) => l.id === label)?.name : label;
  };

  return {
    session: null,
    save: { state: 'idle' },

    adoptPrefetchedLesson(prefetched) {
      early = prefetched;
    },

    async openLesson(lessonId, assignmentId) {
      const student = get().student;
      if (!student) return;
      const prefetched = !assignmentId && early && early.studentId === student.id && early.lessonId === lessonId ? early.attempt : null;
      early = null;
      try {
        const a = await (prefetched ?? api.openLesson({ studentId: student.id, lessonId, ...(assignmentId ? { assignmentId } : {}) }));
        get().showAttempt(a);
        get().setRoute({ name: 'lesson', lessonId, ...(assignmentId ? { assignmentId } : {}) });
        await get().resumeAttempt(a.attempt.id);
      } catch (err) {
        get().showError(err);
        get().setRoute({ name: 'library' });
      }
    },

    showAttempt(a, step) {
      if (get().session?.attemptId !== a.attempt.id) known.clear();
      for (const h of a.highlights) known.set(h.id, h);
      set({ session: toSession(a, step) });
    },

    async resumeAttempt(attemptId) {
      if (await outbox.replay(attemptId)) await get().reloadAttempt();
    },

    async reloadAttempt() {
      const s = get().session;
      if (!s) return;
      try {
        get().showAttempt(await api.getAttempt({ attemptId: s.attemptId }), s.step);
      } catch (err) {
        get().showError(err);
      }
    },

    closeLesson() {
      set({ session: null });
    },

    goToStep(step) {
      const s = get().session;
      if (!s || step === s.step) return;
      const c = get().classroom;
      // After a live session, the handed-in attempt is only looked through: nothing is sent.
      if (c?.ended) return patchSession(() => ({ step }));
      if (c && c.pacing === 'teacher' && step > c.step) return;
      patchSession(() => ({ step }));
      void outbox.add({ name: 'setStep', input: { attemptId: s.attemptId, step } });
    },

    addHighlight(exerciseId, span) {
      const s = get().session;
      if (!s || s.feedback[exerciseId] || beingChecked(exerciseId)) return null;
      const h: SavedHighlightDto = { id: newId(), exerciseId, ...span };
      known.set(h.id, h);
      patchSession((x) => ({ highlights: [...x.highlights, h] }));
      get().announce(`Highlighted “${s.lesson.text.slice(span.start, span.end)}” as ${labelName(exerciseId, span.label)}.`);
      void outbox.add({ name: 'putHighlight', input: { attemptId: s.attemptId, exerciseId, highlight: { id: h.id, start: h.start, end: h.end, label: h.label } } });
      return h;
    },

    relabelHighlight(id, label) {
      const s = get().session;
      const h = s?.highlights.find((x) => x.id === id);
      if (!s || !h || h.label === label || beingChecked(h.exerciseId)) return;
      const next = { ...h, label };
      known.set(id, next);
      patchSession((x) => ({ highlights: x.highlights.map((y) => (y.id === id ? next : y)) }));
      get().announce(`Changed to ${labelName(h.exerciseId, label)}.`);
      void outbox.add({ name: 'putHighlight', input: { attemptId: s.attemptId, exerciseId: h.exerciseId, highlight: { id, start: h.start, end: h.end, label } } });
    },

    removeHighlight(id) {
      const s = get().session;
      const h = s?.highlights.find((x) => x.id === id);
      if (!s || !h || beingChecked(h.exerciseId)) return;
      patchSession((x) => ({ highlights: x.highlights.filter((y) => y.id !== id) }));
      get().announce(`Removed the highlight on “${s.lesson.text.slice(h.start, h.end)}”.`);
      void outbox.add({ name: 'deleteHighlight', input: { attemptId: s.attemptId, exerciseId: h.exerciseId, highlightId: id } });
    },

    setResponse(exerciseId, answer) {
      const s = get().session;
      if (!s || s.feedback[exerciseId]) return;
      patchSession((x) => ({ responses: { ...x.responses, [exerciseId]: answer } }));
      void outbox.add({ name: 'putResponse', input: { attemptId: s.attemptId, exerciseId, answer } });
    },

    async checkStep(exerciseId) {
      // One check at a time (the buttons wait for it too).
      if (checking !== null) return { ok: false, message: 'Another step is being checked: wait a moment, then check this one.' };
      checking = exerciseId;
      try {
        return await checkNow(exerciseId);
      } finally {
        checking = null;
      }
    },

    async selfCheck(exerciseId, met) {
      const s = get().session;
      if (!s) return;
      try {
        const fb = await api.selfCheckAnswer({ attemptId: s.attemptId, exerciseId, met });
        if (get().error) get().dismissError(); // a failed try's message is over
        patchSession((x) => ({ feedback: { ...x.feedback, [exerciseId]: fb } }));
        if (fb.kind === 'short-answer') {
          get().announce(`Your check is saved: ${fb.points} of ${fb.maxPoints} points, self-assessed.${fb.modelAnswer !== undefined ? ' The model answer is shown below.' : ''}`);
        }
      } catch (err) {
        // Not kept to send later (unlike the answers): the ticks stay on the screen, to save again.
        if (err instanceof LedeError && err.code === 'offline') get().showError(new LedeError('offline', 'Your check was not saved: Lede cannot reach its server. Your ticks are still here; save again when the connection is back.'));
        else get().showError(err);
        // Refused (checked already, or a teacher now grades this answer): show the answer as the server holds it.
        if (err instanceof LedeError && (err.code === 'conflict' || err.code === 'forbidden')) await get().reloadAttempt();
      }
    },

    async saveReaction(phase, answer) {
      const s = get().session;
      if (!s) return { ok: true };
      try {
        const saved = await api.putReaction({ attemptId: s.attemptId, phase, ...answer });
        if (get().session?.attemptId === s.attemptId) patchSession((x) => ({ reactions: [...x.reactions.filter((r) => r.phase !== phase), saved] }));
        get().announce(phase === 'before' ? 'Your first reaction is saved.' : 'Your reaction is saved.');
        return { ok: true };
      } catch (err) {
        // Not kept to send later: the form still holds it, to save again.
        return {
          ok: false,
          message:
            err instanceof LedeError && err.code === 'offline'
              ? 'Your reaction was not saved: Lede cannot reach its server. Your answer is still here; save it again when the connection is back.'
              : `Your reaction was not saved: ${errorMessage(err)}`,
        };
      }
    },

    skipReaction() {
      patchSession(() => ({ reactionSkipped: true }));
    },

    async finish() {
      const s = get().session;
      if (!s || s.finishedAt) return { ok: true };
      const ready = await changesSaved(FINISH);
      if (!ready.ok) return ready;
      try {
        await api.finishAttempt({ attemptId: s.attemptId });
      } catch (err) {
        return notTaken(FINISH, err);
      }
      const now = get().session;
      if (now?.attemptId === s.attemptId) patchSession(() => ({ finishedAt: new Date().toISOString() }));
      get().announce('This attempt is finished.');
      return { ok: true };
    },

    async tryAgain() {
      const ready = await savedFirst(NEW_ATTEMPT);
      if (!ready) return;
      const { s, student } = ready;
      try {
        // Another attempt at the same assignment, or at the same practice.
        const assignmentId = s.assignment?.id;
        get().showAttempt(await api.newAttempt({ studentId: student.id, lessonId: s.lesson.id, ...(assignmentId ? { assignmentId } : {}) }));
        const a = get().session?.assignment;
        get().announce(a ? `Attempt ${a.attemptIndex}${a.maxAttempts !== null ? ` of ${a.maxAttempts}` : ''} started.` : `Attempt ${get().session?.attemptNumber} started.`);
      } catch (err) {
        get().showError(err);
      }
    },

    async practise() {
      const ready = await savedFirst(NEW_ATTEMPT);
      if (!ready) return;
      const { s, student } = ready;
      try {
        const a = await api.openLesson({ studentId: student.id, lessonId: s.lesson.id });
        // The practice attempt there is, or a new one once that one is finished.
        get().showAttempt(a.attempt.finishedAt ? await api.newAttempt({ studentId: student.id, lessonId: s.lesson.id }) : a);
        get().setRoute({ name: 'lesson', lessonId: s.lesson.id });
        get().announce('Practice started: it never changes your grade.');
      } catch (err) {
        get().showError(err);
      }
    },

    async handIn() {
      // Every change is saved before the attempt is handed in; else nothing is handed in.
      const ready = await savedFirst(HAND_IN_ATTEMPT);
      if (!ready) return;
      const { s } = ready;
      try {
        const a = await api.handIn({ attemptId: s.attemptId });
        get().showAttempt(a, s.lesson.exercises.length + 1);
        get().announce(a.keyHeld ? 'Handed in. Your answers are recorded.' : 'Handed in.');
      } catch (err) {
        get().showError(err);
        if (err instanceof LedeError && err.code === 'conflict') await get().reloadAttempt();
      }
    },
  };
};
