// The teacher's view of a live session: the dashboard kept up to date by a long-poll
// (each call returns as soon as something changes), and the session's controls. The
// LiveDashboard component only renders it.
import { create } from 'zustand';
import type { DashboardDto, TeacherApi } from '../../../shared/teacher-api.ts';
import { errorMessage } from '../../../shared/errors.ts';
import { teacherApi } from '../api/client.ts';
import { useTeacher } from './teacher.ts';

export type LiveAction = Parameters<TeacherApi['classroomControl']>[0]['action'];

/** Wait after a failed poll before the next (the server may be restarting). */
const RETRY_MS = 1500;

export interface LiveDashboardState {
  /** The session being watched. */
  sessionId: string | null;
  dashboard: DashboardDto | null;
  problem: string | null;
  /** Starts watching a session (and stops watching any other); call the result to stop. */
  watch: (sessionId: string) => () => void;
  control: (action: LiveAction, extra?: { step?: number; exerciseId?: string }) => Promise<void>;
  end: () => Promise<void>;
  /** Lets a student join again (from another device); true once done. */
  release: (studentId: string) => Promise<boolean>;
}

const NOTHING = { sessionId: null, dashboard: null, problem: null };

export const useLiveDashboard = create<LiveDashboardState>()((set, get) => {
  /** The running poll; a poll whose token is no longer current stops. */
  let current: object | null = null;

  const poll = async (token: object, sessionId: string) => {
    let since: number | undefined;
    while (current === token) {
      try {
        const next = await teacherApi.classroomDashboard({ sessionId, ...(since !== undefined ? { since } : {}) });
        if (current !== token) return;
        since = next.version;
        set({ dashboard: next, problem: null });
      } catch (err) {
        if (current !== token) return;
        set({ problem: errorMessage(err) });
        await new Promise((r) => setTimeout(r, RETRY_MS));
      }
    }
  };

  /** Runs a call about the watched session; a failure is shown as the dashboard's problem. */
  const act = async <T>(f: (sessionId: string) => Promise<T>): Promise<T | undefined> => {
    const sessionId = get().sessionId;
    if (!sessionId) return undefined;
    try {
      return await f(sessionId);
    } catch (err) {
      set({ problem: errorMessage(err) });
      return undefined;
    }
  };

  return {
    ...NOTHING,

    watch(sessionId) {
      const token = {};
      current = token;
      set({ ...NOTHING, sessionId });
      void poll(token, sessionId);
      return () => {
        if (current !== token) return;
        current = null;
        // Nothing about the class stays behind (the area may be locking itself).
        set(NOTHING);
      };
    },

    async control(action, extra = {}) {
      await act((sessionId) => teacherApi.classroomControl({ sessionId, action, ...extra }));
    },

    async end() {
      const ended = await act(async (sessionId) => {
        await teacherApi.endClassroom({ sessionId });
        return true;
      });
      if (ended) useTeacher.getState().say('The session has ended; everything is saved.');
    },

    async release(studentId) {
      const done = await act(async (sessionId) => {
        await teacherApi.releaseStudent({ sessionId, studentId });
        return true;
      });
      return done === true;
    },
  };
});

// ── Selectors ─────────────────────────────────────────────────────────
export const selectLiveView = (s: LiveDashboardState) => ({ dashboard: s.dashboard, problem: s.problem });
export const selectLiveActions = (s: LiveDashboardState) => ({ watch: s.watch, control: s.control, end: s.end, release: s.release });
