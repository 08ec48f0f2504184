// The projector view of a live session, kept up to date by a long-poll of the one call
// that returns it (classroomProjector: only what students may see, with the session's
// projector token). Used by the projector's own address and by the teacher's dashboard
// while its controls are locked.
import { useEffect, useState } from 'react';
import type { ProjectorDto } from '../../../shared/teacher-api.ts';
import { errorMessage, LedeError } from '../../../shared/errors.ts';
import { teacherApi } from '../api/client.ts';

/** Wait after a failed poll before the next (the server may be restarting). */
const RETRY_MS = 2000;

export function useProjector(sessionId: string, token: string): { view: ProjectorDto | null; problem: string | null } {
  const [state, setState] = useState<{ view: ProjectorDto | null; problem: string | null }>({ view: null, problem: null });
  useEffect(() => {
    let on = true;
    setState({ view: null, problem: null });
    void (async () => {
      let since: number | undefined;
      while (on) {
        try {
          const view = await teacherApi.classroomProjector({ sessionId, token, ...(since !== undefined ? { since } : {}) });
          if (!on) return;
          since = view.version;
          setState({ view, problem: null });
        } catch (err) {
          if (!on) return;
          setState((s) => ({ view: s.view, problem: errorMessage(err) }));
          // A wrong or old address does not become right by asking again.
          if (err instanceof LedeError && (err.code === 'forbidden' || err.code === 'not_found')) return;
          await new Promise((r) => setTimeout(r, RETRY_MS));
        }
      }
    })();
    return () => {
      on = false;
    };
  }, [sessionId, token]);
  return state;
}

/** Where the projector address is kept for a live session on this screen (this tab only), so its safe view outlives a lock. */
const KEY = (sessionId: string) => `lede-projector-${sessionId}`;

export function rememberProjectorToken(sessionId: string, token: string): void {
  try {
    sessionStorage.setItem(KEY(sessionId), token);
  } catch {
    // storage blocked: the locked dashboard then asks for the PIN as anywhere else
  }
}

export function projectorToken(sessionId: string): string | null {
  try {
    return sessionStorage.getItem(KEY(sessionId));
  } catch {
    return null;
  }
}
