// The open lesson: the attempt as the backend holds it, the student's changes (shown
// at once, saved through the outbox) and checking a step.
import type { AttemptStateDto, SavedHighlightDto } from '../../../../shared/api.ts';
import { errorMessage, LedeError } from '../../../../shared/errors.ts';
import { api } from '../../api/client.ts';
import { newId } from '../ids.ts';
import { createOutbox, type Change, type OutboxStorage } from '../outbox.ts';
import type { AppSlice, LessonSession, LessonSlice } from '../types.ts';

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
});

export const createLessonSlice: AppSlice<LessonSlice> = (set, get) => {
  const outbox = createOutbox({
    storage: localStore,
    send: sendChange,
    newKey: newId,
    onStatus: (save) => set({ save }),
    onRefused: async (_change, err) => {
      set({ error: `Not saved: ${errorMessage(err)}` });
      await get().reloadAttempt();
    },
  });

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

    async openLesson(lessonId) {
      const student = get().student;
      if (!student) return;
      const prefetched = early && early.studentId === student.id && early.lessonId === lessonId ? early.attempt : null;
      early = null;
      try {
        const a = await (prefetched ?? api.openLesson({ studentId: student.id, lessonId }));
        get().showAttempt(a);
        get().setRoute({ name: 'lesson', lessonId });
        await get().resumeAttempt(a.attempt.id);
      } catch (err) {
        get().showError(err);
        get().setRoute({ name: 'library' });
      }
    },

    showAttempt(a, step) {
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
      if (!s || s.feedback[exerciseId]) return null;
      const h: SavedHighlightDto = { id: newId(), exerciseId, ...span };
      patchSession((x) => ({ highlights: [...x.highlights, h] }));
      get().announce(`Highlighted “${s.lesson.text.slice(span.start, span.end)}” as ${labelName(exerciseId, span.label)}.`);
      void outbox.add({ name: 'putHighlight', input: { attemptId: s.attemptId, exerciseId, highlight: { id: h.id, start: h.start, end: h.end, label: h.label } } });
      return h;
    },

    relabelHighlight(id, label) {
      const s = get().session;
      const h = s?.highlights.find((x) => x.id === id);
      if (!s || !h || h.label === label) return;
      const next = { ...h, label };
      patchSession((x) => ({ highlights: x.highlights.map((y) => (y.id === id ? next : y)) }));
      get().announce(`Changed to ${labelName(h.exerciseId, label)}.`);
      void outbox.add({ name: 'putHighlight', input: { attemptId: s.attemptId, exerciseId: h.exerciseId, highlight: { id, start: h.start, end: h.end, label } } });
    },

    removeHighlight(id) {
      const s = get().session;
      const h = s?.highlights.find((x) => x.id === id);
      if (!s || !h) return;
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
      const s = get().session;
      if (!s) return;
      await outbox.idle(); // every change is saved before the step is scored
      try {
        const fb = await api.checkStep({ attemptId: s.attemptId, exerciseId });
        patchSession((x) => ({ feedback: { ...x.feedback, [exerciseId]: fb } }));
        // A step that waited for this one (an evidence step) may open now: fetch what it holds.
        const title = s.lesson.exercises.find((e) => e.id === exerciseId)?.title;
        if (s.lesson.exercises.some((e) => e.kind === 'evidence' && title !== undefined && e.lockedUntil.includes(title))) {
          const fresh = await api.getAttempt({ attemptId: s.attemptId });
          patchSession(() => ({ lesson: fresh.lesson }));
        }
        if (fb.kind === 'highlight') {
          get().announce(`Checked. You found ${fb.found} of ${fb.total}. ${fb.points} of ${fb.maxPoints} points.`);
        } else if (fb.kind === 'choice' || fb.kind === 'evidence') {
          get().announce(`Checked. ${fb.points} of ${fb.maxPoints} points.`);
        } else if (fb.selfCheckOffered) {
          get().announce('Handed in. Now check your answer against the list of criteria.');
        } else {
          get().announce('Sent to your teacher for grading.');
        }
      } catch (err) {
        get().showError(err);
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

    async finish() {
      const s = get().session;
      if (!s) return;
      await outbox.idle();
      try {
        await api.finishAttempt({ attemptId: s.attemptId });
        patchSession(() => ({ finishedAt: new Date().toISOString() }));
        get().goToStep(s.lesson.exercises.length + 1);
      } catch (err) {
        get().showError(err);
      }
    },

    async tryAgain() {
      const s = get().session;
      const student = get().student;
      if (!s || !student) return;
      await outbox.idle();
      try {
        get().showAttempt(await api.newAttempt({ studentId: student.id, lessonId: s.lesson.id }));
        get().announce(`Attempt ${get().session?.attemptNumber} started.`);
      } catch (err) {
        get().showError(err);
      }
    },
  };
};
