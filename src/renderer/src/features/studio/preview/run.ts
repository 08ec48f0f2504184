// One run through a lesson preview: what a student's attempt holds (highlights,
// answers, checked steps), kept in memory only. It does what the student's lesson
// slice (state/slices/lesson.ts) does, but each check goes to the backend's preview
// call with the editor's data, and nothing is stored. "Start again" makes a new run,
// so nothing an old step still sends on its way out reaches the new one.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Answer } from '../../../../../shared/answers.ts';
import type { PublicLessonDto, SavedHighlightDto, StepFeedbackDto } from '../../../../../shared/api.ts';
import type { LessonDataDto } from '../../../../../shared/studio-api.ts';
import { errorMessage } from '../../../../../shared/errors.ts';
import { cleanFeelings, cleanReactionWords } from '../../../../../shared/reaction.ts';
import { teacherApi } from '../../../api/client.ts';
import { newId } from '../../../state/ids.ts';
import type { LessonSession } from '../../../state/types.ts';
import type { LessonViewActions } from '../../reader/LessonScreen.tsx';

export interface PreviewRunState extends LessonViewActions {
  /** As a student's attempt: evidence steps locked until the steps before them are checked. */
  session: LessonSession;
}

export interface PreviewRunDeps {
  lessonId: string;
  data: LessonDataDto;
  /** The article's body when the teacher changed it in the editor. */
  body?: { kind: 'paragraph' | 'subheading'; text: string }[];
  /** The lesson from `studioPreview` with nothing checked (evidence steps locked, as for a student). */
  lesson: PublicLessonDto;
  /** 1 for the first run, 2 after "Start again" … (the summary's "attempt N"). */
  run: number;
  announce: (text: string) => void;
  showError: (err: unknown) => void;
  /** "Start again" (the summary's "Try again"): PreviewLesson replaces this run with a new one. */
  startAgain: () => void;
}

type Exercise = PublicLessonDto['exercises'][number];

/** What a step's check sends: the student's marks or answer, as the student's attempt would hold it. */
function answerFor(ex: Exercise, s: LessonSession): Answer {
  switch (ex.kind) {
    case 'highlight':
      return { spans: s.highlights.filter((h) => h.exerciseId === ex.id).map(({ start, end, label }) => ({ start, end, label })) };
    case 'choice':
      return s.responses[ex.id] ?? { choices: [] };
    case 'short-answer':
      return s.responses[ex.id] ?? { text: '' };
    case 'evidence':
      return s.responses[ex.id] ?? { claims: {} };
    case 'search':
      return s.responses[ex.id] ?? { search: {} };
  }
}

export type PreviewRun = StoreApi<PreviewRunState>;

