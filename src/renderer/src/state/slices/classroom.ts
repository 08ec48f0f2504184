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
      if (!before?.ended) get().announce('Your teacher has ended the session. Your work is saved.');
      return;
    }
    if (c.paused && !before?.paused) get().announce('Your teacher has paused the class.');
    if (c.pacing === 'teacher' && s.step !== c.step) {
      get().goToStep(c.step);
      get().announce(`Your teacher moved the class to step ${c.step}.`);
    }
    if (c.revealed.some((id) => !s.feedback[id])) void get().reloadAttempt();
  };

  const listen = () => {
    stream ??= listenToClassroom({ onState });
  };

  return {
    classroom: null,

    async enterClassroom() {
      try {
        const me = await api.classroomMe({});
        get().showAttempt(me.attempt);
        set({ student: me.attempt.student, classroom: me.classroom });
        get().setRoute({ name: 'lesson', lessonId: me.attempt.lesson.id });
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
