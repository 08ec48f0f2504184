// A teacher's live session, seen from a student's screen: joining, then following the
// session's state (pacing, pause, revealed keys, end) as it arrives on the stream.
import type { ClassroomStateDto } from '../../../../shared/api.ts';
import { api } from '../../api/client.ts';
import { listenToClassroom } from '../classroom-events.ts';
import type { AppSlice, ClassroomSlice } from '../types.ts';

export const createClassroomSlice: AppSlice<ClassroomSlice> = (set, get) => {
  let stream: { close: () => void } | null = null;

  const onState = (c: ClassroomStateDto) => {
    const before = get().classroom;
    set({ classroom: c });
    const s = get().session;
    if (!s) return;
    if (c.ended) {
      stream?.close();
      stream = null;
      if (!before?.ended) void toSummary(s.attemptId);
      return;
    }
    if (c.paused && !before?.paused) get().announce('Your teacher has paused the class.');
    if (c.pacing === 'teacher' && s.step !== c.step) {
      get().goToStep(c.step);
      get().announce(`Your teacher moved the class to step ${c.step}.`);
    }
    if (c.revealed.some((id) => !s.feedback[id])) void get().reloadAttempt();
  };

  /**
   * The session has ended: the teacher's computer has handed in every attempt, so the
   * student's screen shows their summary (every step checked, as the session left it).
   * Should the attempt not come (the server has gone), the "ended" cover stays.
   */
  const toSummary = async (attemptId: string) => {
    try {
      const a = await api.getAttempt({ attemptId });
      if (a.attempt.finishedAt) {
        get().showAttempt(a, a.lesson.exercises.length + 1);
        get().announce('Your teacher has ended the session. Here is your summary; your work is saved.');
        return;
      }
    } catch {
      // the cover says the session has ended and the work is saved
    }
    get().announce('Your teacher has ended the session. Your work is saved.');
  };

  const listen = () => {
    stream ??= listenToClassroom({ onState });
  };

  return {
    classroom: null,

    async enterClassroom() {
      try {
        const me = await api.classroomMe({});
        // After the end, the attempt is handed in: its summary.
        const over = me.classroom.ended && me.attempt.attempt.finishedAt !== null;
        get().showAttempt(me.attempt, over ? me.attempt.lesson.exercises.length + 1 : undefined);
        set({ student: me.attempt.student, classroom: me.classroom });
        get().setRoute({ name: 'lesson', lessonId: me.attempt.lesson.id });
        if (over) return;
        listen();
        await get().resumeAttempt(me.attempt.attempt.id);
      } catch {
        get().setRoute({ name: 'join' });
      }
    },

    joinCheck(code) {
      return api.classroomJoin({ code });
    },

    async joinPick(code, choice) {
      const r = await api.classroomPick({ code, ...choice });
      get().showAttempt(r.attempt);
      set({ student: r.attempt.student, classroom: r.classroom });
      get().setRoute({ name: 'lesson', lessonId: r.attempt.lesson.id });
      listen();
      get().announce(`Joined ${r.classroom.className} as ${r.attempt.student.displayName}.`);
    },
  };
};