export function createPreviewRun(deps: PreviewRunDeps): PreviewRun {
  const { lessonId, data, lesson, announce, showError } = deps;
  const edit = { lessonId, data, ...(deps.body ? { body: deps.body } : {}) };
  return createStore<PreviewRunState>()((set, get) => {
    const patch = (p: (s: LessonSession) => Partial<LessonSession>) => {
      const s = get().session;
      set({ session: { ...s, ...p(s) } });
    };
    const labelName = (exerciseId: string, label: string) => {
      const ex = lesson.exercises.find((e) => e.id === exerciseId);
      return ex?.kind === 'highlight' ? (ex.labels.find((l) => l.id === label)?.name ?? label) : label;
    };

    return {
      session: {
        attemptId: `preview-${deps.run}`,
        attemptNumber: deps.run,
        finishedAt: null,
        lesson,
        step: 0,
        highlights: [],
        responses: {},
        feedback: {},
        // As a student in a class sees it: a written answer goes to the teacher.
        grading: 'teacher',
        assignment: null,
        keyHeld: null,
        practiceAfterAssignment: false,
        reactions: [],
      },

      announce,

      goToStep(step) {
        if (step !== get().session.step) patch(() => ({ step }));
      },

      addHighlight(exerciseId, span) {
        const s = get().session;
        if (s.feedback[exerciseId]) return null;
        const h: SavedHighlightDto = { id: newId(), exerciseId, ...span };
        patch((x) => ({ highlights: [...x.highlights, h] }));
        announce(`Highlighted “${s.lesson.text.slice(span.start, span.end)}” as ${labelName(exerciseId, span.label)}.`);
        return h;
      },

      relabelHighlight(id, label) {
        const h = get().session.highlights.find((x) => x.id === id);
        if (!h || h.label === label) return;
        patch((x) => ({ highlights: x.highlights.map((y) => (y.id === id ? { ...y, label } : y)) }));
        announce(`Changed to ${labelName(h.exerciseId, label)}.`);
      },

      removeHighlight(id) {
        const s = get().session;
        const h = s.highlights.find((x) => x.id === id);
        if (!h) return;
        patch((x) => ({ highlights: x.highlights.filter((y) => y.id !== id) }));
        announce(`Removed the highlight on “${s.lesson.text.slice(h.start, h.end)}”.`);
      },

      // The first-reaction check as the server would take it (its rules in shared/reaction.ts), kept in this run only.
      async saveReaction(phase, answer) {
        try {
          const saved = { phase, feelings: cleanFeelings(answer.feelings), share: answer.share, words: cleanReactionWords(answer.words), at: new Date().toISOString() };
          patch((x) => ({ reactions: [...x.reactions.filter((r) => r.phase !== phase), saved] }));
          announce(phase === 'before' ? 'Your first reaction is saved.' : 'Your reaction is saved.');
          return { ok: true };
        } catch (err) {
          return { ok: false, message: `Your reaction was not saved: ${errorMessage(err)}` };
        }
      },

      skipReaction() {
        patch(() => ({ reactionSkipped: true }));
      },

      setResponse(exerciseId, answer) {
        if (get().session.feedback[exerciseId]) return;
        patch((x) => ({ responses: { ...x.responses, [exerciseId]: answer } }));
      },

      async checkStep(exerciseId) {
        const s = get().session;
        const ex = s.lesson.exercises.find((e) => e.id === exerciseId);
        if (!ex || s.feedback[exerciseId]) return { ok: true };
        let fb: StepFeedbackDto;
        try {
          fb = await teacherApi.studioPreviewCheck({
            ...edit,
            exerciseId,
            answer: answerFor(ex, s),
            checked: Object.keys(s.feedback),
          });
        } catch (err) {
          // Said beside the step's Check (nothing is checked), as for a student.
          return { ok: false, message: `This step was not checked: ${errorMessage(err)}` };
        }
        patch((x) => ({ feedback: { ...x.feedback, [exerciseId]: fb } }));
        try {
          // A step that waited for this one (an evidence step) may open now: fetch what it holds.
          if (s.lesson.exercises.some((e) => e.kind === 'evidence' && e.lockedUntil.includes(ex.title))) {
            const fresh = await teacherApi.studioPreview({ ...edit, checked: Object.keys(get().session.feedback) });
            patch(() => ({ lesson: fresh }));
          }
        } catch (err) {
          showError(err);
        }
        if (fb.kind === 'highlight') announce(`Checked. You found ${fb.found} of ${fb.total}. ${fb.points} of ${fb.maxPoints} points.`);
        else if (fb.kind === 'choice' || fb.kind === 'evidence' || fb.kind === 'search') announce(`Checked. ${fb.points} of ${fb.maxPoints} points.`);
        else announce('Sent to your teacher for grading.');
        return { ok: true };
      },

      async finish() {
        const s = get().session;
        if (s.lesson.exercises.some((e) => !s.feedback[e.id])) return { ok: false, message: 'Check every step before finishing.' };
        patch(() => ({ finishedAt: new Date().toISOString() }));
        return Promise.resolve({ ok: true });
      },

      async tryAgain() {
        deps.startAgain();
        return Promise.resolve();
      },
    };
  });
}

// ── Named selectors ────────────────────────────────────────────────────
export const selectRunSession = (s: PreviewRunState) => s.session;
/** With useShallow. */
export const selectRunActions = (s: PreviewRunState): LessonViewActions => ({
  goToStep: s.goToStep,
  addHighlight: s.addHighlight,
  relabelHighlight: s.relabelHighlight,
  removeHighlight: s.removeHighlight,
  setResponse: s.setResponse,
  checkStep: s.checkStep,
  finish: s.finish,
  tryAgain: s.tryAgain,
  saveReaction: s.saveReaction,
  skipReaction: s.skipReaction,
  announce: s.announce,
});

/** Points so far, as the student's summary adds them up (answers waiting for the teacher left out). */
export function runTotals(s: LessonSession): { points: number; maxPoints: number; checked: number; waiting: number } {
  let points = 0;
  let maxPoints = 0;
  let waiting = 0;
  for (const fb of Object.values(s.feedback)) {
    if (fb.kind === 'held') continue; // never in a preview: its key is always shown
    if (fb.kind === 'short-answer' && fb.status === 'pending') waiting++;
    else {
      points += fb.points ?? 0;
      maxPoints += fb.maxPoints;
    }
  }
  return { points, maxPoints, checked: Object.keys(s.feedback).length, waiting };
}
